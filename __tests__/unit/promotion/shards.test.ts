import { describe, expect, test } from '@jest/globals';
import { createInputReader, isConfigurationError } from '@mlops-actions/common';
import { shardRange } from '@mlops-actions/evaluation';
import { readEvaluateInputs } from '@mlops-actions/promotion';
import {
  chooseShardRuns,
  decodeShard,
  encodeShard,
  mergeShards,
  parseShard,
  type ShardRecord,
  type ShardRun,
} from '@mlops-actions/promotion/internal';
import { thrown } from '../../helpers/thrown.js';

const CLASSES = ['cat', 'dog', 'bird'];
const FINGERPRINT = 'ab'.repeat(32);
const WHERE = 'shard run 0123abcd';

type ShardModel = ShardRecord['challenger'];
type Json = Record<string, unknown>;
/** An outcomes file as JSON, its parts open to change. */
interface Wire extends Json {
  items: Json;
  testSet: Json;
  groups: Json;
  challenger: Json;
  champion: Json;
}

/** A model's outcomes on items [start, end) of a test set, each value a function of the item number. */
function outcomes(
  start: number,
  end: number,
  version: number,
  options: { seed?: number; provider?: ShardModel['provider']; batchMs?: number[] } = {},
): ShardModel {
  const seed = options.seed ?? 0;
  const items = Array.from({ length: end - start }, (_, i) => start + i);
  return {
    version,
    provider: options.provider ?? 'cpu',
    bytes: 1234 + version,
    batchSize: 4,
    predictions: Int32Array.from(items, (item) => (item + seed) % CLASSES.length),
    labelRank: Int32Array.from(items, (item) => (item * 7 + seed) % CLASSES.length),
    // Values that a float32 holds exactly only as float32: a round trip through float64 text would change them.
    confidence: Float32Array.from(items, (item) => Math.fround(1 / (item + 2 + seed))),
    brier: Float64Array.from(items, (item) => Math.PI / (item + 3 + seed)),
    batchMs: Float64Array.from(options.batchMs ?? [0.1 + seed, 12.345678901234567, 1e-300]),
  };
}

/** What shard `index`/`count` of a test set of `total` items records. */
function shardRecord(
  index: number,
  count: number,
  total: number,
  options: { champion?: boolean; groups?: boolean; challengerSeed?: number; provider?: ShardModel['provider']; batchMs?: number[] } = {},
): ShardRecord {
  const shard = { index, count };
  const { start, end } = shardRange(shard, total);
  const items = Array.from({ length: end - start }, (_, i) => start + i);
  return {
    modelName: 'cifar10-classifier',
    shard,
    items: { start, end, total },
    testSet: { name: 'cifar10', fingerprint: FINGERPRINT, classes: CLASSES },
    groups:
      options.groups === false ? undefined : { names: ['indoor', 'outdoor'], ofItem: Int32Array.from(items, (item) => (item % 3) - 1) },
    labels: Int32Array.from(items, (item) => item % CLASSES.length),
    challenger: outcomes(start, end, 5, {
      ...(options.challengerSeed !== undefined ? { seed: options.challengerSeed } : {}),
      ...(options.provider ? { provider: options.provider } : {}),
      ...(options.batchMs ? { batchMs: options.batchMs } : {}),
    }),
    champion: options.champion === false ? undefined : outcomes(start, end, 4, { seed: 1 }),
  };
}

/** The ConfigurationError that `action` throws, checked to be one. */
function configurationError(action: () => unknown): Error {
  const error = thrown(action);
  expect(isConfigurationError(error)).toBe(true);
  return error;
}

const base64 = (array: Int32Array | Float32Array | Float64Array): string =>
  Buffer.from(array.buffer, array.byteOffset, array.byteLength).toString('base64');
// eslint-disable-next-line no-control-regex -- the control characters are what is looked for
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

describe('parseShard', () => {
  test.each([
    ['1/1', { index: 1, count: 1 }],
    ['3/4', { index: 3, count: 4 }],
    ['256/256', { index: 256, count: 256 }],
    ['1/256', { index: 1, count: 256 }],
    [' 2/4 ', { index: 2, count: 4 }],
  ])('%p is part %p', (text, shard) => {
    expect(parseShard(text)).toEqual(shard);
  });

  test.each([
    '0/4',
    '5/4',
    '1/257',
    '257/257',
    'a/b',
    '1/4/2',
    '-1/4',
    '1.5/4',
    '1 / 4',
    '2',
    '/4',
    '2/',
    '',
    'merge',
    '1/0',
    '1e0/4',
    '٢/٤',
  ])('%p is refused', (text) => {
    expect(parseShard(text)).toBeUndefined();
  });
});

