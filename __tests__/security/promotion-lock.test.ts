// Two evaluations racing for @production, with MLflow answering writes slowly: exactly one promotion may take
// effect, whatever the latency; and a run killed while it holds the lock blocks the next one only until its lease
// runs out.
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import {
  createMlflowHttp,
  createModelVersion,
  createRegisteredModel,
  getOrCreateRegisteredModel,
  getRegisteredModel,
  getVersionByAlias,
  searchRegisteredModels,
  setAlias,
} from '@mlops-actions/mlflow';
import { acquirePromotionLock, LEASE_MS, lockModelName, LockLostError, promoteIfStillChampion } from '@mlops-actions/promotion/internal';
import { stopAfterAll } from '../helpers/cleanup.js';
import { startFaultProxy } from '../helpers/fault-proxy.js';
import { useMlflowServer } from '../helpers/mlflow-server.js';
import { recordingLogger } from '../helpers/recording-logger.js';

const mlflow = useMlflowServer('promotion-lock-');
const ROUNDS = 20;

async function modelWithChampion(name: string): Promise<void> {
  await getOrCreateRegisteredModel(mlflow.http, { name });
  for (let i = 0; i < 3; i++) await createModelVersion(mlflow.http, { name, source: `mlflow-artifacts:/lock/${name}/${i}` });
  await setAlias(mlflow.http, name, 'production', 1);
}

describe.each([3000, 10_000])('two promotions racing through a proxy that delays every write by %i ms', (writeDelayMs) => {
  test(`over ${ROUNDS} rounds, exactly one takes effect each time, and the loser says why`, async () => {
    const proxy = await startFaultProxy({ upstream: mlflow.server.url, failureRate: 0, seed: 1, writeDelayMs });
    const slow = createMlflowHttp({ trackingUri: proxy.url });
    const names = Array.from({ length: ROUNDS }, (_, round) => `race-${writeDelayMs}-${round}`);
    await Promise.all(names.map(modelWithChampion));
    const promote = (name: string, challengerVersion: number) =>
      promoteIfStillChampion(
        slow,
        {
          modelName: name,
          championAlias: 'production',
          challengerVersion,
          expectedChampion: 1,
          description: `v${challengerVersion}`,
          ledger: { reason: `race round for v${challengerVersion}` },
          lock: { holder: `racer v${challengerVersion}`, pollMs: 200 },
        },
        recordingLogger(),
      );
    const outcomes = await Promise.all(names.map((name) => Promise.all([promote(name, 2), promote(name, 3)])));
    for (const [index, [second, third]] of outcomes.entries()) {
      expect([second.promoted, third.promoted].filter(Boolean)).toHaveLength(1);
      const winner = second.promoted ? 2 : 3;
      expect((await getVersionByAlias(mlflow.http, names[index]!, 'production'))?.version).toBe(winner);
      const loser = second.promoted ? third : second;
      expect(loser.promoted || loser.reason).toMatch(/moved from v1 to v[23] while/);
      // Nothing of the lock is left in the registry.
      expect(await getRegisteredModel(mlflow.http, lockModelName(names[index]!))).toBeUndefined();
    }
    await proxy.close();
  }, 240_000);
});

describe('a run killed while it holds the lock', () => {
  test(`blocks the next one until its lease runs out, not longer (default lease ${LEASE_MS / 1000} s)`, async () => {
    expect(LEASE_MS).toBeLessThan(60_000);
    await modelWithChampion('killed-holder');
    const holder = spawn(
      process.execPath,
      // tsx as a loader in this one process (its CLI would run the script in a child that outlives the kill).
      ['--import', 'tsx', resolve('__tests__/fixtures/hold-promotion-lock.ts'), mlflow.server.url, 'killed-holder', '3000'],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    stopAfterAll(holder, (child) => child.kill('SIGKILL'));
    await new Promise<void>((resolveHeld) =>
      holder.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('held') && resolveHeld()),
    );
    holder.kill('SIGKILL');
    const started = Date.now();
    const lock = await acquirePromotionLock(mlflow.http, 'killed-holder', { holder: 'next run', pollMs: 200, timeoutMs: 30_000 });
    // The dead claim's lease (3 s) plus the allowance for clock differences between runners (5 s).
    expect(Date.now() - started).toBeLessThan(3000 + 5000 + 2000);
    const aside = await searchRegisteredModels(mlflow.http, { filter: "name LIKE 'killed-holder.promotion-lock.expired.%'" });
    expect(aside).toHaveLength(1);
    await lock.release();
    expect(await getRegisteredModel(mlflow.http, lockModelName('killed-holder'))).toBeUndefined();
  }, 60_000);
});

const claim = (modelName: string, expires: string, attempt = 'someone-else') =>
  createRegisteredModel(mlflow.http, {
    name: lockModelName(modelName),
    tags: { 'mlops.lock.holder': 'a crashed run', 'mlops.lock.attempt': attempt, 'mlops.lock.expires': expires },
  });

describe('takeovers and lost leases', () => {
  test('two runs finding the same dead claim: one takes it over, the other waits for it', async () => {
    await modelWithChampion('two-takers');
    await claim('two-takers', String(Date.now() - 60_000));
    const options = (holder: string) => ({ holder, pollMs: 100, timeoutMs: 30_000 });
    const contenders = [
      acquirePromotionLock(mlflow.http, 'two-takers', options('a')),
      acquirePromotionLock(mlflow.http, 'two-takers', options('b')),
    ];
    const first = await Promise.race(contenders.map((lock, index) => lock.then(() => index)));
    const other = contenders[1 - first]!;
    let otherHeld = false;
    void other.then(() => (otherHeld = true));
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(otherHeld).toBe(false);
    await (await contenders[first]!).release();
    await (await other).release();
    expect(otherHeld).toBe(true);
  }, 30_000);

  test('a holder whose lease ran out while it lived may not act: confirm() throws, and release() leaves the claim alone', async () => {
    await modelWithChampion('lapsed');
    let clock = Date.now();
    const lock = await acquirePromotionLock(mlflow.http, 'lapsed', { holder: 'slow run', leaseMs: 30_000, now: () => clock });
    expect(await lock.confirm()).toBeGreaterThan(clock);
    clock += 30_000;
    await expect(lock.confirm()).rejects.toBeInstanceOf(LockLostError);
    await lock.release();
    expect(await getRegisteredModel(mlflow.http, lockModelName('lapsed'))).toBeDefined();
  });

  test('a claim planted with a lease far in the future is taken over once it has stood still for a lease', async () => {
    await modelWithChampion('planted');
    await claim('planted', '1e300');
    await expect(acquirePromotionLock(mlflow.http, 'planted', { holder: 'next run', timeoutMs: 0 })).rejects.toThrow(
      'held by a crashed run (its claim runs until an unreadable time unless renewed)',
    );
    const started = Date.now();
    const lock = await acquirePromotionLock(mlflow.http, 'planted', {
      holder: 'next run',
      leaseMs: 2000,
      clockSkewMs: 500,
      pollMs: 100,
      timeoutMs: 30_000,
    });
    expect(Date.now() - started).toBeGreaterThanOrEqual(2000);
    await lock.release();
    expect(await getRegisteredModel(mlflow.http, lockModelName('planted'))).toBeUndefined();
  }, 30_000);
});
