import { Readable } from 'node:stream';
import { describe, expect, test } from '@jest/globals';
import { isConfigurationError } from '@mlops-actions/common';
import { listenOnLoopback } from '../../helpers/loopback-server.js';
import { chunkBatch, createMlflowHttp, MlflowApiError, parseModelUri, redactUrl, retryAfterMs, BATCH_LIMITS } from '@mlops-actions/mlflow';

/** A fetch that answers from a script and records what it was asked. */
function scriptedFetch(answers: (Response | Error)[]) {
  const calls: { url: string; init: RequestInit }[] = [];
  const fetchImpl = (async (url: string | URL | Request, init?: RequestInit) => {
    calls.push({ url: url instanceof Request ? url.url : url.toString(), init: init ?? {} });
    const next = answers.shift();
    if (!next) throw new Error('no more scripted answers');
    if (next instanceof Error) throw next;
    return next;
  }) as typeof fetch;
  return { calls, fetchImpl };
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
const reset = () =>
  Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }) });

describe('the MLflow HTTP layer', () => {
  test('retries 5xx, 429 and resets with growing delays, honouring Retry-After, then succeeds', async () => {
    const { calls, fetchImpl } = scriptedFetch([
      json(503, {}),
      reset(),
      json(429, {}, { 'retry-after': '3' }),
      json(200, { experiment_id: '7' }),
    ]);
    const delays: number[] = [];
    const http = createMlflowHttp({
      trackingUri: 'http://mlflow.test',
      fetch: fetchImpl,
      sleep: async (ms) => void delays.push(ms),
      random: () => 1,
      retry: { baseDelayMs: 100, maxDelayMs: 10_000 },
    });
    expect(await http.call('GET', 'mlflow/experiments/get', { query: { experiment_id: '7' } })).toEqual({ experiment_id: '7' });
    expect(calls).toHaveLength(4);
    expect(delays).toEqual([100, 200, 3000]);
  });

  test('gives up after maxRetries with the last error', async () => {
    const { calls, fetchImpl } = scriptedFetch(
      Array.from({ length: 4 }, () => json(500, { error_code: 'INTERNAL_ERROR', message: 'db down' })),
    );
    const http = createMlflowHttp({
      trackingUri: 'http://mlflow.test',
      fetch: fetchImpl,
      sleep: async () => undefined,
      retry: { maxRetries: 3 },
    });
    await expect(http.call('GET', 'mlflow/runs/get')).rejects.toMatchObject({
      status: 500,
      errorCode: 'INTERNAL_ERROR',
      serverMessage: 'db down',
    });
    expect(calls).toHaveLength(4);
  });

  test('a call that must not repeat is not retried blindly on a 500 or a reset, but is on a 429', async () => {
    const first = scriptedFetch([json(500, {})]);
    const http = createMlflowHttp({ trackingUri: 'http://mlflow.test', fetch: first.fetchImpl, sleep: async () => undefined });
    await expect(http.call('POST', 'mlflow/runs/create', { body: {}, idempotent: false })).rejects.toMatchObject({ status: 500 });
    expect(first.calls).toHaveLength(1);
    const second = scriptedFetch([reset()]);
    await expect(
      createMlflowHttp({ trackingUri: 'http://mlflow.test', fetch: second.fetchImpl }).call('POST', 'x', { body: {}, idempotent: false }),
    ).rejects.toMatchObject({ status: 0, errorCode: 'CONNECTION_FAILED' });
    const third = scriptedFetch([json(429, {}), json(200, {})]);
    await createMlflowHttp({ trackingUri: 'http://mlflow.test', fetch: third.fetchImpl, sleep: async () => undefined }).call('POST', 'x', {
      body: {},
      idempotent: false,
    });
    expect(third.calls).toHaveLength(2);
  });

  test("4xx errors are not retried and carry MLflow's error code and message", async () => {
    const { calls, fetchImpl } = scriptedFetch([
      json(400, { error_code: 'INVALID_PARAMETER_VALUE', message: 'Registered model alias nope not found.' }),
    ]);
    const error = await createMlflowHttp({ trackingUri: 'http://mlflow.test', fetch: fetchImpl })
      .call('GET', 'mlflow/registered-models/alias')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MlflowApiError);
    expect(error).toMatchObject({
      status: 400,
      errorCode: 'INVALID_PARAMETER_VALUE',
      method: 'GET',
      url: 'http://mlflow.test/api/2.0/mlflow/registered-models/alias',
    });
    expect(calls).toHaveLength(1);
  });

  test('basic auth wins over a token; credentials in the URI become basic auth and leave the URL', async () => {
    const { calls, fetchImpl } = scriptedFetch([json(200, {}), json(200, {}), json(500, {})]);
    await createMlflowHttp({ trackingUri: 'http://mlflow.test', fetch: fetchImpl, auth: { kind: 'bearer', token: 't0k' } }).call(
      'GET',
      'a',
    );
    await createMlflowHttp({ trackingUri: 'https://alice:s%40cret@mlflow.test/prefix/', fetch: fetchImpl }).call('GET', 'b');
    expect((calls[0]!.init.headers as Record<string, string>).Authorization).toBe('Bearer t0k');
    expect((calls[1]!.init.headers as Record<string, string>).Authorization).toBe(
      `Basic ${Buffer.from('alice:s@cret').toString('base64')}`,
    );
    expect(calls[1]!.url).toBe('https://mlflow.test/prefix/api/2.0/b');
    const error: unknown = await createMlflowHttp({
      trackingUri: 'https://alice:s%40cret@mlflow.test',
      fetch: fetchImpl,
      retry: { maxRetries: 0 },
    })
      .call('GET', 'c')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MlflowApiError);
    expect((error as MlflowApiError).message).not.toMatch(/alice|cret/);
  });

  test('a tracking URI that is not http(s) is a configuration error', () => {
    let error: unknown;
    try {
      createMlflowHttp({ trackingUri: 'databricks' });
    } catch (caught) {
      error = caught;
    }
    expect(isConfigurationError(error) && error.message).toContain("must start with http:// or https://, got 'databricks'");
  });

  test('Retry-After in seconds and as a date', () => {
    expect(retryAfterMs('7')).toBe(7000);
    expect(retryAfterMs('Thu, 26 Nov 2026 14:00:10 GMT', Date.parse('Thu, 26 Nov 2026 14:00:00 GMT'))).toBe(10_000);
    expect(retryAfterMs('soon')).toBeUndefined();
    expect(retryAfterMs(null)).toBeUndefined();
  });

  test('redaction removes passwords and secret query values', () => {
    expect(redactUrl('https://u:p@h/x?token=abc&run_id=1')).toBe('https://***@h/x?token=***&run_id=1');
  });
});