describe('a shard record written and read back', () => {
  test.each([
    ['with a champion and groups', { champion: true, groups: true }],
    ['without a champion', { champion: false, groups: true }],
    ['without groups', { champion: true, groups: false }],
  ])('is the same record, %s', (_, options) => {
    const record = shardRecord(2, 3, 11, options);
    const decoded = decodeShard(encodeShard(record), WHERE);
    expect(decoded).toEqual(record);
    expect(decoded.challenger.confidence).toBeInstanceOf(Float32Array);
    expect(decoded.challenger.brier).toBeInstanceOf(Float64Array);
    expect(decoded.challenger.batchMs).toBeInstanceOf(Float64Array);
    expect(decoded.labels).toBeInstanceOf(Int32Array);
  });

  test('keeps every bit of the float32 confidences and float64 Brier scores and times', () => {
    const record = shardRecord(1, 1, 5);
    record.challenger.confidence = Float32Array.from([0, 1, Math.fround(0.1), 1.401298464324817e-45, Math.fround(1 - 2 ** -24)]);
    record.challenger.brier = Float64Array.from([0, 2, 0.1 + 0.2, Number.MIN_VALUE, 2 - Number.EPSILON]);
    record.challenger.batchMs = Float64Array.from([Number.MAX_VALUE, 0, 5e-324]);
    const decoded = decodeShard(encodeShard(record), WHERE);
    expect(base64(decoded.challenger.confidence)).toBe(base64(record.challenger.confidence));
    expect(base64(decoded.challenger.brier)).toBe(base64(record.challenger.brier));
    expect(Array.from(decoded.challenger.batchMs)).toEqual([Number.MAX_VALUE, 0, 5e-324]);
  });

  test('items in no group (-1) stay in no group', () => {
    const record = shardRecord(1, 1, 6);
    expect(Array.from(record.groups!.ofItem)).toContain(-1);
    expect(Array.from(decodeShard(encodeShard(record), WHERE).groups!.ofItem)).toEqual(Array.from(record.groups!.ofItem));
  });

  test('arrays that are views into a larger buffer (a part of the whole test set) are written as the view only', () => {
    const record = shardRecord(2, 2, 6);
    const whole = Int32Array.from([9, 9, 9, 0, 1, 2, 9]);
    record.labels = whole.subarray(3, 6);
    const wholeBrier = Float64Array.from([7, 7, 0.25, 0.5, 0.75]);
    record.challenger.brier = wholeBrier.subarray(2);
    const decoded = decodeShard(encodeShard(record), WHERE);
    expect(Array.from(decoded.labels)).toEqual([0, 1, 2]);
    expect(Array.from(decoded.challenger.brier)).toEqual([0.25, 0.5, 0.75]);
  });

  test('a class or group name with control characters is carried as it is, not refused', () => {
    const record = shardRecord(1, 2, 4);
    record.testSet = { ...record.testSet, classes: ['cat\u001b[31m', 'dog', 'bird'] };
    record.groups = { names: ['in\ndoor', 'outdoor'], ofItem: record.groups!.ofItem };
    expect(decodeShard(encodeShard(record), WHERE)).toEqual(record);
  });
});

