/**
 * @jest-environment ./__tests__/environments/host-typed-arrays.mjs
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { parseGateConfig, resolveSettings } from '@mlops-actions/gate';
import { createMlflowHttp, updateModelVersionDescription, type MlflowHttp } from '@mlops-actions/mlflow';
import { startMlflowServer, type MlflowServer } from '@mlops-actions/mlflow-server';
import { evaluateAndPromote, rollbackChampion, type EvaluatePromoteResult } from '@mlops-actions/promotion';
import { train, type TrainResult } from '@mlops-actions/training';
import { registerUiRoutes, startUiServer, type UiServer } from '@mlops-actions/ui';
import { chromium, type Browser, type Page } from 'playwright-core';
import { chromiumPath } from '../../scripts/system-packages.js';
import { recordingLogger } from '../helpers/recording-logger.js';
import { describeWithSystemPackage } from '../helpers/system-packages.js';

const root = resolve(import.meta.dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'ui-browser-'));
const MODEL = 'digits';
const HOSTILE = '<img src=x onerror="window.__pwned=1">**bold**';
let server: MlflowServer | undefined;
let browser: Browser | undefined;
let http: MlflowHttp;
const trained: TrainResult[] = [];
const evaluated: EvaluatePromoteResult[] = [];

const quiet = () => new Writable({ write: (_chunk, _encoding, done) => done() });

/** A version trained by the train action's code with the MNIST example: a run with metric curves, artifacts, lineage. */
async function trainVersion(params: Record<string, string>): Promise<TrainResult> {
  const command = 'node --import tsx examples/mnist-mlp/src/train.ts';
  return train(
    {
      command,
      workingDirectory: root,
      experiment: 'digits-training',
      runName: `mnist hidden ${params.hidden}`,
      modelName: MODEL,
      modelDir: join(dir, `model-${trained.length}`),
      register: true,
      alias: 'challenger',
      params,
      gpu: 'optional',
      trackingUri: server!.url,
      env: { PATH: process.env.PATH, HOME: process.env.HOME },
      lineage: async (gpu) => ({ commit: '4f2b9c0d', runner: 'test runner', gpu, command }),
      tempDir: dir,
      metricsIntervalMs: 50,
      systemMetricsIntervalMs: 200,
    },
    { http, logger: recordingLogger(), output: quiet() },
  );
}

/** The evaluate-promote step as the action runs it: the gate on the MNIST test set, the compare-and-set, the ledger. */
function evaluate(): Promise<EvaluatePromoteResult> {
  const config = parseGateConfig('n - o > 0.01 +/- 0.02');
  return evaluateAndPromote(
    {
      modelName: MODEL,
      challenger: undefined,
      championAlias: 'production',
      dataset: 'mnist',
      condition: config.condition,
      settings: resolveSettings({ file: config.settings, overrides: { samples: 2000 } }),
      executionProvider: 'cpu',
      batchSize: 512,
      promote: true,
      cacheDir: join(dir, 'cache'),
      holder: 'acme/digits run 7 attempt 1',
      tags: { 'mlops.github.run_url': 'https://github.com/acme/digits/actions/runs/7' },
    },
    { http, logger: recordingLogger() },
  );
}

/** A page that records console errors and refuses every request outside the test's own servers. */
async function openPage(options: { httpCredentials?: { username: string; password: string } } = {}) {
  const context = await browser!.newContext(options);
  const page = await context.newPage();
  const outside: string[] = [];
  await page.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.hostname === '127.0.0.1') return route.continue();
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

const loaded = (page: Page) => page.waitForSelector('main[data-state="loaded"]');

/** Presses Tab (or Shift+Tab) until the focused element matches `selector` (at most 60 presses); fails the test otherwise. */
async function tabTo(page: Page, selector: string, key: 'Tab' | 'Shift+Tab' = 'Tab'): Promise<void> {
  for (let presses = 0; presses < 60; presses++) {
    await page.keyboard.press(key);
    // In-page code is given as text: this file is type-checked without the DOM's types.
    if (await page.evaluate<boolean>(`document.activeElement?.matches(${JSON.stringify(selector)}) ?? false`)) return;
  }
  throw new Error(`Tab never reached ${selector}`);
}

