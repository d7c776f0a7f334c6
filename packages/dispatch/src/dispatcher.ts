import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

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
}

/**
 * A dispatcher that runs a shell command on this machine for each version, with `MLOPS_MODEL_NAME`,
 * `MLOPS_MODEL_VERSION` and `MLOPS_EVENT` set; a non-zero exit is a failed dispatch (retried by the relay).
 */
export function commandDispatcher(command: string, options: CommandDispatcherOptions = {}): Dispatcher {
  const output = options.output ?? ((line: string) => void process.stderr.write(`${line}\n`));
  return {
    dispatch: (request) =>
      new Promise((resolve, reject) => {
        const child = spawn('/bin/sh', ['-c', command], {
          cwd: options.cwd,
          env: {
            ...(options.env ?? process.env),
            MLOPS_MODEL_NAME: request.modelName,
            MLOPS_MODEL_VERSION: String(request.version),
            MLOPS_EVENT: request.event,
          },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let last = '';
        for (const stream of [child.stdout, child.stderr]) {
          createInterface({ input: stream }).on('line', (line) => {
            last = line;
            output(line);
          });
        }
        child.on('error', reject);
        child.on('close', (code, signal) => {
          if (code === 0) resolve(`ran '${command}' for ${request.modelName} v${request.version}`);
          else reject(new Error(`'${command}' ${signal ? `was killed by ${signal}` : `exited with ${code}`}${last ? `: ${last}` : ''}`));
        });
      }),
  };
}
