import {
  ConfigurationError,
  errorMessage,
  githubRunContext,
  isConfigurationError,
  isOperationalError,
  OperationalError,
  type Logger,
} from '@mlops-actions/common';
import { clientOptionsFromEnvironment, type MlflowClientOptions } from '@mlops-actions/mlflow';

/** Where a move of the champion alias is made from: MLflow, and the GitHub run when there is one. */
export interface MoveContext {
  mlflow: MlflowClientOptions;
  /** The promotion lock's holder: the workflow run, else this machine and process. */
  holder: string;
  /** The ledger's link to the run; its page shows an environment's review. */
  runUrl: string | undefined;
  /** GITHUB_RUN_ID, in a workflow run. */
  runId: string | undefined;
  /** The ledger's "who": the account that started the run (GITHUB_ACTOR), else this machine's user. */
  actor: string;
  github: { repository: string | undefined; ref: string | undefined; apiUrl: string | undefined };
}

/** The MLFLOW_* and GITHUB_* variables a rollback or an approved promotion reads, read in one place. */
export function moveContext(env: NodeJS.ProcessEnv): MoveContext {
  const run = githubRunContext(env);
  return {
    mlflow: clientOptionsFromEnvironment(env),
    holder: run.holder,
    runUrl: run.runUrl,
    runId: env.GITHUB_RUN_ID || undefined,
    actor: run.actor,
    github: { repository: run.repository, ref: run.refName, apiUrl: run.apiUrl },
  };
}

/** A move of the champion alias that happened, followed by a deploy dispatch that failed: the deploy is left to be run by hand. */
export class DeployDispatchError extends OperationalError {
  override readonly name = 'DeployDispatchError';
}

/** Dispatches the deploy after a move (`moved` says which); a failure says the move stands and the deploy is to be run by hand. */
export async function dispatchAfterMove(
  dispatch: ((modelName: string, version: number) => Promise<string>) | undefined,
  modelName: string,
  version: number,
  moved: string,
): Promise<string | undefined> {
  if (!dispatch) return undefined;
  try {
    return await dispatch(modelName, version);
  } catch (error) {
    const message = `${moved}, but dispatching the deploy workflow failed: ${errorMessage(error)}; run it by hand`;
    if (isConfigurationError(error)) throw new ConfigurationError(message, { subject: error.subject, cause: error });
    throw new DeployDispatchError(message, { service: 'GitHub', hint: isOperationalError(error) ? error.hint : undefined, cause: error });
  }
}

/**
 * The deploy dispatch after a move, with the job summary written either way: when the dispatch fails the move stands,
 * the summary says to run the deploy by hand, and the failure is thrown on.
 */
export async function deployAfterMove(
  dispatch: ((modelName: string, version: number) => Promise<string>) | undefined,
  modelName: string,
  version: number,
  summarize: (deploy: string | undefined) => Promise<unknown>,
  logger: Logger,
): Promise<void> {
  let deployed: string | undefined;
  try {
    deployed = await dispatchAfterMove(dispatch, modelName, version, `v${version} of ${modelName} moved`);
  } catch (error) {
    await summarize(`the deploy dispatch failed — run the deploy workflow for v${version} by hand`);
    throw error;
  }
  if (deployed) logger.info(deployed);
  await summarize(deployed);
}
