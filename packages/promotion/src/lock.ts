import { randomUUID } from 'node:crypto';
import { LockHeldError, OperationalError, type Logger } from '@mlops-actions/common';
import {
  createRegisteredModel,
  deleteRegisteredModel,
  getRegisteredModel,
  MlflowApiError,
  renameRegisteredModel,
  searchRegisteredModels,
  setRegisteredModelTag,
  withDeadline,
  type MlflowHttp,
  type RegisteredModel,
} from '@mlops-actions/mlflow';

/** How long a claim lasts unless its live holder renews it: a holder that died blocks the next one this long at most. */
export const LEASE_MS = 30_000;
/**
 * How far apart runners' clocks, and a request's sending and its landing, may be. A claim is taken over only this long
 * after it expired, and its holder stops acting on it this long before.
 */
export const CLOCK_SKEW_MS = 5_000;
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
  /** The allowance for clocks and request latency (default CLOCK_SKEW_MS); the lease must be over twice as long. */
  clockSkewMs?: number;
  logger?: Logger;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

export interface PromotionLock {
  /**
   * Renews the claim and confirms this holder still has it; resolves with the time (ms since the epoch) until which
   * it surely does — what it changes under the lock must be done by then. Throws LockLostError when it was lost.
   */
  confirm(): Promise<number>;
  release(): Promise<void>;
}

/** The lock was lost before the work it guards was done: nothing may be changed on its strength. */
export class LockLostError extends OperationalError {
  override readonly name = 'LockLostError';

  constructor(message: string) {
    super(message, { service: 'MLflow', hint: 'nothing was promoted on its strength; run the evaluation again' });
  }
}

const isError = (error: unknown, code: string): boolean => error instanceof MlflowApiError && error.errorCode === code;
/** A create whose answer never came, or came as a 5xx: it may have happened. */
const outcomeUnknown = (error: unknown): boolean => error instanceof MlflowApiError && (error.status === 0 || error.status >= 500);
const when = (ms: number): string => (Number.isFinite(ms) && Math.abs(ms) < 8.64e15 ? new Date(ms).toISOString() : 'an unreadable time');

/**
 * The promotion lock of one registered model, built on what MLflow makes atomic, so it holds whatever MLflow's write
 * latency: the lock is a registered model of its own, and creating one whose name exists fails with
 * RESOURCE_ALREADY_EXISTS. Its tags carry the holder and a lease that the holder renews. A claim whose lease ran out
 * (its holder died) — or whose lease tag stood still for a whole lease, whatever it says — is taken over by renaming it
 * aside, to a name that carries the expired claim's own id, so of several takers one succeeds and none can move a newer
 * claim. The holder acts only within its lease, less CLOCK_SKEW_MS; it releases by deleting the claim, so the registry
 * holds nothing while no one promotes. What this assumes: runners' clocks, and a request's sending and its landing in
 * MLflow, differ by less than CLOCK_SKEW_MS.
 */
