import { isAbsolute, resolve } from 'node:path';
import { ConfigurationError, githubRunContext, terminalText, type InputReader, type InputSpec } from '@mlops-actions/common';
import { PROVIDER_CHOICES, type ProviderChoice } from '@mlops-actions/evaluation';
import { MAX_SHARDS } from '@mlops-actions/evaluation/shard';
import { loadGate, SETTING_INPUT_SPECS, SETTING_NAMES } from '@mlops-actions/gate';
import { aliasNameProblem } from '@mlops-actions/mlflow';
import { SHARED_INPUT_SPECS } from './control-inputs.js';
import { LATENCY_TIMING_DEFAULTS, type EvaluatePromoteOptions, type EvaluatePromoteResult, type ShardResult } from './evaluate-promote.js';
import { parseShard } from './shards.js';

/** The evaluate-promote action's inputs, which are also `mlops evaluate-promote`'s flags. */
export const EVALUATE_INPUTS = {
  modelName: 'model-name',
  challenger: 'challenger',
  championAlias: 'champion-alias',
  dataset: 'dataset',
  labelColumn: 'label-column',
  groups: 'groups',
  condition: 'condition',
  conditionFile: 'condition-file',
  executionProvider: 'execution-provider',
  batchSize: 'batch-size',
  latencyBatchSize: 'latency-batch-size',
  latencyRounds: 'latency-rounds',
  promote: 'promote',
  deployWorkflow: 'deploy-workflow',
  deployRef: 'deploy-ref',
  githubToken: 'github-token',
  cacheDir: 'cache-dir',
  shard: 'shard',
  shardGroup: 'shard-group',
} as const;

/** The action's inputs, which are also the CLI's flags: action.yml states the same (a test compares them). */
export const EVALUATE_INPUT_SPECS = {
  'model-name': SHARED_INPUT_SPECS['model-name'],
  challenger: {
    description: 'The version to evaluate: a version number, an alias, or empty for the newest version.',
    placeholder: '<version|alias>',
  },
  'champion-alias': SHARED_INPUT_SPECS['champion-alias'],
  dataset: {
    description:
      "The held-out test set: 'cifar10' (the official test batch, downloaded and MD5-checked, cached), 'cifar10:<path>', 'mnist', 'image-folder:<path>' (one sub-folder per class), a table for table models: 'csv:<path>' or 'parquet:<path>', or 'npy:<folder>' (NumPy arrays inputs.npy and labels.npy with classes.txt, read from disk batch by batch).",
    required: true,
    placeholder: '<dataset>',
  },
  'label-column': {
    description: "For a csv: or parquet: test set, the column that holds each row's class.",
    default: 'label',
    placeholder: '<column>',
  },
  groups: {
    description:
      "Groups of test items for 'forall group:' clauses: 'folders' (the <class>/<group>/ sub-folders of an image-folder test set), 'column:<name>' (a column of a table test set) or a CSV file with the header 'item,group' (item: the 0-based item number, or an image's path inside an image-folder test set).",
    placeholder: '<groups>',
  },
  condition: { description: "The promotion condition, e.g. 'n - o > 0.02 +/- 0.01' (give this or condition-file).", placeholder: '<text>' },
  'condition-file': {
    description:
      'A condition file: plain condition lines, the reference format, or YAML with settings. Default: configs/test_condition.txt when condition is not given.',
    placeholder: '<file>',
  },
  ...SETTING_INPUT_SPECS,
  'execution-provider': {
    description: 'auto (CUDA, then WebGPU, then CPU), cpu, cuda (needs CUDA 12 + cuDNN 9) or webgpu (needs a GPU Vulkan driver).',
    default: 'auto',
    placeholder: '<p>',
  },
  'batch-size': { description: 'Items per inference batch.', default: '256', placeholder: '<n>' },
  'latency-batch-size': {
    description:
      'Items per batch of the timing pass that latency clauses are decided on (run after scoring, only for a condition with a latency clause). 1 times single requests, as a server or the Space sees them.',
    default: String(LATENCY_TIMING_DEFAULTS.batchSize),
    placeholder: '<n>',
  },
  'latency-rounds': {
    description:
      "Batches the timing pass times per model: 'auto' (at least 200, and 3 times the batches the condition's latency clauses need to be decided at all) or a whole number.",
    default: LATENCY_TIMING_DEFAULTS.rounds,
    placeholder: '<n|auto>',
  },
  promote: {
    description: 'Move the champion alias when the gate passes (true), or only evaluate and record (false, a dry run).',
    default: 'true',
    placeholder: '<bool>',
  },
  'deploy-workflow': {
    description: 'A workflow (file name) dispatched after a promotion with inputs model-name and version.',
    placeholder: '<file>',
  },
  'deploy-ref': SHARED_INPUT_SPECS['deploy-ref'],
  'github-token': SHARED_INPUT_SPECS['github-token'],
  'cache-dir': {
    description: 'Where downloaded models and test sets are kept; cached across workflow runs.',
    default: '.mlops-cache',
    placeholder: '<dir>',
  },
  shard: {
    description:
      "For a matrix of runners: 'i/k' evaluates the i-th of k equal parts of the test set (its items in order) and records their per-item outcomes in MLflow; 'merge', in a job after them, gates on all k parts and promotes as a whole evaluation does. Empty: the whole test set here.",
    placeholder: '<i/k|merge>',
  },
  'shard-group': {
    description:
      'What ties the shards of one evaluation and their merge together. Default: the workflow run, so every job of one run (and of its re-runs) belongs to one evaluation; needed outside GitHub Actions.',
    placeholder: '<id>',
  },
} as const satisfies Record<(typeof EVALUATE_INPUTS)[keyof typeof EVALUATE_INPUTS] | (typeof SETTING_NAMES)[number], InputSpec>;

