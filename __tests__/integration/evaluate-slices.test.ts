/**
 * @jest-environment ./__tests__/environments/host-typed-arrays.mjs
 */
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { getVersionByAlias, setAlias } from '@mlops-actions/mlflow';
import { evaluateAndPromote, type EvaluatePromoteOptions } from '@mlops-actions/promotion';
import { evaluateOptions } from '../helpers/evaluate-options.js';
import { LOOKUP_PREPROCESSING, lookupModel, writeNumberedCifarBatch } from '../helpers/lookup-model.js';
import { useMlflowServer } from '../helpers/mlflow-server.js';
import { recordingLogger } from '../helpers/recording-logger.js';
import { registerModel } from '../helpers/registered-models.js';

const mlflow = useMlflowServer('evaluate-slices-');

/** 10,000 items, 1,000 per class; item i is of class i % 10 and the (i / 10)th of its class. */
const ITEMS = 10_000;
const labels = Int32Array.from({ length: ITEMS }, (_, i) => i % 10);
/** Predictions right on the items of each class whose place modulo 20 is below `right(class)`, wrong elsewhere. */
const predictionsWith = (right: (label: number) => number): Int32Array =>
  labels.map((label, i) => (Math.floor(i / 10) % 20 < right(label) ? label : (label + 1) % 10));
const CAT = 3;

const options = (name: string, condition: string, dataset: string): EvaluatePromoteOptions =>
  evaluateOptions(name, condition, dataset, mlflow.dir);

