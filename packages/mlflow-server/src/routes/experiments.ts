import type { FastifyInstance } from 'fastify';
import type { Db } from '../database.js';
import { alreadyExists, invalid, MlflowError, notFound } from '../errors.js';
import { matches, paginate, parseFilter } from '../filter.js';
import { endpoint } from '../routing.js';
import { experimentById, statement, type ExperimentRow } from '../store.js';
import { keyValues, maxResults, optionalString, requiredString, truncate, validateKey, type KeyValue, type Params } from '../validation.js';

// MLflow answers with the proto's JSON, which leaves out an empty repeated field: an experiment without tags has no
// "tags" key (mlflow-python-client-flows.jsonl, seq 14).
function experimentJson(db: Db, row: ExperimentRow) {
  const tags = statement(db, 'SELECT key, value FROM experiment_tags WHERE experiment_id = ? ORDER BY rowid').all(
    row.experiment_id,
  ) as KeyValue[];
  return {
    experiment_id: String(row.experiment_id),
    name: row.name,
    artifact_location: row.artifact_location,
    lifecycle_stage: row.lifecycle_stage,
    last_update_time: row.last_update_time,
    creation_time: row.creation_time,
    ...(tags.length > 0 ? { tags } : {}),
  };
}

function activeExperiment(db: Db, id: string): ExperimentRow {
  const row = experimentById(db, id);
  // _check_experiment_is_active raises INVALID_PARAMETER_VALUE (400); only the rename uses INVALID_STATE.
  if (row.lifecycle_stage !== 'active')
    throw invalid(`The experiment ${row.experiment_id} must be in the 'active' state. Current state is ${row.lifecycle_stage}.`);
  return row;
}

function touchExperiment(db: Db, id: number): void {
  statement(db, 'UPDATE experiments SET last_update_time = ? WHERE experiment_id = ?').run(Date.now(), id);
}

function moveExperiment(db: Db, from: 'active' | 'deleted', to: 'active' | 'deleted') {
  return (params: Params) => {
    const row = experimentById(db, requiredString(params, 'experiment_id'));
    // The SQL store looks the experiment up among those in the state it leaves: one in the other state is not found.
    if (row.lifecycle_stage !== from) throw notFound(`No Experiment with id=${requiredString(params, 'experiment_id')} exists`);
    db.transaction(() => {
      statement(db, 'UPDATE experiments SET lifecycle_stage = ? WHERE experiment_id = ?').run(to, row.experiment_id);
      statement(db, 'UPDATE runs SET lifecycle_stage = ? WHERE experiment_id = ?').run(to, row.experiment_id);
      touchExperiment(db, row.experiment_id);
    }).immediate();
    return {};
  };
}

function searchExperiments(db: Db, params: Params) {
  const limit = maxResults(params, 1000, 50_000);
  const filters = parseFilter(optionalString(params, 'filter'));
  const view = optionalString(params, 'view_type') ?? 'ACTIVE_ONLY';
  const rows = (statement(db, 'SELECT * FROM experiments ORDER BY experiment_id DESC').all() as ExperimentRow[])
    .filter((row) => view === 'ALL' || (view === 'DELETED_ONLY' ? row.lifecycle_stage === 'deleted' : row.lifecycle_stage === 'active'))
    .map((row) => experimentJson(db, row))
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
}

