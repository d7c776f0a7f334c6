#!/usr/bin/env node
// Trains a softmax regression on a CSV table and writes model.onnx + preprocessing.json; run by the train action or by hand:
//   tsx examples/tabular-softmax/src/train.ts --train examples/tabular-softmax/data/iris-train.csv --label-column species
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { exportOnnx, tablePreprocessing } from './onnx-export.js';
import { accuracy, classNumbers, fitSoftmax, predictClasses, predictProbabilities } from './softmax.js';
import { readTable, sortedClasses } from './table.js';

/** Each option also reads the train action's MLOPS_PARAM_<NAME> variable, so `params:` configures it. */
const OPTIONS = {
  train: { default: '', help: 'the training CSV file (header row; numeric feature columns and a label column)' },
  test: { default: '', help: 'a held-out CSV file with the same columns: its accuracy is logged as test_accuracy' },
  'label-column': { default: 'label', help: 'the column that holds the class' },
  iterations: { default: '300', help: 'full-batch gradient steps' },
  'learning-rate': { default: '0.5', help: 'gradient step size' },
  l2: { default: '0.001', help: 'L2 penalty on the weights' },
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

function usage(message: string): never {
  console.error(message);
  process.exit(2);
}

function number(name: string, text: string, { integer = false, zero = false } = {}): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0 || (!zero && value === 0) || (integer && !Number.isInteger(value)))
    usage(`--${name} must be a ${zero ? 'non-negative' : 'positive'} ${integer ? 'whole number' : 'number'}, got '${text}'`);
  return value;
}

function logMetric(key: string, value: number, step: number): void {
  const file = process.env.MLOPS_METRICS_FILE;
  if (file) appendFileSync(file, `${JSON.stringify({ key, value, step })}\n`);
}

const options = readOptions();
if (options.train === '') usage('--train <csv> is required: the training table (header row, a label column, numeric features)');
const iterations = number('iterations', options.iterations, { integer: true });
const learningRate = number('learning-rate', options['learning-rate']);
const l2 = number('l2', options.l2, { zero: true });
const labelColumn = options['label-column'];

let table;
try {
  table = readTable(options.train, labelColumn);
} catch (error) {
  usage((error as Error).message);
}
const classes = sortedClasses(table.labels);
if (classes.length < 2) usage(`${options.train}: the column '${labelColumn}' holds one class only`);
console.log(
  `training a softmax regression on ${table.rows} rows of ${options.train}: ${table.features.length} features, classes ${classes.join(', ')}`,
);
const model = fitSoftmax(table, classes, {
  iterations,
  learningRate,
  l2,
  onProgress(step, loss, trainAccuracy) {
    logMetric('train_loss', loss, step);
    logMetric('train_accuracy', trainAccuracy, step);
    console.log(`step ${step}/${iterations}: loss ${loss.toFixed(4)}, train accuracy ${trainAccuracy.toFixed(4)}`);
  },
});

if (options.test !== '') {
  const test = readTable(options.test, labelColumn);
  if (test.features.join() !== table.features.join())
    usage(`${options.test} has the columns ${test.features.join(', ')}, not the training columns ${table.features.join(', ')}`);
  const predicted = predictClasses(predictProbabilities(model, test.values, test.rows), classes.length);
  const testAccuracy = accuracy(predicted, classNumbers(test.labels, classes, options.test));
  logMetric('test_accuracy', testAccuracy, iterations);
  console.log(`held-out test accuracy ${testAccuracy.toFixed(4)} on ${test.rows} rows`);
}

mkdirSync(options.out, { recursive: true });
writeFileSync(join(options.out, 'model.onnx'), exportOnnx(model, `iterations=${iterations} learning-rate=${learningRate} l2=${l2}`));
writeFileSync(join(options.out, 'preprocessing.json'), `${JSON.stringify(tablePreprocessing(model), null, 2)}\n`);
console.log(`wrote ${join(options.out, 'model.onnx')} and preprocessing.json`);
