import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test } from '@jest/globals';
import { githubDispatcher } from '@mlops-actions/dispatch';
import { dispatchReadyVersions, dispatchRecord } from '@mlops-actions/dispatch';
import { startRelay, type Relay, type RelayOptions } from '@mlops-actions/dispatch/relay';
import { createWebhook, deleteWebhook, getModelVersion, listWebhooks, setAlias } from '@mlops-actions/mlflow';
import { signDelivery } from '@mlops-actions/mlflow-server';
import { startGithubApi, type GithubApiStandIn } from '../helpers/github-api.js';
import { useMlflowServer } from '../helpers/mlflow-server.js';
import { recordingLogger } from '../helpers/recording-logger.js';
import { mnistModel, registerModel } from '../helpers/registered-models.js';
import { recordedDeliveries, RECORDED_SECRET, type RecordedDelivery } from '../helpers/webhook-deliveries.js';

const TOKEN = 'ghs_relay-test-token';
const recorded = recordedDeliveries();
/** A clock that starts when the recorded deliveries arrived (so they are fresh) and runs. */
const RECORDED_AT = Number(recorded[0]!.timestamp) * 1000;
const started = Date.now();
const recordedClock =
  (offsetMs = 0) =>
  () =>
    RECORDED_AT + offsetMs + (Date.now() - started);

let github: GithubApiStandIn;
const relays: Relay[] = [];
beforeAll(async () => {
  github = await startGithubApi(TOKEN);
});
afterEach(async () => {
  await Promise.all(relays.splice(0).map((relay) => relay.close()));
});
afterAll(async () => {
  await github.close();
});

const scratch = (): string => mkdtempSync(join(tmpdir(), 'relay-'));

async function relay(overrides: Partial<RelayOptions> & { dataDir: string }, token = TOKEN) {
  const logger = recordingLogger();
  const started = await startRelay({
    secret: RECORDED_SECRET,
    dispatcher: githubDispatcher({ token, repository: 'acme/vision', workflow: 'evaluate.yml', ref: 'main', apiUrl: github.url }),
    filter: { events: [{ kind: 'created' }, { kind: 'alias', alias: 'champion' }] },
    port: 0,
    logger,
    now: recordedClock(),
    retry: { baseDelayMs: 5, maxDelayMs: 20 },
    ...overrides,
  });
  relays.push(started);
  return Object.assign(started, { logger });
}

function deliver(url: string, delivery: RecordedDelivery, changes: { body?: string; signature?: string } = {}): Promise<Response> {
  return fetch(`${url}/webhook`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-mlflow-delivery-id': delivery.id,
      'x-mlflow-timestamp': delivery.timestamp,
      'x-mlflow-signature': changes.signature ?? delivery.signature,
    },
    body: changes.body ?? delivery.body,
  });
}

const workflowDispatches = (): unknown[] => github.dispatches().map((request) => ({ path: request.path, body: request.body }));

