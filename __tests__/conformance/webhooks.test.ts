import { readFileSync } from 'node:fs';
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { afterAll, describe, expect, test } from '@jest/globals';
import {
  createModelVersion,
  createRegisteredModel,
  createWebhook,
  deleteWebhook,
  listWebhooks,
  MlflowApiError,
  setAlias,
  testWebhook,
  updateWebhook,
} from '@mlops-actions/mlflow';
import { pythonJsonDumps, signDelivery } from '@mlops-actions/mlflow-server';
import { recordedDeliveries, RECORDED_SECRET } from '../helpers/webhook-deliveries.js';
import { startTarget, type ConformanceTarget } from './target.js';
import { listenOnLoopback } from '../helpers/loopback-server.js';

interface Delivery {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A loopback receiver that records deliveries and answers with the statuses it is told to, then 200. */
function startReceiver(): Promise<{
  url: string;
  deliveries: Delivery[];
  failNext: (statuses: number[]) => void;
  close: () => Promise<void>;
}> {
  const deliveries: Delivery[] = [];
  let failures: number[] = [];
  return listenOnLoopback((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      deliveries.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      const status = failures.shift() ?? 200;
      response.writeHead(status, { 'content-type': 'application/json' }).end(status === 200 ? '{"ok": true}' : '{"ok": false}');
    });
  }).then((server) => ({
    url: `${server.url}/hook`,
    deliveries,
    failNext: (statuses: number[]) => {
      failures = [...statuses];
    },
    close: server.close,
  }));
}

/** The verifier a receiver writes, independent of the server's code. */
function signatureValid(secret: string, delivery: Delivery): boolean {
  const expected = Buffer.from(
    `v1,${createHmac('sha256', secret)
      .update(`${String(delivery.headers['x-mlflow-delivery-id'])}.${String(delivery.headers['x-mlflow-timestamp'])}.`)
      .update(delivery.body)
      .digest('base64')}`,
  );
  const given = Buffer.from(String(delivery.headers['x-mlflow-signature'] ?? ''));
  return given.length === expected.length && timingSafeEqual(given, expected);
}

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for webhook deliveries');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

// The target and what it supports are known before the tests are defined, so that a missing feature shows
// up as tests skipped by name rather than as tests that pass without checking anything.
const target: ConformanceTarget = await startTarget();
const receiver = await startReceiver();
const supported = await listWebhooks(target.http).then(
  () => true,
  (error: unknown) => {
    if (error instanceof MlflowApiError && (error.status === 404 || error.status === 405)) return false;
    throw error;
  },
);
if (!supported) console.warn('webhook tests skipped: the server has no webhooks (MLflow < 3.3)');
afterAll(async () => {
  await receiver.close();
  await target.close();
});

// A real server's workers each cache the webhook list per event type for MLFLOW_WEBHOOK_CACHE_TTL (60 s by default),
// and an event handled by a worker whose cache predates the webhook is dropped, not delayed.
const deliveryTimeout = process.env.MLFLOW_CONFORMANCE_URI ? 150_000 : 10_000;

/**
 * Makes a new webhook's deliveries certain before a test counts on them, against any server: a test delivery must
 * arrive (the URL and the receiver work), then rounds of probe events — one of each event type the test relies on (marked `<marker>-<round>r`),
 * on a probe model of its own — are sent until three rounds in a row all arrive, which a worker with a stale cache
 * would break. Against the embedded server the first round arrives at once.
 */
async function armWebhook(webhookId: string, probes: ((round: number) => Promise<void>)[], marker: string): Promise<void> {
  const before = receiver.deliveries.length;
  expect(await testWebhook(target.http, webhookId)).toMatchObject({ success: true, responseStatus: 200 });
  await waitFor(() => receiver.deliveries.length > before, deliveryTimeout);
  const deadline = Date.now() + deliveryTimeout;
  let inARow = 0;
  for (let round = 1; inARow < 3; round++) {
    if (Date.now() > deadline) throw new Error(`probe events to webhook ${webhookId} were still being dropped after ${deliveryTimeout} ms`);
    const seen = () => receiver.deliveries.filter((d) => d.body.includes(`${marker}-${round}r`)).length;
    for (const probe of probes) await probe(round);
    const arrived = await waitFor(() => seen() >= probes.length, 5_000).then(
      () => true,
      () => false,
    );
    inARow = arrived ? inARow + 1 : 0;
  }
}
const webhookTest = (name: string, fn: () => Promise<void>, options: { embeddedOnly?: boolean } = {}): void => {
  const runs = supported && (!options.embeddedOnly || target.embedded !== undefined);
  (runs ? test : test.skip)(name, fn, deliveryTimeout + 30_000);
};

