/**
 * @jest-environment ./__tests__/environments/host-typed-arrays.mjs
 */
// Sharded evaluation against the embedded MLflow server, with lookup models that give every item exactly the prediction
// the test wants: the shards' outcomes, merged, decide exactly what one runner evaluating the whole test set decides.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { CIFAR10_CLASSES } from '@mlops-actions/evaluation';
import type { GateResult } from '@mlops-actions/gate';
import { getOrCreateExperiment, getRun, getVersionByAlias, searchRuns, setAlias, type MlflowHttp } from '@mlops-actions/mlflow';
import { evaluateAndPromote, evaluateShard, type EvaluatePromoteOptions } from '@mlops-actions/promotion';
import { evaluationExperiment, SHARD_TAGS } from '@mlops-actions/promotion/internal';
import { evaluateOptions } from '../helpers/evaluate-options.js';
import { LOOKUP_PREPROCESSING, lookupModel, writeNumberedCifarBatch } from '../helpers/lookup-model.js';
import { useMlflowServer } from '../helpers/mlflow-server.js';
import { writeNpy } from '../helpers/npy.js';
import { recordingLogger } from '../helpers/recording-logger.js';
import { registerModel } from '../helpers/registered-models.js';

const mlflow = useMlflowServer('evaluate-shards-');

/** 3,000 items, 300 per class; item i is of class i % 10. */
const ITEMS = 3_000;
const labels = Int32Array.from({ length: ITEMS }, (_, i) => i % 10);
/** Right on the items whose place in their class modulo 20 is below `right(class)`; else the next class, or the one after. */
const predictionsWith = (right: (label: number) => number): Int32Array =>
  labels.map((label, i) => (Math.floor(i / 10) % 20 < right(label) ? label : (label + 1 + (i % 3 === 0 ? 1 : 0)) % 10));
const dataset = `cifar10:${join(mlflow.dir, 'test_batch.bin')}`;
writeNumberedCifarBatch(join(mlflow.dir, 'test_batch.bin'), labels);

const CONDITION = [
  'n - o > 0.02 +/- 0.03',
  'forall class: n[class] - o[class] > -0.1 +/- 0.1',
  'n@3 - o@3 > -0.05 +/- 0.05',
  'brier(new) < brier(old) + 0.05 +/- 0.05',
].join('\n');

const options = (name: string, extra: Partial<EvaluatePromoteOptions> = {}, condition = CONDITION): EvaluatePromoteOptions =>
  evaluateOptions(name, condition, dataset, mlflow.dir, { steps: 10 }, { batchSize: 128, shardGroup: `${name}-run`, ...extra });

/** A champion right on 80% of every class as v1 (@production), and a challenger right on 85–95% as v2. */
async function twoVersions(http: MlflowHttp, name: string): Promise<void> {
  await registerModel(http, name, { onnx: lookupModel(predictionsWith(() => 16)), preprocessing: LOOKUP_PREPROCESSING });
  await setAlias(http, name, 'production', 1);
  await registerModel(http, name, {
    onnx: lookupModel(predictionsWith((label) => 17 + (label % 3))),
    preprocessing: LOOKUP_PREPROCESSING,
  });
}

async function shard(
  http: MlflowHttp,
  name: string,
  index: number,
  count: number,
  extra: Partial<EvaluatePromoteOptions> = {},
  condition = CONDITION,
) {
  const logger = recordingLogger();
  const result = await evaluateShard({ ...options(name, extra, condition), shard: { index, count } }, { http, logger });
  return { result, logger };
}

/** The gate's result without what is measured rather than computed (batch times), which no two runs share. */
const decided = (gate: GateResult) => ({ ...gate, metrics: { ...gate.metrics, latency: undefined } });

async function shardRunsOf(http: MlflowHttp, name: string) {
  const experiment = await getOrCreateExperiment(http, evaluationExperiment(name));
  const runs = await searchRuns(http, { experimentIds: [experiment.id] });
  return runs.filter((run) => run.tags[SHARD_TAGS.shard] !== undefined);
}

