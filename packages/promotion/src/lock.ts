import { deleteRegisteredModelTag, getRegisteredModel, setRegisteredModelTag, type MlflowHttp } from '@mlops-actions/mlflow';

/** The registered-model tag that holds the promotion lock. */
export const LOCK_TAG = 'mlops.promotion_lock';

export interface LockOptions {
  /** Who asks (shown to whoever waits): a workflow run URL, a host and pid. */
  holder: string;
  /** How long a written claim must survive before it counts (default 2 s): longer than any one tag write takes. */
  settleMs?: number;
  /** How long to wait for another holder before giving up (default 5 min). */
  timeoutMs?: number;
  /** A claim older than this is from a crashed holder and is taken over (default 10 min). */
  staleMs?: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

export interface PromotionLock {
  release(): Promise<void>;
}

interface Claim {
  holder: string;
  id: string;
  at: number;
}

/**
 * A mutual-exclusion lock over one registered model, for registries that offer no compare-and-set (MLflow's
 * aliases are last-writer-wins). Fischer's algorithm on a tag: wait until no live claim is there, write ours,
 * wait `settleMs`, and hold the lock only if ours is still the claim. Safe as long as a tag write takes less
 * than `settleMs`.
 */
export async function acquirePromotionLock(http: MlflowHttp, modelName: string, options: LockOptions): Promise<PromotionLock> {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const now = options.now ?? Date.now;
  const settleMs = options.settleMs ?? 2000;
  const deadline = now() + (options.timeoutMs ?? 300_000);
  const id = `${now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
  const readClaim = async (): Promise<Claim | undefined> => {
    const text = (await getRegisteredModel(http, modelName))?.tags[LOCK_TAG];
    try {
      return text ? (JSON.parse(text) as Claim) : undefined;
    } catch {
      return undefined; // not ours to interpret: treat as free
    }
  };
  for (;;) {
    const current = await readClaim();
    if (current && current.id !== id && now() - current.at < (options.staleMs ?? 600_000)) {
      if (now() >= deadline)
        throw new Error(
          `${modelName} is being promoted by ${current.holder} (since ${new Date(current.at).toISOString()}); gave up waiting`,
        );
      await sleep(Math.min(1000, settleMs));
      continue;
    }
    await setRegisteredModelTag(http, modelName, LOCK_TAG, JSON.stringify({ holder: options.holder, id, at: now() } satisfies Claim));
    await sleep(settleMs);
    if ((await readClaim())?.id === id) {
      return {
        async release() {
          if ((await readClaim())?.id === id) await deleteRegisteredModelTag(http, modelName, LOCK_TAG);
        },
      };
    }
  }
}
