import { OperationalError } from '@mlops-actions/common';
import { MlflowApiError } from './errors.js';
import type { MlflowHttp } from './http.js';
import { collectPages } from './pages.js';
import { recordToTags, tagsToRecord, type WireModelVersion, type WireRegisteredModel } from './wire.js';

export type ModelVersionStatus = 'PENDING_REGISTRATION' | 'FAILED_REGISTRATION' | 'READY';

export interface ModelVersion {
  name: string;
  version: number;
  creationTimestamp: number | undefined;
  lastUpdatedTimestamp: number | undefined;
  description: string;
  /** The model's artifact location, e.g. `mlflow-artifacts:/1/<run>/artifacts/model`. */
  source: string;
  runId: string | undefined;
  status: ModelVersionStatus;
  statusMessage: string | undefined;
  tags: Record<string, string>;
  aliases: string[];
}

export interface RegisteredModel {
  name: string;
  creationTimestamp: number | undefined;
  lastUpdatedTimestamp: number | undefined;
  description: string;
  tags: Record<string, string>;
  /** alias → version number */
  aliases: Record<string, number>;
  latestVersions: ModelVersion[];
}

export function modelVersionFromWire(wire: WireModelVersion): ModelVersion {
  return {
    name: wire.name,
    version: Number(wire.version),
    creationTimestamp: wire.creation_timestamp,
    lastUpdatedTimestamp: wire.last_updated_timestamp,
    description: wire.description ?? '',
    source: wire.source ?? '',
    runId: wire.run_id === '' ? undefined : wire.run_id,
    status: (wire.status ?? 'READY') as ModelVersionStatus,
    statusMessage: wire.status_message,
    tags: tagsToRecord(wire.tags),
    aliases: wire.aliases ?? [],
  };
}

function registeredModelFromWire(wire: WireRegisteredModel): RegisteredModel {
  return {
    name: wire.name,
    creationTimestamp: wire.creation_timestamp,
    lastUpdatedTimestamp: wire.last_updated_timestamp,
    description: wire.description ?? '',
    tags: tagsToRecord(wire.tags),
    aliases: Object.fromEntries((wire.aliases ?? []).map((a) => [a.alias, Number(a.version)])),
    latestVersions: (wire.latest_versions ?? []).map(modelVersionFromWire),
  };
}

const isMissing = (error: unknown): boolean => error instanceof MlflowApiError && error.errorCode === 'RESOURCE_DOES_NOT_EXIST';

/** The registered model, or undefined when there is none. */
export async function getRegisteredModel(http: MlflowHttp, name: string): Promise<RegisteredModel | undefined> {
  try {
    return registeredModelFromWire(
      (await http.call<{ registered_model: WireRegisteredModel }>('GET', 'mlflow/registered-models/get', { query: { name } }))
        .registered_model,
    );
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw error;
  }
}

export interface CreateRegisteredModelParams {
  name: string;
  description?: string;
  tags?: Record<string, string>;
}

export async function createRegisteredModel(http: MlflowHttp, params: CreateRegisteredModelParams): Promise<RegisteredModel> {
  const response = await http.call<{ registered_model: WireRegisteredModel }>('POST', 'mlflow/registered-models/create', {
    body: { name: params.name, description: params.description, tags: recordToTags(params.tags) },
    idempotent: false,
  });
  return registeredModelFromWire(response.registered_model);
}

/**
 * Renames a registered model with its versions, tags and aliases, in one step of MLflow's: it fails with
 * RESOURCE_DOES_NOT_EXIST when `name` is gone and RESOURCE_ALREADY_EXISTS when `newName` is taken, so of two renames
 * of one model, one succeeds.
 */
export async function renameRegisteredModel(http: MlflowHttp, name: string, newName: string): Promise<RegisteredModel> {
  const response = await http.call<{ registered_model: WireRegisteredModel }>('POST', 'mlflow/registered-models/rename', {
    body: { name, new_name: newName },
    idempotent: false,
  });
  return registeredModelFromWire(response.registered_model);
}

/** Deletes a registered model with all its versions; MLflow reads DELETE parameters only from the JSON body. */
export async function deleteRegisteredModel(http: MlflowHttp, name: string): Promise<void> {
  await http.call('DELETE', 'mlflow/registered-models/delete', { body: { name } });
}

