import { request as httpRequest } from 'node:http';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from '@jest/globals';
import {
  createMlflowHttp,
  createRun,
  getExperimentByName,
  getOrCreateExperiment,
  updateRun,
  uploadArtifactFile,
  type MlflowHttp,
} from '@mlops-actions/mlflow';
import { startFaultProxy, type FaultProxy } from '../helpers/fault-proxy.js';
import { listenOnLoopback, type LoopbackServer } from '../helpers/loopback-server.js';
import { runMlops, startMlops, type MlopsService } from '../helpers/mlops-cli.js';

const USER = 'admin';
const PASSWORD = 'correct-horse';
const dir = mkdtempSync(join(tmpdir(), 'cli-ui-'));
// Both commands and the proxy are stopped after the last test by the helpers (cleanup.ts), also when a test fails.
let server: MlopsService;
let proxy: FaultProxy;
let ui: MlopsService;
let direct: MlflowHttp;
let runId: string;
let artifactRoot: string;

/** What reached the MLflow server, as `METHOD /path`. */
const reached = (): string[] => proxy.log.map((entry) => `${entry.method} ${entry.path}`);

/** A GET sent as written, its path not normalised (fetch would resolve `..` and `%2e%2e` before sending). */
function raw(path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest({ host: '127.0.0.1', port: new URL(ui.announced).port, path, method: 'GET', headers }, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    request.on('error', reject);
    request.end();
  });
}

/** A request to `mlops ui` as a browser would send it: no credentials. */
async function browserFetch(
  path: string,
  init: RequestInit = {},
): Promise<{ status: number; type: string; headers: Headers; body: string }> {
  const response = await fetch(`${ui.announced}${path}`, init);
  return {
    status: response.status,
    type: response.headers.get('content-type') ?? '',
    headers: response.headers,
    body: await response.text(),
  };
}

beforeAll(async () => {
  // `mlops server` with basic auth; between it and `mlops ui`, a proxy that records every request that reaches it.
  server = await startMlops(['server', '--port', '0', '--data', join(dir, 'data')], /MLFLOW_TRACKING_URI=(http:\/\/\S+)/, {
    env: { MLOPS_SERVER_BASIC_AUTH: `${USER}:${PASSWORD}` },
  });
  proxy = await startFaultProxy({ upstream: server.announced, failureRate: 0, seed: 1 });
  direct = createMlflowHttp({ trackingUri: server.announced, auth: { kind: 'basic', username: USER, password: PASSWORD } });
  const experiment = await getOrCreateExperiment(direct, 'reads');
  const run = await createRun(direct, { experimentId: experiment.id, runName: 'evaluation' });
  writeFileSync(join(dir, 'gate-result.json'), JSON.stringify({ schema: 1, clauses: [] }));
  await uploadArtifactFile(direct, run.artifactUri, join(dir, 'gate-result.json'), 'gate-result.json');
  await uploadArtifactFile(direct, run.artifactUri, join(dir, 'gate-result.json'), 'model/secret.json');
  await updateRun(direct, { runId: run.id, status: 'FINISHED', endTime: Date.now() });
  runId = run.id;
  artifactRoot = run.artifactUri.replace(/^mlflow-artifacts:\//, '');
  ui = await startMlops(['ui', '--tracking-uri', proxy.url, '--port', '0'], /Open (http:\/\/\S+)\//, {
    env: { MLFLOW_TRACKING_USERNAME: USER, MLFLOW_TRACKING_PASSWORD: PASSWORD },
  });
}, 60_000);

