import { createHash } from 'node:crypto';
import { isAbsolute, resolve } from 'node:path';
import { ConfigurationError, WITHHELD_VARIABLES, type InputReader, type InputSpec } from '@mlops-actions/common';
import { aliasNameProblem } from '@mlops-actions/mlflow';
import { execProgram, type Exec } from './gpu.js';
import { lineageFromGit, lineageFromGithub } from './lineage.js';
import { normalizeParams } from './params.js';
import type { GpuRequirement, TrainOptions, TrainResult } from './session.js';

/** The train action's inputs, which are also `mlops train`'s flags. */
export const TRAIN_INPUTS = {
  command: 'command',
  workingDirectory: 'working-directory',
  experiment: 'experiment',
  runName: 'run-name',
  modelName: 'model-name',
  modelDir: 'model-dir',
  register: 'register',
  alias: 'alias',
  params: 'params',
  cachePaths: 'cache-paths',
  cacheKey: 'cache-key',
  timeoutMinutes: 'timeout-minutes',
  gpu: 'gpu',
  commandEnv: 'command-env',
} as const;

/** The action's inputs, which are also the CLI's flags: action.yml states the same (a test compares them). */
export const TRAIN_INPUT_SPECS = {
  command: {
    description:
      'The training command, run by bash (-eo pipefail) in working-directory. It gets MLFLOW_TRACKING_URI, MLFLOW_RUN_ID, MLFLOW_EXPERIMENT_ID, MLOPS_METRICS_FILE, MLOPS_PARAMS_FILE, MLOPS_MODEL_DIR and one MLOPS_PARAM_<KEY> per param.',
    required: true,
    placeholder: '<command>',
  },
  'working-directory': {
    description: 'Where the command runs; relative paths start at the workspace.',
    default: '.',
    placeholder: '<dir>',
  },
  experiment: {
    description: 'The MLflow experiment (created if missing). Default: the model name, or "Default" without one.',
    placeholder: '<name>',
  },
  'run-name': {
    description: 'The MLflow run name. Default: the train-v* tag that triggered the workflow, else a name MLflow picks.',
    placeholder: '<name>',
  },
  'model-name': { description: 'The registered model the new version joins (required when register is true).', placeholder: '<name>' },
  'model-dir': {
    description: 'Where the command leaves model.onnx and preprocessing.json, relative to working-directory.',
    default: 'model_artifacts',
    placeholder: '<dir>',
  },
  register: {
    description:
      'Register the model as a new version when training succeeds (true or false); with false a model the command wrote is still logged to the run.',
    default: 'true',
    placeholder: '<bool>',
  },
  alias: {
    description: 'The alias set on the new version once it is READY and tagged; "none" sets no alias.',
    default: 'challenger',
    placeholder: '<alias>',
  },
  params: {
    description:
      'A YAML map of hyper-parameters: logged as MLflow params, passed as MLOPS_PARAM_<KEY> variables and as the JSON file MLOPS_PARAMS_FILE.',
    placeholder: '<yaml>',
  },
  'cache-paths': {
    description:
      'Datasets and other downloads to restore before and save after training with the Actions cache, one path per line (needs cache-key).',
    placeholder: '<paths>',
  },
  'cache-key': { description: 'The cache key for cache-paths, e.g. cifar10-v1.', placeholder: '<key>' },
  'timeout-minutes': {
    description: 'Stop the command after this many minutes (exit status 124, run FAILED). Default: no limit of its own.',
    placeholder: '<minutes>',
  },
  gpu: {
    description: 'required (fail fast when nvidia-smi finds no GPU), optional (use and measure one when present) or none.',
    default: 'optional',
    placeholder: '<requirement>',
  },
  'command-env': {
    description:
      "Variables the command is not given by default that it needs after all (comma- or line-separated): GITHUB_TOKEN, GH_TOKEN, HF_TOKEN, HUGGING_FACE_HUB_TOKEN, MLFLOW_WEBHOOK_SECRET or the runner's ACTIONS_* tokens. MLflow's own variables always reach it.",
    placeholder: '<names>',
  },
} as const satisfies Record<(typeof TRAIN_INPUTS)[keyof typeof TRAIN_INPUTS], InputSpec>;

