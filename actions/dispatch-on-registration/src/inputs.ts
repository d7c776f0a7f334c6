import { secretValues } from '@mlops-actions/common';
import { hostname } from 'node:os';
import { actionInputReader, maskSecrets } from '@mlops-actions/action-kit';
import { readDispatchInputs, type DispatchInputs } from '@mlops-actions/dispatch';
import { clientOptionsFromEnvironment, type MlflowClientOptions } from '@mlops-actions/mlflow';

export interface Inputs extends DispatchInputs {
  mlflow: MlflowClientOptions;
  holder: string;
  github: { repository: string; ref: string; apiUrl: string | undefined };
}

/** The action's inputs and MLFLOW_* / GITHUB_* variables as one checked object; nothing else reads them. */
export function getInputs(): Inputs {
  const env = process.env;
  // Every secret the job's environment holds, passwords inside URLs included, is masked in the log.
  maskSecrets(...secretValues(env));
  const reader = actionInputReader();
  maskSecrets(reader.optionalString('github-token'));
  const dispatch = readDispatchInputs(reader, (name) => `input '${name}'`);
  const runUrl =
    env.GITHUB_REPOSITORY && env.GITHUB_RUN_ID
      ? `${env.GITHUB_SERVER_URL ?? 'https://github.com'}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}`
      : undefined;
  return {
    ...dispatch,
    mlflow: clientOptionsFromEnvironment(env),
    holder: runUrl ?? `${hostname()} pid ${process.pid}`,
    github: {
      repository: env.GITHUB_REPOSITORY ?? '',
      ref: dispatch.target.ref ?? env.GITHUB_REF_NAME ?? 'main',
      apiUrl: env.GITHUB_API_URL,
    },
  };
}
