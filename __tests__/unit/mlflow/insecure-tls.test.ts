import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { createMlflowHttp, getExperimentByName, MlflowApiError, uploadArtifactFile } from '@mlops-actions/mlflow';

let server: Server;
let url: string;
const uploads: number[] = [];
const dir = mkdtempSync(join(tmpdir(), 'tls-'));

beforeAll(async () => {
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem'),
    ],
    { stdio: 'ignore' },
  );
  server = createServer({ key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) }, (request, response) => {
    let size = 0;
    request.on('data', (chunk: Buffer) => (size += chunk.length));
    request.on('end', () => {
      if (request.method === 'PUT') uploads.push(size);
      const body = request.method === 'PUT' ? {} : { experiment: { experiment_id: '3', name: 'tls' } };
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  url = `https://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

describe('MLFLOW_TRACKING_INSECURE_TLS', () => {
  test('a self-signed server is refused by default', async () => {
    const error = await getExperimentByName(createMlflowHttp({ trackingUri: url, retry: { maxRetries: 0 } }), 'tls').catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(MlflowApiError);
    expect(error).toMatchObject({ status: 0, errorCode: 'CONNECTION_FAILED' });
  });

  test('with insecureTls, JSON calls and streamed uploads go through', async () => {
    const http = createMlflowHttp({ trackingUri: url, insecureTls: true });
    expect(await getExperimentByName(http, 'tls')).toMatchObject({ id: '3', name: 'tls' });
    const file = join(dir, 'payload.bin');
    writeFileSync(file, Buffer.alloc(300_000, 1));
    await uploadArtifactFile(http, 'mlflow-artifacts:/3/run/artifacts', file, 'model/payload.bin');
    expect(uploads).toEqual([300_000]);
  });
});
