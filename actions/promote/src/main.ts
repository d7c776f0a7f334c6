import { actionsLogger, appendJobSummary, failStep, runAction, setOutputs } from '@mlops-actions/action-kit';
import { deployWorkflowDispatcher } from '@mlops-actions/dispatch';
import { createMlflowHttp } from '@mlops-actions/mlflow';
import {
  deployAfterMove,
  ledgerForSummary,
  promoteEvaluated,
  PROMOTE_OUTPUTS,
  renderApprovalSummary,
  renderLedgerSection,
} from '@mlops-actions/promotion/control';
import { getInputs } from './inputs.js';

/** The approval workflow's second job: promotes the pair the gate job evaluated, if the champion has not moved. */
export async function run(): Promise<void> {
  await runAction(async () => {
    const inputs = getInputs();
    const logger = actionsLogger();
    const http = createMlflowHttp(inputs.mlflow);
    const outcome = await promoteEvaluated(http, { ...inputs, lock: { holder: inputs.holder, logger } }, logger);
    setOutputs({
      [PROMOTE_OUTPUTS.promoted]: outcome.promoted,
      [PROMOTE_OUTPUTS.version]: outcome.challengerVersion,
      [PROMOTE_OUTPUTS.reason]: outcome.reason,
    });
    const alias = outcome.championAlias;
    const ledger = renderLedgerSection(inputs.modelName, alias, await ledgerForSummary(http, inputs.modelName, alias, logger));
    await deployAfterMove(
      outcome.promoted
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
  });
}
