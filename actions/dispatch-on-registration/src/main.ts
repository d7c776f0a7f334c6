import { markdownTable } from '@mlops-actions/common';
import { actionsLogger, appendJobSummary, runAction, setOutputs } from '@mlops-actions/action-kit';
import { dispatchOutputs, dispatchReadyVersions, githubDispatcher } from '@mlops-actions/dispatch';
import { createMlflowHttp } from '@mlops-actions/mlflow';
import { getInputs } from './inputs.js';

/** Dispatches the evaluation workflow for every model version that became ready since the last run. */
export async function run(): Promise<void> {
  await runAction(async () => {
    const inputs = getInputs();
    const logger = actionsLogger();
    const dispatcher = githubDispatcher({
      token: inputs.target.token,
      repository: inputs.github.repository,
      workflow: inputs.target.workflow,
      eventType: inputs.target.eventType,
      ref: inputs.github.ref,
      apiUrl: inputs.github.apiUrl,
    });
    const dispatched = await dispatchReadyVersions(
      createMlflowHttp({ ...inputs.mlflow, logger }),
      dispatcher,
      { ...inputs.poll, holder: inputs.holder },
      logger,
    );
    setOutputs(dispatchOutputs(dispatched));
    // Model names are whatever their registrants chose: the table escapes them.
    const rows = dispatched.map((entry) => [entry.modelName, String(entry.version), entry.target]);
    await appendJobSummary(
      dispatched.length
        ? `## Dispatched evaluations\n\n${markdownTable(['model', 'version', 'where'], rows)}\n`
        : '## Dispatched evaluations\n\nNo new model versions.\n',
    );
    if (dispatched.length === 0) logger.info('no new model versions to dispatch');
  });
}
