import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../database.js';
import { invalid } from '../errors.js';
import { checkRunFilter, matches, paginate, parseFilter, runAttributeKey } from '../filter.js';
import { endpoint } from '../routing.js';
import { activeRun, experimentById, metricValue, runRow, statement, type MetricRow, type RunRow } from '../store.js';
import {
  keyValues,
  maxResults,
  optionalInt64,
  optionalList,
  optionalString,
  requiredString,
  truncate,
  validateKey,
  type KeyValue,
  type Params,
} from '../validation.js';

interface DatasetRow {
  dataset_uuid: string;
  name: string;
  digest: string;
  source_type: string;
  source: string;
  schema: string | null;
  profile: string | null;
}

const RUN_STATUSES = ['RUNNING', 'SCHEDULED', 'FINISHED', 'FAILED', 'KILLED'];
const ADJECTIVES = ['brave', 'calm', 'clever', 'eager', 'gentle', 'bold', 'bright', 'quick', 'quiet', 'wise', 'lucky', 'merry'];
const ANIMALS = ['otter', 'heron', 'lynx', 'stork', 'fox', 'owl', 'panda', 'wren', 'seal', 'crane', 'moth', 'hare'];

const runInfo = (row: RunRow) => ({
  run_uuid: row.run_id,
  experiment_id: String(row.experiment_id),
  run_name: row.run_name,
  user_id: row.user_id,
  status: row.status,
  start_time: row.start_time ?? undefined,
  end_time: row.end_time ?? undefined,
  artifact_uri: row.artifact_uri,
  lifecycle_stage: row.lifecycle_stage,
  run_id: row.run_id,
});

const LATEST_METRICS = `
    SELECT key, value, is_nan, timestamp, step FROM (
      SELECT *, ROW_NUMBER() OVER (PARTITION BY key ORDER BY step DESC, timestamp DESC, rowid DESC) AS rank FROM metrics WHERE run_id = ?
    ) WHERE rank = 1 ORDER BY key`;

// Dataset inputs (runs/log-inputs), as MLflow's SQL store keeps them: a dataset is one per (experiment, name,
// digest), linked to a run once, with the link's tags; limits from mlflow/utils/validation.py.
function datasetInputs(db: Db, runId: string) {
  const rows = statement(
    db,
    'SELECT d.* FROM inputs i JOIN datasets d ON d.dataset_uuid = i.dataset_uuid WHERE i.run_id = ? ORDER BY i.rowid',
  ).all(runId) as DatasetRow[];
  if (rows.length === 0) return {};
  return {
    dataset_inputs: rows.map((row) => ({
      tags: statement(db, 'SELECT key, value FROM input_tags WHERE run_id = ? AND dataset_uuid = ? ORDER BY key').all(
        runId,
        row.dataset_uuid,
      ),
      dataset: {
        name: row.name,
        digest: row.digest,
        source_type: row.source_type,
        source: row.source,
        ...(row.schema === null ? {} : { schema: row.schema }),
        ...(row.profile === null ? {} : { profile: row.profile }),
      },
    })),
  };
}

