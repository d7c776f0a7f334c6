// Benchmarks of `mlops relay` (the committed bundle, in its own process) with a loopback stand-in for GitHub:
// signed deliveries sent concurrently, next to a bare HTTP server receiving the same load in the same run; and
// registration-to-dispatch through `mlops server`'s real webhooks, next to the polling action's schedule.
import { spawn, type ChildProcess } from 'node:child_process';
import { createHmac, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import autocannon from 'autocannon';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createMlflowHttp,
  createModelVersion,
  createRegisteredModel,
  createRun,
  createWebhook,
  getOrCreateExperiment,
  setAlias,
} from '@mlops-actions/mlflow';
import { announcedUrl, spawnMlops, startServerProcess } from './server-process.js';

const SECRET = 'bench-secret';
const DELIVERIES = 5_000;
const CONCURRENCY = 50;
const REGISTRATIONS = 20;

const listen = async (server: Server): Promise<string> => {
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
};

/** GitHub's dispatch endpoints: 204, and the time each dispatch arrived, by model and version. */
async function githubStandIn(): Promise<{ url: string; arrived: Map<string, number>; close: () => void }> {
  const arrived = new Map<string, number>();
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString()) as { inputs: { 'model-name': string; version: string } };
      arrived.set(`${body.inputs['model-name']}/${body.inputs.version}`, performance.now());
      response.writeHead(204).end();
    });
  });
  return { url: await listen(server), arrived, close: () => server.close() };
}

/** The baseline: a bare Node server in its own process that reads each body and answers 200, checking and storing nothing. */
function bareServerProcess(): Promise<{ url: string; child: ChildProcess }> {
  const script = `require('node:http').createServer((q, r) => { q.resume(); q.on('end', () => r.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}')); }).listen(0, '127.0.0.1', function () { console.log('listening on http://127.0.0.1:' + this.address().port); });`;
  return announcedUrl(spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'ignore'] }), /listening on (http:\/\/\S+)/);
}

function startRelayProcess(dataDir: string, githubUrl: string, events: string): Promise<{ url: string; child: ChildProcess }> {
  const child = spawnMlops(
    ['relay', '--port', '0', '--data', dataDir, '--github-repo', 'acme/vision', '--workflow', 'evaluate.yml', '--events', events],
    {
      env: { ...process.env, MLFLOW_WEBHOOK_SECRET: SECRET, GITHUB_TOKEN: 'bench-token', GITHUB_API_URL: githubUrl },
      stdio: ['ignore', 'pipe', 'ignore'],
    },
  );
  return announcedUrl(child, /relay listening on (http:\/\/\S+)/);
}

function signedDelivery(index: number): { headers: Record<string, string>; body: string } {
  const body = JSON.stringify({
    entity: 'model_version',
    action: 'created',
    timestamp: new Date().toISOString(),
    data: { name: `bench-${index % 100}`, version: String(1 + Math.floor(index / 100)), source: 'models:/m', run_id: 'r', tags: {} },
  });
  const id = randomUUID();
  const timestamp = String(Math.floor(Date.now() / 1000));
  const signature = `v1,${createHmac('sha256', SECRET).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
  return {
    headers: {
      'content-type': 'application/json',
      'x-mlflow-delivery-id': id,
      'x-mlflow-timestamp': timestamp,
      'x-mlflow-signature': signature,
    },
    body,
  };
}

/** Sends `DELIVERIES` signed deliveries (each its own id and signature), `CONCURRENCY` connections at once. */
async function load(url: string): Promise<{ perSecond: number; p50: number; p99: number; non2xx: number }> {
  let index = 0;
  const started = performance.now();
  const result = await autocannon({
    url: `${url}/webhook`,
    connections: CONCURRENCY,
    amount: DELIVERIES,
    requests: [{ method: 'POST', setupRequest: (request) => ({ ...request, ...signedDelivery(index++) }) }],
  });
  return {
    perSecond: (1000 * result.requests.total) / (performance.now() - started),
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx + result.errors,
  };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const fmt = (n: number, digits = 1) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

const dir = mkdtempSync(join(tmpdir(), 'bench-relay-'));
const github = await githubStandIn();
const children: ChildProcess[] = [];
try {
  // Throughput and accept latency.
  const bare = await bareServerProcess();
  children.push(bare.child);
  await load(bare.url); // warm-up
  const baseline = await load(bare.url);
  bare.child.kill('SIGTERM');
  const relay = await startRelayProcess(join(dir, 'load'), github.url, 'created');
  children.push(relay.child);
  await load(relay.url); // warm-up (its deliveries are queued and dispatched too)
  const measured = await load(relay.url);
  if (measured.non2xx > 0) throw new Error(`${measured.non2xx} deliveries were not accepted`);
  relay.child.kill('SIGTERM');

  // Registration to dispatch: mlops server's webhook → relay → GitHub stand-in.
  const server = await startServerProcess(dir);
  const relay2 = await startRelayProcess(join(dir, 'e2e'), github.url, 'alias:challenger');
  children.push(relay2.child);
  const http = createMlflowHttp({ trackingUri: server.url });
  await createWebhook(http, { name: 'relay', url: `${relay2.url}/webhook`, events: ['model_version_alias.created'], secret: SECRET });
  await createRegisteredModel(http, { name: 'e2e' });
  // Versions registered from a run's artifacts, as the train action registers them (MLflow checks the source).
  const run = await createRun(http, { experimentId: (await getOrCreateExperiment(http, 'e2e')).id });
  const latencies: number[] = [];
  for (let index = 0; index < REGISTRATIONS; index++) {
    const version = await createModelVersion(http, { name: 'e2e', source: `${run.artifactUri}/model`, runId: run.id });
    const started = performance.now();
    await setAlias(http, 'e2e', 'challenger', version.version);
    const key = `e2e/${version.version}`;
    while (!github.arrived.has(key)) await new Promise((done) => setTimeout(done, 1));
    latencies.push(github.arrived.get(key)! - started);
  }
  server.stop();

  console.log(`mlops relay, ${DELIVERIES.toLocaleString('en-US')} signed deliveries, ${CONCURRENCY} concurrent, on loopback:`);
  console.log(
    `  relay (verify, durable queue, 202): ${fmt(measured.perSecond, 0)} deliveries/s, p50 ${fmt(measured.p50)} ms, p99 ${fmt(measured.p99)} ms (targets ≥ 1,000/s, p99 < 50 ms)`,
  );
  console.log(
    `  baseline, a bare Node server answering 200: ${fmt(baseline.perSecond, 0)} deliveries/s, p50 ${fmt(baseline.p50)} ms, p99 ${fmt(baseline.p99)} ms`,
  );
  console.log(`  ratio: ${fmt((100 * measured.perSecond) / baseline.perSecond, 0)}% of the bare server's rate`);
  console.log(`registration to dispatch (set alias challenger → MLflow webhook → relay → GitHub), ${REGISTRATIONS} versions:`);
  console.log(`  median ${fmt(median(latencies))} ms, max ${fmt(Math.max(...latencies))} ms (target < 1 s)`);
  console.log(
    `  baseline, the polling action every 5 minutes: 150 s on average, up to 300 s; ratio ${fmt(150_000 / median(latencies), 0)}× sooner`,
  );
} finally {
  for (const child of children) child.kill('SIGTERM');
  github.close();
  rmSync(dir, { recursive: true, force: true });
}
