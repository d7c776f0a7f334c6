import cliProgress from 'cli-progress';
import prettyBytes from 'pretty-bytes';
import type { Logger } from './logger.js';

/** A long operation, as its progress is shown. */
export interface ProgressOptions {
  /** What is under way, as a line starts: `downloading cifar-10-binary.tar.gz`, `challenger v3`. */
  label: string;
  /** How many units in all, when known (a download without a Content-Length has no total). */
  total?: number | undefined;
  /** What is counted: bytes (shown as kB, MB, GB) or items (shown as counts). */
  unit: 'bytes' | 'items';
}

/** How far a long operation has got; `end` it however the operation ends. */
export interface Progress {
  /** Units done so far. */
  update(done: number): void;
  /** The operation is over (done or failed): a bar is taken away, and lines end with where it stopped. */
  end(): void;
}

/** When plain progress lines are said: only once both this much time and this share of the total have passed. */
export interface ProgressLineTiming {
  /** Clock in ms (default performance.now); tests pass a fake. */
  now?: () => number;
  /** Least time between lines in ms (default 10,000). */
  everyMs?: number;
  /** Least share of the total between lines (default 0.1); not used when the total is unknown. */
  everyFraction?: number;
}

/** An operation shorter than this shows no bar at all. */
const BAR_DELAY_MS = 1000;

/** `82 MB of 163 MB (50%)`, `1,000 of 10,000 items (10%)`, `4.1 MB`. */
export function progressAmount(done: number, options: ProgressOptions): string {
  const count = (value: number): string => (options.unit === 'bytes' ? prettyBytes(value) : value.toLocaleString('en-US'));
  const items = options.unit === 'items' ? ' items' : '';
  if (options.total === undefined || options.total <= 0) return `${count(done)}${items}`;
  return `${count(done)} of ${count(options.total)}${items} (${Math.floor((Math.min(done, options.total) / options.total) * 100)}%)`;
}

/**
 * Starts showing an operation's progress the logger's way: a bar when it draws on a terminal (consoleLogger with
 * `terminal`), otherwise plain lines through `logger.info` (Actions logs, CI, a piped stderr).
 */
export function startProgress(logger: Logger, options: ProgressOptions): Progress {
  return logger.progress?.(options) ?? progressLines(logger, options);
}

/**
 * Progress as plain lines through `logger.info` — `downloading cifar-10-binary.tar.gz: 82 MB of 163 MB (50%)` — every 10%
 * or every 10 s, whichever is rarer, so a log gets a handful of lines however fast or slow the operation; an operation
 * shorter than that says nothing.
 */
export function progressLines(logger: Logger, options: ProgressOptions, timing: ProgressLineTiming = {}): Progress {
  const now = timing.now ?? (() => performance.now());
  const everyMs = timing.everyMs ?? 10_000;
  const everyFraction = timing.everyFraction ?? 0.1;
  const total = options.total !== undefined && options.total > 0 ? options.total : undefined;
  let saidAt = now();
  let saidFraction = 0;
  let said: number | undefined;
  let latest = 0;
  return {
    update(done) {
      latest = done;
      const at = now();
      if (at - saidAt < everyMs) return;
      const fraction = total === undefined ? 0 : done / total;
      // (The margin keeps 0.3 − 0.2 from falling short of 0.1 in floating point.)
      if (total !== undefined && fraction - saidFraction < everyFraction - 1e-9) return;
      logger.info(`${options.label}: ${progressAmount(done, options)}`);
      said = done;
      saidAt = at;
      saidFraction = fraction;
    },
    end() {
      // A log that showed the operation under way also shows where it stopped.
      if (said !== undefined && said !== latest) logger.info(`${options.label}: ${progressAmount(latest, options)}`);
      said = latest;
    },
  };
}

/** Bars drawn on a terminal, and the lines said while they are shown. */
export interface TerminalBars {
  start(options: ProgressOptions): Progress;
  /** Prints a line above the bars; false when no bar is shown (the caller prints it itself). */
  print(line: string): boolean;
}

/**
 * Progress bars on a terminal (cli-progress): one bar per operation under way, shown once it has taken a second; a
 * line said meanwhile goes above the bars instead of through them. A bar is removed when its operation ends.
 */
export function terminalBars(terminal: NodeJS.WritableStream, now: () => number = () => performance.now()): TerminalBars {
  let bars: cliProgress.MultiBar | undefined;
  let shown = 0;
  const show = (options: ProgressOptions, done: number): cliProgress.SingleBar => {
    bars ??= new cliProgress.MultiBar({
      stream: terminal,
      hideCursor: true,
      clearOnComplete: true,
      gracefulExit: true,
      barsize: 30,
      format: '{label} {bar} {amount}',
    });
    shown++;
    const known = options.total !== undefined && options.total > 0;
    // Without a total there is nothing to fill: the label and the count alone.
    return bars.create(
      options.total ?? 0,
      done,
      { label: options.label, amount: progressAmount(done, options) },
      known ? {} : { format: '{label} {amount}' },
    );
  };
  const hide = (bar: cliProgress.SingleBar): void => {
    if (--shown > 0) {
      bars?.remove(bar);
      return;
    }
    bars?.update();
    bars?.stop();
    bars = undefined;
  };
  return {
    start(options) {
      const startedAt = now();
      let bar: cliProgress.SingleBar | undefined;
      return {
        update(done) {
          if (!bar && now() - startedAt >= BAR_DELAY_MS) bar = show(options, done);
          bar?.update(done, { amount: progressAmount(done, options) });
        },
        end() {
          if (bar) hide(bar);
          bar = undefined;
        },
      };
    },
    print(line) {
      if (!bars) return false;
      bars.log(`${line}\n`);
      bars.update();
      return true;
    },
  };
}

/**
 * The stream to draw progress bars on, when there is one: a terminal, outside CI. In GitHub Actions (GITHUB_ACTIONS,
 * CI) or with output piped to a file, progress is said in plain lines instead, which a log keeps readable.
 */
export function progressTerminal(
  stream: NodeJS.WriteStream,
  env: Readonly<Record<string, string | undefined>>,
): NodeJS.WriteStream | undefined {
  const set = (value: string | undefined): boolean => value !== undefined && value !== '' && value !== 'false' && value !== '0';
  if (!stream.isTTY || set(env.CI) || set(env.GITHUB_ACTIONS)) return undefined;
  return stream;
}