/** The train action's outputs. */
export const TRAIN_OUTPUTS = {
  runId: 'run-id',
  runUrl: 'run-url',
  experimentId: 'experiment-id',
  modelVersion: 'model-version',
  modelUri: 'model-uri',
  metrics: 'metrics',
} as const;

/** The outputs of a training, by output name. */
export function trainOutputs(result: TrainResult): Record<string, string | number | Record<string, number> | undefined> {
  return {
    [TRAIN_OUTPUTS.runId]: result.runId,
    [TRAIN_OUTPUTS.runUrl]: result.runUrl,
    [TRAIN_OUTPUTS.experimentId]: result.experimentId,
    [TRAIN_OUTPUTS.modelVersion]: result.modelVersion,
    [TRAIN_OUTPUTS.modelUri]: result.modelUri,
    [TRAIN_OUTPUTS.metrics]: result.metrics,
  };
}

/** Defaults, documented in action.yml and the README. */
export const TRAIN_DEFAULTS = { modelDir: 'model_artifacts', alias: 'challenger', gpu: 'optional', experiment: 'Default' } as const;
/** `alias: none` registers without setting an alias. */
export const NO_ALIAS = 'none';
const GPU_CHOICES: readonly GpuRequirement[] = ['required', 'optional', 'none'];

export interface TrainInputs {
  command: string;
  workingDirectory: string;
  experiment: string | undefined;
  runName: string | undefined;
  modelName: string | undefined;
  modelDir: string;
  register: boolean;
  alias: string | undefined;
  params: Record<string, string>;
  cachePaths: string[];
  cacheKey: string | undefined;
  timeoutMinutes: number | undefined;
  gpu: GpuRequirement;
  /** Withheld variables the command gets after all. */
  commandEnv: string[];
}

/** Reads and checks the inputs (action inputs or CLI flags, through the same reader). */
export function readTrainInputs(reader: InputReader, describe: (name: string) => string = reader.describe): TrainInputs {
  const inputs: TrainInputs = {
    command: reader.requiredString(TRAIN_INPUTS.command),
    workingDirectory: reader.optionalString(TRAIN_INPUTS.workingDirectory) ?? '.',
    experiment: reader.optionalString(TRAIN_INPUTS.experiment),
    runName: reader.optionalString(TRAIN_INPUTS.runName),
    modelName: reader.optionalString(TRAIN_INPUTS.modelName),
    modelDir: reader.optionalString(TRAIN_INPUTS.modelDir) ?? TRAIN_DEFAULTS.modelDir,
    register: reader.boolean(TRAIN_INPUTS.register, true),
    alias: reader.optionalString(TRAIN_INPUTS.alias) ?? TRAIN_DEFAULTS.alias,
    params: normalizeParams(reader.map(TRAIN_INPUTS.params)),
    cachePaths: reader.list(TRAIN_INPUTS.cachePaths),
    cacheKey: reader.optionalString(TRAIN_INPUTS.cacheKey),
    timeoutMinutes: reader.optionalNumber(TRAIN_INPUTS.timeoutMinutes, { above: 0 }),
    gpu: reader.enumeration(TRAIN_INPUTS.gpu, GPU_CHOICES, TRAIN_DEFAULTS.gpu),
    commandEnv: reader.list(TRAIN_INPUTS.commandEnv),
  };
  const unknown = inputs.commandEnv.filter((name) => !(WITHHELD_VARIABLES as readonly string[]).includes(name));
  if (unknown.length > 0)
    throw new ConfigurationError(
      `${describe(TRAIN_INPUTS.commandEnv)}: ${unknown.join(', ')} ${unknown.length === 1 ? 'is' : 'are'} not withheld from the command in the first place; ` +
        `name only these: ${WITHHELD_VARIABLES.join(', ')}`,
      { subject: TRAIN_INPUTS.commandEnv },
    );
  if (inputs.alias === NO_ALIAS) inputs.alias = undefined;
  const aliasProblem = inputs.alias === undefined ? undefined : aliasNameProblem(inputs.alias);
  if (aliasProblem)
    throw new ConfigurationError(`${describe(TRAIN_INPUTS.alias)}: ${aliasProblem} (or none for no alias)`, {
      subject: TRAIN_INPUTS.alias,
    });
  if (inputs.register && !inputs.modelName)
    throw new ConfigurationError(
      `${describe(TRAIN_INPUTS.modelName)} is required to register the model: name it, or set ${describe(TRAIN_INPUTS.register)} to false`,
      { subject: TRAIN_INPUTS.modelName },
    );
  if (inputs.cachePaths.length > 0 !== (inputs.cacheKey !== undefined))
    throw new ConfigurationError(
      `${describe(TRAIN_INPUTS.cachePaths)} and ${describe(TRAIN_INPUTS.cacheKey)} go together: give both (e.g. cache-key cifar10-v1 with cache-paths data/) or neither`,
      { subject: TRAIN_INPUTS.cacheKey },
    );
  return inputs;
}

