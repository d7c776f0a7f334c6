// `mlops server` facing hostile clients: requests that used to wipe its store, leave it through a symbolic link,
// stall it with a LIKE pattern, or crash a handler into a 500.
import { request as httpRequest } from 'node:http';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { createRun, getOrCreateExperiment, getOrCreateRegisteredModel, uploadArtifactFile } from '@mlops-actions/mlflow';
import { startMlflowServer } from '@mlops-actions/mlflow-server';
import { startCli, stopCli } from '../helpers/cli-process.js';
import { closeAfterAll } from '../helpers/cleanup.js';
import { useMlflowServer } from '../helpers/mlflow-server.js';

const mlflow = useMlflowServer('hostile-clients-');
const PROXY = '/api/2.0/mlflow-artifacts/artifacts';

const send = async (method: string, path: string, body?: string): Promise<{ status: number; text: string }> => {
  const response = await fetch(`${mlflow.server.url}${path}`, {
    method,
    body,
    headers: body === undefined ? {} : { 'content-type': method === 'PUT' ? 'application/octet-stream' : 'application/json' },
  });
  return { status: response.status, text: await response.text() };
};

async function someArtifact(): Promise<{ artifactUri: string; file: string }> {
  const experiment = await getOrCreateExperiment(mlflow.http, 'kept');
  const run = await createRun(mlflow.http, { experimentId: experiment.id });
  const local = join(mkdtempSync(join(tmpdir(), 'kept-')), 'weights.bin');
  writeFileSync(local, 'precious');
  await uploadArtifactFile(mlflow.http, run.artifactUri, local, 'model/weights.bin');
  return {
    artifactUri: run.artifactUri,
    file: join(mlflow.dir, 'server', 'artifacts', run.artifactUri.replace(/^mlflow-artifacts:\//, ''), 'model', 'weights.bin'),
  };
}

describe('the artifact store', () => {
  test('a DELETE or PUT of the artifact root is refused (400); the artifacts stay and the server restarts on its data', async () => {
    const { file } = await someArtifact();
    for (const method of ['DELETE', 'PUT'])
      for (const path of [`${PROXY}/`, `${PROXY}//`])
        expect(await send(method, path, method === 'PUT' ? 'x' : undefined)).toMatchObject({
          status: 400,
          text: expect.stringContaining('INVALID_PARAMETER_VALUE'),
        });
    expect(readFileSync(file, 'utf8')).toBe('precious');
    const again = closeAfterAll(await startMlflowServer({ dataDir: join(mlflow.dir, 'server'), port: 0 }));
    expect((await fetch(`${again.url}/health`)).status).toBe(200);
    await again.close();
  });

  test('a PUT over a folder of artifacts, or below a file, is refused (400), not a 500', async () => {
    const { artifactUri } = await someArtifact();
    const base = `${PROXY}/${artifactUri.replace(/^mlflow-artifacts:\//, '')}`;
    expect((await send('PUT', `${base}/model`, 'flat')).status).toBe(400);
    expect((await send('PUT', `${base}/model/weights.bin/below`, 'x')).status).toBe(400);
    expect((await send('PUT', `${PROXY}/${'deep/'.repeat(2000)}f`, 'x')).status).toBe(400);
  });

  test('a symbolic link inside the store is neither followed nor listed: files outside stay unread and undeleted', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'outside-'));
    writeFileSync(join(outside, 'secret.txt'), 'not an artifact');
    const store = join(mlflow.dir, 'server', 'artifacts');
    mkdirSync(join(store, 'linked'), { recursive: true });
    symlinkSync(outside, join(store, 'linked', 'elsewhere'));
    symlinkSync(join(outside, 'secret.txt'), join(store, 'linked', 'secret.txt'));
    expect((await send('GET', `${PROXY}/linked/elsewhere/secret.txt`)).status).toBe(400);
    expect((await send('GET', `${PROXY}/linked/secret.txt`)).status).toBe(400);
    expect(JSON.parse((await send('GET', `${PROXY}?path=linked`)).text)).toEqual({});
    expect((await send('GET', `${PROXY}?path=linked/elsewhere`)).status).toBe(400);
    expect((await send('DELETE', `${PROXY}/linked/elsewhere/secret.txt`)).status).toBe(400);
    expect((await send('PUT', `${PROXY}/linked/elsewhere/planted.txt`, 'x')).status).toBe(400);
    expect(readFileSync(join(outside, 'secret.txt'), 'utf8')).toBe('not an artifact');
    expect(existsSync(join(outside, 'planted.txt'))).toBe(false);
  });
});

