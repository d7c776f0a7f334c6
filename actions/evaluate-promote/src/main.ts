import { actionsLogger, appendJobSummary, runAction, setOutputs } from '@mlops-actions/action-kit';
import { deployWorkflowDispatcher } from '@mlops-actions/dispatch';
import { createMlflowHttp } from '@mlops-actions/mlflow';
import { evaluateAndPromote, evaluateOutputs, evaluateShard, evaluationNotice, outcomeLine, shardOutputs } from '@mlops-actions/promotion';
import { getInputs } from './inputs.js';

/** Evaluates the challenger against the champion, records it in MLflow and promotes it when the gate passes. */
export async function run(): Promise<void> {
  await runAction(async () => {
    const inputs = await getInputs();
    const logger = actionsLogger();
    for (const warning of inputs.warnings) logger.warning(warning);
    const options = { ...inputs.options, holder: inputs.holder, actor: inputs.actor, tags: inputs.tags };
    const deps = {
      http: createMlflowHttp({ ...inputs.mlflow, logger }),
      logger,
      dispatchDeploy: deployWorkflowDispatcher(inputs.deploy, {
        repository: inputs.github.repository,
        runRef: inputs.github.ref,
        apiUrl: inputs.github.apiUrl,
      }),
    };
    const { shard } = options;
    if (shard !== undefined && shard !== 'merge') {
      // One part of a matrix: its outcomes are recorded for the merge job, which decides.
      const part = await evaluateShard({ ...options, shard }, deps);
      setOutputs(shardOutputs(part));
      await appendJobSummary(part.summary);
      logger.info(part.reason);
      return;
    }
    const result = await evaluateAndPromote(options, deps);
    setOutputs(evaluateOutputs(result));
    await appendJobSummary(result.summary);
    logger.info(outcomeLine(result));
    const { modelName, championAlias, promote } = inputs.options;
    const notice = evaluationNotice({ ...result, modelName, championAlias, dryRun: !promote });
    if (notice) logger.notice(notice, result.promoted ? 'First model promoted' : 'Not promoted');
  });
}
