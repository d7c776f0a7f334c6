import { actionsLogger, appendJobSummary, runAction, setOutputs } from '@mlops-actions/action-kit';
import { deployWorkflowDispatcher } from '@mlops-actions/dispatch';
import { createMlflowHttp } from '@mlops-actions/mlflow';
import { evaluateAndPromote, evaluateOutputs, evaluationNotice, outcomeLine } from '@mlops-actions/promotion';
import { getInputs } from './inputs.js';

/** Evaluates the challenger against the champion, records it in MLflow and promotes it when the gate passes. */
export async function run(): Promise<void> {
  await runAction(async () => {
    const inputs = await getInputs();
    const logger = actionsLogger();
    for (const warning of inputs.warnings) logger.warning(warning);
    const result = await evaluateAndPromote(
      { ...inputs.options, holder: inputs.holder, actor: inputs.actor, tags: inputs.tags },
      {
        http: createMlflowHttp({ ...inputs.mlflow, logger }),
        logger,
        dispatchDeploy: deployWorkflowDispatcher(inputs.deploy, {
          repository: inputs.github.repository,
          runRef: inputs.github.ref,
          apiUrl: inputs.github.apiUrl,
        }),
      },
    );
    setOutputs(evaluateOutputs(result));
    await appendJobSummary(result.summary);
    logger.info(outcomeLine(result));
    const { modelName, championAlias, promote } = inputs.options;
    const notice = evaluationNotice({ ...result, modelName, championAlias, dryRun: !promote });
    if (notice) logger.notice(notice, result.promoted ? 'First model promoted' : 'Not promoted');
  });
}
