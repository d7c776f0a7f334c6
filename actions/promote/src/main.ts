import { actionsLogger, appendJobSummary, failStep, runAction, setOutputs } from '@mlops-actions/action-kit';
import { ConfigurationError } from '@mlops-actions/common';
import { deployWorkflowDispatcher, runReviews, type RunReview } from '@mlops-actions/dispatch';
import { createMlflowHttp } from '@mlops-actions/mlflow';
import {
  deployAfterMove,
  evaluationNotice,
  ledgerForSummary,
  promoteEvaluated,
  PROMOTE_OUTPUTS,
  renderApprovalSummary,
  renderLedgerSection,
} from '@mlops-actions/promotion/control';
import { getInputs, type Inputs } from './inputs.js';

/**
 * Who approved this run's deployment to the job's environment, from GitHub's review history, for the ledger. Nobody
 * (an environment without required reviewers promotes at once) or no way to tell: nothing is promoted.
 */
async function approvals(inputs: Inputs): Promise<RunReview[]> {
  const where = `environment '${inputs.environment}'`;
  if (!inputs.githubToken || !inputs.runId || !inputs.github.repository)
    throw new ConfigurationError(
      `who approved this run cannot be read without github-token and a workflow run (GITHUB_RUN_ID, GITHUB_REPOSITORY): nothing is promoted without an approval of ${where}`,
      { subject: 'github-token' },
    );
  const reviews = await runReviews(inputs.githubToken, inputs.github.repository, inputs.runId, inputs.github.apiUrl);
  const approved = reviews.filter((review) => review.state === 'approved' && review.environments.includes(inputs.environment));
  if (approved.length === 0)
    throw new ConfigurationError(
      `no reviewer of ${where} approved this run: bind the promote job to it (environment: ${inputs.environment}) and give it required reviewers (README: "Approval: a person in the loop") — an environment without them lets the job run unapproved`,
      { subject: 'environment' },
    );
  return approved;
}

/** The approval workflow's second job: promotes the pair the gate job evaluated, if the champion has not moved. */
export async function run(): Promise<void> {
  await runAction(async () => {
    const inputs = getInputs();
    const logger = actionsLogger();
    const http = createMlflowHttp({ ...inputs.mlflow, logger });
    const outcome = await promoteEvaluated(
      http,
      { ...inputs, approvals: () => approvals(inputs), lock: { holder: inputs.holder, logger } },
      logger,
    );
    setOutputs({
      [PROMOTE_OUTPUTS.promoted]: outcome.promoted,
      [PROMOTE_OUTPUTS.version]: outcome.challengerVersion,
      [PROMOTE_OUTPUTS.reason]: outcome.reason,
    });
    const alias = outcome.championAlias;
    const ledger = renderLedgerSection(inputs.modelName, alias, await ledgerForSummary(http, inputs.modelName, alias, logger));
    await deployAfterMove(
      // A re-run of an approved job (the alias already moved) dispatches the deploy again: it mends a failed one.
      outcome.promoted || outcome.alreadyChampion
        ? deployWorkflowDispatcher(inputs.deploy, {
            repository: inputs.github.repository,
            runRef: inputs.github.ref,
            apiUrl: inputs.github.apiUrl,
          })
        : undefined,
      inputs.modelName,
      outcome.challengerVersion,
      (deploy) =>
        appendJobSummary(
          renderApprovalSummary({
            modelName: inputs.modelName,
            alias,
            ...outcome,
            evaluationRunId: inputs.evaluationRunId,
            deploy,
            ledger,
          }),
        ),
      logger,
    );
    // An approved promotion that could not be made (the champion moved) fails the job: the approval did not take effect.
    if (!outcome.promoted && !outcome.alreadyChampion) failStep(`not promoted: ${outcome.reason}`, 1);
    else logger.info(outcome.promoted ? `promoted v${outcome.challengerVersion}: ${outcome.reason}` : outcome.reason);
    const notice = outcome.promoted && evaluationNotice({ ...outcome, modelName: inputs.modelName, passed: true, dryRun: false });
    if (notice) logger.notice(notice, 'First model promoted');
  });
}
