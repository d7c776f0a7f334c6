import type { FastifyInstance } from 'fastify';
import type { Db } from '../database.js';
import { alreadyExists, invalid } from '../errors.js';
import { matches, paginate, parseFilter } from '../filter.js';
import { endpoint } from '../routing.js';
import { checkRegistryTag, modelRow, statement, touchModel, versionJson, versionRow, type ModelRow, type VersionRow } from '../store.js';
import { keyValues, maxResults, optionalString, requiredString, type KeyValue, type Params } from '../validation.js';
import type { WebhookEvents } from '../webhooks.js';

/** The tables that hold a registered model by name: a rename or delete goes through all of them. */
const MODEL_TABLES = ['registered_models', 'registered_model_tags', 'model_versions', 'model_version_tags', 'aliases'];

const latestVersion = (db: Db, name: string) =>
  statement(db, 'SELECT * FROM model_versions WHERE name = ? AND deleted = 0 ORDER BY version DESC LIMIT 1').get(name) as
    VersionRow | undefined;

function modelJson(db: Db, row: ModelRow) {
  const latest = latestVersion(db, row.name);
  return {
    name: row.name,
    creation_timestamp: row.creation_timestamp,
    last_updated_timestamp: row.last_updated_timestamp,
    // A registered model created without a description has none in MLflow's answer (recording, seq 266); a model
    // version always has one, empty or not.
    ...(row.description ? { description: row.description } : {}),
    tags: statement(db, 'SELECT key, value FROM registered_model_tags WHERE name = ? ORDER BY key').all(row.name),
    aliases: (
      statement(db, 'SELECT alias, version FROM aliases WHERE name = ? ORDER BY alias').all(row.name) as {
        alias: string;
        version: number;
      }[]
    ).map((a) => ({ alias: a.alias, version: String(a.version) })),
    latest_versions: latest ? [versionJson(db, latest)] : [],
  };
}

function searchModels(db: Db, params: Params) {
  const limit = maxResults(params, 100, 1000);
  const filters = parseFilter(optionalString(params, 'filter'));
  const models = (statement(db, 'SELECT * FROM registered_models ORDER BY name').all() as ModelRow[])
    .map((row) => modelJson(db, row))
    .filter((model) =>
      filters.every((f) =>
        matches(
          f.entity === 'tags' ? (model.tags as KeyValue[]).find((t) => t.key === f.key)?.value : f.key === 'name' ? model.name : undefined,
          f.op,
          f.value,
        ),
      ),
    );
  const { page, nextPageToken } = paginate(models, limit, optionalString(params, 'page_token'));
  return { registered_models: page, next_page_token: nextPageToken };
}

function checkAlias(alias: string): string {
  if (alias.length > 255 || !/^[\w-]*$/.test(alias))
    throw invalid(`Invalid alias name '${alias}'. Aliases may only contain alphanumerics, underscores and dashes, at most 255 characters.`);
  if (/^latest$/i.test(alias) || /^v\d+$/i.test(alias)) throw invalid(`'${alias}' alias name (case insensitive) is reserved.`);
  return alias;
}