export interface TrainContext {
  env: Readonly<Record<string, string | undefined>>;
  /** The directory relative paths start from (the workspace). */
  cwd: string;
  tempDir: string;
  trackingUri: string;
  exec?: Exec;
}

/** Turns the inputs and the job's environment into the options of `train`. */
export function trainOptionsFromInputs(inputs: TrainInputs, context: TrainContext): TrainOptions {
  const { env } = context;
  const workingDirectory = isAbsolute(inputs.workingDirectory) ? inputs.workingDirectory : resolve(context.cwd, inputs.workingDirectory);
  const ref = env.GITHUB_REF;
  const tag = ref?.startsWith('refs/tags/') ? ref.slice('refs/tags/'.length) : undefined;
  return {
    command: inputs.command,
    workingDirectory,
    experiment: inputs.experiment ?? inputs.modelName ?? TRAIN_DEFAULTS.experiment,
    runName: inputs.runName ?? tag,
    modelName: inputs.modelName,
    modelDir: inputs.modelDir,
    register: inputs.register,
    alias: inputs.alias,
    params: inputs.params,
    timeoutMs: inputs.timeoutMinutes === undefined ? undefined : inputs.timeoutMinutes * 60_000,
    gpu: inputs.gpu,
    trackingUri: context.trackingUri,
    env: { ...env },
    commandEnv: inputs.commandEnv,
    lineage: async (gpu) =>
      lineageFromGithub(env, inputs.command, gpu) ??
      (await lineageFromGit(context.exec ?? execProgram, workingDirectory, inputs.command, gpu)),
    idempotencyKey: idempotencyKey(env, inputs),
    cache: inputs.cacheKey ? { paths: inputs.cachePaths, key: inputs.cacheKey } : undefined,
    tempDir: context.tempDir,
  };
}

/**
 * One key per job of a workflow run, the same for all its attempts: repository, run id, job, and a digest of
 * what it trains (so matrix legs differ). Outside Actions there is none.
 */
function idempotencyKey(env: Readonly<Record<string, string | undefined>>, inputs: TrainInputs): string | undefined {
  if (env.GITHUB_ACTIONS !== 'true' || !env.GITHUB_RUN_ID) return undefined;
  const digest = createHash('sha256')
    .update(JSON.stringify([inputs.command, inputs.params, inputs.workingDirectory, inputs.modelDir]))
    .digest('hex')
    .slice(0, 12);
  return `${env.GITHUB_REPOSITORY ?? ''}/${env.GITHUB_RUN_ID}/${env.GITHUB_JOB ?? ''}/${digest}`;
}
