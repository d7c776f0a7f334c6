import { randomUUID } from 'node:crypto';
import { LockHeldError, type Logger } from '@mlops-actions/common';
import {
  createRegisteredModel,
  deleteRegisteredModel,
  getRegisteredModel,
  MlflowApiError,
  renameRegisteredModel,
  searchRegisteredModels,
  setRegisteredModelTag,
  type MlflowHttp,
  type RegisteredModel,
} from '@mlops-actions/mlflow';

/** How long a claim lasts unless its live holder renews it: a holder that died blocks the next one this long at most. */
export const LEASE_MS = 30_000;
/** Clocks of different runners may differ by this much: a claim is taken over only this long after it expired. */
const CLOCK_SKEW_MS = 5_000;
/** A claim moved aside on takeover is kept this long, so that a slower taker cannot move the claim that followed it. */
const EXPIRED_KEPT_MS = 10 * 60_000;

const TAGS = { holder: 'mlops.lock.holder', attempt: 'mlops.lock.attempt', expires: 'mlops.lock.expires' } as const;

/** The registered model that exists while someone promotes `modelName`, and only then. */
export const lockModelName = (modelName: string): string => `${modelName}.promotion-lock`;

export interface LockOptions {
  /** Who asks (shown to whoever waits, and in the registry while it holds). */
  holder: string;
  /** How long to wait for another holder before giving up (default 5 min); 0 gives up at once. */
  timeoutMs?: number;
  /** How long a claim lasts without renewal (default LEASE_MS); renewed every third of it. */
  leaseMs?: number;
  /** How often a waiting holder looks again (default 1 s). */
  pollMs?: number;
  logger?: Logger;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

export interface PromotionLock {
  /** Renews the claim and confirms this holder still has it; throws when it was lost (its lease ran out). */
  confirm(): Promise<void>;
  release(): Promise<void>;
}

/** The lock was lost before the work it guards was done: nothing may be changed on its strength. */
export class LockLostError extends Error {
  override readonly name = 'LockLostError';
}

const isError = (error: unknown, code: string): boolean => error instanceof MlflowApiError && error.errorCode === code;
/** A create whose answer never came, or came as a 5xx: it may have happened. */
const outcomeUnknown = (error: unknown): boolean => error instanceof MlflowApiError && (error.status === 0 || error.status >= 500);

/**
 * The promotion lock of one registered model, built on what MLflow makes atomic, so it holds whatever MLflow's
 * latency: the lock is a registered model of its own, and creating one whose name exists fails with
 * RESOURCE_ALREADY_EXISTS. Its tags carry the holder and a lease that the holder renews; a claim whose lease ran out
 * (its holder died) is taken over by renaming it aside — a rename to a name that carries the expired claim's own id,
 * so of several takers one succeeds, and none can move a newer claim. Released by deleting it: the registry holds
 * nothing while no one promotes.
 */
export async function acquirePromotionLock(http: MlflowHttp, modelName: string, options: LockOptions): Promise<PromotionLock> {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const now = options.now ?? Date.now;
  const leaseMs = options.leaseMs ?? LEASE_MS;
  const name = lockModelName(modelName);
  const attempt = randomUUID();
  const waitUntil = now() + (options.timeoutMs ?? 300_000);
  const claimTags = (): Record<string, string> => ({
    [TAGS.holder]: options.holder,
    [TAGS.attempt]: attempt,
    [TAGS.expires]: String(now() + leaseMs),
  });
  const expiresAt = (claim: RegisteredModel): number => {
    const written = Number(claim.tags[TAGS.expires]);
    return Number.isFinite(written) ? written : (claim.lastUpdatedTimestamp ?? 0) + leaseMs;
  };

  for (;;) {
    try {
      await createRegisteredModel(http, {
        name,
        description: `The promotion lock of ${modelName}: it exists while ${options.holder} promotes, and is deleted after.`,
        tags: claimTags(),
      });
      break;
    } catch (error) {
      if (!isError(error, 'RESOURCE_ALREADY_EXISTS') && !outcomeUnknown(error)) throw error;
    }
    const claim = await getRegisteredModel(http, name);
    if (claim === undefined) continue; // released meanwhile
    if (claim.tags[TAGS.attempt] === attempt) break; // our own create, whose answer was lost
    const holder = claim.tags[TAGS.holder] ?? 'an unknown holder';
    if (now() > expiresAt(claim) + CLOCK_SKEW_MS) {
      const aside = `${name}.expired.${claim.tags[TAGS.attempt] ?? claim.lastUpdatedTimestamp}`;
      await renameRegisteredModel(http, name, aside).then(
        () =>
          options.logger?.warning(`the promotion lock of ${modelName} held by ${holder} ran out unrenewed (its holder died?): taken over`),
        () => undefined, // another taker was first, or the claim is gone: look again
      );
      continue;
    }
    if (now() >= waitUntil)
      throw new LockHeldError(
        `the promotion of ${modelName} is held by ${holder} (its claim runs until ${new Date(expiresAt(claim)).toISOString()} unless renewed)`,
        holder,
        claim.creationTimestamp ?? now(),
      );
    await sleep(options.pollMs ?? 1000);
  }

  // Held. The lease is renewed while the work goes on; claims moved aside long ago are cleared away.
  await removeExpiredClaims(http, name, now() - EXPIRED_KEPT_MS).catch(() => undefined);
  const ours = async (): Promise<boolean> => (await getRegisteredModel(http, name))?.tags[TAGS.attempt] === attempt;
  const renew = async (): Promise<void> => {
    if (!(await ours())) throw new LockLostError(`the promotion lock of ${modelName} was lost: its lease ran out and another run took it`);
    await setRegisteredModelTag(http, name, TAGS.expires, String(now() + leaseMs));
  };
  let renewal: Promise<void> = Promise.resolve();
  const timer = setInterval(() => {
    renewal = renewal
      .then(renew)
      .catch((error: unknown) => options.logger?.warning(`renewing the promotion lock of ${modelName}: ${String(error)}`));
  }, leaseMs / 3);
  timer.unref();
  return {
    confirm: async () => {
      await renewal;
      await renew();
    },
    release: async () => {
      clearInterval(timer);
      await renewal;
      if (await ours()) await deleteRegisteredModel(http, name);
    },
  };
}

/** Deletes the claims takers moved aside before `before` (LIKE's `_` and `%` in the name are matched by `_`). */
async function removeExpiredClaims(http: MlflowHttp, name: string, before: number): Promise<void> {
  const prefix = `${name}.expired.`;
  const pattern = `${prefix.replace(/[%_']/g, '_')}%`;
  for (const claim of await searchRegisteredModels(http, { filter: `name LIKE '${pattern}'` }))
    if (claim.name.startsWith(prefix) && (claim.lastUpdatedTimestamp ?? 0) < before) await deleteRegisteredModel(http, claim.name);
}