describe('webhooks (MLflow ≥ 3.3)', () => {
  webhookTest('registry events are delivered, signed as MLflow signs them', async () => {
    const name = target.unique('conformance-hooked');
    const webhook = await createWebhook(target.http, {
      name: target.unique('hook'),
      url: receiver.url,
      events: ['model_version.created', 'model_version_alias.created'],
      secret: 's3cr3t',
    });
    expect(webhook).toMatchObject({
      status: 'ACTIVE',
      url: receiver.url,
      events: ['model_version.created', 'model_version_alias.created'],
    });
    expect(JSON.stringify(webhook)).not.toContain('s3cr3t');
    const probe = target.unique('conformance-probe');
    await createRegisteredModel(target.http, { name: probe });
    await armWebhook(
      webhook.id,
      [
        (round) =>
          createModelVersion(target.http, { name: probe, source: `mlflow-artifacts:/1/probe/artifacts/${probe}-${round}r` }).then(
            () => undefined,
          ),
        (round) => setAlias(target.http, probe, `${probe}-${round}r`, 1),
      ],
      probe,
    );
    receiver.deliveries.length = 0;
    await createRegisteredModel(target.http, { name });
    await createModelVersion(target.http, { name, source: 'mlflow-artifacts:/1/abc/artifacts/model', tags: { git: 'abc' } });
    await setAlias(target.http, name, 'challenger', 1);
    const mine = () => receiver.deliveries.filter((d) => d.body.includes(name));
    await waitFor(() => mine().length >= 2, deliveryTimeout);
    const bodies = mine().map(
      (d) => JSON.parse(d.body) as { entity: string; action: string; data: Record<string, unknown>; timestamp: string },
    );
    expect(bodies.map((b) => `${b.entity}.${b.action}`).sort()).toEqual(['model_version.created', 'model_version_alias.created']);
    expect(bodies.find((b) => b.entity === 'model_version')!.data).toEqual({
      name,
      version: '1',
      source: 'mlflow-artifacts:/1/abc/artifacts/model',
      run_id: null,
      tags: { git: 'abc' },
      description: null,
    });
    for (const delivery of mine()) {
      expect(signatureValid('s3cr3t', delivery)).toBe(true);
      expect(Math.abs(Number(delivery.headers['x-mlflow-timestamp']) - Date.now() / 1000)).toBeLessThan(300);
      expect(delivery.headers['content-type']).toBe('application/json');
    }
    await deleteWebhook(target.http, webhook.id);
  });

  // Embedded only: a real server's retry timing is its own, while the embedded one is set to retry fast.
  webhookTest(
    'a failing receiver gets the same delivery again (same id, timestamp and body)',
    async () => {
      const webhook = await createWebhook(target.http, {
        name: target.unique('retry-hook'),
        url: receiver.url,
        events: ['registered_model.created'],
        secret: 'k',
      });
      receiver.deliveries.length = 0;
      receiver.failNext([500, 503]);
      const name = target.unique('conformance-retried');
      await createRegisteredModel(target.http, { name });
      await target.embedded!.webhooks.settle();
      const attempts = receiver.deliveries.filter((d) => d.body.includes(name));
      expect(attempts).toHaveLength(3);
      expect(
        new Set(attempts.map((d) => `${String(d.headers['x-mlflow-delivery-id'])} ${String(d.headers['x-mlflow-timestamp'])} ${d.body}`))
          .size,
      ).toBe(1);
      await deleteWebhook(target.http, webhook.id);
    },
    { embeddedOnly: true },
  );

  webhookTest('list, update, disable, test and delete', async () => {
    const webhook = await createWebhook(target.http, {
      name: target.unique('crud-hook'),
      url: receiver.url,
      events: ['model_version_tag.set'],
    });
    expect((await listWebhooks(target.http)).map((w) => w.id)).toContain(webhook.id);
    const updated = await updateWebhook(target.http, webhook.id, { description: 'for tests', status: 'DISABLED' });
    expect(updated).toMatchObject({ description: 'for tests', status: 'DISABLED' });
    const result = await testWebhook(target.http, webhook.id);
    expect(result).toMatchObject({ success: true, responseStatus: 200 });
    await deleteWebhook(target.http, webhook.id);
    await expect(deleteWebhook(target.http, webhook.id)).rejects.toMatchObject({ status: 404 });
  });

  webhookTest('invalid events are refused with the valid ones', async () => {
    await expect(
      createWebhook(target.http, { name: target.unique('bad-hook'), url: receiver.url, events: ['model_version.deleted'] }),
    ).rejects.toMatchObject({
      status: 400,
      serverMessage: expect.stringContaining("Invalid action 'deleted' for entity 'model_version'"),
    });
  });
});

