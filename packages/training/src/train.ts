import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { join, resolve } from 'node:path';
import {
  ConfigurationError,
  errorMessage,
  isConfigurationError,
  isOperationalError,
  type Logger,
  OperationalError,
  secretValues,
  withoutWithheldCredentials,
} from '@mlops-actions/common';
import {
  createModelVersion,
  createRun,
  escapeFilter,
  getMetricHistory,
  getOrCreateExperiment,
  getOrCreateRegisteredModel,
  findModelVersionOfRun,
  getRun,
  isConnectionError,
  logBatch,
  MlflowApiError,
  modelVersionUri,
  searchModelVersions,
  setAlias,
  setModelVersionTag,
  setRunTag,
  updateRun,
  uploadArtifactFile,
  waitForModelVersionReady,
  type MlflowHttp,
  type ModelVersion,
  type Run,
} from '@mlops-actions/mlflow';
import { inspectModelDirectory, MODEL_FILES, renderMlmodel, type ModelDirectory } from '@mlops-actions/model-format';
import { renderMetricChart } from './chart.js';
import { renderMetricCurvesMarkdown } from './text-chart.js';
import { runCommand, type CommandOutcome, type CommandResult } from './command.js';
import { describeGpus, execProgram, queryGpus, type Exec, type GpuSample } from './gpu.js';
import { lineageTags, type Lineage } from './lineage.js';
import { startMetricsForwarder } from './metrics-file.js';
import { paramVariables } from './params.js';
import { renderTrainSummary } from './summary.js';
import { startSystemMetrics } from './system-metrics.js';

export type GpuRequirement = 'required' | 'optional' | 'none';

export interface TrainOptions {
  /** The training command, run by bash in `workingDirectory`. */
  command: string;
  workingDirectory: string;
  experiment: string;
  runName?: string | undefined;
  /** The registered model; required when `register` is true. */
  modelName?: string | undefined;
  /** Where the command leaves model.onnx and preprocessing.json, relative to the working directory. */
  modelDir: string;
  register: boolean;
  /** The alias set on the new version once it is READY and tagged; none when empty. */
  alias?: string | undefined;
  params: Readonly<Record<string, string>>;
  timeoutMs?: number | undefined;
  gpu: GpuRequirement;
  /** The tracking URI the command gets as MLFLOW_TRACKING_URI. */
  trackingUri: string;
  /**
   * The environment the command starts from (MLFLOW_* credentials included). The GitHub and Hugging Face tokens and
   * the runner's own tokens are withheld from the command unless named in `commandEnv`; every secret in it is masked
   * in the saved output.
   */
  env: NodeJS.ProcessEnv;
  /** Withheld variables (WITHHELD_VARIABLES) the command gets after all, such as HF_TOKEN for a trainer that pushes. */
  commandEnv?: readonly string[];
  /** Builds the lineage once the GPUs are known. */
  lineage: (gpu: string) => Promise<Lineage>;
  /** Identifies this job across re-runs (repository/run id/job): a version registered under it is never registered again. */
  idempotencyKey?: string | undefined;
  /** Datasets and downloads restored before and saved after the command. */
  cache?: { paths: readonly string[]; key: string } | undefined;
  /** Where temporary files go (RUNNER_TEMP on a runner). */
  tempDir: string;
  metricsIntervalMs?: number;
  systemMetricsIntervalMs?: number;
  /**
   * After the command succeeded, how long MLflow failing to take the model (down, restarting, overloaded) is
   * waited out before the step fails (default 10 minutes): the model is in hand and costly to make again.
   */
  publishPatienceMs?: number;
}

/** How long MLflow failing after a successful command is waited out, by default. */
export const PUBLISH_PATIENCE_MS = 10 * 60_000;

/** A cache of files between workflow runs (actions/cache on a runner). */
export interface FileCache {
  /** Restores the paths; returns the key that matched, or undefined on a miss. */
  restore(paths: readonly string[], key: string): Promise<string | undefined>;
  save(paths: readonly string[], key: string): Promise<void>;
}

export interface TrainDependencies {
  http: MlflowHttp;
  logger: Logger;
  /** Where the command's output streams live. */
  output?: NodeJS.WritableStream;
  /** Aborted when the job is cancelled: the command is stopped and the run ends KILLED. */
  signal?: AbortSignal;
  exec?: Exec;
  fileCache?: FileCache;
  now?: () => number;
}

