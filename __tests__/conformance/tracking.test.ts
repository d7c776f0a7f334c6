import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import {
  createExperiment,
  createRun,
  getExperiment,
  getExperimentByName,
  getMetricHistory,
  getOrCreateExperiment,
  getRun,
  logBatch,
  MlflowApiError,
  searchRuns,
  setRunTag,
  updateRun,
  type Metric,
} from '@mlops-actions/mlflow';
import { startTarget, type ConformanceTarget } from './target.js';

let target: ConformanceTarget;
beforeAll(async () => {
  target = await startTarget();
});
afterAll(async () => {
  await target.close();
});

const apiError = async (promise: Promise<unknown>): Promise<MlflowApiError> => {
  try {
    await promise;
  } catch (error) {
    if (error instanceof MlflowApiError) return error;
    throw error;
  }
  throw new Error('expected an MlflowApiError');
};

describe('experiments', () => {
  test('get-or-create creates once, then finds the same experiment', async () => {
    const name = target.unique('conformance-experiment');
    expect(await getExperimentByName(target.http, name)).toBeUndefined();
    const created = await getOrCreateExperiment(target.http, name);
    expect(created).toMatchObject({ name, lifecycleStage: 'active' });
    expect(created.artifactLocation).toMatch(/^mlflow-artifacts:\/\d+$/);
    expect(await getOrCreateExperiment(target.http, name)).toEqual(created);
    expect((await getExperiment(target.http, created.id)).name).toBe(name);
  });

  test('concurrent get-or-create of one name yields one experiment', async () => {
    const name = target.unique('conformance-race');
    const results = await Promise.all(Array.from({ length: 8 }, () => getOrCreateExperiment(target.http, name)));
    expect(new Set(results.map((e) => e.id)).size).toBe(1);
  });

  test('a duplicate name is 400 RESOURCE_ALREADY_EXISTS (not 409)', async () => {
    const name = target.unique('conformance-duplicate');
    await createExperiment(target.http, { name });
    const error = await apiError(createExperiment(target.http, { name }));
    expect({ status: error.status, errorCode: error.errorCode }).toEqual({ status: 400, errorCode: 'RESOURCE_ALREADY_EXISTS' });
  });
});

describe('runs', () => {
  let experimentId: string;
  beforeAll(async () => {
    experimentId = (await getOrCreateExperiment(target.http, target.unique('conformance-runs'))).id;
  });

  test('create, tag, update and read back a run', async () => {
    const run = await createRun(target.http, { experimentId, runName: 'r1', tags: { stage: 'train' } });
    expect(run).toMatchObject({ experimentId, name: 'r1', status: 'RUNNING', lifecycleStage: 'active' });
    expect(run.artifactUri).toBe(`mlflow-artifacts:/${experimentId}/${run.id}/artifacts`);
    expect(run.endTime).toBeUndefined();
    await setRunTag(target.http, run.id, 'note', 'hello');
    await updateRun(target.http, { runId: run.id, status: 'FINISHED', endTime: 1_700_000_100_000 });
    const read = await getRun(target.http, run.id);
    expect(read).toMatchObject({ status: 'FINISHED', endTime: 1_700_000_100_000 });
    expect(read.tags).toMatchObject({ stage: 'train', note: 'hello', 'mlflow.runName': 'r1' });
  });

  test('a run created without a name gets one', async () => {
    const run = await createRun(target.http, { experimentId });
    expect(run.name).not.toBe('');
    expect(run.tags['mlflow.runName']).toBe(run.name);
  });

  test('log-batch splits 2,500 metrics and 150 params into requests within the limits; nothing lost or doubled', async () => {
    const run = await createRun(target.http, { experimentId });
    const metrics: Metric[] = Array.from({ length: 2_500 }, (_, i) => ({
      key: i % 2 ? 'loss' : 'acc',
      value: i / 2_500,
      timestamp: 1_700_000_000_000 + i,
      step: i,
    }));
    const params = Object.fromEntries(Array.from({ length: 150 }, (_, i) => [`p${i}`, String(i)]));
    const requests = await logBatch(target.http, { runId: run.id, metrics, params, tags: { source: 'conformance' } });
    expect(requests).toBe(4);
    const read = await getRun(target.http, run.id);
    expect(Object.keys(read.params)).toHaveLength(150);
    expect(read.metrics.loss).toMatchObject({ step: 2_499, value: 2_499 / 2_500 });
    const history = await getMetricHistory(target.http, run.id, 'acc');
    expect(history).toHaveLength(1_250);
    expect(history.map((m) => m.step)).toEqual(Array.from({ length: 1_250 }, (_, i) => i * 2));
  });

  test('NaN and infinities round-trip', async () => {
    const run = await createRun(target.http, { experimentId });
    await logBatch(target.http, {
      runId: run.id,
      metrics: [
        { key: 'nan', value: Number.NaN, timestamp: 1, step: 0 },
        { key: 'inf', value: Number.POSITIVE_INFINITY, timestamp: 1, step: 0 },
        { key: 'ninf', value: Number.NEGATIVE_INFINITY, timestamp: 1, step: 0 },
      ],
    });
    const read = await getRun(target.http, run.id);
    expect(read.metrics.nan!.value).toBeNaN();
    expect(read.metrics.inf!.value).toBe(Number.POSITIVE_INFINITY);
    expect(read.metrics.ninf!.value).toBe(Number.NEGATIVE_INFINITY);
  });

  test('re-logging a param with the same value is fine; a different value is 400', async () => {
    const run = await createRun(target.http, { experimentId });
    await logBatch(target.http, { runId: run.id, params: { lr: '0.01' } });
    await logBatch(target.http, { runId: run.id, params: { lr: '0.01' } });
    const error = await apiError(logBatch(target.http, { runId: run.id, params: { lr: '0.02' } }));
    expect(error).toMatchObject({ status: 400, errorCode: 'INVALID_PARAMETER_VALUE' });
    expect(error.serverMessage).toContain('Changing param values is not allowed');
  });

  test('search filters and orders runs, following page tokens', async () => {
    const experiment = (await getOrCreateExperiment(target.http, target.unique('conformance-search'))).id;
    for (let i = 0; i < 5; i++) {
      const run = await createRun(target.http, { experimentId: experiment, runName: `s${i}`, startTime: 1_700_000_000_000 + i });
      await logBatch(target.http, {
        runId: run.id,
        metrics: [{ key: 'acc', value: i / 10, timestamp: 1, step: 0 }],
        params: { lr: i % 2 ? '0.1' : '0.01' },
      });
    }
    const good = await searchRuns(target.http, {
      experimentIds: [experiment],
      filter: "metrics.acc > 0.15 and params.lr = '0.01'",
      orderBy: ['metrics.acc DESC'],
    });
    expect(good.map((r) => r.name)).toEqual(['s4', 's2']);
    const byName = await searchRuns(target.http, { experimentIds: [experiment], filter: `tags."mlflow.runName" = 's3'` });
    expect(byName.map((r) => r.name)).toEqual(['s3']);
    const all = await searchRuns(target.http, { experimentIds: [experiment] });
    expect(all.map((r) => r.name)).toEqual(['s4', 's3', 's2', 's1', 's0']);
  });

  test('an unknown run is 404 RESOURCE_DOES_NOT_EXIST', async () => {
    const error = await apiError(getRun(target.http, 'doesnotexist'));
    expect({ status: error.status, errorCode: error.errorCode }).toEqual({ status: 404, errorCode: 'RESOURCE_DOES_NOT_EXIST' });
  });
});
