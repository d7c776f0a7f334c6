import { open } from 'node:fs/promises';
import type { Logger } from '@mlops-actions/common';
import { errorMessage, isOperationalError, OperationalError } from '@mlops-actions/common';
import type { Metric, MlflowHttp } from '@mlops-actions/mlflow';
import { createMetricSender } from './metric-sender.js';

export interface MetricsForwarderOptions {
  http: MlflowHttp;
  runId: string;
  /** The file the trainer appends `{"key", "value", "step"?, "timestamp"?}` lines to (MLOPS_METRICS_FILE). */
  path: string;
  logger: Logger;
  /** How often the file is read and new points sent (default 1,000 ms). */
  intervalMs?: number;
  /** The timestamp of points that carry none (default Date.now). */
  now?: () => number;
}

export interface ForwardReport {
  /** Metric points sent to MLflow. */
  forwarded: number;
  /** Lines that were not valid metric points (each warned about, up to a limit). */
  skipped: number;
  /** log-batch requests made. */
  requests: number;
}

export interface MetricsForwarder {
  /** Reads what is left (a last line without a newline included), sends it, and stops. */
  stop(): Promise<ForwardReport>;
  /** After a stop that could not send everything: sends what is still pending (throws while MLflow fails). */
  flush(): Promise<void>;
}

const WARNINGS_SHOWN = 5;
/** Sends of what is left at the end before giving up (each with the client's own retries). */
const FINAL_ATTEMPTS = 3;

/**
 * Forwards the metric lines a trainer appends to a file into the MLflow run while it trains: new complete
 * lines are read every interval and sent in batches. A malformed line is skipped with a warning; it never
 * interrupts training.
 */
export function startMetricsForwarder(options: MetricsForwarderOptions): MetricsForwarder {
  const now = options.now ?? Date.now;
  const report: ForwardReport = { forwarded: 0, skipped: 0, requests: 0 };
  let offset = 0;
  let partial = '';
  let lineNumber = 0;
  let busy: Promise<void> = Promise.resolve();

  const parse = (line: string): Metric | undefined => {
    lineNumber++;
    if (line.trim() === '') return undefined;
    let point: unknown;
    try {
      point = JSON.parse(line);
    } catch {
      point = undefined;
    }
    const record = typeof point === 'object' && point !== null ? (point as Record<string, unknown>) : {};
    const { key, value, step, timestamp } = record;
    const valid =
      typeof key === 'string' &&
      key !== '' &&
      typeof value === 'number' &&
      (step === undefined || Number.isSafeInteger(step)) &&
      (timestamp === undefined || Number.isSafeInteger(timestamp));
    if (!valid) {
      report.skipped++;
      if (report.skipped <= WARNINGS_SHOWN) {
        options.logger.warning(
          `${options.path}:${lineNumber}: skipped, not a metric line such as {"key": "loss", "value": 0.42, "step": 3}: ${line.slice(0, 120)}`,
        );
      }
      return undefined;
    }
    return { key, value, step: (step as number | undefined) ?? 0, timestamp: (timestamp as number | undefined) ?? now() };
  };

  const readNew = async (final: boolean): Promise<Metric[]> => {
    let handle;
    try {
      handle = await open(options.path, 'r');
    } catch {
      return []; // The trainer has not written any metric yet.
    }
    try {
      const chunks: Buffer[] = [];
      for (;;) {
        const buffer = Buffer.alloc(1024 * 1024);
        const { bytesRead } = await handle.read(buffer, 0, buffer.length, offset);
        if (bytesRead === 0) break;
        chunks.push(buffer.subarray(0, bytesRead));
        offset += bytesRead;
      }
      const lines = (partial + Buffer.concat(chunks).toString('utf8')).split('\n');
      partial = final ? '' : lines.pop()!;
      return lines.flatMap((line) => parse(line) ?? []);
    } finally {
      await handle.close();
    }
  };

  // Points read but not yet accepted by MLflow stay pending and go with the next send.
  const sender = createMetricSender(options.http, options.runId);
  const forward = async (final: boolean): Promise<void> => {
    const points = await readNew(final);
    sender.add(points);
    report.forwarded += points.length;
    report.requests += await sender.flush();
  };

  const tick = (): void => {
    // One read at a time: a slow MLflow delays the next read instead of sending points twice.
    busy = busy
      .then(() => forward(false))
      .catch((error: unknown) => options.logger.warning(`forwarding metrics failed, will retry: ${errorMessage(error)}`));
  };
  const timer = setInterval(tick, options.intervalMs ?? 1000);

  return {
    async stop() {
      clearInterval(timer);
      await busy;
      for (let attempt = 1; ; attempt++) {
        try {
          await forward(true);
          break;
        } catch (error) {
          if (attempt >= FINAL_ATTEMPTS)
            throw new OperationalError(`${sender.pending} metric points could not be sent to MLflow yet: ${errorMessage(error)}`, {
              service: 'MLflow',
              hint: isOperationalError(error) ? error.hint : undefined,
              cause: error,
            });
          await new Promise((resolve) => setTimeout(resolve, 250 * attempt));
        }
      }
      if (report.skipped > WARNINGS_SHOWN)
        options.logger.warning(
          `${report.skipped} malformed metric lines were skipped in all (the first ${WARNINGS_SHOWN} are shown above)`,
        );
      return { ...report };
    },
    async flush() {
      await sender.flush();
    },
  };
}
