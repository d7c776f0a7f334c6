import { Octokit } from '@octokit/core';
import { ConfigurationError, errorMessage, OperationalError, unreachableError } from '@mlops-actions/common';
import { fetch as proxiedFetch, ProxyAgent } from 'undici';
import type { DispatchRequest, Dispatcher } from './dispatcher.js';
import { proxyFor } from './proxy.js';

/** A repository on GitHub's API, with a client authenticated for it. */
export interface GithubRepository {
  octokit: Octokit;
  owner: string;
  repo: string;
  /** `owner/repo`. */
  name: string;
}

/**
 * Node's fetch, through the proxy the environment names for the API's address (HTTPS_PROXY and NO_PROXY, by the rules
 * `@actions/github` follows on a self-hosted runner behind a proxy); none named, Node's fetch itself.
 */
function environmentFetch(apiUrl: string, env: NodeJS.ProcessEnv): typeof fetch | undefined {
  const proxy = proxyFor(new URL(apiUrl), env);
  if (!proxy) return undefined;
  const dispatcher = new ProxyAgent(proxy.href);
  return ((url: string, init?: RequestInit) => proxiedFetch(url, { ...init, dispatcher })) as unknown as typeof fetch;
}

export function githubRepository(token: string, repository: string, apiUrl: string | undefined, env = process.env): GithubRepository {
  const [owner, repo, rest] = repository.split('/');
  if (!owner || !repo || rest !== undefined)
    throw new ConfigurationError(`'${repository}' is not owner/repo: set GITHUB_REPOSITORY (the runner sets it in a workflow)`, {
      subject: 'GITHUB_REPOSITORY',
    });
  const baseUrl = (apiUrl ?? 'https://api.github.com').replace(/\/+$/, '');
  if (!URL.canParse(baseUrl) || !/^https?:$/.test(new URL(baseUrl).protocol))
    throw new ConfigurationError(`GITHUB_API_URL must be the API's http(s) address (https://api.github.com), got '${baseUrl}'`, {
      subject: 'GITHUB_API_URL',
    });
  const octokit = new Octokit({ auth: token, baseUrl, userAgent: 'mlops-actions', request: { fetch: environmentFetch(baseUrl, env) } });
  return { octokit, owner, repo, name: repository };
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
  const unreached =
    status === undefined
      ? unreachableError(error, {
          url: (error as { request?: { url?: string } }).request?.url ?? 'https://api.github.com',
          service: 'GitHub',
          purpose: what,
          hint: 'and GITHUB_API_URL on GitHub Enterprise Server',
        })
      : undefined;
  if (unreached) return unreached;
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
    await target.octokit.request('POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches', {
      owner: target.owner,
      repo: target.repo,
      workflow_id: workflow,
      ref,
      inputs,
      request: signal ? { signal } : undefined,
    });
  } catch (error) {
    throw githubFailure(error, `the workflow_dispatch of ${workflow} on ${ref} in ${target.name}`);
  }
}

/** `repository_dispatch` of `eventType` with `payload`. */
async function sendRepositoryDispatch(
  target: GithubRepository,
  eventType: string,
  payload: Record<string, string>,
  signal: AbortSignal,
): Promise<void> {
  try {
    await target.octokit.request('POST /repos/{owner}/{repo}/dispatches', {
      owner: target.owner,
      repo: target.repo,
      event_type: eventType,
      client_payload: payload,
      request: { signal },
    });
  } catch (error) {
    throw githubFailure(error, `the repository_dispatch '${eventType}' to ${target.name}`);
  }
}

/** The inputs every workflow we dispatch takes: the model and the version. */
const versionInputs = (modelName: string, version: number): Record<string, string> => ({
  'model-name': modelName,
  version: String(version),
});

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
 * pull request's merge ref), else `main`. Returns a line saying what was dispatched.
 */
