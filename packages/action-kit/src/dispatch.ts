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

/** Starts a workflow through `workflow_dispatch`; returns a line saying what was dispatched. */
export async function dispatchWorkflow(dispatch: WorkflowDispatch): Promise<string> {
  const [owner, repo] = dispatch.repository.split('/');
  if (!owner || !repo) throw new Error(`'${dispatch.repository}' is not owner/repo`);
  const octokit = getOctokit(dispatch.token, { baseUrl: dispatch.apiUrl ?? 'https://api.github.com' });
  await octokit.rest.actions.createWorkflowDispatch({
    owner,
    repo,
    workflow_id: dispatch.workflow,
    ref: dispatch.ref,
    inputs: dispatch.inputs,
  });
  return `dispatched ${dispatch.workflow} on ${dispatch.ref} in ${dispatch.repository} with ${Object.entries(dispatch.inputs)
    .map(([key, value]) => `${key}=${value}`)
    .join(', ')}`;
}
