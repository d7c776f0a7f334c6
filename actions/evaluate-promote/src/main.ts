import { actionsLogger, appendJobSummary, dispatchWorkflow, runAction, setOutputs } from '@mlops-actions/action-kit';
import { createMlflowHttp } from '@mlops-actions/mlflow';
import { evaluateAndPromote, evaluateOutputs, outcomeLine } from '@mlops-actions/promotion';
import { getInputs, type Inputs } from './inputs.js';

/** Evaluates the challenger against the champion, records it in MLflow and promotes it when the gate passes. */
export async function run(): Promise<void> {
  await runAction(async () => {
    const inputs = await getInputs();
    const logger = actionsLogger();
    for (const warning of inputs.warnings) logger.warning(warning);
    const result = await evaluateAndPromote(
      { ...inputs.options, holder: inputs.holder, tags: inputs.tags },
      { http: createMlflowHttp(inputs.mlflow), logger, dispatchDeploy: deployDispatcher(inputs) },
    );
    setOutputs(evaluateOutputs(result));
    await appendJobSummary(result.summary);
    logger.info(outcomeLine(result));
  });
}

function deployDispatcher(inputs: Inputs): ((modelName: string, version: number) => Promise<string>) | undefined {
  const deploy = inputs.deploy;
  if (!deploy) return undefined;
  return (modelName, version) =>
    dispatchWorkflow({
      token: deploy.token,
      repository: inputs.github.repository ?? '',
      workflow: deploy.workflow,
      ref: deploy.ref ?? inputs.github.ref ?? 'main',
      inputs: { 'model-name': modelName, version: String(version) },
      apiUrl: inputs.github.apiUrl,
    });
}
