import type { FastifyInstance } from 'fastify';
import type { Db } from '../database.js';
import { invalid, MlflowError, notFound } from '../errors.js';
import { paginate } from '../filter.js';
import { endpoint } from '../routing.js';
import { activeRun, metricValue, runRow, statement, storedMetricValue, type MetricRow } from '../store.js';
import {
  keyValues,
  optionalInt64,
  optionalList,
  optionalString,
  requiredDouble,
  requiredInt64,
  requiredString,
  truncate,
  validateKey,
  type KeyValue,
  type Params,
} from '../validation.js';

// An exact duplicate (same key, step, timestamp and value) is ignored, so a retried batch never doubles a point.
const INSERT_METRIC = 'INSERT OR IGNORE INTO metrics (run_id, key, value, is_nan, timestamp, step) VALUES (?, ?, ?, ?, ?, ?)';

function logParams(db: Db, runId: string, entries: readonly KeyValue[]): void {
  const seen = new Set<string>();
  const duplicates = entries.filter((p) => (seen.has(p.key) ? true : (seen.add(p.key), false))).map((p) => p.key);
  if (duplicates.length)
    throw invalid(
      `Duplicate parameter keys have been submitted: ${JSON.stringify(duplicates)}. Please ensure the request contains only one param value per param key.`,
    );
  for (const param of entries) {
    const value = truncate(param.value, 6000);
    const existing = statement(db, 'SELECT value FROM params WHERE run_id = ? AND key = ?').get(
      runId,
      validateKey(param.key, 'param name'),
    ) as { value: string } | undefined;
    if (existing && existing.value !== value) {
      throw invalid(
        `Changing param values is not allowed. Param with key='${param.key}' was already logged with value='${existing.value}' for run ID='${runId}'. Attempted logging new value '${value}'.`,
      );
    }
    if (!existing) statement(db, 'INSERT INTO params VALUES (?, ?, ?)').run(runId, param.key, value);
  }
}

/** Checks a metric's fields before anything is looked up, as MLflow validates the request first. */
const parseMetric = (entry: Params) => ({
  key: validateKey(requiredString(entry, 'key'), 'metric name'),
  value: requiredDouble(entry, 'value'),
  timestamp: requiredInt64(entry, 'timestamp'),
  step: optionalInt64(entry, 'step') ?? 0,
  modelId: optionalString(entry, 'model_id') || undefined,
  datasetName: optionalString(entry, 'dataset_name') || null,
  datasetDigest: optionalString(entry, 'dataset_digest') || null,
});

// A metric that names a logged model is also the model's (SqlAlchemyStore._log_model_metrics): NaN as 0, ±Infinity
// as ±max double, an exact repeat skipped; a model that does not exist breaks the foreign key (400 BAD_REQUEST).
const INSERT_MODEL_METRIC = 'INSERT OR IGNORE INTO logged_model_metrics VALUES (?, ?, ?, ?, ?, ?, ?, ?)';
function logMetric(db: Db, runId: string, metric: ReturnType<typeof parseMetric>): void {
  statement(db, INSERT_METRIC).run(
    runId,
    metric.key,
    storedMetricValue(metric.value),
    Number.isNaN(metric.value) ? 1 : 0,
    metric.timestamp,
    metric.step,
  );
  if (metric.modelId === undefined) return;
  if (!statement(db, 'SELECT 1 FROM logged_models WHERE model_id = ?').get(metric.modelId))
    throw new MlflowError('BAD_REQUEST', '(sqlite3.IntegrityError) FOREIGN KEY constraint failed');
  statement(db, INSERT_MODEL_METRIC).run(
    metric.modelId,
    metric.key,
    storedMetricValue(metric.value),
    metric.timestamp,
    metric.step,
    runId,
    metric.datasetName,
    metric.datasetDigest,
  );
}

function setTag(db: Db, runId: string, tag: KeyValue): void {
  statement(db, 'INSERT OR REPLACE INTO tags VALUES (?, ?, ?)').run(runId, validateKey(tag.key, 'tag key'), truncate(tag.value, 8000));
  if (tag.key === 'mlflow.runName') statement(db, 'UPDATE runs SET run_name = ? WHERE run_id = ?').run(tag.value, runId);
}

