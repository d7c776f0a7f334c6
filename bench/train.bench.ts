// Benchmarks of the train action's machinery against the embedded server (`mlops server`, its own process),
// each next to a baseline measured in the same run:
//   1. the overhead of train() around `sleep 5` against the bare command;
//   2. 100,000 metric lines written within 10 s: how long after the command ends they are all in MLflow, and in
//      how many requests — against a trainer that logs each point with its own request.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '@mlops-actions/common';
import { createMlflowHttp, createRun, getMetricHistory, getOrCreateExperiment, type MlflowHttp } from '@mlops-actions/mlflow';
import { startServerProcess } from './server-process.js';
import { train, type TrainOptions } from '@mlops-actions/training';
import { startMetricsForwarder } from '@mlops-actions/training/internal';

const work = mkdtempSync(join(tmpdir(), 'train-bench-'));
const server = await startServerProcess(work);
const http = createMlflowHttp({ trackingUri: server.url });
const REPEATS = 3;
const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

function bareCommand(command: string): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', command], { stdio: 'ignore' });
    child.once('error', reject);
    child.once('close', () => resolve((performance.now() - started) / 1000));
  });
}

function options(command: string, name: string): TrainOptions {
  return {
    command,
    workingDirectory: work,
    experiment: 'bench',
    runName: name,
    modelDir: 'model_artifacts',
    register: false,
    params: { lr: '0.01', epochs: '5' },
    gpu: 'optional',
    trackingUri: server.url,
    env: { PATH: process.env.PATH },
    lineage: (gpu) => Promise.resolve({ runner: 'bench', gpu, command }),
    tempDir: work,
  };
}

async function overhead(): Promise<void> {
  const bare: number[] = [];
  const wrapped: number[] = [];
  for (let i = 0; i < REPEATS; i++) {
    bare.push(await bareCommand('sleep 5'));
    const started = performance.now();
    await train(options('sleep 5', `overhead-${i}`), { http, logger: silentLogger });
    wrapped.push((performance.now() - started) / 1000);
  }
  const extra = median(wrapped) - median(bare);
  console.log(`\n'sleep 5', median of ${REPEATS}: bare ${median(bare).toFixed(3)} s, through train() ${median(wrapped).toFixed(3)} s`);
  console.log(
    `overhead of the action around the command: ${extra.toFixed(3)} s (target < 0.5 s); ratio ${(median(wrapped) / median(bare)).toFixed(3)}`,
  );
}

/** A node trainer that writes `lines` metric lines in ten bursts over about ten seconds. */
const writer = (lines: number): string =>
  `node -e 'const fs = require("fs"); let step = 0; const burst = () => { let text = ""; for (let i = 0; i < ${lines / 10}; i++) { step++; text += JSON.stringify({ key: "loss", value: 1 / step, step }) + "\\n"; } fs.appendFileSync(process.env.MLOPS_METRICS_FILE, text); }; let n = 0; const t = setInterval(() => { burst(); if (++n === 10) clearInterval(t); }, 1000);'`;

async function metricLines(): Promise<void> {
  const lines = 100_000;
  const experiment = await getOrCreateExperiment(http, 'bench');
  const run = await createRun(http, { experimentId: experiment.id, runName: 'metrics' });
  const path = join(work, 'metrics.jsonl');
  const forwarder = startMetricsForwarder({ http, runId: run.id, path, logger: silentLogger });
  const started = performance.now();
  await new Promise<void>((resolve, reject) => {
    const child = spawn('bash', ['-c', writer(lines)], { stdio: 'inherit', env: { ...process.env, MLOPS_METRICS_FILE: path } });
    child.once('error', reject);
    child.once('close', () => resolve());
  });
  const commandEnded = performance.now();
  const report = await forwarder.stop();
  const drained = (performance.now() - commandEnded) / 1000;
  const stored = (await getMetricHistory(http, run.id, 'loss')).length;
  console.log(`\n${lines.toLocaleString('en')} metric lines over ${((commandEnded - started) / 1000).toFixed(1)} s of training:`);
  console.log(
    `  all in MLflow ${drained.toFixed(3)} s after the command ended (target <= 2 s), ${report.requests} requests, ${stored.toLocaleString('en')} stored`,
  );

  // Baseline: one log-metric request per point, as a trainer calling mlflow.log_metric in its loop does.
  const sample = 5_000;
  const baselineRun = await createRun(http, { experimentId: experiment.id, runName: 'per-point' });
  const baselineStarted = performance.now();
  for (let step = 1; step <= sample; step++) await logMetric(http, baselineRun.id, step);
  const perPoint = (performance.now() - baselineStarted) / 1000 / sample;
  console.log(
    `  baseline, one request per point: ${(perPoint * 1000).toFixed(3)} ms a point (measured on ${sample.toLocaleString('en')}), ` +
      `${(perPoint * lines).toFixed(1)} s and ${lines.toLocaleString('en')} requests for ${lines.toLocaleString('en')} points`,
  );
  console.log(`  ratio: ${(lines / report.requests).toFixed(0)}x fewer requests`);
}

async function logMetric(client: MlflowHttp, runId: string, step: number): Promise<void> {
  await client.call('POST', 'mlflow/runs/log-metric', {
    body: { run_id: runId, key: 'loss', value: 1 / step, timestamp: Date.now(), step },
  });
}

try {
  console.log(`server ${server.url}, ${process.version}, ${cpus().length} cores`);
  await overhead();
  await metricLines();
} finally {
  server.stop();
  rmSync(work, { recursive: true, force: true });
}
