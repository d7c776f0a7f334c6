/**
 * @jest-environment ./__tests__/environments/host-typed-arrays.mjs
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { parseGateConfig, resolveSettings, type SettingsOverrides } from '@mlops-actions/gate';
import {
  getModelVersion,
  getRun,
  getVersionByAlias,
  listArtifacts,
  searchRuns,
  getOrCreateExperiment,
  setAlias,
  setModelVersionTag,
} from '@mlops-actions/mlflow';
import { evaluateAndPromote, readLedger, type EvaluatePromoteOptions } from '@mlops-actions/promotion';
import { evaluationExperiment } from '@mlops-actions/promotion/internal';
import { useMlflowServer } from '../helpers/mlflow-server.js';
import { recordingLogger } from '../helpers/recording-logger.js';
import { MNIST_PREPROCESSING, mnistModel, registerModel } from '../helpers/registered-models.js';
import { expectSummarySurvivesGithub } from '../helpers/github-markdown.js';

const mlflow = useMlflowServer('evaluate-promote-');
const weak = mnistModel(8, 600);
const strong = mnistModel(32, 4000);
const stronger = [mnistModel(64, 6000, 5), mnistModel(64, 6000, 7)];
const weaker = mnistModel(8, 600, 9);

function options(
  modelName: string,
  overrides: Partial<EvaluatePromoteOptions> = {},
  settings: SettingsOverrides = {},
): EvaluatePromoteOptions {
  const config = parseGateConfig('n - o > 0.01 +/- 0.02');
  return {
    modelName,
    challenger: undefined,
    championAlias: 'production',
    dataset: 'mnist',
    condition: config.condition,
    settings: resolveSettings({ file: config.settings, overrides: { samples: 2000, ...settings } }),
    executionProvider: 'cpu',
    batchSize: 512,
    promote: true,
    cacheDir: join(mlflow.dir, 'cache'),
    holder: 'test',
    ...overrides,
  };
}

describe('evaluate-promote against the embedded MLflow server', () => {
  test('v1 is promoted by the first-model rule, a stronger v2 is promoted, a weaker v3 is rejected with the reason', async () => {
    const http = mlflow.http;
    const name = 'digits';
    expect(await registerModel(http, name, { onnx: weak })).toBe(1);
    const first = await evaluateAndPromote(options(name), { http, logger: recordingLogger() });
    expect(first).toMatchObject({ passed: true, promoted: true, challengerVersion: 1, championVersion: undefined });
    expect(first.gate.firstModel).toBe(true);
    expect(first.summary).toMatch(/^## Promoted: digits v1 is now `@production` \(first model\)\n/);
    expect(first.summary).toContain("**Why:** first model: promoted without comparison (first-model rule 'promote').");
    expect(first.summary).not.toMatch(/guarantee needs|useful reliability/);
    expect((await getVersionByAlias(http, name, 'production'))?.version).toBe(1);

    await registerModel(http, name, { onnx: strong });
    const second = await evaluateAndPromote(options(name), { http, logger: recordingLogger() });
    expect(second).toMatchObject({ passed: true, promoted: true, challengerVersion: 2, championVersion: 1 });
    expect(second.gate.n).toBeGreaterThan(0.8);
    const v2 = (await getModelVersion(http, name, 2))!;
    expect(v2.aliases).toContain('production');
    expect(v2.description).toMatch(
      /^Model accuracy: 0\.\d{4} ± 0\.0\d{3} \(confidence: 0\.99\) on 1996 test items; passed 'n - o > 0\.01 \+\/- 0\.02': n - o in \[0\.\d+, 0\.\d+\] at 99(\.\d+)?% confidence, against v1\.$/,
    );
    expect(v2.tags).toMatchObject({
      'mlops.gate.decision': 'promote',
      'mlops.gate.champion_version': '1',
      'mlops.gate.evaluation_run': second.evaluationRunId,
    });

    await registerModel(http, name, { onnx: weaker });
    const logger = recordingLogger();
    const third = await evaluateAndPromote(options(name, { challenger: '3' }), { http, logger });
    expect(third).toMatchObject({ passed: false, promoted: false, challengerVersion: 3, championVersion: 2 });
    expect(third.reason).toBe(third.gate.reason);
    expect(third.reason).toMatch(/^rejected: /);
    expect((await getVersionByAlias(http, name, 'production'))?.version).toBe(2);
    expect((await getModelVersion(http, name, 3))!.tags).toMatchObject({
      'mlops.gate.decision': 'reject',
      'mlops.gate.reason': third.reason,
    });
    expect(third.summary).toMatch(/^## Rejected: digits v3 — `@production` stays at v2\n/);
    expect(third.summary).toContain(`**Why:** ${third.reason.replace(/^rejected: /, '').replace(/[[\]]/g, '\\$&')}`);
    expect(expectSummarySurvivesGithub(third.summary)[0]).toContain('threshold 0.01');

    // The ledger holds the two promotions, each with its evidence; the rejection moved nothing and is not in it.
    expect(
      (await readLedger(http, name)).map((entry) => [entry.kind, entry.from, entry.to, entry.evidenceRunId, entry.reason, entry.actor]),
    ).toEqual([
      ['promotion', undefined, 1, first.evaluationRunId, first.reason, 'test'],
      ['promotion', 1, 2, second.evaluationRunId, second.reason, 'test'],
    ]);

    const run = await getRun(http, third.evaluationRunId);
    expect(run.status).toBe('FINISHED');
    expect(run.params).toMatchObject({
      challenger_version: '3',
      champion_version: '2',
      dataset: 'mnist',
      condition: 'n - o > 0.01 +/- 0.02',
    });
    expect(run.metrics.n?.value).toBeCloseTo(third.gate.n, 10);
    const artifacts = (await listArtifacts(http, run.artifactUri, '')).map((entry) => entry.path).sort();
    expect(artifacts).toEqual(['gate-result.json', 'predictions.csv']);
    const experiment = await getOrCreateExperiment(http, evaluationExperiment(name));
    expect(await searchRuns(http, { experimentIds: [experiment.id] })).toHaveLength(3);
  }, 120_000);

  test('a dry run (promote: false) records the decision and moves nothing', async () => {
    const http = mlflow.http;
    const name = 'dry-run';
    await registerModel(http, name, { onnx: weak });
    const result = await evaluateAndPromote(options(name, { promote: false }), { http, logger: recordingLogger() });
    expect(result).toMatchObject({ passed: true, promoted: false });
    expect(result.reason).toMatch(/\(dry run: promote is false, nothing was promoted\)$/);
    // The summary does not say "promoted" of a first model it did not promote.
    expect(result.summary).toMatch(/^## Passed, not promoted: dry-run v1 — `@production` stays unset \(dry run\)\n/);
    expect(result.summary).toContain(
      "**Why:** first model: passed without comparison (first-model rule 'promote'); promote is false, so nothing was promoted (dry run).",
    );
    expect(await getVersionByAlias(http, name, 'production')).toBeUndefined();
  });

  test('two evaluations racing for the same champion: exactly one promotion takes effect, the other says why', async () => {
    const http = mlflow.http;
    const name = 'race';
    await registerModel(http, name, { onnx: strong });
    await setAlias(http, name, 'production', 1);
    await registerModel(http, name, { onnx: stronger[0]! });
    await registerModel(http, name, { onnx: stronger[1]! });
    const results = await Promise.all(
      ['2', '3'].map((challenger) => evaluateAndPromote(options(name, { challenger }), { http, logger: recordingLogger() })),
    );
    expect(results.map((r) => r.passed)).toEqual([true, true]);
    const promoted = results.filter((r) => r.promoted);
    expect(promoted).toHaveLength(1);
    const loser = results.find((r) => !r.promoted)!;
    expect(loser.reason).toBe(
      `@production moved from v1 to v${promoted[0]!.challengerVersion} while v${loser.challengerVersion} was being evaluated: not promoted over a champion it was not compared with; evaluate again against v${promoted[0]!.challengerVersion}`,
    );
    expect((await getVersionByAlias(http, name, 'production'))?.version).toBe(promoted[0]!.challengerVersion);
    expect(loser.summary).toMatch(
      new RegExp(`^## Passed, not promoted: race v${loser.challengerVersion} — \`@production\` moved meanwhile\\n`),
    );
  }, 120_000);

  test('a re-run on a version that already is the champion evaluates nothing again, reports the recorded decision and dispatches a deploy that never happened', async () => {
    const http = mlflow.http;
    const name = 'rerun';
    await registerModel(http, name, { onnx: weak });
    const dispatched: number[] = [];
    const dispatchDeploy = (_model: string, version: number) => {
      dispatched.push(version);
      if (dispatched.length === 1) return Promise.reject(new Error('GitHub answered 502'));
      return Promise.resolve(`dispatched deploy.yml for v${version}`);
    };
    await expect(evaluateAndPromote(options(name), { http, logger: recordingLogger(), dispatchDeploy })).rejects.toThrow(
      'v1 of rerun is now @production, but dispatching the deploy workflow failed: GitHub answered 502; run it by hand',
    );
    const promotedBy = (await getModelVersion(http, name, 1))!.tags['mlops.gate.evaluation_run']!;

    const logger = recordingLogger();
    const rerun = await evaluateAndPromote(options(name), { http, logger, dispatchDeploy });
    expect(rerun).toMatchObject({
      passed: true,
      promoted: false,
      alreadyChampion: true,
      challengerVersion: 1,
      championVersion: 1,
      evaluationRunId: promotedBy,
      reason: `v1 already is @production, promoted by evaluation run ${promotedBy}: nothing to evaluate again`,
      deploy: 'dispatched deploy.yml for v1',
    });
    expect(rerun.gate.decision).toBe('promote');
    expect(rerun.summary).toMatch(/^## Nothing to do: rerun v1 already is `@production`\n/);
    expect(dispatched).toEqual([1, 1]);
    const experiment = await getOrCreateExperiment(http, evaluationExperiment(name));
    expect(await searchRuns(http, { experimentIds: [experiment.id] })).toHaveLength(1);

    // Deployed since (the deploy step tags the version): a further re-run dispatches nothing.
    await setModelVersionTag(http, name, 1, 'mlops.space', 'https://huggingface.co/spaces/acme/rerun');
    const again = await evaluateAndPromote(options(name), { http, logger: recordingLogger(), dispatchDeploy });
    expect(again).toMatchObject({ alreadyChampion: true, promoted: false });
    expect(again.deploy).toBeUndefined();
    expect(dispatched).toEqual([1, 1]);
  }, 60_000);

  test('a champion whose alias was set by hand, with no evaluation recorded, is named as such', async () => {
    const http = mlflow.http;
    const name = 'by-hand';
    await registerModel(http, name, { onnx: strong });
    await setAlias(http, name, 'production', 1);
    await expect(evaluateAndPromote(options(name), { http, logger: recordingLogger() })).rejects.toThrow(
      'by-hand version 1 already is @production, and no evaluation of it is recorded (the alias was set outside evaluate-promote): there is nothing to compare it with. Name another version in challenger, or register a new one.',
    );

    // A rejected version made the champion by hand: the record says so, rather than claim a promotion.
    await registerModel(http, name, { onnx: weaker });
    const rejected = await evaluateAndPromote(options(name, { challenger: '2' }), { http, logger: recordingLogger() });
    expect(rejected).toMatchObject({ passed: false, promoted: false });
    await setAlias(http, name, 'production', 2);
    const again = await evaluateAndPromote(options(name, { challenger: '2' }), { http, logger: recordingLogger() });
    expect(again).toMatchObject({
      alreadyChampion: true,
      passed: false,
      evaluationRunId: rejected.evaluationRunId,
      reason: `v2 already is @production, set outside evaluate-promote (its last evaluation, run ${rejected.evaluationRunId}, did not promote it): nothing to evaluate again`,
    });
  }, 60_000);

  test('the reuse budget counts champion comparisons only: not the first model, not a re-run or dry run of a pair', async () => {
    const http = mlflow.http;
    const name = 'reuse';
    const budget = { steps: 2 };
    for (let i = 0; i < 4; i++) await registerModel(http, name, { onnx: weak });
    // v1 becomes the first champion: no comparison, nothing spent.
    await evaluateAndPromote(options(name, { challenger: '1' }, budget), { http, logger: recordingLogger() });
    const run = async (challenger: string, settings: SettingsOverrides = budget) => {
      const logger = recordingLogger();
      await evaluateAndPromote(options(name, { challenger, promote: false }, settings), { http, logger });
      return logger;
    };
    expect((await run('2')).lines.join('\n')).toContain(
      'this is comparison 1 of the 2 its guarantee covers (steps, adaptivity none); 1 left',
    );
    // The same pair again (a re-run, a dry run): it spends nothing more.
    const again = await run('2');
    expect(again.lines.join('\n')).toContain('this is comparison 1 of the 2');
    expect(again.warnings).toEqual([]);
    expect((await run('3')).lines.join('\n')).toContain(
      'this is comparison 2 of the 2 its guarantee covers (steps, adaptivity none); 0 left',
    );
    const beyond = await run('4');
    expect(beyond.warnings.join('\n')).toMatch(
      /has decided 2 champion comparisons for reuse; this one is number 3, beyond the 2 the gate's guarantee covers \(steps 2, adaptivity none\)\. Evaluate on a fresh test set, or set steps to cover more comparisons: steps 6 needs \d+ items for this condition instead of \d+/,
    );
    await expect(run('4', { ...budget, adaptivity: 'full' })).rejects.toThrow('beyond the 2 the gate');
  }, 120_000);

  test('with the shipped configs/test_condition.txt, evaluating new versions one after another gives no reuse warning', async () => {
    const http = mlflow.http;
    const name = 'shipped';
    const shipped = parseGateConfig(readFileSync('configs/test_condition.txt', 'utf8'), { file: 'configs/test_condition.txt' });
    const settings = resolveSettings({ file: shipped.settings });
    for (const [i, onnx] of [weak, strong, stronger[0]!].entries()) {
      await registerModel(http, name, { onnx });
      const logger = recordingLogger();
      await evaluateAndPromote(options(name, { condition: shipped.condition, settings }), { http, logger });
      expect(logger.warnings).toEqual([]);
      if (i > 0) expect(logger.lines.join('\n')).toContain(`this is comparison ${i} of the 52 its guarantee covers`);
    }
  }, 120_000);

  test.each([
    ['a version that does not exist', { challenger: '42' }, 'errors has no version 42'],
    ['an alias that does not exist', { challenger: 'candidate' }, 'errors has no alias @candidate'],
  ])('%s is a clear error', async (_name, overrides, message) => {
    await registerModel(mlflow.http, 'errors', { onnx: weak });
    await expect(evaluateAndPromote(options('errors', overrides), { http: mlflow.http, logger: recordingLogger() })).rejects.toThrow(
      message,
    );
  });

  test.each([
    ['a corrupt ONNX file', { onnx: 'garbage bytes' }, /model\.onnx: not an ONNX model/],
    [
      'labels that are not the dataset classes',
      { onnx: weak, preprocessing: { ...MNIST_PREPROCESSING, labels: ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'] } },
      /are not the classes of dataset 'mnist'/,
    ],
    [
      'an input shape the data does not have',
      { onnx: weak, preprocessing: { ...MNIST_PREPROCESSING, shape: [3, 32, 32], mean: [0, 0, 0], std: [1, 1, 1] } },
      /does not match the model input/,
    ],
  ])('%s fails the evaluation run, and nothing is promoted', async (_name, files, message) => {
    const http = mlflow.http;
    const name = `bad-${_name.length}`;
    const version = await registerModel(http, name, files);
    const result = evaluateAndPromote(options(name), { http, logger: recordingLogger() });
    await expect(result).rejects.toThrow(message);
    expect(await getVersionByAlias(http, name, 'production')).toBeUndefined();
    const experiment = await getOrCreateExperiment(http, evaluationExperiment(name));
    const runs = await searchRuns(http, { experimentIds: [experiment.id] });
    expect(runs.map((run) => run.status)).toEqual(['FAILED']);
    expect(version).toBe(1);
  });
});
