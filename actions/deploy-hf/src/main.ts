import { escapeMarkdown, markdownCode } from '@mlops-actions/common';
import { actionsLogger, appendJobSummary, runAction, setOutputs } from '@mlops-actions/action-kit';
import { loadDataset } from '@mlops-actions/evaluation/datasets';
import { createMlflowHttp } from '@mlops-actions/mlflow';
import { DEPLOY_INPUTS, deployModel, deployOutputs } from '@mlops-actions/space';
import { getInputs } from './inputs.js';

/** Deploys the production model version as a static Space that runs it in the browser. */
export async function run(): Promise<void> {
  await runAction(async () => {
    const inputs = getInputs();
    const logger = actionsLogger();
    const result = await deployModel(inputs.deploy, {
      http: createMlflowHttp({ ...inputs.mlflow, logger }),
      logger,
      loadExamples: (spec) =>
        loadDataset(spec, {
          cacheDir: inputs.deploy.cacheDir,
          logger,
          input: DEPLOY_INPUTS.examplesDataset,
          labelColumn: inputs.deploy.examplesLabelColumn,
        }),
    });
    setOutputs(deployOutputs(result));
    const files = result.changedFiles.length ? result.changedFiles.map(markdownCode).join(', ') : 'none';
    await appendJobSummary(
      `## Deploy: ${escapeMarkdown(inputs.deploy.modelName)} v${result.version}\n\n${result.dryRun ? 'Dry run, nothing published' : `[${escapeMarkdown(result.spaceUrl)}](${result.spaceUrl})`}` +
        `${result.commitSha ? ` · commit ${markdownCode(result.commitSha)}` : ''}\n\nChanged files: ${files}\n`,
    );
  });
}
