import { actionInputReader, maskEnvironmentSecrets } from '@mlops-actions/action-kit';
import { githubRunContext } from '@mlops-actions/common';
import { clientOptionsFromEnvironment, type MlflowClientOptions } from '@mlops-actions/mlflow';
import { DEPLOY_INPUT_SPECS, readDeployInputs, type DeployOptions } from '@mlops-actions/space';

export interface Inputs {
  deploy: DeployOptions;
  mlflow: MlflowClientOptions;
}

/** The action's inputs and MLFLOW_* variables as one checked object; nothing else reads them. */
export function getInputs(): Inputs {
  const env = process.env;
  maskEnvironmentSecrets(env);
  const reader = actionInputReader(DEPLOY_INPUT_SPECS);
  return {
    deploy: readDeployInputs(reader, reader.describe, { cwd: env.GITHUB_WORKSPACE ?? process.cwd(), github: githubRunContext(env) }),
    mlflow: clientOptionsFromEnvironment(env),
  };
}
