/**
 * @jest-environment ./__tests__/environments/host-typed-arrays.mjs
 */
import { join } from 'node:path';
import { afterEach, describe, expect, jest, test } from '@jest/globals';
import { runMlops } from '../helpers/mlops-cli.js';
import { useMlflowServer } from '../helpers/mlflow-server.js';
import { mnistModel, registerModel } from '../helpers/registered-models.js';

const mlflow = useMlflowServer('mlops-progress-cli-');

afterEach(() => {
  jest.restoreAllMocks();
});

describe('progress of mlops commands', () => {
  test('goes to stderr in plain lines when it is not a terminal; --json output on stdout stays JSON alone', async () => {
    await registerModel(mlflow.http, 'digits', { onnx: mnistModel(16, 2000) });
    // Time runs 500 times faster for the progress clock: the evaluation's second or so reads as minutes, so the lines
    // come on their real schedule (every 10%, at most one per 10 s).
    const real = performance.now.bind(performance);
    const start = real();
    jest.spyOn(performance, 'now').mockImplementation(() => start + (real() - start) * 500);
    const run = await runMlops(
      [
        'evaluate-promote',
        '--model-name',
        'digits',
        '--dataset',
        'mnist',
        '--condition',
        'n - o > 0.01 +/- 0.02',
        '--samples',
        '2000',
        '--batch-size',
        '16',
        '--cache-dir',
        join(mlflow.dir, 'cache'),
        '--json',
      ],
      { env: { MLFLOW_TRACKING_URI: mlflow.server.url } },
    );
    jest.restoreAllMocks();
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ promoted: true });
    const progress = run.stderr.split('\n').filter((line) => / of 1,996 items \(\d+%\)$/.test(line));
    expect(progress.length).toBeGreaterThanOrEqual(2);
    expect(run.stdout).not.toMatch(/items|%\)/);
  }, 120_000);
});
