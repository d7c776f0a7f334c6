import type { FastifyInstance } from 'fastify';
import type { Db } from '../database.js';
import { invalid, MlflowError } from '../errors.js';
import { matches, paginate, parseFilter } from '../filter.js';
import { endpoint } from '../routing.js';
import { validateVersionSource } from '../source.js';
import { checkRegistryTag, modelRow, runRow, statement, touchModel, versionJson, versionRow, type VersionRow } from '../store.js';
import { keyValues, maxResults, optionalList, optionalString, requiredString, type KeyValue, type Params } from '../validation.js';
import type { WebhookEvents } from '../webhooks.js';
import type { LoggedModels } from './logged-models.js';
import { errorMessage } from '@mlops-actions/common';

/** The tag that marks a registered model version as a prompt (mlflow/entities/model_registry/prompt_version.py). */
const PROMPT_TAG = 'mlflow.prompt.is_prompt';

/**
 * Where a `models:/…` source really lies and the run it came from (the SQL registry's `create_model_version`):
 * `models:/<model id>` is that logged model's artifact location and source run, `models:/<name>/<version>` that
 * version's download URI. A source that names nothing is MLflow's 500 "Unable to fetch model…".
 */
function resolveModelsSource(db: Db, loggedModels: LoggedModels, source: string): { storageLocation: string | null; runId: string } {
  const match = /^models:\/([^/]+)(?:\/([^/]+))?\/?$/.exec(source);
  if (!match) return { storageLocation: null, runId: '' };
  try {
    if (match[2] === undefined && !match[1]!.includes('@')) {
      const model = loggedModels.row(match[1]!);
      return { storageLocation: model.artifact_location, runId: model.source_run_id ?? '' };
    }
    if (match[2] !== undefined && /^\d+$/.test(match[2])) {
      const version = versionRow(db, match[1]!, match[2]);
      return { storageLocation: version.storage_location ?? version.source, runId: '' };
    }
  } catch (error) {
    throw new MlflowError(
      'INTERNAL_ERROR',
      `Unable to fetch model from model URI source artifact location '${source}'.Error: ${errorMessage(error)}`,
    );
  }
  return { storageLocation: null, runId: '' };
}

function createVersion(db: Db, events: WebhookEvents, loggedModels: LoggedModels, params: Params) {
  const name = requiredString(params, 'name');
  const source = requiredString(params, 'source');
  const requestedRunId = optionalString(params, 'run_id') ?? '';
  const modelId = optionalString(params, 'model_id') ?? '';
  const requestedTags = keyValues(params, 'tags');
  // A prompt version (MLflow's prompt registry keeps prompts as registered models) has no model files: MLflow does
  // not check its source, tell webhooks, or tag a logged model (handlers.py `_is_prompt_request`).
  const prompt = requestedTags.some((tag) => tag.key === PROMPT_TAG);
  if (!prompt) {
    if (modelId !== '') validateVersionSource(source, { kind: 'model', id: modelId }, (id) => loggedModels.row(id).artifact_location);
    else validateVersionSource(source, { kind: 'run', id: requestedRunId }, (id) => runRow(db, id).artifact_uri);
  }
  const tags = requestedTags.map(checkRegistryTag);
  const description = optionalString(params, 'description') ?? '';
  const now = Date.now();
  const version = db
    .transaction(() => {
      modelRow(db, name);
      const resolved = resolveModelsSource(db, loggedModels, source);
      const runId = requestedRunId || resolved.runId || (modelId !== '' ? (loggedModels.row(modelId).source_run_id ?? '') : '');
      // Numbers are never reused, also after a delete.
      const next = (
        statement(db, 'SELECT COALESCE(MAX(version), 0) + 1 AS v FROM model_versions WHERE name = ?').get(name) as { v: number }
      ).v;
      statement(
        db,
        "INSERT INTO model_versions (name, version, creation_timestamp, last_updated_timestamp, description, source, run_id, run_link, status, storage_location) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'READY', ?)",
      ).run(name, next, now, now, description, source, runId, optionalString(params, 'run_link') ?? '', resolved.storageLocation);
      for (const tag of tags)
        statement(db, 'INSERT OR REPLACE INTO model_version_tags VALUES (?, ?, ?, ?)').run(name, next, tag.key, tag.value);
      touchModel(db, name, now);
      return next;
    })
    .immediate();
  // After the version exists, as MLflow does it: a model id that names no model fails here, the version stays.
  if (!prompt && modelId !== '') loggedModels.recordVersion(modelId, name, version);
  if (!prompt)
    events.emit('model_version', 'created', {
      name,
      version: String(version),
      source,
      run_id: requestedRunId === '' ? null : requestedRunId,
      tags: Object.fromEntries(tags.map((t) => [t.key, t.value])),
      description: description === '' ? null : description,
    });
  return { model_version: versionJson(db, versionRow(db, name, String(version))) };
}

function searchVersions(db: Db, params: Params) {
  const limit = maxResults(params, 10_000, 200_000);
  const filters = parseFilter(optionalString(params, 'filter'));
  const orderBy = (optionalList(params, 'order_by') ?? []).map(String);
  const descending = orderBy.some((o) => /^version_number\s+DESC$/i.test(o.trim())) || orderBy.length === 0;
  const rows = statement(
    db,
    `SELECT * FROM model_versions WHERE deleted = 0 ORDER BY name, version ${descending ? 'DESC' : 'ASC'}`,
  ).all() as VersionRow[];
  const versions = rows
    .map((row) => versionJson(db, row))
    .filter((v) =>
      filters.every((f) => {
        const actual =
          f.entity === 'tags'
            ? (v.tags as KeyValue[]).find((t) => t.key === f.key)?.value
            : f.key === 'source_path'
              ? v.source
              : f.key === 'version_number'
                ? Number(v.version)
                : (v as Record<string, unknown>)[f.key];
        return matches(actual as string | number | undefined, f.op, f.value);
      }),
    );
  const { page, nextPageToken } = paginate(versions, limit, optionalString(params, 'page_token'));
  return { model_versions: page, next_page_token: nextPageToken };
}