export function deployWorkflowDispatcher(
  deploy: { workflow: string; ref: string | undefined; token: string } | undefined,
  target: DeployTarget,
): ((modelName: string, version: number) => Promise<string>) | undefined {
  if (!deploy) return undefined;
  // A pull request's run is on refs/pull/<n>/merge (GITHUB_REF_NAME `<n>/merge`), which no workflow can run on.
  const ref = deploy.ref ?? (target.runRef && !/^\d+\/merge$/.test(target.runRef) ? target.runRef : undefined) ?? 'main';
  return async (modelName, version) => {
    const repository = githubRepository(deploy.token, target.repository ?? '', target.apiUrl);
    const inputs = versionInputs(modelName, version);
    // A GitHub that never answers must not hold the step after the promotion: the dispatch fails after 30 s instead.
    await startWorkflow(repository, deploy.workflow, ref, inputs, AbortSignal.timeout(30_000));
    return `dispatched ${deploy.workflow} on ${ref} in ${repository.name} with ${Object.entries(inputs)
      .map(([key, value]) => `${key}=${value}`)
      .join(', ')}`;
  };
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
  /** Where the proxy variables are read (HTTPS_PROXY, NO_PROXY…); default this process's environment. */
  env?: NodeJS.ProcessEnv;
}

/** Starts the evaluation workflow on GitHub for a model version. */
export function githubDispatcher(options: GithubDispatcherOptions): Dispatcher {
  const target = githubRepository(options.token, options.repository, options.apiUrl, options.env);
  return {
    async dispatch(request: DispatchRequest) {
      const signal = AbortSignal.timeout(options.timeoutMs ?? 30_000);
      if (options.eventType) {
        await sendRepositoryDispatch(
          target,
          options.eventType,
          { ...versionInputs(request.modelName, request.version), event: request.event },
          signal,
        );
        return `repository_dispatch '${options.eventType}' to ${options.repository}`;
      }
      if (!options.workflow) throw new Error('give a workflow to dispatch, or an event type for repository_dispatch');
      await startWorkflow(target, options.workflow, options.ref, versionInputs(request.modelName, request.version), signal);
      return `workflow_dispatch of ${options.workflow} on ${options.ref} in ${options.repository}`;
    },
  };
}

/** One review of a workflow run's deployment to an environment, as GitHub's review history lists it. */
export interface RunReview {
  /** Who reviewed (a login). */
  login: string;
  /** `approved` or `rejected`. */
  state: string;
  /** The environments it reviewed. */
  environments: string[];
  comment: string;
}

/**
 * The review history of a workflow run — who approved or rejected its jobs' environments, with their comments:
 * `GET /repos/{owner}/{repo}/actions/runs/{run_id}/approvals` (anyone with read access; `actions: read`).
 */
export async function runReviews(
  token: string,
  repository: string,
  runId: string,
  apiUrl: string | undefined,
  env = process.env,
): Promise<RunReview[]> {
  const target = githubRepository(token, repository, apiUrl, env);
  if (!/^\d+$/.test(runId)) throw new ConfigurationError(`GITHUB_RUN_ID '${runId}' is not a run id`, { subject: 'GITHUB_RUN_ID' });
  let data: unknown;
  try {
    ({ data } = await target.octokit.request('GET /repos/{owner}/{repo}/actions/runs/{run_id}/approvals', {
      owner: target.owner,
      repo: target.repo,
      run_id: Number(runId),
      request: { signal: AbortSignal.timeout(30_000) },
    }));
  } catch (error) {
    throw githubFailure(error, `the review history of run ${runId} in ${target.name}`);
  }
  const text = (value: unknown): string => (typeof value === 'string' ? value : '');
  return (Array.isArray(data) ? data : []).flatMap((review: unknown) => {
    const entry = review as { user?: { login?: unknown }; state?: unknown; environments?: unknown; comment?: unknown } | null;
    const login = text(entry?.user?.login);
    if (!login) return [];
    const environments = Array.isArray(entry?.environments)
      ? entry.environments.map((environment: unknown) => text((environment as { name?: unknown } | null)?.name))
      : [];
    return [{ login, state: text(entry?.state), environments: environments.filter(Boolean), comment: text(entry?.comment) }];
  });
}