describe('log-batch chunking', () => {
  const metric = (i: number) => ({ key: `m${i % 7}`, value: i, timestamp: i, step: i });
  const tag = (i: number) => ({ key: `k${i}`, value: 'v' });

  test.each([
    [2_500, 0, 0],
    [0, 250, 0],
    [900, 150, 150],
    [1_000, 100, 100],
  ])('%i metrics, %i params, %i tags: every request within every limit, nothing lost', (metrics, params, tags) => {
    const chunks = chunkBatch(
      Array.from({ length: metrics }, (_, i) => metric(i)),
      Array.from({ length: params }, (_, i) => tag(i)),
      Array.from({ length: tags }, (_, i) => tag(i)),
    );
    for (const chunk of chunks) {
      expect(chunk.metrics?.length ?? 0).toBeLessThanOrEqual(BATCH_LIMITS.metrics);
      expect(chunk.params?.length ?? 0).toBeLessThanOrEqual(BATCH_LIMITS.params);
      expect(chunk.tags?.length ?? 0).toBeLessThanOrEqual(BATCH_LIMITS.tags);
      expect((chunk.metrics?.length ?? 0) + (chunk.params?.length ?? 0) + (chunk.tags?.length ?? 0)).toBeLessThanOrEqual(
        BATCH_LIMITS.total,
      );
    }
    expect(chunks.reduce((n, c) => n + (c.metrics?.length ?? 0), 0)).toBe(metrics);
    expect(chunks.reduce((n, c) => n + (c.params?.length ?? 0), 0)).toBe(params);
    expect(chunks.reduce((n, c) => n + (c.tags?.length ?? 0), 0)).toBe(tags);
  });

  test('large values are split by size, under 1 MB a request', () => {
    const big = Array.from({ length: 300 }, (_, i) => ({ key: `k${i}`, value: 'x'.repeat(7_900) }));
    const chunks = chunkBatch([], [], big);
    for (const chunk of chunks) expect(Buffer.byteLength(JSON.stringify({ run_id: 'r', ...chunk }))).toBeLessThan(BATCH_LIMITS.bytes);
    expect(chunks.length).toBeGreaterThanOrEqual(3);
  });
});

describe('model URIs', () => {
  test.each([
    ['models:/cifar10/3', { name: 'cifar10', version: 3 }],
    ['models:/cifar10@production', { name: 'cifar10', alias: 'production' }],
  ])('%s', (uri, expected) => {
    expect(parseModelUri(uri)).toEqual(expected);
  });

  test.each(['models:/cifar10', 'runs:/abc/model', 'models:/a/b/c'])('%s is refused', (uri) => {
    expect(() => parseModelUri(uri)).toThrow('is not a model URI');
  });
});