/** The registered models endpoints (`/mlflow/registered-models/…`), their aliases and latest versions included. */
export function registerRegisteredModelRoutes(app: FastifyInstance, db: Db, events: WebhookEvents): void {
  endpoint(app, 'POST', 'mlflow/registered-models/create', (params) => {
    const name = requiredString(params, 'name');
    const tags = keyValues(params, 'tags').map(checkRegistryTag);
    const description = optionalString(params, 'description') ?? '';
    const now = Date.now();
    db.transaction(() => {
      if (statement(db, 'SELECT 1 FROM registered_models WHERE name = ?').get(name))
        throw alreadyExists(`Registered Model (name=${name}) already exists.`);
      statement(db, 'INSERT INTO registered_models VALUES (?, ?, ?, ?)').run(name, now, now, description);
      for (const tag of tags) statement(db, 'INSERT OR REPLACE INTO registered_model_tags VALUES (?, ?, ?)').run(name, tag.key, tag.value);
    }).immediate();
    events.emit('registered_model', 'created', { name, tags: Object.fromEntries(tags.map((t) => [t.key, t.value])), description });
    return { registered_model: modelJson(db, modelRow(db, name)) };
  });

  endpoint(app, 'GET', 'mlflow/registered-models/get', (params) => ({
    registered_model: modelJson(db, modelRow(db, requiredString(params, 'name'))),
  }));

  endpoint(app, 'GET', 'mlflow/registered-models/search', (params) => searchModels(db, params));

  endpoint(app, 'PATCH', 'mlflow/registered-models/update', (params) => {
    const name = requiredString(params, 'name');
    modelRow(db, name);
    statement(db, 'UPDATE registered_models SET description = ?, last_updated_timestamp = ? WHERE name = ?').run(
      optionalString(params, 'description') ?? '',
      Date.now(),
      name,
    );
    return { registered_model: modelJson(db, modelRow(db, name)) };
  });

  // MLflow's rename moves the model with its versions, tags and aliases in one transaction (recorded from MLflow 3.6:
  // the model and its versions get a new last_updated_timestamp).
  endpoint(app, 'POST', 'mlflow/registered-models/rename', (params) => {
    const name = requiredString(params, 'name');
    const newName = requiredString(params, 'new_name');
    const now = Date.now();
    db.transaction(() => {
      modelRow(db, name);
      if (statement(db, 'SELECT 1 FROM registered_models WHERE name = ?').get(newName))
        throw alreadyExists(`Registered Model (name=${newName}) already exists.`);
      for (const table of MODEL_TABLES) statement(db, `UPDATE ${table} SET name = ? WHERE name = ?`).run(newName, name);
      statement(db, 'UPDATE registered_models SET last_updated_timestamp = ? WHERE name = ?').run(now, newName);
      statement(db, 'UPDATE model_versions SET last_updated_timestamp = ? WHERE name = ? AND deleted = 0').run(now, newName);
    }).immediate();
    return { registered_model: modelJson(db, modelRow(db, newName)) };
  });

  endpoint(app, 'DELETE', 'mlflow/registered-models/delete', (params) => {
    const name = requiredString(params, 'name');
    modelRow(db, name);
    db.transaction(() => {
      for (const table of MODEL_TABLES) statement(db, `DELETE FROM ${table} WHERE name = ?`).run(name);
    })();
    return {};
  });

  endpoint(app, 'POST', 'mlflow/registered-models/set-tag', (params) => {
    const name = requiredString(params, 'name');
    modelRow(db, name);
    const tag = checkRegistryTag({ key: requiredString(params, 'key'), value: optionalString(params, 'value') ?? '' });
    statement(db, 'INSERT OR REPLACE INTO registered_model_tags VALUES (?, ?, ?)').run(name, tag.key, tag.value);
    return {};
  });

  endpoint(app, 'DELETE', 'mlflow/registered-models/delete-tag', (params) => {
    const name = requiredString(params, 'name');
    modelRow(db, name);
    statement(db, 'DELETE FROM registered_model_tags WHERE name = ? AND key = ?').run(name, requiredString(params, 'key'));
    return {};
  });

  registerAliasRoutes(app, db, events);

  const latestVersions = (params: Params) => {
    const name = requiredString(params, 'name');
    modelRow(db, name);
    const latest = latestVersion(db, name);
    return { model_versions: latest ? [versionJson(db, latest)] : [] };
  };
  endpoint(app, 'POST', 'mlflow/registered-models/get-latest-versions', latestVersions);
  endpoint(app, 'GET', 'mlflow/registered-models/get-latest-versions', latestVersions);
}

function registerAliasRoutes(app: FastifyInstance, db: Db, events: WebhookEvents): void {
  endpoint(app, 'POST', 'mlflow/registered-models/alias', (params) => {
    const name = requiredString(params, 'name');
    const alias = checkAlias(requiredString(params, 'alias'));
    const row = versionRow(db, name, requiredString(params, 'version'));
    statement(db, 'INSERT OR REPLACE INTO aliases VALUES (?, ?, ?)').run(name, alias, row.version);
    touchModel(db, name);
    events.emit('model_version_alias', 'created', { name, alias, version: String(row.version) });
    return {};
  });

  endpoint(app, 'DELETE', 'mlflow/registered-models/alias', (params) => {
    const name = requiredString(params, 'name');
    const alias = requiredString(params, 'alias');
    modelRow(db, name);
    statement(db, 'DELETE FROM aliases WHERE name = ? AND alias = ?').run(name, alias);
    events.emit('model_version_alias', 'deleted', { name, alias });
    return {};
  });

  endpoint(app, 'GET', 'mlflow/registered-models/alias', (params) => {
    const name = requiredString(params, 'name');
    const alias = requiredString(params, 'alias');
    modelRow(db, name);
    const found = statement(db, 'SELECT version FROM aliases WHERE name = ? AND alias = ?').get(name, alias) as
      { version: number } | undefined;
    // MLflow answers a missing alias with 400, not 404.
    if (!found) throw invalid(`Registered model alias ${alias} not found.`);
    return { model_version: versionJson(db, versionRow(db, name, String(found.version))) };
  });
}
