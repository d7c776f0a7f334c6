/**
 * @jest-environment ./__tests__/environments/host-typed-arrays.mjs
 */
import { execFile, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, test } from '@jest/globals';
import { inspectModelDirectory } from '@mlops-actions/model-format';
import * as ort from 'onnxruntime-node';
import { pythonWithTorch } from '../../scripts/python-torch.js';
import { listenOnLoopback } from '../helpers/loopback-server.js';
import { describeWithSystemPackage } from '../helpers/system-packages.js';

const root = resolve(import.meta.dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'trainers-'));
const run = promisify(execFile);

function python(): string {
  const found = pythonWithTorch();
  if (!found) throw new Error('no Python with PyTorch found: install it (apt-get install python3-torch) or set PYTHON');
  return found;
}

const metricKeys = (file: string): string[] =>
  readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((line) => (JSON.parse(line) as { key: string }).key);

describeWithSystemPackage('python3-torch', 'examples/cifar10-alexnet', () => {
  test('one epoch on synthetic data exports an ONNX model that onnxruntime-node runs like PyTorch (within 1e-4)', async () => {
    const out = join(dir, 'alexnet');
    const metrics = join(dir, 'alexnet-metrics.jsonl');
    const reference = join(dir, 'alexnet-reference.json');
    const { stdout } = await run(
      python(),
      [
        'examples/cifar10-alexnet/train.py',
        '--synthetic',
        '160',
        '--epochs',
        '1',
        '--batch-size',
        '32',
        '--out',
        out,
        '--reference-outputs',
        reference,
      ],
      { cwd: root, env: { ...process.env, MLOPS_METRICS_FILE: metrics, MLOPS_PARAM_SEED: '3' } },
    );
    expect(stdout).toContain('training AlexNet (7,506,762 parameters)');
    expect(metricKeys(metrics)).toEqual(['train_loss', 'train_acc', 'valid_loss', 'valid_acc', 'test_loss', 'test_acc']);

    const model = await inspectModelDirectory(out);
    expect(model.onnx.opsetVersion).toBeGreaterThanOrEqual(17);
    expect(model.onnx.inputs).toEqual([{ name: 'input', dtype: 'float32', shape: [undefined, 3, 32, 32] }]);
    expect(model.preprocessing.labels).toHaveLength(10);

    const expected = JSON.parse(readFileSync(reference, 'utf8')) as { shape: number[]; inputs: number[]; outputs: number[] };
    const session = await ort.InferenceSession.create(join(out, 'model.onnx'));
    const result = await session.run({ input: new ort.Tensor('float32', Float32Array.from(expected.inputs), expected.shape) });
    const actual = Array.from(result.logits!.data as Float32Array);
    expect(actual).toHaveLength(expected.outputs.length);
    const worst = Math.max(...actual.map((value, i) => Math.abs(value - expected.outputs[i]!)));
    expect(worst).toBeLessThan(1e-4);
  }, 180_000);
});

describeWithSystemPackage('python3-torch', 'examples/cifar10-alexnet with the dataset', () => {
  /** A CIFAR-10 binary archive in the official layout with `records` random images per batch, served on loopback. */
  async function serveArchive(records: number): Promise<{ url: string; md5: string; close: () => Promise<void> }> {
    const source = mkdtempSync(join(dir, 'cifar-src-'));
    const batches = join(source, 'cifar-10-batches-bin');
    mkdirSync(batches);
    const batch = (seed: number): Buffer => {
      const bytes = Buffer.alloc(records * 3073);
      for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7919 + seed * 104729) % 251;
      for (let r = 0; r < records; r++) bytes[r * 3073] = (r + seed) % 10;
      return bytes;
    };
    for (let i = 1; i <= 5; i++) writeFileSync(join(batches, `data_batch_${i}.bin`), batch(i));
    writeFileSync(join(batches, 'test_batch.bin'), batch(9));
    const archive = join(source, 'cifar-10-binary.tar.gz');
    execFileSync('tar', ['-czf', archive, '-C', source, 'cifar-10-batches-bin']);
    const body = readFileSync(archive);
    const server = await listenOnLoopback((_request, response) => response.end(body));
    return { url: `${server.url}/cifar-10-binary.tar.gz`, md5: createHash('md5').update(body).digest('hex'), close: server.close };
  }

  test('is downloaded when absent, checked against its MD5, and read from the binary batches', async () => {
    const mirror = await serveArchive(40);
    try {
      const data = join(dir, 'cifar-data');
      const args = ['examples/cifar10-alexnet/train.py', '--epochs', '1', '--batch-size', '32', '--validation', '40', '--data-dir', data];
      const env = { ...process.env, CIFAR10_URL: mirror.url, CIFAR10_MD5: mirror.md5 };
      const { stdout } = await run(python(), [...args, '--out', join(dir, 'cifar-model')], { cwd: root, env });
      expect(stdout).toContain(`downloading ${mirror.url}`);
      expect(stdout).toContain('on 160 images, 40 for validation');
      const again = await run(python(), [...args, '--out', join(dir, 'cifar-model-2')], { cwd: root, env });
      expect(again.stdout).not.toContain('downloading');

      const damaged = join(dir, 'cifar-damaged');
      await expect(
        run(python(), [...args.slice(0, -1), damaged, '--out', join(dir, 'never')], {
          cwd: root,
          env: { ...env, CIFAR10_MD5: '0'.repeat(32) },
        }),
      ).rejects.toMatchObject({
        stderr: expect.stringMatching(
          /cifar-10-binary\.tar\.gz: MD5 [0-9a-f]{32} is not CIFAR-10's 0{32}; the damaged download was removed/,
        ),
      });
      expect(existsSync(join(damaged, 'cifar-10-binary.tar.gz'))).toBe(false);
    } finally {
      await mirror.close();
    }
  }, 180_000);
});

describe('examples/mnist-mlp', () => {
  test('its stronger settings reach at least 0.90 on the held-out digits', async () => {
    const out = join(dir, 'mnist');
    const metrics = join(dir, 'mnist-metrics.jsonl');
    await run(process.execPath, ['--import', 'tsx', 'examples/mnist-mlp/src/train.ts', '--hidden', '64', '--epochs', '4', '--out', out], {
      cwd: root,
      env: { ...process.env, MLOPS_METRICS_FILE: metrics },
    });
    const lines = readFileSync(metrics, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { key: string; value: number });
    expect(lines.find((line) => line.key === 'test_accuracy')!.value).toBeGreaterThanOrEqual(0.9);
    const model = await inspectModelDirectory(out);
    expect(model.onnx.outputs).toEqual([{ name: 'logits', dtype: 'float32', shape: [undefined, 10] }]);
  }, 120_000);

  test('a bad flag is refused with its name', async () => {
    await expect(
      run(process.execPath, ['--import', 'tsx', 'examples/mnist-mlp/src/train.ts', '--hidden', 'many'], { cwd: root }),
    ).rejects.toMatchObject({
      stderr: expect.stringContaining("--hidden must be a positive whole number, got 'many'"),
    });
  });
});