export async function acquirePromotionLock(http: MlflowHttp, modelName: string, options: LockOptions): Promise<PromotionLock> {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const now = options.now ?? Date.now;
  const leaseMs = options.leaseMs ?? LEASE_MS;
  const pollMs = options.pollMs ?? 1000;
  const skewMs = options.clockSkewMs ?? CLOCK_SKEW_MS;
  if (!(leaseMs > 2 * skewMs)) throw new Error(`a lease of ${leaseMs} ms leaves no time to act within a clock allowance of ${skewMs} ms`);
  const name = lockModelName(modelName);
  const attempt = randomUUID();
  const waitUntil = now() + (options.timeoutMs ?? 300_000);
  /** Each claim seen, by its lease tag, and since when that tag stood still. */
  const seen = new Map<string, number>();
  const stale = (claim: RegisteredModel): boolean => {
    const tag = claim.tags[TAGS.expires] ?? '';
    const key = `${claim.tags[TAGS.attempt] ?? ''} ${tag}`;
    if (!seen.has(key)) seen.set(key, now());
    const written = Number(tag);
    const expired = Number.isFinite(written) && now() > written + skewMs;
    return expired || now() - seen.get(key)! > leaseMs + skewMs;
  };
  let validUntil = 0;

  for (;;) {
    const sent = now();
    try {
      await createRegisteredModel(http, {
        name,
        description: `The promotion lock of ${modelName}: it exists while ${options.holder} promotes, and is deleted after.`,
        tags: { [TAGS.holder]: options.holder, [TAGS.attempt]: attempt, [TAGS.expires]: String(sent + leaseMs) },
      });
      validUntil = sent + leaseMs - skewMs;
      break;
    } catch (error) {
      if (!isError(error, 'RESOURCE_ALREADY_EXISTS') && !outcomeUnknown(error)) throw error;
    }
    const claim = await getRegisteredModel(http, name);
    if (claim === undefined) continue; // released meanwhile
    if (claim.tags[TAGS.attempt] === attempt) {
      // Our own create, whose answer was lost.
      validUntil = sent + leaseMs - skewMs;
      break;
    }
    const holder = claim.tags[TAGS.holder] ?? 'an unknown holder';
    if (stale(claim)) {
      const aside = `${name}.expired.${claim.tags[TAGS.attempt] ?? claim.lastUpdatedTimestamp ?? 'unknown'}`;
      try {
        await renameRegisteredModel(http, name, aside);
        options.logger?.warning(`the promotion lock of ${modelName} held by ${holder} ran out unrenewed (its holder died?): taken over`);
        continue;
      } catch (error) {
        // Another taker was first (the claim is gone, or moved aside already): look again after a pause.
        if (!isError(error, 'RESOURCE_DOES_NOT_EXIST') && !isError(error, 'RESOURCE_ALREADY_EXISTS')) throw error;
      }
    }
    if (now() >= waitUntil)
      throw new LockHeldError(
        `the promotion of ${modelName} is held by ${holder} (its claim runs until ${when(Number(claim.tags[TAGS.expires]))} unless renewed)`,
        holder,
        claim.creationTimestamp ?? now(),
      );
    await sleep(pollMs);
  }

  // Held. The lease is renewed while the work goes on; claims moved aside long ago are cleared away.
  await removeExpiredClaims(http, name, now() - EXPIRED_KEPT_MS).catch(() => undefined);
  const lost = (): LockLostError =>
    new LockLostError(`the promotion lock of ${modelName} was lost: its lease ran out and another run may hold it`);
  const ours = async (): Promise<boolean> =>
    (await getRegisteredModel(withDeadline(http, validUntil), name))?.tags[TAGS.attempt] === attempt;
  const renew = async (): Promise<void> => {
    if (now() >= validUntil || !(await ours())) throw lost();
    const sent = now();
    await setRegisteredModelTag(withDeadline(http, validUntil), name, TAGS.expires, String(sent + leaseMs));
    validUntil = Math.max(validUntil, sent + leaseMs - skewMs);
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
      return validUntil;
    },
    release: async () => {
      clearInterval(timer);
      await renewal;
      if (now() < validUntil && (await ours())) await deleteRegisteredModel(withDeadline(http, validUntil), name);
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

/**
 * Runs `work` holding the model's promotion lock, and releases it after, whatever happened; a release that fails is
 * said, not thrown (the claim expires by itself).
 */
export async function withPromotionLock<T>(
  http: MlflowHttp,
  modelName: string,
  options: LockOptions,
  logger: Logger,
  work: (lock: PromotionLock) => Promise<T>,
): Promise<T> {
  const lock = await acquirePromotionLock(http, modelName, options);
  try {
    return await work(lock);
  } finally {
    await lock
      .release()
      .catch((error: unknown) =>
        logger.warning(`the promotion lock of ${modelName} could not be released (it expires by itself): ${String(error)}`),
      );
  }
}
