import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../database.js';
import { alreadyExists, invalid, MlflowError, notFound } from '../errors.js';
import { checkRunFilter, matches, paginate, parseFilter, runAttributeKey } from '../filter.js';
import { endpoint } from '../routing.js';
import {
  keyValues,
  maxResults,
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

interface ExperimentRow {
  experiment_id: number;
  name: string;
  artifact_location: string;
  lifecycle_stage: string;
  creation_time: number;
  last_update_time: number;
}

interface RunRow {
  run_id: string;
  experiment_id: number;
  run_name: string;
  user_id: string;
  status: string;
  start_time: number | null;
  end_time: number | null;
  artifact_uri: string;
  lifecycle_stage: string;
}

interface DatasetRow {
  dataset_uuid: string;
  name: string;
  digest: string;
  source_type: string;
  source: string;
  schema: string | null;
  profile: string | null;
}

interface MetricRow {
  key: string;
  value: number;
  is_nan: number;
  timestamp: number;
  step: number;
}

const RUN_STATUSES = ['RUNNING', 'SCHEDULED', 'FINISHED', 'FAILED', 'KILLED'];
const ADJECTIVES = ['brave', 'calm', 'clever', 'eager', 'gentle', 'bold', 'bright', 'quick', 'quiet', 'wise', 'lucky', 'merry'];
const ANIMALS = ['otter', 'heron', 'lynx', 'stork', 'fox', 'owl', 'panda', 'wren', 'seal', 'crane', 'moth', 'hare'];

export function metricValue(row: MetricRow): number | string {
  return row.is_nan ? 'NaN' : row.value;
}

/**
 * The value a metric is stored as. MLflow's SQL store keeps NaN as 0 with a flag and replaces ±Infinity by the largest
 * finite double of that sign (`SqlAlchemyStore._get_metric_value_details`: "Sql can not represent Infs"), so an
 * infinite metric reads back as ±1.7976931348623157e308.
 */
function storedMetricValue(value: number): number {
  if (Number.isNaN(value)) return 0;
  if (value === Number.POSITIVE_INFINITY) return Number.MAX_VALUE;
  if (value === Number.NEGATIVE_INFINITY) return -Number.MAX_VALUE;
  return value;
}

export function registerTrackingRoutes(app: FastifyInstance, db: Db): void {
  // MLflow answers with the proto's JSON, which leaves out an empty repeated field: an experiment without tags has no
  // "tags" key (mlflow-python-client-flows.jsonl, seq 14).
  const experimentJson = (row: ExperimentRow) => {
    const tags = db
      .prepare('SELECT key, value FROM experiment_tags WHERE experiment_id = ? ORDER BY rowid')
      .all(row.experiment_id) as KeyValue[];
    return {
      experiment_id: String(row.experiment_id),
      name: row.name,
      artifact_location: row.artifact_location,
      lifecycle_stage: row.lifecycle_stage,
      last_update_time: row.last_update_time,
      creation_time: row.creation_time,
      ...(tags.length > 0 ? { tags } : {}),
    };
  };
  const experimentById = (id: string): ExperimentRow => {
    const row = /^\d+$/.test(id)
      ? (db.prepare('SELECT * FROM experiments WHERE experiment_id = ?').get(Number(id)) as ExperimentRow | undefined)
      : undefined;
    if (!row) throw notFound(`No Experiment with id=${id} exists`);
    return row;
  };

  endpoint(app, 'GET', 'mlflow/experiments/get-by-name', (params) => {
    const name = requiredString(params, 'experiment_name');
    const row = db.prepare('SELECT * FROM experiments WHERE name = ?').get(name) as ExperimentRow | undefined;
    if (!row) throw notFound(`Could not find experiment with name '${name}'`);
    return { experiment: experimentJson(row) };
  });

  endpoint(app, 'GET', 'mlflow/experiments/get', (params) => ({
    experiment: experimentJson(experimentById(requiredString(params, 'experiment_id'))),
  }));

  endpoint(app, 'POST', 'mlflow/experiments/create', (params) => {
    const name = requiredString(params, 'name');
    if (name.length > 500) throw invalid(`Experiment name exceeds the maximum length of 500 characters`);
    const tags = keyValues(params, 'tags');
    const now = Date.now();
    const id = db
      .transaction(() => {
        if (db.prepare('SELECT 1 FROM experiments WHERE name = ?').get(name))
          throw alreadyExists(`Experiment(name=${name}) already exists.`);
        const next = (db.prepare('SELECT COALESCE(MAX(experiment_id), 0) + 1 AS id FROM experiments').get() as { id: number }).id;
        const location = optionalString(params, 'artifact_location') ?? `mlflow-artifacts:/${next}`;
        db.prepare(
          'INSERT INTO experiments (experiment_id, name, artifact_location, creation_time, last_update_time) VALUES (?, ?, ?, ?, ?)',
        ).run(next, name, location, now, now);
        for (const tag of tags)
          db.prepare('INSERT OR REPLACE INTO experiment_tags VALUES (?, ?, ?)').run(
            next,
            validateKey(tag.key, 'tag key'),
            truncate(tag.value, 5000),
          );
        return next;
      })
      .immediate();
    return { experiment_id: String(id) };
  });

  // Experiment tags, rename, delete and restore, as MLflow's SQL store does them (mlflow/store/tracking/
  // sqlalchemy_store.py): a deleted experiment takes no tags and no new name, deleting one deletes its
  // runs and restoring it restores them, and each change moves last_update_time. Exchanges: the recording, seq 6–16.
  const activeExperiment = (id: string): ExperimentRow => {
    const row = experimentById(id);
    // _check_experiment_is_active raises INVALID_PARAMETER_VALUE (400); only the rename uses INVALID_STATE.
    if (row.lifecycle_stage !== 'active')
      throw invalid(`The experiment ${row.experiment_id} must be in the 'active' state. Current state is ${row.lifecycle_stage}.`);
    return row;
  };
  const touchExperiment = (id: number): void => {
    db.prepare('UPDATE experiments SET last_update_time = ? WHERE experiment_id = ?').run(Date.now(), id);
  };
  endpoint(app, 'POST', 'mlflow/experiments/set-experiment-tag', (params) => {
    const row = activeExperiment(requiredString(params, 'experiment_id'));
    const key = validateKey(requiredString(params, 'key'), 'tag key');
    // The handler asserts a string only: a missing or empty value is stored as "".
    const value = optionalString(params, 'value') ?? '';
    if (value.length > 5000) throw invalid(`'value' exceeds the maximum length of 5000 characters`);
    db.prepare('INSERT INTO experiment_tags VALUES (?, ?, ?) ON CONFLICT (experiment_id, key) DO UPDATE SET value = excluded.value').run(
      row.experiment_id,
      key,
      value,
    );
    return {};
  });
  endpoint(app, 'POST', 'mlflow/experiments/delete-experiment-tag', (params) => {
    const row = activeExperiment(requiredString(params, 'experiment_id'));
    const key = requiredString(params, 'key');
    const deleted = db.prepare('DELETE FROM experiment_tags WHERE experiment_id = ? AND key = ?').run(row.experiment_id, key);
    if (deleted.changes === 0) throw notFound(`No tag with name: ${key} in experiment with id ${row.experiment_id}`);
    return {};
  });
  endpoint(app, 'POST', 'mlflow/experiments/update', (params) => {
    const row = experimentById(requiredString(params, 'experiment_id'));
    const name = requiredString(params, 'new_name');
    if (row.lifecycle_stage !== 'active') throw new MlflowError('INVALID_STATE', 'Cannot rename a non-active experiment.');
    if (name.length > 500) throw invalid(`Experiment name exceeds the maximum length of 500 characters`);
    db.transaction(() => {
      const other = db.prepare('SELECT experiment_id FROM experiments WHERE name = ?').get(name) as { experiment_id: number } | undefined;
      if (other && other.experiment_id !== row.experiment_id) throw alreadyExists(`Experiment(name=${name}) already exists.`);
      db.prepare('UPDATE experiments SET name = ?, last_update_time = ? WHERE experiment_id = ?').run(name, Date.now(), row.experiment_id);
    }).immediate();
    return {};
  });
  const moveExperiment = (from: 'active' | 'deleted', to: 'active' | 'deleted') => (params: Params) => {
    const row = experimentById(requiredString(params, 'experiment_id'));
    // The SQL store looks the experiment up among those in the state it leaves: one in the other state is not found.
    if (row.lifecycle_stage !== from) throw notFound(`No Experiment with id=${requiredString(params, 'experiment_id')} exists`);
    db.transaction(() => {
      db.prepare('UPDATE experiments SET lifecycle_stage = ? WHERE experiment_id = ?').run(to, row.experiment_id);
      db.prepare('UPDATE runs SET lifecycle_stage = ? WHERE experiment_id = ?').run(to, row.experiment_id);
      touchExperiment(row.experiment_id);
    }).immediate();
    return {};
  };
  endpoint(app, 'POST', 'mlflow/experiments/delete', moveExperiment('active', 'deleted'));
  endpoint(app, 'POST', 'mlflow/experiments/restore', moveExperiment('deleted', 'active'));

  const searchExperiments = (params: Params) => {
    const limit = maxResults(params, 1000, 50_000);
    const filters = parseFilter(optionalString(params, 'filter'));
    const view = optionalString(params, 'view_type') ?? 'ACTIVE_ONLY';
    const rows = (db.prepare('SELECT * FROM experiments ORDER BY experiment_id DESC').all() as ExperimentRow[])
      .filter((row) => view === 'ALL' || (view === 'DELETED_ONLY' ? row.lifecycle_stage === 'deleted' : row.lifecycle_stage === 'active'))
      .map(experimentJson)
      .filter((exp) =>
        filters.every((f) =>
          matches(
            f.entity === 'tags' ? exp.tags?.find((t) => t.key === f.key)?.value : f.key === 'name' ? exp.name : undefined,
            f.op,
            f.value,
          ),
        ),
      );
    const { page, nextPageToken } = paginate(rows, limit, optionalString(params, 'page_token'));
    return { experiments: page, next_page_token: nextPageToken };
  };
  endpoint(app, 'POST', 'mlflow/experiments/search', searchExperiments);
  endpoint(app, 'GET', 'mlflow/experiments/search', searchExperiments);

  const runRow = (runId: string): RunRow => {
    const row = db.prepare('SELECT * FROM runs WHERE run_id = ?').get(runId) as RunRow | undefined;
    if (!row) throw notFound(`Run with id=${runId} not found`);
    return row;
  };
  const activeRun = (runId: string): RunRow => {
    const row = runRow(runId);
    if (row.lifecycle_stage !== 'active')
      throw invalid(`The run ${runId} must be in the 'active' state. Current state is ${row.lifecycle_stage}.`);
    return row;
  };
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
  const latestMetrics = db.prepare(`
    SELECT key, value, is_nan, timestamp, step FROM (
      SELECT *, ROW_NUMBER() OVER (PARTITION BY key ORDER BY step DESC, timestamp DESC, rowid DESC) AS rank FROM metrics WHERE run_id = ?
    ) WHERE rank = 1 ORDER BY key`);
  // Dataset inputs (runs/log-inputs), as MLflow's SQL store keeps them: a dataset is one per (experiment, name,
  // digest), linked to a run once, with the link's tags; limits from mlflow/utils/validation.py.
  const datasetInputs = (runId: string) => {
    const rows = db
      .prepare('SELECT d.* FROM inputs i JOIN datasets d ON d.dataset_uuid = i.dataset_uuid WHERE i.run_id = ? ORDER BY i.rowid')
      .all(runId) as DatasetRow[];
    if (rows.length === 0) return {};
    return {
      dataset_inputs: rows.map((row) => ({
        tags: db
          .prepare('SELECT key, value FROM input_tags WHERE run_id = ? AND dataset_uuid = ? ORDER BY key')
          .all(runId, row.dataset_uuid),
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
  };
  endpoint(app, 'POST', 'mlflow/runs/log-inputs', (params) => {
    const run = runRow(requiredString(params, 'run_id'));
    if (run.lifecycle_stage !== 'active')
      throw invalid(`The run ${run.run_id} must be in the 'active' state. Current state is ${run.lifecycle_stage}.`);
    const models = (optionalList(params, 'models') ?? []).map((entry) => requiredString((entry ?? {}) as Params, 'model_id'));
    const datasets = optionalList(params, 'datasets') ?? [];
    if (datasets.length > 1000)
      throw invalid(`A batch logging request can contain at most 1000 datasets. Got ${datasets.length} datasets.`);
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
      for (const modelId of models) db.prepare("INSERT INTO run_models VALUES (?, ?, 'input', 0)").run(run.run_id, modelId);
      for (const entry of entries) {
        db.prepare(
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
        const { dataset_uuid: uuid } = db
          .prepare('SELECT dataset_uuid FROM datasets WHERE experiment_id = ? AND name = ? AND digest = ?')
          .get(run.experiment_id, entry.name, entry.digest) as { dataset_uuid: string };
        const linked = db.prepare('INSERT OR IGNORE INTO inputs (run_id, dataset_uuid) VALUES (?, ?)').run(run.run_id, uuid);
        if (linked.changes > 0)
          for (const tag of entry.tags)
            db.prepare('INSERT OR REPLACE INTO input_tags VALUES (?, ?, ?, ?)').run(run.run_id, uuid, tag.key, tag.value);
      }
    }).immediate();
    return {};
  });

  // The logged models a run took in (runs/log-inputs `models`) or produced (runs/outputs), in the order logged.
  const runModels = (runId: string, direction: 'input' | 'output') =>
    db.prepare('SELECT model_id, step FROM run_models WHERE run_id = ? AND direction = ? ORDER BY rowid').all(runId, direction) as {
      model_id: string;
      step: number;
    }[];
  // MLflow 3 answers runs/get and runs/search with an "outputs" object (the logged models a run produced, empty
  // without), runs/create without one (mlflow-python-client-flows.jsonl); only runs/get lists model inputs
  // (SqlAlchemyStore.get_run; search fills outputs alone, `_get_model_outputs_bulk`).
  const runJson = (row: RunRow, options: { outputs?: boolean; modelInputs?: boolean } = {}) => ({
    info: runInfo(row),
    data: {
      metrics: (latestMetrics.all(row.run_id) as MetricRow[]).map((m) => ({
        key: m.key,
        value: metricValue(m),
        timestamp: m.timestamp,
        step: m.step,
      })),
      params: db.prepare('SELECT key, value FROM params WHERE run_id = ? ORDER BY key').all(row.run_id),
      tags: db.prepare('SELECT key, value FROM tags WHERE run_id = ? ORDER BY key').all(row.run_id),
    },
    inputs: {
      ...datasetInputs(row.run_id),
      model_inputs: options.modelInputs ? runModels(row.run_id, 'input').map((m) => ({ model_id: m.model_id })) : undefined,
    },
    ...(options.outputs ? { outputs: { model_outputs: runModels(row.run_id, 'output') } } : {}),
  });

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
    activeRun(runId);
    db.transaction(() => {
      for (const output of outputs) db.prepare("INSERT INTO run_models VALUES (?, ?, 'output', ?)").run(runId, output.modelId, output.step);
    })();
    return {};
  });

  endpoint(app, 'POST', 'mlflow/runs/create', (params) => {
    const experimentId = optionalString(params, 'experiment_id') ?? '0';
    const experiment = experimentById(experimentId);
    if (experiment.lifecycle_stage !== 'active')
      throw invalid(`The experiment ${experimentId} must be in the 'active' state. Current state is ${experiment.lifecycle_stage}.`);
    const tags = keyValues(params, 'tags');
    const runId = randomUUID().replace(/-/g, '');
    const runName = optionalString(params, 'run_name') || tags.find((t) => t.key === 'mlflow.runName')?.value || generateRunName();
    const start = optionalInt64(params, 'start_time') ?? Date.now();
    db.transaction(() => {
      db.prepare('INSERT INTO runs VALUES (?, ?, ?, ?, ?, ?, NULL, ?, ?)').run(
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
        db.prepare('INSERT OR REPLACE INTO tags VALUES (?, ?, ?)').run(runId, validateKey(tag.key, 'tag key'), truncate(tag.value, 8000));
      }
    })();
    return { run: runJson(runRow(runId)) };
  });

  endpoint(app, 'GET', 'mlflow/runs/get', (params) => ({
    run: runJson(runRow(optionalString(params, 'run_id') || requiredString(params, 'run_uuid')), { outputs: true, modelInputs: true }),
  }));

  endpoint(app, 'POST', 'mlflow/runs/update', (params) => {
    const runId = optionalString(params, 'run_id') || requiredString(params, 'run_uuid');
    const row = activeRun(runId);
    const status = optionalString(params, 'status');
    const endTime = optionalInt64(params, 'end_time');
    const runName = optionalString(params, 'run_name');
    db.transaction(() => {
      // An unknown status is dropped, as MLflow's proto parser drops unknown enum values.
      if (status !== undefined && RUN_STATUSES.includes(status))
        db.prepare('UPDATE runs SET status = ? WHERE run_id = ?').run(status, runId);
      if (endTime !== undefined) db.prepare('UPDATE runs SET end_time = ? WHERE run_id = ?').run(endTime, runId);
      if (runName) {
        db.prepare('UPDATE runs SET run_name = ? WHERE run_id = ?').run(runName, runId);
        db.prepare("INSERT OR REPLACE INTO tags VALUES (?, 'mlflow.runName', ?)").run(runId, runName);
      }
    })();
    return { run_info: runInfo(runRow(row.run_id)) };
  });

  const deleteOrRestore = (stage: 'deleted' | 'active') => (params: Params) => {
    const runId = requiredString(params, 'run_id');
    runRow(runId);
    db.prepare('UPDATE runs SET lifecycle_stage = ? WHERE run_id = ?').run(stage, runId);
    return {};
  };
  endpoint(app, 'POST', 'mlflow/runs/delete', deleteOrRestore('deleted'));
  endpoint(app, 'POST', 'mlflow/runs/restore', deleteOrRestore('active'));

  // An exact duplicate (same key, step, timestamp and value) is ignored, so a retried batch never doubles a point.
  const insertMetric = db.prepare('INSERT OR IGNORE INTO metrics (run_id, key, value, is_nan, timestamp, step) VALUES (?, ?, ?, ?, ?, ?)');
  const logParams = (runId: string, entries: readonly KeyValue[]): void => {
    const seen = new Set<string>();
    const duplicates = entries.filter((p) => (seen.has(p.key) ? true : (seen.add(p.key), false))).map((p) => p.key);
    if (duplicates.length)
      throw invalid(
        `Duplicate parameter keys have been submitted: ${JSON.stringify(duplicates)}. Please ensure the request contains only one param value per param key.`,
      );
    for (const param of entries) {
      const value = truncate(param.value, 6000);
      const existing = db
        .prepare('SELECT value FROM params WHERE run_id = ? AND key = ?')
        .get(runId, validateKey(param.key, 'param name')) as { value: string } | undefined;
      if (existing && existing.value !== value) {
        throw invalid(
          `Changing param values is not allowed. Param with key='${param.key}' was already logged with value='${existing.value}' for run ID='${runId}'. Attempted logging new value '${value}'.`,
        );
      }
      if (!existing) db.prepare('INSERT INTO params VALUES (?, ?, ?)').run(runId, param.key, value);
    }
  };
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
  const insertModelMetric = db.prepare('INSERT OR IGNORE INTO logged_model_metrics VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  const logMetric = (runId: string, metric: ReturnType<typeof parseMetric>): void => {
    insertMetric.run(runId, metric.key, storedMetricValue(metric.value), Number.isNaN(metric.value) ? 1 : 0, metric.timestamp, metric.step);
    if (metric.modelId === undefined) return;
    if (!db.prepare('SELECT 1 FROM logged_models WHERE model_id = ?').get(metric.modelId))
      throw new MlflowError('BAD_REQUEST', '(sqlite3.IntegrityError) FOREIGN KEY constraint failed');
    insertModelMetric.run(
      metric.modelId,
      metric.key,
      storedMetricValue(metric.value),
      metric.timestamp,
      metric.step,
      runId,
      metric.datasetName,
      metric.datasetDigest,
    );
  };
  const setTag = (runId: string, tag: KeyValue): void => {
    db.prepare('INSERT OR REPLACE INTO tags VALUES (?, ?, ?)').run(runId, validateKey(tag.key, 'tag key'), truncate(tag.value, 8000));
    if (tag.key === 'mlflow.runName') db.prepare('UPDATE runs SET run_name = ? WHERE run_id = ?').run(tag.value, runId);
  };

  endpoint(app, 'POST', 'mlflow/runs/log-metric', (params) => {
    const runId = optionalString(params, 'run_id') || requiredString(params, 'run_uuid');
    const metric = parseMetric(params);
    activeRun(runId);
    logMetric(runId, metric);
    return {};
  });
  endpoint(app, 'POST', 'mlflow/runs/log-parameter', (params) => {
    const runId = optionalString(params, 'run_id') || requiredString(params, 'run_uuid');
    activeRun(runId);
    db.transaction(() => logParams(runId, [{ key: requiredString(params, 'key'), value: optionalString(params, 'value') ?? '' }]))();
    return {};
  });
  endpoint(app, 'POST', 'mlflow/runs/set-tag', (params) => {
    const runId = optionalString(params, 'run_id') || requiredString(params, 'run_uuid');
    activeRun(runId);
    setTag(runId, { key: requiredString(params, 'key'), value: optionalString(params, 'value') ?? '' });
    return {};
  });
  endpoint(app, 'POST', 'mlflow/runs/delete-tag', (params) => {
    const runId = requiredString(params, 'run_id');
    activeRun(runId);
    const key = requiredString(params, 'key');
    if (db.prepare('DELETE FROM tags WHERE run_id = ? AND key = ?').run(runId, key).changes === 0)
      throw notFound(`No tag with name: ${key} in run with id ${runId}`);
    return {};
  });

  endpoint(app, 'POST', 'mlflow/runs/log-batch', (params) => {
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
    activeRun(runId);
    db.transaction(() => {
      logParams(runId, paramsList);
      for (const metric of parsedMetrics) logMetric(runId, metric);
      for (const tag of tags) setTag(runId, tag);
    })();
    return {};
  });

  endpoint(app, 'POST', 'mlflow/runs/search', (params) => {
    const experimentIds = (optionalList(params, 'experiment_ids') ?? []).map(String);
    const limit = maxResults(params, 1000, 50_000);
    const view = optionalString(params, 'run_view_type') ?? 'ACTIVE_ONLY';
    const filters = parseFilter(optionalString(params, 'filter'));
    checkRunFilter(filters);
    const orderBy = (optionalList(params, 'order_by') ?? []).map(String);
    const rows =
      experimentIds.length === 0
        ? []
        : (db
            .prepare(`SELECT * FROM runs WHERE experiment_id IN (${experimentIds.map(() => '?').join(',')})`)
            .all(...experimentIds.map(Number)) as RunRow[]);
    const runs = rows
      .filter((row) => view === 'ALL' || (view === 'DELETED_ONLY' ? row.lifecycle_stage === 'deleted' : row.lifecycle_stage === 'active'))
      .map((row) => runJson(row, { outputs: true }))
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
  });

  endpoint(app, 'GET', 'mlflow/metrics/get-history', (params) => {
    const runId = optionalString(params, 'run_id') || requiredString(params, 'run_uuid');
    runRow(runId);
    const key = requiredString(params, 'metric_key');
    const limit = optionalInt64(params, 'max_results') ?? 25_000;
    const rows = db
      .prepare('SELECT key, value, is_nan, timestamp, step FROM metrics WHERE run_id = ? AND key = ? ORDER BY step, timestamp, rowid')
      .all(runId, key) as MetricRow[];
    const { page, nextPageToken } = paginate(rows, Math.max(1, limit), optionalString(params, 'page_token'));
    return {
      metrics: page.map((m) => ({ key: m.key, value: metricValue(m), timestamp: m.timestamp, step: m.step })),
      next_page_token: nextPageToken,
    };
  });
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