describe('decodeShard refuses what the shard step would not have written', () => {
  /** The JSON of a valid shard 2/4 of 10 items (items 2–5), changed by `change`. */
  const changed = (change: (json: Wire) => void, record = shardRecord(2, 4, 10)): string => {
    const json = JSON.parse(encodeShard(record)) as Wire;
    change(json);
    return JSON.stringify(json);
  };
  const NAN_CONFIDENCE = base64(Float32Array.from([0.5, Number.NaN, 0.5]));
  const INFINITE_CONFIDENCE = base64(Float32Array.from([0.5, 0.5, Number.POSITIVE_INFINITY]));

  test.each<[string, string | (() => string), string]>([
    ['not JSON', '{"format":', 'its outcomes file is not JSON'],
    ['an empty file', '', 'its outcomes file is not JSON'],
    ['JSON that is not an object', '[1, 2]', 'the outcomes file is not an object'],
    [
      'another format',
      () => changed((json) => (json.format = 'mlops-shard-outcomes/2')),
      'its outcomes file is not of format mlops-shard-outcomes/1',
    ],
    ['no shard', () => changed((json) => delete json.shard), "its outcomes file names no shard 'i/k'"],
    ['a shard outside its split', () => changed((json) => (json.shard = '5/4')), "its outcomes file names no shard 'i/k'"],
    [
      "items other than the split's",
      () => changed((json) => (json.items = { start: 3, end: 5, total: 10 })),
      'shard 2/4 of 10 items is items 2–5, and it says 3–5',
    ],
    [
      'another shard of the same items',
      () => changed((json) => (json.shard = '3/4')),
      'shard 3/4 of 10 items is items 5–7, and it says 2–5',
    ],
    ['a fractional total', () => changed((json) => (json.items.total = 10.5)), 'items.total is not a whole number'],
    ['a negative total', () => changed((json) => (json.items.total = -10)), 'items.total is not a whole number'],
    ['a total beyond exact whole numbers', () => changed((json) => (json.items.total = 2 ** 60)), 'items.total is not a whole number'],
    ['no classes', () => changed((json) => (json.testSet.classes = [])), 'its test set has no classes'],
    ['a class that is not a name', () => changed((json) => (json.testSet.classes = ['cat', 7])), 'testSet.classes is not a list of names'],
    [
      'a fingerprint that is not hex',
      () => changed((json) => (json.testSet.fingerprint = 'not-a-digest-at-all')),
      'its test set has no name or fingerprint',
    ],
    ['no test set name', () => changed((json) => delete json.testSet.name), 'its test set has no name or fingerprint'],
    ['no model name', () => changed((json) => (json.model = 42)), 'its outcomes file names no model'],
    ['labels one short', () => changed((json) => (json.labels = base64(Int32Array.from([0, 1])))), 'labels holds 2 values, not 3'],
    ['labels one too many', () => changed((json) => (json.labels = base64(Int32Array.from([0, 1, 2, 0])))), 'labels holds 4 values, not 3'],
    [
      'labels of a part of an int32',
      () => changed((json) => (json.labels = Buffer.alloc(14).toString('base64'))),
      'labels holds 3.5 values, not 3',
    ],
    ['labels that are not base64', () => changed((json) => (json.labels = 'AAAA$AAAAAAA')), 'labels is not base64'],
    ['base64 with a missing pad', () => changed((json) => (json.labels = 'AAAAAAAAAAAAAAAAA')), 'labels is not base64'],
    ['labels as a list of numbers', () => changed((json) => (json.labels = [0, 1, 2])), 'labels is not base64'],
    [
      'a label beyond the classes',
      () => changed((json) => (json.labels = base64(Int32Array.from([0, 3, 1])))),
      'labels[1] is 3, outside 0–2',
    ],
    ['a negative label', () => changed((json) => (json.labels = base64(Int32Array.from([-1, 0, 1])))), 'labels[0] is -1, outside 0–2'],
    [
      'a prediction beyond the classes',
      () => changed((json) => (json.challenger.predictions = base64(Int32Array.from([0, 1, 3])))),
      'challenger.predictions[2] is 3, outside 0–2',
    ],
    [
      "a champion's label rank beyond the classes",
      () => changed((json) => (json.champion.labelRank = base64(Int32Array.from([-1, 0, 0])))),
      'champion.labelRank[0] is -1, outside 0–2',
    ],
    [
      'a NaN confidence',
      () => changed((json) => (json.challenger.confidence = NAN_CONFIDENCE)),
      'challenger.confidence[1] is NaN, outside 0–1',
    ],
    [
      'an infinite confidence',
      () => changed((json) => (json.champion.confidence = INFINITE_CONFIDENCE)),
      'champion.confidence[2] is Infinity, outside 0–1',
    ],
    [
      'a confidence above 1',
      () => changed((json) => (json.challenger.confidence = base64(Float32Array.from([0.5, 1.5, 0.5])))),
      'challenger.confidence[1] is 1.5, outside 0–1',
    ],
    [
      'confidences written as float64',
      () => changed((json) => (json.challenger.confidence = base64(Float64Array.from([0.5, 0.5, 0.5])))),
      'challenger.confidence holds 6 values, not 3',
    ],
    [
      'a Brier score above 2',
      () => changed((json) => (json.champion.brier = base64(Float64Array.from([2.5, 0, 0])))),
      'champion.brier[0] is 2.5, outside 0–2',
    ],
    [
      'a NaN Brier score',
      () => changed((json) => (json.challenger.brier = base64(Float64Array.from([0, 0, Number.NaN])))),
      'challenger.brier[2] is NaN, outside 0–2',
    ],
    [
      'a negative time',
      () => changed((json) => (json.challenger.batchMs = base64(Float64Array.from([1, -1])))),
      'challenger.batchMs[1] is -1, outside 0–',
    ],
    [
      'an infinite time',
      () => changed((json) => (json.champion.batchMs = base64(Float64Array.from([Number.POSITIVE_INFINITY])))),
      'champion.batchMs[0] is Infinity, outside 0–',
    ],
    [
      'a time of a part of a float64',
      () => changed((json) => (json.champion.batchMs = Buffer.alloc(12).toString('base64'))),
      'champion.batchMs holds 1.5 values, not whole ones',
    ],
    [
      'an item in group -2',
      () => changed((json) => (json.groups.ofItem = base64(Int32Array.from([-2, 0, 1])))),
      'groups.ofItem[0] is -2, outside -1–1',
    ],
    [
      'an item in a group beyond the names',
      () => changed((json) => (json.groups.ofItem = base64(Int32Array.from([0, 2, 1])))),
      'groups.ofItem[1] is 2, outside -1–1',
    ],
    ['groups without names', () => changed((json) => delete json.groups.names), 'groups.names is not a list of names'],
    ['groups that are not an object', () => changed((json) => Object.assign(json, { groups: 'indoor' })), 'groups is not an object'],
    ['version 0', () => changed((json) => (json.challenger.version = 0)), 'challenger.version is not a version number'],
    ['a version that is text', () => changed((json) => (json.champion.version = '4')), 'champion.version is not a whole number'],
    ['an unknown provider', () => changed((json) => (json.challenger.provider = 'tpu')), 'challenger.provider is not cpu, cuda or webgpu'],
    ['a batch size of 0', () => changed((json) => (json.champion.batchSize = 0)), 'champion.batchSize is below 1'],
    ['negative bytes', () => changed((json) => (json.challenger.bytes = -1)), 'challenger.bytes is not a whole number'],
    ['no challenger', () => changed((json) => Object.assign(json, { challenger: null })), 'challenger is not an object'],
    ['a champion that is not an object', () => changed((json) => Object.assign(json, { champion: [] })), 'champion is not an object'],
    [
      'a huge test set with a short part',
      () =>
        changed((json) => {
          json.shard = '1/1';
          json.items = { start: 0, end: Number.MAX_SAFE_INTEGER, total: Number.MAX_SAFE_INTEGER };
        }),
      `labels holds 3 values, not ${Number.MAX_SAFE_INTEGER}`,
    ],
    [
      'a huge test set split in two with a short part',
      () =>
        changed((json) => {
          json.shard = '2/2';
          json.items = { start: 2 ** 51, end: 2 ** 52, total: 2 ** 52 };
        }),
      `labels holds 3 values, not ${2 ** 51}`,
    ],
  ])('%s', (_, input, problem) => {
    const text = typeof input === 'string' ? input : input();
    const error = configurationError(() => decodeShard(text, WHERE));
    expect(error.message).toContain(`${WHERE}: ${problem}`);
    expect(error.message).toContain("it was not written by evaluate-promote's shard step, or was changed since. Re-run that shard's job.");
  });

  test('a valid record with no champion (null) is read without one; an absent champion key is refused', () => {
    const record = shardRecord(2, 4, 10, { champion: false });
    expect(decodeShard(encodeShard(record), WHERE).champion).toBeUndefined();
    expect(
      configurationError(() =>
        decodeShard(
          changed((json) => Reflect.deleteProperty(json, 'champion'), record),
          WHERE,
        ),
      ).message,
    ).toContain('champion is not an object');
  });

  test('an outcomes file is refused without reading past its first problem into a huge allocation', () => {
    const error = configurationError(() =>
      decodeShard(
        changed((json) => {
          json.shard = '1/1';
          json.items = { start: 0, end: 2 ** 40, total: 2 ** 40 };
          json.labels = '';
        }),
        WHERE,
      ),
    );
    expect(error.message).toContain(`labels holds 0 values, not ${2 ** 40}`);
  });

  test.each([
    ['items.start', (json: Wire) => (json.items.start = '\u001b]8;;https://evil.example\u0007click\u001b]8;;\u0007')],
    ['items.end', (json: Wire) => (json.items.end = '5\r\u001b[2Kall shards passed')],
  ])('text in %s is refused as not a whole number, never echoed', (_, change) => {
    const error = configurationError(() => decodeShard(changed(change), WHERE));
    expect(error.message).not.toMatch(CONTROL);
    expect(error.message).toContain('is not a whole number');
  });

  test('messages about names, classes and shards never carry control characters from the file', () => {
    const hostile = [
      (json: Wire) => (json.shard = '\u001b[2J1/4'),
      (json: Wire) => (json.format = 'mlops-shard-outcomes/1\u001b[31m'),
      (json: Wire) => (json.testSet.classes = ['cat\u009b31m', 5]),
      (json: Wire) => (json.challenger.provider = 'cpu\u001b[0m'),
      (json: Wire) => (json.testSet.fingerprint = '\u001b[31m'),
    ];
    for (const change of hostile) expect(configurationError(() => decodeShard(changed(change), WHERE)).message).not.toMatch(CONTROL);
  });
});

