/**
 * @jest-environment ./__tests__/environments/host-typed-arrays.mjs
 */
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { loadTestDigits, MNIST_PREPROCESSING } from '@mlops-actions/example-mnist-mlp';
import { inspectModelDirectory } from '@mlops-actions/model-format';
import { publishToFolder, serveSpace, spaceFiles, type SpaceServer } from '@mlops-actions/space';
import * as ort from 'onnxruntime-node';
import { chromium, type Browser, type Page } from 'playwright-core';
import sharp from 'sharp';
import { chromiumPath } from '../../scripts/system-packages.js';
import { mnistModel } from '../helpers/registered-models.js';
import { describeWithSystemPackage } from '../helpers/system-packages.js';

const root = resolve(import.meta.dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'space-browser-'));
let server: SpaceServer | undefined;
let browser: Browser | undefined;
const modelBytes = mnistModel(32, 3000);

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

/** The i-th held-out digit as 28×28 grey pixels and as a PNG file. */
async function digitPng(index: number): Promise<{ pixels: Uint8Array; png: string }> {
  const digits = loadTestDigits();
  const pixels = Uint8Array.from(digits.images.subarray(index * 784, (index + 1) * 784), (v) => Math.round(v * 255));
  const png = join(dir, `digit-${index}.png`);
  await sharp(Buffer.from(pixels), { raw: { width: 28, height: 28, channels: 1 } })
    .toColourspace('srgb')
    .png()
    .toFile(png);
  return { pixels, png };
}

/** A page that records console errors and refuses every request outside localhost. */
async function openPage(options: { viewport?: { width: number; height: number } } = {}) {
  const page = await browser!.newPage(options);
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
  return { page, outside, errors };
}

/** The probabilities the page shows, by label, once it shows some. */
async function shownProbabilities(page: Page): Promise<{ label: string | null; p: number }[]> {
  await page.waitForSelector('#predictions li');
  const shown: { label: string | null; p: number }[] = [];
  for (const item of await page.locator('#predictions li').all()) {
    shown.push({ label: await item.getAttribute('data-label'), p: Number(await item.getAttribute('data-probability')) });
  }
  return shown;
}

async function expectSameAsOnnxruntimeNode(page: Page, pixels: Uint8Array): Promise<void> {
  const shown = await shownProbabilities(page);
  expect(shown).toHaveLength(10);
  const expected = await expectedProbabilities(pixels);
  for (const { label, p } of shown) expect(Math.abs(p - expected[Number(label)]!)).toBeLessThan(1e-4);
}

describeWithSystemPackage('chromium', 'the Space page in headless Chromium, with every request outside localhost blocked', () => {
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
    browser = await chromium.launch({ executablePath: chromiumPath(), args: ['--no-sandbox'] });
  }, 120_000);
  afterAll(async () => {
    await Promise.allSettled([browser?.close(), server?.close()]);
  });

  test('an uploaded digit gets the ten probabilities onnxruntime-node computes (within 1e-4); the description stays text', async () => {
    const { page, outside, errors } = await openPage();
    const { pixels, png } = await digitPng(0);

    const started = performance.now();
    await page.goto(server!.url);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
    await page.setInputFiles('#image', png);
    await page.waitForSelector('#predictions li');
    const firstPrediction = performance.now() - started;
    console.log(`page load to first prediction: ${firstPrediction.toFixed(0)} ms`);

    await expectSameAsOnnxruntimeNode(page, pixels);
    const shown = await shownProbabilities(page);
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

  test('from the keyboard, by drop and by paste on a phone-sized screen: the same predictions, nothing wider than the screen', async () => {
    const { page, outside, errors } = await openPage({ viewport: { width: 375, height: 740 } });
    await page.goto(server!.url);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
    // In-page code is given as text: this file is type-checked without the DOM's types.
    const clear = () => page.evaluate("document.getElementById('predictions').replaceChildren()");

    // Keyboard only: Tab reaches the labelled file input, Space opens the file chooser (the activation key of a focused
    // file input in every browser; Chromium 156 on this page no longer opens it on Enter). Chromium opens a chooser
    // only for the active page, so this one is brought to the front first.
    await page.bringToFront();
    let focused = '';
    for (let presses = 0; presses < 10 && focused !== 'image'; presses++) {
      await page.keyboard.press('Tab');
      focused = await page.evaluate<string>("document.activeElement?.id ?? ''");
    }
    expect(focused).toBe('image');
    expect(await page.getByLabel('Choose an image, drop one here, or paste one').count()).toBe(1);
    const byKeyboard = await digitPng(1);
    // Listening for the chooser makes Playwright ask Chromium to intercept it, without waiting for the answer; a round
    // trip on the same connection puts that request in force before the key is pressed (under load it was not always).
    const chooserShown = page.waitForEvent('filechooser');
    await page.evaluate('0');
    await page.keyboard.press('Space');
    const chooser = await chooserShown;
    await chooser.setFiles(byKeyboard.png);
    await expectSameAsOnnxruntimeNode(page, byKeyboard.pixels);

    // Dropped on the drop zone, then pasted anywhere on the page.
    for (const [index, how] of [
      [2, 'drop'],
      [3, 'paste'],
    ] as const) {
      const digit = await digitPng(index);
      const bytes = [...(await sharp(digit.png).toBuffer())];
      await clear();
      const event =
        how === 'drop'
          ? "document.getElementById('drop').dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }))"
          : "document.dispatchEvent(new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true }))";
      await page.evaluate(
        `{ const transfer = new DataTransfer(); transfer.items.add(new File([new Uint8Array(${JSON.stringify(bytes)})], 'digit.png', { type: 'image/png' })); ${event}; }`,
      );
      await expectSameAsOnnxruntimeNode(page, digit.pixels);
    }

    expect(await page.evaluate<boolean>('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);
    expect(outside).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);

  test('model.json with figures that are not numbers (a tampered tag) shows — and the page still classifies', async () => {
    const tampered = join(dir, 'tampered');
    cpSync(join(dir, 'space'), tampered, { recursive: true });
    writeFileSync(
      join(tampered, 'model.json'),
      JSON.stringify({
        title: 42,
        description: null,
        modelName: 'digits',
        version: 'seven',
        gate: { accuracy: 'abc', items: null, interval: [null, 'x'], reliability: {}, condition: 7, reason: null },
        lineage: null,
      }),
    );
    const tamperedServer = await serveSpace(tampered, { port: 0 });
    try {
      const { page, errors } = await openPage();
      await page.goto(tamperedServer.url);
      await page.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
      const card = await page.textContent('#card');
      expect(card).toContain('Accuracy— on — test items');
      expect(card).toContain('Interval[—, —] at reliability —');
      expect(card).toContain('Commit—');
      const { pixels, png } = await digitPng(4);
      await page.setInputFiles('#image', png);
      await expectSameAsOnnxruntimeNode(page, pixels);
      expect(errors).toEqual([]);
      await page.close();
    } finally {
      await tamperedServer.close();
    }
  }, 120_000);
});
