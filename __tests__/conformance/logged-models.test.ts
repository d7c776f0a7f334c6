import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from '@jest/globals';
import {
  createRegisteredModel,
  createRun,
  downloadArtifactDirectory,
  getModelVersionDownloadUri,
  getOrCreateExperiment,
  MlflowApiError,
  uploadArtifactFile,
} from '@mlops-actions/mlflow';
import { startTarget, type ConformanceTarget } from './target.js';

/**
 * MLflow 3's logged models as MLflow 3.6's handlers and SQL store answer them (mlflow/server/handlers.py
 * `_create_logged_model` … `_search_logged_models`, mlflow/store/tracking/sqlalchemy_store.py): what
 * `mlflow.<flavor>.log_model`, `load_model('runs:/…')` / `models:/m-…` and registering such a model rely on.
 */

interface LoggedModel {
  info: {
    model_id: string;
    experiment_id: string;
    name: string;
    artifact_uri: string;
    status: string;
    model_type?: string;
    source_run_id?: string;
    creation_timestamp_ms: number;
    tags?: { key: string; value: string }[];
  };
  data: { params?: { key: string; value: string }[]; metrics?: { key: string; value: number; step: number; run_id?: string }[] };
}

const target: ConformanceTarget = await startTarget();
const supported = await target.http.call('POST', 'mlflow/logged-models/search', { body: { experiment_ids: ['0'] } }).then(
  () => true,
  (error: unknown) => {
    if (error instanceof MlflowApiError && (error.status === 404 || error.status === 405)) return false;
    throw error;
  },
);
if (!supported) console.warn('logged-model tests skipped: the server has no logged models (MLflow < 3)');
const loggedModelTest = supported ? test : test.skip;
afterAll(async () => {
  await target.close();
});

const call = <T>(method: string, path: string, body?: unknown): Promise<T> =>
  target.http.call<T>(method, path, { body, idempotent: false });
const failure = async (promise: Promise<unknown>): Promise<{ status: number; errorCode: string; message: string }> => {
  try {
    await promise;
  } catch (error) {
    if (error instanceof MlflowApiError) return { status: error.status, errorCode: error.errorCode, message: error.serverMessage };
    throw error;
  }
  throw new Error('the call succeeded');
};
const create = async (body: Record<string, unknown>): Promise<LoggedModel> =>
  (await call<{ model: LoggedModel }>('POST', 'mlflow/logged-models', body)).model;

async function experiment(prefix: string): Promise<string> {
  return (await getOrCreateExperiment(target.http, target.unique(prefix))).id;
}

