/**
 * @jest-environment ./__tests__/environments/host-typed-arrays.mjs
 */
// A model whose weights or outputs are NaN or infinite scores by accident (a NaN loses every comparison, so the
// argmax says class 0 and the model "is right" on a tenth of the digits): it must never be registered or promoted.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, test } from '@jest/globals';
import { createMlp, exportOnnx, MNIST_PREPROCESSING } from '@mlops-actions/example-mnist-mlp';
import { getRun, getVersionByAlias, searchModelVersions, searchRuns, getOrCreateExperiment } from '@mlops-actions/mlflow';
import { inspectOnnxModel } from '@mlops-actions/model-format';
import { parseGateConfig, resolveSettings } from '@mlops-actions/gate';
import { evaluateAndPromote } from '@mlops-actions/promotion';
import { train } from '@mlops-actions/training';
import { useMlflowServer } from '../helpers/mlflow-server.js';
import { recordingLogger } from '../helpers/recording-logger.js';
import { registerModel } from '../helpers/registered-models.js';

const mlflow = useMlflowServer('finite-models-');

/** An MNIST MLP with its weights changed by `spoil`, as ONNX. */
function spoiledModel(spoil: (model: ReturnType<typeof createMlp>) => void): Uint8Array {
  let state = 3;
  const model = createMlp(8, () => ((state = (state * 16807) % 2147483647) - 1) / 2147483646);
  spoil(model);
  return exportOnnx(model, 'spoiled');
}

const nanWeights = spoiledModel((model) => (model.w1[5] = Number.NaN));
// Every weight finite, but so large that the logits overflow to infinity.
const overflowing = spoiledModel((model) => {
  model.w2.fill(3e38);
  model.b2.fill(3e38);
});

const gate = parseGateConfig('n - o > 0.01 +/- 0.02');
const evaluate = (name: string) =>
  evaluateAndPromote(
    {
      modelName: name,
      challenger: undefined,
      championAlias: 'production',
      dataset: 'mnist',
      condition: gate.condition,
      settings: resolveSettings({ file: gate.settings, overrides: { samples: 500 } }),
      executionProvider: 'cpu',
      batchSize: 512,
      promote: true,
      cacheDir: join(mlflow.dir, 'cache'),
      holder: 'finite-models',
    },
    { http: mlflow.http, logger: recordingLogger() },
  );

describe('models that are not finite', () => {
  test('the ONNX check names the weight that holds NaN, and passes the overflowing model (its weights are finite)', () => {
    expect(() => inspectOnnxModel(nanWeights)).toThrow("the weight 'w1' holds 1 value that is NaN or infinite");
    expect(() => inspectOnnxModel(overflowing)).not.toThrow();
  });

  test('train refuses to register a model with NaN weights: the run fails, no version exists', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nan-train-'));
    const source = join(dir, 'source');
    mkdirSync(source);
    writeFileSync(join(source, 'model.onnx'), nanWeights);
    writeFileSync(join(source, 'preprocessing.json'), JSON.stringify(MNIST_PREPROCESSING));
    const error = await train(
      {
        command: `mkdir -p "$MLOPS_MODEL_DIR" && cp ${source}/* "$MLOPS_MODEL_DIR"/`,
        workingDirectory: dir,
        experiment: 'diverged',
        runName: 'nan',
        modelName: 'diverged',
        modelDir: join(dir, 'model'),
        register: true,
        alias: 'challenger',
        params: {},
        gpu: 'none',
        trackingUri: mlflow.server.url,
        env: { PATH: process.env.PATH },
        lineage: (gpu) => Promise.resolve({ runner: 'test', gpu, command: 'cp' }),
        tempDir: dir,
      },
      { http: mlflow.http, logger: recordingLogger(), output: new Writable({ write: (_chunk, _encoding, done) => done() }) },
    ).catch((caught: unknown) => caught);
    expect(String(error)).toContain("the weight 'w1' holds 1 value");
    expect(await searchModelVersions(mlflow.http, { filter: "name='diverged'" })).toEqual([]);
    const experiment = await getOrCreateExperiment(mlflow.http, 'diverged');
    const [run] = await searchRuns(mlflow.http, { experimentIds: [experiment.id] });
    expect((await getRun(mlflow.http, run!.id)).status).toBe('FAILED');
  });

  test.each([
    ['NaN weights', nanWeights, "the weight 'w1' holds 1 value"],
    ['finite weights whose outputs overflow', overflowing, "the model's output for item 0 is Infinity"],
  ])(
    'evaluate-promote fails on a first model with %s, and promotes nothing',
    async (_, onnx, message) => {
      const name = `broken-${onnx === nanWeights ? 'nan' : 'inf'}`;
      await registerModel(mlflow.http, name, { onnx });
      await expect(evaluate(name)).rejects.toThrow(message);
      expect(await getVersionByAlias(mlflow.http, name, 'production')).toBeUndefined();
    },
    60_000,
  );
});
