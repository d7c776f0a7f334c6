import { join, resolve } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { runMlops, type MlopsRun } from '../helpers/mlops-cli.js';
import { getModelVersion, getRun } from '@mlops-actions/mlflow';
import { useMlflowServer } from '../helpers/mlflow-server.js';

const root = resolve(import.meta.dirname, '..', '..');
const mlflow = useMlflowServer('mlops-train-cli-');

const mlops = (env: NodeJS.ProcessEnv, ...args: string[]): Promise<MlopsRun> => runMlops(args, { env });

describe('mlops train', () => {
  test('trains, registers and prints the outputs the action sets', async () => {
    const result = await mlops(
      { PATH: process.env.PATH, MLFLOW_TRACKING_URI: mlflow.server.url },
      'train',
      '--command',
      'node --import tsx examples/mnist-mlp/src/train.ts',
      '--working-directory',
      root,
      '--model-name',
      'digits',
      '--model-dir',
      join(mlflow.dir, 'model'),
      '--params',
      'hidden: 8\nepochs: 1\nsamples: 600',
      '--json',
    );
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('training a 8-unit MLP on 600 digits');
    const outputs = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(outputs).toMatchObject({ 'model-version': 1, 'model-uri': 'models:/digits/1', metrics: { test_accuracy: expect.any(Number) } });
    const http = mlflow.http;
    expect((await getRun(http, outputs['run-id'] as string)).tags['mlops.command']).toBe(
      'node --import tsx examples/mnist-mlp/src/train.ts',
    );
    expect((await getModelVersion(http, 'digits', 1))?.status).toBe('READY');
  });

  test("exits with the command's own status when it fails", async () => {
    const result = await mlops(
      { PATH: process.env.PATH, MLFLOW_TRACKING_URI: mlflow.server.url },
      'train',
      '--command',
      'exit 5',
      '--model-name',
      'x',
    );
    expect(result.code).toBe(5);
    expect(result.stdout).toMatch(/ended failed \(exit status 5\)/);
  });

  test('without MLFLOW_TRACKING_URI it says what to set, and runs nothing', async () => {
    const result = await mlops({ PATH: process.env.PATH }, 'train', '--command', 'true', '--model-name', 'x');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('MLFLOW_TRACKING_URI is not set');
  });

  test('MLflow unreachable is an outage: the message, what to check, exit status 1', async () => {
    const result = await mlops(
      { PATH: process.env.PATH, MLFLOW_TRACKING_URI: 'http://127.0.0.1:9', MLFLOW_HTTP_REQUEST_MAX_RETRIES: '0' },
      'train',
      '--command',
      'echo never',
      '--model-name',
      'x',
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('error: MLflow at http://127.0.0.1:9 cannot be used, so the training command was not started');
    expect(result.stderr).toContain('\n  check MLFLOW_TRACKING_URI and that the server is reachable');
  });
});