function logInputs(db: Db, params: Params) {
  const run = runRow(db, requiredString(params, 'run_id'));
  if (run.lifecycle_stage !== 'active')
    throw invalid(`The run ${run.run_id} must be in the 'active' state. Current state is ${run.lifecycle_stage}.`);
  const models = (optionalList(params, 'models') ?? []).map((entry) => requiredString((entry ?? {}) as Params, 'model_id'));
  const datasets = optionalList(params, 'datasets') ?? [];
  if (datasets.length > 1000) throw invalid(`A batch logging request can contain at most 1000 datasets. Got ${datasets.length} datasets.`);
  const limited = (value: unknown, field: string, limit: number, required: boolean): string | null => {
    if (value === undefined || value === null || value === '') {
      if (required) throw invalid(`Missing value for required parameter 'dataset.${field}'.`);
      return null;
    }
    if (typeof value !== 'string')
      throw invalid(`Invalid value ${JSON.stringify(value)} for parameter 'dataset.${field}': expected a string`);
    if (value.length > limit) throw invalid(`Dataset ${field} exceeds the maximum length of ${limit} characters`);
    return value;
  };
  const entries = datasets.map((entry) => {
    const input = (entry ?? {}) as Params;
    const dataset = (input.dataset ?? {}) as Params;
    const tags = keyValues(input, 'tags').map((tag) => {
      if (tag.key.length > 255) throw invalid(`Input tag key exceeds the maximum length of 255 characters`);
      if (tag.value.length > 500) throw invalid(`Input tag value exceeds the maximum length of 500 characters`);
      return tag;
    });
    return {
      tags,
      name: limited(dataset.name, 'name', 500, true)!,
      digest: limited(dataset.digest, 'digest', 36, true)!,
      sourceType: limited(dataset.source_type, 'source_type', 65535, true)!,
      source: limited(dataset.source, 'source', 65535, true)!,
      schema: limited(dataset.schema, 'schema', 1048575, false),
      profile: limited(dataset.profile, 'profile', 16777215, false),
    };
  });
  db.transaction(() => {
    for (const modelId of models) statement(db, "INSERT INTO run_models VALUES (?, ?, 'input', 0)").run(run.run_id, modelId);
    for (const entry of entries) {
      statement(
        db,
        'INSERT OR IGNORE INTO datasets (dataset_uuid, experiment_id, name, digest, source_type, source, schema, profile) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      ).run(
        randomUUID().replace(/-/g, ''),
        run.experiment_id,
        entry.name,
        entry.digest,
        entry.sourceType,
        entry.source,
        entry.schema,
        entry.profile,
      );
      const { dataset_uuid: uuid } = statement(
        db,
        'SELECT dataset_uuid FROM datasets WHERE experiment_id = ? AND name = ? AND digest = ?',
      ).get(run.experiment_id, entry.name, entry.digest) as { dataset_uuid: string };
      const linked = statement(db, 'INSERT OR IGNORE INTO inputs (run_id, dataset_uuid) VALUES (?, ?)').run(run.run_id, uuid);
      if (linked.changes > 0)
        for (const tag of entry.tags)
          statement(db, 'INSERT OR REPLACE INTO input_tags VALUES (?, ?, ?, ?)').run(run.run_id, uuid, tag.key, tag.value);
    }
  }).immediate();
  return {};
}

// The logged models a run took in (runs/log-inputs `models`) or produced (runs/outputs), in the order logged.
const runModels = (db: Db, runId: string, direction: 'input' | 'output') =>
  statement(db, 'SELECT model_id, step FROM run_models WHERE run_id = ? AND direction = ? ORDER BY rowid').all(runId, direction) as {
    model_id: string;
    step: number;
  }[];

// MLflow 3 answers runs/get and runs/search with an "outputs" object (the logged models a run produced, empty
// without), runs/create without one (mlflow-python-client-flows.jsonl); only runs/get lists model inputs
// (SqlAlchemyStore.get_run; search fills outputs alone, `_get_model_outputs_bulk`).
const runJson = (db: Db, row: RunRow, options: { outputs?: boolean; modelInputs?: boolean } = {}) => ({
  info: runInfo(row),
  data: {
    metrics: (statement(db, LATEST_METRICS).all(row.run_id) as MetricRow[]).map((m) => ({
      key: m.key,
      value: metricValue(m),
      timestamp: m.timestamp,
      step: m.step,
    })),
    params: statement(db, 'SELECT key, value FROM params WHERE run_id = ? ORDER BY key').all(row.run_id),
    tags: statement(db, 'SELECT key, value FROM tags WHERE run_id = ? ORDER BY key').all(row.run_id),
  },
  inputs: {
    ...datasetInputs(db, row.run_id),
    model_inputs: options.modelInputs ? runModels(db, row.run_id, 'input').map((m) => ({ model_id: m.model_id })) : undefined,
  },
  ...(options.outputs ? { outputs: { model_outputs: runModels(db, row.run_id, 'output') } } : {}),
});

