import { readFileSync } from 'node:fs';
import { signDelivery } from '@mlops-actions/mlflow-server';

/** One real MLflow delivery from the fixture: its headers and the raw body that was signed. */
export interface RecordedDelivery {
  id: string;
  timestamp: string;
  signature: string;
  body: string;
}

/** The secret the recorded deliveries were signed with. */
export const RECORDED_SECRET = 's3cr3t';

/** The real deliveries captured from MLflow 3.6 (`__tests__/fixtures/mlflow-webhook-delivery.txt`), in order. */
export function recordedDeliveries(): RecordedDelivery[] {
  return readFileSync(new URL('../fixtures/mlflow-webhook-delivery.txt', import.meta.url), 'utf8')
    .split(/^=== /m)
    .slice(1)
    .map((block) => {
      const header = (name: string): string => new RegExp(`^${name}: (.*)$`, 'm').exec(block)![1]!;
      const body = block.split(/\r?\n\r?\n/)[1]!.split('\n')[0]!;
      return { id: header('X-MLflow-Delivery-Id'), timestamp: header('X-MLflow-Timestamp'), signature: header('X-MLflow-Signature'), body };
    });
}

/**
 * Sends a fresh, correctly signed `model_version.created` delivery to a relay, as MLflow sends it: a new delivery id,
 * the current timestamp, the signature over the raw body. `version` goes into the payload as given.
 */
export function sendDelivery(relayUrl: string, secret: string, name: string, version: number | string): Promise<Response> {
  const body = JSON.stringify({
    entity: 'model_version',
    action: 'created',
    timestamp: new Date().toISOString(),
    data: { name, version: String(version), source: 'models:/m-1', run_id: 'r1', tags: {}, description: null },
  });
  const id = crypto.randomUUID();
  const timestamp = String(Math.floor(Date.now() / 1000));
  return fetch(`${relayUrl}/webhook`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-mlflow-delivery-id': id,
      'x-mlflow-timestamp': timestamp,
      'x-mlflow-signature': signDelivery(secret, id, timestamp, body),
    },
    body,
  });
}

/** Resolves once `condition` holds, checking every 50 ms; fails after `timeoutMs`. */
export async function until(condition: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
