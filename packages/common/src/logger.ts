/** Where packages report progress; passed in so the same code logs to Actions, a terminal or a test. */
export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warning(message: string): void;
  error(message: string): void;
  /** Runs `fn` inside a collapsible section of the log. */
  group<T>(title: string, fn: () => Promise<T>): Promise<T>;
}

export interface ConsoleLoggerOptions {
  /** Show debug lines. */
  verbose?: boolean;
  /** Where ordinary lines go; default process.stderr (stdout stays free for a command's result). */
  out?: (line: string) => void;
}

/** Logs for a terminal: warnings and errors prefixed, groups as headings. */
export function consoleLogger(options: ConsoleLoggerOptions = {}): Logger {
  const out = options.out ?? ((line: string) => process.stderr.write(`${line}\n`));
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
