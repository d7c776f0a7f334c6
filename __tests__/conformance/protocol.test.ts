import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { createApiError, createRun, getOrCreateExperiment, getRun, logBatch, MlflowApiError } from '@mlops-actions/mlflow';
import { startTarget, type ConformanceTarget } from './target.js';

let target: ConformanceTarget;
beforeAll(async () => {
  target = await startTarget();
});
afterAll(async () => {
  await target.close();
});

/** A raw request, as a client with bugs would send it; returns status, content type and body. */
async function raw(
  method: string,
  path: string,
  init: { body?: string; contentType?: string } = {},
): Promise<{ status: number; type: string; text: string }> {
  const headers: Record<string, string> = {};
  if (init.contentType) headers['Content-Type'] = init.contentType;
  const response = await target.http.send(method, `${target.trackingUri}${path}`, {
    body: init.body === undefined ? undefined : () => init.body!,
    headers,
    idempotent: false,
  });
  return { status: response.status, type: response.headers.get('content-type') ?? '', text: await response.text() };
}

describe('wire conventions and error shapes', () => {
  test('an unknown route is a 404 HTML page, and the client turns it into a readable error', async () => {
    const response = await raw('GET', '/api/2.0/mlflow/no-such-endpoint');
    expect(response.status).toBe(404);
    expect(response.type).toContain('text/html');
    const error = await target.http.call('GET', 'mlflow/no-such-endpoint').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MlflowApiError);
    expect(error).toMatchObject({ status: 404, errorCode: 'HTTP_404' });
    expect((error as MlflowApiError).serverMessage).toContain('Not Found');
  });

  test('runs/search answers GET with 405', async () => {
    expect((await raw('GET', '/api/2.0/mlflow/runs/search')).status).toBe(405);
  });

  test('POST without a JSON content type is 400 INVALID_PARAMETER_VALUE', async () => {
    const response = await raw('POST', '/api/2.0/mlflow/experiments/create', { body: '{"name": "x"}', contentType: 'text/plain' });
    expect(response.status).toBe(400);
    expect(JSON.parse(response.text)).toMatchObject({ error_code: 'INVALID_PARAMETER_VALUE' });
  });

  test('malformed JSON is a 400 and the server stays up', async () => {
    const response = await raw('POST', '/api/2.0/mlflow/experiments/create', { body: '{"name": ', contentType: 'application/json' });
    expect(response.status).toBe(400);
    expect((await getOrCreateExperiment(target.http, target.unique('still-up'))).name).toContain('still-up');
  });

  test('a wrong type is a 400, not a crash', async () => {
    const response = await raw('POST', '/api/2.0/mlflow/experiments/create', {
      body: JSON.stringify({ name: 5 }),
      contentType: 'application/json',
    });
    expect(response.status).toBe(400);
    expect(JSON.parse(response.text)).toMatchObject({ error_code: 'INVALID_PARAMETER_VALUE' });
  });

  test('over-long values are truncated as MLflow does; over-long keys are refused', async () => {
    const run = await createRun(target.http, { experimentId: (await getOrCreateExperiment(target.http, target.unique('limits'))).id });
    await logBatch(target.http, { runId: run.id, params: { long: 'p'.repeat(6_001) }, tags: { long: 't'.repeat(8_001) } });
    const read = await getRun(target.http, run.id);
    expect(read.params.long).toHaveLength(6_000);
    expect(read.tags.long).toHaveLength(8_000);
    await expect(logBatch(target.http, { runId: run.id, params: { ['k'.repeat(251)]: 'v' } })).rejects.toMatchObject({
      status: 400,
      errorCode: 'INVALID_PARAMETER_VALUE',
    });
  });

  test('a missing required field names it', async () => {
    const response = await raw('POST', '/api/2.0/mlflow/runs/log-metric', {
      body: JSON.stringify({ run_id: 'x', key: 'k', value: 1 }),
      contentType: 'application/json',
    });
    expect(response.status).toBe(400);
    expect(JSON.parse(response.text)).toMatchObject({ error_code: 'INVALID_PARAMETER_VALUE' });
  });

  test.each([
    '/api/2.0/mlflow-artifacts/artifacts/../../etc/passwd',
    '/api/2.0/mlflow-artifacts/artifacts/1/%2e%2e/%2e%2e/x',
    '/api/2.0/mlflow-artifacts/artifacts?path=../x',
  ])('path traversal %s is refused', async (path) => {
    const response = await raw('GET', path);
    expect([400, 404]).toContain(response.status);
    expect(response.text).not.toContain('root:');
  });

  test('non-JSON error bodies become readable errors (HTML 500, text 403)', async () => {
    const html = new Response('<html><body><h1>Internal Server Error</h1><p>boom</p></body></html>', {
      status: 500,
      headers: { 'content-type': 'text/html' },
    });
    const fromHtml = await createApiError(html, 'GET', 'https://user:secret@mlflow.example.com/api/2.0/mlflow/runs/get?run_id=1');
    expect(fromHtml.message).toBe(
      'MLflow GET https://***@mlflow.example.com/api/2.0/mlflow/runs/get?run_id=1 failed: HTTP 500 HTTP_500: Internal Server Error boom',
    );
    const text = new Response('Invalid Host header - possible DNS rebinding attack detected', {
      status: 403,
      headers: { 'content-type': 'text/plain' },
    });
    expect((await createApiError(text, 'POST', 'http://h/x')).serverMessage).toBe(
      'Invalid Host header - possible DNS rebinding attack detected',
    );
  });
});