/** The registered model, created when missing; a lost answer or a lost race (400 RESOURCE_ALREADY_EXISTS) reads the existing one. */
export async function getOrCreateRegisteredModel(http: MlflowHttp, params: CreateRegisteredModelParams): Promise<RegisteredModel> {
  const existing = await getRegisteredModel(http, params.name);
  if (existing) return existing;
  try {
    return await http.createOnce(
      () => createRegisteredModel(http, params),
      () => getRegisteredModel(http, params.name),
    );
  } catch (error) {
    const found =
      error instanceof MlflowApiError && error.errorCode === 'RESOURCE_ALREADY_EXISTS'
        ? await getRegisteredModel(http, params.name)
        : undefined;
    if (found) return found;
    throw error;
  }
}

export async function searchRegisteredModels(
  http: MlflowHttp,
  params: { filter?: string; orderBy?: readonly string[] } = {},
): Promise<RegisteredModel[]> {
  return collectPages(async (pageToken) => {
    const response = await http.call<{ registered_models?: WireRegisteredModel[]; next_page_token?: string }>(
      'GET',
      'mlflow/registered-models/search',
      {
        query: { filter: params.filter, order_by: params.orderBy, max_results: 1000, page_token: pageToken },
      },
    );
    return { items: response.registered_models, nextPageToken: response.next_page_token };
  }, registeredModelFromWire);
}

export interface CreateModelVersionParams {
  name: string;
  /** The model's artifact URI: `<run artifact_uri>/model`. */
  source: string;
  runId?: string;
  description?: string;
  tags?: Record<string, string>;
  runLink?: string;
}

/**
 * Registers a model version. A retry after an unknown outcome first looks for a version of this model with
 * the same run and source, so a flaky network never registers the same model twice.
 */
export async function createModelVersion(http: MlflowHttp, params: CreateModelVersionParams): Promise<ModelVersion> {
  const body = {
    name: params.name,
    source: params.source,
    run_id: params.runId,
    description: params.description,
    tags: recordToTags(params.tags),
    run_link: params.runLink,
  };
  return http.createOnce(
    async () =>
      modelVersionFromWire(
        (await http.call<{ model_version: WireModelVersion }>('POST', 'mlflow/model-versions/create', { body, idempotent: false }))
          .model_version,
      ),
    async () => (params.runId ? await findModelVersionOfRun(http, params.name, params.runId, params.source) : undefined),
  );
}

/** The version of `name` a run registered from `source`, if it did. */
export async function findModelVersionOfRun(
  http: MlflowHttp,
  name: string,
  runId: string,
  source: string,
): Promise<ModelVersion | undefined> {
  const versions = await searchModelVersions(http, { filter: `name='${escapeFilter(name)}' and run_id='${escapeFilter(runId)}'` });
  return versions.find((v) => v.source === source);
}

/** The model version, or undefined when there is none. */
export async function getModelVersion(http: MlflowHttp, name: string, version: number | string): Promise<ModelVersion | undefined> {
  try {
    return modelVersionFromWire(
      (
        await http.call<{ model_version: WireModelVersion }>('GET', 'mlflow/model-versions/get', {
          query: { name, version: String(version) },
        })
      ).model_version,
    );
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw error;
  }
}

/** Versions matching a filter such as `name='demo'` or `run_id='…'`, across pages, newest first unless ordered otherwise. */
export async function searchModelVersions(
  http: MlflowHttp,
  params: { filter?: string; orderBy?: readonly string[] } = {},
): Promise<ModelVersion[]> {
  return collectPages(async (pageToken) => {
    const response = await http.call<{ model_versions?: WireModelVersion[]; next_page_token?: string }>(
      'GET',
      'mlflow/model-versions/search',
      {
        query: { filter: params.filter, order_by: params.orderBy ?? ['version_number DESC'], max_results: 10_000, page_token: pageToken },
      },
    );
    return { items: response.model_versions, nextPageToken: response.next_page_token };
  }, modelVersionFromWire);
}

export async function updateModelVersionDescription(
  http: MlflowHttp,
  name: string,
  version: number,
  description: string,
): Promise<ModelVersion> {
  const response = await http.call<{ model_version: WireModelVersion }>('PATCH', 'mlflow/model-versions/update', {
    body: { name, version: String(version), description },
  });
  return modelVersionFromWire(response.model_version);
}

export async function setRegisteredModelTag(http: MlflowHttp, name: string, key: string, value: string): Promise<void> {
  await http.call('POST', 'mlflow/registered-models/set-tag', { body: { name, key, value } });
}

