import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../database.js';
import { invalid, MlflowError, notFound } from '../errors.js';
import { matches, parseFilter, unquote, type Comparison } from '../filter.js';
import { pythonJsonDumps } from '../python-json.js';
import { endpoint } from '../routing.js';
import { keyValues, optionalInt64, optionalList, optionalString, requiredString, type Params } from '../validation.js';
import { errorMessage } from '@mlops-actions/common';

/**
 * MLflow 3's logged models (`/mlflow/logged-models…`), as MLflow 3.6's handlers (mlflow/server/handlers.py) and SQL
 * store (mlflow/store/tracking/sqlalchemy_store.py) answer them: what `mlflow.<flavor>.log_model`, `load_model` of
 * `runs:/…/model` and `models:/m-…`, and registering such a model call. Each rule below names where it comes from.
 */

export interface LoggedModelRow {
  model_id: string;
  experiment_id: number;
  name: string;
  artifact_location: string;
  creation_timestamp_ms: number;
  last_updated_timestamp_ms: number;
  status: number;
  lifecycle_stage: string;
  model_type: string | null;
  source_run_id: string | null;
}

// service.proto, enum LoggedModelStatus.
const STATUSES = ['LOGGED_MODEL_STATUS_UNSPECIFIED', 'LOGGED_MODEL_PENDING', 'LOGGED_MODEL_READY', 'LOGGED_MODEL_UPLOAD_FAILED'];
// The columns of SqlLoggedModel a filter or order_by may name (mlflow/store/tracking/dbmodels/models.py).
const COLUMNS = [
  'model_id',
  'experiment_id',
  'name',
  'artifact_location',
  'creation_timestamp_ms',
  'last_updated_timestamp_ms',
  'status',
  'lifecycle_stage',
  'model_type',
  'source_run_id',
  'status_message',
];
const NUMERIC_COLUMNS = ['creation_timestamp_ms', 'last_updated_timestamp_ms'];
const ALIASES = new Map([
  ['creation_time', 'creation_timestamp_ms'],
  ['creation_timestamp', 'creation_timestamp_ms'],
  ['last_updated_timestamp', 'last_updated_timestamp_ms'],
]);
const NUMERIC_OPERATORS = ['<', '<=', '>', '>=', '=', '!='];
const STRING_OPERATORS = ['=', '!=', 'LIKE', 'ILIKE', 'IN', 'NOT IN'];
const ADJECTIVES = ['brave', 'calm', 'clever', 'eager', 'gentle', 'bold', 'bright', 'quick', 'quiet', 'wise'];
const NOUNS = ['otter', 'heron', 'lynx', 'stork', 'fox', 'owl', 'panda', 'wren', 'seal', 'crane'];

/** `SqlAlchemyStore._raise_model_not_found`. */
export const modelNotFound = (modelId: string): MlflowError => notFound(`Logged model with ID '${modelId}' not found.`);

