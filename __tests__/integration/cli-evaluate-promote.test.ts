/**
 * @jest-environment ./__tests__/environments/host-typed-arrays.mjs
 */
import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, test } from '@jest/globals';
import { runMlops, type MlopsRun } from '../helpers/mlops-cli.js';
import { getVersionByAlias } from '@mlops-actions/mlflow';
import { useMlflowServer } from '../helpers/mlflow-server.js';
import { mnistModel, registerModel } from '../helpers/registered-models.js';

const mlflow = useMlflowServer('mlops-evaluate-cli-');

const mlops = (...args: string[]): Promise<MlopsRun> => runMlops(args, { env: { MLFLOW_TRACKING_URI: mlflow.server.url } });

const common = (cache: string) => [
  '--model-name',
  'digits',
  '--dataset',
  'mnist',
  '--condition',
  'n - o > 0.01 +/- 0.02',
  '--samples',
  '2000',
  '--cache-dir',
  cache,
];

describe('mlops evaluate-promote', () => {
  test('exit 0 and the outputs when promoted; exit 3 and the reason when not; exit 0 for the champion itself', async () => {
    const cache = join(mlflow.dir, 'cache');
    await registerModel(mlflow.http, 'digits', { onnx: mnistModel(16, 2000) });
    const first = await mlops('evaluate-promote', ...common(cache), '--json');
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ passed: true, promoted: true, 'challenger-version': 1 });
    expect(first.stderr).toContain('digits v1: downloaded');
    // The notice the action annotates its run with, said plainly.
    expect(first.stderr).toContain(
      "notice: v1 of digits is now @production — first model: promoted without comparison (first-model rule 'promote')\n",
    );

    await registerModel(mlflow.http, 'digits', { onnx: mnistModel(8, 600, 3) });
    const second = await mlops('evaluate-promote', ...common(cache));
    expect(second.code).toBe(3);
    expect(second.stdout).toMatch(/^not promoted: rejected: /);
    expect(second.stderr).toMatch(/^notice: v2 of digits was not promoted: n − o = /m);
    expect(second.stderr).toContain('digits v1: model found in the cache');
    expect((await getVersionByAlias(mlflow.http, 'digits', 'production'))?.version).toBe(1);

    const again = await mlops('evaluate-promote', ...common(cache), '--challenger', '1');
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(
      /^nothing to do: v1 already is @production, promoted by evaluation run [0-9a-f]{32}: nothing to evaluate again\n$/,
    );
  }, 60_000);

  test("--shard i/k on each machine, then --shard merge with the same --shard-group: the whole evaluation's decision", async () => {
    const cache = join(mlflow.dir, 'cache-shards');
    const model = (name: string) => ['--model-name', name, ...common(cache).slice(2)];
    for (const name of ['whole', 'parts']) {
      await registerModel(mlflow.http, name, { onnx: mnistModel(8, 600, 3) });
      expect((await mlops('evaluate-promote', ...model(name))).code).toBe(0);
      await registerModel(mlflow.http, name, { onnx: mnistModel(16, 2000) });
    }
    const whole = await mlops('evaluate-promote', ...model('whole'), '--json');

    const noGroup = await mlops('evaluate-promote', ...model('parts'), '--shard', '1/2');
    expect(noGroup.code).toBe(2);
    expect(noGroup.stderr).toContain('--shard needs --shard-group outside a GitHub Actions run');
    for (const part of ['1/2', '2/2']) {
      const shard = await mlops('evaluate-promote', ...model('parts'), '--shard', part, '--shard-group', 'laptops-1');
      expect([shard.code, shard.stdout]).toEqual([
        0,
        expect.stringMatching(new RegExp(`^shard ${part} evaluated \\(998 items\\), recorded in shard run \\w+: the merge decides\n$`)),
      ]);
    }
    const merged = await mlops('evaluate-promote', ...model('parts'), '--shard', 'merge', '--shard-group', 'laptops-1', '--json');
    expect(merged.code).toBe(whole.code);
    // Everything but the evaluation run, which each evaluation has its own of.
    const decision = (outputs: Record<string, unknown>) => Object.entries(outputs).filter(([name]) => name !== 'evaluation-run-id');
    expect(decision(JSON.parse(merged.stdout) as Record<string, unknown>)).toEqual(
      decision(JSON.parse(whole.stdout) as Record<string, unknown>),
    );
  }, 120_000);

  test('a missing condition file is a usage error naming the flag', async () => {
    const result = await mlops('evaluate-promote', '--model-name', 'digits', '--dataset', 'mnist', '--condition-file', 'nowhere.txt');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--condition-file: cannot read 'nowhere.txt': check the path");
  });

  test('a champion alias MLflow would refuse is named before anything is evaluated', async () => {
    const result = await mlops('evaluate-promote', ...common(join(mlflow.dir, 'cache')), '--champion-alias', 'prod ready');
    expect(result).toMatchObject({
      code: 2,
      stderr: "error: --champion-alias: 'prod ready' is not an MLflow alias name: use letters, digits, _ and -, at most 255 characters\n",
    });
  });

  test('without a condition, a missing default condition file says how to give one', async () => {
    // Run where there is no configs/ folder.
    const result = await promisify(execFile)(
      process.execPath,
      [resolve('dist/cli/index.js'), 'evaluate-promote', '--model-name', 'digits', '--dataset', 'mnist'],
      {
        cwd: mlflow.dir,
        env: { PATH: process.env.PATH, MLFLOW_TRACKING_URI: mlflow.server.url },
      },
    ).then(
      () => ({ code: 0, stderr: '' }),
      (error: unknown) => error as { code: number; stderr: string },
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      "error: no condition given, and the default --condition-file 'configs/test_condition.txt' cannot be read: create it (one line such as n - o > 0.02 +/- 0.01), or give --condition or --condition-file\n",
    );
  });
});
