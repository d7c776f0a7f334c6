/**
 * @jest-environment ./__tests__/environments/host-typed-arrays.mjs
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { loadTestDigits, MNIST_PREPROCESSING } from '@mlops-actions/example-mnist-mlp';
import { inspectModelDirectory } from '@mlops-actions/model-format';
import { publishToFolder, serveSpace, spaceFiles, type SpaceServer } from '@mlops-actions/space';
import * as ort from 'onnxruntime-node';
import { chromium, type Browser } from 'playwright-core';
import sharp from 'sharp';
import { mnistModel } from '../helpers/registered-models.js';

const root = resolve(import.meta.dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'space-browser-'));
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
let server: SpaceServer;
let browser: Browser;
const modelBytes = mnistModel(32, 3000);

beforeAll(async () => {
  const modelDir = join(dir, 'model');
  mkdirSync(modelDir);
  writeFileSync(join(modelDir, 'model.onnx'), modelBytes);
  writeFileSync(join(modelDir, 'preprocessing.json'), JSON.stringify(MNIST_PREPROCESSING));
  const files = spaceFiles(await inspectModelDirectory(modelDir), {
    modelName: 'digits',
    version: 7,
    title: 'Digits v7',
    description: '<script>window.__injected = true</script> reads "digits" & <b>more</b>',
    gate: {
      accuracy: 0.9012,
      items: 1996,
      interval: [0.0123, 0.0456],
      reliability: 0.99,
      condition: 'n - o > 0.01 +/- 0.02',
      reason: 'passed',
    },
    lineage: { commit: '4f2b9c0d', trainingRun: 'abc123' },
  });
  await publishToFolder(files, join(dir, 'space'));
  server = await serveSpace(join(dir, 'space'), { port: 0 });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
}, 120_000);
afterAll(async () => {
  await browser.close();
  await server.close();
});

/** What onnxruntime-node gives for the same 28×28 grey image: the page's preprocessing, then softmax. */
async function expectedProbabilities(pixels: Uint8Array): Promise<number[]> {
  const session = await ort.InferenceSession.create(modelBytes);
  const input = Float32Array.from(pixels, (v) => (0.299 * v + 0.587 * v + 0.114 * v) / 255);
  const logits = Array.from((await session.run({ input: new ort.Tensor('float32', input, [1, 1, 28, 28]) })).logits!.data as Float32Array);
  const max = Math.max(...logits);
  const exps = logits.map((v) => Math.exp(v - max));
  const sum = exps.reduce((a, b) => a + b, 0);
  return exps.map((v) => v / sum);
}

describe('the Space page in headless Chromium, with every request outside localhost blocked', () => {
  test('an uploaded digit gets the ten probabilities onnxruntime-node computes (within 1e-4); the description stays text', async () => {
    const page = await browser.newPage();
    const outside: string[] = [];
    await page.route('**/*', (route) => {
      const url = new URL(route.request().url());
      if (url.hostname === '127.0.0.1' || url.protocol === 'data:' || url.protocol === 'blob:') return route.continue();
      outside.push(url.href);
      return route.abort();
    });
    const errors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(error.message));

    const digits = loadTestDigits();
    const pixels = Uint8Array.from(digits.images.subarray(0, 784), (v) => Math.round(v * 255));
    const png = join(dir, 'digit.png');
    await sharp(Buffer.from(pixels), { raw: { width: 28, height: 28, channels: 1 } })
      .toColourspace('srgb')
      .png()
      .toFile(png);

    const started = performance.now();
    await page.goto(server.url);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
    await page.setInputFiles('#image', png);
    await page.waitForSelector('#predictions li');
    const firstPrediction = performance.now() - started;
    console.log(`page load to first prediction: ${firstPrediction.toFixed(0)} ms`);

    const shown: { label: string | null; p: number }[] = [];
    for (const item of await page.locator('#predictions li').all()) {
      shown.push({ label: await item.getAttribute('data-label'), p: Number(await item.getAttribute('data-probability')) });
    }
    expect(shown).toHaveLength(10);
    const expected = await expectedProbabilities(pixels);
    for (const { label, p } of shown) expect(Math.abs(p - expected[Number(label)]!)).toBeLessThan(1e-4);
    expect(shown.map((entry) => entry.p)).toEqual([...shown.map((entry) => entry.p)].sort((a, b) => b - a));

    expect(await page.textContent('#description')).toBe('<script>window.__injected = true</script> reads "digits" & <b>more</b>');
    expect(await page.evaluate(() => (globalThis as { __injected?: boolean }).__injected)).toBeUndefined();
    expect(await page.textContent('#title')).toBe('Digits v7');
    expect(await page.textContent('#card')).toContain('digits version 7');
    expect(outside).toEqual([]);
    expect(errors).toEqual([]);
    const screenshot = process.env.MLOPS_UPDATE_SCREENSHOT ? join(root, 'docs', 'space-page.png') : join(dir, 'space-page.png');
    await page.screenshot({ path: screenshot, fullPage: true });
    await page.close();
  }, 120_000);
});
