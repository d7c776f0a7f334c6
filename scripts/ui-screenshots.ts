#!/usr/bin/env -S npx tsx
// `npm run ui:screenshots`: the MLflow page over the demo's history (`npm run demo` keeps it in .mlops/mlflow), in
// headless Chromium: docs/ui-model.png (mnist-demo with its ledger: the promotions and the rollback) and
// docs/ui-run.png (the training run of the version the demo rolled back to, with its curves).
// `--data <dir>` reads another MLflow data folder, `--model <name>` another model, `--out <dir>` writes elsewhere.
import { existsSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createMlflowHttp, getModelVersion, getRegisteredModel, getRun, getVersionByAlias } from '@mlops-actions/mlflow';
import { startMlflowServer } from '@mlops-actions/mlflow-server';
import { registerUiRoutes } from '@mlops-actions/ui';
import { chromium, type Page } from 'playwright-core';
import { chromiumPath, installCommand, systemPackage } from './system-packages.js';

const root = resolve(import.meta.dirname, '..');
const { values } = parseArgs({
  options: {
    data: { type: 'string', default: join(root, '.mlops', 'mlflow') },
    model: { type: 'string', default: 'mnist-demo' },
    out: { type: 'string', default: join(root, 'docs') },
  },
  strict: true,
});
/** A path as the user would type it: relative inside the working directory, absolute elsewhere. */
const pathText = (path: string): string => (relative(process.cwd(), path).startsWith('..') ? path : relative(process.cwd(), path) || '.');
const data = resolve(values.data);
const shown = pathText(data);

function fail(message: string): never {
  console.error(`error: ${message}`);
  process.exit(1);
}

if (!existsSync(join(data, 'mlflow.sqlite'))) fail(`no MLflow data in ${shown}: run \`npm run demo\` first (it takes a few minutes)`);
if (!systemPackage('chromium').present()) fail(`Chromium is needed for the screenshots: ${installCommand(['chromium'])}`);

/** Opens a route of the page and waits for its sections to finish loading. */
async function open(page: Page, url: string, sections: string[]): Promise<void> {
  await page.goto(url);
  await page.waitForSelector('main[data-state="loaded"]', { timeout: 30_000 });
  for (const id of sections) await page.waitForSelector(`#${id}[data-state="loaded"]`, { timeout: 30_000 });
}

const server = await startMlflowServer({ dataDir: data, port: 0, page: (app) => registerUiRoutes(app) });
const browser = await chromium.launch({ executablePath: chromiumPath(), args: ['--no-sandbox'] });
try {
  const http = createMlflowHttp({ trackingUri: server.url, retry: { maxRetries: 0 } });
  const model = values.model;
  if (!(await getRegisteredModel(http, model))) fail(`${shown} has no registered model ${model}: run \`npm run demo\` first`);
  // The run to show: the one that trained the current champion (after the demo's rollback, the version it went back to).
  const champion = (await getVersionByAlias(http, model, 'production')) ?? (await getModelVersion(http, model, 1));
  if (!champion?.runId) fail(`${model} has no @production version with a training run to show`);
  const run = await getRun(http, champion.runId);

  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  page.on('pageerror', (error) => fail(`the page failed: ${error.message}`));
  const targets = [
    { file: 'ui-model.png', url: `${server.url}/#/models/${encodeURIComponent(model)}`, sections: ['ledger', 'versions-section'] },
    {
      file: 'ui-run.png',
      url: `${server.url}/#/experiments/${encodeURIComponent(run.experimentId)}/runs/${encodeURIComponent(run.id)}`,
      sections: ['metrics', 'lineage', 'artifacts'],
    },
  ];
  for (const target of targets) {
    await open(page, target.url, target.sections);
    const path = join(resolve(values.out), target.file);
    await page.screenshot({ path, fullPage: true });
    console.log(`wrote ${pathText(path)}`);
  }
} finally {
  await browser.close();
  await server.close();
}
