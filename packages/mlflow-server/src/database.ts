import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { importExternal } from '@mlops-actions/common';
import type Database from 'better-sqlite3';

export type Db = Database.Database;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS experiments (
  experiment_id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  artifact_location TEXT NOT NULL,
  lifecycle_stage TEXT NOT NULL DEFAULT 'active',
  creation_time INTEGER NOT NULL,
  last_update_time INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS experiment_tags (
  experiment_id INTEGER NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL,
  PRIMARY KEY (experiment_id, key)
);
CREATE TABLE IF NOT EXISTS runs (
  run_id TEXT PRIMARY KEY,
  experiment_id INTEGER NOT NULL,
  run_name TEXT NOT NULL,
  user_id TEXT NOT NULL,
  status TEXT NOT NULL,
  start_time INTEGER,
  end_time INTEGER,
  artifact_uri TEXT NOT NULL,
  lifecycle_stage TEXT NOT NULL DEFAULT 'active'
);
CREATE INDEX IF NOT EXISTS runs_by_experiment ON runs (experiment_id);
CREATE TABLE IF NOT EXISTS datasets (
  dataset_uuid TEXT PRIMARY KEY, experiment_id INTEGER NOT NULL, name TEXT NOT NULL, digest TEXT NOT NULL,
  source_type TEXT NOT NULL, source TEXT NOT NULL, schema TEXT, profile TEXT,
  UNIQUE (experiment_id, name, digest)
);
CREATE TABLE IF NOT EXISTS inputs (run_id TEXT NOT NULL, dataset_uuid TEXT NOT NULL, PRIMARY KEY (run_id, dataset_uuid));
CREATE TABLE IF NOT EXISTS input_tags (
  run_id TEXT NOT NULL, dataset_uuid TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (run_id, dataset_uuid, key)
);
CREATE TABLE IF NOT EXISTS params (run_id TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (run_id, key));
CREATE TABLE IF NOT EXISTS tags (run_id TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (run_id, key));
CREATE TABLE IF NOT EXISTS metrics (
  run_id TEXT NOT NULL, key TEXT NOT NULL, value REAL NOT NULL, is_nan INTEGER NOT NULL,
  timestamp INTEGER NOT NULL, step INTEGER NOT NULL,
  PRIMARY KEY (run_id, key, timestamp, step, value, is_nan)
);
CREATE TABLE IF NOT EXISTS registered_models (
  name TEXT PRIMARY KEY,
  creation_timestamp INTEGER NOT NULL,
  last_updated_timestamp INTEGER NOT NULL,
  description TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS registered_model_tags (name TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (name, key));
CREATE TABLE IF NOT EXISTS model_versions (
  name TEXT NOT NULL,
  version INTEGER NOT NULL,
  creation_timestamp INTEGER NOT NULL,
  last_updated_timestamp INTEGER NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  source TEXT NOT NULL,
  run_id TEXT NOT NULL DEFAULT '',
  run_link TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL DEFAULT 'READY',
  current_stage TEXT NOT NULL DEFAULT 'None',
  deleted INTEGER NOT NULL DEFAULT 0,
  storage_location TEXT,
  PRIMARY KEY (name, version)
);
CREATE TABLE IF NOT EXISTS model_version_tags (name TEXT NOT NULL, version INTEGER NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (name, version, key));
CREATE TABLE IF NOT EXISTS aliases (name TEXT NOT NULL, alias TEXT NOT NULL, version INTEGER NOT NULL, PRIMARY KEY (name, alias));
CREATE TABLE IF NOT EXISTS logged_models (
  model_id TEXT PRIMARY KEY,
  experiment_id INTEGER NOT NULL,
  name TEXT NOT NULL,
  artifact_location TEXT NOT NULL,
  creation_timestamp_ms INTEGER NOT NULL,
  last_updated_timestamp_ms INTEGER NOT NULL,
  status INTEGER NOT NULL,
  lifecycle_stage TEXT NOT NULL DEFAULT 'active',
  model_type TEXT,
  source_run_id TEXT,
  status_message TEXT
);
CREATE INDEX IF NOT EXISTS logged_models_by_experiment ON logged_models (experiment_id);
CREATE TABLE IF NOT EXISTS logged_model_params (model_id TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (model_id, key));
CREATE TABLE IF NOT EXISTS logged_model_tags (model_id TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (model_id, key));
CREATE TABLE IF NOT EXISTS logged_model_metrics (
  model_id TEXT NOT NULL, key TEXT NOT NULL, value REAL NOT NULL, timestamp INTEGER NOT NULL, step INTEGER NOT NULL,
  run_id TEXT NOT NULL, dataset_name TEXT, dataset_digest TEXT,
  PRIMARY KEY (model_id, key, timestamp, step, run_id)
);
-- A run's logged-model inputs and outputs (MLflow's "inputs" table rows of type MODEL_INPUT / MODEL_OUTPUT), kept
-- in the order logged and, as MLflow keeps them, not de-duplicated.
CREATE TABLE IF NOT EXISTS run_models (run_id TEXT NOT NULL, model_id TEXT NOT NULL, direction TEXT NOT NULL, step INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS run_models_by_run ON run_models (run_id);
CREATE TABLE IF NOT EXISTS webhooks (
  webhook_id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  url TEXT NOT NULL,
  events TEXT NOT NULL,
  secret TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL,
  creation_timestamp INTEGER NOT NULL,
  last_updated_timestamp INTEGER NOT NULL,
  deleted_timestamp INTEGER
);
`;

/** Opens (creating when new) the server's SQLite database under dataDir, in WAL mode. */
export async function openDatabase(dataDir: string): Promise<Db> {
  const { default: Sqlite } = await importExternal<{ default: typeof Database }>('better-sqlite3');
  mkdirSync(dataDir, { recursive: true });
  const db = new Sqlite(join(dataDir, 'mlflow.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  db.exec(SCHEMA);
  // Added with logged models: where a version registered from `models:/<model id>` really lies (its download URI).
  const versionColumns = db.prepare('PRAGMA table_info(model_versions)').all() as { name: string }[];
  if (!versionColumns.some((column) => column.name === 'storage_location'))
    db.exec('ALTER TABLE model_versions ADD COLUMN storage_location TEXT');
  const now = Date.now();
  db.prepare(
    "INSERT OR IGNORE INTO experiments (experiment_id, name, artifact_location, creation_time, last_update_time) VALUES (0, 'Default', 'mlflow-artifacts:/0', ?, ?)",
  ).run(now, now);
  return db;
}
