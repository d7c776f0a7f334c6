import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createExperiment,
  createModelVersion,
  createRegisteredModel,
  createRun,
  deleteAlias,
  deleteModelVersion,
  deleteModelVersionTag,
  getModelVersion,
  getModelVersionDownloadUri,
  getOrCreateExperiment,
  getOrCreateRegisteredModel,
  getRegisteredModel,
  getVersionByAlias,
  MlflowApiError,
  renameRegisteredModel,
  searchModelVersions,
  searchRegisteredModels,
  setAlias,
  setModelVersionTag,
  updateModelVersionDescription,
  waitForModelVersionReady,
  type Run,
} from '@mlops-actions/mlflow';
import { startTarget, type ConformanceTarget } from './target.js';

let target: ConformanceTarget;
let run: Run;
beforeAll(async () => {
  target = await startTarget();
  run = await createRun(target.http, {
    experimentId: (await getOrCreateExperiment(target.http, target.unique('conformance-registry'))).id,
  });
});
afterAll(async () => {
  await target.close();
});

describe('model registry', () => {
  test('versions number from 1, carry source, run and tags, and are READY', async () => {
    const name = target.unique('conformance-model');
    const model = await createRegisteredModel(target.http, { name, description: 'a model', tags: { owner: 'ml' } });
    expect(model).toMatchObject({ name, description: 'a model', tags: { owner: 'ml' }, aliases: {}, latestVersions: [] });
    const source = `${run.artifactUri}/model`;
    const v1 = await createModelVersion(target.http, { name, source, runId: run.id, tags: { git: 'abc' } });
    const v2 = await createModelVersion(target.http, { name, source, runId: run.id });
    expect([v1.version, v2.version]).toEqual([1, 2]);
    expect(v1).toMatchObject({ source, runId: run.id, status: 'READY', tags: { git: 'abc' }, aliases: [] });
    expect((await waitForModelVersionReady(target.http, name, 2)).version).toBe(2);
    expect(await getModelVersionDownloadUri(target.http, name, 1)).toBe(source);
    expect((await getRegisteredModel(target.http, name))!.latestVersions.map((v) => v.version)).toEqual([2]);
  });

  test('aliases: set, move, read, delete; a missing alias reads as undefined', async () => {
    const name = target.unique('conformance-alias');
    await createRegisteredModel(target.http, { name });
    for (let i = 0; i < 2; i++) await createModelVersion(target.http, { name, source: `${run.artifactUri}/model`, runId: run.id });
    expect(await getVersionByAlias(target.http, name, 'production')).toBeUndefined();
    await setAlias(target.http, name, 'production', 1);
    expect((await getVersionByAlias(target.http, name, 'production'))!.version).toBe(1);
    await setAlias(target.http, name, 'production', 2);
    const moved = await getVersionByAlias(target.http, name, 'production');
    expect(moved).toMatchObject({ version: 2, aliases: ['production'] });
    expect((await getRegisteredModel(target.http, name))!.aliases).toEqual({ production: 2 });
    await deleteAlias(target.http, name, 'production');
    expect(await getVersionByAlias(target.http, name, 'production')).toBeUndefined();
  });

  test.each(['latest', 'v3', 'bad alias!'])("alias '%s' is refused with 400", async (alias) => {
    const name = target.unique(`conformance-reserved-${alias.replace(/\W/g, '')}`);
    await createRegisteredModel(target.http, { name });
    await createModelVersion(target.http, { name, source: `${run.artifactUri}/model` });
    await expect(setAlias(target.http, name, alias, 1)).rejects.toMatchObject({ status: 400, errorCode: 'INVALID_PARAMETER_VALUE' });
  });

  test('version tags and description; search by run id and by name', async () => {
    const name = target.unique('conformance-tags');
    await getOrCreateRegisteredModel(target.http, { name });
    const version = await createModelVersion(target.http, { name, source: `${run.artifactUri}/model`, runId: run.id });
    await setModelVersionTag(target.http, name, version.version, 'mlops.gate', 'passed');
    await setModelVersionTag(target.http, name, version.version, 'tmp', 'x');
    await deleteModelVersionTag(target.http, name, version.version, 'tmp');
    await updateModelVersionDescription(target.http, name, version.version, 'accuracy 0.91');
    expect(await getModelVersion(target.http, name, version.version)).toMatchObject({
      tags: { 'mlops.gate': 'passed' },
      description: 'accuracy 0.91',
    });
    const found = await searchModelVersions(target.http, { filter: `name='${name}' and run_id='${run.id}'` });
    expect(found.map((v) => v.version)).toEqual([1]);
    expect((await searchRegisteredModels(target.http, { filter: `name LIKE '${name.slice(0, -3)}%'` })).map((m) => m.name)).toContain(name);
  });

  test('rename moves the versions, tags and aliases; renaming onto a taken name is 400 RESOURCE_ALREADY_EXISTS, a missing one 404', async () => {
    const name = target.unique('conformance-rename');
    const taken = target.unique('conformance-taken');
    await createRegisteredModel(target.http, { name, tags: { team: 'vision' } });
    await createRegisteredModel(target.http, { name: taken });
    await createModelVersion(target.http, { name, source: `${run.artifactUri}/model`, runId: run.id });
    await setAlias(target.http, name, 'production', 1);
    await expect(renameRegisteredModel(target.http, name, taken)).rejects.toMatchObject({
      status: 400,
      errorCode: 'RESOURCE_ALREADY_EXISTS',
    });
    const renamed = await renameRegisteredModel(target.http, name, `${name}-renamed`);
    expect(renamed).toMatchObject({ name: `${name}-renamed`, tags: { team: 'vision' }, aliases: { production: 1 } });
    expect((await getModelVersion(target.http, `${name}-renamed`, 1))?.source).toBe(`${run.artifactUri}/model`);
    expect(await getRegisteredModel(target.http, name)).toBeUndefined();
    await expect(renameRegisteredModel(target.http, name, `${name}-again`)).rejects.toMatchObject({
      status: 404,
      errorCode: 'RESOURCE_DOES_NOT_EXIST',
    });
  });

  // MLflow's handler checks the source before the registry looks the model up (handlers.py `_create_model_version`,
  // `_validate_source_run`, `_validate_non_local_source_contains_relative_paths`).
  test('a source MLflow refuses is 400 INVALID_PARAMETER_VALUE, checked before the model is looked up', async () => {
    const name = target.unique('conformance-source');
    await createRegisteredModel(target.http, { name });
    const refused = [
      'x', // a bare local path without a run id
      '/tmp/model',
      'file:///tmp/model',
      `${run.artifactUri}/../../other`,
      `${run.artifactUri}/%2E%2E/%2e%2e/other`, // percent-encoded `..`
      `${run.artifactUri}/model%00`,
      's3://bucket/models/./model',
      'models:m-relative',
    ];
    for (const source of refused) {
      await expect(createModelVersion(target.http, { name, source })).rejects.toMatchObject({
        status: 400,
        errorCode: 'INVALID_PARAMETER_VALUE',
        serverMessage: expect.stringContaining('Invalid model version source'),
      });
      await expect(createModelVersion(target.http, { name: `${name}-absent`, source })).rejects.toMatchObject({ status: 400 });
    }
    // A local path with a run whose artifacts are not on the server's disk is refused too, naming the run id rule.
    await expect(createModelVersion(target.http, { name, source: '/tmp/model', runId: run.id })).rejects.toMatchObject({
      status: 400,
      serverMessage: expect.stringContaining('the run_id request parameter has to be specified'),
    });
    // Control characters that URL parsing drops, and a `..` under 5,000 layers of percent-encoding, are refused (and
    // the layers take no time: the embedded server stops decoding after a few).
    for (const source of [`mlflow-artifacts:/1/\t../x`, `s3://bucket/${`%${'25'.repeat(5_000)}2e`.repeat(2)}/x`]) {
      await expect(createModelVersion(target.http, { name, source })).rejects.toMatchObject({
        status: 400,
        errorCode: 'INVALID_PARAMETER_VALUE',
      });
    }
    expect(await searchModelVersions(target.http, { filter: `name = '${name}'` })).toEqual([]);
    for (const source of [`${run.artifactUri}/model`, 's3://bucket/models/model']) {
      await expect(createModelVersion(target.http, { name, source })).resolves.toMatchObject({ source });
    }
  });

  test('a local source is taken inside its run’s local artifact folder, and nowhere else, also percent-encoded', async () => {
    const name = target.unique('conformance-local-source');
    await createRegisteredModel(target.http, { name });
    const folder = join(tmpdir(), target.unique('conformance-local-artifacts'));
    const experiment = await createExperiment(target.http, { name: target.unique('conformance-local'), artifactLocation: folder });
    const local = await createRun(target.http, { experimentId: experiment });
    expect(local.artifactUri.startsWith(folder)).toBe(true);
    await expect(createModelVersion(target.http, { name, source: `${local.artifactUri}/model`, runId: local.id })).resolves.toMatchObject({
      version: 1,
    });
    for (const source of [`${local.artifactUri}/%2e%2e/%2e%2e/x`, `${local.artifactUri}/../../x`, `${local.artifactUri}/model`]) {
      const runId = source.endsWith('/model') ? run.id : local.id; // the last names a run the folder is not of
      await expect(createModelVersion(target.http, { name, source, runId })).rejects.toMatchObject({
        status: 400,
        serverMessage: expect.stringContaining('To use a local path as a model version source'),
      });
    }
  });

  // MLflow's prompt registry keeps prompts as model versions with the tag mlflow.prompt.is_prompt and a placeholder
  // source, which the handler does not check.
  test('a prompt version is registered without a model source', async () => {
    const name = target.unique('conformance-prompt');
    await createRegisteredModel(target.http, { name });
    await expect(
      createModelVersion(target.http, { name, source: 'dummy-source', tags: { 'mlflow.prompt.is_prompt': 'true' } }),
    ).resolves.toMatchObject({ version: 1, source: 'dummy-source' });
  });

  test('errors: duplicate model 400, missing model 404 on create version, missing version 404, delete twice 404', async () => {
    const name = target.unique('conformance-errors');
    await createRegisteredModel(target.http, { name });
    await expect(createRegisteredModel(target.http, { name })).rejects.toMatchObject({ status: 400, errorCode: 'RESOURCE_ALREADY_EXISTS' });
    await expect(createModelVersion(target.http, { name: `${name}-absent`, source: `${run.artifactUri}/model` })).rejects.toMatchObject({
      status: 404,
      errorCode: 'RESOURCE_DOES_NOT_EXIST',
    });
    expect(await getModelVersion(target.http, name, 99)).toBeUndefined();
    await createModelVersion(target.http, { name, source: `${run.artifactUri}/model` });
    await deleteModelVersion(target.http, name, 1);
    const second = deleteModelVersion(target.http, name, 1);
    await expect(second).rejects.toBeInstanceOf(MlflowApiError);
    await expect(second).rejects.toMatchObject({ status: 404 });
  });

  test('concurrent registrations get distinct version numbers', async () => {
    const name = target.unique('conformance-concurrent');
    await createRegisteredModel(target.http, { name });
    const versions = await Promise.all(
      Array.from({ length: 10 }, () => createModelVersion(target.http, { name, source: `${run.artifactUri}/model` })),
    );
    expect(versions.map((v) => v.version).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });
});
