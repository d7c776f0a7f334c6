import type { Logger } from '@mlops-actions/common';
import { formatPercent, type GateResult } from '@mlops-actions/gate';
import { getVersionByAlias, setAlias, updateModelVersionDescription, withDeadline, type MlflowHttp } from '@mlops-actions/mlflow';
import { enterMove, enterMovesMadeByHand, type LedgerKind } from './ledger.js';
import { withPromotionLock, type LockOptions } from './lock.js';

export interface PromotionRequest {
  modelName: string;
  championAlias: string;
  challengerVersion: number;
  /** Where the alias pointed when evaluation began (undefined: nowhere). */
  expectedChampion: number | undefined;
  description: string;
  lock: LockOptions;
  /** What the challenger did while the champion might move, for the refusal: default `was being evaluated`. */
  during?: string;
  /** What the ledger says of this move: promotion or approval, who, the workflow run, the evaluation run with the evidence, why. */
  ledger: {
    kind?: Extract<LedgerKind, 'promotion' | 'approval'>;
    actor?: string | undefined;
    runUrl?: string | undefined;
    evidenceRunId?: string | undefined;
    reason: string;
  };
}

export type PromotionOutcome = { promoted: true } | { promoted: false; reason: string };

/**
 * Compare-and-set of the champion alias: under the model's promotion lock, re-read the alias and move it to the
 * challenger only if it still points where it pointed when evaluation began. The alias is moved in one call,
 * never deleted and set again, so there is always a champion.
 */
export async function promoteIfStillChampion(http: MlflowHttp, request: PromotionRequest, logger: Logger): Promise<PromotionOutcome> {
  return withPromotionLock(http, request.modelName, request.lock, logger, async (lock) => {
    const current = (await getVersionByAlias(http, request.modelName, request.championAlias))?.version;
    if (current !== request.expectedChampion) {
      const was = request.expectedChampion === undefined ? 'nowhere' : `v${request.expectedChampion}`;
      const now = current === undefined ? 'nowhere' : `v${current}`;
      return {
        promoted: false,
        reason: `@${request.championAlias} moved from ${was} to ${now} while v${request.challengerVersion} ${request.during ?? 'was being evaluated'}: not promoted over a champion it was not compared with; evaluate again against ${now}`,
      };
    }
    const readAt = Date.now();
    // The claim is renewed and confirmed last, and the alias must move before it could run out: a holder whose lease
    // ran out changes nothing. Nothing else happens between reading the alias and moving it (the ledger comes after).
    const until = await lock.confirm();
    await setAlias(withDeadline(http, until), request.modelName, request.championAlias, request.challengerVersion);
    logger.info(`@${request.championAlias} of ${request.modelName}: v${request.expectedChampion ?? '-'} → v${request.challengerVersion}`);
    // The ledger, still under the lock: a move made by hand since its last entry first (as found when the alias was
    // read), then this one.
    await enterMovesMadeByHand(http, request.modelName, request.championAlias, current, request.lock.holder, readAt, logger);
    await enterMove(
      http,
      {
        modelName: request.modelName,
        alias: request.championAlias,
        kind: request.ledger.kind ?? 'promotion',
        from: request.expectedChampion,
        to: request.challengerVersion,
        at: Date.now(),
        actor: request.ledger.actor ?? request.lock.holder,
        runUrl: request.ledger.runUrl,
        evidenceRunId: request.ledger.evidenceRunId,
        reason: request.ledger.reason,
      },
      logger,
    );
    await updateModelVersionDescription(http, request.modelName, request.challengerVersion, request.description);
    return { promoted: true };
  });
}

/**
 * The version's description after a promotion. It opens as the reference pipeline's did (`Model accuracy: m ± e
 * (confidence: c)`, e the half-width of the accuracy's Wilson interval), so what showed it before still reads it; the
 * gate's interval follows with its own confidence (a clause's share of the reliability, not the reliability itself).
 */
export function promotedDescription(gate: GateResult, championVersion: number | undefined): string {
  const [lower, upper] = gate.wilson.n;
  const first = gate.clauses[0];
  const interval = first
    ? `: ${first.clause.split(/ [<>] /)[0]} in [${first.interval[0].toFixed(4)}, ${first.interval[1].toFixed(4)}] at ${formatPercent(first.confidence)} confidence`
    : '';
  return (
    `Model accuracy: ${gate.n.toFixed(4)} ± ${((upper - lower) / 2).toFixed(4)} (confidence: ${gate.wilson.confidence}) on ${gate.items} test items; ` +
    `passed '${gate.condition}'${interval}${championVersion === undefined ? ' (first model)' : `, against v${championVersion}`}.`
  );
}
