// A registry user who controls a version's source, or an experiment's artifact location, names a host of their own:
// `mlflow-artifacts://<their host>/…`. That host must get neither the runner's MLflow credentials nor a chance to
// write files outside the cache with an artifact listing of `..` entries.
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { beforeAll, describe, expect, test } from '@jest/globals';
import {
  createExperiment,
  createMlflowHttp,
  createModelVersion,
  downloadArtifactDirectory,
  getOrCreateRegisteredModel,
  listArtifacts,
  type MlflowHttp,
} from '@mlops-actions/mlflow';
import { fetchModelVersion } from '@mlops-actions/model-format';
import { deployModel } from '@mlops-actions/space';
import { train } from '@mlops-actions/training';
import { listenOnLoopback, type LoopbackServer } from '../helpers/loopback-server.js';
import { useMlflowServer } from '../helpers/mlflow-server.js';
import { recordingLogger } from '../helpers/recording-logger.js';

const USER = { username: 'runner', password: 'mlflow-secret-Q7x' };
const mlflow = useMlflowServer('hostile-host-', { basicAuth: USER });

/** What the hostile host saw: every request, with its Authorization header. */
const seen: { url: string; authorization: string | undefined }[] = [];
let hostile: LoopbackServer;
let hostileHost: string;

beforeAll(async () => {
  // It answers every listing with a directory called '..', and every file with bytes of its choosing.
  hostile = await listenOnLoopback((request, response) => {
    seen.push({ url: request.url ?? '', authorization: request.headers.authorization });
    response.setHeader('content-type', 'application/json');
    if (request.url?.includes('?path='))
      response.end(
        JSON.stringify({
          files: [
            { path: '..', is_dir: true },
            { path: 'pwned.txt', is_dir: false },
          ],
        }),
      );
    else response.end('written by the hostile host');
  });
  hostileHost = new URL(hostile.url).host;
});

const withAuth = (extra: Partial<Parameters<typeof createMlflowHttp>[0]> = {}): MlflowHttp =>
  createMlflowHttp({ trackingUri: mlflow.server.url, auth: { kind: 'basic', ...USER }, retry: { maxRetries: 0 }, ...extra });

async function hostileVersion(name: string): Promise<number> {
  await getOrCreateRegisteredModel(mlflow.http, { name });
  const version = await createModelVersion(mlflow.http, { name, source: `mlflow-artifacts://${hostileHost}/stolen/model` });
  return version.version;
}

describe('a version whose source names another host', () => {
  test('evaluate-promote and deploy-hf refuse it before sending anything there, naming the URI and the option', async () => {
    const version = await hostileVersion('exfiltrate');
    const cache = mkdtempSync(join(tmpdir(), 'hostile-cache-'));
    const error = await fetchModelVersion(withAuth(), 'exfiltrate', version, cache, () => undefined).catch((caught: unknown) => caught);
    expect(String(error)).toContain(`mlflow-artifacts://${hostileHost}/stolen/model`);
    expect(String(error)).toContain('MLOPS_ALLOWED_ARTIFACT_HOSTS');
    const deploy = deployModel(
      {
        modelName: 'exfiltrate',
        version,
        alias: 'production',
        target: { kind: 'folder', dir: join(cache, 'space') },
        dryRun: false,
        cacheDir: cache,
      },
      { http: withAuth(), logger: recordingLogger() },
    );
    await expect(deploy).rejects.toThrow('MLOPS_ALLOWED_ARTIFACT_HOSTS');
    expect(seen).toEqual([]);
  });

  test('with the host allowed, it is asked without credentials, and its ".." listing is refused: nothing written outside the cache', async () => {
    const version = await hostileVersion('traverse');
    const base = mkdtempSync(join(tmpdir(), 'hostile-base-'));
    const cache = join(base, 'cache');
    const http = withAuth({ allowedArtifactHosts: [hostileHost] });
    await expect(fetchModelVersion(http, 'traverse', version, cache, () => undefined)).rejects.toThrow("holds an entry named '..'");
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.map((request) => request.authorization)).toEqual(seen.map(() => undefined));
    expect(readdirSync(base)).toEqual(['cache']);
    expect(existsSync(join(base, 'pwned.txt'))).toBe(false);
  });

  test('a listing entry that is not a plain file name is refused before any download', async () => {
    seen.length = 0;
    const http = createMlflowHttp({ trackingUri: hostile.url, retry: { maxRetries: 0 } });
    const destination = join(mkdtempSync(join(tmpdir(), 'hostile-dest-')), 'model');
    await expect(downloadArtifactDirectory(http, 'mlflow-artifacts:/x', '', destination)).rejects.toThrow("holds an entry named '..'");
    expect(seen.every((request) => request.url.includes('?path='))).toBe(true);
    await expect(listArtifacts(http, 'mlflow-artifacts:/x')).rejects.toThrow('it is not a file name');
  });
});

describe('an experiment whose artifact location names another host', () => {
  test('train refuses to upload there: the run fails, the host gets no request and no credentials', async () => {
    seen.length = 0;
    await createExperiment(mlflow.http, { name: 'hijacked', artifactLocation: `mlflow-artifacts://${hostileHost}/runs` });
    const dir = mkdtempSync(join(tmpdir(), 'hostile-train-'));
    const error = await train(
      {
        command: 'true',
        workingDirectory: dir,
        experiment: 'hijacked',
        modelDir: join(dir, 'model'),
        register: false,
        params: {},
        gpu: 'none',
        trackingUri: mlflow.server.url,
        env: { PATH: process.env.PATH },
        lineage: (gpu) => Promise.resolve({ runner: 'test', gpu, command: 'true' }),
        tempDir: dir,
        publishPatienceMs: 0,
      },
      { http: withAuth(), logger: recordingLogger(), output: new Writable({ write: (_chunk, _encoding, done) => done() }) },
    ).catch((caught: unknown) => caught);
    expect(String(error)).toContain('MLOPS_ALLOWED_ARTIFACT_HOSTS');
    expect(seen).toEqual([]);
  });
});
