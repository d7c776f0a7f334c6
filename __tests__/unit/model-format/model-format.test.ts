/**
 * @jest-environment ./__tests__/environments/host-typed-arrays.mjs
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { createMlp, exportOnnx, loadTestDigits, MNIST_PREPROCESSING, predict, subset } from '@mlops-actions/example-mnist-mlp';
import { inspectModelDirectory, inspectOnnxModel, parsePreprocessing, renderMlmodel } from '@mlops-actions/model-format';
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
    expect(parsePreprocessing(JSON.stringify({ ...preprocessing, input: { background: 'dark', ink_box: 20 } })).input).toEqual({
      background: 'dark',
      inkBox: 20,
    });
    const without: Partial<typeof preprocessing> = { ...preprocessing };
    delete without.input;
    expect(parsePreprocessing(JSON.stringify(without)).input).toBeUndefined();
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
