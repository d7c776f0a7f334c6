/**
 * @jest-environment ./__tests__/environments/host-typed-arrays.mjs
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { createMlp, exportOnnx, loadTestDigits, MNIST_PREPROCESSING, predict, subset } from '@mlops-actions/example-mnist-mlp';
import { exportOnnx as exportTableOnnx, fitSoftmax } from '@mlops-actions/example-tabular-softmax';
import {
  inspectModelDirectory,
  inspectOnnxModel,
  isImagePreprocessing,
  parsePreprocessing,
  renderMlmodel,
  renderPreprocessing,
} from '@mlops-actions/model-format';
import onnxProto from 'onnx-proto';
import * as ort from 'onnxruntime-node';
import { parse } from 'yaml';

const seeded = (seed: number) => () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
const model = createMlp(12, seeded(7));
const onnxBytes = exportOnnx(model, 'test model');
const preprocessing = { ...MNIST_PREPROCESSING };
const dir = mkdtempSync(join(tmpdir(), 'model-format-'));
const modelDir = (name: string, pre: object = preprocessing, bytes: Uint8Array = onnxBytes): string => {
  const path = join(dir, name);
  mkdirSync(path);
  writeFileSync(join(path, 'model.onnx'), bytes);
  writeFileSync(join(path, 'preprocessing.json'), JSON.stringify(pre));
  return path;
};

describe('ONNX models', () => {
  test('an exported model is read back: opset, dynamic batch, inputs and outputs', () => {
    expect(inspectOnnxModel(onnxBytes)).toEqual({
      irVersion: 8,
      opsetVersion: 17,
      producer: 'mlops-actions mnist-mlp 0.1.0',
      inputs: [{ name: 'input', dtype: 'float32', shape: [undefined, 1, 28, 28] }],
      outputs: [{ name: 'logits', dtype: 'float32', shape: [undefined, 10] }],
      nodeCount: 4,
    });
  });

  test('onnxruntime runs the exported MNIST model and predicts what the trainer predicts', async () => {
    const digits = loadTestDigits();
    const sample = subset(
      digits,
      Uint32Array.from({ length: 200 }, (_, i) => i * 9),
    );
    const session = await ort.InferenceSession.create(onnxBytes);
    const output = await session.run({ input: new ort.Tensor('float32', sample.images, [sample.length, 1, 28, 28]) });
    const logits = output.logits!.data as Float32Array;
    const fromOnnx = Array.from({ length: sample.length }, (_, i) => {
      const row = Array.from(logits.subarray(i * 10, i * 10 + 10));
      return row.indexOf(Math.max(...row));
    });
    expect(fromOnnx).toEqual(Array.from(predict(model, sample)));
  });

  test.each([
    ['an empty file', new Uint8Array(0), 'the file is empty'],
    ['text', new TextEncoder().encode('this is not a model\n'), 'not an ONNX model'],
  ])('%s is refused with the file named', (_name, bytes, message) => {
    expect(() => inspectOnnxModel(bytes, 'out/model.onnx')).toThrow(`out/model.onnx: ${message}`);
  });
});

describe('preprocessing.json', () => {
  test('defaults: layout NCHW, pixel_scale 255, logits', () => {
    const minimal: Partial<typeof preprocessing> = { ...preprocessing };
    delete minimal.layout;
    delete minimal.pixel_scale;
    expect(parsePreprocessing(JSON.stringify(minimal))).toMatchObject({
      layout: 'NCHW',
      pixelScale: 255,
      output: 'logits',
      shape: [1, 28, 28],
    });
  });

  test.each([
    ['an empty input_name', { ...preprocessing, input_name: '' }, "'input_name' must name the model's input"],
    ['a two-number shape', { ...preprocessing, shape: [1, 28] }, "'shape' must have 3 entries"],
    ['three means for one channel', { ...preprocessing, mean: [0.5, 0.5, 0.5] }, "'mean' must have 1 entries (one per channel), got 3"],
    ['a zero std', { ...preprocessing, std: [0] }, "'std' values must be positive"],
    ['a repeated label', { ...preprocessing, labels: ['a', 'a'] }, "'labels' must not repeat a class name"],
    ['layout NHWC', { ...preprocessing, layout: 'NHWC' }, `'layout' must be "NCHW", got "NHWC"`],
    [
      'an input hint it does not know',
      { ...preprocessing, input: { background: 'dark', invert: true } },
      `'input' has the unknown field "invert": its fields are background and ink_box`,
    ],
    [
      'a background that is neither dark nor light',
      { ...preprocessing, input: { background: 'black' } },
      `'input.background' must be "dark" (light ink on black, as MNIST) or "light", got "black"`,
    ],
    [
      'an ink box larger than the image',
      { ...preprocessing, input: { background: 'dark', ink_box: 29 } },
      `'input.ink_box' must be a whole number of pixels from 1 to 28 (the image's shorter side), got 29`,
    ],
    ['an ink box without a background', { ...preprocessing, input: { ink_box: 20 } }, `'input.ink_box' needs 'input.background'`],
    ['input hints that are not an object', { ...preprocessing, input: 'mnist' }, `'input' must be an object such as`],
  ])('%s is refused', (_name, document, message) => {
    expect(() => parsePreprocessing(JSON.stringify(document), 'm/preprocessing.json')).toThrow(`m/preprocessing.json: ${message}`);
  });

  test('input hints say what the training images looked like; a file without them stays valid and has none', () => {
    expect(parsePreprocessing(JSON.stringify({ ...preprocessing, input: { background: 'dark', ink_box: 20 } }))).toMatchObject({
      kind: 'image',
      input: { background: 'dark', inkBox: 20 },
    });
    const without: Partial<typeof preprocessing> = { ...preprocessing };
    delete without.input;
    expect(parsePreprocessing(JSON.stringify(without))).not.toHaveProperty('input');
  });

  test('text that is not JSON is named as such', () => {
    expect(() => parsePreprocessing('{labels: 1')).toThrow(/^preprocessing.json: not valid JSON/);
  });
});

describe('the model directory', () => {
  test('a consistent directory is accepted with its files and size', async () => {
    const checked = await inspectModelDirectory(modelDir('good'));
    expect(checked.files).toEqual(['model.onnx', 'preprocessing.json']);
    expect(checked.sizeBytes).toBeGreaterThan(onnxBytes.length);
  });

  test.each([
    ['wrong-input', { ...preprocessing, input_name: 'image' }, "input_name 'image' is not an input of"],
    ['wrong-labels', { ...preprocessing, labels: ['a', 'b', 'c'] }, "3 labels, but the model's output 'logits' has 10 classes"],
    [
      'wrong-shape',
      { ...preprocessing, shape: [3, 32, 32], mean: [0, 0, 0], std: [1, 1, 1] },
      'shape [3,32,32] does not match the model input',
    ],
  ])('%s: preprocessing.json that disagrees with the model is refused', async (name, document, message) => {
    await expect(inspectModelDirectory(modelDir(name, document))).rejects.toThrow(message);
  });
});

const tablePre = {
  kind: 'table',
  input_name: 'input',
  features: ['a', 'b'],
  labels: ['no', 'yes'],
  output: 'probabilities',
  output_name: 'probabilities',
};

describe('preprocessing.json of a table model', () => {
  test('is read with its features and output name; written back, it reads the same', () => {
    const parsed = parsePreprocessing(JSON.stringify(tablePre));
    expect(parsed).toEqual({
      kind: 'table',
      inputName: 'input',
      features: ['a', 'b'],
      labels: ['no', 'yes'],
      output: 'probabilities',
      outputName: 'probabilities',
    });
    expect(isImagePreprocessing(parsed)).toBe(false);
    expect(parsePreprocessing(renderPreprocessing(parsed))).toEqual(parsed);
  });

  test('a file without kind is an image model, and stays one when written back', () => {
    const parsed = parsePreprocessing(JSON.stringify(preprocessing));
    expect(parsed.kind).toBe('image');
    expect(isImagePreprocessing(parsed)).toBe(true);
    expect(parsePreprocessing(renderPreprocessing(parsed))).toEqual(parsed);
  });

  test.each([
    [
      'an unknown kind',
      { ...tablePre, kind: 'text' },
      `'kind' must be "image" (the default) or "table" (a row of numeric feature columns), got "text"`,
    ],
    ['no features', { ...tablePre, features: [] }, "'features' must list the model's input columns in input order"],
    [
      'an empty feature name',
      { ...tablePre, features: ['a', ''] },
      `'features[1]' must be a non-empty column name without control characters, got ""`,
    ],
    [
      'a feature name with a control character',
      { ...tablePre, features: ['a\u001b[31m'] },
      "'features[0]' must be a non-empty column name without control characters",
    ],
    ['a feature that is no string', { ...tablePre, features: [1] }, "'features[0]' must be a non-empty column name"],
    ['a repeated feature', { ...tablePre, features: ['a', 'b', 'a'] }, `'features' names the column "a" twice`],
    [
      'image fields',
      { ...tablePre, shape: [1, 2, 2], mean: [0] },
      "'shape', 'mean' are for image models: a table model takes its features as they are",
    ],
    ['an empty output name', { ...tablePre, output_name: '' }, "'output_name' must name one of the model's outputs"],
  ])('%s is refused', (_name, document, message) => {
    expect(() => parsePreprocessing(JSON.stringify(document), 'm/preprocessing.json')).toThrow(`m/preprocessing.json: ${message}`);
  });

  test('an image model that lists features is told to say kind table', () => {
    expect(() => parsePreprocessing(JSON.stringify({ ...preprocessing, features: ['a'] }))).toThrow(
      `'features' is for table models: add "kind": "table"`,
    );
  });
});

describe('the model directory of a table model', () => {
  const table = { features: ['a', 'b'], values: Float64Array.from([0, 1, 1, 0, 2, 2, 3, 1]), labels: ['no', 'yes', 'no', 'yes'], rows: 4 };
  const tableModel = exportTableOnnx(fitSoftmax(table, ['no', 'yes'], { iterations: 5, learningRate: 0.1, l2: 0 }), 'test');

  /** skl2onnx's default export: `output_probability` a sequence of maps (ZipMap) instead of a tensor. */
  function withZipMap(bytes: Uint8Array): Uint8Array {
    const { onnx } = onnxProto;
    const model = onnx.ModelProto.decode(bytes);
    model.graph!.output![1] = onnx.ValueInfoProto.create({
      name: 'output_probability',
      type: {
        sequenceType: {
          elemType: {
            mapType: { keyType: onnx.TensorProto.DataType.INT64, valueType: { tensorType: { elemType: onnx.TensorProto.DataType.FLOAT } } },
          },
        },
      },
    });
    return onnx.ModelProto.encode(model).finish();
  }

  test('the skl2onnx layout is accepted, reading the probabilities output it names', async () => {
    const checked = await inspectModelDirectory(modelDir('table-good', tablePre, tableModel));
    expect(checked.onnx.outputs.map((output) => `${output.name} ${output.dtype}`)).toEqual(['label int64', 'probabilities float32']);
    expect(checked.preprocessing).toMatchObject({ kind: 'table', outputName: 'probabilities' });
  });

  test.each([
    [
      'table-first-output',
      { ...tablePre, output_name: undefined },
      tableModel,
      `the model's output 'label' (int64 ["N"]) is not a float tensor [batch, classes] of scores: set "output_name": "probabilities"`,
    ],
    ['table-no-such-output', { ...tablePre, output_name: 'scores' }, tableModel, "output_name 'scores' is not an output of"],
    [
      'table-features',
      { ...tablePre, features: ['a', 'b', 'c'] },
      tableModel,
      '3 features, but the model input \'input\' has shape ["N",2] (expected [batch, 3])',
    ],
    [
      'table-labels',
      { ...tablePre, labels: ['a', 'b', 'c'] },
      tableModel,
      "3 labels, but the model's output 'probabilities' has 2 classes",
    ],
    [
      'table-zipmap',
      { ...tablePre, output_name: 'output_probability' },
      withZipMap(tableModel),
      "the model's output 'output_probability' is a ZipMap (a sequence of maps), not a tensor of probabilities: export the classifier with zipmap=False",
    ],
    ['table-image-model', tablePre, onnxBytes, '2 features, but the model input \'input\' has shape ["N",1,28,28]'],
  ])('%s: a table model that disagrees with its preprocessing.json is refused', async (name, document, bytes, message) => {
    await expect(inspectModelDirectory(modelDir(name, document, bytes))).rejects.toThrow(message);
  });
});

describe('the MLmodel file', () => {
  test("is MLflow's onnx flavor with a python_function loader and the tensor signature", () => {
    const text = renderMlmodel({
      runId: 'abc',
      onnx: inspectOnnxModel(onnxBytes),
      modelUuid: '0123456789abcdef0123456789abcdef',
      createdAt: new Date('2026-01-02T03:04:05.678Z'),
      sizeBytes: 1234,
    });
    const document = parse(text) as Record<string, unknown>;
    expect(document).toMatchObject({
      artifact_path: 'model',
      flavors: { onnx: { code: null, data: 'model.onnx' }, python_function: { data: 'model.onnx', loader_module: 'mlflow.onnx' } },
      run_id: 'abc',
      model_size_bytes: 1234,
      utc_time_created: '2026-01-02 03:04:05.678000',
    });
    expect(JSON.parse((document.signature as { outputs: string }).outputs)).toEqual([
      { type: 'tensor', 'tensor-spec': { dtype: 'float32', shape: [-1, 10] }, name: 'logits' },
    ]);
  });
});