export interface TrainResult {
  /** The step's exit status: the command's own, or 0 once the model is registered. */
  exitCode: number;
  outcome: CommandOutcome;
  runId: string;
  experimentId: string;
  runUrl: string;
  modelVersion?: number;
  modelUri?: string;
  /** The final value of each metric the run logged (system metrics excluded). */
  metrics: Record<string, number>;
  /** An earlier attempt of this job had registered the version; nothing ran. */
  reused: boolean;
  /** Markdown for the job summary. */
  summary: string;
}

/** The tag that ties a registered version to the job that made it. */
export const IDEMPOTENCY_TAG = 'mlops.idempotency_key';
const CHART_METRICS = 8;
/** The metric curves as an image, saved with the run (MLflow's artifact viewer shows SVG). */
const CHART_ARTIFACT = 'charts/metrics.svg';

/**
 * Runs a training command as an MLflow run — params, live metrics, system metrics, lineage, the output as an
 * artifact — and, when it succeeds, logs its ONNX model with an MLmodel file and registers it: version READY,
 * tags set, and only then the alias.
 */
export async function train(options: TrainOptions, deps: TrainDependencies): Promise<TrainResult> {
  const { http, logger } = deps;
  const now = deps.now ?? Date.now;
  if (options.register && !options.modelName)
    throw new ConfigurationError("input 'model-name' is required to register the model (or set register: false)", {
      subject: 'model-name',
    });

  const gpus = await checkGpus(options.gpu, deps.exec ?? execProgram, logger);
  const experiment = await reachMlflow(http, options.experiment);
  const existing = await findRegisteredByEarlierAttempt(http, options);
  if (existing) return reuseVersion(http, options, existing, logger);

  const lineage = await options.lineage(describeGpus(gpus));
  const tags = lineageTags(lineage);
  const run = await createRun(http, { experimentId: experiment.id, runName: options.runName, tags }, now);
  const runUrl = `${http.trackingUri.replace(/\/+$/, '')}/#/experiments/${experiment.id}/runs/${run.id}`;
  logger.info(`MLflow run ${run.name || run.id}: ${runUrl}`);
  const scratch = await mkdtemp(join(options.tempDir, 'mlops-train-'));
  let ended = false;
  try {
    await logBatch(http, { runId: run.id, params: { ...options.params } });
    const restoredKey = await restoreCache(options, deps);
    const modelDir = resolve(options.workingDirectory, options.modelDir);
    const command = await runTracked(options, deps, run, experiment.id, scratch, modelDir, gpus);
    if (options.cache && restoredKey !== options.cache.key) await saveCache(options, deps);

    if (command.outcome !== 'succeeded') {
      await endRun(
        http,
        run.id,
        command.outcome === 'cancelled' ? 'KILLED' : 'FAILED',
        now,
        `command ${command.outcome} (exit status ${command.exitCode})`,
      );
      ended = true;
      logger.error(`the training command ${command.outcome} with exit status ${command.exitCode}; nothing was registered`);
      return await finish(http, options, run, runUrl, command, {}, scratch, logger);
    }

    const hasModel = options.register || (await exists(modelDir));
    if (!hasModel) logger.info(`no model directory at ${modelDir}; nothing to log (register: false)`);
    const registered = await waitOutMlflow(options.publishPatienceMs ?? PUBLISH_PATIENCE_MS, logger, deps.signal, async (repeated) => {
      await command.sendLeftovers();
      let done = {};
      if (hasModel) {
        const model = await logger.group('Logging the model', () => logModel(http, run, modelDir, scratch, command.startedAt, now));
        if (options.register)
          done = await logger.group('Registering the model', () => register(http, options, run, model, tags, logger, repeated));
      }
      await updateRun(http, { runId: run.id, status: 'FINISHED', endTime: now() });
      return done;
    });
    ended = true;
    return await finish(http, options, run, runUrl, command, registered, scratch, logger);
  } catch (error) {
    // A failure of ours (MLflow unreachable mid-run, a bad model) must not leave the run RUNNING.
    if (!ended) await endRun(http, run.id, deps.signal?.aborted ? 'KILLED' : 'FAILED', now, errorMessage(error)).catch(() => undefined);
    throw error;
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/**
 * Runs `publish` — every step of it safe to repeat, and told whether an earlier attempt failed — again while MLflow
 * fails in a way that passes (no answer, 429, 5xx), with a growing pause, until `patienceMs` have gone; anything
 * else (a bad model, a refused token) fails at once.
 */
async function waitOutMlflow<T>(
  patienceMs: number,
  logger: Logger,
  signal: AbortSignal | undefined,
  publish: (repeated: boolean) => Promise<T>,
): Promise<T> {
  const deadline = Date.now() + patienceMs;
  for (let attempt = 1; ; attempt++) {
    try {
      return await publish(attempt > 1);
    } catch (error) {
      const left = deadline - Date.now();
      if (!isPassingMlflowFailure(error) || left <= 0 || signal?.aborted) throw error;
      const pause = Math.min(60_000, 2_000 * 2 ** (attempt - 1), left);
      logger.warning(
        `MLflow did not take the trained model (${errorMessage(error)}); trying again in ${Math.round(pause / 1000)} s, for up to ${Math.ceil(left / 60_000)} more min`,
      );
      await sleep(pause, undefined, { signal }).catch(() => undefined);
    }
  }
}

const isPassingMlflowFailure = (error: unknown): boolean =>
  error instanceof MlflowApiError ? error.status === 0 || error.status === 429 || error.status >= 500 : isConnectionError(error);

const exists = (path: string): Promise<boolean> =>
  stat(path).then(
    () => true,
    () => false,
  );

async function checkGpus(requirement: GpuRequirement, exec: Exec, logger: Logger): Promise<GpuSample[] | undefined> {
  if (requirement === 'none') return undefined;
  const gpus = await queryGpus(exec);
  if (gpus && gpus.length > 0) {
    logger.info(`GPU: ${describeGpus(gpus)}`);
    return gpus;
  }
  if (requirement === 'required')
    throw new ConfigurationError(
      "input 'gpu' is 'required', but nvidia-smi found no GPU on this runner: run the job on a GPU runner (e.g. runs-on: [self-hosted, gpu]) or set gpu: optional",
      { subject: 'gpu' },
    );
  logger.info('GPU: none found (gpu: optional), training on CPU');
  return undefined;
}

async function reachMlflow(http: MlflowHttp, experiment: string): Promise<{ id: string }> {
  try {
    return await getOrCreateExperiment(http, experiment);
  } catch (error) {
    if (isConfigurationError(error)) throw error;
    throw new OperationalError(
      `MLflow at ${http.trackingUri} cannot be used, so the training command was not started: ${errorMessage(error)}`,
      {
        service: 'MLflow',
        hint: isOperationalError(error) ? error.hint : undefined,
        cause: error,
      },
    );
  }
}

async function findRegisteredByEarlierAttempt(http: MlflowHttp, options: TrainOptions): Promise<ModelVersion | undefined> {
  if (!options.register || !options.idempotencyKey) return undefined;
  const versions = await searchModelVersions(http, {
    filter: `name='${escapeFilter(options.modelName!)}' and tags.\`${IDEMPOTENCY_TAG}\`='${escapeFilter(options.idempotencyKey)}'`,
  });
  return versions.find((version) => version.status === 'READY');
}

async function reuseVersion(http: MlflowHttp, options: TrainOptions, version: ModelVersion, logger: Logger): Promise<TrainResult> {
  logger.info(`${options.modelName} version ${version.version} was registered by an earlier attempt of this job; not training again`);
  if (options.alias) await setAlias(http, options.modelName!, options.alias, version.version);
  const run = version.runId ? await getRun(http, version.runId) : undefined;
  const metrics = run ? finalMetrics(run) : {};
  const runUrl = run ? `${http.trackingUri.replace(/\/+$/, '')}/#/experiments/${run.experimentId}/runs/${run.id}` : '';
  const modelUri = modelVersionUri(options.modelName!, version.version);
  return {
    exitCode: 0,
    outcome: 'succeeded',
    runId: version.runId ?? '',
    experimentId: run?.experimentId ?? '',
    runUrl,
    modelVersion: version.version,
    modelUri,
    metrics,
    reused: true,
    summary: renderTrainSummary({
      runName: run?.name ?? options.runName ?? '',
      runUrl,
      outcome: 'succeeded',
      exitCode: 0,
      durationMs: 0,
      params: run?.params ?? {},
      metrics,
      modelName: options.modelName,
      modelVersion: version.version,
      modelUri,
      alias: options.alias,
      reused: true,
    }),
  };
}

async function restoreCache(options: TrainOptions, deps: TrainDependencies): Promise<string | undefined> {
  if (!options.cache || !deps.fileCache) return undefined;
  try {
    const key = await deps.fileCache.restore(options.cache.paths, options.cache.key);
    deps.logger.info(key ? `cache restored (${key})` : `no cache for ${options.cache.key} yet`);
    return key;
  } catch (error) {
    deps.logger.warning(`restoring the cache failed, training without it: ${errorMessage(error)}`);
    return undefined;
  }
}

async function saveCache(options: TrainOptions, deps: TrainDependencies): Promise<void> {
  if (!options.cache || !deps.fileCache) return;
  try {
    await deps.fileCache.save(options.cache.paths, options.cache.key);
    deps.logger.info(`cache saved (${options.cache.key})`);
  } catch (error) {
    deps.logger.warning(`saving the cache failed: ${errorMessage(error)}`);
  }
}

interface TrackedCommand extends CommandResult {
  startedAt: number;
  /** Sends what MLflow did not take when the command ended (metric points, the output log); throws while it fails. */
  sendLeftovers(): Promise<void>;
}

/** Runs the command with the run's variables, forwarding its metric lines and sampling system metrics meanwhile. */
async function runTracked(
  options: TrainOptions,
  deps: TrainDependencies,
  run: Run,
  experimentId: string,
  scratch: string,
  modelDir: string,
  gpus: GpuSample[] | undefined,
): Promise<TrackedCommand> {
  const { http, logger } = deps;
  const metricsPath = join(scratch, 'metrics.jsonl');
  const paramsPath = join(scratch, 'params.json');
  const logPath = join(scratch, 'command.log');
  await writeFile(paramsPath, `${JSON.stringify(options.params, null, 2)}\n`);
  await writeFile(metricsPath, '');
  const env = {
    ...withoutWithheldCredentials(options.env, options.commandEnv),
    ...paramVariables(options.params),
    MLFLOW_TRACKING_URI: options.trackingUri,
    MLFLOW_RUN_ID: run.id,
    MLFLOW_EXPERIMENT_ID: experimentId,
    MLOPS_METRICS_FILE: metricsPath,
    MLOPS_PARAMS_FILE: paramsPath,
    MLOPS_MODEL_DIR: modelDir,
  };
  const forwarder = startMetricsForwarder({
    http,
    runId: run.id,
    path: metricsPath,
    logger,
    intervalMs: options.metricsIntervalMs,
    now: deps.now,
  });
  const system = startSystemMetrics({
    http,
    runId: run.id,
    logger,
    diskPath: options.workingDirectory,
    intervalMs: options.systemMetricsIntervalMs,
    sampleGpus: gpus ? () => queryGpus(deps.exec ?? execProgram) : undefined,
    now: deps.now,
  });
  const startedAt = Date.now();
  let result: CommandResult;
  try {
    result = await logger.group(`Training: ${options.command}`, () =>
      runCommand({
        command: options.command,
        cwd: options.workingDirectory,
        env,
        logPath,
        secrets: secretValues(options.env),
        output: deps.output,
        timeoutMs: options.timeoutMs,
        signal: deps.signal,
      }),
    );
  } finally {
    const [forwarded] = await Promise.allSettled([forwarder.stop(), system.stop()]);
    if (forwarded.status === 'fulfilled' && forwarded.value.forwarded > 0)
      logger.info(`${forwarded.value.forwarded} metric points forwarded to MLflow in ${forwarded.value.requests} requests`);
    if (forwarded.status === 'rejected') logger.warning(errorMessage(forwarded.reason));
  }
  const saveLog = () => uploadArtifactFile(http, run.artifactUri, logPath, 'logs/command.log');
  let logSaved = await saveLog().then(
    () => true,
    (error: unknown) => {
      logger.warning(`the command's output could not be saved to the run yet: ${errorMessage(error)}`);
      return false;
    },
  );
  const sendLeftovers = async (): Promise<void> => {
    await forwarder.flush();
    await system.flush();
    if (!logSaved) await saveLog();
    logSaved = true;
  };
  return { ...result, startedAt, sendLeftovers };
}

/** Checks the model directory and uploads it as the run's `model/` artifact with an MLmodel file. */
async function logModel(
  http: MlflowHttp,
  run: Run,
  modelDir: string,
  scratch: string,
  startedAt: number,
  now: () => number,
): Promise<ModelDirectory> {
  const model = await inspectModelDirectory(modelDir);
  const written = (await stat(join(modelDir, MODEL_FILES.onnx))).mtimeMs;
  if (written < startedAt - 1000)
    throw new ConfigurationError(
      `${join(modelDir, MODEL_FILES.onnx)} is older than this training run: the command did not write a new model (a stale file from an earlier run is never registered)`,
      { subject: 'model-dir' },
    );
  const mlmodel = renderMlmodel({
    runId: run.id,
    onnx: model.onnx,
    sizeBytes: model.sizeBytes,
    modelUuid: randomUUID().replace(/-/g, ''),
    createdAt: new Date(now()),
  });
  for (const file of model.files) {
    if (file !== MODEL_FILES.mlmodel) await uploadArtifactFile(http, run.artifactUri, join(modelDir, file), `model/${file}`);
  }
  const mlmodelPath = join(scratch, MODEL_FILES.mlmodel);
  await writeFile(mlmodelPath, mlmodel);
  await uploadArtifactFile(http, run.artifactUri, mlmodelPath, `model/${MODEL_FILES.mlmodel}`);
  return model;
}

/** Registers the logged model: version created with its tags, READY, tags checked, and only then the alias. */
async function register(
  http: MlflowHttp,
  options: TrainOptions,
  run: Run,
  model: ModelDirectory,
  lineage: Record<string, string>,
  logger: Logger,
  /** An earlier attempt failed part-way: the version may exist already. */
  repeated: boolean,
): Promise<{ version: ModelVersion; uri: string }> {
  const name = options.modelName!;
  await getOrCreateRegisteredModel(http, { name });
  const tags: Record<string, string> = {
    ...lineage,
    'mlops.onnx.opset': String(model.onnx.opsetVersion),
    'mlops.model.input': `${model.preprocessing.inputName} ${JSON.stringify(model.preprocessing.shape)}`,
    'mlops.model.classes': String(model.preprocessing.labels.length),
  };
  if (options.idempotencyKey) tags[IDEMPOTENCY_TAG] = options.idempotencyKey;
  // A repeated attempt (MLflow failed after creating the version) takes the version this run already has.
  const source = `${run.artifactUri}/model`;
  const earlier = repeated ? await findModelVersionOfRun(http, name, run.id, source) : undefined;
  const created = earlier ?? (await createModelVersion(http, { name, source, runId: run.id, tags }));
  const ready = await waitForModelVersionReady(http, name, created.version);
  for (const [key, value] of Object.entries(tags)) {
    if (ready.tags[key] !== value) await setModelVersionTag(http, name, ready.version, key, value);
  }
  if (options.alias) await setAlias(http, name, options.alias, ready.version);
  const uri = modelVersionUri(name, ready.version);
  await setRunTag(http, run.id, 'mlops.model_version', `${name}/${ready.version}`);
  logger.info(`registered ${uri}${options.alias ? ` as @${options.alias}` : ''}`);
  return { version: ready, uri };
}

async function endRun(http: MlflowHttp, runId: string, status: 'FAILED' | 'KILLED', now: () => number, reason: string): Promise<void> {
  await setRunTag(http, runId, 'mlops.failure', reason.slice(0, 5000));
  await updateRun(http, { runId, status, endTime: now() });
}

function finalMetrics(run: Run): Record<string, number> {
  return Object.fromEntries(
    Object.values(run.metrics)
      .filter((metric) => !metric.key.startsWith('system/'))
      .map((metric) => [metric.key, metric.value]),
  );
}

/** Reads the run's final metrics and curves, saves the chart with the run, and assembles the result. */
async function finish(
  http: MlflowHttp,
  options: TrainOptions,
  run: Run,
  runUrl: string,
  command: TrackedCommand,
  registered: { version?: ModelVersion; uri?: string },
  scratch: string,
  logger: Logger,
): Promise<TrainResult> {
  const finished = await getRun(http, run.id);
  const metrics = finalMetrics(finished);
  const keys = Object.keys(metrics).sort().slice(0, CHART_METRICS);
  const series = await Promise.all(keys.map(async (key) => ({ key, points: await getMetricHistory(http, run.id, key) })));
  const chart = renderMetricChart(series);
  let chartArtifact: string | undefined;
  if (chart) {
    const chartPath = join(scratch, 'metrics.svg');
    await writeFile(chartPath, chart);
    chartArtifact = await uploadArtifactFile(http, run.artifactUri, chartPath, CHART_ARTIFACT).then(
      () => CHART_ARTIFACT,
      (error: unknown) => {
        logger.warning(`the metric chart could not be saved to the run: ${errorMessage(error)}`);
        return undefined;
      },
    );
  }
  const result: TrainResult = {
    exitCode: command.exitCode,
    outcome: command.outcome,
    runId: run.id,
    experimentId: run.experimentId,
    runUrl,
    metrics,
    reused: false,
    summary: renderTrainSummary({
      runName: finished.name,
      runUrl,
      outcome: command.outcome,
      exitCode: command.exitCode,
      durationMs: command.durationMs,
      params: options.params,
      metrics,
      curves: renderMetricCurvesMarkdown(series),
      chartArtifact,
      modelName: options.modelName,
      modelVersion: registered.version?.version,
      modelUri: registered.uri,
      alias: options.alias,
    }),
  };
  if (registered.version) result.modelVersion = registered.version.version;
  if (registered.uri) result.modelUri = registered.uri;
  return result;
}
