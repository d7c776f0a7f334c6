import { tmpdir } from 'node:os';
import { actionInputReader, maskEnvironmentSecrets } from '@mlops-actions/action-kit';
import { clientOptionsFromEnvironment, type MlflowClientOptions } from '@mlops-actions/mlflow';
import { readTrainInputs, TRAIN_INPUT_SPECS, trainOptionsFromInputs, type TrainOptions } from '@mlops-actions/training';

export interface Inputs {
  train: TrainOptions;
  mlflow: MlflowClientOptions;
}

/** The action's inputs and MLFLOW_* variables as one checked object; nothing else reads them. */
export function getInputs(): Inputs {
  const env = process.env;
  maskEnvironmentSecrets(env);
  const mlflow = clientOptionsFromEnvironment(env);
  const train = trainOptionsFromInputs(readTrainInputs(actionInputReader(TRAIN_INPUT_SPECS)), {
    env,
    cwd: env.GITHUB_WORKSPACE ?? process.cwd(),
    tempDir: env.RUNNER_TEMP ?? tmpdir(),
    trackingUri: mlflow.trackingUri,
  });
  return { train, mlflow };
}
