import { terminalBars, type Progress, type ProgressOptions } from './progress.js';

/** Where packages report progress; passed in so the same code logs to Actions, a terminal or a test. */
export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warning(message: string): void;
  error(message: string): void;
  /** Runs `fn` inside a collapsible section of the log. */
  group<T>(title: string, fn: () => Promise<T>): Promise<T>;
  /** Shows a long operation's progress its own way (a terminal's bar); without it, `startProgress` says plain lines. */
  progress?(options: ProgressOptions): Progress;
}

export interface ConsoleLoggerOptions {
  /** Show debug lines. */
  verbose?: boolean;
  /** Where ordinary lines go; default process.stderr (stdout stays free for a command's result). */
  out?: (line: string) => void;
  /** A terminal to draw progress bars on (see `progressTerminal`); without one, progress is said in lines. */
  terminal?: NodeJS.WritableStream | undefined;
}

/** Logs for a terminal: warnings and errors prefixed, groups as headings. */
export function consoleLogger(options: ConsoleLoggerOptions = {}): Logger {
  const write = options.out ?? ((line: string) => process.stderr.write(`${line}\n`));
  const bars = options.terminal ? terminalBars(options.terminal) : undefined;
  // While a bar is shown, a line goes above it rather than through it.
  const out = (line: string): void => {
    if (!bars?.print(line)) write(line);
  };
  return {
    debug: (message) => {
      if (options.verbose) out(`debug: ${message}`);
    },
    info: (message) => out(message),
    warning: (message) => out(`warning: ${message}`),
    error: (message) => out(`error: ${message}`),
    group: async (title, fn) => {
      out(`== ${title}`);
      return fn();
    },
    ...(bars ? { progress: (progress: ProgressOptions) => bars.start(progress) } : {}),
  };
}

/** Discards everything; for callers that want no progress output. */
export const silentLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warning: () => undefined,
  error: () => undefined,
  group: (_title, fn) => fn(),
};
