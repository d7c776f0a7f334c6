import { githubFailure, githubRepository, startWorkflow } from './dispatch.js';

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
  const target = githubRepository(options.token, options.repository, options.apiUrl);
  return {
    async dispatch(request) {
      const signal = AbortSignal.timeout(options.timeoutMs ?? 30_000);
      if (options.eventType) {
        await target.octokit.rest.repos
          .createDispatchEvent({
            owner: target.owner,
            repo: target.repo,
            event_type: options.eventType,
            client_payload: { 'model-name': request.modelName, version: String(request.version), event: request.event },
            request: { signal },
          })
          .catch((error: unknown) => {
            throw githubFailure(error, `the repository_dispatch '${options.eventType}' to ${options.repository}`);
          });
        return `repository_dispatch '${options.eventType}' to ${options.repository}`;
      }
      if (!options.workflow) throw new Error('give a workflow to dispatch, or an event type for repository_dispatch');
      await startWorkflow(
        target,
        options.workflow,
        options.ref,
        { 'model-name': request.modelName, version: String(request.version) },
        signal,
      );
      return `workflow_dispatch of ${options.workflow} on ${options.ref} in ${options.repository}`;
    },
  };
}
