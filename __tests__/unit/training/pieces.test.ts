import { describe, expect, test } from '@jest/globals';
import { createInputReader } from '@mlops-actions/common';
import {
  describeGpus,
  lineageFromGithub,
  lineageTags,
  normalizeParams,
  paramVariables,
  parseNvidiaSmi,
  readTrainInputs,
  renderMetricChart,
  renderMetricCurvesMarkdown,
  trainOptionsFromInputs,
} from '@mlops-actions/training';

const reader = (inputs: Record<string, string>) => createInputReader({ get: (name) => inputs[name] ?? '' });

describe('params', () => {
  test('scalars become MLflow params and MLOPS_PARAM_ variables', () => {
    const params = normalizeParams({ 'learning-rate': 0.01, epochs: 30, augment: true, 'optimizer.name': 'sgd' });
    expect(params).toEqual({ 'learning-rate': '0.01', epochs: '30', augment: 'true', 'optimizer.name': 'sgd' });
    expect(paramVariables(params)).toEqual({
      MLOPS_PARAM_LEARNING_RATE: '0.01',
      MLOPS_PARAM_EPOCHS: '30',
      MLOPS_PARAM_AUGMENT: 'true',
      MLOPS_PARAM_OPTIMIZER_NAME: 'sgd',
    });
  });

  test('a key MLflow refuses, or two keys sharing a variable, are input errors', () => {
    expect(() => normalizeParams({ 'lr=0.1': 1 })).toThrow("input 'params': 'lr=0.1' is not a valid MLflow param name");
    expect(() => paramVariables({ 'batch-size': '1', batch_size: '2' })).toThrow(
      "input 'params': 'batch-size' and 'batch_size' would both be passed as MLOPS_PARAM_BATCH_SIZE; rename one",
    );
  });
});

describe('nvidia-smi', () => {
  test('its CSV gives each GPU, with figures the driver does not report left out', () => {
    const gpus = parseNvidiaSmi(
      '0, NVIDIA H100 80GB HBM3, 87, 40211, 81559, 512.34, 700.00\n1, NVIDIA H100 80GB HBM3, [N/A], 3, 81559, [N/A], 700.00\n',
    );
    expect(gpus).toEqual([
      {
        index: 0,
        name: 'NVIDIA H100 80GB HBM3',
        utilizationPercent: 87,
        memoryUsedMb: 40211,
        memoryTotalMb: 81559,
        powerWatts: 512.34,
        powerLimitWatts: 700,
      },
      {
        index: 1,
        name: 'NVIDIA H100 80GB HBM3',
        utilizationPercent: undefined,
        memoryUsedMb: 3,
        memoryTotalMb: 81559,
        powerWatts: undefined,
        powerLimitWatts: 700,
      },
    ]);
    expect(describeGpus(gpus)).toBe('2 × NVIDIA H100 80GB HBM3');
    expect(describeGpus(undefined)).toBe('none');
  });
});

describe('lineage', () => {
  test('a tag-triggered job gives commit, ref, tag, run URL and runner; outside Actions there is none', () => {
    const env = {
      GITHUB_ACTIONS: 'true',
      GITHUB_SHA: 'abc123',
      GITHUB_REF: 'refs/tags/train-v2.0.0',
      GITHUB_REPOSITORY: 'acme/vision',
      GITHUB_SERVER_URL: 'https://ghe.example.com',
      GITHUB_RUN_ID: '42',
      GITHUB_RUN_ATTEMPT: '2',
      RUNNER_NAME: 'gpu-1',
    };
    const tags = lineageTags(lineageFromGithub(env, 'python train.py', 'NVIDIA A10G')!);
    expect(tags).toMatchObject({
      'mlops.git.commit': 'abc123',
      'mlops.git.tag': 'train-v2.0.0',
      'mlops.github.run_url': 'https://ghe.example.com/acme/vision/actions/runs/42/attempts/2',
      'mlops.github.repository': 'https://ghe.example.com/acme/vision',
      'mlops.runner': 'gpu-1',
      'mlops.gpu': 'NVIDIA A10G',
      'mlops.command': 'python train.py',
      'mlflow.source.git.commit': 'abc123',
    });
    expect(lineageTags(lineageFromGithub({ ...env, GITHUB_REF: 'refs/heads/main' }, 'x', 'none')!)['mlops.git.tag']).toBeUndefined();
    expect(lineageFromGithub({}, 'x', 'none')).toBeUndefined();
  });
});

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

describe('the metric chart', () => {
  test('one panel per curve with its last value; names are escaped; axis labels tell close ends apart', () => {
    const svg = renderMetricChart([
      {
        key: 'loss<1>',
        points: [
          { step: 1, value: 2 },
          { step: 2, value: 1 },
          { step: 3, value: 0.5 },
        ],
      },
      {
        key: 'valid_loss',
        points: [
          { step: 1, value: 2.30286 },
          { step: 2, value: 2.30261 },
        ],
      },
      { key: 'test_acc', points: [{ step: 3, value: 0.9 }] },
    ])!;
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" width="640" height="170"/);
    expect(svg).toContain('loss&lt;1&gt; = 0.5');
    expect(svg).toContain('>2.30286<');
    expect(svg).toContain('>2.30261<');
    expect(svg).not.toContain('test_acc');
    expect(svg.match(/<polyline/g)).toHaveLength(2);
    expect(renderMetricChart([{ key: 'x', points: [{ step: 1, value: 1 }] }])).toBeUndefined();
  });
});

describe('the metric curves as text', () => {
  test('a flat curve, a curve with non-finite points and thousands of points each draw; a single value does not', () => {
    const markdown = renderMetricCurvesMarkdown([
      { key: 'flat', points: [1, 2, 3].map((step) => ({ step, value: 0.5 })) },
      {
        key: 'gappy',
        points: [
          { step: 1, value: 1 },
          { step: 2, value: Number.NaN },
          { step: 3, value: 3 },
        ],
      },
      { key: 'long', points: Array.from({ length: 5000 }, (_, i) => ({ step: i, value: i % 7 })) },
      { key: 'once', points: [{ step: 1, value: 9 }] },
    ])!;
    const charts = [...markdown.matchAll(/```text\n([\s\S]*?)```/g)].map((match) => match[1]!);
    expect(charts).toHaveLength(3);
    expect(charts[0]).toMatch(/^0\.550 ┤ *\n(.*\n){3}0\.500 ┼─+/m);
    expect(charts[1]).toMatch(/^3\.0+ ┤/m);
    // 5,000 points averaged into at most 60 columns.
    expect(Math.max(...charts[2]!.split('\n').map((line) => line.length))).toBeLessThanOrEqual(72);
    expect(markdown).not.toContain('once');
    expect(renderMetricCurvesMarkdown([{ key: 'once', points: [{ step: 1, value: 9 }] }])).toBeUndefined();
  });

  test('a metric name is Markdown-escaped outside the text block and never inside it', () => {
    const markdown = renderMetricCurvesMarkdown([
      {
        key: 'a|b<c>```',
        points: [
          { step: 1, value: 1 },
          { step: 2, value: 2 },
        ],
      },
    ])!;
    expect(markdown.split('\n')[0]).toBe('**a\\|b&lt;c>\\`\\`\\`** = 2');
    expect(markdown.match(/```/g)).toHaveLength(2);
  });
});
