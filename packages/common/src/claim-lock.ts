import { OperationalError } from './operational-error.js';

/** Where a lock's claim is kept: a tag, a key; read and written whole. */
export interface ClaimStore {
  read(): Promise<string | undefined>;
  write(value: string): Promise<void>;
  remove(): Promise<void>;
}

export interface ClaimLockOptions {
  /** Who asks (shown to whoever waits). */
  holder: string;
  /** How long a written claim must survive before it counts: longer than any one write takes (default 2 s). */
  settleMs?: number;
  /** How long to wait for another holder before giving up (default 5 min); 0 gives up at once. */
  timeoutMs?: number;
  /** A claim older than this is from a crashed holder and is taken over (default 10 min). */
  staleMs?: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

export interface ClaimLock {
  release(): Promise<void>;
}

/** The claim another holder has on the lock, when acquiring gave up. */
export class LockHeldError extends OperationalError {
  override readonly name = 'LockHeldError';

  constructor(
    message: string,
    readonly holder: string,
    readonly since: number,
  ) {
    super(message, { hint: 'another run holds it; run this again once that run has ended (a dead holder’s claim runs out by itself)' });
  }
}

interface Claim {
  holder: string;
  id: string;
  at: number;
}

/**
 * Mutual exclusion over a store that offers no compare-and-set, only last-writer-wins (MLflow's tags): Fischer's
 * algorithm — wait until no live claim is there, write ours, wait `settleMs`, and hold the lock only if ours is
 * still the claim. Safe as long as a write takes less than `settleMs`.
 */
export async function acquireClaimLock(store: ClaimStore, what: string, options: ClaimLockOptions): Promise<ClaimLock> {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const now = options.now ?? Date.now;
  const settleMs = options.settleMs ?? 2000;
  const deadline = now() + (options.timeoutMs ?? 300_000);
  const id = `${now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
  const readClaim = async (): Promise<Claim | undefined> => {
    const text = await store.read();
    try {
      return text ? (JSON.parse(text) as Claim) : undefined;
    } catch {
      return undefined; // not a claim: treat as free
    }
  };
  for (;;) {
    const current = await readClaim();
    if (current && current.id !== id && now() - current.at < (options.staleMs ?? 600_000)) {
      if (now() >= deadline)
        throw new LockHeldError(
          `${what} is held by ${current.holder} (since ${new Date(current.at).toISOString()})`,
          current.holder,
          current.at,
        );
      await sleep(Math.min(1000, settleMs));
      continue;
    }
    await store.write(JSON.stringify({ holder: options.holder, id, at: now() } satisfies Claim));
    await sleep(settleMs);
    if ((await readClaim())?.id === id) {
      return {
        async release() {
          if ((await readClaim())?.id === id) await store.remove();
        },
      };
    }
  }
}