describe('the webhook relay', () => {
  test('the real MLflow deliveries verify; version events start exactly one evaluation each, with the right inputs', async () => {
    const before = github.dispatches().length;
    const server = await relay({ dataDir: scratch() });
    const answers = [];
    for (const delivery of recorded) {
      const response = await deliver(server.url, delivery);
      answers.push([response.status, ((await response.json()) as { status: string }).status]);
    }
    expect(answers).toEqual([
      [200, 'ignored'], // registered_model.created
      [202, 'queued'], // model_version.created v1
      [202, 'queued'], // model_version.created v2
      [200, 'ignored'], // model_version_tag.set
      [200, 'ignored'], // model_version_tag.deleted
      [202, 'queued'], // model_version_alias.created champion → v1
    ]);
    await server.drained();
    const path = '/repos/acme/vision/actions/workflows/evaluate.yml/dispatches';
    expect(workflowDispatches().slice(before)).toEqual([
      { path, body: { ref: 'main', inputs: { 'model-name': 'demo-model', version: '1' } } },
      { path, body: { ref: 'main', inputs: { 'model-name': 'demo-model', version: '2' } } },
      { path, body: { ref: 'main', inputs: { 'model-name': 'demo-model', version: '1' } } },
    ]);
  });

  test('a tampered body, a wrong secret, a stale timestamp, an oversize body: rejected; a delivery again: answered, nothing dispatched twice', async () => {
    const dataDir = scratch();
    const created = recorded[1]!;
    const server = await relay({ dataDir, maxBodyBytes: 4096 });
    const before = github.requests.length;

    const tampered = await deliver(server.url, created, { body: created.body.replace('"version": "1"', '"version": "9"') });
    expect(tampered.status).toBe(401);
    expect(await tampered.json()).toEqual({ error: expect.stringContaining('signature does not match') });
    const wrongSecret = signDelivery('not-the-secret', created.id, created.timestamp, created.body);
    expect((await deliver(server.url, created, { signature: wrongSecret })).status).toBe(401);
    expect((await deliver(server.url, created, { signature: 'v1,' })).status).toBe(401);
    const unsigned = await fetch(`${server.url}/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: created.body,
    });
    expect(unsigned.status).toBe(401);
    const padded = `${created.body}${' '.repeat(5000)}`;
    const oversize = await deliver(server.url, created, {
      body: padded,
      signature: signDelivery(RECORDED_SECRET, created.id, created.timestamp, padded),
    });
    expect(oversize.status).toBe(413);
    await server.close();

    // The same genuine delivery six minutes later: stale.
    const later = await relay({ dataDir, now: recordedClock(6 * 60_000) });
    const stale = await deliver(later.url, created);
    expect(stale.status).toBe(401);
    expect(await stale.json()).toEqual({ error: expect.stringContaining('more than 300 s') });
    await later.close();

    // Accepted once; the same delivery again (MLflow retrying after a lost answer, even after a restart) is answered
    // as a success, so MLflow records no failure, and dispatches nothing more.
    const first = await relay({ dataDir });
    expect((await deliver(first.url, created)).status).toBe(202);
    await first.drained();
    await first.close();
    const restarted = await relay({ dataDir });
    const again = await deliver(restarted.url, created);
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ status: 'duplicate' });
    await restarted.drained();
    expect(github.requests.slice(before)).toHaveLength(1);

    const metrics = await (await fetch(`${restarted.url}/metrics`)).text();
    expect(metrics).toMatch(/^mlops_relay_deliveries_total\{outcome="duplicate"\} 1$/m);
    expect(metrics).toMatch(/^mlops_relay_queue_events\{state="dispatched"\} 1$/m);
  });

  test('a signed body that is not an MLflow payload is refused with 400; models outside the pattern are ignored', async () => {
    const server = await relay({ dataDir: scratch(), filter: { events: [{ kind: 'created' }], modelPattern: 'vision-%' } });
    const created = recorded[1]!;
    const junk = '[1, 2, 3]';
    const response = await deliver(server.url, created, {
      body: junk,
      signature: signDelivery(RECORDED_SECRET, created.id, created.timestamp, junk),
    });
    expect(response.status).toBe(400);
    const outside = await deliver(server.url, recorded[2]!);
    expect(outside.status).toBe(200);
    expect(await outside.json()).toEqual({ status: 'ignored', reason: 'model demo-model does not match vision-%' });
  });

  test('GitHub answering 502 for a while: the dispatch is retried with backoff and happens once', async () => {
    const before = github.dispatches().length;
    const server = await relay({ dataDir: scratch() });
    github.failNext([502, 502, 502]);
    expect((await deliver(server.url, recorded[2]!)).status).toBe(202);
    await server.drained();
    expect(github.dispatches().slice(before)).toHaveLength(1);
    expect(server.logger.warnings.filter((line) => line.includes('dispatch attempt'))).toHaveLength(3);
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).toMatch(/^mlops_relay_dispatch_attempts_total\{result="failure"\} 3$/m);
    expect(metrics).toMatch(/^mlops_relay_dispatch_attempts_total\{result="success"\} 1$/m);
  });

  test('events queued when the relay stops are dispatched after it restarts; /healthz shows the backlog', async () => {
    const dataDir = scratch();
    const before = github.dispatches().length;
    // GitHub refuses the token: events stay queued, and neither the token nor the secret reaches the log.
    const refused = await relay({ dataDir, retry: { baseDelayMs: 60_000, maxDelayMs: 60_000 } }, 'ghs_a-revoked-token');
    expect((await deliver(refused.url, recorded[1]!)).status).toBe(202);
    expect((await deliver(refused.url, recorded[2]!)).status).toBe(202);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await (await fetch(`${refused.url}/healthz`)).json()).toMatchObject({ status: 'ok', pending: 2, dispatched: 0 });
    await refused.close();
    const logged = [...refused.logger.lines, ...refused.logger.warnings, ...refused.logger.errors].join('\n');
    expect(logged).toContain('Bad credentials');
    expect(logged).not.toContain('ghs_a-revoked-token');
    expect(logged).not.toContain(RECORDED_SECRET);

    const restarted = await relay({ dataDir });
    await restarted.drained();
    expect(
      github
        .dispatches()
        .slice(before)
        .map((request) => (request.body as { inputs: unknown }).inputs),
    ).toEqual([
      { 'model-name': 'demo-model', version: '1' },
      { 'model-name': 'demo-model', version: '2' },
    ]);
    expect(restarted.logger.lines).toContain('2 event(s) queued before this start; dispatching them');
    expect(await (await fetch(`${restarted.url}/healthz`)).json()).toMatchObject({ pending: 0, dispatched: 2 });
  });
});

describe('registration → MLflow webhook → relay → GitHub', () => {
  const mlflow = useMlflowServer('relay-e2e-');
  // A webhook left pointing at a stopped relay would make MLflow retry into the next test.
  afterEach(async () => {
    for (const webhook of await listWebhooks(mlflow.http)) await deleteWebhook(mlflow.http, webhook.id);
  });

  test('a model trained and registered (alias challenger set last) starts exactly one evaluation of that version', async () => {
    const before = github.dispatches().length;
    const secret = 'a-webhook-secret';
    const server = await relay({
      dataDir: scratch(),
      secret,
      now: Date.now,
      filter: { events: [{ kind: 'alias', alias: 'challenger' }] },
    });
    await createWebhook(mlflow.http, {
      name: 'evaluations',
      url: `${server.url}/webhook`,
      events: ['model_version.created', 'model_version_alias.created'],
      secret,
    });
    const version = await registerModel(mlflow.http, 'digits', { onnx: mnistModel(8, 300) });
    await setAlias(mlflow.http, 'digits', 'challenger', version);
    await mlflow.server.webhooks.settle();
    await server.drained();
    expect(workflowDispatches().slice(before)).toEqual([
      {
        path: '/repos/acme/vision/actions/workflows/evaluate.yml/dispatches',
        body: { ref: 'main', inputs: { 'model-name': 'digits', version: String(version) } },
      },
    ]);
  });

  test('with the registry record, the relay and the polling action never dispatch one version twice', async () => {
    const before = github.dispatches().length;
    const secret = 'another-webhook-secret';
    const record = dispatchRecord(mlflow.http, 'relay test');
    const server = await relay({
      dataDir: scratch(),
      secret,
      now: Date.now,
      filter: { events: [{ kind: 'alias', alias: 'champion' }] },
      record,
    });
    const webhook = await createWebhook(mlflow.http, {
      name: 'champions',
      url: `${server.url}/webhook`,
      events: ['model_version_alias.created'],
      secret,
    });
    const poller = githubDispatcher({ token: TOKEN, repository: 'acme/vision', workflow: 'evaluate.yml', ref: 'main', apiUrl: github.url });
    const poll = () =>
      dispatchReadyVersions(
        mlflow.http,
        poller,
        { modelName: 'tagged', event: { kind: 'alias', alias: 'champion' }, maxDispatches: 10, holder: 'poller', claimSettleMs: 1 },
        recordingLogger(),
      );

    // The relay first: the version is tagged, and the polling action finds nothing to do.
    const first = await registerModel(mlflow.http, 'tagged', { onnx: mnistModel(8, 300) });
    await setAlias(mlflow.http, 'tagged', 'champion', first);
    await mlflow.server.webhooks.settle();
    await server.drained();
    expect(JSON.parse((await getModelVersion(mlflow.http, 'tagged', first))!.tags['mlops.dispatched.champion']!)).toMatchObject({
      by: 'relay test',
    });
    expect(await poll()).toEqual([]);

    // The polling action first (the relay was down): the relay's late delivery is skipped.
    const second = await registerModel(mlflow.http, 'tagged', { onnx: mnistModel(8, 300) });
    await server.close();
    await deleteWebhook(mlflow.http, webhook.id); // MLflow's failed deliveries to the stopped relay are not the point here
    await setAlias(mlflow.http, 'tagged', 'champion', second);
    expect((await poll()).map((entry) => entry.version)).toEqual([second]);
    const restarted = await relay({
      dataDir: scratch(),
      secret,
      now: Date.now,
      filter: { events: [{ kind: 'alias', alias: 'champion' }] },
      record,
    });
    await createWebhook(mlflow.http, {
      name: 'champions-again',
      url: `${restarted.url}/webhook`,
      events: ['model_version_alias.created'],
      secret,
    });
    await setAlias(mlflow.http, 'tagged', 'champion', second);
    await mlflow.server.webhooks.settle();
    await restarted.drained();
    expect(restarted.logger.lines.some((line) => line.includes(`tagged v${second} (alias:champion): already dispatched`))).toBe(true);
    expect(
      github
        .dispatches()
        .slice(before)
        .map((request) => (request.body as { inputs: { version: string } }).inputs.version),
    ).toEqual([String(first), String(second)]);
  });
});
