import { hostname, userInfo } from 'node:os';

/** What the runner's variables say about the GitHub Actions run a program is in; all undefined outside one. */
export interface GithubRunContext {
  /** `https://github.com/<owner>/<repo>/actions/runs/<id>` (on GITHUB_SERVER_URL). */
  runUrl: string | undefined;
  /** The same, down to this attempt of the run (`…/attempts/<n>`) when the runner says which. */
  attemptUrl: string | undefined;
  /** Who holds a lock or claim: the run's URL, else this machine and process. */
  holder: string;
  /** Who a ledger entry names: the account that started the run (GITHUB_ACTOR), else this machine's user. */
  actor: string;
  repository: string | undefined;
  /** The full ref (`refs/tags/train-v1`) and its short name (`train-v1`). */
  ref: string | undefined;
  refName: string | undefined;
  sha: string | undefined;
  serverUrl: string;
  apiUrl: string | undefined;
}

/** This machine and process, as a lock holder's name outside a GitHub run. */
export const localHolder = (): string => `${hostname()} pid ${process.pid}`;

/** This machine's user, as who made a move outside a GitHub run. */
export function localActor(): string {
  let user: string;
  try {
    user = userInfo().username;
  } catch {
    user = 'someone';
  }
  return `${user} on ${hostname()}`;
}

/** The run context from the GITHUB_* variables, worked out in one place for every action and command. */
export function githubRunContext(env: Readonly<Record<string, string | undefined>>): GithubRunContext {
  const serverUrl = env.GITHUB_SERVER_URL ?? 'https://github.com';
  const runUrl =
    env.GITHUB_REPOSITORY && env.GITHUB_RUN_ID ? `${serverUrl}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}` : undefined;
  return {
    runUrl,
    attemptUrl: runUrl && env.GITHUB_RUN_ATTEMPT ? `${runUrl}/attempts/${env.GITHUB_RUN_ATTEMPT}` : runUrl,
    holder: runUrl ?? localHolder(),
    actor: env.GITHUB_ACTOR ? `@${env.GITHUB_ACTOR}` : localActor(),
    repository: env.GITHUB_REPOSITORY,
    ref: env.GITHUB_REF,
    refName: env.GITHUB_REF_NAME,
    sha: env.GITHUB_SHA,
    serverUrl,
    apiUrl: env.GITHUB_API_URL,
  };
}