const run = (id: string, index: number, count: number, attempt = 1): ShardRun => ({
  id,
  artifactUri: `mlflow-artifacts:/1/${id}/artifacts`,
  shard: { index, count },
  attempt,
});
const GROUP = 'https://github.com/acme/models/actions/runs/42';
/** The merge's own attempt of the workflow run. */
const ATTEMPT = 3;

describe('chooseShardRuns', () => {
  test('no shard run at all is a configuration error naming the group and what to run', () => {
    const error = configurationError(() => chooseShardRuns([], GROUP, ATTEMPT));
    expect(error.message).toContain(`no finished shard of this evaluation was found (shard-group ${GROUP})`);
    expect(error.message).toContain("each with shard 'i/k', before the merge, with the same shard-group");
  });

  test('a group with control characters is escaped in that message', () => {
    const message = configurationError(() => chooseShardRuns([], 'run\u001b[2J\n42', ATTEMPT)).message;
    expect(message).not.toMatch(CONTROL);
    expect(message).toContain('run\\u001b[2J\\u000a42');
  });

  test('the missing parts are listed in part order, with the parts that were found', () => {
    const error = configurationError(() => chooseShardRuns([run('r4', 4, 5), run('r2', 2, 5)], GROUP, ATTEMPT));
    expect(error.message).toContain('shards 1/5, 3/5, 5/5 of this evaluation are missing (found 2/5, 4/5)');
    expect(error.message).toContain('Re-run the failed jobs of the workflow run');
  });

  test('one missing part is said in the singular', () => {
    expect(configurationError(() => chooseShardRuns([run('r1', 1, 2)], GROUP, ATTEMPT)).message).toContain(
      'shard 2/2 of this evaluation is missing (found 1/2): its job failed, was cancelled or never ran.',
    );
  });

  test('a part evaluated twice in one attempt is refused, naming both runs', () => {
    const error = configurationError(() => chooseShardRuns([run('r1', 1, 2, 2), run('r2a', 2, 2, 2), run('r2b', 2, 2, 2)], GROUP, ATTEMPT));
    expect(error.message).toContain('shard 2/2 was evaluated twice in attempt 2');
    expect(error.message).toMatch(/runs (r2a and r2b|r2b and r2a)/);
    expect(error.message).toContain('give each job its own i from 1 to k');
  });

  test("a re-run's part supersedes the earlier attempts' runs of that part", () => {
    const { chosen, superseded } = chooseShardRuns(
      [run('first-1', 1, 2, 1), run('first-2', 2, 2, 1), run('third-2', 2, 2, 3), run('second-2', 2, 2, 2)],
      GROUP,
      ATTEMPT,
    );
    expect(chosen.map((chosenRun) => chosenRun.id)).toEqual(['first-1', 'third-2']);
    expect(superseded.map((supersededRun) => supersededRun.id).sort()).toEqual(['first-2', 'second-2']);
  });

  test('two runs of a part in an earlier attempt do not matter once a later attempt evaluated it once', () => {
    const { chosen, superseded } = chooseShardRuns([run('a', 1, 1, 1), run('b', 1, 1, 1), run('c', 1, 1, 2)], GROUP, ATTEMPT);
    expect(chosen.map((chosenRun) => chosenRun.id)).toEqual(['c']);
    expect(superseded.map((supersededRun) => supersededRun.id).sort()).toEqual(['a', 'b']);
  });

  test('parts of different splits are refused, listing what was found', () => {
    const error = configurationError(() => chooseShardRuns([run('a', 1, 2), run('b', 2, 2), run('c', 3, 3)], GROUP, ATTEMPT));
    expect(error.message).toContain('the shards of this evaluation split the test set in different ways: 1/2, 2/2, 3/3');
    expect(error.message).toContain("every job of the matrix must give the same k in 'i/k'");
  });

  test("a part from an attempt after the merge's own was not made by this workflow run: refused, naming the run", () => {
    const error = configurationError(() =>
      chooseShardRuns([run('real-1', 1, 2, 1), run('real-2', 2, 2, 1), run('forged', 2, 2, 1000000)], GROUP, 1),
    );
    expect(error.message).toBe(
      'shard run forged says it is shard 2/2 of attempt 1000000, and this merge is attempt 1: it was not made by this workflow run. ' +
        'Find out who logged it to the evaluation experiment; nothing was promoted.',
    );
  });

  test('the runs come back in part order, whatever order they were found in', () => {
    const runs = [run('r3', 3, 4), run('r1', 1, 4), run('r4', 4, 4), run('r2', 2, 4)];
    const { chosen, superseded } = chooseShardRuns(runs, GROUP, ATTEMPT);
    expect(chosen.map((chosenRun) => chosenRun.id)).toEqual(['r1', 'r2', 'r3', 'r4']);
    expect(superseded).toEqual([]);
  });
});