describe('logged models (MLflow ≥ 3)', () => {
  loggedModelTest('create answers a pending model under the experiment, with its params and tags, and get finds it', async () => {
    const experimentId = await experiment('conformance-lm');
    const run = await createRun(target.http, { experimentId });
    const model = await create({
      experiment_id: experimentId,
      name: 'model',
      source_run_id: run.id,
      params: [{ key: 'lr', value: '0.01' }],
      tags: [
        { key: 'z', value: '1' },
        { key: 'framework', value: 'onnx' },
      ],
    });
    expect(model.info.model_id).toMatch(/^m-[0-9a-f]{32}$/);
    expect(model.info).toMatchObject({ experiment_id: experimentId, name: 'model', status: 'LOGGED_MODEL_PENDING', model_type: '' });
    expect(model.info.source_run_id).toBe(run.id);
    expect(model.info.artifact_uri).toMatch(new RegExp(`/${experimentId}/models/${model.info.model_id}/artifacts$`));
    expect(model.info.tags).toEqual([
      { key: 'framework', value: 'onnx' },
      { key: 'z', value: '1' },
    ]);
    expect(model.data).toEqual({ params: [{ key: 'lr', value: '0.01' }] });
    const fetched = await call<{ model: LoggedModel }>('GET', `mlflow/logged-models/${model.info.model_id}`);
    expect(fetched.model).toEqual(model);
    // Without a name the model gets a generated one; without a run or type both are stored empty.
    const bare = await create({ experiment_id: experimentId });
    expect(bare.info.name).toMatch(/^[a-z]+-[a-z]+-\d+$/);
    expect(bare.info).toMatchObject({ model_type: '', source_run_id: '' });
    expect(bare.data).toEqual({});
  });

  loggedModelTest('bad requests are refused as MLflow refuses them', async () => {
    const experimentId = await experiment('conformance-lm-bad');
    expect(await failure(create({}))).toMatchObject({
      status: 400,
      errorCode: 'INVALID_PARAMETER_VALUE',
      message: expect.stringContaining("Missing value for required parameter 'experiment_id'"),
    });
    expect(await failure(create({ experiment_id: experimentId, name: 'a/b' }))).toMatchObject({
      status: 400,
      message: expect.stringContaining("Invalid model name ('a/b') provided"),
    });
    expect(await failure(create({ experiment_id: '987654321' }))).toMatchObject({
      status: 404,
      errorCode: 'RESOURCE_DOES_NOT_EXIST',
      message: 'No Experiment with id=987654321 exists',
    });
    expect(await failure(call('GET', 'mlflow/logged-models/m-00000000000000000000000000000000'))).toEqual({
      status: 404,
      errorCode: 'RESOURCE_DOES_NOT_EXIST',
      message: "Logged model with ID 'm-00000000000000000000000000000000' not found.",
    });
    const model = await create({ experiment_id: experimentId });
    // Finalizing needs the model id in the body: that one is finalized, whatever the path says.
    expect(await failure(call('PATCH', `mlflow/logged-models/${model.info.model_id}`, { status: 'LOGGED_MODEL_READY' }))).toMatchObject({
      status: 400,
      message: expect.stringContaining("Missing value for required parameter 'model_id'"),
    });
    expect(await failure(call('DELETE', `mlflow/logged-models/${model.info.model_id}/tags/absent`))).toMatchObject({
      status: 404,
      message: `No tag with key 'absent' found for model with ID '${model.info.model_id}'.`,
    });
    // A tag key as long as MLflow allows is still addressed in the path.
    const long = 'k'.repeat(250);
    expect(await failure(call('DELETE', `mlflow/logged-models/${model.info.model_id}/tags/${long}`))).toMatchObject({ status: 404 });
    expect(await failure(create({ experiment_id: 'abc' }))).toMatchObject({ status: 500, errorCode: 'INTERNAL_ERROR' });
    expect(
      await failure(
        create({
          experiment_id: experimentId,
          tags: [
            { key: 'k', value: '1' },
            { key: 'k', value: '2' },
          ],
        }),
      ),
    ).toMatchObject({ status: 400, errorCode: 'BAD_REQUEST' });
    expect(
      await failure(call('PATCH', `mlflow/logged-models/${model.info.model_id}`, { model_id: model.info.model_id, status: [2] })),
    ).toMatchObject({
      status: 400,
      errorCode: 'INVALID_PARAMETER_VALUE',
    });
    expect((await call<{ model: LoggedModel }>('GET', `mlflow/logged-models/${model.info.model_id}`)).model.info.status).toBe(
      'LOGGED_MODEL_PENDING',
    );
  });

  loggedModelTest('finalize, tags, params and a soft delete', async () => {
    const experimentId = await experiment('conformance-lm-life');
    const model = await create({ experiment_id: experimentId, name: 'life' });
    const id = model.info.model_id;
    // MLflow reads a PATCH body as JSON whatever Content-Type it names.
    const plain = await target.http.send('PATCH', `${target.trackingUri}/api/2.0/mlflow/logged-models/${id}`, {
      body: () => JSON.stringify({ model_id: id, status: 'LOGGED_MODEL_UPLOAD_FAILED' }),
      headers: { 'Content-Type': 'text/plain' },
    });
    expect([plain.status, ((await plain.json()) as { model: LoggedModel }).model.info.status]).toEqual([200, 'LOGGED_MODEL_UPLOAD_FAILED']);
    const ready = await call<{ model: LoggedModel }>('PATCH', `mlflow/logged-models/${id}`, { model_id: id, status: 'LOGGED_MODEL_READY' });
    expect(ready.model.info.status).toBe('LOGGED_MODEL_READY');
    expect(await call('PATCH', `mlflow/logged-models/${id}/tags`, { tags: [{ key: 'stage', value: 'a' }] })).toEqual({});
    await call('PATCH', `mlflow/logged-models/${id}/tags`, { tags: [{ key: 'stage', value: 'b' }] });
    await call('POST', `mlflow/logged-models/${id}/params`, { model_id: id, params: [{ key: 'k', value: 'v' }] });
    let fetched = (await call<{ model: LoggedModel }>('GET', `mlflow/logged-models/${id}`)).model;
    expect(fetched.info.tags).toEqual([{ key: 'stage', value: 'b' }]);
    expect(fetched.data.params).toEqual([{ key: 'k', value: 'v' }]);
    await call('DELETE', `mlflow/logged-models/${id}/tags/stage`);
    fetched = (await call<{ model: LoggedModel }>('GET', `mlflow/logged-models/${id}`)).model;
    expect(fetched.info.tags).toBeUndefined();
    expect(await call('DELETE', `mlflow/logged-models/${id}`)).toEqual({});
    expect((await failure(call('GET', `mlflow/logged-models/${id}`))).status).toBe(404);
    const found = await call<{ models?: LoggedModel[] }>('POST', 'mlflow/logged-models/search', { experiment_ids: [experimentId] });
    expect(found.models).toBeUndefined();
  });

  loggedModelTest('a run lists the models it produced, and metrics logged for a model are the model’s', async () => {
    const experimentId = await experiment('conformance-lm-run');
    const run = await createRun(target.http, { experimentId });
    const model = await create({ experiment_id: experimentId, name: 'model', source_run_id: run.id });
    const id = model.info.model_id;
    await call('POST', 'mlflow/runs/outputs', { run_id: run.id, models: [{ model_id: id, step: 3 }] });
    const read = await target.http.call<{ run: { outputs: { model_outputs?: { model_id: string; step: number }[] } } }>(
      'GET',
      'mlflow/runs/get',
      {
        query: { run_id: run.id },
      },
    );
    expect(read.run.outputs.model_outputs).toEqual([{ model_id: id, step: 3 }]);
    await call('POST', 'mlflow/runs/log-batch', {
      run_id: run.id,
      metrics: [
        { key: 'acc', value: 0.5, timestamp: 1, step: 0, model_id: id },
        { key: 'acc', value: 0.75, timestamp: 2, step: 1, model_id: id },
      ],
    });
    const fetched = (await call<{ model: LoggedModel }>('GET', `mlflow/logged-models/${id}`)).model;
    expect(fetched.data.metrics?.map((m) => [m.key, m.value, m.step, m.run_id])).toEqual([
      ['acc', 0.5, 0, run.id],
      ['acc', 0.75, 1, run.id],
    ]);
  });

  loggedModelTest('search filters by name, params, tags and metrics, orders newest first, and pages with a checked token', async () => {
    const experimentId = await experiment('conformance-lm-search');
    const run = await createRun(target.http, { experimentId });
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const model = await create({
        experiment_id: experimentId,
        name: i < 2 ? 'model' : 'other',
        source_run_id: run.id,
        params: [{ key: 'i', value: String(i) }],
        tags: [{ key: 'team', value: i === 0 ? 'a' : 'b' }],
      });
      ids.push(model.info.model_id);
      await call('POST', 'mlflow/runs/log-metric', {
        run_id: run.id,
        key: 'acc',
        value: i / 10,
        timestamp: 1,
        step: 0,
        model_id: model.info.model_id,
      });
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const search = (body: Record<string, unknown>) =>
      call<{ models?: LoggedModel[]; next_page_token?: string }>('POST', 'mlflow/logged-models/search', {
        experiment_ids: [experimentId],
        ...body,
      });
    const names = async (body: Record<string, unknown>) => ((await search(body)).models ?? []).map((m) => m.info.model_id);
    expect(await names({})).toEqual([ids[2], ids[1], ids[0]]);
    expect(await names({ filter: "name = 'model'" })).toEqual([ids[1], ids[0]]);
    expect(await names({ filter: "params.i = '1'" })).toEqual([ids[1]]);
    expect(await names({ filter: "tags.team = 'b' AND metrics.acc > 0.15" })).toEqual([ids[2]]);
    expect(await names({ order_by: [{ field_name: 'metrics.acc', ascending: true }] })).toEqual(ids);
    const first = await search({ max_results: 2 });
    expect(first.models?.map((m) => m.info.model_id)).toEqual([ids[2], ids[1]]);
    expect(first.next_page_token).toEqual(expect.any(String));
    const second = await search({ max_results: 2, page_token: first.next_page_token });
    expect(second.models?.map((m) => m.info.model_id)).toEqual([ids[0]]);
    expect(second.next_page_token).toBeUndefined();
    expect(await failure(search({ filter: "name = 'model'", page_token: first.next_page_token }))).toMatchObject({
      status: 400,
      message: expect.stringContaining('Filter string in the page token does not match'),
    });
    expect(await failure(search({ filter: 'metric.acc > 0.1' }))).toMatchObject({
      status: 400,
      message: expect.stringContaining("Invalid entity type: 'metric'"),
    });
    expect(await failure(search({ filter: "params.i > '0'" }))).toMatchObject({ status: 400, errorCode: 'INVALID_PARAMETER_VALUE' });
    expect(await failure(search({ filter: "name = 'model' AND" }))).toMatchObject({
      status: 400,
      message: expect.stringContaining("Expected a list of comparisons separated by 'AND'"),
    });
    // Names JavaScript objects carry of their own are no columns: an order by one is refused, a filter on one fails.
    expect(await failure(search({ order_by: [{ field_name: 'constructor' }] }))).toMatchObject({
      status: 400,
      message: 'Invalid order by field name: constructor',
    });
    expect((await failure(search({ filter: "constructor = 'x'" }))).status).toBe(500);
    expect(await failure(search({ page_token: Buffer.from('null').toString('base64') }))).toMatchObject({ status: 400 });
    expect(await failure(call('POST', 'mlflow/logged-models/search', {}))).toMatchObject({
      status: 400,
      message: expect.stringContaining("Missing value for required parameter 'experiment_ids'"),
    });
  });

  loggedModelTest('a version registered from models:/<id> downloads the logged model’s files and is recorded on the model', async () => {
    const experimentId = await experiment('conformance-lm-registry');
    const run = await createRun(target.http, { experimentId });
    const model = await create({ experiment_id: experimentId, name: 'model', source_run_id: run.id });
    const id = model.info.model_id;
    const dir = mkdtempSync(join(tmpdir(), 'conformance-lm-'));
    try {
      writeFileSync(join(dir, 'MLmodel'), 'flavors: {}\n');
      await uploadArtifactFile(target.http, model.info.artifact_uri, join(dir, 'MLmodel'), 'MLmodel');
      const listed = await target.http.call<{ root_uri: string; files?: { path: string; is_dir: boolean }[] }>(
        'GET',
        `mlflow/logged-models/${id}/artifacts/directories`,
      );
      expect(listed).toMatchObject({ root_uri: model.info.artifact_uri, files: [{ path: 'MLmodel', is_dir: false }] });
      // The UI's download route, which MLflow 3.6 serves under /ajax-api only.
      const file = await target.http.send(
        'GET',
        `${target.trackingUri}/ajax-api/2.0/mlflow/logged-models/${id}/artifacts/files?artifact_file_path=MLmodel`,
      );
      expect([file.status, await file.text()]).toEqual([200, 'flavors: {}\n']);
      const unsafe = await target.http.send(
        'GET',
        `${target.trackingUri}/ajax-api/2.0/mlflow/logged-models/${id}/artifacts/files?artifact_file_path=../../other`,
      );
      expect(unsafe.status).toBe(400);
      await unsafe.body?.cancel();
      const absolute = await target.http.send(
        'GET',
        `${target.trackingUri}/ajax-api/2.0/mlflow/logged-models/${id}/artifacts/files?artifact_file_path=file:///etc/passwd`,
      );
      expect(absolute.status).toBe(400);
      await absolute.body?.cancel();

      const name = target.unique('conformance-lm-registered');
      await createRegisteredModel(target.http, { name });
      // No run id given: the version takes the logged model's source run.
      const created = await call<{ model_version: { version: string; source: string; run_id: string } }>(
        'POST',
        'mlflow/model-versions/create',
        {
          name,
          source: `models:/${id}`,
          model_id: id,
        },
      );
      expect(created.model_version).toMatchObject({ version: '1', source: `models:/${id}`, run_id: run.id });
      expect(await getModelVersionDownloadUri(target.http, name, 1)).toBe(model.info.artifact_uri);
      const out = join(dir, 'download');
      await downloadArtifactDirectory(target.http, await getModelVersionDownloadUri(target.http, name, 1), '', out);
      expect(readFileSync(join(out, 'MLmodel'), 'utf8')).toBe('flavors: {}\n');
      const fetched = (await call<{ model: LoggedModel }>('GET', `mlflow/logged-models/${id}`)).model;
      expect(fetched.info.tags).toContainEqual({ key: 'mlflow.modelVersions', value: `[{"name": "${name}", "version": 1}]` });
      // A model id that names no model is refused before anything is registered when the run must come from it.
      expect(
        await failure(
          call('POST', 'mlflow/model-versions/create', { name, source: 's3://bucket/m', model_id: 'm-00000000000000000000000000000000' }),
        ),
      ).toMatchObject({ status: 404, message: "Logged model with ID 'm-00000000000000000000000000000000' not found." });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