function logBatch(db: Db, params: Params) {
  const runId = requiredString(params, 'run_id');
  const metrics = optionalList(params, 'metrics') ?? [];
  const paramsList = keyValues(params, 'params');
  const tags = keyValues(params, 'tags');
  if (paramsList.length > 100)
    throw invalid(
      `A batch logging request can contain at most 100 params. Got ${paramsList.length} params. Please split up params across multiple requests and try again.`,
    );
  if (tags.length > 100)
    throw invalid(
      `A batch logging request can contain at most 100 tags. Got ${tags.length} tags. Please split up tags across multiple requests and try again.`,
    );
  if (metrics.length > 1000)
    throw invalid(
      `A batch logging request can contain at most 1000 metrics. Got ${metrics.length} metrics. Please split up metrics across multiple requests and try again.`,
    );
  const total = metrics.length + paramsList.length + tags.length;
  if (total > 1000)
    throw invalid(
      `A batch logging request can contain at most 1000 metrics, params, and tags. Got ${total} total. Please split up metrics, params, and tags across multiple requests and try again.`,
    );
  const parsedMetrics = metrics.map((metric) => {
    if (typeof metric !== 'object' || metric === null)
      throw invalid(`Invalid metric ${JSON.stringify(metric)}: expected {"key", "value", "timestamp", "step"}`);
    return parseMetric(metric as Params);
  });
  activeRun(db, runId);
  db.transaction(() => {
    logParams(db, runId, paramsList);
    for (const metric of parsedMetrics) logMetric(db, runId, metric);
    for (const tag of tags) setTag(db, runId, tag);
  })();
  return {};
}

/** What a run logs, its metrics, params and tags (MLflow's RunData), and a metric's history. */
export function registerRunDataRoutes(app: FastifyInstance, db: Db): void {
  endpoint(app, 'POST', 'mlflow/runs/log-metric', (params) => {
    const runId = optionalString(params, 'run_id') || requiredString(params, 'run_uuid');
    const metric = parseMetric(params);
    activeRun(db, runId);
    logMetric(db, runId, metric);
    return {};
  });
  endpoint(app, 'POST', 'mlflow/runs/log-parameter', (params) => {
    const runId = optionalString(params, 'run_id') || requiredString(params, 'run_uuid');
    activeRun(db, runId);
    db.transaction(() => logParams(db, runId, [{ key: requiredString(params, 'key'), value: optionalString(params, 'value') ?? '' }]))();
    return {};
  });
  endpoint(app, 'POST', 'mlflow/runs/set-tag', (params) => {
    const runId = optionalString(params, 'run_id') || requiredString(params, 'run_uuid');
    activeRun(db, runId);
    setTag(db, runId, { key: requiredString(params, 'key'), value: optionalString(params, 'value') ?? '' });
    return {};
  });
  endpoint(app, 'POST', 'mlflow/runs/delete-tag', (params) => {
    const runId = requiredString(params, 'run_id');
    activeRun(db, runId);
    const key = requiredString(params, 'key');
    if (statement(db, 'DELETE FROM tags WHERE run_id = ? AND key = ?').run(runId, key).changes === 0)
      throw notFound(`No tag with name: ${key} in run with id ${runId}`);
    return {};
  });

  endpoint(app, 'POST', 'mlflow/runs/log-batch', (params) => logBatch(db, params));

  endpoint(app, 'GET', 'mlflow/metrics/get-history', (params) => {
    const runId = optionalString(params, 'run_id') || requiredString(params, 'run_uuid');
    runRow(db, runId);
    const key = requiredString(params, 'metric_key');
    const limit = optionalInt64(params, 'max_results') ?? 25_000;
    const rows = statement(
      db,
      'SELECT key, value, is_nan, timestamp, step FROM metrics WHERE run_id = ? AND key = ? ORDER BY step, timestamp, rowid',
    ).all(runId, key) as MetricRow[];
    const { page, nextPageToken } = paginate(rows, Math.max(1, limit), optionalString(params, 'page_token'));
    return {
      metrics: page.map((m) => ({ key: m.key, value: metricValue(m), timestamp: m.timestamp, step: m.step })),
      next_page_token: nextPageToken,
    };
  });
}