/** Deletes a registered model's tag; MLflow reads DELETE parameters only from the JSON body. */
export async function deleteRegisteredModelTag(http: MlflowHttp, name: string, key: string): Promise<void> {
  await http.call('DELETE', 'mlflow/registered-models/delete-tag', { body: { name, key } });
}

export async function setModelVersionTag(http: MlflowHttp, name: string, version: number, key: string, value: string): Promise<void> {
  await http.call('POST', 'mlflow/model-versions/set-tag', { body: { name, version: String(version), key, value } });
}

/** Deletes a version's tag; MLflow reads DELETE parameters only from the JSON body. */
export async function deleteModelVersionTag(http: MlflowHttp, name: string, version: number, key: string): Promise<void> {
  await http.call('DELETE', 'mlflow/model-versions/delete-tag', { body: { name, version: String(version), key } });
}

export async function deleteModelVersion(http: MlflowHttp, name: string, version: number): Promise<void> {
  await http.call('DELETE', 'mlflow/model-versions/delete', { body: { name, version: String(version) } });
}

/** Where a version's files can be downloaded from (`storage_location` or `source`). */
export async function getModelVersionDownloadUri(http: MlflowHttp, name: string, version: number): Promise<string> {
  return (
    await http.call<{ artifact_uri: string }>('GET', 'mlflow/model-versions/get-download-uri', {
      query: { name, version: String(version) },
    })
  ).artifact_uri;
}

/** Waits while a version is PENDING_REGISTRATION (other registries use it; MLflow's SQL store creates READY). */
export async function waitForModelVersionReady(
  http: MlflowHttp,
  name: string,
  version: number,
  options: { timeoutMs?: number; intervalMs?: number; sleep?: (ms: number) => Promise<void> } = {},
): Promise<ModelVersion> {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const deadline = Date.now() + (options.timeoutMs ?? 300_000);
  for (;;) {
    const current = await getModelVersion(http, name, version);
    const registry = (message: string): OperationalError =>
      new OperationalError(message, { service: 'MLflow', hint: "MLflow's registry did not finish the version: its server log says why" });
    if (!current) throw registry(`model version ${name} v${version} disappeared while waiting for it to become READY`);
    if (current.status === 'READY') return current;
    if (current.status === 'FAILED_REGISTRATION')
      throw registry(`model version ${name} v${version} failed to register: ${current.statusMessage ?? 'no message'}`);
    if (Date.now() >= deadline)
      throw registry(`model version ${name} v${version} is still ${current.status} after ${(options.timeoutMs ?? 300_000) / 1000} s`);
    await sleep(options.intervalMs ?? 1000);
  }
}

/** Points the alias at a version (moving it if it exists). */
export async function setAlias(http: MlflowHttp, name: string, alias: string, version: number): Promise<void> {
  await http.call('POST', 'mlflow/registered-models/alias', { body: { name, alias, version: String(version) } });
}

export async function deleteAlias(http: MlflowHttp, name: string, alias: string): Promise<void> {
  await http.call('DELETE', 'mlflow/registered-models/alias', { body: { name, alias } });
}

/** The version an alias points to, or undefined when the alias is not set (MLflow answers 400, not 404). */
export async function getVersionByAlias(http: MlflowHttp, name: string, alias: string): Promise<ModelVersion | undefined> {
  try {
    return modelVersionFromWire(
      (await http.call<{ model_version: WireModelVersion }>('GET', 'mlflow/registered-models/alias', { query: { name, alias } }))
        .model_version,
    );
  } catch (error) {
    const aliasMissing =
      error instanceof MlflowApiError && error.errorCode === 'INVALID_PARAMETER_VALUE' && /alias .* not found/i.test(error.serverMessage);
    if (aliasMissing || isMissing(error)) return undefined;
    throw error;
  }
}

/** Escapes a value for a single-quoted string in MLflow's filter syntax. */
export function escapeFilter(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/'/g, "\\'");
}

/**
 * Why MLflow would refuse `alias` as an alias name (its own rules: letters, digits, `_` and `-`, at most 255
 * characters, not `latest` or `v<number>`), or undefined when it accepts it. Checked before expensive work, so a
 * bad alias is not found only when it is finally set.
 */
export function aliasNameProblem(alias: string): string | undefined {
  if (alias.length > 255 || !/^[\w-]+$/.test(alias))
    return `'${alias}' is not an MLflow alias name: use letters, digits, _ and -, at most 255 characters`;
  if (/^latest$/i.test(alias) || /^v\d+$/i.test(alias)) return `'${alias}' is reserved by MLflow for versions: choose another alias name`;
  return undefined;
}