/** The gate's setting inputs (reliability, mode, adaptivity, steps, method, samples, seed, first-model). */
export const GATE_SETTING_INPUTS = SETTING_NAMES;

export const EVALUATE_OUTPUTS = {
  passed: 'passed',
  promoted: 'promoted',
  challengerVersion: 'challenger-version',
  championVersion: 'champion-version',
  n: 'n',
  o: 'o',
  d: 'd',
  intervalLower: 'interval-lower',
  intervalUpper: 'interval-upper',
  reason: 'reason',
  evaluationRunId: 'evaluation-run-id',
} as const;

export const EVALUATE_DEFAULTS = {
  championAlias: 'production',
  conditionFile: 'configs/test_condition.txt',
  labelColumn: 'label',
  executionProvider: 'auto',
  batchSize: 256,
  latencyBatchSize: LATENCY_TIMING_DEFAULTS.batchSize,
  latencyRounds: LATENCY_TIMING_DEFAULTS.rounds,
  cacheDir: '.mlops-cache',
} as const;

/** The most batches a timing pass may time per model: a bound on what a mistyped number costs. */
const MAX_LATENCY_ROUNDS = 1_000_000;

export interface EvaluateInputs {
  options: Omit<EvaluatePromoteOptions, 'holder' | 'tags'>;
  /** The workflow to dispatch after a promotion, with the token and ref to do it. */
  deploy: { workflow: string; ref: string | undefined; token: string } | undefined;
  warnings: string[];
}

/**
 * Reads and checks the inputs (action inputs or CLI flags, through the same reader); `cwd` is the workspace, `env` the
 * GITHUB_* variables that give a sharded evaluation its default group (the workflow run) and attempt.
 */
