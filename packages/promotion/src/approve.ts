import { ConfigurationError, errorMessage, type Logger } from '@mlops-actions/common';
import type { GateResult } from '@mlops-actions/gate';
import { getRun, getVersionByAlias, MlflowApiError, setRunTag, type MlflowHttp, type Run } from '@mlops-actions/mlflow';
import { readLedger } from './ledger.js';
import { type LockOptions } from './lock.js';
import { promotedDescription, promoteIfStillChampion } from './promote.js';
import { EVALUATION_TAGS, readRecordedGate } from './record.js';

export interface ApprovedPromotionRequest {
  modelName: string;
  /** The evaluation run of the gate job (evaluate-promote's `evaluation-run-id` with `promote: false`). */
  evaluationRunId: string;
  lock: LockOptions;
  /** Who approved, as far as the run knows (the ledger's "who"). */
  actor?: string | undefined;
  /** The workflow run that promotes; its page shows the environment's review. */
  runUrl?: string | undefined;
  /**
   * Who approved, asked once the evaluation is known to be approvable (GitHub's review history of the run): the
   * ledger's "who", their comments its "why". It throws when nobody approved; without it (a person running
   * `mlops promote`), the actor is who approved.
   */
  approvals?: (() => Promise<readonly { login: string; comment: string }[]>) | undefined;
}

export interface ApprovedPromotionOutcome {
  promoted: boolean;
  /** The challenger already was the champion (a re-run of the approved job): nothing to do. */
  alreadyChampion: boolean;
  reason: string;
  challengerVersion: number;
  /** The champion it was evaluated against (undefined: it was a first model). */
  championVersion: number | undefined;
  championAlias: string;
  gate: GateResult;
}

const version = (text: string | undefined): number | undefined =>
  text !== undefined && /^[1-9]\d*$/.test(text) ? Number(text) : undefined;

async function evaluationRun(http: MlflowHttp, runId: string): Promise<Run> {
  if (!/^[0-9a-f]{32}$/i.test(runId))
    throw new ConfigurationError(
      `'${runId}' is no MLflow run id: give the gate job's evaluation-run-id output (32 hexadecimal characters)`,
      { subject: 'evaluation-run' },
    );
  try {
    return await getRun(http, runId);
  } catch (error) {
    if (error instanceof MlflowApiError && error.errorCode === 'RESOURCE_DOES_NOT_EXIST')
      throw new ConfigurationError(`MLflow has no run ${runId}: give the gate job's evaluation-run-id output`, {
        subject: 'evaluation-run',
        cause: error,
      });
    throw error;
  }
}

/**
 * The approval workflow's second job: promotes exactly the pair the gate job evaluated — its challenger over the
 * champion it was compared with — after a person approved it. Refuses an evaluation of another model, one that did not
 * finish or whose gate did not pass; promotes nothing when the champion moved since the evaluation (the same lock and
 * compare-and-set as every promotion); enters the move in the ledger as an approval with the evaluation as evidence.
 */
export async function promoteEvaluated(
  http: MlflowHttp,
  request: ApprovedPromotionRequest,
  logger: Logger,
): Promise<ApprovedPromotionOutcome> {
  const run = await evaluationRun(http, request.evaluationRunId);
  const what = `run ${run.id}`;
  if (run.tags[EVALUATION_TAGS.model] !== request.modelName || run.params.model_name !== request.modelName)
    throw new ConfigurationError(`${what} is no evaluation of ${request.modelName}: give the gate job's evaluation-run-id output`, {
      subject: 'evaluation-run',
    });
  if (run.status !== 'FINISHED' || run.tags[EVALUATION_TAGS.decision] === undefined)
    throw new ConfigurationError(`the evaluation ${what} did not finish (${run.status}): there is no decision to approve`, {
      subject: 'evaluation-run',
    });
  const challengerVersion = version(run.params.challenger_version);
  const championVersion = version(run.params.champion_version);
  const championAlias = run.params.champion_alias;
  if (challengerVersion === undefined || (championVersion === undefined && run.params.champion_version !== 'none') || !championAlias)
    throw new ConfigurationError(`the evaluation ${what} does not say which versions it compared: it was not written by evaluate-promote`, {
      subject: 'evaluation-run',
    });
  const { gate } = await readRecordedGate(http, run.id);
  const pair = `v${challengerVersion} ${championVersion === undefined ? 'as a first model' : `against v${championVersion}`}`;
  const base = { challengerVersion, championVersion, championAlias, gate };
  if (!gate.passed)
    throw new ConfigurationError(`the gate did not pass for ${request.modelName} ${pair} (${gate.reason}): there is nothing to approve`, {
      subject: 'evaluation-run',
    });
  const current = (await getVersionByAlias(http, request.modelName, championAlias))?.version;
  if (current === challengerVersion) {
    const reason = `v${challengerVersion} already is @${championAlias}: nothing to do`;
    logger.info(reason);
    return { ...base, promoted: false, alreadyChampion: true, reason };
  }
  // An evaluation promotes once: re-running its approved job after a rollback (or approving it late) must not put back
  // a version that was rolled back.
  const promotedBefore =
    run.tags[EVALUATION_TAGS.promoted] === 'true' ||
    (await readLedger(http, request.modelName, championAlias)).some(
      (entry) => entry.evidenceRunId === run.id && (entry.kind === 'promotion' || entry.kind === 'approval'),
    );
  if (promotedBefore)
    throw new ConfigurationError(
      `the evaluation ${what} already promoted v${challengerVersion}, and @${championAlias} has moved since (now ${current === undefined ? 'nowhere' : `v${current}`}): an evaluation promotes once — evaluate v${challengerVersion} again`,
      { subject: 'evaluation-run' },
    );
  const approvers = (await request.approvals?.()) ?? [];
  logger.info(`promoting the approved evaluation ${what}: ${request.modelName} ${pair}`);
  const by = approvers.map((review) => `@${review.login}${review.comment.trim() ? ` ("${review.comment.trim()}")` : ''}`).join(', ');
  const reason = `${by ? `approved by ${by}` : 'approved'}: ${gate.reason}`;
  const outcome = await promoteIfStillChampion(
    http,
    {
      modelName: request.modelName,
      championAlias,
      challengerVersion,
      expectedChampion: championVersion,
      description: promotedDescription(gate, championVersion),
      lock: request.lock,
      during: 'waited for approval',
      ledger: {
        kind: 'approval',
        actor: approvers.length > 0 ? approvers.map((review) => `@${review.login}`).join(', ') : request.actor,
        runUrl: request.runUrl,
        evidenceRunId: run.id,
        reason,
      },
    },
    logger,
  );
  if (!outcome.promoted) return { ...base, promoted: false, alreadyChampion: false, reason: outcome.reason };
  // The move stands whatever happens to this tag (the ledger entry names the evaluation too).
  await setRunTag(http, run.id, EVALUATION_TAGS.promoted, 'true').catch((error: unknown) =>
    logger.warning(`v${challengerVersion} was promoted, but the evaluation run could not be tagged as promoted: ${errorMessage(error)}`),
  );
  return { ...base, promoted: true, alreadyChampion: false, reason };
}