describe('mlops ui in front of mlops server with basic auth', () => {
  test('says where it reads and as whom, never the password; the page loads without the browser knowing any credentials', async () => {
    expect(ui.output()).toContain(`Reading ${proxy.url} as ${USER} (MLFLOW_TRACKING_USERNAME), read-only`);
    expect(ui.output()).not.toContain(PASSWORD);
    const page = await browserFetch('/');
    expect(page.status).toBe(200);
    expect(page.type).toContain('text/html');
    expect(page.headers.get('content-security-policy')).toContain("connect-src 'self'");
    expect(page.body).toContain('<script type="module" src="ui/app.js"></script>');
    const script = await browserFetch('/ui/app.js');
    expect(script.status).toBe(200);
    expect(script.type).toContain('javascript');
    expect((await browserFetch('/ui/vendor/uPlot.esm.js')).status).toBe(200);
    // Only the two uPlot files the page loads are served from its package.
    expect((await browserFetch('/ui/vendor/uPlot.d.ts')).status).toBe(404);
    // Serving the page asks nothing of MLflow.
    expect(reached()).toEqual([]);
  });

  test("the page's reads are forwarded with the environment's credentials, whatever the browser sends", async () => {
    const search = await browserFetch('/api/2.0/mlflow/runs/search', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: 'Basic d3Jvbmc6d3Jvbmc=' },
      body: JSON.stringify({ experiment_ids: [(await getOrCreateExperiment(direct, 'reads')).id], max_results: 10 }),
    });
    expect(search.status).toBe(200);
    expect(search.type).toContain('application/json');
    expect((JSON.parse(search.body) as { runs: { info: { run_id: string } }[] }).runs.map((run) => run.info.run_id)).toEqual([runId]);
    const experiments = await browserFetch('/api/2.0/mlflow/experiments/search?max_results=5&view_type=ACTIVE_ONLY');
    expect(experiments.status).toBe(200);
    expect(JSON.parse(experiments.body)).toMatchObject({
      experiments: expect.arrayContaining([expect.objectContaining({ name: 'reads' })]),
    });
    const missing = await browserFetch('/api/2.0/mlflow/runs/get?run_id=no-such-run');
    expect(missing.status).toBe(404);
    expect(JSON.parse(missing.body)).toMatchObject({ error_code: 'RESOURCE_DOES_NOT_EXIST' });
    expect(reached()).toEqual(
      expect.arrayContaining([
        'POST /api/2.0/mlflow/runs/search',
        'GET /api/2.0/mlflow/experiments/search?max_results=5&view_type=ACTIVE_ONLY',
        'GET /api/2.0/mlflow/runs/get?run_id=no-such-run',
      ]),
    );
  });

  test("an evaluation's gate-result.json is forwarded as JSON; no other artifact is", async () => {
    const gate = await browserFetch(`/api/2.0/mlflow-artifacts/artifacts/${artifactRoot}/gate-result.json`);
    expect(gate.status).toBe(200);
    expect(gate.type).toBe('application/json');
    expect(JSON.parse(gate.body)).toEqual({ schema: 1, clauses: [] });
    const before = reached().length;
    for (const path of [
      `${artifactRoot}/model/secret.json`,
      `${artifactRoot}/model/../gate-result.json`,
      `${artifactRoot}/model/%2e%2e/gate-result.json`,
      `${artifactRoot}/model%2Fsecret.json%23/gate-result.json`,
      // Tabs and newlines vanish when a URL is parsed: `.\t.` would become `..` on the way out.
      `${artifactRoot}/.%09./.%0A./x/gate-result.json`,
      'gate-result.json',
    ])
      expect((await raw(`/api/2.0/mlflow-artifacts/artifacts/${path}`)).status).toBe(403);
    expect(reached().length).toBe(before);
  });

  test.each([
    ['POST', '/api/2.0/mlflow/runs/create', { experiment_id: '0' }],
    ['POST', '/api/2.0/mlflow/experiments/create', { name: 'written-through-the-page' }],
    ['POST', '/api/2.0/mlflow/registered-models/alias', { name: 'm', alias: 'production', version: '1' }],
    ['PATCH', '/api/2.0/mlflow/model-versions/update', { name: 'm', version: '1', description: 'x' }],
    ['DELETE', '/api/2.0/mlflow/registered-models/delete', { name: 'm' }],
    ['POST', '/api/2.0/mlflow/runs/delete', { run_id: 'x' }],
    ['GET', '/api/2.0/mlflow/runs/search', undefined],
    ['GET', '/ajax-api/2.0/mlflow/runs/get?run_id=x', undefined],
    ['GET', '/api/2.0/mlflow/webhooks', undefined],
    ['PUT', '/api/2.0/mlflow-artifacts/artifacts/1/x/artifacts/gate-result.json', undefined],
  ])('%s %s is refused with a JSON error and never reaches MLflow', async (method, path, body) => {
    const before = reached().length;
    const answer = await browserFetch(path, {
      method,
      headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    expect(answer.status).toBe(403);
    expect(answer.type).toContain('application/json');
    const error = JSON.parse(answer.body) as { error_code: string; message: string };
    expect(error.error_code).toBe('PERMISSION_DENIED');
    expect(error.message).toContain(`mlops ui forwards only the read-only MLflow calls its page makes`);
    expect(error.message).toContain(`${method} ${path.split('?')[0]!} is not one of them`);
    expect(reached().length).toBe(before);
    expect(await getExperimentByName(direct, 'written-through-the-page')).toBeUndefined();
  });

  test('a path that is neither the page nor an MLflow read is a JSON 404', async () => {
    const answer = await browserFetch('/static-files/index.html');
    expect(answer.status).toBe(404);
    expect(JSON.parse(answer.body)).toEqual({
      error_code: 'ENDPOINT_NOT_FOUND',
      message: 'mlops ui serves its page at / and nothing at /static-files/index.html',
    });
  });

  test('no request can send the forwarded call, or the credentials, to another host', async () => {
    const decoyRequests: string[] = [];
    const decoy: LoopbackServer = await listenOnLoopback((request, response) => {
      decoyRequests.push(`${request.method} ${request.url} ${request.headers.authorization ?? ''}`);
      response.end('{}');
    });
    try {
      const decoyHost = new URL(decoy.url).host;
      // An absolute-form target naming the decoy, a Host header naming it, a forwarding header, a path that looks like a host.
      const before = reached().length;
      expect((await raw(`http://${decoyHost}/api/2.0/mlflow/experiments/search`)).status).toBe(200);
      expect((await raw('/api/2.0/mlflow/experiments/search', { 'X-Forwarded-Host': decoyHost })).status).toBe(200);
      // A page of another site whose name was made to resolve to 127.0.0.1 (DNS rebinding) sends its own Host: refused.
      const rebound = await raw('/api/2.0/mlflow/experiments/search', { Host: 'evil.example:5001' });
      expect(rebound.status).toBe(403);
      expect(JSON.parse(rebound.body)).toMatchObject({ error_code: 'PERMISSION_DENIED' });
      expect((await raw('/', { Host: decoyHost.replace('127.0.0.1', 'attacker.example') })).status).toBe(403);
      expect((await raw('/', { Host: `localhost:${new URL(ui.announced).port}` })).status).toBe(200);
      expect((await raw(`//${decoyHost}/api/2.0/mlflow/experiments/search`)).status).toBe(404);
      expect((await raw(`/api/2.0/mlflow/runs/get?run_id=x&url=http://${decoyHost}/`)).status).toBe(404);
      expect(decoyRequests).toEqual([]);
      // The reads that were forwarded went to the tracking server only.
      expect(reached().slice(before)).toEqual([
        'GET /api/2.0/mlflow/experiments/search',
        'GET /api/2.0/mlflow/experiments/search',
        `GET /api/2.0/mlflow/runs/get?${new URLSearchParams({ run_id: 'x', url: `http://${decoyHost}/` }).toString()}`,
      ]);
    } finally {
      await decoy.close();
    }
  });
});

