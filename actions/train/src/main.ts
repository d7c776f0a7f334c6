import {
  actionsFileCache,
  actionsLogger,
  appendJobSummary,
  cancellationSignal,
  failStep,
  runAction,
  setOutputs,
} from '@mlops-actions/action-kit';
import { createMlflowHttp } from '@mlops-actions/mlflow';
import { train, trainOutputs } from '@mlops-actions/training';
import { getInputs } from './inputs.js';

/** Trains as a tracked MLflow run and registers the model; the step fails with the command's own exit status. */
export async function run(): Promise<void> {
  await runAction(async () => {
    const inputs = getInputs();
    const result = await train(inputs.train, {
      http: createMlflowHttp({ ...inputs.mlflow, logger: actionsLogger() }),
      logger: actionsLogger(),
      output: process.stdout,
      signal: cancellationSignal(),
      fileCache: actionsFileCache(),
    });
    setOutputs(trainOutputs(result));
    await appendJobSummary(result.summary);
    if (result.exitCode !== 0)
      failStep(`the training command ${result.outcome} (exit status ${result.exitCode}); nothing was registered`, result.exitCode);
  });
}
