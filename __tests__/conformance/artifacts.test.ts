import { createHash } from 'node:crypto';
import { createReadStream, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { isConfigurationError } from '@mlops-actions/common';
import {
  createRun,
  downloadArtifactDirectory,
  downloadArtifactFile,
  getOrCreateExperiment,
  listArtifacts,
  MlflowApiError,
  resolveArtifactLocation,
  uploadArtifactDirectory,
  uploadArtifactFile,
  type Run,
} from '@mlops-actions/mlflow';
import { startTarget, type ConformanceTarget } from './target.js';

let target: ConformanceTarget;
let run: Run;
const work = mkdtempSync(join(tmpdir(), 'artifacts-conformance-'));

// MLflow 3.6 served by uvicorn answers a non-ASCII artifact file name with a 500 (measured): a bug of that server, so
// the test of such names is skipped there, by name, and runs against every other server.
const externalVersion = process.env.MLFLOW_CONFORMANCE_URI
  ? await fetch(`${process.env.MLFLOW_CONFORMANCE_URI.replace(/\/+$/, '')}/version`).then(
      (answer) => (answer.ok ? answer.text() : ''),
      () => '',
    )
  : undefined;
const nonAsciiNamesBroken = externalVersion?.startsWith('3.6.') ?? false;

beforeAll(async () => {
  target = await startTarget();
  const experiment = await getOrCreateExperiment(target.http, target.unique('conformance-artifacts'));
  run = await createRun(target.http, { experimentId: experiment.id });
});
afterAll(async () => {
  await target.close();
});

const sha256 = (path: string): Promise<string> =>
  new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(path)
      .on('data', (chunk) => hash.update(chunk))
      .on('end', () => resolve(hash.digest('hex')))
      .on('error', reject);
  });

describe('artifact URIs map to the proxy as MLflow maps them', () => {
  test.each([
    [
      'http://127.0.0.1:5005',
      'mlflow-artifacts:/1/abc/artifacts',
      'http://127.0.0.1:5005/api/2.0/mlflow-artifacts/artifacts',
      '1/abc/artifacts',
    ],
    [
      'https://mlflow.example.com/prefix/',
      'mlflow-artifacts:/1/abc/artifacts',
      'https://mlflow.example.com/prefix/api/2.0/mlflow-artifacts/artifacts',
      '1/abc/artifacts',
    ],
    [
      'http://127.0.0.1:5005',
      'mlflow-artifacts://127.0.0.1:5005/2/x/artifacts',
      'http://127.0.0.1:5005/api/2.0/mlflow-artifacts/artifacts',
      '2/x/artifacts',
    ],
    ['https://h', 'https://h/api/2.0/mlflow-artifacts/artifacts/3/y', 'https://h/api/2.0/mlflow-artifacts/artifacts', '3/y'],
  ])('%s + %s', (tracking, artifactUri, baseUrl, path) => {
    expect(resolveArtifactLocation(tracking, artifactUri)).toEqual({ baseUrl, path });
  });

  test.each([
    ['mlflow-artifacts://other:9000/2/x/artifacts', 'http://other:9000'],
    ['https://h/api/2.0/mlflow-artifacts/artifacts/3/y', 'https://h'],
    ['https://127.0.0.1:5005/api/2.0/mlflow-artifacts/artifacts/3/y', 'https://127.0.0.1:5005'],
  ])('%s names another origin than the tracking server: refused unless its host is allowed', (artifactUri, origin) => {
    expect(() => resolveArtifactLocation('http://127.0.0.1:5005', artifactUri)).toThrow(
      `points at ${origin}, not at the MLflow server (http://127.0.0.1:5005)`,
    );
    const host = new URL(origin).host;
    expect(resolveArtifactLocation('http://127.0.0.1:5005', artifactUri, [host]).baseUrl).toBe(
      `${origin}/api/2.0/mlflow-artifacts/artifacts`,
    );
  });

  test.each(['mlflow-artifacts:/../../../../ajax-api/2.0/mlflow/experiments/x', 'mlflow-artifacts:/1/./a', 'mlflow-artifacts:/1/%2e%2E/b'])(
    '%s (a dot segment, which would leave the proxy) is refused',
    (uri) => {
      expect(() => resolveArtifactLocation('http://127.0.0.1:5000', uri)).toThrow("holds a '.' or '..' segment");
    },
  );

  test.each(['s3://bucket/1/abc/artifacts', 'file:///tmp/mlruns/1', 'gs://bucket/x'])('%s is refused with how to fix it', (uri) => {
    let error: unknown;
    try {
      resolveArtifactLocation('http://127.0.0.1:5000', uri);
    } catch (caught) {
      error = caught;
    }
    expect(isConfigurationError(error) && error.message).toContain('--serve-artifacts');
  });
});

