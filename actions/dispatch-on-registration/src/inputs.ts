import { githubRunContext } from '@mlops-actions/common';
import { actionInputReader, maskEnvironmentSecrets } from '@mlops-actions/action-kit';
import { DISPATCH_INPUT_SPECS, readDispatchInputs, type DispatchInputs } from '@mlops-actions/dispatch';
import { clientOptionsFromEnvironment, type MlflowClientOptions } from '@mlops-actions/mlflow';

export interface Inputs extends DispatchInputs {
  mlflow: MlflowClientOptions;
  holder: string;
  github: { repository: string; ref: string; apiUrl: string | undefined };
}

/** The action's inputs and MLFLOW_* / GITHUB_* variables as one checked object; nothing else reads them. */
export function getInputs(): Inputs {
  const env = process.env;
  maskEnvironmentSecrets(env);
  const reader = actionInputReader(DISPATCH_INPUT_SPECS);
  const dispatch = readDispatchInputs(reader, reader.describe);
  const run = githubRunContext(env);
  return {
    ...dispatch,
    mlflow: clientOptionsFromEnvironment(env),
    holder: run.holder,
    github: {
      repository: run.repository ?? '',
      ref: dispatch.target.ref ?? run.refName ?? 'main',
      apiUrl: run.apiUrl,
    },
  };
}
