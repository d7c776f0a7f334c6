import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { errorMessage, type Logger } from '@mlops-actions/common';
import {
  getMetricHistory,
  getRun,
  modelVersionUri,
  runPageUrl,
  setAlias,
  uploadArtifactFile,
  type MlflowHttp,
  type ModelVersion,
  type Run,
} from '@mlops-actions/mlflow';
import { renderMetricChart } from './chart.js';
import type { CommandResult } from './command.js';
import { type TrainOptions, type TrainResult, type TrainSession } from './session.js';
import { renderTrainSummary } from './summary.js';
import { renderMetricCurvesMarkdown } from './text-chart.js';

// What a training run gives back: the step's exit status, the run, the version, the final metrics and the summary.

const CHART_METRICS = 8;
/** The metric curves as an image, saved with the run (MLflow's artifact viewer shows SVG). */
const CHART_ARTIFACT = 'charts/metrics.svg';

export async function reuseVersion(http: MlflowHttp, options: TrainOptions, version: ModelVersion, logger: Logger): Promise<TrainResult> {
  logger.info(`${options.modelName} version ${version.version} was registered by an earlier attempt of this job; not training again`);
  if (options.alias) await setAlias(http, options.modelName!, options.alias, version.version);
  const run = version.runId ? await getRun(http, version.runId) : undefined;
  const metrics = run ? finalMetrics(run) : {};
  const runUrl = run ? runPageUrl(http, run.experimentId, run.id) : '';
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

function finalMetrics(run: Run): Record<string, number> {
  return Object.fromEntries(
    Object.values(run.metrics)
      .filter((metric) => !metric.key.startsWith('system/'))
      .map((metric) => [metric.key, metric.value]),
  );
}

/** Reads the run's final metrics and curves, saves the chart with the run, and assembles the result. */
export async function finish(
  session: TrainSession,
  command: CommandResult,
  registered: { version?: ModelVersion; uri?: string },
): Promise<TrainResult> {
  const { http, options, run, runUrl, scratch, logger } = session;
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
