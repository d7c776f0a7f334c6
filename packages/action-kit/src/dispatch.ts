import { getOctokit } from '@actions/github';

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
  if (!owner || !repo) throw new Error(`'${repository}' is not owner/repo`);
  return { octokit: getOctokit(token, { baseUrl: apiUrl ?? 'https://api.github.com' }), owner, repo };
}

/** `workflow_dispatch` of `workflow` on `ref`; with `signal`, the request fails when it fires. */
export async function startWorkflow(
  target: GithubRepository,
  workflow: string,
  ref: string,
  inputs: Record<string, string>,
  signal?: AbortSignal,
): Promise<void> {
  await target.octokit.rest.actions.createWorkflowDispatch({
    owner: target.owner,
    repo: target.repo,
    workflow_id: workflow,
    ref,
    inputs,
    request: signal ? { signal } : undefined,
  });
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