/** The experiments endpoints (`/mlflow/experiments/…`). */
export function registerExperimentRoutes(app: FastifyInstance, db: Db): void {
  endpoint(app, 'GET', 'mlflow/experiments/get-by-name', (params) => {
    const name = requiredString(params, 'experiment_name');
    const row = statement(db, 'SELECT * FROM experiments WHERE name = ?').get(name) as ExperimentRow | undefined;
    if (!row) throw notFound(`Could not find experiment with name '${name}'`);
    return { experiment: experimentJson(db, row) };
  });

  endpoint(app, 'GET', 'mlflow/experiments/get', (params) => ({
    experiment: experimentJson(db, experimentById(db, requiredString(params, 'experiment_id'))),
  }));

  endpoint(app, 'POST', 'mlflow/experiments/create', (params) => {
    const name = requiredString(params, 'name');
    if (name.length > 500) throw invalid(`Experiment name exceeds the maximum length of 500 characters`);
    const tags = keyValues(params, 'tags');
    const now = Date.now();
    const id = db
      .transaction(() => {
        if (statement(db, 'SELECT 1 FROM experiments WHERE name = ?').get(name))
          throw alreadyExists(`Experiment(name=${name}) already exists.`);
        const next = (statement(db, 'SELECT COALESCE(MAX(experiment_id), 0) + 1 AS id FROM experiments').get() as { id: number }).id;
        const location = optionalString(params, 'artifact_location') ?? `mlflow-artifacts:/${next}`;
        statement(
          db,
          'INSERT INTO experiments (experiment_id, name, artifact_location, creation_time, last_update_time) VALUES (?, ?, ?, ?, ?)',
        ).run(next, name, location, now, now);
        for (const tag of tags)
          statement(db, 'INSERT OR REPLACE INTO experiment_tags VALUES (?, ?, ?)').run(
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
  endpoint(app, 'POST', 'mlflow/experiments/set-experiment-tag', (params) => {
    const row = activeExperiment(db, requiredString(params, 'experiment_id'));
    const key = validateKey(requiredString(params, 'key'), 'tag key');
    // The handler asserts a string only: a missing or empty value is stored as "".
    const value = optionalString(params, 'value') ?? '';
    if (value.length > 5000) throw invalid(`'value' exceeds the maximum length of 5000 characters`);
    statement(db, 'INSERT INTO experiment_tags VALUES (?, ?, ?) ON CONFLICT (experiment_id, key) DO UPDATE SET value = excluded.value').run(
      row.experiment_id,
      key,
      value,
    );
    return {};
  });
  endpoint(app, 'POST', 'mlflow/experiments/delete-experiment-tag', (params) => {
    const row = activeExperiment(db, requiredString(params, 'experiment_id'));
    const key = requiredString(params, 'key');
    const deleted = statement(db, 'DELETE FROM experiment_tags WHERE experiment_id = ? AND key = ?').run(row.experiment_id, key);
    if (deleted.changes === 0) throw notFound(`No tag with name: ${key} in experiment with id ${row.experiment_id}`);
    return {};
  });
  endpoint(app, 'POST', 'mlflow/experiments/update', (params) => {
    const row = experimentById(db, requiredString(params, 'experiment_id'));
    const name = requiredString(params, 'new_name');
    if (row.lifecycle_stage !== 'active') throw new MlflowError('INVALID_STATE', 'Cannot rename a non-active experiment.');
    if (name.length > 500) throw invalid(`Experiment name exceeds the maximum length of 500 characters`);
    db.transaction(() => {
      const other = statement(db, 'SELECT experiment_id FROM experiments WHERE name = ?').get(name) as
        { experiment_id: number } | undefined;
      if (other && other.experiment_id !== row.experiment_id) throw alreadyExists(`Experiment(name=${name}) already exists.`);
      statement(db, 'UPDATE experiments SET name = ?, last_update_time = ? WHERE experiment_id = ?').run(
        name,
        Date.now(),
        row.experiment_id,
      );
    }).immediate();
    return {};
  });
  endpoint(app, 'POST', 'mlflow/experiments/delete', moveExperiment(db, 'active', 'deleted'));
  endpoint(app, 'POST', 'mlflow/experiments/restore', moveExperiment(db, 'deleted', 'active'));

  endpoint(app, 'POST', 'mlflow/experiments/search', (params) => searchExperiments(db, params));
  endpoint(app, 'GET', 'mlflow/experiments/search', (params) => searchExperiments(db, params));
}
