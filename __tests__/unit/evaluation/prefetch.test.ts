/**
 * @jest-environment ./__tests__/environments/host-typed-arrays.mjs
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, test } from '@jest/globals';
import { ConfigurationError, silentLogger } from '@mlops-actions/common';
import { evaluateModels, openModel, type EvaluationTimes, type ImageDataset, type ModelRun } from '@mlops-actions/evaluation';
import { parsePreprocessing } from '@mlops-actions/model-format';
import { LOOKUP_PREPROCESSING, lookupModel } from '../../helpers/lookup-model.js';

const ITEMS = 8;
const BATCH = 2;
const PIXELS = 3 * 32 * 32;
/** What a read and an inference each take here: far above what the lookup model needs. */
const SLOW_MS = 120;

/** Every read and inference, with when it started and ended. */
type Event = { what: 'read' | 'run'; batch: number; start: number; end: number };

/** Eight numbered items whose every read is slow and recorded; `failAt`: the batch whose read fails. */
function slowItems(events: Event[], failAt?: number): ImageDataset {
  return {
    kind: 'image',
    name: 'numbered',
    classes: LOOKUP_PREPROCESSING.labels,
    labels: Int32Array.from({ length: ITEMS }, (_, i) => i % 10),
    fingerprint: 'numbered',
    async read(start, end) {
      const began = performance.now();
      await sleep(SLOW_MS);
      if (start / BATCH === failAt) throw new ConfigurationError(`item ${start} could not be decoded as an image`);
      events.push({ what: 'read', batch: start / BATCH, start: began, end: performance.now() });
      const pixels = new Uint8Array((end - start) * PIXELS);
      for (let i = start; i < end; i++) pixels.set([i >> 8, i & 255], (i - start) * PIXELS);
      return pixels;
    },
  };
}

const dir = mkdtempSync(join(tmpdir(), 'prefetch-'));
writeFileSync(join(dir, 'model.onnx'), lookupModel(Array.from({ length: ITEMS }, (_, i) => i % 10)));

/** A real session on a lookup model whose every call is slow and recorded. */
async function slowRun(events: Event[]): Promise<ModelRun> {
  const session = await openModel(join(dir, 'model.onnx'), 'cpu', silentLogger);
  return {
    session: {
      ...session,
      async run(input, count, preprocessing) {
        const began = performance.now();
        const batch = (input[0]! * 256 + input[1]!) / BATCH;
        await sleep(SLOW_MS);
        const scores = await session.run(input, count, preprocessing);
        events.push({ what: 'run', batch, start: began, end: performance.now() });
        return scores;
      },
    },
    preprocessing: parsePreprocessing(JSON.stringify(LOOKUP_PREPROCESSING)),
    label: 'challenger v2',
  };
}

describe('evaluateModels reads the next batch while the models run this one', () => {
  test('each read after the first overlaps the inference before it, and the pass says what the models waited for', async () => {
    const events: Event[] = [];
    let times: EvaluationTimes | undefined;
    const [outcome] = await evaluateModels([await slowRun(events)], slowItems(events), {
      batchSize: BATCH,
      logger: silentLogger,
      onTimes: (reported) => (times = reported),
    });

    expect(Array.from(outcome!.predictions)).toEqual(Array.from({ length: ITEMS }, (_, i) => i % 10));
    const of = (what: Event['what'], batch: number): Event => events.find((e) => e.what === what && e.batch === batch)!;
    for (let batch = 1; batch < ITEMS / BATCH; batch++) expect(of('read', batch).start).toBeLessThan(of('run', batch - 1).end);
    // Four reads of SLOW_MS, but only the first one holds the models up.
    expect(times!.inputMs).toBeGreaterThanOrEqual(4 * SLOW_MS * 0.9);
    expect(times!.inputWaitMs).toBeLessThan(2 * SLOW_MS);
    expect(times!.inferenceMs).toHaveLength(1);
    expect(times!.inferenceMs[0]!).toBeGreaterThanOrEqual(4 * SLOW_MS * 0.9);
    expect(times!.totalMs).toBeLessThan(times!.inputMs + times!.inferenceMs[0]!);
  });

  test('a batch that cannot be read, read ahead while the one before runs, fails the pass with its own error', async () => {
    const events: Event[] = [];
    await expect(evaluateModels([await slowRun(events)], slowItems(events, 2), { batchSize: BATCH, logger: silentLogger })).rejects.toThrow(
      'item 4 could not be decoded as an image',
    );
    // Batches 0 and 1 ran; batch 2's read failed while batch 1 ran, and nothing ran after it.
    expect(events.filter((e) => e.what === 'run').map((e) => e.batch)).toEqual([0, 1]);
  });
});
