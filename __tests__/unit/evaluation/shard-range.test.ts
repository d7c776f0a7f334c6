import { describe, expect, test } from '@jest/globals';
import { isConfigurationError } from '@mlops-actions/common';
import { datasetPart, MAX_SHARDS, shardName, shardRange, type Dataset, type ItemShape } from '@mlops-actions/evaluation';
import { thrown } from '../../helpers/thrown.js';

/** An image test set of `total` 1×1×1 items whose pixel is the item's number, labelled item % classes. */
function imageDataset(total: number, options: { classes?: number; name?: string } = {}): Dataset & { kind: 'image' } {
  const classes = options.classes ?? 3;
  return {
    kind: 'image',
    name: options.name ?? 'image-folder:digits',
    classes: Array.from({ length: classes }, (_, c) => `class-${c}`),
    labels: Int32Array.from({ length: total }, (_, i) => i % classes),
    fingerprint: 'ab'.repeat(32),
    itemPaths: Array.from({ length: total }, (_, i) => `class-${i % classes}/item-${i}.png`),
    folderGroups: Array.from({ length: total }, (_, i) => (i % 2 === 0 ? 'even' : '')),
    read: async (start: number, end: number, shape: ItemShape) => {
      if (start < 0 || end > total || start > end) throw new RangeError(`outside the whole test set: ${start}–${end}`);
      const size = shape[0] * shape[1] * shape[2];
      const pixels = new Uint8Array((end - start) * size);
      for (let i = start; i < end; i++) pixels.fill(i, (i - start) * size, (i - start + 1) * size);
      return pixels;
    },
  };
}

/** A table test set of `total` rows with columns `x` (the row number) and `site` (`site-<row>`). */
function tableDataset(total: number): Dataset & { kind: 'table' } {
  return {
    kind: 'table',
    name: 'csv:rows.csv',
    classes: ['no', 'yes'],
    labels: Int32Array.from({ length: total }, (_, i) => i % 2),
    fingerprint: 'cd'.repeat(32),
    columns: ['x', 'site'],
    readFeatures: async (start, end, features) => {
      if (start < 0 || end > total || start > end) throw new RangeError(`outside the whole test set: ${start}–${end}`);
      return Float32Array.from({ length: (end - start) * features.length }, (_, v) => start + Math.floor(v / features.length));
    },
    readColumn: async (column) => (column === 'site' ? Array.from({ length: total }, (_, i) => `site-${i}`) : undefined),
  };
}

describe('shardRange', () => {
  const pairs = Array.from({ length: 61 }, (_, total) => Array.from({ length: 12 }, (_, k) => [total, k + 1] as const)).flat();

  test('for every test set of 0–60 items and every split into 1–12 parts, the parts tile the items in order', () => {
    for (const [total, count] of pairs) {
      const ranges = Array.from({ length: count }, (_, i) => shardRange({ index: i + 1, count }, total));
      expect(ranges[0]!.start).toBe(0);
      expect(ranges[count - 1]!.end).toBe(total);
      for (let i = 1; i < count; i++) expect(ranges[i]!.start).toBe(ranges[i - 1]!.end);
      const sizes = ranges.map(({ start, end }) => end - start);
      expect(Math.min(...sizes)).toBeGreaterThanOrEqual(0);
      expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
      expect(sizes.reduce((sum, size) => sum + size, 0)).toBe(total);
    }
  });

  test('every item is in exactly one part', () => {
    for (const [total, count] of pairs) {
      const seen = new Array<number>(total).fill(0);
      for (let index = 1; index <= count; index++) {
        const { start, end } = shardRange({ index, count }, total);
        for (let item = start; item < end; item++) seen[item]!++;
      }
      expect(seen.every((times) => times === 1)).toBe(true);
    }
  });

  test('the same part of the same test set is always the same range', () => {
    expect(shardRange({ index: 3, count: 7 }, 1000)).toEqual(shardRange({ index: 3, count: 7 }, 1000));
    expect(shardRange({ index: 3, count: 7 }, 1000)).toEqual({ start: 285, end: 428 });
    expect(shardRange({ index: 2, count: 4 }, 10)).toEqual({ start: 2, end: 5 });
  });

  test(`the largest split, ${MAX_SHARDS} parts, of a large test set still tiles it`, () => {
    const total = 10_000_019;
    let next = 0;
    for (let index = 1; index <= MAX_SHARDS; index++) {
      const { start, end } = shardRange({ index, count: MAX_SHARDS }, total);
      expect(start).toBe(next);
      expect([Math.floor(total / MAX_SHARDS), Math.ceil(total / MAX_SHARDS)]).toContain(end - start);
      next = end;
    }
    expect(next).toBe(total);
  });

  test("a part is named as the shard input writes it: 'i/k'", () => {
    expect(shardName({ index: 2, count: 4 })).toBe('2/4');
    expect(MAX_SHARDS).toBe(256);
  });
});

