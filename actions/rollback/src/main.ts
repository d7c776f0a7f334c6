import { actionsLogger, appendJobSummary, runAction, setOutputs } from '@mlops-actions/action-kit';
import { deployWorkflowDispatcher } from '@mlops-actions/dispatch';
import { createMlflowHttp } from '@mlops-actions/mlflow';
import {
  deployAfterMove,
  ledgerForSummary,
  renderLedgerSection,
  renderRollbackSummary,
  rollbackChampion,
  rollbackNotice,
  ROLLBACK_OUTPUTS,
} from '@mlops-actions/promotion/control';
import { getInputs } from './inputs.js';

/** Moves the champion alias back, enters it in the ledger and dispatches the deploy workflow. */
export async function run(): Promise<void> {
  await runAction(async () => {
    const inputs = getInputs();
    const logger = actionsLogger();
    const http = createMlflowHttp({ ...inputs.mlflow, logger });
    const outcome = await rollbackChampion(http, { ...inputs, lock: { holder: inputs.holder, logger } }, logger);
    setOutputs({ [ROLLBACK_OUTPUTS.from]: outcome.from, [ROLLBACK_OUTPUTS.to]: outcome.to, [ROLLBACK_OUTPUTS.forced]: outcome.forced });
    logger.notice(rollbackNotice({ ...inputs, ...outcome }), 'Rolled back');
    const ledger = renderLedgerSection(
      inputs.modelName,
      inputs.alias,
      await ledgerForSummary(http, inputs.modelName, inputs.alias, logger),
    );
    await deployAfterMove(
      deployWorkflowDispatcher(inputs.deploy, {
        repository: inputs.github.repository,
        runRef: inputs.github.ref,
        apiUrl: inputs.github.apiUrl,
      }),
      inputs.modelName,
      outcome.to,
      (deploy) =>
        appendJobSummary(
          renderRollbackSummary({ modelName: inputs.modelName, alias: inputs.alias, ...outcome, reason: inputs.reason, deploy, ledger }),
        ),
      logger,
    );
  });
}
