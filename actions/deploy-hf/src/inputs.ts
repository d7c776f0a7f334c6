import { actionInputReader, maskEnvironmentSecrets, maskSecrets } from '@mlops-actions/action-kit';
import { clientOptionsFromEnvironment, type MlflowClientOptions } from '@mlops-actions/mlflow';
import { readDeployInputs, type DeployOptions } from '@mlops-actions/space';

export interface Inputs {
  deploy: DeployOptions;
  mlflow: MlflowClientOptions;
}

/** The action's inputs and MLFLOW_* variables as one checked object; nothing else reads them. */
export function getInputs(): Inputs {
  const env = process.env;
  maskEnvironmentSecrets(env);
  const reader = actionInputReader();
  maskSecrets(reader.optionalString('hf-token'));
  return {
    deploy: readDeployInputs(reader, (name) => `input '${name}'`, env.GITHUB_WORKSPACE ?? process.cwd()),
    mlflow: clientOptionsFromEnvironment(env),
  };
}
