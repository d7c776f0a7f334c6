import { getOctokit } from '@actions/github';
import { ConfigurationError, errorMessage, OperationalError } from '@mlops-actions/common';

export interface WorkflowDispatch {
  token: string;
  /** `owner/repo`. */
  repository: string;
  /** The workflow file name (deploy.yml) or id. */
  workflow: string;
  ref: string;
  inputs: Record<string, string>;
  /** The API root (GITHUB_API_URL; default https://api.github.com). */
  apiUrl?: string | undefined;
}

/** A repository on GitHub's API, with a client authenticated for it. */
export interface GithubRepository {
  octokit: ReturnType<typeof getOctokit>;
  owner: string;
  repo: string;
}

export function githubRepository(token: string, repository: string, apiUrl: string | undefined): GithubRepository {
  const [owner, repo] = repository.split('/');
  if (!owner || !repo)
    throw new ConfigurationError(`'${repository}' is not owner/repo: set GITHUB_REPOSITORY (the runner sets it in a workflow)`, {
      subject: 'GITHUB_REPOSITORY',
    });
  return { octokit: getOctokit(token, { baseUrl: apiUrl ?? 'https://api.github.com' }), owner, repo };
}

/** What to check when GitHub's API refused a dispatch with this status (none: it was not reached). */
function githubHint(status: number | undefined): string {
  if (status === undefined) return 'check that the runner reaches the GitHub API (GITHUB_API_URL on GitHub Enterprise Server)';
  if (status === 401) return 'the token is not valid: check the secret given as the GitHub token';
  if (status === 403)
    return 'the token may not dispatch: it needs the actions: write permission (workflow_dispatch) or contents: write (repository_dispatch)';
  if (status === 404) return 'check the repository and the workflow file name, and that the token can see the repository';
  if (status === 422) return 'check that the ref exists and that the workflow has a workflow_dispatch trigger taking these inputs';
  return 'GitHub failed on its side: retrying later may work';
}

/** A failed call to GitHub's API as an operational failure: the status, GitHub's message and what to check. */
export function githubFailure(error: unknown, what: string): OperationalError {
  // Octokit gives a fetch that failed (no host, a timeout) status 500 too, but no response: that is not GitHub's answer.
  const answered = (error as { response?: unknown }).response !== undefined;
  const status = answered && typeof (error as { status?: unknown }).status === 'number' ? (error as { status: number }).status : undefined;
  return new OperationalError(
    status === undefined
      ? `GitHub could not be reached for ${what}: ${errorMessage(error)}`
      : `GitHub refused ${what} (HTTP ${status}): ${errorMessage(error)}`,
    { service: 'GitHub', hint: githubHint(status), cause: error },
  );
}

/** `workflow_dispatch` of `workflow` on `ref`; with `signal`, the request fails when it fires. */
export async function startWorkflow(
  target: GithubRepository,
  workflow: string,
  ref: string,
  inputs: Record<string, string>,
  signal?: AbortSignal,
): Promise<void> {
  try {
    await target.octokit.rest.actions.createWorkflowDispatch({
      owner: target.owner,
      repo: target.repo,
      workflow_id: workflow,
      ref,
      inputs,
      request: signal ? { signal } : undefined,
    });
  } catch (error) {
    throw githubFailure(error, `the workflow_dispatch of ${workflow} on ${ref} in ${target.owner}/${target.repo}`);
  }
}

/** Starts a workflow through `workflow_dispatch`; returns a line saying what was dispatched. */
export async function dispatchWorkflow(dispatch: WorkflowDispatch): Promise<string> {
  await startWorkflow(
    githubRepository(dispatch.token, dispatch.repository, dispatch.apiUrl),
    dispatch.workflow,
    dispatch.ref,
    dispatch.inputs,
  );
  return `dispatched ${dispatch.workflow} on ${dispatch.ref} in ${dispatch.repository} with ${Object.entries(dispatch.inputs)
    .map(([key, value]) => `${key}=${value}`)
    .join(', ')}`;
}

/** Where the deploy workflow is dispatched: the repository, the run's ref and the API root of the run's GitHub. */
export interface DeployTarget {
  /** `owner/repo` (GITHUB_REPOSITORY). */
  repository: string | undefined;
  /** The ref of the run that promoted (GITHUB_REF_NAME), when there is one. */
  runRef: string | undefined;
  apiUrl: string | undefined;
}

/**
 * The deploy dispatch after a promotion, the same for the action and the CLI: `workflow_dispatch` of the deploy
 * workflow with the model name and version, on the ref given, else the ref of the run that promoted (unless that is a
 * pull request's merge ref), else `main`.
 */
export function deployWorkflowDispatcher(
  deploy: { workflow: string; ref: string | undefined; token: string } | undefined,
  target: DeployTarget,
): ((modelName: string, version: number) => Promise<string>) | undefined {
  if (!deploy) return undefined;
  return (modelName, version) =>
    dispatchWorkflow({
      token: deploy.token,
      repository: target.repository ?? '',
      workflow: deploy.workflow,
      // A pull request's run is on refs/pull/<n>/merge (GITHUB_REF_NAME `<n>/merge`), which no workflow can run on.
      ref: deploy.ref ?? (target.runRef && !/^\d+\/merge$/.test(target.runRef) ? target.runRef : undefined) ?? 'main',
      inputs: { 'model-name': modelName, version: String(version) },
      apiUrl: target.apiUrl,
    });
}
