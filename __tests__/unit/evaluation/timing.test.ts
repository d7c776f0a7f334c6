/**
 * @jest-environment ./__tests__/environments/host-typed-arrays.mjs
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, test } from '@jest/globals';
import { progressLines, silentLogger, type ProgressOptions } from '@mlops-actions/common';
import { openModel, timeModels, type ImageDataset, type ModelRun, type ModelSession } from '@mlops-actions/evaluation';
import { parsePreprocessing } from '@mlops-actions/model-format';
import { LOOKUP_PREPROCESSING, lookupModel } from '../../helpers/lookup-model.js';
import { recordingLogger } from '../../helpers/recording-logger.js';

const ITEMS = 10;
const PIXELS = 3 * 32 * 32;
/** What a slow read or a slow first call costs: far above what these models take per batch. */
const SLOW_MS = 150;

/**
 * Ten CIFAR-sized items in memory, item i carrying its number in its first two pixels as the lookup models read it;
 * every read is slow and counted.
 */
function numberedItems(): ImageDataset & { reads: Array<[number, number]> } {
  const reads: Array<[number, number]> = [];
  return {
    kind: 'image',
    name: 'numbered',
    classes: LOOKUP_PREPROCESSING.labels,
    labels: Int32Array.from({ length: ITEMS }, (_, i) => i % 10),
    fingerprint: 'numbered',
    reads,
    async read(start, end) {
      reads.push([start, end]);
      await sleep(SLOW_MS);
      const pixels = new Uint8Array((end - start) * PIXELS);
      for (let i = start; i < end; i++) pixels.set([i >> 8, i & 255], (i - start) * PIXELS);
      return pixels;
    },
  };
}

const dir = mkdtempSync(join(tmpdir(), 'timing-'));
const labels = Array.from({ length: ITEMS }, (_, i) => i % 10);
writeFileSync(join(dir, 'fast.onnx'), lookupModel(labels));
writeFileSync(join(dir, 'slow.onnx'), lookupModel(labels, { slowdown: 2 }));

/** Every inference call: which model, and the numbers of the items it was given. */
type Call = { model: string; items: number[] };

/** A real session on a lookup model, recording each call; its first call is slow, as a cold start would be. */
async function recordedRun(file: string, label: string, calls: Call[], preprocessing = LOOKUP_PREPROCESSING): Promise<ModelRun> {
  const session = await openModel(join(dir, file), 'cpu', silentLogger);
  let first = true;
  const recording: ModelSession = {
    ...session,
    async run(input, count, parsed) {
      calls.push({ model: label, items: Array.from({ length: count }, (_, i) => input[i * PIXELS]! * 256 + input[i * PIXELS + 1]!) });
      if (first) await sleep(SLOW_MS);
      first = false;
      return session.run(input, count, parsed);
    },
  };
  return { session: recording, preprocessing: parsePreprocessing(JSON.stringify(preprocessing)), label };
}

describe('timeModels: a timing pass apart from scoring', () => {
  test('after one untimed warm-up each, every round times each model once on the next items, the order alternating', async () => {
    const calls: Call[] = [];
    const runs = [await recordedRun('fast.onnx', 'champion v1', calls), await recordedRun('slow.onnx', 'challenger v2', calls)];
    const dataset = numberedItems();
    const logger = recordingLogger();
    let now = 0;
    const clocked = { ...logger, progress: (options: ProgressOptions) => progressLines(logger, options, { now: () => (now += 3000) }) };

    const times = await timeModels(runs, dataset, { batchSize: 2, rounds: 6, logger: clocked });

    expect(times.map((t) => [t.batchSize, t.batchMs.length])).toEqual([
      [2, 6],
      [2, 6],
    ]);
    // The warm-up call and the reads were slow; no timed batch was: neither is inside the timed region.
    for (const { batchMs } of times) for (const ms of batchMs) expect(ms).toBeLessThan(SLOW_MS / 2);
    expect(calls.map((call) => call.model)).toEqual([
      ...['champion v1', 'challenger v2'], // warm-up
      ...['champion v1', 'challenger v2'],
      ...['challenger v2', 'champion v1'],
      ...['champion v1', 'challenger v2'],
      ...['challenger v2', 'champion v1'],
      ...['champion v1', 'challenger v2'],
      ...['challenger v2', 'champion v1'],
    ]);
    // Items 0–1 warm up; then the next two each round, from item 0 again after item 9.
    const rounds = [
      [0, 1],
      [2, 3],
      [4, 5],
      [6, 7],
      [8, 9],
      [0, 1],
      [2, 3],
    ];
    expect(calls.map((call) => call.items)).toEqual(rounds.flatMap((items) => [items, items]));
    // Models that prepare their input alike share one read a round.
    expect(dataset.reads).toEqual(rounds.map(([first, last]) => [first, last! + 1]));
    expect(logger.lines).toContain('timing champion v1 and challenger v2: 8 of 12 items (66%)');
    expect(logger.lines.at(-1)).toMatch(
      /^timing champion v1 and challenger v2: 6 batches of 2 items per model in \d+\.\d s; median \d\.\d\d+ ms \(champion v1\), \d\.\d\d+ ms \(challenger v2\)$/,
    );
    // Two 1024 × 1024 products per batch are time the lookup alone does not take.
    const median = (values: Float64Array) => Float64Array.from(values).sort()[values.length >> 1]!;
    expect(median(times[1]!.batchMs)).toBeGreaterThan(median(times[0]!.batchMs));
  });

  test('a batch larger than what is left of the test set, or than the test set, goes on from its first item', async () => {
    const calls: Call[] = [];
    // Another normalisation of the third channel: its own read, while the number in the first channel stays as it is.
    const other = { ...LOOKUP_PREPROCESSING, mean: [0, 0, 1] };
    const runs = [await recordedRun('fast.onnx', 'a', calls), await recordedRun('fast.onnx', 'b', calls, other)];
    const dataset = numberedItems();
    await timeModels(runs, dataset, { batchSize: 4, rounds: 2, logger: silentLogger });
    expect(calls.map((call) => [call.model, call.items])).toEqual([
      ['a', [0, 1, 2, 3]],
      ['b', [0, 1, 2, 3]],
      ['a', [4, 5, 6, 7]],
      ['b', [4, 5, 6, 7]],
      ['b', [8, 9, 0, 1]],
      ['a', [8, 9, 0, 1]],
    ]);
    // One read per preprocessing each round, two where the batch runs past the last item.
    expect(dataset.reads).toEqual([
      [0, 4],
      [0, 4],
      [4, 8],
      [4, 8],
      [8, 10],
      [0, 2],
      [8, 10],
      [0, 2],
    ]);

    calls.length = 0;
    await timeModels(runs.slice(0, 1), numberedItems(), { batchSize: 25, rounds: 1, logger: silentLogger });
    const from = (start: number) => Array.from({ length: 25 }, (_, i) => (start + i) % ITEMS);
    expect(calls.map((call) => call.items)).toEqual([from(0), from(25)]);
  });

  test('no rounds, or an empty test set, is a configuration error', async () => {
    const runs = [await recordedRun('fast.onnx', 'a', [])];
    await expect(timeModels(runs, numberedItems(), { batchSize: 1, rounds: 0, logger: silentLogger })).rejects.toThrow(
      'a timing pass needs whole numbers ≥ 1 of items per batch and of rounds, got 1 and 0',
    );
    const empty = { ...numberedItems(), labels: new Int32Array(0) };
    await expect(timeModels(runs, empty, { batchSize: 1, rounds: 5, logger: silentLogger })).rejects.toThrow(
      "test set 'numbered' has no items to time the models on",
    );
  });
});
