import { describe, expect, test } from '@jest/globals';
import { likeMatches } from '@mlops-actions/common';
import { classifyDelivery, verifyDelivery } from '@mlops-actions/dispatch/relay';
import { signDelivery } from '@mlops-actions/mlflow-server';
import { recordedDeliveries, RECORDED_SECRET } from '../../helpers/webhook-deliveries.js';

const [, created] = recordedDeliveries();
const headers = (signature = created!.signature, timestamp = created!.timestamp) => ({
  'x-mlflow-delivery-id': created!.id,
  'x-mlflow-timestamp': timestamp,
  'x-mlflow-signature': signature,
});
const body = Buffer.from(created!.body);
const at = Number(created!.timestamp);

describe('verifying a delivery', () => {
  test('a real delivery verifies; one byte changed, another secret, or a missing header does not', () => {
    expect(verifyDelivery(headers(), body, RECORDED_SECRET, at)).toEqual({ ok: true, deliveryId: created!.id, timestamp: at });
    const changed = Buffer.from(body);
    changed[changed.length - 2] = changed[changed.length - 2]! ^ 1;
    expect(verifyDelivery(headers(), changed, RECORDED_SECRET, at)).toMatchObject({ ok: false });
    expect(verifyDelivery(headers(), body, 'another', at)).toMatchObject({ ok: false });
    expect(verifyDelivery({ 'x-mlflow-timestamp': created!.timestamp }, body, RECORDED_SECRET, at)).toEqual({
      ok: false,
      reason: 'missing X-MLflow-Delivery-Id, -Timestamp or -Signature',
    });
  });

  test('a header listing several signatures (a secret being rotated) verifies when one of them matches', () => {
    const old = signDelivery('old-secret', created!.id, created!.timestamp, created!.body);
    expect(verifyDelivery(headers(`${old} ${created!.signature}`), body, RECORDED_SECRET, at)).toMatchObject({ ok: true });
    expect(verifyDelivery(headers(`v2,${created!.signature.slice(3)}`), body, RECORDED_SECRET, at)).toMatchObject({ ok: false });
  });

  test('the timestamp must be whole seconds within the window, on either side of the clock', () => {
    expect(verifyDelivery(headers(), body, RECORDED_SECRET, at + 300)).toMatchObject({ ok: true });
    expect(verifyDelivery(headers(), body, RECORDED_SECRET, at + 301)).toMatchObject({ ok: false });
    expect(verifyDelivery(headers(), body, RECORDED_SECRET, at - 301)).toMatchObject({ ok: false });
    expect(verifyDelivery(headers(created!.signature, `${created!.timestamp}.5`), body, RECORDED_SECRET, at)).toEqual({
      ok: false,
      reason: 'X-MLflow-Timestamp is not a Unix time in seconds',
    });
  });
});

describe('what a delivery asks for', () => {
  const filter = { events: [{ kind: 'alias', alias: 'challenger' }] as const };

  test('an alias event for a wanted alias dispatches that version; other aliases and entities are ignored', () => {
    const alias = (name: string) => ({ entity: 'model_version_alias', action: 'created', data: { name: 'm', alias: name, version: '3' } });
    expect(classifyDelivery(alias('challenger'), filter)).toEqual({
      kind: 'dispatch',
      request: { modelName: 'm', version: 3, event: 'alias:challenger' },
    });
    expect(classifyDelivery(alias('champion'), filter)).toEqual({
      kind: 'ignore',
      reason: 'alias:champion is not among the events this relay acts on',
    });
    expect(
      classifyDelivery({ entity: 'model_version_alias', action: 'deleted', data: { name: 'm', alias: 'challenger' } }, filter),
    ).toEqual({
      kind: 'ignore',
      reason: 'model_version_alias.deleted does not start evaluations',
    });
  });

  test('a body that is not an MLflow payload is an error', () => {
    expect(() => classifyDelivery([1, 2], filter)).toThrow('not an MLflow webhook payload');
    expect(() => classifyDelivery({ entity: 'model_version', action: 'created', data: { name: 'm', version: 'x' } }, filter)).toThrow(
      'a data.version that is a positive whole number',
    );
  });

  test.each(['1e3', '0x10', '010', '0', '-1', '1.0', ' 1', '99999999999999999'])(
    'version %j is refused, not read as a number',
    (version) => {
      expect(() => classifyDelivery({ entity: 'model_version', action: 'created', data: { name: 'm', version } }, filter)).toThrow(
        `(got ${JSON.stringify(version)})`,
      );
    },
  );

  test('a version written as a JSON number is taken too', () => {
    expect(
      classifyDelivery({ entity: 'model_version', action: 'created', data: { name: 'm', version: 7 } }, { events: [{ kind: 'created' }] }),
    ).toMatchObject({
      kind: 'dispatch',
      request: { version: 7 },
    });
  });

  test("model patterns use MLflow's LIKE: % any run, _ one character, \\ escapes", () => {
    expect(likeMatches('vision-net', 'vision-%', { escape: true })).toBe(true);
    expect(likeMatches('audio-net', 'vision-%', { escape: true })).toBe(false);
    expect(likeMatches('v1', 'v_', { escape: true })).toBe(true);
    expect(likeMatches('v12', 'v_', { escape: true })).toBe(false);
    expect(likeMatches('a_b', 'a\\_b', { escape: true })).toBe(true);
    expect(likeMatches('axb', 'a\\_b', { escape: true })).toBe(false);
    expect(likeMatches('axb', 'a.b', { escape: true })).toBe(false);
  });
});
