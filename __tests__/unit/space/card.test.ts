import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { VERSION_TAGS } from '@mlops-actions/common';
import { createMlflowHttp, type MlflowHttp, type Run } from '@mlops-actions/mlflow';
import { gateCard } from '@mlops-actions/space/internal';

// The evaluation run's artifacts as MLflow's artifact proxy serves them: a gate result per run id, or one that never ends.
const GATE_RESULTS: Record<string, unknown> = {
  calibrated: {
    n: 0.9434,
    items: 1996,
    settings: { reliability: 0.99 },
    clauses: [{ clause: 'ece(new) - ece(old) < 0.01 +/- 0.01', interval: [-0.02, 0.004], confidence: 0.995 }],
    metrics: { ece: { new: 0.0312, old: 0.0451 }, brier: { new: 0.1234, old: null } },
  },
  // Written by whoever can write the run: figures out of range or not numbers are not shown.
  tampered: { n: 0.9, items: 100, metrics: { ece: { new: 1.5, old: 0.1 }, brier: { new: 'low', old: 0.2 } } },
  partial: { n: 0.9, items: 100, metrics: { brier: { new: 0.2, old: 'x' }, topK: [{ k: 5, n: 0.99, o: 0.98 }] } },
  plain: { n: 0.9, items: 100, settings: { reliability: 0.99 }, clauses: [] },
};
const MAX_SENT = 64 << 20;
let endlessBytesSent = 0;

/** Writes spaces until the client stops reading (or MAX_SENT, so that a client that never stops cannot hang the test). */
function endless(response: ServerResponse): void {
  const chunk = Buffer.alloc(64 << 10, 0x20);
  response.writeHead(200, { 'Content-Type': 'application/octet-stream' });
  const pump = (): void => {
    while (!response.destroyed && endlessBytesSent < MAX_SENT) {
      endlessBytesSent += chunk.length;
      if (!response.write(chunk)) {
        response.once('drain', pump);
        return;
      }
    }
    response.end();
  };
  pump();
}

const server = createServer((request, response) => {
  const match = /^\/api\/2\.0\/mlflow-artifacts\/artifacts\/1\/([a-z]+)\/artifacts\/gate-result\.json$/.exec(request.url ?? '');
  const document = match ? GATE_RESULTS[match[1]!] : undefined;
  if (match?.[1] === 'endless') endless(response);
  else if (document === undefined) response.writeHead(404).end('{"error_code":"RESOURCE_DOES_NOT_EXIST"}');
  else response.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(document));
});
let http: MlflowHttp;

beforeAll(async () => {
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  http = createMlflowHttp({ trackingUri: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, retry: { maxRetries: 0 } });
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((closed) => server.close(closed));
});

const run = (id: string): Run => ({
  id,
  experimentId: '1',
  name: id,
  status: 'FINISHED',
  startTime: 0,
  endTime: 1,
  artifactUri: `mlflow-artifacts:/1/${id}/artifacts`,
  lifecycleStage: 'active',
  userId: 'ci',
  metrics: {},
  params: {},
  tags: {},
});
const promoted = (runId: string) => ({
  [VERSION_TAGS.decision]: 'promote',
  [VERSION_TAGS.evaluationRun]: runId,
  [VERSION_TAGS.accuracy]: '0.9',
});

describe('the card’s calibration', () => {
  test('ECE and Brier score of the gate result’s metrics, with the replaced version’s where it has them', async () => {
    const card = await gateCard(http, promoted('calibrated'), run('calibrated'));
    expect(card?.calibration).toEqual({ ece: { new: 0.0312, old: 0.0451 }, brier: { new: 0.1234, old: null } });
    expect(card?.accuracy).toBe(0.9434);
  });

  test('only the figures that are numbers in range: an ECE above 1 or a Brier score that is text is not shown', async () => {
    expect((await gateCard(http, promoted('tampered'), run('tampered')))?.calibration).toBeNull();
    expect((await gateCard(http, promoted('partial'), run('partial')))?.calibration).toEqual({ ece: null, brier: { new: 0.2, old: null } });
  });

  test('a gate result without calibration metrics gives none', async () => {
    expect((await gateCard(http, promoted('plain'), run('plain')))?.calibration).toBeNull();
  });
});

describe('the gate result’s size', () => {
  test('a gate result that never ends is read no further than the limit: the card keeps the tags’ figures', async () => {
    const card = await gateCard(http, promoted('endless'), run('endless'));
    expect(card).toMatchObject({ accuracy: 0.9, clauses: [], calibration: null });
    // The limit is 1 MiB; what the server got written beyond it is what sat in socket buffers when the client stopped.
    expect(endlessBytesSent).toBeLessThan(16 << 20);
  });
});
