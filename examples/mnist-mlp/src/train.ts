#!/usr/bin/env node
// Trains the MNIST MLP and writes model.onnx + preprocessing.json; run by the train action or by hand:
//   tsx examples/mnist-mlp/src/train.ts --hidden 64 --epochs 8 --samples 8000 --out model_artifacts
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadTestDigits, loadTrainingDigits, subset } from './data.js';
import { accuracy, createMlp, predict, trainEpoch } from './mlp.js';
import { exportOnnx, MNIST_PREPROCESSING } from './onnx-export.js';
import { seededRandom, shuffledIndices } from './random.js';

/** Each option also reads the train action's MLOPS_PARAM_<NAME> variable, so `params:` configures it. */
const OPTIONS = {
  hidden: { default: '64', help: 'hidden units' },
  epochs: { default: '8', help: 'passes over the training samples' },
  samples: { default: '7000', help: 'training samples used (the rest of the training split validates)' },
  'learning-rate': { default: '0.05', help: 'SGD step size' },
  'batch-size': { default: '32', help: 'samples per SGD step' },
  seed: { default: '1', help: 'seed of initialisation and shuffling' },
  out: { default: process.env.MLOPS_MODEL_DIR ?? 'model_artifacts', help: 'where model.onnx and preprocessing.json go' },
} as const;

type OptionName = keyof typeof OPTIONS;

function readOptions(): Record<OptionName, string> {
  const { values } = parseArgs({
    options: Object.fromEntries(Object.keys(OPTIONS).map((name) => [name, { type: 'string' as const }])),
    strict: true,
  });
  return Object.fromEntries(
    (Object.keys(OPTIONS) as OptionName[]).map((name) => {
      const fromParams = process.env[`MLOPS_PARAM_${name.toUpperCase().replace(/-/g, '_')}`];
      return [name, values[name] ?? fromParams ?? OPTIONS[name].default];
    }),
  ) as Record<OptionName, string>;
}

function positive(name: string, text: string, integer: boolean): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0 || (integer && !Number.isInteger(value))) {
    console.error(`--${name} must be a positive ${integer ? 'whole number' : 'number'}, got '${text}'`);
    process.exit(2);
  }
  return value;
}

function logMetric(key: string, value: number, step: number): void {
  const file = process.env.MLOPS_METRICS_FILE;
  if (file) appendFileSync(file, `${JSON.stringify({ key, value, step })}\n`);
}

const options = readOptions();
const hidden = positive('hidden', options.hidden, true);
const epochs = positive('epochs', options.epochs, true);
const samples = positive('samples', options.samples, true);
const learningRate = positive('learning-rate', options['learning-rate'], false);
const batchSize = positive('batch-size', options['batch-size'], true);
const seed = positive('seed', options.seed, true);

const random = seededRandom(seed);
const all = loadTrainingDigits();
const order = shuffledIndices(all.length, random);
const trainCount = Math.min(samples, all.length - 500);
const training = subset(all, order, 0, trainCount);
const validation = subset(all, order, trainCount);
const model = createMlp(hidden, random);
const velocity = { ...createMlp(hidden, () => 0.5), w1: new Float32Array(model.w1.length), w2: new Float32Array(model.w2.length) };
console.log(`training a ${hidden}-unit MLP on ${training.length} digits for ${epochs} epochs (${validation.length} validate)`);

for (let epoch = 1; epoch <= epochs; epoch++) {
  const started = performance.now();
  const result = trainEpoch(model, training, shuffledIndices(training.length, random), {
    learningRate,
    batchSize,
    momentum: 0.9,
    velocity,
  });
  const validationAccuracy = accuracy(predict(model, validation), validation.labels);
  logMetric('train_loss', result.loss, epoch);
  logMetric('train_accuracy', result.accuracy, epoch);
  logMetric('val_accuracy', validationAccuracy, epoch);
  console.log(
    `epoch ${epoch}/${epochs}: loss ${result.loss.toFixed(4)}, train accuracy ${result.accuracy.toFixed(4)}, validation accuracy ${validationAccuracy.toFixed(4)} (${((performance.now() - started) / 1000).toFixed(1)} s)`,
  );
}

const test = loadTestDigits();
const testAccuracy = accuracy(predict(model, test), test.labels);
logMetric('test_accuracy', testAccuracy, epochs);
console.log(`held-out test accuracy ${testAccuracy.toFixed(4)} on ${test.length} digits`);

mkdirSync(options.out, { recursive: true });
writeFileSync(join(options.out, 'model.onnx'), exportOnnx(model, `hidden=${hidden} epochs=${epochs} samples=${trainCount} seed=${seed}`));
writeFileSync(join(options.out, 'preprocessing.json'), `${JSON.stringify(MNIST_PREPROCESSING, null, 2)}\n`);
console.log(`wrote ${join(options.out, 'model.onnx')} and preprocessing.json`);
