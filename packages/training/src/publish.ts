import { randomUUID } from 'node:crypto';
import { stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ConfigurationError, errorMessage, type Logger } from '@mlops-actions/common';
import {
  createModelVersion,
  findModelVersionOfRun,
  getOrCreateRegisteredModel,
  isConnectionError,
  MlflowApiError,
  modelVersionUri,
  setAlias,
  setModelVersionTag,
  setRunTag,
  uploadArtifactFile,
  waitForModelVersionReady,
  type ModelVersion,
} from '@mlops-actions/mlflow';
import { inspectModelDirectory, MODEL_FILES, renderMlmodel, type ModelDirectory } from '@mlops-actions/model-format';
import { IDEMPOTENCY_TAG, type TrainSession } from './session.js';

// Publishing what the command made: the model logged to the run, the version registered, the run ended — each step
// safe to repeat while MLflow fails in a way that passes.

/**
 * Runs `publish` — every step of it safe to repeat, and told whether an earlier attempt failed — again while MLflow
 * fails in a way that passes (no answer, 429, 5xx), with a growing pause, until `patienceMs` have gone; anything
 * else (a bad model, a refused token) fails at once.
 */
export async function waitOutMlflow<T>(
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

/** Checks the model directory and uploads it as the run's `model/` artifact with an MLmodel file. */
export async function logModel(session: TrainSession, modelDir: string, startedAt: number): Promise<ModelDirectory> {
  const { http, run, scratch, now } = session;
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
export async function register(
  session: TrainSession,
  model: ModelDirectory,
  /** An earlier attempt failed part-way: the version may exist already. */
  repeated: boolean,
): Promise<{ version: ModelVersion; uri: string }> {
  const { http, options, run, logger } = session;
  const name = options.modelName!;
  await getOrCreateRegisteredModel(http, { name });
  const tags: Record<string, string> = {
    ...session.tags,
    'mlops.model.input': `${model.preprocessing.inputName} ${JSON.stringify(model.preprocessing.kind === 'table' ? [model.preprocessing.features.length] : model.preprocessing.shape)}`,
    'mlops.model.classes': String(model.preprocessing.labels.length),
  };
  if (model.onnx.opsetVersion !== undefined) tags['mlops.onnx.opset'] = String(model.onnx.opsetVersion);
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