function searchRuns(db: Db, params: Params) {
  const experimentIds = (optionalList(params, 'experiment_ids') ?? []).map(String);
  const limit = maxResults(params, 1000, 50_000);
  const view = optionalString(params, 'run_view_type') ?? 'ACTIVE_ONLY';
  const filters = parseFilter(optionalString(params, 'filter'));
  checkRunFilter(filters);
  const orderBy = (optionalList(params, 'order_by') ?? []).map(String);
  // The number of placeholders follows the request: prepared each time rather than cached.
  const rows =
    experimentIds.length === 0
      ? []
      : (db
          .prepare(`SELECT * FROM runs WHERE experiment_id IN (${experimentIds.map(() => '?').join(',')})`)
          .all(...experimentIds.map(Number)) as RunRow[]);
  const runs = rows
    .filter((row) => view === 'ALL' || (view === 'DELETED_ONLY' ? row.lifecycle_stage === 'deleted' : row.lifecycle_stage === 'active'))
    .map((row) => runJson(db, row, { outputs: true }))
    .filter((run) =>
      filters.every((f) =>
        f.entity === 'datasets'
          ? datasetValues(run, f.key).some((value) => matches(value, f.op, f.value))
          : matches(runField(run, f.entity || 'attributes', f.key), f.op, f.value),
      ),
    );
  runs.sort(compareRuns(orderBy));
  const { page, nextPageToken } = paginate(runs, limit, optionalString(params, 'page_token'));
  return { runs: page, next_page_token: nextPageToken };
}

/**
 * The runs endpoints that create, read, move and search runs and record their inputs and outputs; what a run logs
 * (metrics, params, tags) is in run-data.ts.
 */
export function registerRunRoutes(app: FastifyInstance, db: Db): void {
  endpoint(app, 'POST', 'mlflow/runs/log-inputs', (params) => logInputs(db, params));

  // runs/outputs (SqlAlchemyStore.log_outputs): `models` is required but may be empty; the models are not looked up
  // and a repeat is kept.
  endpoint(app, 'POST', 'mlflow/runs/outputs', (params) => {
    const runId = requiredString(params, 'run_id');
    const models = optionalList(params, 'models');
    if (models === undefined)
      throw invalid("Missing value for required parameter 'models'. See the API docs for more information about request parameters.");
    const outputs = models.map((entry) => {
      const model = (entry ?? {}) as Params;
      return { modelId: requiredString(model, 'model_id'), step: optionalInt64(model, 'step') ?? 0 };
    });
    activeRun(db, runId);
    db.transaction(() => {
      for (const output of outputs)
        statement(db, "INSERT INTO run_models VALUES (?, ?, 'output', ?)").run(runId, output.modelId, output.step);
    })();
    return {};
  });

  endpoint(app, 'POST', 'mlflow/runs/create', (params) => {
    const experimentId = optionalString(params, 'experiment_id') ?? '0';
    const experiment = experimentById(db, experimentId);
    if (experiment.lifecycle_stage !== 'active')
      throw invalid(`The experiment ${experimentId} must be in the 'active' state. Current state is ${experiment.lifecycle_stage}.`);
    const tags = keyValues(params, 'tags');
    const runId = randomUUID().replace(/-/g, '');
    const runName = optionalString(params, 'run_name') || tags.find((t) => t.key === 'mlflow.runName')?.value || generateRunName();
    const start = optionalInt64(params, 'start_time') ?? Date.now();
    db.transaction(() => {
      statement(db, 'INSERT INTO runs VALUES (?, ?, ?, ?, ?, ?, NULL, ?, ?)').run(
        runId,
        experiment.experiment_id,
        runName,
        optionalString(params, 'user_id') ?? '',
        'RUNNING',
        start,
        `${experiment.artifact_location.replace(/\/+$/, '')}/${runId}/artifacts`,
        'active',
      );
      for (const tag of [...tags.filter((t) => t.key !== 'mlflow.runName'), { key: 'mlflow.runName', value: runName }]) {
        statement(db, 'INSERT OR REPLACE INTO tags VALUES (?, ?, ?)').run(
          runId,
          validateKey(tag.key, 'tag key'),
          truncate(tag.value, 8000),
        );
      }
    })();
    return { run: runJson(db, runRow(db, runId)) };
  });

  endpoint(app, 'GET', 'mlflow/runs/get', (params) => ({
    run: runJson(db, runRow(db, optionalString(params, 'run_id') || requiredString(params, 'run_uuid')), {
      outputs: true,
      modelInputs: true,
    }),
  }));

  endpoint(app, 'POST', 'mlflow/runs/update', (params) => {
    const runId = optionalString(params, 'run_id') || requiredString(params, 'run_uuid');
    const row = activeRun(db, runId);
    const status = optionalString(params, 'status');
    const endTime = optionalInt64(params, 'end_time');
    const runName = optionalString(params, 'run_name');
    db.transaction(() => {
      // An unknown status is dropped, as MLflow's proto parser drops unknown enum values.
      if (status !== undefined && RUN_STATUSES.includes(status))
        statement(db, 'UPDATE runs SET status = ? WHERE run_id = ?').run(status, runId);
      if (endTime !== undefined) statement(db, 'UPDATE runs SET end_time = ? WHERE run_id = ?').run(endTime, runId);
      if (runName) {
        statement(db, 'UPDATE runs SET run_name = ? WHERE run_id = ?').run(runName, runId);
        statement(db, "INSERT OR REPLACE INTO tags VALUES (?, 'mlflow.runName', ?)").run(runId, runName);
      }
    })();
    return { run_info: runInfo(runRow(db, row.run_id)) };
  });

  const deleteOrRestore = (stage: 'deleted' | 'active') => (params: Params) => {
    const runId = requiredString(params, 'run_id');
    runRow(db, runId);
    statement(db, 'UPDATE runs SET lifecycle_stage = ? WHERE run_id = ?').run(stage, runId);
    return {};
  };
  endpoint(app, 'POST', 'mlflow/runs/delete', deleteOrRestore('deleted'));
  endpoint(app, 'POST', 'mlflow/runs/restore', deleteOrRestore('active'));

  endpoint(app, 'POST', 'mlflow/runs/search', (params) => searchRuns(db, params));
}

