import { runCli } from '@mlops-actions/cli';
import { stopAfterAll } from './cleanup.js';

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

export interface MlopsService {
  /** The first capture group of `ready` (the URL the command announced). */
  announced: string;
  /** Everything written to stdout and stderr so far. */
  output(): string;
  /** Ends the command as SIGTERM would, and resolves with how it ended. */
  stop(): Promise<MlopsRun>;
}

/**
 * A long-running `mlops <args>` (server, ui) in this process, from the sources; resolves once its output matches
 * `ready`. It is stopped after the test file if a test did not stop it.
 */
export async function startMlops(args: readonly string[], ready: RegExp, options: { env?: NodeJS.ProcessEnv } = {}): Promise<MlopsService> {
  let stdout = '';
  let stderr = '';
  let announce: (value: string) => void = () => undefined;
  const announced = new Promise<string>((resolve) => (announce = resolve));
  const check = (): void => {
    const match = ready.exec(stdout + stderr)?.[1];
    if (match) announce(match);
  };
  let stopSignal: () => void = () => undefined;
  const stopped = new Promise<void>((resolve) => (stopSignal = resolve));
  const exited = runCli(args, {
    stdout: (text) => {
      stdout += text;
      check();
    },
    stderr: (text) => {
      stderr += text;
      check();
    },
    env: { PATH: process.env.PATH, ...options.env },
    untilStopped: () => stopped,
  });
  const ended = exited.then((code) => ({ code, stdout, stderr }));
  stopAfterAll(stopSignal, async (stop) => {
    stop();
    await ended;
  });
  const first = await Promise.race([announced, ended]);
  if (typeof first !== 'string') throw new Error(`mlops ${args[0]} exited with ${first.code}: ${first.stdout}${first.stderr}`);
  return {
    announced: first,
    output: () => stdout + stderr,
    stop: async () => {
      stopSignal();
      return ended;
    },
  };
}
