import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { createMlp, exportOnnx, MNIST_PREPROCESSING } from '@mlops-actions/example-mnist-mlp';
import { cachedModelDirectory } from '@mlops-actions/model-format';

const onnx = exportOnnx(
  createMlp(4, () => 0.3),
  'cache test',
);
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A download that writes the model directory slowly, file by file. */
const slowDownload = (downloads: string[]) => async (dir: string) => {
  downloads.push(dir);
  mkdirSync(dir, { recursive: true });
  await pause(20);
  writeFileSync(join(dir, 'model.onnx'), onnx);
  await pause(20);
  writeFileSync(join(dir, 'preprocessing.json'), JSON.stringify(MNIST_PREPROCESSING));
  return ['model.onnx', 'preprocessing.json'];
};

describe('the model cache', () => {
  test('concurrent fetches of one version never see partial files, and both get the same complete directory', async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'model-cache-'));
    const downloads: string[] = [];
    const results = await Promise.all(
      Array.from({ length: 4 }, () => cachedModelDirectory(cacheDir, 'digits', 3, slowDownload(downloads), () => undefined)),
    );
    expect(new Set(results.map((model) => model.path))).toEqual(new Set([join(cacheDir, 'models', 'digits', '3')]));
    expect(results.every((model) => model.onnx.inputs[0]?.name === 'input')).toBe(true);
    expect(readdirSync(join(cacheDir, 'models', 'digits')).sort()).toEqual(['3']);

    const lines: string[] = [];
    await cachedModelDirectory(cacheDir, 'digits', 3, slowDownload(downloads), (line) => lines.push(line));
    expect(lines).toEqual(['digits v3: model found in the cache']);
    expect(downloads).toHaveLength(4);
  });

  test('a download that is not a valid model leaves nothing in the cache', async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'model-cache-'));
    const broken = async (dir: string) => {
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'model.onnx'), 'not a model');
      return ['model.onnx'];
    };
    await expect(cachedModelDirectory(cacheDir, 'digits', 1, broken, () => undefined)).rejects.toThrow('not an ONNX model');
    expect(readdirSync(join(cacheDir, 'models', 'digits'))).toEqual([]);
  });
});
