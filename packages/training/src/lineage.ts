import { hostname } from 'node:os';
import { githubRunContext } from '@mlops-actions/common';
import type { Exec } from './gpu.js';

/** Where a model came from, as tags on its run and its registered version. */
export interface Lineage {
  commit?: string | undefined;
  /** `refs/tags/train-v1.2.0`, `refs/heads/main`, … */
  ref?: string | undefined;
  /** The tag that triggered training (the `train-v*` tag), when the ref is a tag. */
  tag?: string | undefined;
  repository?: string | undefined;
  workflow?: string | undefined;
  runUrl?: string | undefined;
  runId?: string | undefined;
  runAttempt?: string | undefined;
  job?: string | undefined;
  actor?: string | undefined;
  runner: string;
  gpu: string;
  command: string;
}

/** The lineage of a GitHub Actions job, from the variables the runner sets. */
export function lineageFromGithub(env: Readonly<Record<string, string | undefined>>, command: string, gpu: string): Lineage | undefined {
  if (env.GITHUB_ACTIONS !== 'true') return undefined;
  const run = githubRunContext(env);
  const server = run.serverUrl;
  const ref = run.ref;
  const runUrl = run.attemptUrl;
  const runnerParts = [env.RUNNER_OS, env.RUNNER_ARCH].filter(Boolean).join(' ');
  return {
    commit: env.GITHUB_SHA,
    ref,
    tag: ref?.startsWith('refs/tags/') ? ref.slice('refs/tags/'.length) : undefined,
    repository: env.GITHUB_REPOSITORY ? `${server}/${env.GITHUB_REPOSITORY}` : undefined,
    workflow: env.GITHUB_WORKFLOW_REF ?? env.GITHUB_WORKFLOW,
    runUrl,
    runId: env.GITHUB_RUN_ID,
    runAttempt: env.GITHUB_RUN_ATTEMPT,
    job: env.GITHUB_JOB,
    actor: env.GITHUB_ACTOR,
    runner: `${env.RUNNER_NAME ?? hostname()}${runnerParts ? ` (${runnerParts})` : ''}`,
    gpu,
    command,
  };
}

/** The lineage of a local checkout (outside Actions): commit, branch or tag from git, when it is a repository. */
export async function lineageFromGit(exec: Exec, cwd: string, command: string, gpu: string): Promise<Lineage> {
  const git = async (...args: string[]): Promise<string | undefined> => {
    try {
      return (await exec('git', ['-C', cwd, ...args])).trim() || undefined;
    } catch {
      return undefined;
    }
  };
  const [commit, branch, tag] = await Promise.all([
    git('rev-parse', 'HEAD'),
    git('symbolic-ref', '-q', 'HEAD'),
    git('describe', '--tags', '--exact-match', 'HEAD'),
  ]);
  return { commit, ref: tag ? `refs/tags/${tag}` : branch, tag, runner: hostname(), gpu, command };
}

/** The lineage as tags: MLflow's own source tags, where they exist, and `mlops.*` for the rest. */
export function lineageTags(lineage: Lineage): Record<string, string> {
  const tags: Record<string, string | undefined> = {
    'mlflow.source.type': 'JOB',
    'mlflow.source.name': lineage.workflow ?? lineage.command,
    'mlflow.source.git.commit': lineage.commit,
    'mlflow.source.git.repoURL': lineage.repository,
    'mlflow.user': lineage.actor,
    'mlops.git.commit': lineage.commit,
    'mlops.git.ref': lineage.ref,
    'mlops.git.tag': lineage.tag,
    'mlops.github.repository': lineage.repository,
    'mlops.github.workflow': lineage.workflow,
    'mlops.github.run_url': lineage.runUrl,
    'mlops.github.run_id': lineage.runId,
    'mlops.github.run_attempt': lineage.runAttempt,
    'mlops.github.job': lineage.job,
    'mlops.runner': lineage.runner,
    'mlops.gpu': lineage.gpu,
    // MLflow caps tag values at 8,000 characters.
    'mlops.command': lineage.command.length > 8000 ? `${lineage.command.slice(0, 7990)}…` : lineage.command,
  };
  return Object.fromEntries(Object.entries(tags).filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== ''));
}
