import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { stopAfterAll } from './cleanup.js';

export interface CliProcess {
  child: ChildProcess;
  /** The first capture group of `ready` (e.g. the URL the process announced). */
  announced: string;
  /** Everything written to stdout and stderr so far. */
  output(): string;
}

/**
 * Starts a long-running `mlops` command from the committed bundle (or another entry point, such as the relay's own);
 * resolves once its output matches `ready`.
 */
export function startCli(
  args: readonly string[],
  ready: RegExp,
  env: NodeJS.ProcessEnv = {},
  bundle = 'dist/cli/index.js',
): Promise<CliProcess> {
  const child = spawn(process.execPath, [resolve(bundle), ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // A test that fails before stopCli would leave the process running, and Jest waiting for it.
  stopAfterAll(child, (running) => running.exitCode === null && running.signalCode === null && running.kill('SIGKILL'));
  let output = '';
  return new Promise((resolveStart, reject) => {
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const announced = ready.exec(output)?.[1];
      if (announced) resolveStart({ child, announced, output: () => output });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => reject(new Error(`mlops ${args[0]} exited with ${code}: ${output}`)));
  });
}

/** Sends `signal` and resolves with the exit code (null when killed). */
export function stopCli(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
  return new Promise((resolveExit) => {
    child.removeAllListeners('exit');
    child.on('exit', (code) => resolveExit(code));
    child.kill(signal);
  });
}
