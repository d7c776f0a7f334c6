import { join } from 'node:path';
import { beforeAll, describe, expect, test } from '@jest/globals';
import { setAlias } from '@mlops-actions/mlflow';
import { listenOnLoopback } from '../helpers/loopback-server.js';
import { useMlflowServer } from '../helpers/mlflow-server.js';
import { runMlops, type MlopsRun } from '../helpers/mlops-cli.js';
import { registerModel } from '../helpers/registered-models.js';

const mlflow = useMlflowServer('mlops-suggestions-');

const mlopsAt = (trackingUri: string, ...args: string[]): Promise<MlopsRun> =>
  runMlops(args, { env: { MLFLOW_TRACKING_URI: trackingUri } });
const mlops = (...args: string[]): Promise<MlopsRun> => mlopsAt(mlflow.server.url, ...args);

const space = (): string[] => ['--space', `folder:${join(mlflow.dir, 'space')}`, '--cache-dir', join(mlflow.dir, 'cache')];
const evaluate = ['--dataset', 'mnist', '--condition', 'n - o > 0.01 +/- 0.02', '--cache-dir'];

beforeAll(async () => {
  // Nothing here is evaluated or deployed: every command stops where the name is looked up.
  for (let i = 0; i < 2; i++) await registerModel(mlflow.http, 'mnist-demo', { onnx: 'not parsed here' });
  await setAlias(mlflow.http, 'mnist-demo', 'production', 1);
  await setAlias(mlflow.http, 'mnist-demo', 'candidate', 2);
  await registerModel(mlflow.http, 'cifar10-alexnet', { onnx: 'not parsed here' });
});

describe('a mistyped model name or alias gets the names a typo away from it, from the registry', () => {
  test.each([
    ['deploy-hf', () => ['--model-name', 'mnsit-demo', ...space()]],
    ['deploy-hf --version', () => ['--model-name', 'mnsit-demo', '--version', '1', ...space()]],
    ['evaluate-promote', () => ['--model-name', 'mnsit-demo', ...evaluate, join(mlflow.dir, 'cache')]],
    ['rollback', () => ['--model-name', 'mnsit-demo', '--reason', 'a typo']],
  ])('a model name: %s', async (command, args) => {
    expect(await mlops(command.split(' ')[0]!, ...args())).toEqual({
      code: 2,
      stdout: '',
      stderr: `error: registered model 'mnsit-demo' does not exist in MLflow at ${mlflow.server.url} (did you mean 'mnist-demo'?)\n`,
    });
  });

  test.each([
    [
      'deploy-hf',
      () => ['--model-name', 'mnist-demo', '--alias', 'prodution', ...space()],
      "mnist-demo has no alias @prodution (did you mean 'production'?): nothing to deploy (has a version been promoted yet?)",
    ],
    [
      'evaluate-promote',
      () => ['--model-name', 'mnist-demo', '--challenger', 'candidat', ...evaluate, join(mlflow.dir, 'cache')],
      "mnist-demo has no alias @candidat (did you mean 'candidate'?): give a version number, an existing alias, or nothing for the newest version",
    ],
    [
      'rollback',
      () => ['--model-name', 'mnist-demo', '--champion-alias', 'prodution', '--reason', 'a typo'],
      "mnist-demo has no @prodution (did you mean 'production'?): there is nothing to roll back",
    ],
  ])('an alias: %s', async (command, args, message) => {
    expect(await mlops(command, ...args())).toEqual({ code: 2, stdout: '', stderr: `error: ${message}\n` });
  });

  test('the ledger of a mistyped name is empty, and says which name was meant', async () => {
    expect(await mlops('ledger', '--model-name', 'mnsit-demo')).toEqual({
      code: 0,
      stdout: 'mnsit-demo has no ledger entries yet: its ledger begins with its first promotion\n',
      stderr: `warning: registered model 'mnsit-demo' does not exist in MLflow at ${mlflow.server.url} (did you mean 'mnist-demo'?)\n`,
    });
  });

  test('a name nothing is close to gets no guess', async () => {
    expect((await mlops('deploy-hf', '--model-name', 'resnet50', ...space())).stderr).toBe(
      `error: registered model 'resnet50' does not exist in MLflow at ${mlflow.server.url}\n`,
    );
    expect((await mlops('deploy-hf', '--model-name', 'mnist-demo', '--alias', 'staging', ...space())).stderr).toBe(
      'error: mnist-demo has no alias @staging: nothing to deploy (has a version been promoted yet?)\n',
    );
  });

  test('a suggested name is shown as text: whoever registered it cannot clear the terminal or forge a line', async () => {
    await registerModel(mlflow.http, 'cifar10\r\nalexnet', { onnx: 'not parsed here' });
    await registerModel(mlflow.http, 'cifar10\u001b[2Jalexnet', { onnx: 'not parsed here' });
    expect((await mlops('deploy-hf', '--model-name', 'cifar10_alexnet', ...space())).stderr).toBe(
      `error: registered model 'cifar10_alexnet' does not exist in MLflow at ${mlflow.server.url} ` +
        "(did you mean 'cifar10-alexnet', 'cifar10\\u000d\\u000aalexnet' or 'cifar10\\u001b[2Jalexnet'?)\n",
    );
  });

  test('when the registry cannot be searched, the message is the one without suggestions', async () => {
    // An MLflow whose permissions let this token read versions and aliases, but neither search nor read models.
    const refusing = await listenOnLoopback((request, response) => {
      void (async () => {
        if (/registered-models\/(search|get)/.test(request.url ?? '')) {
          response
            .writeHead(403, { 'content-type': 'application/json' })
            .end(JSON.stringify({ error_code: 'PERMISSION_DENIED', message: 'Permission denied' }));
          return;
        }
        const answer = await fetch(`${mlflow.server.url}${request.url ?? '/'}`, { method: request.method ?? 'GET' });
        response.writeHead(answer.status, { 'content-type': 'application/json' }).end(Buffer.from(await answer.arrayBuffer()));
      })();
    });
    expect(await mlopsAt(refusing.url, 'deploy-hf', '--model-name', 'mnsit-demo', ...space())).toEqual({
      code: 2,
      stdout: '',
      stderr: 'error: mnsit-demo has no alias @production: nothing to deploy (has a version been promoted yet?)\n',
    });
    expect((await mlopsAt(refusing.url, 'deploy-hf', '--model-name', 'mnist-demo', '--alias', 'prodution', ...space())).stderr).toBe(
      'error: mnist-demo has no alias @prodution: nothing to deploy (has a version been promoted yet?)\n',
    );
    await refusing.close();
  });
});
