import { randomUUID } from 'node:crypto';
import type { MlflowHttp } from './http.js';
import { collectPages } from './pages.js';
import {
  formatDouble,
  parseDouble,
  recordToTags,
  tagsToRecord,
  type WireMetric,
  type WireRun,
  type WireRunInfo,
  type WireTag,
} from './wire.js';

export type RunStatus = 'RUNNING' | 'SCHEDULED' | 'FINISHED' | 'FAILED' | 'KILLED';

export interface Metric {
  key: string;
  value: number;
  /** Epoch milliseconds. */
  timestamp: number;
  step: number;
}

export interface Run {
  id: string;
  experimentId: string;
  name: string;
  status: RunStatus;
  startTime: number | undefined;
  endTime: number | undefined;
  /** Where the run's artifacts live, e.g. `mlflow-artifacts:/1/<run>/artifacts`. */
  artifactUri: string;
  lifecycleStage: string;
  userId: string;
  /** The latest value of each metric. */
  metrics: Record<string, Metric>;
  params: Record<string, string>;
  tags: Record<string, string>;
}

/** MLflow's limits on one log-batch request (mlflow/utils/validation.py). */
export const BATCH_LIMITS = { metrics: 1000, params: 100, tags: 100, total: 1000, bytes: 1_000_000 } as const;

/** The tag that lets a retried run creation find the run an earlier attempt may have made. */
export const REQUEST_ID_TAG = 'mlops.request_id';

export function runFromWire(wire: WireRun): Run {
  const info: WireRunInfo = wire.info;
  return {
    id: info.run_id,
    experimentId: info.experiment_id,
    name: info.run_name ?? '',
    status: (info.status ?? 'RUNNING') as RunStatus,
    startTime: info.start_time,
    endTime: info.end_time,
    artifactUri: info.artifact_uri ?? '',
    lifecycleStage: info.lifecycle_stage ?? 'active',
    userId: info.user_id ?? '',
    metrics: Object.fromEntries((wire.data?.metrics ?? []).map((m) => [m.key, metricFromWire(m)])),
    params: tagsToRecord(wire.data?.params),
    tags: tagsToRecord(wire.data?.tags),
  };
}

export function metricFromWire(wire: WireMetric): Metric {
  return { key: wire.key, value: parseDouble(wire.value), timestamp: wire.timestamp, step: wire.step ?? 0 };
}

export interface CreateRunParams {
  experimentId: string;
  runName?: string;
  userId?: string;
  /** Epoch ms; now when absent. */
  startTime?: number;
  tags?: Record<string, string>;
}

/** Creates a run; a retry after an unknown outcome finds the run an earlier attempt made instead of making a second. */
export async function createRun(http: MlflowHttp, params: CreateRunParams, now: () => number = Date.now): Promise<Run> {
  const requestId = randomUUID();
  const body = {
    experiment_id: params.experimentId,
    run_name: params.runName,
    user_id: params.userId,
    start_time: params.startTime ?? now(),
    tags: recordToTags({ ...params.tags, [REQUEST_ID_TAG]: requestId }),
  };
  return http.createOnce(
    async () => runFromWire((await http.call<{ run: WireRun }>('POST', 'mlflow/runs/create', { body, idempotent: false })).run),
    async () =>
      (
        await searchRuns(http, { experimentIds: [params.experimentId], filter: `tags."${REQUEST_ID_TAG}" = '${requestId}'`, maxResults: 1 })
      )[0],
  );
}

export async function getRun(http: MlflowHttp, runId: string): Promise<Run> {
  return runFromWire((await http.call<{ run: WireRun }>('GET', 'mlflow/runs/get', { query: { run_id: runId } })).run);
}

export interface UpdateRunParams {
  runId: string;
  status?: RunStatus;
  endTime?: number;
  runName?: string;
}

export async function updateRun(http: MlflowHttp, params: UpdateRunParams): Promise<void> {
  await http.call('POST', 'mlflow/runs/update', {
    body: { run_id: params.runId, status: params.status, end_time: params.endTime, run_name: params.runName },
  });
}

/**
 * Ends a run that did not succeed, saying why in its `mlops.failure` tag (MLflow keeps 5,000 characters of a tag);
 * the status is set even when the tag is refused.
 */
export async function endRunAsFailed(
  http: MlflowHttp,
  runId: string,
  ending: { status: 'FAILED' | 'KILLED'; reason: string; endTime: number },
): Promise<void> {
  const tagged = await setRunTag(http, runId, 'mlops.failure', ending.reason.slice(0, 5000)).then(
    () => undefined,
    (error: unknown) => ({ error }),
  );
  await updateRun(http, { runId, status: ending.status, endTime: ending.endTime });
  if (tagged) throw tagged.error;
}