describe('artifacts through the proxy', () => {
  test('a directory round trip keeps layout and bytes', async () => {
    const source = join(work, 'model');
    mkdirSync(join(source, 'sub', 'deeper'), { recursive: true });
    writeFileSync(join(source, 'MLmodel'), 'flavors:\n  onnx: {}\n');
    writeFileSync(join(source, 'model.onnx'), Buffer.from(Array.from({ length: 4096 }, (_, i) => i % 251)));
    writeFileSync(join(source, 'sub', 'deeper', 'notes.txt'), 'nested');
    const uploaded = await uploadArtifactDirectory(target.http, run.artifactUri, source, 'model');
    expect(uploaded).toEqual(['MLmodel', 'model.onnx', 'sub/deeper/notes.txt']);

    const top = await listArtifacts(target.http, run.artifactUri, 'model');
    expect(top).toEqual([
      { path: 'MLmodel', isDir: false, fileSize: 20 },
      { path: 'model.onnx', isDir: false, fileSize: 4096 },
      { path: 'sub', isDir: true, fileSize: undefined },
    ]);
    const recursive = await listArtifacts(target.http, run.artifactUri, 'model', { recursive: true });
    expect(recursive.map((f) => f.path)).toEqual(['MLmodel', 'model.onnx', 'sub/deeper/notes.txt']);

    const destination = join(work, 'downloaded');
    expect(await downloadArtifactDirectory(target.http, run.artifactUri, 'model', destination)).toHaveLength(3);
    for (const file of ['MLmodel', 'model.onnx', join('sub', 'deeper', 'notes.txt')]) {
      expect(readFileSync(join(destination, file))).toEqual(readFileSync(join(source, file)));
    }
  });

  (nonAsciiNamesBroken ? test.skip : test)(
    'a non-ASCII file name round-trips (skipped against MLflow 3.6, which answers 500)',
    async () => {
      const source = join(work, 'unicode');
      mkdirSync(source, { recursive: true });
      writeFileSync(join(source, 'notes é 数据.txt'), 'unicode name');
      expect(await uploadArtifactDirectory(target.http, run.artifactUri, source, 'unicode')).toEqual(['notes é 数据.txt']);
      expect((await listArtifacts(target.http, run.artifactUri, 'unicode')).map((f) => f.path)).toEqual(['notes é 数据.txt']);
      const destination = join(work, 'unicode-back');
      await downloadArtifactDirectory(target.http, run.artifactUri, 'unicode', destination);
      expect(readFileSync(join(destination, 'notes é 数据.txt'), 'utf8')).toBe('unicode name');
    },
  );

  test('a 256 MiB file streams up and down intact', async () => {
    const big = join(work, 'big.bin');
    const handle = await open(big, 'w');
    const block = Buffer.alloc(1024 * 1024);
    for (let i = 0; i < 256; i++) {
      block.fill(i % 256);
      block.writeUInt32LE(i, 0);
      await handle.write(block);
    }
    await handle.close();
    await uploadArtifactFile(target.http, run.artifactUri, big, 'data/big.bin');
    const back = join(work, 'big-back.bin');
    await downloadArtifactFile(target.http, run.artifactUri, 'data/big.bin', back);
    expect(await sha256(back)).toBe(await sha256(big));
  }, 120_000);

  test('an upload overwrites; a missing artifact is an error, not an empty file', async () => {
    const file = join(work, 'v.txt');
    writeFileSync(file, 'one');
    await uploadArtifactFile(target.http, run.artifactUri, file, 'v.txt');
    writeFileSync(file, 'two');
    await uploadArtifactFile(target.http, run.artifactUri, file, 'v.txt');
    await downloadArtifactFile(target.http, run.artifactUri, 'v.txt', join(work, 'v-back.txt'));
    expect(readFileSync(join(work, 'v-back.txt'), 'utf8')).toBe('two');
    await expect(downloadArtifactFile(target.http, run.artifactUri, 'missing.txt', join(work, 'missing.txt'))).rejects.toBeInstanceOf(
      MlflowApiError,
    );
    expect(() => readFileSync(join(work, 'missing.txt'))).toThrow();
  });

  test('listing a directory that does not exist is empty', async () => {
    expect(await listArtifacts(target.http, run.artifactUri, 'nothing-here')).toEqual([]);
  });
});