type RunJson = {
  info: Record<string, unknown>;
  data: { metrics: { key: string; value: number | string }[]; params: unknown[]; tags: unknown[] };
  inputs: { dataset_inputs?: { tags: unknown[]; dataset: Record<string, unknown> }[] };
};

/** A run's dataset names, digests or contexts (the `mlflow.data.context` input tag): a filter matches any of them. */
function datasetValues(run: RunJson, key: string): string[] {
  return (run.inputs.dataset_inputs ?? []).flatMap((input) =>
    key === 'context'
      ? (input.tags as KeyValue[]).filter((tag) => tag.key === 'mlflow.data.context').map((tag) => tag.value)
      : typeof input.dataset[key] === 'string'
        ? [input.dataset[key]]
        : [],
  );
}

function runField(run: RunJson, entity: string, key: string): string | number | undefined {
  if (entity === 'metrics') {
    const value = run.data.metrics.find((m) => m.key === key)?.value;
    return typeof value === 'string' ? Number(value) : value;
  }
  if (entity === 'params') return (run.data.params as KeyValue[]).find((p) => p.key === key)?.value;
  if (entity === 'tags') return (run.data.tags as KeyValue[]).find((t) => t.key === key)?.value;
  return run.info[runAttributeKey(key)] as string | number | undefined;
}

function compareRuns(orderBy: readonly string[]): (a: RunJson, b: RunJson) => number {
  const clauses = [...orderBy, 'attributes.start_time DESC', 'attributes.run_id ASC'].map((clause) => {
    const match = /^\s*(?:(metrics?|params?|tags?|attributes?)\.)?[`"]?([^`"]+?)[`"]?(?:\s+(ASC|DESC))?\s*$/i.exec(clause);
    if (!match) throw invalid(`Invalid order_by clause '${clause}'`);
    const entity = (match[1] ?? 'attributes').toLowerCase().replace(/s?$/, 's');
    return { entity, key: match[2]!, descending: (match[3] ?? 'ASC').toUpperCase() === 'DESC' };
  });
  return (a, b) => {
    for (const clause of clauses) {
      const x = runField(a, clause.entity, clause.key);
      const y = runField(b, clause.entity, clause.key);
      if (x === y) continue;
      if (x === undefined) return 1;
      if (y === undefined) return -1;
      const order = x < y ? -1 : 1;
      return clause.descending ? -order : order;
    }
    return 0;
  };
}

function generateRunName(): string {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)]!;
  return `${pick(ADJECTIVES)}-${pick(ANIMALS)}-${Math.floor(Math.random() * 1000)}`;
}
