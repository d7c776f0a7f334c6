import { ConfigurationError, terminalText } from '@mlops-actions/common';
import type { Dataset } from './dataset.js';

/** One part of a test set split over a matrix of runners: the `index`th (from 1) of `count` parts. */
export interface ShardSpec {
  index: number;
  count: number;
}

/** The most parts a test set may be split into: a GitHub Actions matrix runs at most 256 jobs. */
export const MAX_SHARDS = 256;

/**
 * The items of a shard: [start, end), contiguous and in item order, the parts' sizes differing by at most one. The same
 * spec and test-set size always give the same range, and the k ranges of a split cover every item exactly once.
 */
export function shardRange(shard: ShardSpec, total: number): { start: number; end: number } {
  return { start: Math.floor(((shard.index - 1) * total) / shard.count), end: Math.floor((shard.index * total) / shard.count) };
}

/** `i/k`, as the `shard` input writes it. */
export const shardName = (shard: ShardSpec): string => `${shard.index}/${shard.count}`;

/**
 * Items [start, end) of a test set as a test set of their own: item 0 of the part is item `start` of the whole. Its
 * name, classes and fingerprint stay the whole test set's (the part is of that test set).
 */
export function datasetPart(dataset: Dataset, shard: ShardSpec): Dataset {
  const total = dataset.labels.length;
  const { start, end } = shardRange(shard, total);
  const testSet = `test set '${terminalText(dataset.name)}'`;
  if (total === 0) throw new ConfigurationError(`${testSet} has no items: there is nothing to split into shards`, { subject: 'dataset' });
  if (end <= start)
    throw new ConfigurationError(
      `shard ${shardName(shard)} has no items: ${testSet} has ${total} item${total === 1 ? '' : 's'}, ` +
        `fewer than the ${shard.count} shards; split it into at most ${total}`,
      { subject: 'shard' },
    );
  const within = (from: number, to: number): [number, number] => {
    if (!(Number.isInteger(from) && Number.isInteger(to) && from >= 0 && from <= to && to <= end - start))
      throw new RangeError(`items ${from}–${to} are outside shard ${shardName(shard)}, which has ${end - start}`);
    return [start + from, start + to];
  };
  const common = {
    name: dataset.name,
    classes: dataset.classes,
    fingerprint: dataset.fingerprint,
    labels: dataset.labels.subarray(start, end),
  };
  if (dataset.kind === 'image')
    return {
      ...common,
      kind: 'image',
      read: async (from, to, shape) => await dataset.read(...within(from, to), shape),
      ...(dataset.itemPaths ? { itemPaths: dataset.itemPaths.slice(start, end) } : {}),
      ...(dataset.folderGroups ? { folderGroups: dataset.folderGroups.slice(start, end) } : {}),
    };
  return {
    ...common,
    kind: 'table',
    columns: dataset.columns,
    readFeatures: async (from, to, features) => await dataset.readFeatures(...within(from, to), features),
    readColumn: async (column) => (await dataset.readColumn(column))?.slice(start, end),
  };
}