describe('mergeShards', () => {
  const split = (count: number, total: number, options: Parameters<typeof shardRecord>[3] = {}): ShardRecord[] =>
    Array.from({ length: count }, (_, i) => shardRecord(i + 1, count, total, options));

  test("the merged arrays are the parts' arrays one after another: what one runner would have had", () => {
    const whole = shardRecord(1, 1, 17);
    const merged = mergeShards(split(4, 17));
    expect(merged.testSet).toEqual({ name: 'cifar10', fingerprint: FINGERPRINT, classes: CLASSES, labels: whole.labels });
    expect(merged.groups).toEqual(whole.groups);
    for (const key of ['predictions', 'labelRank', 'confidence', 'brier'] as const) {
      expect(merged.challenger[key]).toEqual(whole.challenger[key]);
      expect(merged.champion![key]).toEqual(whole.champion![key]);
    }
    expect(merged.challenger.confidence).toBeInstanceOf(Float32Array);
    expect(merged.challenger).toMatchObject({ version: 5, bytes: whole.challenger.bytes, batchSize: 4 });
  });

  test('decoded shards merge to the whole test set', () => {
    const whole = shardRecord(1, 1, 9, { champion: false, groups: false });
    const merged = mergeShards(split(3, 9, { champion: false, groups: false }).map((record) => decodeShard(encodeShard(record), WHERE)));
    expect(merged.champion).toBeUndefined();
    expect(merged.groups).toBeUndefined();
    expect(Array.from(merged.testSet.labels)).toEqual(Array.from(whole.labels));
    expect(Array.from(merged.challenger.brier)).toEqual(Array.from(whole.challenger.brier));
  });

  test("the times are the first part's, not the other machines'; every provider the parts ran on is recorded", () => {
    const records = [
      shardRecord(1, 3, 9, { provider: 'cuda', batchMs: [1, 2, 3] }),
      shardRecord(2, 3, 9, { provider: 'cpu', batchMs: [400, 500] }),
      shardRecord(3, 3, 9, { provider: 'webgpu', batchMs: [] }),
    ];
    const merged = mergeShards(records);
    expect(merged.providers).toEqual({ challenger: 'cuda+cpu+webgpu', champion: 'cpu' });
    expect(Array.from(merged.challenger.batchMs)).toEqual([1, 2, 3]);
    expect(Array.from(merged.champion!.batchMs)).toEqual(Array.from(records[0]!.champion!.batchMs));
  });

  test.each<[string, () => ShardRecord[], string]>([
    ['out of order', () => [shardRecord(2, 2, 8), shardRecord(1, 2, 8)], 'the parts 2/2, 1/2 are not the k parts of one split, in order'],
    [
      'of different splits',
      () => [shardRecord(1, 2, 8), shardRecord(2, 3, 8)],
      'the parts 1/2, 2/3 are not the k parts of one split, in order',
    ],
    ['missing one', () => [shardRecord(1, 3, 9), shardRecord(2, 3, 9)], 'the parts 1/3, 2/3 are not the k parts of one split, in order'],
    [
      'with a part twice',
      () => [shardRecord(1, 2, 8), shardRecord(1, 2, 8)],
      'the parts 1/2, 1/2 are not the k parts of one split, in order',
    ],
  ])('parts %s are refused', (_, records, message) => {
    expect(configurationError(() => mergeShards(records())).message).toContain(message);
  });

  test.each<[string, (record: ShardRecord) => void, string]>([
    ['models', (record) => (record.modelName = 'other-model'), '"cifar10-classifier" and "other-model"'],
    [
      'test sets',
      (record) => (record.testSet = { ...record.testSet, fingerprint: 'cd'.repeat(32) }),
      `["${FINGERPRINT}",12] and ["${'cd'.repeat(32)}",12]`,
    ],
    ['test sets', (record) => (record.items = { ...record.items, total: 13 }), `["${FINGERPRINT}",12] and ["${FINGERPRINT}",13]`],
    [
      'classes',
      (record) => (record.testSet = { ...record.testSet, classes: ['cat', 'dog', 'fish'] }),
      '["cat","dog","bird"] and ["cat","dog","fish"]',
    ],
    [
      'groups',
      (record) => (record.groups = { names: ['indoor', 'garden'], ofItem: record.groups!.ofItem }),
      '["indoor","outdoor"] and ["indoor","garden"]',
    ],
    ['groups', (record) => (record.groups = undefined), '["indoor","outdoor"] and null'],
    ['challenger versions', (record) => (record.challenger = { ...record.challenger, version: 6 }), '5 and 6'],
    ['champion versions', (record) => (record.champion = { ...record.champion!, version: 3 }), '4 and 3'],
    ['champion versions', (record) => (record.champion = undefined), '4 and null'],
  ])('parts evaluated with different %s are refused, naming the two shards', (what, change, values) => {
    const records = split(3, 12);
    change(records[2]!);
    const message = configurationError(() => mergeShards(records)).message;
    expect(message).toContain(`shards 1/3 and 3/3 were evaluated with different ${what}: ${values}.`);
    expect(message).toContain('re-run all the jobs of the workflow run');
  });

  test('class names in that message have their control characters escaped', () => {
    const records = split(2, 6);
    records[1]!.testSet = { ...records[1]!.testSet, classes: ['cat\u009b2J', 'dog\u2028', 'bird\u001b[31m'] };
    const message = configurationError(() => mergeShards(records)).message;
    expect(message).not.toMatch(CONTROL);
    expect(message).toContain('cat\\u009b2J');
  });

  test('a long difference is cut short in the message', () => {
    const records = split(2, 6);
    records[1]!.testSet = { ...records[1]!.testSet, classes: Array.from({ length: 500 }, (_, i) => `class-${i}`) };
    expect(configurationError(() => mergeShards(records)).message.length).toBeLessThan(700);
  });
});