describe('evaluation sharded over a matrix', () => {
  test('three shards and a merge decide exactly what one runner decides on the whole test set, and promote once', async () => {
    const http = mlflow.http;
    const name = 'sharded';
    await twoVersions(http, name);
    // The whole test set on one runner, as a dry run: the decision to compare with.
    const whole = await evaluateAndPromote(options(name, { promote: false }), { http, logger: recordingLogger() });
    expect(whole).toMatchObject({ passed: true, promoted: false });

    const parts = [];
    for (const index of [2, 3, 1]) parts.push(await shard(http, name, index, 3));
    expect(parts.map(({ result }) => result.items)).toEqual([
      { start: 1000, end: 2000, total: 3000 },
      { start: 2000, end: 3000, total: 3000 },
      { start: 0, end: 1000, total: 3000 },
    ]);
    expect(parts[0]!.logger.lines).toContain('shard 2/3: items 1,000–1,999 of 3,000');
    expect(parts[0]!.result.summary).toContain('## Shard 2/3 evaluated: sharded v2 against `@production` v1');
    // Nothing is decided or promoted by a shard.
    expect((await getVersionByAlias(http, name, 'production'))?.version).toBe(1);

    const logger = recordingLogger();
    const merged = await evaluateAndPromote(options(name, { shard: 'merge' }), { http, logger });
    expect(merged).toMatchObject({ passed: true, promoted: true, challengerVersion: 2, championVersion: 1 });
    expect(decided(merged.gate)).toEqual(decided(whole.gate));
    expect(merged.gate.items).toBe(ITEMS);
    expect(merged.gate.slices![0]!.rows).toHaveLength(10);
    expect(logger.lines).toContainEqual(expect.stringMatching(/^merged 3 shards: 3,000 items of test set [0-9a-f]{12}$/));
    expect(merged.summary).toContain('merged from 3 shards');
    expect((await getVersionByAlias(http, name, 'production'))?.version).toBe(2);
    // The shard runs are the evaluation run's children in MLflow's UI; the evaluation run says it was merged.
    const shardRuns = await shardRunsOf(http, name);
    expect(shardRuns).toHaveLength(3);
    for (const run of shardRuns) expect(run.tags['mlflow.parentRunId']).toBe(merged.evaluationRunId);
    expect((await getRun(http, merged.evaluationRunId)).tags['mlops.merged_shards']).toBe('3');
  });

  test('a missing shard, a shard evaluated twice, parts of two splits and no shard at all are refused; nothing is promoted', async () => {
    const http = mlflow.http;
    const name = 'incomplete';
    await twoVersions(http, name);
    const merge = (group: string) =>
      evaluateAndPromote(options(name, { shard: 'merge', shardGroup: group }), { http, logger: recordingLogger() });

    await expect(merge('nothing-ran')).rejects.toThrow(
      "no finished shard of this evaluation was found (shard-group nothing-ran): run the matrix's shard jobs, each with shard 'i/k', before the merge, with the same shard-group",
    );
    await shard(http, name, 1, 3, { shardGroup: 'missing' });
    await shard(http, name, 3, 3, { shardGroup: 'missing' });
    await expect(merge('missing')).rejects.toThrow(
      'shard 2/3 of this evaluation is missing (found 1/3, 3/3): its job failed, was cancelled or never ran. Re-run the failed jobs of the workflow run; the merge runs again after them.',
    );
    await shard(http, name, 1, 2, { shardGroup: 'twice' });
    await shard(http, name, 1, 2, { shardGroup: 'twice' });
    await shard(http, name, 2, 2, { shardGroup: 'twice' });
    await expect(merge('twice')).rejects.toThrow(
      /^shard 1\/2 was evaluated twice in attempt 1 \(runs \w+ and \w+\): two jobs of the matrix gave the same 'i\/k'/,
    );
    await shard(http, name, 1, 2, { shardGroup: 'two-splits' });
    await shard(http, name, 2, 3, { shardGroup: 'two-splits' });
    await expect(merge('two-splits')).rejects.toThrow('the shards of this evaluation split the test set in different ways: ');

    expect((await getVersionByAlias(http, name, 'production'))?.version).toBe(1);
    // Refused before an evaluation run was opened: the experiment holds shard runs only.
    const experiment = await getOrCreateExperiment(http, evaluationExperiment(name));
    const runs = await searchRuns(http, { experimentIds: [experiment.id] });
    expect(runs.every((run) => run.tags[SHARD_TAGS.shard] !== undefined)).toBe(true);
  });

  test("a re-run's shard supersedes the earlier attempt's; a shard that saw another champion is refused", async () => {
    const http = mlflow.http;
    const name = 'rerun';
    await twoVersions(http, name);
    await shard(http, name, 1, 2);
    await shard(http, name, 2, 2);
    // Attempt 2 re-runs shard 2 only ("Re-run failed jobs"): the merge takes attempt 1's shard 1 and attempt 2's shard 2.
    await shard(http, name, 2, 2, { shardAttempt: 2 });
    const logger = recordingLogger();
    const merged = await evaluateAndPromote(options(name, { shard: 'merge', promote: false, shardAttempt: 2 }), { http, logger });
    expect(merged).toMatchObject({ passed: true, promoted: false });
    expect(logger.lines).toContainEqual(expect.stringMatching(/^shard 2\/2: run \w+ of attempt 1 is superseded by a later attempt's$/));

    // Merging in the workflow run the group is (the default group), a part of a later attempt than the merge's own was
    // not made by this run: refused.
    await shard(http, name, 1, 2, { shardGroup: 'forged' });
    await shard(http, name, 2, 2, { shardGroup: 'forged' });
    await shard(http, name, 2, 2, { shardGroup: 'forged', shardAttempt: 5 });
    await expect(
      evaluateAndPromote(options(name, { shard: 'merge', shardGroup: 'forged', shardGroupIsRun: true }), {
        http,
        logger: recordingLogger(),
      }),
    ).rejects.toThrow(
      /^shard run \w+ says it is shard 2\/2 of attempt 5, and this merge is attempt 1: it was not made by this workflow run\./,
    );

    // The alias moves to a third version while the shards of another run are evaluated.
    await registerModel(http, name, { onnx: lookupModel(predictionsWith(() => 16)), preprocessing: LOOKUP_PREPROCESSING });
    await shard(http, name, 1, 2, { shardGroup: 'moved', challenger: '2' });
    await setAlias(http, name, 'production', 3);
    await shard(http, name, 2, 2, { shardGroup: 'moved', challenger: '2' });
    await expect(
      evaluateAndPromote(options(name, { shard: 'merge', shardGroup: 'moved', challenger: '2' }), { http, logger: recordingLogger() }),
    ).rejects.toThrow(/^shards 1\/2 and 2\/2 were evaluated with different champion versions: 1 and 3\. /);
    // Both shards saw v3, and the alias moved back to v1 before the merge.
    await shard(http, name, 1, 2, { shardGroup: 'moved-later', challenger: '2' });
    await shard(http, name, 2, 2, { shardGroup: 'moved-later', challenger: '2' });
    await setAlias(http, name, 'production', 1);
    await expect(
      evaluateAndPromote(options(name, { shard: 'merge', shardGroup: 'moved-later', challenger: '2' }), {
        http,
        logger: recordingLogger(),
      }),
    ).rejects.toThrow(
      'the shards evaluated v2 against v3, and now the challenger is v2 and @production is v1: a version was registered or the alias moved while the shards ran. Re-run all the jobs of the workflow run; nothing was promoted.',
    );
    expect((await getVersionByAlias(http, name, 'production'))?.version).toBe(1);
  });

  test("latency clauses are decided on shard 1's timing pass alone; a merge after the promotion has nothing to do", async () => {
    const http = mlflow.http;
    const name = 'sharded-latency';
    await twoVersions(http, name);
    const condition = 'n - o > 0 +/- 0.05\nlatency(new) < 100 * latency(old)';
    const first = await shard(http, name, 1, 2, {}, condition);
    const second = await shard(http, name, 2, 2, {}, condition);
    const timingLine = /^timing challenger v2 and champion v1: 200 batches of 1 item per model in /;
    expect(first.logger.lines).toContainEqual(expect.stringMatching(timingLine));
    expect(second.logger.lines.filter((line) => line.startsWith('timing'))).toEqual([]);
    const merged = await evaluateAndPromote(options(name, { shard: 'merge' }, condition), { http, logger: recordingLogger() });
    expect(merged).toMatchObject({ passed: true, promoted: true });
    expect(merged.gate.metrics!.latency).toMatchObject({ batchSize: 1, batches: 200 });

    // A re-run of the merge job once v2 is @production: the recorded decision, nothing evaluated again.
    const again = await evaluateAndPromote(options(name, { shard: 'merge' }, condition), { http, logger: recordingLogger() });
    expect(again).toMatchObject({ alreadyChampion: true, promoted: false, evaluationRunId: merged.evaluationRunId });
    const shardAgain = await shard(http, name, 1, 2, {}, condition);
    expect(shardAgain.result).toMatchObject({
      shardRunId: undefined,
      reason: 'v2 already is @production: nothing to evaluate (the merge says the same)',
    });
  });

  test('an npy: test set of the same items, read from disk batch by batch and sharded, decides as the CIFAR batch does', async () => {
    const http = mlflow.http;
    const name = 'sharded-npy';
    await twoVersions(http, name);
    const folder = join(mlflow.dir, 'npy-test-set');
    mkdirSync(folder);
    const pixels = new Uint8Array(ITEMS * 3 * 32 * 32);
    for (let i = 0; i < ITEMS; i++) [pixels[i * 3072], pixels[i * 3072 + 1]] = [i >> 8, i & 255];
    writeNpy(join(folder, 'inputs.npy'), '|u1', [ITEMS, 3, 32, 32], pixels);
    writeNpy(join(folder, 'labels.npy'), '<i4', [ITEMS], labels);
    writeFileSync(join(folder, 'classes.txt'), `${CIFAR10_CLASSES.join('\n')}\n`);

    const whole = await evaluateAndPromote(options(name, { promote: false }), { http, logger: recordingLogger() });
    const npy = { dataset: `npy:${folder}` };
    await shard(http, name, 1, 2, npy);
    await shard(http, name, 2, 2, npy);
    const merged = await evaluateAndPromote(options(name, { ...npy, shard: 'merge' }), { http, logger: recordingLogger() });
    expect(decided(merged.gate)).toEqual(decided(whole.gate));
    expect(merged).toMatchObject({ passed: true, promoted: true });
  });
});