export async function setRunTag(http: MlflowHttp, runId: string, key: string, value: string): Promise<void> {
  await http.call('POST', 'mlflow/runs/set-tag', { body: { run_id: runId, key, value } });
}

export async function deleteRunTag(http: MlflowHttp, runId: string, key: string): Promise<void> {
  await http.call('POST', 'mlflow/runs/delete-tag', { body: { run_id: runId, key } });
}

export interface LogBatchParams {
  runId: string;
  metrics?: readonly Metric[];
  params?: Record<string, string>;
  tags?: Record<string, string>;
}

/**
 * Logs metrics, params and tags in as few requests as MLflow's limits allow (1000 entities, 100 params,
 * 100 tags, 1 MB a request). Params and tags go first so that a run's configuration lands before its series.
 * Returns the number of requests made.
 */
export async function logBatch(http: MlflowHttp, params: LogBatchParams): Promise<number> {
  const chunks = chunkBatch(
    (params.metrics ?? []).map((m) => ({ key: m.key, value: formatDouble(m.value), timestamp: m.timestamp, step: m.step })),
    recordToTags(params.params) ?? [],
    recordToTags(params.tags) ?? [],
  );
  for (const chunk of chunks) {
    await http.call('POST', 'mlflow/runs/log-batch', { body: { run_id: params.runId, ...chunk } });
  }
  return chunks.length;
}

interface BatchChunk {
  metrics?: WireMetric[];
  params?: WireTag[];
  tags?: WireTag[];
}

/** Splits entities into requests that respect every limit of BATCH_LIMITS. */
export function chunkBatch(metrics: readonly WireMetric[], params: readonly WireTag[], tags: readonly WireTag[]): BatchChunk[] {
  const chunks: BatchChunk[] = [];
  let current: Required<BatchChunk> = { metrics: [], params: [], tags: [] };
  let bytes = 100;
  const flush = (): void => {
    const chunk: BatchChunk = {};
    if (current.metrics.length) chunk.metrics = current.metrics;
    if (current.params.length) chunk.params = current.params;
    if (current.tags.length) chunk.tags = current.tags;
    if (Object.keys(chunk).length) chunks.push(chunk);
    current = { metrics: [], params: [], tags: [] };
    bytes = 100;
  };
  const add = <K extends keyof BatchChunk>(kind: K, entity: NonNullable<BatchChunk[K]>[number], limit: number): void => {
    const size = Buffer.byteLength(JSON.stringify(entity)) + 1;
    const total = current.metrics.length + current.params.length + current.tags.length;
    if (current[kind].length >= limit || total >= BATCH_LIMITS.total || bytes + size > BATCH_LIMITS.bytes) flush();
    (current[kind] as unknown[]).push(entity);
    bytes += size;
  };
  for (const param of params) add('params', param, BATCH_LIMITS.params);
  for (const tag of tags) add('tags', tag, BATCH_LIMITS.tags);
  for (const metric of metrics) add('metrics', metric, BATCH_LIMITS.metrics);
  flush();
  return chunks;
}

export interface SearchRunsParams {
  experimentIds: readonly string[];
  /** MLflow's filter syntax, e.g. `metrics.acc > 0.5 and params.lr = '0.01'`. */
  filter?: string;
  orderBy?: readonly string[];
  /** Stop after this many runs (default: all). */
  maxResults?: number;
  runViewType?: 'ACTIVE_ONLY' | 'DELETED_ONLY' | 'ALL';
}

/** Searches runs, following page tokens until MLflow returns none (a token may come with an empty next page). */
export async function searchRuns(http: MlflowHttp, params: SearchRunsParams): Promise<Run[]> {
  return collectPages(
    async (pageToken, remaining) => {
      const response = await http.call<{ runs?: WireRun[]; next_page_token?: string }>('POST', 'mlflow/runs/search', {
        body: {
          experiment_ids: params.experimentIds,
          filter: params.filter,
          order_by: params.orderBy,
          run_view_type: params.runViewType,
          max_results: Math.min(1000, remaining),
          page_token: pageToken,
        },
      });
      return { items: response.runs, nextPageToken: response.next_page_token };
    },
    runFromWire,
    params.maxResults,
  );
}

/** Every recorded value of one metric, in the server's order, across pages. */
export async function getMetricHistory(http: MlflowHttp, runId: string, key: string): Promise<Metric[]> {
  return collectPages(async (pageToken) => {
    // Always send max_results: without it some MLflow versions return an empty page.
    const response = await http.call<{ metrics?: WireMetric[]; next_page_token?: string }>('GET', 'mlflow/metrics/get-history', {
      query: { run_id: runId, metric_key: key, max_results: 25_000, page_token: pageToken },
    });
    return { items: response.metrics, nextPageToken: response.next_page_token };
  }, metricFromWire);
}
