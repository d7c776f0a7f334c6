import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMlp, exportOnnx, loadTrainingDigits, MNIST_PREPROCESSING, subset, trainEpoch } from '@mlops-actions/example-mnist-mlp';
import {
  createModelVersion,
  createRun,
  getOrCreateExperiment,
  getOrCreateRegisteredModel,
  updateRun,
  uploadArtifactDirectory,
  type MlflowHttp,
} from '@mlops-actions/mlflow';

export { MNIST_PREPROCESSING };

/** An MNIST MLP trained in-process on `samples` digits: few samples make a weak model, many a strong one. */
export function mnistModel(hidden: number, samples: number, seed = 5): Uint8Array {
  let state = seed;
  const random = () => ((state = (state * 16807) % 2147483647) - 1) / 2147483646;
  const model = createMlp(hidden, random);
  const training = loadTrainingDigits();
  const order = Uint32Array.from({ length: samples }, (_, i) => (i * 7919) % training.length);
  const set = subset(training, order);
  const velocity = {
    hidden,
    w1: new Float32Array(model.w1.length),
    b1: new Float32Array(hidden),
    w2: new Float32Array(hidden * 10),
    b2: new Float32Array(10),
  };
  for (let epoch = 0; epoch < 2; epoch++)
    trainEpoch(
      model,
      set,
      Uint32Array.from({ length: samples }, (_, i) => i),
      { learningRate: 0.05, batchSize: 32, momentum: 0.9, velocity },
    );
  return exportOnnx(model, `hidden ${hidden}, ${samples} samples`);
}

/**
 * Logs a model directory to a new run and registers it as the next version of `name`, the way the train action
 * leaves it; returns the version number.
 */
export async function registerModel(
  http: MlflowHttp,
  name: string,
  files: { onnx: Uint8Array | string; preprocessing?: object },
): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'registered-'));
  mkdirSync(join(dir, 'model'));
  writeFileSync(join(dir, 'model', 'model.onnx'), files.onnx);
  writeFileSync(join(dir, 'model', 'preprocessing.json'), JSON.stringify(files.preprocessing ?? MNIST_PREPROCESSING));
  const experiment = await getOrCreateExperiment(http, `${name}-training`);
  const run = await createRun(http, { experimentId: experiment.id });
  await uploadArtifactDirectory(http, run.artifactUri, join(dir, 'model'), 'model');
  await updateRun(http, { runId: run.id, status: 'FINISHED', endTime: Date.now() });
  await getOrCreateRegisteredModel(http, { name });
  return (await createModelVersion(http, { name, source: `${run.artifactUri}/model`, runId: run.id })).version;
}
