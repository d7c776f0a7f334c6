import { runCli } from '@mlops-actions/cli';

export interface MlopsRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * `mlops <args>` in this process, as a user would run it, with its output captured. The environment is PATH and what
 * `env` adds, nothing of the test runner's own; a command that waits for a signal (server, relay) waits forever.
 */
export async function runMlops(args: readonly string[], options: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): Promise<MlopsRun> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    env: { PATH: process.env.PATH, ...options.env },
    ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
    untilStopped: () => new Promise(() => undefined),
  });
  return { code, stdout, stderr };
}
