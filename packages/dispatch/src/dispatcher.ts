import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { signalGroup, terminateGroup } from '@mlops-actions/common';

/** What to start: the evaluation of one model version. */
export interface DispatchRequest {
  modelName: string;
  version: number;
  /** What made the version ready: `created`, or `alias:<name>`. */
  event: string;
}

/** Starts an evaluation somewhere (a GitHub workflow, a local command); returns a line saying where. */
export interface Dispatcher {
  dispatch(request: DispatchRequest): Promise<string>;
}

/** A dispatcher that calls a function on this machine (the demo runs evaluation in-process with it). */
export function localDispatcher(run: (request: DispatchRequest) => Promise<void>): Dispatcher {
  return {
    async dispatch(request) {
      await run(request);
      return `ran locally for ${request.modelName} v${request.version}`;
    },
  };
}

export interface CommandDispatcherOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Where the command's output goes, line by line (default: this process's stderr). */
  output?: (line: string) => void;
  /** Stop a command that runs longer than this (default 60 minutes): SIGTERM to all it started, SIGKILL 10 s later. */
  timeoutMs?: number;
}

/**
 * Runs the command ($1) in this shell's process group, and beside it a watcher that reads the pipe from the relay on
 * fd 3: when the relay is gone — killed outright included, which no exit hook sees — the pipe closes, and the watcher
 * stops the whole group (TERM, then KILL 10 s later). The relay also closes the pipe once the command has exited, so
 * whatever the command left running in the background is stopped too.
 */
const GROUP_WATCHER = [
  'exec 3<&0',
  '( trap "" TERM; cat <&3 >/dev/null; kill -TERM 0 2>/dev/null; sleep 10; kill -KILL 0 2>/dev/null ) >/dev/null 2>&1 &',
  '/bin/sh -c "$1" </dev/null',
].join('\n');

/** How long a local command may run by default. */
export const COMMAND_TIMEOUT_MINUTES = 60;
const KILL_GRACE_MS = 10_000;

/** The process groups of commands still running: stopped when this process exits. */
const liveGroups = new Set<number>();
let exitHook = false;

function trackGroup(pid: number): void {
  if (!exitHook) process.on('exit', stopLiveGroups);
  exitHook = true;
  liveGroups.add(pid);
}

function stopLiveGroups(): void {
  for (const pid of liveGroups) signalGroup(pid, 'SIGTERM');
}

/**
 * A dispatcher that runs a shell command on this machine for each version, with `MLOPS_MODEL_NAME`,
 * `MLOPS_MODEL_VERSION` and `MLOPS_EVENT` set; a non-zero exit, or running past the timeout, is a failed dispatch
 * (retried by the relay). The command runs in a process group of its own, so a timeout stops everything it started,
 * and so does this process's exit.
 */
export function commandDispatcher(command: string, options: CommandDispatcherOptions = {}): Dispatcher {
  const output = options.output ?? ((line: string) => void process.stderr.write(`${line}\n`));
  const timeoutMs = options.timeoutMs ?? COMMAND_TIMEOUT_MINUTES * 60_000;
  return {
    dispatch: (request) =>
      new Promise((resolve, reject) => {
        const child = spawn('/bin/sh', ['-c', GROUP_WATCHER, 'mlops-dispatch', command], {
          cwd: options.cwd,
          env: {
            ...(options.env ?? process.env),
            MLOPS_MODEL_NAME: request.modelName,
            MLOPS_MODEL_VERSION: String(request.version),
            MLOPS_EVENT: request.event,
          },
          stdio: ['pipe', 'pipe', 'pipe'],
          detached: true,
        });
        // The watcher's pipe: open while this process lives and the command runs.
        child.once('exit', () => child.stdin.end());
        const pid = child.pid;
        if (pid !== undefined) trackGroup(pid);
        let timedOut = false;
        let cancelKill: (() => void) | undefined;
        const timer = setTimeout(() => {
          if (pid === undefined) return;
          timedOut = true;
          cancelKill = terminateGroup(pid, KILL_GRACE_MS);
        }, timeoutMs);
        let last = '';
        for (const stream of [child.stdout, child.stderr]) {
          createInterface({ input: stream }).on('line', (line) => {
            last = line;
            output(line);
          });
        }
        child.on('error', (error) => {
          clearTimeout(timer);
          reject(error);
        });
        child.on('close', (code, signal) => {
          clearTimeout(timer);
          cancelKill?.();
          if (pid !== undefined) liveGroups.delete(pid);
          if (timedOut) reject(new Error(`'${command}' ran longer than ${formatMinutes(timeoutMs)} and was stopped`));
          else if (code === 0) resolve(`ran '${command}' for ${request.modelName} v${request.version}`);
          else reject(new Error(`'${command}' ${signal ? `was killed by ${signal}` : `exited with ${code}`}${last ? `: ${last}` : ''}`));
        });
      }),
  };
}

function formatMinutes(ms: number): string {
  const minutes = ms / 60_000;
  return minutes >= 1 ? `${Number(minutes.toFixed(2))} min` : `${Number((ms / 1000).toFixed(2))} s`;
}
