import { describe, expect, test } from '@jest/globals';
import { acquireClaimLock, isOperationalError, LockHeldError, type ClaimStore } from '@mlops-actions/common';

/** A store as MLflow's tags are: last writer wins, nothing else. */
function memoryStore(initial?: string): ClaimStore & { value: string | undefined; writes: number } {
  const store = {
    value: initial,
    writes: 0,
    read: async () => store.value,
    write: async (value: string) => {
      store.value = value;
      store.writes++;
    },
    remove: async () => {
      store.value = undefined;
    },
  };
  return store;
}

/** A clock that moves only when someone sleeps; every sleep also lets the other contenders take their turn. */
function fakeClock(start = 1_700_000_000_000) {
  const clock = {
    time: start,
    now: () => clock.time,
    sleep: async (ms: number) => {
      clock.time += ms;
      for (let turn = 0; turn < 5; turn++) await Promise.resolve();
    },
  };
  return clock;
}

const claimOf = (store: { value: string | undefined }) => JSON.parse(store.value!) as { holder: string; at: number };

describe('the claim lock over a last-writer-wins store (Fischer)', () => {
  test('a free lock is taken after the settle time and released by deleting the claim', async () => {
    const store = memoryStore();
    const clock = fakeClock();
    const lock = await acquireClaimLock(store, 'digits v3', { holder: 'run 7', settleMs: 2000, ...clock });
    expect(claimOf(store).holder).toBe('run 7');
    expect(clock.time - 1_700_000_000_000).toBe(2000); // it waited out the settle time once
    await lock.release();
    expect(store.value).toBeUndefined();
  });

  test('a live claim of another holder: given up at the deadline, as an operational failure naming the holder', async () => {
    const clock = fakeClock();
    const store = memoryStore(JSON.stringify({ holder: 'run 6', id: 'other', at: clock.time }));
    const error = await acquireClaimLock(store, 'digits v3', { holder: 'run 7', timeoutMs: 10_000, ...clock }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(LockHeldError);
    expect(isOperationalError(error)).toBe(true);
    expect((error as LockHeldError).message).toBe(`digits v3 is held by run 6 (since ${new Date(1_700_000_000_000).toISOString()})`);
    expect((error as LockHeldError).holder).toBe('run 6');
    expect(clock.time - 1_700_000_000_000).toBeGreaterThanOrEqual(10_000);
    expect(store.writes).toBe(0); // it never wrote over the live claim
  });

  test('a claim released while waiting is taken then', async () => {
    const clock = fakeClock();
    const store = memoryStore(JSON.stringify({ holder: 'run 6', id: 'other', at: clock.time }));
    const sleep = async (ms: number) => {
      await clock.sleep(ms);
      if (clock.time - 1_700_000_000_000 >= 3000 && claimOf(store).holder === 'run 6') store.value = undefined;
    };
    await acquireClaimLock(store, 'digits v3', { holder: 'run 7', timeoutMs: 60_000, now: clock.now, sleep });
    expect(claimOf(store).holder).toBe('run 7');
  });

  test("a crashed holder's claim older than the stale time is taken over; a claim that is not JSON counts as none", async () => {
    const clock = fakeClock();
    const stale = memoryStore(JSON.stringify({ holder: 'run 5', id: 'dead', at: clock.time - 600_001 }));
    await acquireClaimLock(stale, 'digits v3', { holder: 'run 7', timeoutMs: 0, ...clock });
    expect(claimOf(stale).holder).toBe('run 7');
    const garbage = memoryStore('not a claim');
    await acquireClaimLock(garbage, 'digits v3', { holder: 'run 7', timeoutMs: 0, ...clock });
    expect(claimOf(garbage).holder).toBe('run 7');
  });

  test('two contenders that both find it free: exactly one holds it, the other gives up naming the winner', async () => {
    const clock = fakeClock();
    const store = memoryStore();
    const options = { timeoutMs: 30_000, settleMs: 2000, ...clock };
    const results = await Promise.allSettled([
      acquireClaimLock(store, 'digits v3', { ...options, holder: 'run A' }),
      acquireClaimLock(store, 'digits v3', { ...options, holder: 'run B' }),
    ]);
    expect(store.writes).toBe(2); // both wrote a claim; the later one stood
    const held = results.filter((result) => result.status === 'fulfilled');
    const refused = results.filter((result) => result.status === 'rejected');
    expect(held).toHaveLength(1);
    expect(refused).toHaveLength(1);
    expect(((refused[0] as PromiseRejectedResult).reason as LockHeldError).holder).toBe(claimOf(store).holder);
  });

  test('releasing after the claim was taken over leaves the new holder in place', async () => {
    const clock = fakeClock();
    const store = memoryStore();
    const lock = await acquireClaimLock(store, 'digits v3', { holder: 'run 7', ...clock });
    store.value = JSON.stringify({ holder: 'run 8', id: 'newer', at: clock.time });
    await lock.release();
    expect(claimOf(store).holder).toBe('run 8');
  });
});