export async function readEvaluateInputs(
  reader: InputReader,
  describe: (name: string) => string,
  cwd: string,
  env: Readonly<Record<string, string | undefined>> = {},
): Promise<EvaluateInputs> {
  const modelName = reader.requiredString(EVALUATE_INPUTS.modelName);
  const { config, settings } = await loadGate(reader, { describe, defaultConditionFile: EVALUATE_DEFAULTS.conditionFile, cwd });
  const cacheDir = reader.optionalString(EVALUATE_INPUTS.cacheDir) ?? EVALUATE_DEFAULTS.cacheDir;
  const workflow = reader.optionalString(EVALUATE_INPUTS.deployWorkflow);
  const token = reader.optionalString(EVALUATE_INPUTS.githubToken);
  if (workflow && !token)
    throw new ConfigurationError(
      `${describe(EVALUATE_INPUTS.deployWorkflow)} needs ${describe(EVALUATE_INPUTS.githubToken)} (e.g. \${{ github.token }} with actions: write)`,
      {
        subject: EVALUATE_INPUTS.githubToken,
      },
    );
  const championAlias = reader.optionalString(EVALUATE_INPUTS.championAlias) ?? EVALUATE_DEFAULTS.championAlias;
  const aliasProblem = aliasNameProblem(championAlias);
  if (aliasProblem)
    throw new ConfigurationError(`${describe(EVALUATE_INPUTS.championAlias)}: ${aliasProblem}`, { subject: EVALUATE_INPUTS.championAlias });
  return {
    options: {
      modelName,
      challenger: reader.optionalString(EVALUATE_INPUTS.challenger),
      championAlias,
      dataset: reader.requiredString(EVALUATE_INPUTS.dataset),
      labelColumn: reader.optionalString(EVALUATE_INPUTS.labelColumn) ?? EVALUATE_DEFAULTS.labelColumn,
      groups: reader.optionalString(EVALUATE_INPUTS.groups),
      condition: config.condition,
      settings,
      executionProvider: reader.enumeration<ProviderChoice>(
        EVALUATE_INPUTS.executionProvider,
        PROVIDER_CHOICES,
        EVALUATE_DEFAULTS.executionProvider,
      ),
      batchSize: reader.number(EVALUATE_INPUTS.batchSize, EVALUATE_DEFAULTS.batchSize, { integer: true, min: 1, max: 65_536 }),
      latencyBatchSize: reader.number(EVALUATE_INPUTS.latencyBatchSize, EVALUATE_DEFAULTS.latencyBatchSize, {
        integer: true,
        min: 1,
        max: 65_536,
      }),
      latencyRounds: readLatencyRounds(reader, describe),
      promote: reader.boolean(EVALUATE_INPUTS.promote, true),
      cacheDir: isAbsolute(cacheDir) ? cacheDir : resolve(cwd, cacheDir),
      ...readSharding(reader, describe, env),
    },
    deploy: workflow && token ? { workflow, ref: reader.optionalString(EVALUATE_INPUTS.deployRef), token } : undefined,
    warnings: config.warnings,
  };
}

/** The longest shard-group: it is a tag value, and the workflow run's URL is far shorter. */
const MAX_SHARD_GROUP = 1000;