describe('requests', () => {
  test('a LIKE filter of 40 % and a Z is answered at once, and the server keeps answering others', async () => {
    for (let i = 0; i < 20; i++) await getOrCreateRegisteredModel(mlflow.http, { name: `model-${'a'.repeat(200)}-${i}` });
    const filter = encodeURIComponent(`name LIKE '${'%'.repeat(40)}Z'`);
    const [search, health] = await Promise.all([
      send('GET', `/api/2.0/mlflow/registered-models/search?filter=${filter}`),
      send('GET', '/health'),
    ]);
    expect(search).toEqual({ status: 200, text: '{}\n' });
    expect(health.status).toBe(200);
  }, 10_000); // a backtracking regular expression takes minutes here

  test.each([
    ['a repeated artifact path', 'GET', `${PROXY}?path=a&path=b`],
    ['a 5,000-character listing path', 'GET', `${PROXY}?path=${'a'.repeat(5000)}`],
    ['a 5,000-character file name', 'GET', `${PROXY}/${'a'.repeat(5000)}`],
    ['a repeated experiment name', 'GET', '/api/2.0/mlflow/experiments/get-by-name?experiment_name=a&experiment_name=b'],
    ['a repeated model name and version', 'GET', '/api/2.0/mlflow/model-versions/get?name=a&name=b&version=1&version=2'],
    ['a repeated max_results', 'GET', '/api/2.0/mlflow/registered-models/search?max_results=a&max_results=b'],
  ])('%s is a 400, not a 500', async (_, method, path) => {
    const { status, text } = await send(method, path);
    expect([status, text]).toEqual([400, expect.stringContaining('INVALID_PARAMETER_VALUE')]);
  });
});

describe('mlops server', () => {
  test('warns loudly when it listens beyond loopback without basic auth, and not on loopback', async () => {
    const open = await startCli(
      ['server', '--host', '0.0.0.0', '--port', '0', '--data', join(mlflow.dir, 'open')],
      /MLFLOW_TRACKING_URI=(\S+)/,
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(open.output()).toContain('listening on 0.0.0.0 without basic auth: anyone who can reach port');
    await stopCli(open.child);
    const local = await startCli(['server', '--port', '0', '--data', join(mlflow.dir, 'local')], /MLFLOW_TRACKING_URI=(\S+)/);
    await stopCli(local.child);
    expect(local.output()).toContain('stopping the server');
    expect(local.output()).not.toContain('without basic auth');
    // Credentials from a file (a flag would show them in ps): beyond loopback, then, with no warning.
    const credentials = join(mlflow.dir, 'credentials');
    writeFileSync(credentials, 'admin:s3cret\n');
    const guarded = await startCli(
      ['server', '--host', '0.0.0.0', '--port', '0', '--data', join(mlflow.dir, 'guarded'), '--basic-auth-file', credentials],
      /MLFLOW_TRACKING_URI=(\S+)/,
    );
    const port = new URL(guarded.announced).port;
    expect((await fetch(`http://127.0.0.1:${port}/api/2.0/mlflow/experiments/search?max_results=1`)).status).toBe(401);
    await stopCli(guarded.child);
    expect(guarded.output()).not.toContain('without basic auth');
  });
});

describe('a page of another site that rebinds its name to the server (DNS rebinding)', () => {
  /** A request with the Host header given (fetch sends the URL's own). */
  const withHost = (path: string, method: string, host: string): Promise<{ status: number; text: string }> =>
    new Promise((resolve, reject) => {
      const request = httpRequest(
        { host: '127.0.0.1', port: new URL(mlflow.server.url).port, path, method, headers: { host, 'content-type': 'application/json' } },
        (response) => {
          let text = '';
          response.on('data', (chunk: Buffer) => (text += chunk.toString()));
          response.on('end', () => resolve({ status: response.statusCode ?? 0, text }));
        },
      );
      request.on('error', reject);
      request.end(method === 'POST' ? JSON.stringify({ name: 'rebound' }) : undefined);
    });

  test("is refused as MLflow refuses it, reads and writes alike; loopback names and MLflow's health checks are not", async () => {
    const port = new URL(mlflow.server.url).port;
    for (const [method, path] of [
      ['GET', '/api/2.0/mlflow/experiments/search'],
      ['POST', '/api/2.0/mlflow/experiments/create'],
      ['GET', '/'],
    ] as const)
      expect(await withHost(path, method, `evil.example:${port}`)).toEqual({
        status: 403,
        text: 'Invalid Host header - possible DNS rebinding attack detected',
      });
    expect((await withHost('/api/2.0/mlflow/experiments/search', 'GET', `localhost:${port}`)).status).toBe(200);
    expect((await withHost('/api/2.0/mlflow/experiments/search', 'GET', `[::1]:${port}`)).status).toBe(200);
    expect(await withHost('/health', 'GET', 'evil.example')).toEqual({ status: 200, text: 'OK' });
  });
});
