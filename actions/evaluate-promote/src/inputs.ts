import { secretValues } from '@mlops-actions/common';
import { hostname } from 'node:os';
import { actionInputReader, maskSecrets } from '@mlops-actions/action-kit';
import { clientOptionsFromEnvironment, type MlflowClientOptions } from '@mlops-actions/mlflow';
import { readEvaluateInputs, type EvaluateInputs } from '@mlops-actions/promotion';

export interface Inputs extends EvaluateInputs {
  mlflow: MlflowClientOptions;
  /** Who evaluates: the workflow run, for the promotion lock and the evaluation run's tags. */
  holder: string;
  tags: Record<string, string>;
  github: { repository: string | undefined; ref: string | undefined; apiUrl: string | undefined };
}

/** The action's inputs and MLFLOW_* / GITHUB_* variables as one checked object; nothing else reads them. */
export async function getInputs(): Promise<Inputs> {
  const env = process.env;
  // Every secret the job's environment holds, passwords inside URLs included, is masked in the log.
  maskSecrets(...secretValues(env));
  const reader = actionInputReader();
  maskSecrets(reader.optionalString('github-token'));
  const mlflow = clientOptionsFromEnvironment(env);
  const evaluate = await readEvaluateInputs(reader, (name) => `input '${name}'`, env.GITHUB_WORKSPACE ?? process.cwd());
  const runUrl =
    env.GITHUB_REPOSITORY && env.GITHUB_RUN_ID
      ? `${env.GITHUB_SERVER_URL ?? 'https://github.com'}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}`
      : undefined;
  const tags: Record<string, string> = {};
  if (runUrl) tags['mlops.github.run_url'] = runUrl;
  if (env.GITHUB_SHA) tags['mlops.git.commit'] = env.GITHUB_SHA;
  return {
    ...evaluate,
    mlflow,
    holder: runUrl ?? `${hostname()} pid ${process.pid}`,
    tags,
    github: { repository: env.GITHUB_REPOSITORY, ref: env.GITHUB_REF_NAME, apiUrl: env.GITHUB_API_URL },
  };
}
