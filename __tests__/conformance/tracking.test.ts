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

  // MLflow's SQL store keeps NaN, but stores ±Infinity as the largest finite double of that sign
  // (SqlAlchemyStore._get_metric_value_details), so an infinite metric reads back finite.
  test('NaN round-trips; infinities read back as ±max double, as MLflow stores them', async () => {
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
    expect(read.metrics.inf!.value).toBe(Number.MAX_VALUE);
    expect(read.metrics.ninf!.value).toBe(-Number.MAX_VALUE);
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

  // MLflow's SearchUtils refuses these with 400 INVALID_PARAMETER_VALUE; a server that answered them would let a filter
  // that real MLflow rejects pass our tests.
  test('filters MLflow refuses are 400 INVALID_PARAMETER_VALUE; a run_id list is taken', async () => {
    const experiment = (await getOrCreateExperiment(target.http, target.unique('conformance-filter'))).id;
    const run = await createRun(target.http, { experimentId: experiment, runName: 'f0' });
    await updateRun(target.http, { runId: run.id, status: 'FINISHED' });
    for (const [filter, message] of [
      ["attributes.status IN ('FINISHED', 'FAILED')", "Only the 'run_id' attribute supports comparison with a list"],
      ["metrics.acc > '0.5'", 'Expected numeric value type for metric'],
      ['params.lr = 0.01', 'Expected a quoted string value for parameter'],
      ["params.lr > '0.01'", "Invalid comparator '>'"],
      ["attributes.nope = 'x'", "Invalid attribute key 'nope'"],
      ["attributes.start_time > 'yesterday'", 'Expected numeric value type for numeric attribute: start_time'],
    ]) {
      const error = await apiError(searchRuns(target.http, { experimentIds: [experiment], filter }));
      expect({ status: error.status, errorCode: error.errorCode, filter }).toEqual({
        status: 400,
        errorCode: 'INVALID_PARAMETER_VALUE',
        filter,
      });
      expect(error.serverMessage).toContain(message);
    }
    const listed = await searchRuns(target.http, { experimentIds: [experiment], filter: `attributes.run_id IN ('${run.id}', 'other')` });
    expect(listed.map((r) => r.id)).toEqual([run.id]);
    const finished = await searchRuns(target.http, {
      experimentIds: [experiment],
      filter: "attributes.status = 'FINISHED' and created > 0",
    });
    expect(finished.map((r) => r.id)).toEqual([run.id]);
    // `attr.` is an attribute too, and `dataset.` / `datasets.` filter on the run's dataset inputs.
    const other = await createRun(target.http, { experimentId: experiment, runName: 'f1' });
    await target.http.call('POST', 'mlflow/runs/log-inputs', {
      body: {
        run_id: other.id,
        datasets: [
          {
            tags: [{ key: 'mlflow.data.context', value: 'training' }],
            dataset: { name: 'digits', digest: 'abc123', source_type: 'local', source: '{"uri": "/data"}' },
          },
        ],
      },
    });
    const ids = async (filter: string) => (await searchRuns(target.http, { experimentIds: [experiment], filter })).map((r) => r.id);
    expect(await ids("attr.status = 'FINISHED'")).toEqual([run.id]);
    expect(await ids("datasets.name = 'digits'")).toEqual([other.id]);
    expect(await ids("dataset.digest IN ('abc123', 'zzz') and dataset.context = 'training'")).toEqual([other.id]);
    expect((await apiError(searchRuns(target.http, { experimentIds: [experiment], filter: "datasets.size = '1'" }))).status).toBe(400);
  });

  test('an unknown run is 404 RESOURCE_DOES_NOT_EXIST', async () => {
    const error = await apiError(getRun(target.http, 'doesnotexist'));
    expect({ status: error.status, errorCode: error.errorCode }).toEqual({ status: 404, errorCode: 'RESOURCE_DOES_NOT_EXIST' });
  });
});
