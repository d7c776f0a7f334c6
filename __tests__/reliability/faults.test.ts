import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import {
  createModelVersion,
  createMlflowHttp,
  createRun,
  getMetricHistory,
  getOrCreateExperiment,
  getOrCreateRegisteredModel,
  getVersionByAlias,
  listArtifacts,
  logBatch,
  searchModelVersions,
  searchRuns,
  setAlias,
  updateRun,
  uploadArtifactDirectory,
  type Metric,
} from '@mlops-actions/mlflow';
import { startMlflowServer, type MlflowServer } from '@mlops-actions/mlflow-server';
import { startFaultProxy, type FaultProxy } from '../helpers/fault-proxy.js';

let server: MlflowServer;
beforeAll(async () => {
  server = await startMlflowServer({ dataDir: mkdtempSync(join(tmpdir(), 'faults-')), port: 0 });
});
afterAll(async () => {
  await server.close();
});

describe('a scripted flow through a proxy that fails 30% of requests ends in exactly the right state', () => {
  test.each([11, 23, 37])(
    'seed %i',
    async (seed) => {
      const proxy: FaultProxy = await startFaultProxy({ upstream: server.url, failureRate: 0.3, seed });
      try {
        const http = createMlflowHttp({ trackingUri: proxy.url, retry: { maxRetries: 12, baseDelayMs: 2, maxDelayMs: 20 } });
        const suffix = `${seed}`;
        const experiment = await getOrCreateExperiment(http, `faults-${suffix}`);
        const run = await createRun(http, { experimentId: experiment.id, runName: 'train' });
        const metrics: Metric[] = Array.from({ length: 10_000 }, (_, i) => ({
          key: 'loss',
          value: 1 / (i + 1),
          timestamp: 1_700_000_000_000 + i,
          step: i,
        }));
        await logBatch(http, { runId: run.id, metrics, params: { lr: '0.001', epochs: '8' }, tags: { stage: 'train' } });
        const model = join(mkdtempSync(join(tmpdir(), 'faults-model-')), 'model');
        mkdirSync(model);
        for (const file of ['model.onnx', 'MLmodel', 'preprocessing.json']) writeFileSync(join(model, file), `${file} of seed ${seed}`);
        await uploadArtifactDirectory(http, run.artifactUri, model, 'model');
        await updateRun(http, { runId: run.id, status: 'FINISHED', endTime: Date.now() });
        await getOrCreateRegisteredModel(http, { name: `faults-model-${suffix}` });
        const version = await createModelVersion(http, {
          name: `faults-model-${suffix}`,
          source: `${run.artifactUri}/model`,
          runId: run.id,
        });
        await setAlias(http, `faults-model-${suffix}`, 'challenger', version.version);

        const faults = proxy.log.filter((entry) => entry.fault !== 'none');
        expect(faults.length).toBeGreaterThan(5);
        expect(faults.some((f) => f.fault.startsWith('processed-then'))).toBe(true);

        // Read the state directly from the server, not through the proxy.
        const direct = createMlflowHttp({ trackingUri: server.url });
        expect(await searchRuns(direct, { experimentIds: [experiment.id] })).toHaveLength(1);
        const history = await getMetricHistory(direct, run.id, 'loss');
        expect(history).toHaveLength(10_000);
        expect(new Set(history.map((m) => m.step)).size).toBe(10_000);
        expect((await listArtifacts(direct, run.artifactUri, 'model')).map((f) => f.path)).toEqual([
          'MLmodel',
          'model.onnx',
          'preprocessing.json',
        ]);
        const versions = await searchModelVersions(direct, { filter: `name='faults-model-${suffix}'` });
        expect(versions.map((v) => v.version)).toEqual([1]);
        expect((await getVersionByAlias(direct, `faults-model-${suffix}`, 'challenger'))!.version).toBe(1);
      } finally {
        await proxy.close();
      }
    },
    60_000,
  );
});