/** `shard` (i/k or merge), with its group (default the workflow run's URL) and the run's attempt. */
function readSharding(
  reader: InputReader,
  describe: (name: string) => string,
  env: Readonly<Record<string, string | undefined>>,
): Pick<EvaluatePromoteOptions, 'shard' | 'shardGroup' | 'shardAttempt' | 'shardGroupIsRun'> {
  const text = reader.optionalString(EVALUATE_INPUTS.shard);
  const given = reader.optionalString(EVALUATE_INPUTS.shardGroup);
  if (text === undefined) {
    if (given !== undefined)
      throw new ConfigurationError(
        `${describe(EVALUATE_INPUTS.shardGroup)} is for a sharded evaluation: give ${describe(EVALUATE_INPUTS.shard)} too`,
        {
          subject: EVALUATE_INPUTS.shard,
        },
      );
    return {};
  }
  const shard = text === 'merge' ? 'merge' : parseShard(text);
  if (shard === undefined)
    throw new ConfigurationError(
      `${describe(EVALUATE_INPUTS.shard)} must be 'i/k' (the i-th of k parts, 1 ≤ i ≤ k ≤ ${MAX_SHARDS}, e.g. '\${{ matrix.shard }}/4') or 'merge', got '${terminalText(text).slice(0, 80)}'`,
      { subject: EVALUATE_INPUTS.shard },
    );
  const group = given ?? githubRunContext(env).runUrl;
  if (group === undefined)
    throw new ConfigurationError(
      `${describe(EVALUATE_INPUTS.shard)} needs ${describe(EVALUATE_INPUTS.shardGroup)} outside a GitHub Actions run: the same name for every shard of one evaluation and its merge`,
      { subject: EVALUATE_INPUTS.shardGroup },
    );
  if (group.length > MAX_SHARD_GROUP || terminalText(group) !== group)
    throw new ConfigurationError(
      `${describe(EVALUATE_INPUTS.shardGroup)} must be one line of plain text, at most ${MAX_SHARD_GROUP} characters`,
      {
        subject: EVALUATE_INPUTS.shardGroup,
      },
    );
  const attempt = Number(env.GITHUB_RUN_ATTEMPT ?? '1');
  return {
    shard,
    shardGroup: group,
    shardAttempt: Number.isSafeInteger(attempt) && attempt >= 1 ? attempt : 1,
    shardGroupIsRun: given === undefined,
  };
}

/** The outputs of one shard, by output name: the versions, what it did, and its shard run (as evaluation-run-id). */
export function shardOutputs(result: ShardResult): Record<string, string | number | boolean | undefined> {
  return {
    [EVALUATE_OUTPUTS.challengerVersion]: result.challengerVersion,
    [EVALUATE_OUTPUTS.championVersion]: result.championVersion,
    [EVALUATE_OUTPUTS.reason]: result.reason,
    [EVALUATE_OUTPUTS.evaluationRunId]: result.shardRunId,
  };
}

/** `auto`, or a whole number of batches from 1 to MAX_LATENCY_ROUNDS. */
function readLatencyRounds(reader: InputReader, describe: (name: string) => string): number | 'auto' {
  const name = EVALUATE_INPUTS.latencyRounds;
  const text = reader.optionalString(name) ?? EVALUATE_DEFAULTS.latencyRounds;
  if (text === 'auto') return 'auto';
  const rounds = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (rounds >= 1 && rounds <= MAX_LATENCY_ROUNDS) return rounds;
  throw new ConfigurationError(
    `${describe(name)} must be 'auto' or a whole number of batches from 1 to ${MAX_LATENCY_ROUNDS.toLocaleString('en-US')}, got '${text}'`,
    { subject: name },
  );
}

/** The outputs of an evaluation, by output name. */
export function evaluateOutputs(result: EvaluatePromoteResult): Record<string, string | number | boolean | undefined> {
  const first = result.gate.clauses[0];
  return {
    [EVALUATE_OUTPUTS.passed]: result.passed,
    [EVALUATE_OUTPUTS.promoted]: result.promoted,
    [EVALUATE_OUTPUTS.challengerVersion]: result.challengerVersion,
    [EVALUATE_OUTPUTS.championVersion]: result.championVersion,
    [EVALUATE_OUTPUTS.n]: result.gate.n,
    [EVALUATE_OUTPUTS.o]: result.gate.o ?? undefined,
    [EVALUATE_OUTPUTS.d]: result.gate.d ?? undefined,
    [EVALUATE_OUTPUTS.intervalLower]: first?.interval[0],
    [EVALUATE_OUTPUTS.intervalUpper]: first?.interval[1],
    [EVALUATE_OUTPUTS.reason]: result.reason,
    [EVALUATE_OUTPUTS.evaluationRunId]: result.evaluationRunId,
  };
}

/** The outcome in one line, for the log and the terminal. */
export function outcomeLine(result: EvaluatePromoteResult): string {
  if (result.promoted) return `promoted v${result.challengerVersion}: ${result.reason}`;
  return result.alreadyChampion ? `nothing to do: ${result.reason}` : `not promoted: ${result.reason}`;
}
