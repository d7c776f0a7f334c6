/**
 * @jest-environment ./__tests__/environments/host-typed-arrays.mjs
 */
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { parseGateConfig, resolveSettings } from '@mlops-actions/gate';
import { createMlflowHttp, getModelVersion, getVersionByAlias, getRun, MlflowApiError, setAlias } from '@mlops-actions/mlflow';
import { evaluateAndPromote, type EvaluatePromoteOptions } from '@mlops-actions/promotion';
import { useMlflowServer } from '../helpers/mlflow-server.js';
import { recordingLogger } from '../helpers/recording-logger.js';
import { mnistModel, registerModel } from '../helpers/registered-models.js';
import { listenOnLoopback } from '../helpers/loopback-server.js';

const mlflow = useMlflowServer('evaluate-reliability-');

/** A proxy that passes the first `passed` requests to MLflow and answers 503 to every later one: MLflow going down mid-evaluation. */
async function cutOffProxy(upstream: string, passed: number): Promise<{ url: string; requests: () => number; close: () => Promise<void> }> {
  let requests = 0;
  const server = await listenOnLoopback((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      requests++;
      if (requests > passed) {
        response.statusCode = 503;
        response.end('{"error_code": "TEMPORARILY_UNAVAILABLE"}');
        return;
      }
      const body = chunks.length ? Buffer.concat(chunks) : undefined;
      void fetch(`${upstream}${request.url ?? ''}`, { method: request.method, headers: request.headers as Record<string, string>, body })
        .then(async (upstreamResponse) => {
          response.statusCode = upstreamResponse.status;
          upstreamResponse.headers.forEach((value, key) => {
            if (key !== 'content-length' && key !== 'transfer-encoding' && key !== 'content-encoding') response.setHeader(key, value);
          });
          response.end(Buffer.from(await upstreamResponse.arrayBuffer()));
        })
        .catch(() => {
          response.statusCode = 502;
          response.end();
        });
    });
  });
  return { url: server.url, requests: () => requests, close: server.close };
}

const config = parseGateConfig('n - o > 0.01 +/- 0.02');
const options = (name: string, cacheDir: string): EvaluatePromoteOptions => ({
  modelName: name,
  challenger: '2',
  championAlias: 'production',
  dataset: 'mnist',
  condition: config.condition,
  settings: resolveSettings({ overrides: { samples: 1000 } }),
  executionProvider: 'cpu',
  batchSize: 1024,
  promote: true,
  cacheDir,
  holder: 'reliability',
});

describe('MLflow failing in the middle of an evaluation', () => {
  test('at every cut-off point: either nothing is promoted, or the promotion comes with its complete record', async () => {
    const weak = mnistModel(8, 600);
    const strong = mnistModel(32, 4000);
    // A full run through the proxy counts the requests an evaluation makes.
    const full = await cutOffProxy(mlflow.server.url, Number.MAX_SAFE_INTEGER);
    await registerModel(mlflow.http, 'probe', { onnx: weak });
    await registerModel(mlflow.http, 'probe', { onnx: strong });
    await setAlias(mlflow.http, 'probe', 'production', 1);
    await evaluateAndPromote(options('probe', join(mlflow.dir, 'probe')), {
      http: createMlflowHttp({ trackingUri: full.url }),
      logger: recordingLogger(),
    });
    const total = full.requests();
    await full.close();

    for (let cut = 1; cut < total; cut += Math.max(1, Math.floor(total / 12))) {
      const name = `cut-${cut}`;
      await registerModel(mlflow.http, name, { onnx: weak });
      await registerModel(mlflow.http, name, { onnx: strong });
      await setAlias(mlflow.http, name, 'production', 1);
      const proxy = await cutOffProxy(mlflow.server.url, cut);
      const http = createMlflowHttp({ trackingUri: proxy.url, retry: { maxRetries: 1, baseDelayMs: 1, maxDelayMs: 2 } });
      const outcome = await evaluateAndPromote(options(name, join(mlflow.dir, name)), { http, logger: recordingLogger() }).then(
        (result) => result,
        (error: unknown) => error as Error,
      );
      await proxy.close();
      const production = (await getVersionByAlias(mlflow.http, name, 'production'))?.version;
      if (production === 2) {
        const tags = (await getModelVersion(mlflow.http, name, 2))!.tags;
        expect(tags['mlops.gate.decision']).toBe('promote');
        expect((await getRun(mlflow.http, tags['mlops.gate.evaluation_run']!)).status).toBe('FINISHED');
      } else {
        expect(production).toBe(1);
        // The step fails with MLflow's own error, not a secondary one from cleaning up after it.
        expect(outcome).toBeInstanceOf(MlflowApiError);
      }
    }
  }, 180_000);
});
