import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { progressLines, type Logger, type ProgressOptions } from '@mlops-actions/common';
import { createMlflowHttp, downloadArtifactDirectory, downloadArtifactFile } from '@mlops-actions/mlflow';
import { listenOnLoopback, refusedUrl } from '../../helpers/loopback-server.js';
import { recordingLogger } from '../../helpers/recording-logger.js';

const work = mkdtempSync(join(tmpdir(), 'retry-lines-'));

/** A recording logger whose progress lines run on a clock that moves 3 s per look, as if every piece took that long. */
function slowClockLogger(): Logger & { lines: string[] } {
  const logger = recordingLogger();
  let now = 0;
  return { ...logger, progress: (options: ProgressOptions) => progressLines(logger, options, { now: () => (now += 3000) }) };
}

const client = (trackingUri: string, logger: Logger, maxRetries = 5) =>
  createMlflowHttp({ trackingUri, logger, sleep: async () => undefined, random: () => 1, retry: { maxRetries, baseDelayMs: 500 } });

describe('every retry of the MLflow client is said, with the wait, the attempt and why', () => {
  test("an MLflow that answers 503 and 502 before it answers: the status and MLflow's error code", async () => {
    let requests = 0;
    const server = await listenOnLoopback((_request, response) => {
      requests++;
      if (requests <= 2)
        return void response
          .writeHead(503, { 'content-type': 'application/json' })
          .end(JSON.stringify({ error_code: 'TEMPORARILY_UNAVAILABLE', message: 'restarting' }));
      if (requests === 3) return void response.writeHead(502, { 'content-type': 'text/html' }).end('<h1>Bad Gateway</h1>');
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"experiment": {"experiment_id": "7"}}');
    });
    const logger = recordingLogger();
    expect(await client(server.url, logger).call('GET', 'mlflow/experiments/get', { query: { experiment_id: '7' } })).toEqual({
      experiment: { experiment_id: '7' },
    });
    expect(logger.lines).toEqual([
      'MLflow GET /api/2.0/mlflow/experiments/get: retrying in 0.5 s (attempt 2 of 6): HTTP 503 TEMPORARILY_UNAVAILABLE',
      'MLflow GET /api/2.0/mlflow/experiments/get: retrying in 1.0 s (attempt 3 of 6): HTTP 503 TEMPORARILY_UNAVAILABLE',
      'MLflow GET /api/2.0/mlflow/experiments/get: retrying in 2.0 s (attempt 4 of 6): HTTP 502',
    ]);
    await server.close();
  });

  test('an MLflow that is down: the refused address at each retry, then an error naming host and cause', async () => {
    const { port } = new URL(await refusedUrl());
    const logger = recordingLogger();
    const failure = await client(`http://127.0.0.1:${port}`, logger, 2)
      .call('GET', 'mlflow/experiments/get')
      .catch((error: unknown) => error as Error);
    expect(logger.lines).toEqual([
      `MLflow GET /api/2.0/mlflow/experiments/get: retrying in 0.5 s (attempt 2 of 3): connect ECONNREFUSED 127.0.0.1:${port}`,
      `MLflow GET /api/2.0/mlflow/experiments/get: retrying in 1.0 s (attempt 3 of 3): connect ECONNREFUSED 127.0.0.1:${port}`,
    ]);
    expect(failure).toMatchObject({
      message: `MLflow GET http://127.0.0.1:${port}/api/2.0/mlflow/experiments/get failed: no response CONNECTION_FAILED: could not reach 127.0.0.1:${port} (connect ECONNREFUSED 127.0.0.1:${port})`,
      service: 'MLflow',
    });
  });

  test('a create whose outcome is unknown is looked for, then tried again, and that is said too', async () => {
    let creates = 0;
    const server = await listenOnLoopback((_request, response) => {
      creates++;
      if (creates === 1)
        return void response
          .writeHead(500, { 'content-type': 'application/json' })
          .end('{"error_code": "INTERNAL_ERROR", "message": "db"}');
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"run": {"info": {"run_id": "r1"}}}');
    });
    const logger = recordingLogger();
    const http = client(server.url, logger);
    const created = await http.createOnce(
      () => http.call<{ run: { info: { run_id: string } } }>('POST', 'mlflow/runs/create', { body: {}, idempotent: false }),
      async () => undefined,
    );
    expect(created.run.info.run_id).toBe('r1');
    expect(logger.lines).toEqual(['MLflow POST /api/2.0/mlflow/runs/create: retrying in 0.5 s (attempt 2 of 6): HTTP 500 INTERNAL_ERROR']);
    await server.close();
  });
});

