#!/usr/bin/env -S npx tsx
// `npm run space:screenshots`: the Space the demo deploys (`npm run demo` leaves it in .mlops/space), in headless
// Chromium: docs/space-page.png (the page as it opens: the examples, the first one classified, the pad, the card) and
// docs/space-drawing.png (a 7 drawn on the pad with the mouse, dark on white, and how the model reads it).
// `--space <dir>` shows another Space folder, `--out <dir>` writes elsewhere.
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { errorMessage } from '@mlops-actions/common';
import { serveSpace } from '@mlops-actions/space';
import { chromium } from 'playwright-core';
import { drawOnPad, SEVEN } from './space-pad.js';
import { chromiumPath, installCommand, systemPackage } from './system-packages.js';

const root = resolve(import.meta.dirname, '..');
const { values } = parseArgs({
  options: { space: { type: 'string', default: join(root, '.mlops', 'space') }, out: { type: 'string', default: join(root, 'docs') } },
  strict: true,
});

function fail(message: string): never {
  console.error(`error: ${message}`);
  process.exit(1);
}

if (!systemPackage('chromium').present()) fail(`Chromium is needed for the screenshots: ${installCommand(['chromium'])}`);
const server = await serveSpace(resolve(values.space), { port: 0 }).catch((error: unknown) =>
  fail(`${errorMessage(error)} (npm run demo deploys one into .mlops/space in a few minutes)`),
);
const browser = await chromium.launch({ executablePath: chromiumPath(), args: ['--no-sandbox'] });
try {
  const page = await browser.newPage({ viewport: { width: 900, height: 900 } });
  page.on('pageerror', (error) => fail(`the page failed: ${error.message}`));
  await page.goto(server.url);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
  const shots = [join(values.out, 'space-page.png'), join(values.out, 'space-drawing.png')];
  await page.screenshot({ path: shots[0]!, fullPage: true });
  await drawOnPad(page, SEVEN);
  await page.waitForSelector('#predictions[data-source="drawing"] li', { timeout: 30_000 });
  await page.screenshot({ path: shots[1]!, fullPage: true });
  for (const shot of shots) console.log(`wrote ${relative(process.cwd(), shot)}`);
} finally {
  await browser.close();
  await server.close();
}