describe("the timeout is a stall timeout, as in MLflow's own client", () => {
  /** A server that answers after `headersAfter` ms with `chunks` pieces, `gaps[i]` ms apart. */
  const server = (headersAfter: number, gaps: number[]) =>
    listenOnLoopback((_request, response) => {
      setTimeout(() => {
        response.writeHead(200, { 'content-type': 'application/octet-stream' });
        let i = 0;
        const next = () => {
          if (i === gaps.length) return void response.end();
          setTimeout(() => {
            response.write(Buffer.alloc(1024, i));
            i++;
            next();
          }, gaps[i]);
        };
        next();
      }, headersAfter);
    });
  const client = (url: string) => createMlflowHttp({ trackingUri: url, timeoutMs: 400, retry: { maxRetries: 0 } });

  test('a body that keeps coming is read to the end however long it takes in all', async () => {
    const slow = await server(
      100,
      Array.from({ length: 12 }, () => 150),
    );
    const response = await client(slow.url).send('GET', `${slow.url}/file`);
    expect((await response.arrayBuffer()).byteLength).toBe(12 * 1024);
    await slow.close();
  });

  test('no answer within the timeout fails the request', async () => {
    const silent = await server(2_000, []);
    await expect(client(silent.url).send('GET', `${silent.url}/file`)).rejects.toMatchObject({ errorCode: 'CONNECTION_FAILED' });
    await silent.close();
  });

  test('a body that stops for longer than the timeout fails its reader with a timeout', async () => {
    const stalling = await server(0, [10, 10, 1_500, 10]);
    const response = await client(stalling.url).send('GET', `${stalling.url}/file`);
    await expect(response.arrayBuffer()).rejects.toMatchObject({ name: 'TimeoutError' });
    await stalling.close();
  });
});

describe('an upload is cut only when the network takes no byte for the timeout, never for taking long in all', () => {
  /**
   * A server that reads the body at `bytesPerMs` and stops reading after `stopAfter` bytes. (The sockets hold about
   * 4 MB between the two ends here, so the bodies are several times that.)
   */
  const reader = (bytesPerMs: number, stopAfter = Number.POSITIVE_INFINITY) =>
    listenOnLoopback((request, response) => {
      let received = 0;
      request.on('data', (chunk: Buffer) => {
        received += chunk.length;
        request.pause();
        if (received < stopAfter) setTimeout(() => request.resume(), chunk.length / bytesPerMs);
      });
      request.on('end', () => response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ received })));
    });
  /** `mib` MiB in 64 KiB pieces, made afresh for each attempt. */
  const body = (mib: number) => () => Readable.from(Array.from({ length: mib * 16 }, () => Buffer.alloc(64 * 1024, 1)));
  const client = (url: string, timeoutMs: number) => createMlflowHttp({ trackingUri: url, timeoutMs, retry: { maxRetries: 0 } });

  test('a slow upload that keeps moving finishes, though it takes longer than the timeout', async () => {
    const slow = await reader(8_000);
    const started = Date.now();
    const response = await client(slow.url, 1_500).send('PUT', `${slow.url}/upload`, { body: body(20) });
    expect(await response.json()).toEqual({ received: 20 * 1024 * 1024 });
    expect(Date.now() - started).toBeGreaterThan(1_500);
    await slow.close();
  }, 20_000);

  test('the file being sent is closed however the upload ends, also on an early answer', async () => {
    const refusing = await listenOnLoopback((_request, response) => {
      response.writeHead(403, { 'content-type': 'application/json' }).end('{"error_code": "PERMISSION_DENIED", "message": "no"}');
    });
    const sources: Readable[] = [];
    const source = () => {
      const stream = body(8)();
      sources.push(stream);
      return stream;
    };
    await expect(client(refusing.url, 2_000).send('PUT', `${refusing.url}/upload`, { body: source })).resolves.toMatchObject({
      status: 403,
    });
    expect(sources.length).toBeGreaterThan(0);
    expect(sources.every((stream) => stream.destroyed)).toBe(true);
    await refusing.close();
  });

  test('a server that stops taking the body fails the upload with a timeout', async () => {
    const stuck = await reader(100_000, 256 * 1024);
    await expect(client(stuck.url, 400).send('PUT', `${stuck.url}/upload`, { body: body(8) })).rejects.toMatchObject({
      errorCode: 'CONNECTION_FAILED',
      serverMessage: expect.stringContaining('no answer or data for 0.4 s'),
    });
    await stuck.close();
  });
});