// MLflow's artifact proxy streams a download whole from a generator (mlflow/server/handlers.py, _download_artifact):
// a Range header changes nothing. The client's resume must therefore also work from a full answer.
describe('byte ranges, as MLflow answers them', () => {
  test('a range request gets 200 and the whole file', async () => {
    const local = join(work, 'ranged.bin');
    writeFileSync(local, '0123456789');
    await uploadArtifactFile(target.http, run.artifactUri, local, 'ranged/ranged.bin');
    const location = resolveArtifactLocation(target.http.trackingUri, run.artifactUri);
    const url = `${location.baseUrl}/${location.path}/ranged/ranged.bin`;
    const answer = await target.http.send('GET', url, { headers: { Range: 'bytes=4-' } });
    expect([answer.status, await answer.text()]).toEqual([200, '0123456789']);
  });
});

// MLflow's proxy writes the request's bytes as they come (mlflow/server/handlers.py `_upload_artifact` streams
// `request.stream`), whatever Content-Type a client names: the Python client names text/plain for .json and .txt, other
// clients name application/json, and an empty file may come with none.
describe('an upload is the bytes sent, whatever its Content-Type', () => {
  const put = async (path: string, body: Buffer, contentType: string | undefined): Promise<Buffer> => {
    const location = resolveArtifactLocation(target.http.trackingUri, run.artifactUri);
    const url = `${location.baseUrl}/${location.path}/typed/${path}`;
    const answer = await target.http.send('PUT', url, { body: () => body, headers: contentType ? { 'Content-Type': contentType } : {} });
    expect(answer.status).toBe(200);
    await answer.body?.cancel();
    const back = await target.http.send('GET', url);
    expect(back.status).toBe(200);
    return Buffer.from(await back.arrayBuffer());
  };

  test.each([
    ['a JSON document named application/json', 'metrics.json', Buffer.from('{"acc": 0.9}\n'), 'application/json'],
    ['bytes that are not JSON, named application/json', 'broken.json', Buffer.from('{not json'), 'application/json'],
    ['bytes that are not UTF-8, named text/plain', 'latin1.txt', Buffer.from([0x63, 0x61, 0x66, 0xe9, 0xff, 0x00]), 'text/plain'],
    ['an empty file named application/json', 'empty.json', Buffer.alloc(0), 'application/json'],
    ['an empty file with no Content-Type', 'empty.bin', Buffer.alloc(0), undefined],
  ])('%s', async (_name, path, body, contentType) => {
    expect((await put(path, body, contentType)).equals(body)).toBe(true);
  });
});

// A download is typed as mlflow/utils/mime_type_utils.py `_guess_mime_type` types it, and never sniffed.
describe('a download says what the file is', () => {
  test.each([
    ['train.py', 'text/plain'],
    ['metrics.json', 'text/plain'],
    ['MLmodel', 'text/plain'],
    ['plot.png', 'image/png'],
    ['model.onnx', 'application/octet-stream'],
  ])('%s is %s', async (name, type) => {
    const local = join(work, name);
    writeFileSync(local, 'x');
    await uploadArtifactFile(target.http, run.artifactUri, local, `typed-download/${name}`);
    const location = resolveArtifactLocation(target.http.trackingUri, run.artifactUri);
    const answer = await target.http.send('GET', `${location.baseUrl}/${location.path}/typed-download/${name}`);
    expect(answer.headers.get('content-type')?.split(';')[0]).toBe(type);
    expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
    await answer.body?.cancel();
  });
});