// Stages (deprecated in MLflow 2.9, still served): the SQL store's transition_model_version_stage — the stage matched
// case-insensitively to its canonical spelling, archive_existing_versions only for Staging or Production, the
// version and its registered model both touched.
const STAGES = ['None', 'Staging', 'Production', 'Archived'];
function transitionStage(db: Db, params: Params) {
  const row = versionRow(db, requiredString(params, 'name'), requiredString(params, 'version'));
  const requested = requiredString(params, 'stage');
  const stage = STAGES.find((s) => s.toLowerCase() === requested.toLowerCase());
  if (!stage) throw invalid(`Invalid Model Version stage: ${requested}. Value must be one of ${STAGES.join(', ')}.`);
  const archive = params.archive_existing_versions;
  if (archive !== undefined && archive !== null && typeof archive !== 'boolean')
    throw invalid(`Invalid value ${JSON.stringify(archive)} for parameter 'archive_existing_versions' supplied: expected a boolean`);
  const archiveOthers = archive === true;
  if (archiveOthers && stage !== 'Staging' && stage !== 'Production')
    throw invalid(
      `Model version transition cannot archive existing model versions because '${requested}' is not an Active stage. Valid stages are ['Staging', 'Production']`,
    );
  const now = Date.now();
  db.transaction(() => {
    if (archiveOthers)
      statement(
        db,
        "UPDATE model_versions SET current_stage = 'Archived', last_updated_timestamp = ? WHERE name = ? AND version != ? AND current_stage = ? AND deleted = 0",
      ).run(now, row.name, row.version, stage);
    statement(db, 'UPDATE model_versions SET current_stage = ?, last_updated_timestamp = ? WHERE name = ? AND version = ?').run(
      stage,
      now,
      row.name,
      row.version,
    );
    touchModel(db, row.name, now);
  }).immediate();
  return { model_version: versionJson(db, versionRow(db, row.name, String(row.version))) };
}

/** The model versions endpoints (`/mlflow/model-versions/…`). */
export function registerModelVersionRoutes(app: FastifyInstance, db: Db, events: WebhookEvents, loggedModels: LoggedModels): void {
  endpoint(app, 'POST', 'mlflow/model-versions/create', (params) => createVersion(db, events, loggedModels, params));

  endpoint(app, 'GET', 'mlflow/model-versions/get', (params) => ({
    model_version: versionJson(db, versionRow(db, requiredString(params, 'name'), requiredString(params, 'version'))),
  }));

  endpoint(app, 'GET', 'mlflow/model-versions/search', (params) => searchVersions(db, params));

  endpoint(app, 'PATCH', 'mlflow/model-versions/update', (params) => {
    const row = versionRow(db, requiredString(params, 'name'), requiredString(params, 'version'));
    const description = optionalString(params, 'description');
    if (description !== undefined)
      statement(db, 'UPDATE model_versions SET description = ?, last_updated_timestamp = ? WHERE name = ? AND version = ?').run(
        description,
        Date.now(),
        row.name,
        row.version,
      );
    return { model_version: versionJson(db, versionRow(db, row.name, String(row.version))) };
  });

  endpoint(app, 'POST', 'mlflow/model-versions/transition-stage', (params) => transitionStage(db, params));

  endpoint(app, 'DELETE', 'mlflow/model-versions/delete', (params) => {
    const row = versionRow(db, requiredString(params, 'name'), requiredString(params, 'version'));
    db.transaction(() => {
      statement(db, 'UPDATE model_versions SET deleted = 1 WHERE name = ? AND version = ?').run(row.name, row.version);
      statement(db, 'DELETE FROM aliases WHERE name = ? AND version = ?').run(row.name, row.version);
    })();
    return {};
  });

  endpoint(app, 'POST', 'mlflow/model-versions/set-tag', (params) => {
    const row = versionRow(db, requiredString(params, 'name'), requiredString(params, 'version'));
    const tag = checkRegistryTag({ key: requiredString(params, 'key'), value: optionalString(params, 'value') ?? '' });
    statement(db, 'INSERT OR REPLACE INTO model_version_tags VALUES (?, ?, ?, ?)').run(row.name, row.version, tag.key, tag.value);
    events.emit('model_version_tag', 'set', { name: row.name, version: String(row.version), key: tag.key, value: tag.value });
    return {};
  });

  endpoint(app, 'DELETE', 'mlflow/model-versions/delete-tag', (params) => {
    const row = versionRow(db, requiredString(params, 'name'), requiredString(params, 'version'));
    const key = requiredString(params, 'key');
    statement(db, 'DELETE FROM model_version_tags WHERE name = ? AND version = ? AND key = ?').run(row.name, row.version, key);
    events.emit('model_version_tag', 'deleted', { name: row.name, version: String(row.version), key });
    return {};
  });

  endpoint(app, 'GET', 'mlflow/model-versions/get-download-uri', (params) => ({
    artifact_uri: ((row) => row.storage_location ?? row.source)(
      versionRow(db, requiredString(params, 'name'), requiredString(params, 'version')),
    ),
  }));
}
