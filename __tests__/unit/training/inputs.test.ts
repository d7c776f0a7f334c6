import { describe, expect, test } from '@jest/globals';
import { createInputReader } from '@mlops-actions/common';
import { readTrainInputs, trainOptionsFromInputs } from '@mlops-actions/training';

const reader = (inputs: Record<string, string>) => createInputReader({ get: (name) => inputs[name] ?? '' });

describe('the train inputs', () => {
  test('defaults: model_artifacts, alias challenger, gpu optional, experiment named after the model, run named after the tag', () => {
    const inputs = readTrainInputs(reader({ command: 'python train.py', 'model-name': 'cifar10' }));
    expect(inputs).toMatchObject({ modelDir: 'model_artifacts', alias: 'challenger', gpu: 'optional', register: true, params: {} });
    const options = trainOptionsFromInputs(inputs, {
      env: { GITHUB_ACTIONS: 'true', GITHUB_REF: 'refs/tags/train-v1', GITHUB_RUN_ID: '7', GITHUB_REPOSITORY: 'a/b', GITHUB_JOB: 'train' },
      cwd: '/work',
      tempDir: '/tmp',
      trackingUri: 'http://mlflow',
    });
    expect(options).toMatchObject({ experiment: 'cifar10', runName: 'train-v1', workingDirectory: '/work' });
    expect(options.idempotencyKey).toMatch(/^a\/b\/7\/train\/[0-9a-f]{12}$/);
  });

  test.each([
    [{ command: 'x' }, "input 'model-name' is required to register the model: name it, or set input 'register' to false"],
    [{ command: 'x', 'model-name': 'm', gpu: 'yes' }, "input 'gpu'"],
    [{ command: 'x', 'model-name': 'm', 'cache-key': 'k' }, "input 'cache-paths' and input 'cache-key' go together"],
    [{ command: 'x', 'model-name': 'm', 'timeout-minutes': '0' }, "input 'timeout-minutes'"],
    [{ command: 'x', 'model-name': 'm', register: 'yes' }, "input 'register'"],
    [{ command: 'x', 'model-name': 'm', params: '[1, 2]' }, "input 'params'"],
    [{ command: 'x', 'model-name': 'm', alias: 'release candidate' }, "input 'alias': 'release candidate' is not an MLflow alias name"],
    [{ command: 'x', 'model-name': 'm', alias: 'V2' }, "input 'alias': 'V2' is reserved by MLflow for versions"],
  ])('%j is refused: %s', (inputs, message) => {
    expect(() => readTrainInputs(reader(inputs))).toThrow(message);
  });

  test('alias none registers without an alias; register false needs no model name', () => {
    expect(readTrainInputs(reader({ command: 'x', 'model-name': 'm', alias: 'none' })).alias).toBeUndefined();
    expect(readTrainInputs(reader({ command: 'x', register: 'false' })).register).toBe(false);
  });
});