describe('datasetPart of an image test set', () => {
  test("its item 0 is the whole test set's item start; its labels, paths and groups are the part's", async () => {
    const whole = imageDataset(10);
    const part = datasetPart(whole, { index: 2, count: 4 });
    expect(part.kind).toBe('image');
    if (part.kind !== 'image') throw new Error('not an image part');
    expect(Array.from(part.labels)).toEqual([2, 0, 1]);
    expect(Array.from(await part.read(0, 3, [1, 1, 1]))).toEqual([2, 3, 4]);
    expect(Array.from(await part.read(1, 2, [1, 1, 1]))).toEqual([3]);
    expect(Array.from(await part.read(3, 3, [1, 1, 1]))).toEqual([]);
    expect(part.itemPaths).toEqual(['class-2/item-2.png', 'class-0/item-3.png', 'class-1/item-4.png']);
    expect(part.folderGroups).toEqual(['even', '', 'even']);
  });

  test("its name, classes and fingerprint stay the whole test set's", () => {
    const whole = imageDataset(10);
    const part = datasetPart(whole, { index: 4, count: 4 });
    expect(part).toMatchObject({ name: whole.name, classes: whole.classes, fingerprint: whole.fingerprint });
  });

  test('the parts of a split put together are the whole test set, item for item', async () => {
    const whole = imageDataset(23);
    const parts = Array.from({ length: 5 }, (_, i) => datasetPart(whole, { index: i + 1, count: 5 }));
    const pixels: number[] = [];
    for (const part of parts) if (part.kind === 'image') pixels.push(...(await part.read(0, part.labels.length, [1, 1, 1])));
    expect(pixels).toEqual(Array.from({ length: 23 }, (_, i) => i));
    expect(parts.flatMap((part) => Array.from(part.labels))).toEqual(Array.from(whole.labels));
  });

  test('an image test set without paths or groups gives a part without them', () => {
    const bare = imageDataset(6);
    delete bare.itemPaths;
    delete bare.folderGroups;
    const part = datasetPart(bare, { index: 1, count: 2 });
    expect(part).not.toHaveProperty('itemPaths');
    expect(part).not.toHaveProperty('folderGroups');
  });

  test.each([
    [2, 4],
    [-1, 1],
    [0, 4],
    [0.5, 1],
    [2, 1],
  ])('reading items %p–%p of a part of 3 is refused, not passed on to the neighbouring part', async (from, to) => {
    const part = datasetPart(imageDataset(10), { index: 2, count: 4 });
    if (part.kind !== 'image') throw new Error('not an image part');
    await expect(async () => part.read(from, to, [1, 1, 1])).rejects.toThrow('outside shard 2/4, which has 3');
  });
});

describe('datasetPart of a table test set', () => {
  test('reads the rows and column values of its part', async () => {
    const part = datasetPart(tableDataset(9), { index: 3, count: 3 });
    if (part.kind !== 'table') throw new Error('not a table part');
    expect(part.columns).toEqual(['x', 'site']);
    expect(Array.from(part.labels)).toEqual([0, 1, 0]);
    expect(Array.from(await part.readFeatures(0, 2, ['x', 'x']))).toEqual([6, 6, 7, 7]);
    expect(await part.readColumn('site')).toEqual(['site-6', 'site-7', 'site-8']);
    expect(await part.readColumn('missing')).toBeUndefined();
    await expect(async () => part.readFeatures(0, 4, ['x'])).rejects.toThrow('outside shard 3/3, which has 3');
  });
});

describe('a shard with no items', () => {
  test('more shards than items is a configuration error that says how many to split into at most', () => {
    const error = thrown(() => datasetPart(imageDataset(3, { name: 'cifar10' }), { index: 1, count: 4 }));
    expect(isConfigurationError(error)).toBe(true);
    expect(error.message).toBe("shard 1/4 has no items: test set 'cifar10' has 3 items, fewer than the 4 shards; split it into at most 3");
  });

  test('of those shards, the ones that do get an item still work', () => {
    expect(Array.from(datasetPart(imageDataset(3), { index: 2, count: 4 }).labels)).toEqual([0]);
  });

  test('a test set of one item says "item", not "items"', () => {
    expect(() => datasetPart(imageDataset(1, { name: 'one' }), { index: 1, count: 2 })).toThrow(
      "test set 'one' has 1 item, fewer than the 2 shards",
    );
  });

  test('an empty test set is refused for every split', () => {
    for (const count of [1, 2]) {
      const error = thrown(() => datasetPart(imageDataset(0), { index: 1, count }));
      expect(isConfigurationError(error)).toBe(true);
      expect(error.message).toBe("test set 'image-folder:digits' has no items: there is nothing to split into shards");
    }
  });
});