/** Python's repr() of a string, as MLflow's messages quote names. */
function pythonRepr(text: string): string {
  return text.includes("'") && !text.includes('"') ? `"${text}"` : `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** Python's repr() of a value from JSON, as MLflow's messages print lists and strings. */
function pythonValue(value: unknown): string {
  if (typeof value === 'string') return pythonRepr(value);
  if (Array.isArray(value)) return `[${value.map(pythonValue).join(', ')}]`;
  if (value === null || value === undefined) return 'None';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** An experiment id: a string, or a number turned into one (handlers.py `_stringify_all_experiment_ids`). */
function experimentIdOf(value: unknown, field: string): string {
  if (typeof value === 'number' && Number.isInteger(value)) return String(value);
  return requiredString({ [field]: value }, field);
}

/** A proto enum given by name, number or numeric string; undefined for an unknown one, as the proto parser drops it. */
function statusNumber(value: unknown): number | undefined {
  if (typeof value === 'string' && STATUSES.includes(value)) return STATUSES.indexOf(value);
  const number = typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : Number.NaN;
  return Number.isInteger(number) && number >= 0 && number < STATUSES.length ? number : undefined;
}

export interface LoggedModels {
  /** The model, or MLflow's 404 when it does not exist; a deleted one is found only with `deleted: true`. */
  row(modelId: string, options?: { deleted?: boolean }): LoggedModelRow;
  /** Sets or replaces tags (SqlAlchemyStore.set_logged_model_tags: a merge, the update time left alone). */
  setTags(modelId: string, tags: readonly { key: string; value: string }[]): void;
  /** Appends `{name, version}` to the model's `mlflow.modelVersions` tag (AbstractStore.set_model_versions_tags). */
  recordVersion(modelId: string, name: string, version: number): void;
}

export function registerLoggedModelRoutes(app: FastifyInstance, db: Db): LoggedModels {
  const row = (modelId: string, options: { deleted?: boolean } = {}): LoggedModelRow => {
    const found = db.prepare('SELECT * FROM logged_models WHERE model_id = ?').get(modelId) as LoggedModelRow | undefined;
    if (!found || (!options.deleted && found.lifecycle_stage === 'deleted')) throw modelNotFound(modelId);
    return found;
  };
  const tagsOf = (modelId: string) => db.prepare('SELECT key, value FROM logged_model_tags WHERE model_id = ? ORDER BY key').all(modelId);
  const setTags: LoggedModels['setTags'] = (modelId, tags) => {
    const insert = db.prepare('INSERT OR REPLACE INTO logged_model_tags VALUES (?, ?, ?)');
    for (const tag of tags) insert.run(modelId, tag.key, tag.value);
  };

  // LoggedModel.to_proto: status_message, creator_id and registrations are never written; model_type and
  // source_run_id when stored (the create handler stores "" when the client sends none); `data` always.
  const modelJson = (model: LoggedModelRow) => ({
    info: {
      model_id: model.model_id,
      experiment_id: String(model.experiment_id),
      name: model.name,
      creation_timestamp_ms: model.creation_timestamp_ms,
      last_updated_timestamp_ms: model.last_updated_timestamp_ms,
      artifact_uri: model.artifact_location,
      status: STATUSES[model.status],
      model_type: model.model_type ?? undefined,
      source_run_id: model.source_run_id ?? undefined,
      tags: tagsOf(model.model_id),
    },
    data: {
      params: db.prepare('SELECT key, value FROM logged_model_params WHERE model_id = ? ORDER BY key').all(model.model_id),
      // Every metric row the model has (the SQL store's relationship), not only the latest of each key.
      metrics: (
        db.prepare('SELECT * FROM logged_model_metrics WHERE model_id = ? ORDER BY key, timestamp, step, rowid').all(model.model_id) as {
          key: string;
          value: number;
          timestamp: number;
          step: number;
          run_id: string;
          dataset_name: string | null;
          dataset_digest: string | null;
        }[]
      ).map((m) => ({
        key: m.key,
        value: m.value,
        timestamp: m.timestamp,
        step: m.step,
        dataset_name: m.dataset_name || undefined,
        dataset_digest: m.dataset_digest || undefined,
        model_id: model.model_id,
        run_id: m.run_id || undefined,
      })),
    },
  });

  endpoint(app, 'POST', 'mlflow/logged-models', (params) => {
    const experimentId = experimentIdOf(params.experiment_id, 'experiment_id');
    const name = optionalString(params, 'name') || undefined;
    const modelType = optionalString(params, 'model_type') ?? '';
    const sourceRunId = optionalString(params, 'source_run_id') ?? '';
    const modelParams = keyValues(params, 'params');
    const tags = keyValues(params, 'tags');
    // mlflow/utils/validation.py `_validate_logged_model_name`.
    if (name !== undefined && /[/:.%"']/.test(name))
      throw invalid(
        `Invalid model name (${pythonRepr(name)}) provided. Model name must be a non-empty string and cannot contain the following characters: ('/', ':', '.', '%', '"', "'")`,
      );
    // The SQL store turns the id into an int inside its session: a non-number is Python's ValueError, a 500.
    if (!/^-?\d+$/.test(experimentId.trim()))
      throw new MlflowError('INTERNAL_ERROR', `invalid literal for int() with base 10: ${pythonRepr(experimentId)}`);
    const experiment = db.prepare('SELECT * FROM experiments WHERE experiment_id = ?').get(Number(experimentId)) as
      { experiment_id: number; artifact_location: string; lifecycle_stage: string } | undefined;
    if (!experiment) throw notFound(`No Experiment with id=${experimentId} exists`);
    if (experiment.lifecycle_stage !== 'active')
      throw invalid(`The experiment ${experimentId} must be in the 'active' state. Current state is ${experiment.lifecycle_stage}.`);
    const modelId = `m-${randomUUID().replace(/-/g, '')}`;
    const now = Date.now();
    const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)]!;
    db.transaction(() => {
      db.prepare(
        'INSERT INTO logged_models (model_id, experiment_id, name, artifact_location, creation_timestamp_ms, last_updated_timestamp_ms, status, model_type, source_run_id) VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?)',
      ).run(
        modelId,
        experiment.experiment_id,
        name ?? `${pick(ADJECTIVES)}-${pick(NOUNS)}-${Math.floor(Math.random() * 1000)}`,
        `${experiment.artifact_location.replace(/\/+$/, '')}/models/${modelId}/artifacts`,
        now,
        now,
        modelType,
        sourceRunId,
      );
      insertRows('logged_model_params', modelId, modelParams);
      insertRows('logged_model_tags', modelId, tags);
    })();
    return { model: modelJson(row(modelId)) };
  });

  /**
   * Params (and a new model's tags) are inserted, not merged: a key given twice is the SQL store's integrity error
   * (400 BAD_REQUEST).
   */
  const insertRows = (
    table: 'logged_model_params' | 'logged_model_tags',
    modelId: string,
    entries: readonly { key: string; value: string }[],
  ): void => {
    const insert = db.prepare(`INSERT INTO ${table} VALUES (?, ?, ?)`);
    for (const entry of entries) {
      try {
        insert.run(modelId, entry.key, entry.value);
      } catch (error) {
        throw new MlflowError('BAD_REQUEST', `(sqlite3.IntegrityError) ${errorMessage(error)}`);
      }
    }
  };

  endpoint(app, 'GET', 'mlflow/logged-models/:model_id', (params) => ({ model: modelJson(row(String(params.model_id))) }));

  // The handler finalizes the model the body names (its `model_id` is required), whatever the path says; any status
  // 0–3 is taken, with no check of the transition.
  endpoint(app, 'PATCH', 'mlflow/logged-models/:model_id', (params, request) => {
    const body = (request.body ?? {}) as Params;
    const modelId = requiredString(body, 'model_id');
    if (body.status === undefined || body.status === null || body.status === '') requiredString(body, 'status');
    const status = statusNumber(body.status);
    // The proto parser drops what it cannot read; `_assert_intlike` then refuses what int() refuses.
    const pythonType = Array.isArray(body.status)
      ? 'list'
      : typeof body.status === 'object'
        ? 'dict'
        : typeof body.status === 'string'
          ? 'str'
          : undefined;
    if (status === undefined && pythonType !== undefined && !(pythonType === 'str' && /^\d+$/.test(String(body.status))))
      throw invalid(
        `Invalid value ${JSON.stringify(body.status)} for parameter 'status' supplied:  Hint: Value was of type '${pythonType}'. See the API docs for more information about request parameters.`,
      );
    row(modelId, { deleted: true });
    db.prepare('UPDATE logged_models SET status = ?, last_updated_timestamp_ms = ? WHERE model_id = ?').run(
      status ?? 0,
      Date.now(),
      modelId,
    );
    return { model: modelJson(row(modelId, { deleted: true })) };
  });

  // A soft delete: the model leaves get and search, its rows stay; deleting again succeeds.
  endpoint(app, 'DELETE', 'mlflow/logged-models/:model_id', (params) => {
    const modelId = String(params.model_id);
    row(modelId, { deleted: true });
    db.prepare("UPDATE logged_models SET lifecycle_stage = 'deleted', last_updated_timestamp_ms = ? WHERE model_id = ?").run(
      Date.now(),
      modelId,
    );
    return {};
  });

  endpoint(app, 'PATCH', 'mlflow/logged-models/:model_id/tags', (params) => {
    const modelId = String(params.model_id);
    const tags = keyValues(params, 'tags');
    row(modelId, { deleted: true });
    setTags(modelId, tags);
    return {};
  });

  endpoint(app, 'DELETE', 'mlflow/logged-models/:model_id/tags/:tag_key', (params) => {
    const modelId = String(params.model_id);
    const key = String(params.tag_key);
    row(modelId, { deleted: true });
    if (db.prepare('DELETE FROM logged_model_tags WHERE model_id = ? AND key = ?').run(modelId, key).changes === 0)
      throw notFound(`No tag with key ${pythonRepr(key)} found for model with ID ${pythonRepr(modelId)}.`);
    return {};
  });

  // The body's `model_id` is required but the path's is the one used.
  endpoint(app, 'POST', 'mlflow/logged-models/:model_id/params', (params, request) => {
    requiredString((request.body ?? {}) as Params, 'model_id');
    const modelId = String(params.model_id);
    const entries = keyValues(params, 'params');
    row(modelId, { deleted: true });
    db.transaction(() => insertRows('logged_model_params', modelId, entries))();
    return {};
  });

  endpoint(app, 'POST', 'mlflow/logged-models/search', (params) => searchLoggedModels(db, params, modelJson));

  return {
    row,
    setTags,
    recordVersion(modelId, name, version) {
      row(modelId);
      const current = (tagsOf(modelId) as { key: string; value: string }[]).find((t) => t.key === 'mlflow.modelVersions');
      let versions: unknown[] = [];
      try {
        const parsed: unknown = current ? JSON.parse(current.value) : [];
        if (Array.isArray(parsed)) versions = parsed;
      } catch {
        // a tag someone set to something else: MLflow would fail here; starting a new list loses nothing of ours
      }
      if (!versions.some((v) => JSON.stringify(v) === JSON.stringify({ name, version })))
        setTags(modelId, [{ key: 'mlflow.modelVersions', value: pythonJsonDumps([...versions, { name, version }]) }]);
    },
  };
}

interface MetricRowLite {
  key: string;
  value: number;
  timestamp: number;
  step: number;
  dataset_name: string | null;
  dataset_digest: string | null;
}

interface Dataset {
  name: string;
  digest: string | null;
}

/** SearchLoggedModels: `parse_filter_string`, `_apply_order_by_search_logged_models` and the offset page token. */
function searchLoggedModels(db: Db, params: Params, modelJson: (row: LoggedModelRow) => unknown): unknown {
  const ids = optionalList(params, 'experiment_ids');
  if (ids === undefined)
    throw invalid("Missing value for required parameter 'experiment_ids'. See the API docs for more information about request parameters.");
  const experimentIds = ids.map((id) => experimentIdOf(id, 'experiment_ids'));
  const filter = optionalString(params, 'filter') || null;
  const datasets: Dataset[] | undefined = optionalList(params, 'datasets')?.map((entry) => {
    const item = (entry ?? {}) as Params;
    const name = optionalString(item, 'dataset_name') ?? '';
    if (name === '') throw invalid('`dataset_name` in the `datasets` clause must be specified.');
    return { name, digest: optionalString(item, 'dataset_digest') || null };
  });
  // The proto's default page size is 50, and 0 means the store's default of 100; there is no upper bound.
  const requested = optionalInt64(params, 'max_results');
  if (requested !== undefined && requested < 0)
    throw invalid(`Invalid value ${requested} for parameter 'max_results' supplied: it must not be negative.`);
  const maxResults = requested === undefined ? 50 : requested === 0 ? 100 : requested;
  const orderBy = (optionalList(params, 'order_by') ?? []).map((entry) => {
    const item = (entry ?? {}) as Params;
    return {
      field_name: requiredString(item, 'field_name'),
      ascending: item.ascending === undefined ? true : Boolean(item.ascending),
      dataset_name: optionalString(item, 'dataset_name') || null,
      dataset_digest: optionalString(item, 'dataset_digest') || null,
    };
  });
  let parsed: Comparison[];
  try {
    parsed = parseFilter(filter ?? undefined);
  } catch (error) {
    if (error instanceof MlflowError && error.message.startsWith('Invalid filter'))
      throw invalid(
        `Invalid filter string: '${filter}'. Expected a list of comparisons separated by 'AND' (e.g. 'metrics.loss > 0.1 AND params.lr = 0.01').`,
      );
    throw error;
  }
  const comparisons = parsed.map(checkComparison);

  let offset = 0;
  const token = optionalString(params, 'page_token');
  if (token) {
    let decoded: unknown;
    try {
      decoded = JSON.parse(Buffer.from(token, 'base64').toString('utf8'));
    } catch (error) {
      throw invalid(`Invalid page token: ${token}. ${errorMessage(error)}`);
    }
    if (decoded === null || typeof decoded !== 'object' || Array.isArray(decoded)) throw invalid(`Invalid page token: ${token}.`);
    const given = decoded as { experiment_ids?: unknown; filter_string?: unknown; order_by?: unknown; offset?: unknown };
    // SearchLoggedModelsPaginationToken.validate: the token holds the query it pages through.
    if (JSON.stringify(given.experiment_ids) !== JSON.stringify(experimentIds))
      throw invalid(
        `Experiment IDs in the page token do not match the requested experiment IDs. Expected: ${pythonValue(experimentIds)}. Found: ${pythonValue(given.experiment_ids)}`,
      );
    if ((given.filter_string ?? null) !== filter)
      throw invalid(
        `Filter string in the page token does not match the requested filter string. Expected: ${pythonValue(filter)}. Found: ${pythonValue(given.filter_string)}`,
      );
    const expectedOrder = orderBy.length ? orderBy : null;
    if (JSON.stringify(given.order_by ?? null) !== JSON.stringify(expectedOrder))
      throw invalid(
        `Order by in the page token does not match the requested order by. Expected: ${JSON.stringify(expectedOrder)}. Found: ${JSON.stringify(given.order_by ?? null)}`,
      );
    if (typeof given.offset !== 'number' || !Number.isInteger(given.offset) || given.offset < 0)
      throw invalid(`Invalid page token: ${token}.`);
    offset = given.offset;
  }

  const numericIds = experimentIds.filter((id) => /^\d+$/.test(id)).map(Number);
  if (numericIds.length !== experimentIds.length)
    throw new MlflowError(
      'INTERNAL_ERROR',
      `invalid literal for int() with base 10: ${pythonRepr(experimentIds.find((id) => !/^\d+$/.test(id))!)}`,
    );
  const rows =
    numericIds.length === 0
      ? []
      : (db
          .prepare(
            `SELECT *, rowid FROM logged_models WHERE lifecycle_stage != 'deleted' AND experiment_id IN (${numericIds.map(() => '?').join(',')})`,
          )
          .all(...numericIds) as (LoggedModelRow & { rowid: number })[]);
  // Each model's metric rows are read once, for the filter and the sort alike.
  const metricRows = new Map<string, MetricRowLite[]>();
  const metricsOf = (modelId: string): MetricRowLite[] => {
    let rows = metricRows.get(modelId);
    if (!rows) {
      rows = db.prepare('SELECT * FROM logged_model_metrics WHERE model_id = ?').all(modelId) as MetricRowLite[];
      metricRows.set(modelId, rows);
    }
    return rows;
  };
  const onDatasets = (m: MetricRowLite): boolean =>
    !datasets || datasets.some((d) => m.dataset_name === d.name && (m.dataset_digest ?? null) === d.digest);
  const keyValue = (table: 'logged_model_params' | 'logged_model_tags', modelId: string, key: string) =>
    (db.prepare(`SELECT value FROM ${table} WHERE model_id = ? AND key = ?`).get(modelId, key) as { value: string } | undefined)?.value;

  const kept = rows.filter((model) => {
    const metrics = metricsOf(model.model_id);
    if (datasets && !comparisons.some((c) => c.entity === 'metrics') && !metrics.some(onDatasets)) return false;
    return comparisons.every((c) => {
      if (c.entity === 'metrics') return metrics.some((m) => m.key === c.key && onDatasets(m) && matches(m.value, c.op, c.value));
      if (c.entity === 'params' || c.entity === 'tags') {
        const actual = keyValue(c.entity === 'params' ? 'logged_model_params' : 'logged_model_tags', model.model_id, c.key);
        return actual !== undefined && matches(actual, c.op, c.value);
      }
      const actual = (model as unknown as Record<string, string | number | null>)[c.key];
      return actual !== null && actual !== undefined && matches(c.key === 'status' ? String(actual) : actual, c.op, c.value);
    });
  });

  const latest = (modelId: string, key: string, name: string | null, digest: string | null): number | undefined =>
    metricsOf(modelId)
      .filter((m) => m.key === key && (!name || m.dataset_name === name) && (!digest || m.dataset_digest === digest))
      .sort((a, b) => b.timestamp - a.timestamp || b.step - a.step)[0]?.value;
  const sortKeys = orderBy.map((clause) => {
    const field = ALIASES.get(clause.field_name) ?? clause.field_name;
    if (field.includes('.')) {
      if (!field.startsWith('metrics.')) throw invalid(`Invalid order by field name: ${clause.field_name}. Only metrics are supported.`);
      const key = field.slice('metrics.'.length);
      return {
        field,
        ascending: clause.ascending,
        value: (m: LoggedModelRow) => latest(m.model_id, key, clause.dataset_name, clause.dataset_digest),
      };
    }
    if (!COLUMNS.includes(field)) throw invalid(`Invalid order by field name: ${clause.field_name}`);
    return {
      field,
      ascending: clause.ascending,
      value: (m: LoggedModelRow) => (m as unknown as Record<string, string | number | null>)[field] ?? undefined,
    };
  });
  if (!sortKeys.some((k) => k.field === 'creation_timestamp_ms'))
    sortKeys.push({ field: 'creation_timestamp_ms', ascending: false, value: (m) => m.creation_timestamp_ms });
  // Each model's sort values are worked out once, not at every comparison.
  const decorated = kept.map((model) => ({ model, values: sortKeys.map((key) => key.value(model)) }));
  decorated.sort((a, b) => {
    for (const [index, key] of sortKeys.entries()) {
      const x = a.values[index];
      const y = b.values[index];
      if (x === y) continue;
      // NULLs last, in both directions.
      if (x === undefined) return 1;
      if (y === undefined) return -1;
      const order = x < y ? -1 : 1;
      return key.ascending ? order : -order;
    }
    return b.model.rowid - a.model.rowid;
  });
  const ordered = decorated.map((entry) => entry.model);
  const page = ordered.slice(offset, offset + maxResults);
  const next =
    ordered.length > offset + maxResults
      ? Buffer.from(
          pythonJsonDumps({
            experiment_ids: experimentIds,
            filter_string: filter,
            order_by: orderBy.length ? orderBy : null,
            offset: offset + maxResults,
          }),
        ).toString('base64')
      : undefined;
  return { models: page.map(modelJson), next_page_token: next };
}

/** mlflow/utils/search_logged_model_utils.py: the entity, key, operator and value a comparison may have. */
function checkComparison(comparison: Comparison): Comparison {
  const match = /^([a-z]+)\.(.+)$/.exec(comparison.identifier);
  let entity = 'attributes';
  let key = ALIASES.get(comparison.identifier) ?? unquote(comparison.identifier);
  if (match) {
    if (!['attributes', 'metrics', 'params', 'tags'].includes(match[1]!))
      throw invalid(`Invalid entity type: '${match[1]}'. Expected one of ['attributes', 'metrics', 'params', 'tags'].`);
    entity = match[1]!;
    key = unquote(match[2]!);
  }
  if (entity === 'attributes' && !COLUMNS.includes(key))
    throw new MlflowError('INTERNAL_ERROR', `type object 'SqlLoggedModel' has no attribute '${key}'`);
  const numeric = entity === 'metrics' || (entity === 'attributes' && NUMERIC_COLUMNS.includes(key));
  if (!(numeric ? NUMERIC_OPERATORS : STRING_OPERATORS).includes(comparison.op))
    throw invalid(
      `Invalid comparison operator for ${entity === 'attributes' ? 'attribute' : entity.replace(/s$/, '')}: '${comparison.op}'. Expected one of ('=', '!=', 'LIKE', 'ILIKE', 'IN', 'NOT IN').`,
    );
  if (numeric && typeof comparison.value !== 'number')
    throw new MlflowError('INTERNAL_ERROR', `could not convert string to float: ${pythonRepr(`'${String(comparison.value)}'`)}`);
  return { ...comparison, entity, key };
}