describe('the gate beyond one accuracy, through evaluate-promote', () => {
  const dataset = `cifar10:${join(mlflow.dir, 'test_batch.bin')}`;
  writeNumberedCifarBatch(join(mlflow.dir, 'test_batch.bin'), labels);
  // The champion is right on 85% of every class.
  const champion = predictionsWith(() => 17);

  test('a challenger better overall but 5 points worse on one class is rejected, naming the class, worst slice first', async () => {
    const http = mlflow.http;
    const name = 'sliced';
    await registerModel(http, name, { onnx: lookupModel(champion), preprocessing: LOOKUP_PREPROCESSING });
    await setAlias(http, name, 'production', 1);
    // 90% on nine classes, 80% on cats: 4 points better overall, 5 points worse on one class.
    await registerModel(http, name, {
      onnx: lookupModel(predictionsWith((label) => (label === CAT ? 16 : 18))),
      preprocessing: LOOKUP_PREPROCESSING,
    });
    const condition = 'n - o > 0.01 +/- 0.02\nforall class: n[class] - o[class] > -0.02 +/- 0.02';
    const result = await evaluateAndPromote(options(name, condition, dataset), { http, logger: recordingLogger() });

    expect(result.gate.n - result.gate.o!).toBeCloseTo(0.04, 10);
    expect(result).toMatchObject({ passed: false, promoted: false, challengerVersion: 2, championVersion: 1 });
    expect(result.reason).toMatch(/^rejected: n\[cat\] − o\[cat\] = −0\.05, .* is below −0\.02 \(class cat\)$/);
    const table = result.gate.slices![0]!;
    expect(table.kind).toBe('class');
    expect(table.rows).toHaveLength(10);
    expect(table.rows[0]).toMatchObject({ name: 'cat', items: 1000, value: 'false' });
    expect(table.rows[0]!.estimate).toBeCloseTo(-0.05, 10);
    // 1,000 items a class are enough here: each other class's interval lies above −0.02, so it holds.
    for (const row of table.rows.slice(1)) expect(row).toMatchObject({ value: 'true', tooSmall: false });
    for (const row of table.rows.slice(1)) expect(row.estimate).toBeCloseTo(0.05, 10);
    expect(result.summary).toContain('cat');
    expect(result.summary.indexOf('cat')).toBeLessThan(result.summary.indexOf('airplane'));
    expect((await getVersionByAlias(http, name, 'production'))?.version).toBe(1);

    // Better on every class by 5 points: the same condition promotes it.
    await registerModel(http, name, { onnx: lookupModel(predictionsWith(() => 18)), preprocessing: LOOKUP_PREPROCESSING });
    const better = await evaluateAndPromote(options(name, condition, dataset), { http, logger: recordingLogger() });
    expect(better).toMatchObject({ passed: true, promoted: true, challengerVersion: 3, championVersion: 1 });
    expect(better.gate.slices![0]!.rows.every((row) => row.value === 'true')).toBe(true);
  });

  test('a challenger with the same predictions but slower is rejected by a latency clause; sizes are measured', async () => {
    const http = mlflow.http;
    const name = 'timed';
    await registerModel(http, name, { onnx: lookupModel(champion), preprocessing: LOOKUP_PREPROCESSING });
    await setAlias(http, name, 'production', 1);
    await registerModel(http, name, { onnx: lookupModel(champion, { slowdown: 2 }), preprocessing: LOOKUP_PREPROCESSING });
    const logger = recordingLogger();
    // Batches of 32 in the timing pass: the slowdown's products grow with the batch, so the gap stands out of the runner's noise.
    const result = await evaluateAndPromote(
      { ...options(name, 'latency(new) < 1.2 * latency(old)', dataset), latencyBatchSize: 32 },
      { http, logger },
    );

    expect(result).toMatchObject({ passed: false, promoted: false, challengerVersion: 2 });
    expect(result.reason).toMatch(/^rejected: latency\(new\) − 1\.2 \* latency\(old\) = /);
    expect(result.gate.clauses[0]!.value).toBe('false');
    const latency = result.gate.metrics!.latency!;
    // The timing pass's: batches of 32, 200 rounds (a median bounded at δ / 2 needs 8: 200 is the least auto gives).
    expect(latency).toMatchObject({ batchSize: 32, batches: 200 });
    expect(latency.p50.new).toBeGreaterThan(2 * latency.p50.old!);
    // The scoring pass still says how long its batches took; the timing pass says what it timed.
    expect(logger.lines).toContainEqual(
      expect.stringMatching(/^challenger v2: 10,000 items, \d+\.\d s of inference, median \S+ ms per batch of 256$/),
    );
    expect(logger.lines).toContainEqual(
      expect.stringMatching(
        /^timing challenger v2 and champion v1: 200 batches of 32 items per model in \S+ s; median \S+ ms \(challenger v2\), \S+ ms \(champion v1\)$/,
      ),
    );
    // The slow model carries 4 MB of extra weights: sizes in MB, as the size clauses read them.
    const size = result.gate.metrics!.size!;
    expect(size.new! - size.old!).toBeCloseTo(4.194, 2);
  });

  test('a p95 latency clause is decided on default settings: the timing pass gives it the batches it needs', async () => {
    const http = mlflow.http;
    const name = 'timed-p95';
    await registerModel(http, name, { onnx: lookupModel(champion), preprocessing: LOOKUP_PREPROCESSING });
    await setAlias(http, name, 'production', 1);
    await registerModel(http, name, { onnx: lookupModel(champion, { slowdown: 8 }), preprocessing: LOOKUP_PREPROCESSING });
    const result = await evaluateAndPromote(options(name, 'latency(new, p95) < 1.2 * latency(old, p95)', dataset), {
      http,
      logger: recordingLogger(),
    });

    // The scoring pass alone times 38 batches of 256 here, where this clause's two p95s at δ / 2 need 104 each.
    const clause = result.gate.clauses[0]!;
    expect(clause.interval.every(Number.isFinite)).toBe(true);
    expect(clause.value).toBe('false');
    expect(result).toMatchObject({ passed: false, promoted: false, challengerVersion: 2 });
    expect(result.reason).toMatch(/^rejected: latency\(new, p95\) − 1\.2 \* latency\(old, p95\) = /);
    expect(result.gate.notes.join('\n')).not.toContain('cannot be bounded');
    expect(result.gate.metrics!.latency).toMatchObject({ batchSize: 1, batches: 3 * 104 });
    expect(result.summary).toContain('per batch of 1 item');
  });
});