describe('webhook creation as the REST API spells it', () => {
  // The README creates its webhook with curl: the body must be what real MLflow accepts. Real MLflow 3.6 answers
  // lowercase entity and action names with an HTML 500 page (measured); mlops server refuses them with a 400.
  webhookTest('capitalised entity and action names are taken; lowercase ones are refused', async () => {
    const create = (entity: string, action: string) =>
      target.http.send('POST', `${target.http.trackingUri}/api/2.0/mlflow/webhooks`, {
        body: () => JSON.stringify({ name: target.unique('spelled'), url: receiver.url, events: [{ entity, action }] }),
        headers: { 'Content-Type': 'application/json' },
        idempotent: false,
      });
    const lowercase = await create('model_version_alias', 'created');
    expect(lowercase.status).toBeGreaterThanOrEqual(400);
    await lowercase.body?.cancel();
    const capitals = await create('MODEL_VERSION_ALIAS', 'CREATED');
    expect(capitals.status).toBe(200);
    const { webhook } = (await capitals.json()) as { webhook: { webhook_id: string; events: unknown } };
    expect(webhook.events).toEqual([{ entity: 'MODEL_VERSION_ALIAS', action: 'CREATED' }]);
    await target.http.send('DELETE', `${target.http.trackingUri}/api/2.0/mlflow/webhooks/${webhook.webhook_id}`);
  });

  webhookTest("the README's curl body is accepted as it stands", async () => {
    const readme = readFileSync('README.md', 'utf8');
    const command = /curl -X POST "\$MLFLOW_TRACKING_URI\/api\/2\.0\/mlflow\/webhooks"[^\n]*-d '(\{[\s\S]*?\})'\n/.exec(readme);
    expect(command).not.toBeNull();
    // The shell splices the secret in between two single-quoted parts.
    const body = JSON.parse(command![1]!.replace(`'"$MLFLOW_WEBHOOK_SECRET"'`, 'readme-secret')) as Record<string, unknown>;
    const answer = await target.http.send('POST', `${target.http.trackingUri}/api/2.0/mlflow/webhooks`, {
      body: () => JSON.stringify({ ...body, name: target.unique('readme-hook'), url: receiver.url }),
      headers: { 'Content-Type': 'application/json' },
      idempotent: false,
    });
    expect(answer.status).toBe(200);
    const { webhook } = (await answer.json()) as { webhook: { webhook_id: string } };
    await target.http.send('DELETE', `${target.http.trackingUri}/api/2.0/mlflow/webhooks/${webhook.webhook_id}`);
  });
});

describe('byte compatibility with real MLflow deliveries (recorded from MLflow 3.6)', () => {
  const recorded = recordedDeliveries();

  test('every recorded delivery verifies with our signer, and our JSON writer reproduces its body byte for byte', () => {
    expect(recorded.length).toBeGreaterThanOrEqual(6);
    for (const delivery of recorded) {
      expect(signDelivery(RECORDED_SECRET, delivery.id, delivery.timestamp, delivery.body)).toBe(delivery.signature);
      expect(pythonJsonDumps(JSON.parse(delivery.body))).toBe(delivery.body);
    }
  });
});
