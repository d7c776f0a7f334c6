import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { errorMessage, secretValues, withoutWithheldCredentials } from '@mlops-actions/common';
import { uploadArtifactFile } from '@mlops-actions/mlflow';
import { runCommand, type CommandResult } from './command.js';
import { execProgram, queryGpus, type GpuSample } from './gpu.js';
import { startMetricsForwarder } from './metrics-file.js';
import { paramVariables } from './params.js';
import type { TrainSession } from './session.js';
import { startSystemMetrics } from './system-metrics.js';

export interface TrackedCommand extends CommandResult {
  startedAt: number;
  /** Sends what MLflow did not take when the command ended (metric points, the output log); throws while it fails. */
  sendLeftovers(): Promise<void>;
}

/** Runs the command with the run's variables, forwarding its metric lines and sampling system metrics meanwhile. */
export async function runTracked(session: TrainSession, modelDir: string, gpus: GpuSample[] | undefined): Promise<TrackedCommand> {
  const { options, deps, http, logger, run, scratch } = session;
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
    MLFLOW_EXPERIMENT_ID: run.experimentId,
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
