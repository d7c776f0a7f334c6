/**
 * @jest-environment ./__tests__/environments/host-typed-arrays.mjs
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { progressLines, silentLogger, type ProgressOptions } from '@mlops-actions/common';
import { classMapping, mnistTestSet, openModel, predictDataset, type Dataset } from '@mlops-actions/evaluation';
import {
  createMlp,
  exportOnnx,
  loadTestDigits,
  MNIST_PREPROCESSING,
  predict,
  trainEpoch,
  loadTrainingDigits,
  subset,
} from '@mlops-actions/example-mnist-mlp';
import { parsePreprocessing } from '@mlops-actions/model-format';

const dir = mkdtempSync(join(tmpdir(), 'inference-'));
let seed = 11;
const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
const model = createMlp(16, random);
const training = loadTrainingDigits();
const order = Uint32Array.from({ length: 2000 }, (_, i) => (i * 37) % training.length);
trainEpoch(
  model,
  subset(training, order),
  order.map((_, i) => i),
  {
    learningRate: 0.05,
    batchSize: 32,
    momentum: 0.9,
    velocity: {
      ...createMlp(16, () => 0.5),
      w1: new Float32Array(model.w1.length),
      b1: new Float32Array(16),
      w2: new Float32Array(160),
      b2: new Float32Array(10),
    },
  },
);
const modelPath = join(dir, 'model.onnx');
writeFileSync(modelPath, exportOnnx(model, 'inference test'));
const preprocessing = parsePreprocessing(JSON.stringify(MNIST_PREPROCESSING));
const probe = await openModel(modelPath, 'auto', silentLogger);
const cudaHere = probe.provider === 'cuda';
await probe.release();

describe('inference with onnxruntime-node', () => {
  test('the ONNX model predicts on the MNIST test set what the trainer itself predicts', async () => {
    const session = await openModel(modelPath, 'cpu', silentLogger);
    const predictions = await predictDataset(session, preprocessing, await mnistTestSet(), {
      batchSize: 300,
      logger: silentLogger,
      label: 'test',
    });
    expect(Array.from(predictions)).toEqual(Array.from(predict(model, loadTestDigits())));
    await session.release();
  });

  test('CPU and every GPU provider available here agree on every prediction; auto logs which ran and why others did not', async () => {
    const dataset = await mnistTestSet();
    const options = { batchSize: 256, logger: silentLogger, label: 'compare' };
    const cpu = await predictDataset(await openModel(modelPath, 'cpu', silentLogger), preprocessing, dataset, options);
    for (const provider of ['cuda', 'webgpu'] as const) {
      const session = await openModel(modelPath, provider, silentLogger).catch(() => undefined);
      if (session) expect(Array.from(await predictDataset(session, preprocessing, dataset, options))).toEqual(Array.from(cpu));
    }
    const lines: string[] = [];
    const auto = await openModel(modelPath, 'auto', { ...silentLogger, info: (line: string) => void lines.push(line) });
    expect(lines.at(-1)).toBe(`execution provider ${auto.provider}: used`);
    if (auto.provider === 'cpu') {
      expect(lines.filter((line) => /^execution provider (cuda|webgpu): not available \(.+; it needs /.test(line))).toHaveLength(2);
    }
  });

  test('auto says one line per provider it tried and lets no native error through to stderr', async () => {
    // A process of its own, as the evaluate step is: onnxruntime, Dawn and the Vulkan loader write to the process's stderr.
    const child = spawnSync(process.execPath, ['--import', 'tsx', resolve('__tests__/fixtures/open-model-auto.ts'), modelPath], {
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(child.status).toBe(0);
    expect(child.stderr).not.toMatch(/Failed to load library|Couldn't load|Found no drivers|\[E:onnxruntime/);
    const lines = child.stdout.trim().split('\n');
    for (const line of lines.slice(0, -1)) expect(line).toMatch(/^execution provider (cuda|webgpu): not available \(.+\)$/);
    expect(lines.at(-1)).toMatch(/^execution provider (cuda|webgpu|cpu): used$/);
    expect(new Set(lines.map((line) => line.split(':')[0])).size).toBe(lines.length);
    // On this CPU-only machine: the reasons are the missing libraries, named.
    if (lines.at(-1) === 'execution provider cpu: used')
      expect(lines[0]).toMatch(/^execution provider cuda: not available \(\S+\.so[.\d]* (not found|could not be loaded)/);
  }, 120_000);

  test('inference says how far it has got in plain lines, every 10% at most, and how long it took', async () => {
    const lines: string[] = [];
    const logger = { ...silentLogger, info: (line: string) => void lines.push(line) };
    // A clock that moves 3 s per look: as if each batch took that long, with the lines' real schedule.
    let now = 0;
    const timed = { ...logger, progress: (options: ProgressOptions) => progressLines(logger, options, { now: () => (now += 3000) }) };
    const session = await openModel(modelPath, 'cpu', silentLogger);
    await predictDataset(session, preprocessing, await mnistTestSet(), { batchSize: 100, logger: timed, label: 'challenger v3' });
    await session.release();
    const progress = lines.filter((line) => / of 1,996 items /.test(line));
    expect(progress[0]).toBe('challenger v3: 400 of 1,996 items (20%)');
    expect(progress.at(-1)).toBe('challenger v3: 1,996 of 1,996 items (100%)');
    const percents = progress.map((line) => Number(/\((\d+)%\)/.exec(line)![1]));
    for (let i = 1; i < percents.length; i++) expect(percents[i]! - percents[i - 1]!).toBeGreaterThanOrEqual(10);
    expect(lines.at(-1)).toMatch(/^challenger v3: 1,996 items in \d+\.\d s$/);
  });

  test('the model labels are matched to the dataset classes by name, in any order; a mismatch is an error', () => {
    const dataset = { name: 'pets', classes: ['cat', 'dog', 'fox'] } as unknown as Dataset;
    expect(Array.from(classMapping(['dog', 'fox', 'cat'], dataset))).toEqual([1, 2, 0]);
    expect(() => classMapping(['cat', 'dog', 'wolf'], dataset)).toThrow(
      "the model's labels (preprocessing.json) are not the classes of dataset 'pets': labels not in the dataset: wolf; dataset classes the model does not know: fox",
    );
  });

  test('a corrupt model file is refused with its path', async () => {
    const corrupt = join(dir, 'corrupt.onnx');
    writeFileSync(corrupt, 'definitely not protobuf');
    await expect(openModel(corrupt, 'cpu', silentLogger)).rejects.toThrow(`${corrupt} cannot be loaded by onnxruntime`);
  });

  // On a machine with a working CUDA provider there is nothing missing to report: skipped there, by name.
  (cudaHere ? test.skip : test)('a provider asked for by name that is missing says what it needs (skipped where CUDA works)', async () => {
    await expect(openModel(modelPath, 'cuda', silentLogger)).rejects.toThrow("execution provider 'cuda' is not available here");
  });
});
