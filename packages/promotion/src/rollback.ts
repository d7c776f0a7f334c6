import { ConfigurationError, VERSION_TAGS, type Logger } from '@mlops-actions/common';
import { getModelVersion, getVersionByAlias, notFoundError, setAlias, withDeadline, type MlflowHttp } from '@mlops-actions/mlflow';
import { enterMove, enterMovesMadeByHand, readLedger, type LedgerEntry } from './ledger.js';
import { withPromotionLock, type LockOptions } from './lock.js';

export interface RollbackRequest {
  modelName: string;
  /** The champion alias (production). */
  alias: string;
  /** The version to go back to; default the champion before the current one that passed its gate. */
  to?: number | undefined;
  /** Why, in a person's words: recorded in the ledger. */
  reason: string;
  /** Go back to a version that never passed a gate. */
  force?: boolean;
  lock: LockOptions;
  /** The workflow run that rolls back, when on GitHub. */
  runUrl?: string | undefined;
  /** Who rolls back (the ledger's "who"); default the lock holder. */
  actor?: string | undefined;
}

export interface RollbackOutcome {
  from: number;
  to: number;
  /** The target never passed a gate and was taken because of `force`. */
  forced: boolean;
  /** An earlier attempt of the same workflow run made this rollback: nothing moved again. */
  repeated: boolean;
}

/**
 * The alias's champions in order as the ledger tells them, the current one last: a promotion, a move by hand or the
 * ledger's start puts a version on top; a rollback goes back down to its target, dropping the versions it left.
 */
function championHistory(entries: readonly LedgerEntry[]): number[] {
  const history: number[] = [];
  for (const entry of entries) {
    if (entry.to === undefined) continue;
    if (entry.kind === 'rollback') {
      const at = history.lastIndexOf(entry.to);
      if (at >= 0) history.splice(at + 1);
      else history.push(entry.to);
    } else history.push(entry.to);
  }
  return history;
}

/**
 * Whether a version passed a promotion gate: the ledger has it promoted through one (a promotion or an approval), or
 * its own tag says its last gate passed (a later evaluation of the same version overwrites that tag, so the ledger
 * comes first).
 */
async function passedItsGate(http: MlflowHttp, modelName: string, version: number, entries: readonly LedgerEntry[]): Promise<boolean> {
  if (entries.some((entry) => entry.to === version && (entry.kind === 'promotion' || entry.kind === 'approval'))) return true;
  return (await getModelVersion(http, modelName, version))?.tags[VERSION_TAGS.passed] === 'true';
}

/**
 * Moves the champion alias back — to the named version, or to the champion before the current one that passed its
 * gate — under the same lock and compare-and-set as a promotion, and enters the move in the ledger with its reason. A
 * target that never passed a gate is refused unless forced, and then the ledger says so.
 */
export async function rollbackChampion(http: MlflowHttp, request: RollbackRequest, logger: Logger): Promise<RollbackOutcome> {
  const reason = request.reason.trim();
  if (reason === '')
    throw new ConfigurationError('a rollback needs a reason (--reason, input reason): it is recorded in the ledger', { subject: 'reason' });
  return withPromotionLock(http, request.modelName, request.lock, logger, async (lock) => {
    const current = (await getVersionByAlias(http, request.modelName, request.alias))?.version;
    if (current === undefined)
      throw await notFoundError(http, {
        modelName: request.modelName,
        alias: request.alias,
        subject: 'model-name',
        message: (suggestion) => `${request.modelName} has no @${request.alias}${suggestion}: there is nothing to roll back`,
      });
    const readAt = Date.now();
    const entries = await readLedger(http, request.modelName, request.alias);
    // A re-run of the workflow run that rolled back (its deploy dispatch failed, say) must not roll back once more.
    const last = entries.at(-1);
    if (request.runUrl && last?.kind === 'rollback' && last.runUrl === request.runUrl && last.to === current && last.from !== undefined) {
      logger.info(
        `@${request.alias} of ${request.modelName} was rolled back by this run already (v${last.from} → v${current}): nothing moves again`,
      );
      return { from: last.from, to: current, forced: last.reason.endsWith('never passed a gate)'), repeated: true };
    }
    let target = request.to;
    if (target === undefined) {
      // The champions before the current one, newest first (a current one the ledger does not know was moved by hand).
      const history = championHistory(entries);
      const earlier = (history.at(-1) === current ? history.slice(0, -1) : history).reverse();
      for (const version of earlier)
        if (version !== current && (await passedItsGate(http, request.modelName, version, entries))) {
          target = version;
          break;
        }
      if (target === undefined)
        throw new ConfigurationError(
          `@${request.alias} of ${request.modelName} has no earlier champion that passed its gate in its ledger: name the version to go back to`,
          { subject: 'to' },
        );
    }
    if (target === current)
      throw new ConfigurationError(`@${request.alias} of ${request.modelName} already is v${target}`, { subject: 'to' });
    const version = await getModelVersion(http, request.modelName, target);
    if (!version) throw new ConfigurationError(`${request.modelName} has no version ${target}`, { subject: 'to' });
    if (version.status !== 'READY')
      throw new ConfigurationError(`${request.modelName} v${target} is ${version.status}, not READY`, { subject: 'to' });
    const passed = await passedItsGate(http, request.modelName, target, entries);
    if (!passed && !request.force)
      throw new ConfigurationError(
        `${request.modelName} v${target} never passed a promotion gate: roll back to it anyway with force (the ledger records that it was forced), or name a version that passed`,
        { subject: 'to' },
      );
    const until = await lock.confirm();
    await setAlias(withDeadline(http, until), request.modelName, request.alias, target);
    logger.info(`@${request.alias} of ${request.modelName}: v${current} → v${target} (rollback)`);
    // The ledger, still under the lock: a move made by hand since its last entry first, then this one.
    await enterMovesMadeByHand(http, request.modelName, request.alias, current, request.lock.holder, readAt, logger);
    await enterMove(
      http,
      {
        modelName: request.modelName,
        alias: request.alias,
        kind: 'rollback',
        from: current,
        to: target,
        at: Date.now(),
        actor: request.actor ?? request.lock.holder,
        runUrl: request.runUrl,
        reason: passed ? reason : `${reason} (forced: v${target} never passed a gate)`,
      },
      logger,
    );
    return { from: current, to: target, forced: !passed, repeated: false };
  });
}
