import { mkdtemp, rm, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { errorMessage, inputError } from '@mlops-actions/common';
import { createRun, endRunAsFailed, logBatch, runPageUrl, updateRun } from '@mlops-actions/mlflow';
import { restoreCache, saveCache } from './file-cache.js';
import { describeGpus, execProgram } from './gpu.js';
import { lineageTags } from './lineage.js';
import { checkGpus, findRegisteredByEarlierAttempt, reachMlflow } from './preflight.js';
import { logModel, register, waitOutMlflow } from './publish.js';
import { finish, reuseVersion } from './result.js';
import { PUBLISH_PATIENCE_MS, type TrainDependencies, type TrainOptions, type TrainResult, type TrainSession } from './session.js';
import { runTracked } from './tracked-command.js';

const exists = (path: string): Promise<boolean> =>
  stat(path).then(
    () => true,
    () => false,
  );

/**
 * Runs a training command as an MLflow run — params, live metrics, system metrics, lineage, the output as an
 * artifact — and, when it succeeds, logs its ONNX model with an MLmodel file and registers it: version READY,
 * tags set, and only then the alias.
 */
export async function train(options: TrainOptions, deps: TrainDependencies): Promise<TrainResult> {
  const { http, logger } = deps;
  const now = deps.now ?? Date.now;
  if (options.register && !options.modelName)
    throw inputError('model-name', "is required to register the model: name it, or set input 'register' to false", {
      inputs: ['register'],
    });

  const gpus = await checkGpus(options.gpu, deps.exec ?? execProgram, logger);
  const experiment = await reachMlflow(http, options.experiment);
  const existing = await findRegisteredByEarlierAttempt(http, options);
  if (existing) return reuseVersion(http, options, existing, logger);

  const tags = lineageTags(await options.lineage(describeGpus(gpus)));
  const run = await createRun(http, { experimentId: experiment.id, runName: options.runName, tags }, now);
  const runUrl = runPageUrl(http, experiment.id, run.id);
  logger.info(`MLflow run ${run.name || run.id}: ${runUrl}`);
  const session: TrainSession = {
    options,
    deps,
    http,
    logger,
    now,
    run,
    runUrl,
    tags,
    scratch: await mkdtemp(join(options.tempDir, 'mlops-train-')),
  };
  let ended = false;
  try {
    await logBatch(http, { runId: run.id, params: { ...options.params } });
    const restoredKey = await restoreCache(options, deps);
    const modelDir = resolve(options.workingDirectory, options.modelDir);
    const command = await runTracked(session, modelDir, gpus);
    if (options.cache && restoredKey !== options.cache.key) await saveCache(options, deps);

    if (command.outcome !== 'succeeded') {
      await endRunAsFailed(http, run.id, {
        status: command.outcome === 'cancelled' ? 'KILLED' : 'FAILED',
        reason: `command ${command.outcome} (exit status ${command.exitCode})`,
        endTime: now(),
      });
      ended = true;
      logger.error(`the training command ${command.outcome} with exit status ${command.exitCode}; nothing was registered`);
      return await finish(session, command, {});
    }

    const hasModel = options.register || (await exists(modelDir));
    if (!hasModel) logger.info(`no model directory at ${modelDir}; nothing to log (register: false)`);
    const registered = await waitOutMlflow(options.publishPatienceMs ?? PUBLISH_PATIENCE_MS, logger, deps.signal, async (repeated) => {
      await command.sendLeftovers();
      let done = {};
      if (hasModel) {
        const model = await logger.group('Logging the model', () => logModel(session, modelDir, command.startedAt));
        if (options.register) done = await logger.group('Registering the model', () => register(session, model, repeated));
      }
      await updateRun(http, { runId: run.id, status: 'FINISHED', endTime: now() });
      return done;
    });
    ended = true;
    return await finish(session, command, registered);
  } catch (error) {
    // A failure of ours (MLflow unreachable mid-run, a bad model) must not leave the run RUNNING.
    if (!ended)
      await endRunAsFailed(http, run.id, {
        status: deps.signal?.aborted ? 'KILLED' : 'FAILED',
        reason: errorMessage(error),
        endTime: now(),
      }).catch(() => undefined);
    throw error;
  } finally {
    await rm(session.scratch, { recursive: true, force: true });
  }
}
