/**
 * @jest-environment ./__tests__/environments/host-typed-arrays.mjs
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, expect, test } from '@jest/globals';
import { createInputReader } from '@mlops-actions/common';
import { loadDataset } from '@mlops-actions/evaluation';
import { parseGateConfig, resolveSettings } from '@mlops-actions/gate';
import { getVersionByAlias } from '@mlops-actions/mlflow';
import { evaluateAndPromote, type EvaluatePromoteOptions } from '@mlops-actions/promotion';
import { deployModel, serveSpace, type SpaceServer } from '@mlops-actions/space';
import { readTrainInputs, train, trainOptionsFromInputs } from '@mlops-actions/training';
import { chromium, type Browser } from 'playwright-core';
import { chromiumPath } from '../../scripts/system-packages.js';
import { useMlflowServer } from '../helpers/mlflow-server.js';
import { recordingLogger } from '../helpers/recording-logger.js';
import { describeWithSystemPackage } from '../helpers/system-packages.js';

const mlflow = useMlflowServer('table-pipeline-');
const example = resolve('examples/tabular-softmax');
const data = (file: string): string => join(example, 'data', file);
const MODEL = 'iris';
const LABEL_COLUMN = 'species';
let server: SpaceServer | undefined;
let browser: Browser | undefined;

afterAll(async () => {
  await Promise.allSettled([browser?.close(), server?.close()]);
});

/** Trains the example as the train action runs a trainer: its command, params, metrics and model directory. */
async function trainTable(params: Record<string, string>): Promise<number> {
  const workingDirectory = join(mlflow.dir, `work-${Object.keys(params).length}-${Date.now()}`);
  mkdirSync(workingDirectory, { recursive: true });
  const inputs = readTrainInputs(
    createInputReader({
      get: (name) =>
        ({
          command: `"${process.execPath}" --import tsx "${join(example, 'src', 'train.ts')}"`,
          // The repository's root, where tsx resolves; the model directory is the test's own.
          'working-directory': process.cwd(),
          'model-dir': join(workingDirectory, 'model'),
          'model-name': MODEL,
          params: Object.entries(params)
            .map(([key, value]) => `${key}: ${value}`)
            .join('\n'),
        })[name] ?? '',
      describe: (name) => name,
    }),
  );
  const trained = await train(
    trainOptionsFromInputs(inputs, {
      env: { ...process.env, GITHUB_ACTIONS: '' },
      cwd: process.cwd(),
      tempDir: mlflow.dir,
      trackingUri: mlflow.server.url,
    }),
    { http: mlflow.http, logger: recordingLogger() },
  );
  expect(trained.outcome).toBe('succeeded');
  return trained.modelVersion!;
}

function evaluateOptions(condition: string): EvaluatePromoteOptions {
  const config = parseGateConfig(condition);
  return {
    modelName: MODEL,
    challenger: undefined,
    championAlias: 'production',
    dataset: `csv:${data('iris-test.csv')}`,
    labelColumn: LABEL_COLUMN,
    condition: config.condition,
    settings: resolveSettings({ file: config.settings, overrides: {} }),
    executionProvider: 'cpu',
    batchSize: 16,
    promote: true,
    cacheDir: join(mlflow.dir, 'cache'),
    holder: 'test',
  };
}

describeWithSystemPackage('chromium', 'a table model from training to its Space', () => {
  test('trained by the TypeScript trainer, promoted over a weaker one on a CSV test set, deployed: the Space is a form that predicts', async () => {
    const http = mlflow.http;
    const common = { train: data('iris-train.csv'), test: data('iris-test.csv'), 'label-column': LABEL_COLUMN };
    // A weak first model, promoted by the first-model rule; then the full one, promoted over it by the gate.
    expect(await trainTable({ ...common, iterations: '3' })).toBe(1);
    const first = await evaluateAndPromote(evaluateOptions('n - o > 0 +/- 0.2'), { http, logger: recordingLogger() });
    expect(first).toMatchObject({ promoted: true, challengerVersion: 1 });
    expect(first.gate.n).toBeCloseTo(39 / 48, 10);

    expect(await trainTable(common)).toBe(2);
    const second = await evaluateAndPromote(evaluateOptions('n - o > 0 +/- 0.2'), { http, logger: recordingLogger() });
    expect(second).toMatchObject({ passed: true, promoted: true, challengerVersion: 2, championVersion: 1 });
    expect(second.gate.n).toBeCloseTo(47 / 48, 10);
    expect(second.gate.metrics!.brier!.new!).toBeLessThan(second.gate.metrics!.brier!.old!);
    expect((await getVersionByAlias(http, MODEL, 'production'))?.version).toBe(2);

    const spaceDir = join(mlflow.dir, 'space');
    const cacheDir = join(mlflow.dir, 'cache');
    const logger = recordingLogger();
    await deployModel(
      {
        modelName: MODEL,
        version: 2,
        alias: 'production',
        target: { kind: 'folder', dir: spaceDir },
        examplesDataset: `csv:${data('iris-test.csv')}`,
        dryRun: false,
        cacheDir,
      },
      { http, logger, loadExamples: (spec) => loadDataset(spec, { cacheDir, logger, labelColumn: LABEL_COLUMN }) },
    );
    const preprocessing = JSON.parse(readFileSync(join(spaceDir, 'preprocessing.json'), 'utf8')) as { kind: string; features: string[] };
    expect(preprocessing.kind).toBe('table');

    server = await serveSpace(spaceDir, { port: 0 });
    browser = await chromium.launch({ executablePath: chromiumPath(), args: ['--no-sandbox'] });
    const page = await browser.newPage();
    await page.goto(server.url);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
    for (const feature of preprocessing.features) expect(await page.getByLabel(feature, { exact: true }).count()).toBe(1);
    // A virginica from the test set, typed in by hand.
    const virginica = readFileSync(data('iris-test.csv'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => line.split(','))
      .find((cells) => cells.includes('virginica'))!;
    const header = readFileSync(data('iris-test.csv'), 'utf8').split('\n')[0]!.split(',');
    for (const feature of preprocessing.features) await page.getByLabel(feature, { exact: true }).fill(virginica[header.indexOf(feature)]!);
    await page.getByRole('button', { name: 'Predict' }).click();
    await page.waitForSelector('#predictions[data-source="form"] li');
    expect(await page.textContent('#status')).toMatch(/^Most likely: virginica \(\d+\.\d%\)$/);
    expect(await page.textContent('body')).toContain('Brier');
    await page.close();
  }, 240_000);
});