describe('mlops ui, its mistakes and warnings', () => {
  test('without a tracking URI it says how to give one', async () => {
    const run = await runMlops(['ui', '--port', '0']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      'error: give the MLflow server to read: --tracking-uri https://mlflow.example.com, or set MLFLOW_TRACKING_URI',
    );
  });

  test('listening beyond loopback warns that whoever reaches the port reads with these credentials; MLflow down is a JSON 502', async () => {
    // A port nothing listens on any more: MLflow is down.
    const gone = await listenOnLoopback((_request, response) => response.end());
    await gone.close();
    const exposed = await startMlops(['ui', '--tracking-uri', gone.url, '--host', '0.0.0.0', '--port', '0'], /Open (http:\/\/\S+)\//, {
      env: { MLFLOW_TRACKING_TOKEN: 'tok-secret', MLFLOW_HTTP_REQUEST_MAX_RETRIES: '0' },
    });
    try {
      expect(exposed.output()).toContain(`Reading ${gone.url} with MLFLOW_TRACKING_TOKEN, read-only`);
      expect(exposed.output()).toContain(
        `listening on 0.0.0.0: anyone who can reach port ${new URL(exposed.announced).port} reads every run, model and ledger entry of ${gone.url} with the credentials of this environment`,
      );
      expect(exposed.output()).not.toContain('tok-secret');
      // MLflow down: the page is told so, as JSON it shows.
      const answer = await fetch(`${exposed.announced.replace('0.0.0.0', '127.0.0.1')}/api/2.0/mlflow/registered-models/search`);
      expect(answer.status).toBe(502);
      expect(await answer.json()).toMatchObject({
        error_code: 'TEMPORARILY_UNAVAILABLE',
        message: expect.stringContaining(`mlops ui could not reach the MLflow server at ${gone.url}: `),
      });
    } finally {
      expect((await exposed.stop()).code).toBe(0);
    }
  }, 30_000);
});
