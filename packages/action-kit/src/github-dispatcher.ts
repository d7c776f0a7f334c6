import { getOctokit } from '@actions/github';

/** One version to evaluate (structurally the dispatch package's DispatchRequest). */
export interface VersionDispatch {
  modelName: string;
  version: number;
  event: string;
}

export interface GithubDispatcherOptions {
  token: string;
  /** `owner/repo`. */
  repository: string;
  /** `workflow_dispatch` of this workflow file, with inputs `model-name` and `version`… */
  workflow?: string | undefined;
  ref: string;
  /** …or `repository_dispatch` with this event type and the version as client payload. */
  eventType?: string | undefined;
  /** The API root (GITHUB_API_URL). */
  apiUrl?: string | undefined;
  /** How long one request may take before it fails (and is retried by whoever dispatches); default 30 s. */
  timeoutMs?: number;
}

/** Starts the evaluation workflow on GitHub for a model version. */
export function githubDispatcher(options: GithubDispatcherOptions): { dispatch(request: VersionDispatch): Promise<string> } {
  const [owner, repo] = options.repository.split('/');
  if (!owner || !repo) throw new Error(`'${options.repository}' is not owner/repo`);
  const octokit = getOctokit(options.token, { baseUrl: options.apiUrl ?? 'https://api.github.com' });
  return {
    async dispatch(request) {
      const timeout = { signal: AbortSignal.timeout(options.timeoutMs ?? 30_000) };
      if (options.eventType) {
        await octokit.rest.repos.createDispatchEvent({
          owner,
          repo,
          event_type: options.eventType,
          client_payload: { 'model-name': request.modelName, version: String(request.version), event: request.event },
          request: timeout,
        });
        return `repository_dispatch '${options.eventType}' to ${options.repository}`;
      }
      if (!options.workflow) throw new Error('give a workflow to dispatch, or an event type for repository_dispatch');
      await octokit.rest.actions.createWorkflowDispatch({
        owner,
        repo,
        workflow_id: options.workflow,
        ref: options.ref,
        inputs: { 'model-name': request.modelName, version: String(request.version) },
        request: timeout,
      });
      return `workflow_dispatch of ${options.workflow} on ${options.ref} in ${options.repository}`;
    },
  };
}