describe('downloads say how far they have got', () => {
  const content = randomBytes(4 * 1024 * 1024);

  test('one file, in lines out of the size the server announced', async () => {
    const server = await listenOnLoopback((_request, response) => {
      response.writeHead(200, { 'content-length': content.length });
      // Many pieces, so there is progress to see.
      for (let at = 0; at < content.length; at += 128 * 1024) response.write(content.subarray(at, at + 128 * 1024));
      response.end();
    });
    const logger = slowClockLogger();
    const local = join(work, 'one.bin');
    await downloadArtifactFile(client(server.url, logger), 'mlflow-artifacts:/1/run/artifacts', 'model/model.onnx', local);
    expect(readFileSync(local).equals(content)).toBe(true);
    expect(logger.lines.length).toBeGreaterThanOrEqual(3);
    for (const line of logger.lines) expect(line).toMatch(/^downloading model\/model\.onnx: [\d.]+ [kM]B of 4\.19 MB \(\d+%\)$/);
    expect(logger.lines.at(-1)).toBe('downloading model/model.onnx: 4.19 MB of 4.19 MB (100%)');
    await server.close();
  });

  test('a model directory, all files together under its label; a transfer that breaks off says it resumes', async () => {
    const files: Record<string, Buffer> = { 'model.onnx': content, MLmodel: Buffer.from('flavors: {}\n') };
    let brokeOnce = false;
    const server = await listenOnLoopback((request, response) => {
      const url = new URL(request.url ?? '/', 'http://x');
      if (url.pathname.endsWith('/artifacts')) {
        const listing = Object.entries(files).map(([name, bytes]) => ({ path: `model/${name}`, is_dir: false, file_size: bytes.length }));
        return void response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ files: listing }));
      }
      const bytes = files[decodeURIComponent(url.pathname.split('/').pop()!)]!;
      response.writeHead(200, { 'content-length': bytes.length });
      if (bytes === content && !brokeOnce) {
        brokeOnce = true;
        return void response.write(bytes.subarray(0, 1024 * 1024), () => setTimeout(() => response.destroy(), 50));
      }
      for (let at = 0; at < bytes.length; at += 128 * 1024) response.write(bytes.subarray(at, at + 128 * 1024));
      response.end();
    });
    const logger = slowClockLogger();
    const dir = join(work, 'model');
    await downloadArtifactDirectory(client(server.url, logger), 'mlflow-artifacts:/1/run/artifacts/model', '', dir, {
      label: 'downloading digits v3',
    });
    expect(readFileSync(join(dir, 'model.onnx')).equals(content)).toBe(true);
    const resumes = logger.lines.filter((line) => line.includes('retrying'));
    expect(resumes).toEqual([
      expect.stringMatching(/^downloading model\.onnx: retrying now \(attempt 2 of 6\): the connection broke after \d+ bytes \(.+\)$/),
    ]);
    const progress = logger.lines.filter((line) => !line.includes('retrying'));
    expect(progress.length).toBeGreaterThanOrEqual(3);
    for (const line of progress) expect(line).toMatch(/^downloading digits v3: [\d.]+ [kM]B of 4\.19 MB \(\d+%\)$/);
    expect(progress.at(-1)).toBe('downloading digits v3: 4.19 MB of 4.19 MB (100%)');
    await server.close();
  });
});
