import { createHmac, timingSafeEqual } from 'node:crypto';

/** MLflow's webhook headers (lower-case, as Node presents them). */
export const DELIVERY_HEADERS = {
  id: 'x-mlflow-delivery-id',
  timestamp: 'x-mlflow-timestamp',
  signature: 'x-mlflow-signature',
} as const;

/** How far a delivery's timestamp may be from the relay's clock (MLflow's own guidance: 5 minutes). */
export const DEFAULT_TOLERANCE_SECONDS = 300;

export type Verification = { ok: true; deliveryId: string; timestamp: number } | { ok: false; reason: string };

const header = (headers: Record<string, string | string[] | undefined>, name: string): string | undefined => {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
};

/** `v1,` + base64 HMAC-SHA256(secret, "{delivery id}.{timestamp}.{raw body}"): how MLflow signs a delivery. */
function expectedSignature(secret: string, deliveryId: string, timestamp: string, rawBody: Buffer): Buffer {
  return createHmac('sha256', secret).update(`${deliveryId}.${timestamp}.`).update(rawBody).digest();
}

/**
 * Checks a delivery as MLflow sends it: the signature over the raw bytes (constant-time; the header may list several
 * space-separated `v1,` signatures), then the timestamp within `toleranceSeconds` of `nowSeconds`.
 */
export function verifyDelivery(
  headers: Record<string, string | string[] | undefined>,
  rawBody: Buffer,
  secret: string,
  nowSeconds: number,
  toleranceSeconds = DEFAULT_TOLERANCE_SECONDS,
): Verification {
  const deliveryId = header(headers, DELIVERY_HEADERS.id);
  const timestampText = header(headers, DELIVERY_HEADERS.timestamp);
  const signatures = header(headers, DELIVERY_HEADERS.signature);
  if (!deliveryId || !timestampText || !signatures) return { ok: false, reason: 'missing X-MLflow-Delivery-Id, -Timestamp or -Signature' };
  if (!/^\d{1,12}$/.test(timestampText)) return { ok: false, reason: 'X-MLflow-Timestamp is not a Unix time in seconds' };
  const expected = expectedSignature(secret, deliveryId, timestampText, rawBody);
  let matched = false;
  for (const candidate of signatures.split(' ')) {
    if (!candidate.startsWith('v1,')) continue;
    const given = Buffer.from(candidate.slice(3), 'base64');
    // Lengths are not secret; the bytes are compared in constant time. Keep looking after a match: no early exit.
    if (given.length === expected.length && timingSafeEqual(given, expected)) matched = true;
  }
  if (!matched) return { ok: false, reason: 'signature does not match (wrong secret, or the body was changed)' };
  const timestamp = Number(timestampText);
  if (Math.abs(nowSeconds - timestamp) > toleranceSeconds)
    return { ok: false, reason: `timestamp ${timestamp} is more than ${toleranceSeconds} s from the relay's clock` };
  return { ok: true, deliveryId, timestamp };
}