describe('the shard inputs of evaluate-promote', () => {
  const BASE = { 'model-name': 'cifar10', dataset: 'cifar10', condition: 'n - o > 0.02 +/- 0.01' };
  const GITHUB = { GITHUB_REPOSITORY: 'acme/models', GITHUB_RUN_ID: '42', GITHUB_RUN_ATTEMPT: '3' };
  const read = (inputs: Record<string, string>, env: Record<string, string> = {}, describe?: (name: string) => string) => {
    const reader = createInputReader({ get: (name) => inputs[name] ?? '', ...(describe ? { describe } : {}) });
    return readEvaluateInputs(reader, reader.describe, '/work', env);
  };

  test('without shard the whole test set is evaluated here', async () => {
    const { options } = await read(BASE, GITHUB);
    expect(options.shard).toBeUndefined();
    expect(options.shardGroup).toBeUndefined();
  });

  test("in a GitHub Actions run a shard's group is the workflow run and its attempt the run's", async () => {
    const { options } = await read({ ...BASE, shard: '2/4' }, GITHUB);
    expect(options).toMatchObject({
      shard: { index: 2, count: 4 },
      shardGroup: 'https://github.com/acme/models/actions/runs/42',
      shardAttempt: 3,
    });
  });

  test('on GitHub Enterprise the group is on its server', async () => {
    const { options } = await read({ ...BASE, shard: 'merge' }, { ...GITHUB, GITHUB_SERVER_URL: 'https://git.acme.example' });
    expect(options).toMatchObject({ shard: 'merge', shardGroup: 'https://git.acme.example/acme/models/actions/runs/42' });
  });

  test.each([
    [{ GITHUB_REPOSITORY: 'acme/models', GITHUB_RUN_ID: '42' }, 1],
    [{ ...GITHUB, GITHUB_RUN_ATTEMPT: 'second' }, 1],
    [{ ...GITHUB, GITHUB_RUN_ATTEMPT: '0' }, 1],
    [{ ...GITHUB, GITHUB_RUN_ATTEMPT: '12' }, 12],
  ])('with %j the attempt is %i', async (env, attempt) => {
    expect((await read({ ...BASE, shard: '1/2' }, env)).options.shardAttempt).toBe(attempt);
  });

  test('a given shard-group is used, in GitHub Actions or outside', async () => {
    expect((await read({ ...BASE, shard: '1/2', 'shard-group': 'nightly-7' }, GITHUB)).options.shardGroup).toBe('nightly-7');
    expect((await read({ ...BASE, shard: 'merge', 'shard-group': 'nightly-7' })).options).toMatchObject({
      shardGroup: 'nightly-7',
      shardAttempt: 1,
    });
  });

  test.each([
    ['0/4', "input 'shard' must be 'i/k' (the i-th of k parts, 1 ≤ i ≤ k ≤ 256, e.g. '${{ matrix.shard }}/4') or 'merge', got '0/4'"],
    ['5/4', "got '5/4'"],
    ['1/257', "got '1/257'"],
    ['Merge', "got 'Merge'"],
    ['2/4/1', "got '2/4/1'"],
    ['1/2\u001b[31m', "got '1/2\\u001b[31m'"],
  ])('shard %p is refused', async (shard, message) => {
    const error = await read({ ...BASE, shard }, GITHUB).catch((caught: unknown) => caught as Error);
    expect(isConfigurationError(error)).toBe(true);
    expect((error as Error).message).toContain(message);
    expect((error as Error).message).not.toMatch(CONTROL);
  });

  test('shard-group without shard is refused', async () => {
    await expect(read({ ...BASE, 'shard-group': 'nightly-7' }, GITHUB)).rejects.toThrow(
      "input 'shard-group' is for a sharded evaluation: give input 'shard' too",
    );
  });

  test('a shard outside GitHub Actions without shard-group is refused, saying what to give', async () => {
    await expect(read({ ...BASE, shard: '1/2' })).rejects.toThrow("input 'shard' needs input 'shard-group' outside a GitHub Actions run");
    await expect(read({ ...BASE, shard: 'merge' }, { GITHUB_REPOSITORY: 'acme/models' })).rejects.toThrow("needs input 'shard-group'");
  });

  test.each([
    ['a control character', 'nightly\u001b[2J'],
    ['a line break inside', 'nightly\n7'],
    ['a C1 control character', 'nightly\u009b7'],
    ['over 1000 characters', 'g'.repeat(1001)],
  ])('a shard-group with %s is refused', async (_, group) => {
    await expect(read({ ...BASE, shard: '1/2', 'shard-group': group }, GITHUB)).rejects.toThrow(
      "input 'shard-group' must be one line of plain text, at most 1000 characters",
    );
  });

  test('a shard-group of 1000 characters is taken', async () => {
    expect((await read({ ...BASE, shard: '1/2', 'shard-group': 'g'.repeat(1000) })).options.shardGroup).toHaveLength(1000);
  });

  test('on the command line the messages name the flags', async () => {
    const flag = (name: string) => `--${name}`;
    await expect(read({ ...BASE, shard: '9/8' }, {}, flag)).rejects.toThrow("--shard must be 'i/k'");
    await expect(read({ ...BASE, shard: '1/8' }, {}, flag)).rejects.toThrow('--shard needs --shard-group outside a GitHub Actions run');
  });
});
