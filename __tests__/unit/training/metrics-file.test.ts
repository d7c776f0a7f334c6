import { appendFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { createMlflowHttp, createRun, getMetricHistory, getOrCreateExperiment, type MlflowHttp } from '@mlops-actions/mlflow';
import { startMlflowServer, type MlflowServer } from '@mlops-actions/mlflow-server';
import { startMetricsForwarder } from '@mlops-actions/training/internal';
import { startFaultProxy } from '../../helpers/fault-proxy.js';

let server: MlflowServer;
let http: MlflowHttp;
const dir = mkdtempSync(join(tmpdir(), 'metrics-file-'));
beforeAll(async () => {
  server = await startMlflowServer({ dataDir: join(dir, 'server'), port: 0 });
  http = createMlflowHttp({ trackingUri: server.url });
});
afterAll(async () => {
  await server.close();
});

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const logger = () => {
  const warnings: string[] = [];
  return {
    warnings,
    logger: {
      debug: () => undefined,
      info: () => undefined,
      error: () => undefined,
      warning: (m: string) => void warnings.push(m),
      group: <T>(_t: string, fn: () => Promise<T>) => fn(),
    },
  };
};

describe('the metrics file forwarder', () => {
  test('points appended while training reach the run in order; a last line without a newline is kept', async () => {
    const run = await createRun(http, { experimentId: (await getOrCreateExperiment(http, 'forwarder')).id });
    const path = join(dir, 'metrics.jsonl');
    const { logger: log, warnings } = logger();
    const forwarder = startMetricsForwarder({ http, runId: run.id, path, logger: log, intervalMs: 20 });
    for (let step = 0; step < 50; step++) {
      appendFileSync(path, `${JSON.stringify({ key: 'loss', value: 1 / (step + 1), step })}\n`);
      if (step % 10 === 0) await pause(30);
    }
    appendFileSync(path, '{"key": "acc", "value": 0.9, "step": 49, "timestamp": 1700000000000}');
    const report = await forwarder.stop();
    expect(report).toMatchObject({ forwarded: 51, skipped: 0 });
    expect(report.requests).toBeGreaterThanOrEqual(2);
    const loss = await getMetricHistory(http, run.id, 'loss');
    expect(loss.map((m) => m.step)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(await getMetricHistory(http, run.id, 'acc')).toEqual([{ key: 'acc', value: 0.9, step: 49, timestamp: 1_700_000_000_000 }]);
    expect(warnings).toEqual([]);
  });

  test('malformed lines are skipped with a warning and a count, the rest still arrives', async () => {
    const run = await createRun(http, { experimentId: (await getOrCreateExperiment(http, 'forwarder')).id });
    const path = join(dir, 'bad.jsonl');
    appendFileSync(
      path,
      [
        '{"key": "loss", "value": 0.5, "step": 1}',
        'not json',
        '{"key": "loss", "value": "high"}',
        '{"value": 1}',
        '',
        '{"key": "loss", "value": 0.4, "step": 2}',
        ...Array.from({ length: 6 }, () => '[]'),
      ].join('\n') + '\n',
    );
    const { logger: log, warnings } = logger();
    const report = await startMetricsForwarder({ http, runId: run.id, path, logger: log, intervalMs: 10_000 }).stop();
    expect(report).toMatchObject({ forwarded: 2, skipped: 9 });
    expect(warnings).toHaveLength(6);
    expect(warnings[0]).toBe(`${path}:2: skipped, not a metric line such as {"key": "loss", "value": 0.42, "step": 3}: not json`);
    expect(warnings[5]).toBe('9 malformed metric lines were skipped in all (the first 5 are shown above)');
    expect((await getMetricHistory(http, run.id, 'loss')).map((m) => m.value)).toEqual([0.5, 0.4]);
  });

  test('no file yet is not an error; MLflow failing a share of requests loses and doubles nothing', async () => {
    const proxy = await startFaultProxy({ upstream: server.url, failureRate: 0.3, seed: 5 });
    try {
      const flaky = createMlflowHttp({ trackingUri: proxy.url, retry: { maxRetries: 1, baseDelayMs: 1 } });
      const run = await createRun(http, { experimentId: (await getOrCreateExperiment(http, 'forwarder')).id });
      const path = join(dir, 'flaky.jsonl');
      const { logger: log } = logger();
      const forwarder = startMetricsForwarder({ http: flaky, runId: run.id, path, logger: log, intervalMs: 5 });
      await pause(30);
      for (let step = 0; step < 3_000; step++) {
        appendFileSync(path, `${JSON.stringify({ key: 'loss', value: step, step })}\n`);
        if (step % 300 === 0) await pause(15);
      }
      const report = await forwarder.stop();
      expect(report.forwarded).toBe(3_000);
      const history = await getMetricHistory(http, run.id, 'loss');
      expect(history).toHaveLength(3_000);
      expect(new Set(history.map((m) => m.step)).size).toBe(3_000);
    } finally {
      await proxy.close();
    }
  });
});