describeWithSystemPackage('chromium', 'the MLflow page in headless Chromium, over a history made by the pipeline', () => {
  beforeAll(async () => {
    server = await startMlflowServer({ dataDir: join(dir, 'mlflow'), port: 0, page: (app) => registerUiRoutes(app) });
    http = createMlflowHttp({ trackingUri: server.url });
    // v1 a first small model, v2 a stronger one, v3 a weaker one: promoted, promoted, rejected; then a rollback.
    for (const params of [
      { hidden: '8', epochs: '2', samples: '600' },
      { hidden: '32', epochs: '3', samples: '4000' },
      { hidden: '4', epochs: '1', samples: '300' },
    ]) {
      trained.push(await trainVersion(params));
      evaluated.push(await evaluate());
    }
    await rollbackChampion(
      http,
      { modelName: MODEL, alias: 'production', reason: 'v2 misreads sevens in production', lock: { holder: 'on-call', timeoutMs: 0 } },
      recordingLogger(),
    );
    await updateModelVersionDescription(http, MODEL, 3, HOSTILE);
    browser = await chromium.launch({ executablePath: chromiumPath(), args: ['--no-sandbox'] });
  }, 300_000);
  afterAll(async () => {
    await Promise.allSettled([browser?.close(), server?.close()]);
  });

  test('the history is what the page is expected to show: promoted, promoted, rejected, then rolled back', () => {
    expect(evaluated.map((result) => [result.challengerVersion, result.promoted])).toEqual([
      [1, true],
      [2, true],
      [3, false],
    ]);
  });

  test('the root serves the page with a strict CSP; it lists the experiments and loads nothing from outside', async () => {
    const response = await fetch(`${server!.url}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');

    const { page, outside, errors } = await openPage();
    await page.goto(`${server!.url}/`);
    await loaded(page);
    expect(page.url()).toBe(`${server!.url}/#/experiments`);
    expect(await page.textContent('h1')).toBe('Experiments');
    expect(await page.locator('#view a', { hasText: 'digits-training' }).count()).toBe(1);
    expect(outside).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  test('by keyboard alone: Tab and Enter reach the model, its ledger timeline, and the evaluation that justified a promotion', async () => {
    const { page, errors } = await openPage();
    await page.goto(`${server!.url}/`);
    await loaded(page);

    await page.keyboard.press('Tab');
    expect(await page.evaluate<string>('document.activeElement.textContent')).toBe('Skip to content');
    // The skip link moves the focus to the content's heading and leaves the route (the hash) alone.
    await page.keyboard.press('Enter');
    expect(await page.evaluate<string>('document.activeElement.id')).toBe('page-title');
    expect(page.url()).toBe(`${server!.url}/#/experiments`);
    // Back from the heading to the navigation.
    await tabTo(page, 'nav a[href="#/models"]', 'Shift+Tab');
    // Whatever has the focus shows it.
    expect(await page.evaluate<string>('getComputedStyle(document.activeElement).outlineStyle')).toBe('solid');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#view[data-route="models"]');
    await loaded(page);
    expect(await page.evaluate<string>('document.activeElement.id')).toBe('page-title');

    await tabTo(page, `#models a[href="#/models/${MODEL}"]`);
    await page.keyboard.press('Enter');
    await page.waitForSelector('#ledger[data-state="loaded"]');
    expect(await page.textContent('h1')).toBe(MODEL);
    const entries = page.locator('#ledger-timeline > li');
    expect(
      await entries.evaluateAll((items) => items.map((item) => (item as unknown as { dataset: { kind: string } }).dataset.kind)),
    ).toEqual(['promotion', 'promotion', 'rollback']);
    expect(await entries.nth(0).locator('.move').textContent()).toBe('promotion @production none → v1');
    expect(await entries.nth(1).locator('.move').textContent()).toBe('promotion @production v1 → v2');
    expect(await entries.nth(2).locator('.move').textContent()).toBe('rollback @production v2 → v1');
    expect(await entries.nth(2).textContent()).toContain('v2 misreads sevens in production');
    expect(await entries.nth(2).textContent()).toContain('on-call');
    // The workflow run is an https: link out, opened without a referrer.
    const workflow = entries.nth(1).locator('a[href="https://github.com/acme/digits/actions/runs/7"]');
    expect(await workflow.getAttribute('rel')).toContain('noreferrer');
    const screenshot = process.env.MLOPS_UPDATE_SCREENSHOT ? join(root, 'docs', 'ui-model.png') : join(dir, 'ui-model.png');
    await page.screenshot({ path: screenshot, fullPage: true });

    // The second promotion's evidence: its evaluation run, with the decision drawn.
    await tabTo(page, `#ledger-timeline > li:nth-child(2) a.evidence`);
    await page.keyboard.press('Enter');
    await page.waitForSelector('#evaluation[data-state="loaded"]');
    expect(page.url()).toContain(`/runs/${evaluated[1]!.evaluationRunId}`);
    expect(await page.textContent('#evaluation .decision')).toBe('Decision: promote');
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  test('a run link of the shape the train action prints opens the run: its curves, lineage and artifacts', async () => {
    const { page, errors } = await openPage();
    const run = trained[1]!;
    expect(run.runUrl).toBe(`${server!.url}/#/experiments/${run.experimentId}/runs/${run.runId}`);
    await page.goto(run.runUrl);
    await page.waitForSelector('#metrics[data-state="loaded"]');
    expect(await page.textContent('h1')).toBe('mnist hidden 32');
    // Each metric logged at several steps is a curve (uPlot's canvas) with the same history in words.
    const curves = await page
      .locator('#metric-charts figure')
      .evaluateAll((figures) => figures.map((figure) => (figure as unknown as { dataset: { metric: string } }).dataset.metric));
    expect(curves.length).toBeGreaterThan(0);
    const loss = curves.find((key) => /loss/.test(key))!;
    expect(loss).toBeDefined();
    const figure = page.locator(`#metric-charts figure[data-metric="${loss}"]`);
    expect(await figure.locator('canvas').count()).toBe(1);
    expect(await figure.locator('figcaption').textContent()).toMatch(new RegExp(`^${loss} over 3 points: `));

    await page.waitForSelector('#lineage[data-state="loaded"]');
    expect(await page.locator('#lineage a', { hasText: `${MODEL} v2` }).getAttribute('href')).toBe(`#/models/${MODEL}/versions/2`);

    // The artifact tree opens a folder from the keyboard.
    await page.waitForSelector('#artifacts[data-state="loaded"]');
    const folder = page.locator('#artifact-tree button.folder[data-path="model"]');
    await folder.focus();
    await page.keyboard.press('Enter');
    await page.waitForSelector('#artifact-tree li.file[data-path="model/model.onnx"]');
    expect(await folder.getAttribute('aria-expanded')).toBe('true');
    const screenshot = process.env.MLOPS_UPDATE_SCREENSHOT ? join(root, 'docs', 'ui-run.png') : join(dir, 'ui-run.png');
    await page.screenshot({ path: screenshot, fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });

  test('a version description with markup shows as the text it is: no element made, no script run', async () => {
    const { page, errors } = await openPage();
    await page.goto(`${server!.url}/#/models/${MODEL}/versions/3`);
    await loaded(page);
    expect(await page.textContent('#version-description')).toBe(HOSTILE);
    expect(await page.locator('#view img').count()).toBe(0);
    expect(await page.locator('#view strong, #view b').count()).toBe(0);
    expect(await page.evaluate('(globalThis).__pwned')).toBeUndefined();
    // The rejected version's evaluation: its decision and the clause that failed.
    await page.waitForSelector('#evaluation[data-state="loaded"]');
    expect(await page.textContent('#evaluation .decision')).toBe('Decision: reject');
    expect(errors).toEqual([]);
    await page.close();
  });

  test("the decision's drawing puts the interval against the threshold, as the gate computed them", async () => {
    const { page, errors } = await openPage();
    await page.goto(`${server!.url}/#/models/${MODEL}/versions/2`);
    await page.waitForSelector('#evaluation[data-state="loaded"]');
    const clause = evaluated[1]!.gate.clauses[0]!;
    const line = page.locator('#evaluation svg.number-line');
    expect(await line.count()).toBe(1);
    expect(Number(await line.getAttribute('data-lower'))).toBe(clause.interval[0]);
    expect(Number(await line.getAttribute('data-upper'))).toBe(clause.interval[1]);
    expect(Number(await line.getAttribute('data-threshold'))).toBe(clause.threshold);
    expect(await line.getAttribute('class')).toContain('verdict-true');
    expect(await line.locator('.threshold-label').textContent()).toBe(`threshold ${clause.threshold}`);
    // A passing "> threshold" clause: the whole interval lies right of the threshold's mark.
    const intervalX = Number(await line.locator('rect.interval').getAttribute('x'));
    const thresholdX = Number(await line.locator('line.threshold').getAttribute('x1'));
    expect(clause.interval[0]).toBeGreaterThan(clause.threshold);
    expect(intervalX).toBeGreaterThan(thresholdX);
    expect(await line.getAttribute('aria-label')).toMatch(/holds: .*interval \[/);
    expect(await page.locator('#source-run').getAttribute('href')).toBe(
      `#/experiments/${trained[1]!.experimentId}/runs/${trained[1]!.runId}`,
    );
    expect(errors).toEqual([]);
    await page.close();
  });

  test("MLflow's errors are shown with their error_code and message; a 401 says where the credentials come from", async () => {
    const { page } = await openPage();
    await page.goto(`${server!.url}/#/models/${encodeURIComponent('no such <model>')}`);
    await page.waitForSelector('main[data-state="failed"]');
    const error = page.locator('#view .error');
    expect(await error.getAttribute('data-error-code')).toBe('RESOURCE_DOES_NOT_EXIST');
    expect(await error.textContent()).toContain('Registered Model with name=no such <model> not found');
    await page.close();

    // mlops ui started without the credentials a protected MLflow wants: the page loads, MLflow's 401 is explained.
    const guarded = await startMlflowServer({ dataDir: join(dir, 'guarded'), port: 0, basicAuth: 'admin:s3cret' });
    let ui: UiServer | undefined;
    try {
      ui = await startUiServer({ http: createMlflowHttp({ trackingUri: guarded.url, retry: { maxRetries: 0 } }), port: 0 });
      const { page: unauthenticated } = await openPage();
      await unauthenticated.goto(`${ui.url}/#/models`);
      await unauthenticated.waitForSelector('main[data-state="failed"]');
      expect(await unauthenticated.textContent('#view .error')).toContain('MLflow answered 401');
      expect(await unauthenticated.textContent('#view .error .hint')).toContain('MLFLOW_TRACKING_USERNAME');
      await unauthenticated.close();
    } finally {
      await Promise.allSettled([ui?.close(), guarded.close()]);
    }
  });

  test('basic auth protects the page as it protects the API', async () => {
    const guarded = await startMlflowServer({
      dataDir: join(dir, 'guarded-page'),
      port: 0,
      basicAuth: 'admin:s3cret',
      page: (app) => registerUiRoutes(app),
    });
    try {
      expect((await fetch(`${guarded.url}/`)).status).toBe(401);
      expect((await fetch(`${guarded.url}/ui/app.js`)).status).toBe(401);
      const { page, errors } = await openPage({ httpCredentials: { username: 'admin', password: 's3cret' } });
      await page.goto(`${guarded.url}/`);
      await loaded(page);
      expect(await page.textContent('h1')).toBe('Experiments');
      expect(errors).toEqual([]);
      await page.close();
    } finally {
      await guarded.close();
    }
  });
});
