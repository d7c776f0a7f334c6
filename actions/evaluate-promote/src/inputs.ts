import { githubRunContext } from '@mlops-actions/common';
import { actionInputReader, maskEnvironmentSecrets } from '@mlops-actions/action-kit';
import { clientOptionsFromEnvironment, type MlflowClientOptions } from '@mlops-actions/mlflow';
import { EVALUATE_INPUT_SPECS, readEvaluateInputs, type EvaluateInputs } from '@mlops-actions/promotion';

export interface Inputs extends EvaluateInputs {
  mlflow: MlflowClientOptions;
  /** Who evaluates: the workflow run, for the promotion lock and the evaluation run's tags. */
  holder: string;
  /** Who started the run (GITHUB_ACTOR): the ledger's "who" of a promotion. */
  actor: string;
  tags: Record<string, string>;
  github: { repository: string | undefined; ref: string | undefined; apiUrl: string | undefined };
}

/** The action's inputs and MLFLOW_* / GITHUB_* variables as one checked object; nothing else reads them. */
export async function getInputs(): Promise<Inputs> {
  const env = process.env;
  maskEnvironmentSecrets(env);
  const reader = actionInputReader(EVALUATE_INPUT_SPECS);
  const mlflow = clientOptionsFromEnvironment(env);
  const evaluate = await readEvaluateInputs(reader, reader.describe, env.GITHUB_WORKSPACE ?? process.cwd(), env);
  const run = githubRunContext(env);
  const tags: Record<string, string> = {};
  if (run.runUrl) tags['mlops.github.run_url'] = run.runUrl;
  if (run.sha) tags['mlops.git.commit'] = run.sha;
  return {
    ...evaluate,
    mlflow,
    holder: run.holder,
    actor: run.actor,
    tags,
    github: { repository: run.repository, ref: run.refName, apiUrl: run.apiUrl },
  };
}
