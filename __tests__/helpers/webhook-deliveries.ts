import { readFileSync } from 'node:fs';

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
