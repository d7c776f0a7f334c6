import type { FastifyInstance } from 'fastify';
import type { Db } from '../database.js';
import { alreadyExists, invalid, MlflowError, notFound } from '../errors.js';
import { matches, paginate, parseFilter } from '../filter.js';
import { endpoint } from '../routing.js';
import { validateVersionSource } from '../source.js';
import { keyValues, maxResults, optionalList, optionalString, requiredString, type KeyValue } from '../validation.js';
import type { WebhookEvents } from '../webhooks.js';
import type { LoggedModels } from './logged-models.js';
import { errorMessage } from '@mlops-actions/common';

interface ModelRow {
  name: string;
  creation_timestamp: number;
  last_updated_timestamp: number;
  description: string;
}

interface VersionRow {
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

/** The tag that marks a registered model version as a prompt (mlflow/entities/model_registry/prompt_version.py). */
const PROMPT_TAG = 'mlflow.prompt.is_prompt';

export function registerRegistryRoutes(app: FastifyInstance, db: Db, events: WebhookEvents, loggedModels: LoggedModels): void {
  const modelRow = (name: string): ModelRow => {
    const row = db.prepare('SELECT * FROM registered_models WHERE name = ?').get(name) as ModelRow | undefined;
    if (!row) throw notFound(`Registered Model with name=${name} not found`);
    return row;
  };
  const versionRow = (name: string, version: string): VersionRow => {
    const row = /^\d+$/.test(version)
      ? (db.prepare('SELECT * FROM model_versions WHERE name = ? AND version = ? AND deleted = 0').get(name, Number(version)) as
          VersionRow | undefined)
      : undefined;
    if (!row) throw notFound(`Model Version (name=${name}, version=${version}) not found`);
    return row;
  };
  const runArtifactUri = (runId: string): string => {
    const row = db.prepare('SELECT artifact_uri FROM runs WHERE run_id = ?').get(runId) as { artifact_uri: string } | undefined;
    if (!row) throw notFound(`Run with id=${runId} not found`);
    return row.artifact_uri;
  };
  const versionJson = (row: VersionRow) => ({
    name: row.name,
    version: String(row.version),
    creation_timestamp: row.creation_timestamp,
    last_updated_timestamp: row.last_updated_timestamp,
    current_stage: row.current_stage,
    description: row.description,
    source: row.source,
    run_id: row.run_id,
    status: row.status,
    tags: db.prepare('SELECT key, value FROM model_version_tags WHERE name = ? AND version = ? ORDER BY key').all(row.name, row.version),
    run_link: row.run_link,
    aliases: (
      db.prepare('SELECT alias FROM aliases WHERE name = ? AND version = ? ORDER BY alias').all(row.name, row.version) as {
        alias: string;
      }[]
    ).map((a) => a.alias),
  });
  const modelJson = (row: ModelRow) => {
    const latest = db.prepare('SELECT * FROM model_versions WHERE name = ? AND deleted = 0 ORDER BY version DESC LIMIT 1').get(row.name) as
      VersionRow | undefined;
    return {
      name: row.name,
      creation_timestamp: row.creation_timestamp,
      last_updated_timestamp: row.last_updated_timestamp,
      // A registered model created without a description has none in MLflow's answer (recording, seq 266); a model
      // version always has one, empty or not.
      ...(row.description ? { description: row.description } : {}),
      tags: db.prepare('SELECT key, value FROM registered_model_tags WHERE name = ? ORDER BY key').all(row.name),
      aliases: (
        db.prepare('SELECT alias, version FROM aliases WHERE name = ? ORDER BY alias').all(row.name) as { alias: string; version: number }[]
      ).map((a) => ({ alias: a.alias, version: String(a.version) })),
      latest_versions: latest ? [versionJson(latest)] : [],
    };
  };
  const touchModel = (name: string, now = Date.now()): void => {
    db.prepare('UPDATE registered_models SET last_updated_timestamp = ? WHERE name = ?').run(now, name);
  };
  const checkTag = (tag: KeyValue): KeyValue => {
    if (tag.key.length > 250) throw invalid(`'tag key' exceeds the maximum length of 250 characters`);
    return { key: tag.key, value: tag.value.slice(0, 100_000) };
  };

  endpoint(app, 'POST', 'mlflow/registered-models/create', (params) => {
    const name = requiredString(params, 'name');
    const tags = keyValues(params, 'tags').map(checkTag);
    const description = optionalString(params, 'description') ?? '';
    const now = Date.now();
    db.transaction(() => {
      if (db.prepare('SELECT 1 FROM registered_models WHERE name = ?').get(name))
        throw alreadyExists(`Registered Model (name=${name}) already exists.`);
      db.prepare('INSERT INTO registered_models VALUES (?, ?, ?, ?)').run(name, now, now, description);
      for (const tag of tags) db.prepare('INSERT OR REPLACE INTO registered_model_tags VALUES (?, ?, ?)').run(name, tag.key, tag.value);
    }).immediate();
    events.emit('registered_model', 'created', { name, tags: Object.fromEntries(tags.map((t) => [t.key, t.value])), description });
    return { registered_model: modelJson(modelRow(name)) };
  });

  endpoint(app, 'GET', 'mlflow/registered-models/get', (params) => ({
    registered_model: modelJson(modelRow(requiredString(params, 'name'))),
  }));

  endpoint(app, 'GET', 'mlflow/registered-models/search', (params) => {
    const limit = maxResults(params, 100, 1000);
    const filters = parseFilter(optionalString(params, 'filter'));
    const models = (db.prepare('SELECT * FROM registered_models ORDER BY name').all() as ModelRow[])
      .map(modelJson)
      .filter((model) =>
        filters.every((f) =>
          matches(
            f.entity === 'tags'
              ? (model.tags as KeyValue[]).find((t) => t.key === f.key)?.value
              : f.key === 'name'
                ? model.name
                : undefined,
            f.op,
            f.value,
          ),
        ),
      );
    const { page, nextPageToken } = paginate(models, limit, optionalString(params, 'page_token'));
    return { registered_models: page, next_page_token: nextPageToken };
  });

  endpoint(app, 'PATCH', 'mlflow/registered-models/update', (params) => {
    const name = requiredString(params, 'name');
    modelRow(name);
    db.prepare('UPDATE registered_models SET description = ?, last_updated_timestamp = ? WHERE name = ?').run(
      optionalString(params, 'description') ?? '',
      Date.now(),
      name,
    );
    return { registered_model: modelJson(modelRow(name)) };
  });

  // MLflow's rename moves the model with its versions, tags and aliases in one transaction (recorded from MLflow 3.6:
  // the model and its versions get a new last_updated_timestamp).
  endpoint(app, 'POST', 'mlflow/registered-models/rename', (params) => {
    const name = requiredString(params, 'name');
    const newName = requiredString(params, 'new_name');
    const now = Date.now();
    db.transaction(() => {
      modelRow(name);
      if (db.prepare('SELECT 1 FROM registered_models WHERE name = ?').get(newName))
        throw alreadyExists(`Registered Model (name=${newName}) already exists.`);
      for (const table of ['registered_models', 'registered_model_tags', 'model_versions', 'model_version_tags', 'aliases'])
        db.prepare(`UPDATE ${table} SET name = ? WHERE name = ?`).run(newName, name);
      db.prepare('UPDATE registered_models SET last_updated_timestamp = ? WHERE name = ?').run(now, newName);
      db.prepare('UPDATE model_versions SET last_updated_timestamp = ? WHERE name = ? AND deleted = 0').run(now, newName);
    }).immediate();
    return { registered_model: modelJson(modelRow(newName)) };
  });

  endpoint(app, 'DELETE', 'mlflow/registered-models/delete', (params) => {
    const name = requiredString(params, 'name');
    modelRow(name);
    db.transaction(() => {
      for (const table of ['registered_models', 'registered_model_tags', 'model_versions', 'model_version_tags', 'aliases'])
        db.prepare(`DELETE FROM ${table} WHERE name = ?`).run(name);
    })();
    return {};
  });

  endpoint(app, 'POST', 'mlflow/registered-models/set-tag', (params) => {
    const name = requiredString(params, 'name');
    modelRow(name);
    const tag = checkTag({ key: requiredString(params, 'key'), value: optionalString(params, 'value') ?? '' });
    db.prepare('INSERT OR REPLACE INTO registered_model_tags VALUES (?, ?, ?)').run(name, tag.key, tag.value);
    return {};
  });

  endpoint(app, 'DELETE', 'mlflow/registered-models/delete-tag', (params) => {
    const name = requiredString(params, 'name');
    modelRow(name);
    db.prepare('DELETE FROM registered_model_tags WHERE name = ? AND key = ?').run(name, requiredString(params, 'key'));
    return {};
  });

  /**
   * Where a `models:/…` source really lies and the run it came from (the SQL registry's `create_model_version`):
   * `models:/<model id>` is that logged model's artifact location and source run, `models:/<name>/<version>` that
   * version's download URI. A source that names nothing is MLflow's 500 "Unable to fetch model…".
   */
  const resolveModelsSource = (source: string): { storageLocation: string | null; runId: string } => {
    const match = /^models:\/([^/]+)(?:\/([^/]+))?\/?$/.exec(source);
    if (!match) return { storageLocation: null, runId: '' };
    try {
      if (match[2] === undefined && !match[1]!.includes('@')) {
        const model = loggedModels.row(match[1]!);
        return { storageLocation: model.artifact_location, runId: model.source_run_id ?? '' };
      }
      if (match[2] !== undefined && /^\d+$/.test(match[2])) {
        const version = versionRow(match[1]!, match[2]);
        return { storageLocation: version.storage_location ?? version.source, runId: '' };
      }
    } catch (error) {
      throw new MlflowError(
        'INTERNAL_ERROR',
        `Unable to fetch model from model URI source artifact location '${source}'.Error: ${errorMessage(error)}`,
      );
    }
    return { storageLocation: null, runId: '' };
  };

  endpoint(app, 'POST', 'mlflow/model-versions/create', (params) => {
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
      else validateVersionSource(source, { kind: 'run', id: requestedRunId }, runArtifactUri);
    }
    const tags = requestedTags.map(checkTag);
    const description = optionalString(params, 'description') ?? '';
    const now = Date.now();
    const version = db
      .transaction(() => {
        modelRow(name);
        const resolved = resolveModelsSource(source);
        const runId = requestedRunId || resolved.runId || (modelId !== '' ? (loggedModels.row(modelId).source_run_id ?? '') : '');
        // Numbers are never reused, also after a delete.
        const next = (db.prepare('SELECT COALESCE(MAX(version), 0) + 1 AS v FROM model_versions WHERE name = ?').get(name) as { v: number })
          .v;
        db.prepare(
          "INSERT INTO model_versions (name, version, creation_timestamp, last_updated_timestamp, description, source, run_id, run_link, status, storage_location) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'READY', ?)",
        ).run(name, next, now, now, description, source, runId, optionalString(params, 'run_link') ?? '', resolved.storageLocation);
        for (const tag of tags)
          db.prepare('INSERT OR REPLACE INTO model_version_tags VALUES (?, ?, ?, ?)').run(name, next, tag.key, tag.value);
        touchModel(name, now);
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
    return { model_version: versionJson(versionRow(name, String(version))) };
  });

  endpoint(app, 'GET', 'mlflow/model-versions/get', (params) => ({
    model_version: versionJson(versionRow(requiredString(params, 'name'), requiredString(params, 'version'))),
  }));

  endpoint(app, 'GET', 'mlflow/model-versions/search', (params) => {
    const limit = maxResults(params, 10_000, 200_000);
    const filters = parseFilter(optionalString(params, 'filter'));
    const orderBy = (optionalList(params, 'order_by') ?? []).map(String);
    const descending = orderBy.some((o) => /^version_number\s+DESC$/i.test(o.trim())) || orderBy.length === 0;
    const rows = db
      .prepare(`SELECT * FROM model_versions WHERE deleted = 0 ORDER BY name, version ${descending ? 'DESC' : 'ASC'}`)
      .all() as VersionRow[];
    const versions = rows.map(versionJson).filter((v) =>
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
  });

  endpoint(app, 'PATCH', 'mlflow/model-versions/update', (params) => {
    const row = versionRow(requiredString(params, 'name'), requiredString(params, 'version'));
    const description = optionalString(params, 'description');
    if (description !== undefined)
      db.prepare('UPDATE model_versions SET description = ?, last_updated_timestamp = ? WHERE name = ? AND version = ?').run(
        description,
        Date.now(),
        row.name,
        row.version,
      );
    return { model_version: versionJson(versionRow(row.name, String(row.version))) };
  });

  // Stages (deprecated in MLflow 2.9, still served): the SQL store's transition_model_version_stage — the stage matched
  // case-insensitively to its canonical spelling, archive_existing_versions only for Staging or Production, the
  // version and its registered model both touched.
  const STAGES = ['None', 'Staging', 'Production', 'Archived'];
  endpoint(app, 'POST', 'mlflow/model-versions/transition-stage', (params) => {
    const row = versionRow(requiredString(params, 'name'), requiredString(params, 'version'));
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
        db.prepare(
          "UPDATE model_versions SET current_stage = 'Archived', last_updated_timestamp = ? WHERE name = ? AND version != ? AND current_stage = ? AND deleted = 0",
        ).run(now, row.name, row.version, stage);
      db.prepare('UPDATE model_versions SET current_stage = ?, last_updated_timestamp = ? WHERE name = ? AND version = ?').run(
        stage,
        now,
        row.name,
        row.version,
      );
      touchModel(row.name, now);
    }).immediate();
    return { model_version: versionJson(versionRow(row.name, String(row.version))) };
  });

  endpoint(app, 'DELETE', 'mlflow/model-versions/delete', (params) => {
    const row = versionRow(requiredString(params, 'name'), requiredString(params, 'version'));
    db.transaction(() => {
      db.prepare('UPDATE model_versions SET deleted = 1 WHERE name = ? AND version = ?').run(row.name, row.version);
      db.prepare('DELETE FROM aliases WHERE name = ? AND version = ?').run(row.name, row.version);
    })();
    return {};
  });

  endpoint(app, 'POST', 'mlflow/model-versions/set-tag', (params) => {
    const row = versionRow(requiredString(params, 'name'), requiredString(params, 'version'));
    const tag = checkTag({ key: requiredString(params, 'key'), value: optionalString(params, 'value') ?? '' });
    db.prepare('INSERT OR REPLACE INTO model_version_tags VALUES (?, ?, ?, ?)').run(row.name, row.version, tag.key, tag.value);
    events.emit('model_version_tag', 'set', { name: row.name, version: String(row.version), key: tag.key, value: tag.value });
    return {};
  });

  endpoint(app, 'DELETE', 'mlflow/model-versions/delete-tag', (params) => {
    const row = versionRow(requiredString(params, 'name'), requiredString(params, 'version'));
    const key = requiredString(params, 'key');
    db.prepare('DELETE FROM model_version_tags WHERE name = ? AND version = ? AND key = ?').run(row.name, row.version, key);
    events.emit('model_version_tag', 'deleted', { name: row.name, version: String(row.version), key });
    return {};
  });

  endpoint(app, 'GET', 'mlflow/model-versions/get-download-uri', (params) => ({
    artifact_uri: ((row) => row.storage_location ?? row.source)(
      versionRow(requiredString(params, 'name'), requiredString(params, 'version')),
    ),
  }));

  const checkAlias = (alias: string): string => {
    if (alias.length > 255 || !/^[\w-]*$/.test(alias))
      throw invalid(
        `Invalid alias name '${alias}'. Aliases may only contain alphanumerics, underscores and dashes, at most 255 characters.`,
      );
    if (/^latest$/i.test(alias) || /^v\d+$/i.test(alias)) throw invalid(`'${alias}' alias name (case insensitive) is reserved.`);
    return alias;
  };

  endpoint(app, 'POST', 'mlflow/registered-models/alias', (params) => {
    const name = requiredString(params, 'name');
    const alias = checkAlias(requiredString(params, 'alias'));
    const row = versionRow(name, requiredString(params, 'version'));
    db.prepare('INSERT OR REPLACE INTO aliases VALUES (?, ?, ?)').run(name, alias, row.version);
    touchModel(name);
    events.emit('model_version_alias', 'created', { name, alias, version: String(row.version) });
    return {};
  });

  endpoint(app, 'DELETE', 'mlflow/registered-models/alias', (params) => {
    const name = requiredString(params, 'name');
    const alias = requiredString(params, 'alias');
    modelRow(name);
    db.prepare('DELETE FROM aliases WHERE name = ? AND alias = ?').run(name, alias);
    events.emit('model_version_alias', 'deleted', { name, alias });
    return {};
  });

  endpoint(app, 'GET', 'mlflow/registered-models/alias', (params) => {
    const name = requiredString(params, 'name');
    const alias = requiredString(params, 'alias');
    modelRow(name);
    const found = db.prepare('SELECT version FROM aliases WHERE name = ? AND alias = ?').get(name, alias) as
      { version: number } | undefined;
    // MLflow answers a missing alias with 400, not 404.
    if (!found) throw invalid(`Registered model alias ${alias} not found.`);
    return { model_version: versionJson(versionRow(name, String(found.version))) };
  });

  const latestVersions = (params: Record<string, unknown>) => {
    const name = requiredString(params, 'name');
    modelRow(name);
    const latest = db.prepare('SELECT * FROM model_versions WHERE name = ? AND deleted = 0 ORDER BY version DESC LIMIT 1').get(name) as
      VersionRow | undefined;
    return { model_versions: latest ? [versionJson(latest)] : [] };
  };
  endpoint(app, 'POST', 'mlflow/registered-models/get-latest-versions', latestVersions);
  endpoint(app, 'GET', 'mlflow/registered-models/get-latest-versions', latestVersions);
}
