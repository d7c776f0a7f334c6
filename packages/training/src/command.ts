import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { createWriteStream } from 'node:fs';
import { constants } from 'node:os';
import { createMaskingStream, errorMessage, terminateGroup } from '@mlops-actions/common';

/** How a command ended: by itself (succeeded or failed), by its time limit, or cancelled from outside. */
export type CommandOutcome = 'succeeded' | 'failed' | 'timed-out' | 'cancelled';

export interface CommandOptions {
  /** Run by `bash --noprofile --norc -eo pipefail -c`, as GitHub runs a `run:` step. */
  command: string;
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Where the command's output (stdout and stderr, interleaved as they come) is saved. */
  logPath: string;
  /** Where the output streams live (the step's log); nothing when absent. */
  output?: NodeJS.WritableStream;
  /** Time limit in ms; none when absent. */
  timeoutMs?: number;
  /** Aborting it stops the command (the runner cancelling the job). */
  signal?: AbortSignal;
  /** How long a stopped command has after SIGTERM before SIGKILL (default 10 s). */
  killGraceMs?: number;
  /** The shell and its arguments before the command (default bash as GitHub runs it). */
  shell?: readonly string[];
  /** Values replaced by `***` in the saved output (the live output is masked by the runner, as every step's is). */
  secrets?: readonly string[];
}

export interface CommandResult {
  outcome: CommandOutcome;
  /** The exit status the step should have: the command's own, 124 after its time limit, 128 + n after signal n. */
  exitCode: number;
  durationMs: number;
  /** Bytes of output saved. */
  outputBytes: number;
}

export const DEFAULT_SHELL = ['bash', '--noprofile', '--norc', '-eo', 'pipefail', '-c'] as const;
/** The exit status of a command stopped by its time limit, as coreutils `timeout` reports it. */
export const TIMEOUT_EXIT_CODE = 124;

/**
 * Runs a shell command in its own process group, streaming its output live and into a file with
 * backpressure (memory stays flat however much it prints). A time limit or an abort sends SIGTERM to the
 * whole group, then SIGKILL after the grace period.
 */
export async function runCommand(options: CommandOptions): Promise<CommandResult> {
  const started = performance.now();
  const [shell, ...shellArgs] = options.shell ?? DEFAULT_SHELL;
  const log = createWriteStream(options.logPath);
  await once(log, 'open');
  const child = spawn(shell!, [...shellArgs, options.command], {
    cwd: options.cwd,
    env: options.env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const closed = new Promise<[number | null, NodeJS.Signals | null]>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => resolve([code, signal]));
  });
  // Each source is masked on its own (a secret split across two stdout chunks with stderr between them still matches),
  // then both go into the log as they come.
  const maskers = [child.stdout, child.stderr].map((stream) => {
    const masker = createMaskingStream(options.secrets ?? []);
    stream.pipe(masker).pipe(log, { end: false });
    if (options.output) stream.pipe(options.output, { end: false });
    return finished(masker).catch(() => undefined);
  });

  let stoppedBy: 'timed-out' | 'cancelled' | undefined;
  let cancelKill: (() => void) | undefined;
  const stop = (reason: 'timed-out' | 'cancelled'): void => {
    if (stoppedBy || child.exitCode !== null || child.pid === undefined) return;
    stoppedBy = reason;
    cancelKill = terminateGroup(child.pid, options.killGraceMs ?? 10_000);
  };
  const timeout = options.timeoutMs === undefined ? undefined : setTimeout(() => stop('timed-out'), options.timeoutMs);
  const onAbort = (): void => stop('cancelled');
  if (options.signal?.aborted) onAbort();
  options.signal?.addEventListener('abort', onAbort);

  let code: number | null;
  let signal: NodeJS.Signals | null;
  try {
    [code, signal] = await closed;
  } catch (error) {
    throw new Error(`could not start '${shell}': ${errorMessage(error)}`, { cause: error });
  } finally {
    clearTimeout(timeout);
    cancelKill?.();
    options.signal?.removeEventListener('abort', onAbort);
    await Promise.all(maskers);
    log.end();
    await once(log, 'finish');
  }

  const exitCode = stoppedBy === 'timed-out' ? TIMEOUT_EXIT_CODE : (code ?? 128 + (signal ? constants.signals[signal] : 0));
  const outcome: CommandOutcome = stoppedBy ?? (exitCode === 0 ? 'succeeded' : 'failed');
  return { outcome, exitCode, durationMs: performance.now() - started, outputBytes: log.bytesWritten };
}
