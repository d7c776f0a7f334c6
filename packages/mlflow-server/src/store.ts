import type { Statement } from 'better-sqlite3';
import type { Db } from './database.js';
import { invalid, notFound } from './errors.js';
import type { KeyValue } from './validation.js';

/**
 * What the route files share: the rows they read, the lookups several of them make, and a cache of prepared
 * statements.
 */

export interface ExperimentRow {
  experiment_id: number;
  name: string;
  artifact_location: string;
  lifecycle_stage: string;
  creation_time: number;
  last_update_time: number;
}

export interface RunRow {
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

export interface MetricRow {
  key: string;
  value: number;
  is_nan: number;
  timestamp: number;
  step: number;
}

export interface ModelRow {
  name: string;
  creation_timestamp: number;
  last_updated_timestamp: number;
  description: string;
}

export interface VersionRow {
  name: string;
  version: number;
  creation_timestamp: number;
  last_updated_timestamp: number;
  description: string;
  source: string;
  run_id: string;
  run_link: string;
  status: string;
  current_stage: string;
  storage_location: string | null;
}

const statements = new WeakMap<Db, Map<string, Statement>>();

/**
 * The database's prepared statement for `sql`, prepared on first use. Only for SQL from a bounded set of texts. A
 * statement is shared by every caller: run it with .get, .all or .run (which finish before they return), never
 * .iterate, and never switch its modes (.raw, .pluck, .expand, .safeIntegers).
 */
export function statement(db: Db, sql: string): Statement {
  let cache = statements.get(db);
  if (!cache) statements.set(db, (cache = new Map<string, Statement>()));
  let prepared = cache.get(sql);
  if (!prepared) cache.set(sql, (prepared = db.prepare(sql)));
  return prepared;
}

export function experimentById(db: Db, id: string): ExperimentRow {
  const row = /^\d+$/.test(id)
    ? (statement(db, 'SELECT * FROM experiments WHERE experiment_id = ?').get(Number(id)) as ExperimentRow | undefined)
    : undefined;
  if (!row) throw notFound(`No Experiment with id=${id} exists`);
  return row;
}

export function runRow(db: Db, runId: string): RunRow {
  const row = statement(db, 'SELECT * FROM runs WHERE run_id = ?').get(runId) as RunRow | undefined;
  if (!row) throw notFound(`Run with id=${runId} not found`);
  return row;
}

export function activeRun(db: Db, runId: string): RunRow {
  const row = runRow(db, runId);
  if (row.lifecycle_stage !== 'active')
    throw invalid(`The run ${runId} must be in the 'active' state. Current state is ${row.lifecycle_stage}.`);
  return row;
}

export function metricValue(row: MetricRow): number | string {
  return row.is_nan ? 'NaN' : row.value;
}

/**
 * The value a metric is stored as. MLflow's SQL store keeps NaN as 0 with a flag and replaces ±Infinity by the largest
 * finite double of that sign (`SqlAlchemyStore._get_metric_value_details`: "Sql can not represent Infs"), so an
 * infinite metric reads back as ±1.7976931348623157e308.
 */
export function storedMetricValue(value: number): number {
  if (Number.isNaN(value)) return 0;
  if (value === Number.POSITIVE_INFINITY) return Number.MAX_VALUE;
  if (value === Number.NEGATIVE_INFINITY) return -Number.MAX_VALUE;
  return value;
}

export function modelRow(db: Db, name: string): ModelRow {
  const row = statement(db, 'SELECT * FROM registered_models WHERE name = ?').get(name) as ModelRow | undefined;
  if (!row) throw notFound(`Registered Model with name=${name} not found`);
  return row;
}

export function versionRow(db: Db, name: string, version: string): VersionRow {
  const row = /^\d+$/.test(version)
    ? (statement(db, 'SELECT * FROM model_versions WHERE name = ? AND version = ? AND deleted = 0').get(name, Number(version)) as
        VersionRow | undefined)
    : undefined;
  if (!row) throw notFound(`Model Version (name=${name}, version=${version}) not found`);
  return row;
}

export function versionJson(db: Db, row: VersionRow) {
  return {
    name: row.name,
    version: String(row.version),
    creation_timestamp: row.creation_timestamp,
    last_updated_timestamp: row.last_updated_timestamp,
    current_stage: row.current_stage,
    description: row.description,
    source: row.source,
    run_id: row.run_id,
    status: row.status,
    tags: statement(db, 'SELECT key, value FROM model_version_tags WHERE name = ? AND version = ? ORDER BY key').all(row.name, row.version),
    run_link: row.run_link,
    aliases: (
      statement(db, 'SELECT alias FROM aliases WHERE name = ? AND version = ? ORDER BY alias').all(row.name, row.version) as {
        alias: string;
      }[]
    ).map((a) => a.alias),
  };
}

export function touchModel(db: Db, name: string, now = Date.now()): void {
  statement(db, 'UPDATE registered_models SET last_updated_timestamp = ? WHERE name = ?').run(now, name);
}

/** A registered model's or model version's tag: the key at most 250 characters, the value cut to 100,000. */
export function checkRegistryTag(tag: KeyValue): KeyValue {
  if (tag.key.length > 250) throw invalid(`'tag key' exceeds the maximum length of 250 characters`);
  return { key: tag.key, value: tag.value.slice(0, 100_000) };
}
