// Sharded evaluation: each job of a matrix evaluates its part of the test set and records its per-item outcomes in a
// shard run of the model's evaluation experiment; the merge finds the parts of its evaluation, checks that they are
// exactly the k parts of one test set evaluated with one pair of versions, and puts them back together in item order.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { endianness, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigurationError, errorMessage, terminalText } from '@mlops-actions/common';
import type { ItemGroups, ModelOutcomes } from '@mlops-actions/evaluation';
import { MAX_SHARDS, shardName, shardRange, type ShardSpec } from '@mlops-actions/evaluation/shard';
import {
  createRun,
  downloadArtifactFile,
  endRunAsFailed,
  escapeFilter,
  getOrCreateExperiment,
  searchRuns,
  updateRun,
  uploadArtifactFile,
  type MlflowHttp,
  type Run,
} from '@mlops-actions/mlflow';
import { EVALUATION_TAGS, evaluationExperiment } from './record.js';

/** Tags of a shard run: which evaluation it belongs to, which part it is, and which attempt of the workflow run made it. */
export const SHARD_TAGS = {
  group: 'mlops.shard.group',
  shard: 'mlops.shard',
  attempt: 'mlops.shard.attempt',
} as const;

/** The shard run's artifact with its per-item outcomes. */
export const SHARD_ARTIFACT = 'shard-outcomes.json';
const FORMAT = 'mlops-shard-outcomes/1';
/** A bound on what a merge reads: about 60 bytes per item with a champion (44 bytes of numbers, in base64), so 4 million items per shard. */
const MAX_ARTIFACT_BYTES = 256 * 1024 * 1024;

/** `i/k`, 1 ≤ i ≤ k ≤ MAX_SHARDS, or undefined for anything else. */
export function parseShard(text: string): ShardSpec | undefined {
  const match = /^(\d{1,3})\/(\d{1,3})$/.exec(text.trim());
  if (!match) return undefined;
  const [index, count] = [Number(match[1]), Number(match[2])];
  return index >= 1 && index <= count && count <= MAX_SHARDS ? { index, count } : undefined;
}

/** One model's outcomes on a shard's items, and what the gate needs of it beyond them. */
export type ShardModel = ModelOutcomes & { version: number; bytes: number };

/** What a shard run records: its items' labels, groups and both models' outcomes on them. */
export interface ShardRecord {
  modelName: string;
  shard: ShardSpec;
  /** The shard's items of the whole test set: [start, end) of total. */
  items: { start: number; end: number; total: number };
  testSet: { name: string; fingerprint: string; classes: readonly string[] };
  groups: ItemGroups | undefined;
  labels: Int32Array;
  challenger: ShardModel;
  champion: ShardModel | undefined;
}

type NumberArray = Int32Array | Float32Array | Float64Array;

function encodeArray(array: NumberArray): string {
  return Buffer.from(array.buffer, array.byteOffset, array.byteLength).toString('base64');
}

if (endianness() !== 'LE') throw new Error('shard outcomes are stored little-endian, and this machine is big-endian');

/** Writes a shard's record as JSON, its arrays as base64 of their little-endian bytes (exact, and a fifth the size of numbers). */
export function encodeShard(record: ShardRecord): string {
  const model = (outcomes: ShardModel | undefined) =>
    outcomes && {
      version: outcomes.version,
      provider: outcomes.provider,
      bytes: outcomes.bytes,
      batchSize: outcomes.batchSize,
      predictions: encodeArray(outcomes.predictions),
      labelRank: encodeArray(outcomes.labelRank),
      confidence: encodeArray(outcomes.confidence),
      brier: encodeArray(outcomes.brier),
      batchMs: encodeArray(outcomes.batchMs),
    };
  return JSON.stringify({
    format: FORMAT,
    model: record.modelName,
    shard: shardName(record.shard),
    items: record.items,
    testSet: record.testSet,
    groups: record.groups ? { names: record.groups.names, ofItem: encodeArray(record.groups.ofItem) } : null,
    labels: encodeArray(record.labels),
    challenger: model(record.challenger),
    champion: model(record.champion) ?? null,
  });
}

/**
 * Reads a shard's record back, refusing anything evaluate-promote's shard step would not have written: the file comes
 * from MLflow, where anyone who can log to the evaluation experiment can write. Every number the gate reads is checked
 * (lengths, classes and groups in range, finite confidences, Brier scores and times).
 */
export function decodeShard(text: string, where: string): ShardRecord {
  const fail = (problem: string): never => {
    throw new ConfigurationError(
      `${where}: ${problem}; it was not written by evaluate-promote's shard step, or was changed since. Re-run that shard's job.`,
      { subject: 'shard' },
    );
  };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return fail('its outcomes file is not JSON');
  }
  const record = object(raw, 'the outcomes file', fail);
  if (record.format !== FORMAT) fail(`its outcomes file is not of format ${FORMAT}`);
  const shard = typeof record.shard === 'string' ? parseShard(record.shard) : undefined;
  if (!shard) return fail("its outcomes file names no shard 'i/k'");
  const items = object(record.items, 'items', fail);
  const total = count(items.total, 'items.total', fail);
  const range = shardRange(shard, total);
  const [start, end] = [count(items.start, 'items.start', fail), count(items.end, 'items.end', fail)];
  if (start !== range.start || end !== range.end)
    fail(`shard ${shardName(shard)} of ${total} items is items ${range.start}–${range.end}, and it says ${start}–${end}`);
  const length = range.end - range.start;
  const testSet = object(record.testSet, 'testSet', fail);
  const classes = strings(testSet.classes, 'testSet.classes', fail);
  if (classes.length === 0) fail('its test set has no classes');
  if (typeof testSet.name !== 'string' || typeof testSet.fingerprint !== 'string' || !/^[0-9a-f]{16,128}$/.test(testSet.fingerprint))
    fail('its test set has no name or fingerprint');
  const labels = int32s(record.labels, length, 'labels', fail);
  inRange(labels, 0, classes.length - 1, 'labels', fail);
  let groups: ItemGroups | undefined;
  if (record.groups !== null) {
    const given = object(record.groups, 'groups', fail);
    const names = strings(given.names, 'groups.names', fail);
    const ofItem = int32s(given.ofItem, length, 'groups.ofItem', fail);
    inRange(ofItem, -1, names.length - 1, 'groups.ofItem', fail);
    groups = { names, ofItem };
  }
  const model = (value: unknown, name: string): ShardModel => {
    const given = object(value, name, fail);
    const version = count(given.version, `${name}.version`, fail);
    if (version < 1) fail(`${name}.version is not a version number`);
    if (given.provider !== 'cpu' && given.provider !== 'cuda' && given.provider !== 'webgpu')
      fail(`${name}.provider is not cpu, cuda or webgpu`);
    const batchSize = count(given.batchSize, `${name}.batchSize`, fail);
    if (batchSize < 1) fail(`${name}.batchSize is below 1`);
    const outcomes: ShardModel = {
      version,
      provider: given.provider as ShardModel['provider'],
      bytes: count(given.bytes, `${name}.bytes`, fail),
      batchSize,
      predictions: int32s(given.predictions, length, `${name}.predictions`, fail),
      labelRank: int32s(given.labelRank, length, `${name}.labelRank`, fail),
      confidence: floats(given.confidence, Float32Array, length, `${name}.confidence`, fail),
      brier: floats(given.brier, Float64Array, length, `${name}.brier`, fail),
      batchMs: floats(given.batchMs, Float64Array, undefined, `${name}.batchMs`, fail),
    };
    inRange(outcomes.predictions, 0, classes.length - 1, `${name}.predictions`, fail);
    inRange(outcomes.labelRank, 0, classes.length - 1, `${name}.labelRank`, fail);
    inRange(outcomes.confidence, 0, 1, `${name}.confidence`, fail);
    inRange(outcomes.brier, 0, 2, `${name}.brier`, fail);
    inRange(outcomes.batchMs, 0, Number.MAX_VALUE, `${name}.batchMs`, fail);
    return outcomes;
  };
  if (typeof record.model !== 'string') fail('its outcomes file names no model');
  return {
    modelName: record.model as string,
    shard,
    items: { start: range.start, end: range.end, total },
    testSet: { name: testSet.name as string, fingerprint: testSet.fingerprint as string, classes },
    groups,
    labels,
    challenger: model(record.challenger, 'challenger'),
    champion: record.champion === null ? undefined : model(record.champion, 'champion'),
  };
}

type Fail = (problem: string) => never;

function object(value: unknown, name: string, fail: Fail): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return fail(`${name} is not an object`);
  return value as Record<string, unknown>;
}

function count(value: unknown, name: string, fail: Fail): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) return fail(`${name} is not a whole number`);
  return value;
}

function strings(value: unknown, name: string, fail: Fail): string[] {
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) return fail(`${name} is not a list of names`);
  return value;
}

function bytesOf(value: unknown, elementBytes: number, length: number | undefined, name: string, fail: Fail): Buffer {
  if (typeof value !== 'string' || value.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(value)) return fail(`${name} is not base64`);
  const bytes = Buffer.from(value, 'base64');
  if (bytes.length % elementBytes !== 0 || (length !== undefined && bytes.length !== length * elementBytes))
    fail(`${name} holds ${bytes.length / elementBytes} values, not ${length ?? 'whole ones'}`);
  return bytes;
}

function int32s(value: unknown, length: number, name: string, fail: Fail): Int32Array {
  const bytes = bytesOf(value, 4, length, name, fail);
  const array = new Int32Array(length);
  new Uint8Array(array.buffer).set(bytes);
  return array;
}

function floats<T extends Float32Array | Float64Array>(
  value: unknown,
  type: { new (length: number): T; BYTES_PER_ELEMENT: number },
  length: number | undefined,
  name: string,
  fail: Fail,
): T {
  const bytes = bytesOf(value, type.BYTES_PER_ELEMENT, length, name, fail);
  const array = new type(bytes.length / type.BYTES_PER_ELEMENT);
  new Uint8Array(array.buffer).set(bytes);
  return array;
}

/** Every value finite and within [low, high]: NaN fails too. */
function inRange(values: NumberArray, low: number, high: number, name: string, fail: Fail): void {
  for (let i = 0; i < values.length; i++)
    if (!(values[i]! >= low && values[i]! <= high)) fail(`${name}[${i}] is ${values[i]}, outside ${low}–${high}`);
}

/** Opens a shard run in the model's evaluation experiment: `v5 vs v4 · shard 2/4`, tagged with its group and attempt. */
export async function recordShard(
  http: MlflowHttp,
  record: ShardRecord,
  context: { group: string; attempt: number; tags: Record<string, string> },
): Promise<{ id: string; experimentId: string }> {
  const experiment = await getOrCreateExperiment(http, evaluationExperiment(record.modelName));
  const versions = `v${record.challenger.version} vs ${record.champion ? `v${record.champion.version}` : 'no champion'}`;
  const run = await createRun(http, {
    experimentId: experiment.id,
    runName: `${versions} · shard ${shardName(record.shard)}`,
    tags: {
      ...context.tags,
      [EVALUATION_TAGS.model]: record.modelName,
      [SHARD_TAGS.group]: context.group,
      [SHARD_TAGS.shard]: shardName(record.shard),
      [SHARD_TAGS.attempt]: String(context.attempt),
    },
  });
  const scratch = await mkdtemp(join(tmpdir(), 'mlops-shard-'));
  try {
    await writeFile(join(scratch, SHARD_ARTIFACT), encodeShard(record));
    await uploadArtifactFile(http, run.artifactUri, join(scratch, SHARD_ARTIFACT), SHARD_ARTIFACT);
    await updateRun(http, { runId: run.id, status: 'FINISHED', endTime: Date.now() });
  } catch (error) {
    // Never left RUNNING: the merge takes FINISHED runs only, and the experiment says what became of this one.
    await endRunAsFailed(http, run.id, { status: 'FAILED', reason: errorMessage(error), endTime: Date.now() }).catch(() => undefined);
    throw error;
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
  return { id: run.id, experimentId: experiment.id };
}

/** A finished shard run as the merge sees it: which part, from which attempt. */
export interface ShardRun {
  id: string;
  artifactUri: string;
  shard: ShardSpec;
  attempt: number;
}

/**
 * The runs the merge takes, one per part, in part order: for a part evaluated by several attempts of the workflow run
 * (a re-run), the latest attempt's. Refused: parts of different splits (`2/4` beside `3/3`), a part evaluated twice in
 * one attempt (two matrix jobs with the same shard), a part missing, or none at all.
 */
export function chooseShardRuns(
  runs: readonly ShardRun[],
  group: string,
  attempt: number | undefined,
): { chosen: ShardRun[]; superseded: ShardRun[] } {
  // A merge in the workflow run its shards belong to runs in the run's latest attempt: a part from a later one was not
  // made by this run. (Given when the group is the run itself; a group shared by several runs has no such bound.)
  const later = attempt === undefined ? undefined : runs.find((run) => run.attempt > attempt);
  if (later)
    throw new ConfigurationError(
      `shard run ${terminalText(later.id)} says it is shard ${shardName(later.shard)} of attempt ${later.attempt}, and this merge is attempt ${attempt}: ` +
        'it was not made by this workflow run. Find out who logged it to the evaluation experiment; nothing was promoted.',
      { subject: 'shard' },
    );
  if (runs.length === 0)
    throw new ConfigurationError(
      `no finished shard of this evaluation was found (shard-group ${terminalText(group)}): run the matrix's shard jobs, ` +
        "each with shard 'i/k', before the merge, with the same shard-group",
      { subject: 'shard' },
    );
  const counts = [...new Set(runs.map((run) => run.shard.count))];
  if (counts.length > 1)
    throw new ConfigurationError(
      `the shards of this evaluation split the test set in different ways: ${runs.map((run) => shardName(run.shard)).join(', ')}; ` +
        "every job of the matrix must give the same k in 'i/k'",
      { subject: 'shard' },
    );
  const count = counts[0]!;
  const chosen: ShardRun[] = [];
  const superseded: ShardRun[] = [];
  const missing: string[] = [];
  for (let index = 1; index <= count; index++) {
    const part = runs.filter((run) => run.shard.index === index).sort((a, b) => b.attempt - a.attempt);
    if (part.length === 0) {
      missing.push(`${index}/${count}`);
      continue;
    }
    if (part.length > 1 && part[0]!.attempt === part[1]!.attempt)
      throw new ConfigurationError(
        `shard ${index}/${count} was evaluated twice in attempt ${part[0]!.attempt} (runs ${terminalText(part[0]!.id)} and ${terminalText(part[1]!.id)}): ` +
          "two jobs of the matrix gave the same 'i/k', or shard-group was used for an earlier evaluation too: give each job its own i " +
          'from 1 to k, and each evaluation its own shard-group',
        { subject: 'shard' },
      );
    chosen.push(part[0]!);
    superseded.push(...part.slice(1));
  }
  if (missing.length > 0)
    throw new ConfigurationError(
      `shard${missing.length === 1 ? '' : 's'} ${missing.join(', ')} of this evaluation ${missing.length === 1 ? 'is' : 'are'} missing ` +
        `(found ${chosen.map((run) => shardName(run.shard)).join(', ')}): ` +
        `${missing.length === 1 ? 'its job failed, was' : 'their jobs failed, were'} cancelled or never ran. ` +
        'Re-run the failed jobs of the workflow run; the merge runs again after them.',
      { subject: 'shard' },
    );
  return { chosen, superseded };
}

/** The finished shard runs of one evaluation (its group) of a model. */
export async function findShardRuns(http: MlflowHttp, modelName: string, group: string): Promise<ShardRun[]> {
  const experiment = await getOrCreateExperiment(http, evaluationExperiment(modelName));
  const runs = await searchRuns(http, {
    experimentIds: [experiment.id],
    filter: `tags."${SHARD_TAGS.group}" = '${escapeFilter(group)}' and tags."${EVALUATION_TAGS.model}" = '${escapeFilter(modelName)}'`,
  });
  return runs
    .filter((run) => run.status === 'FINISHED')
    .flatMap((run: Run) => {
      const shard = parseShard(run.tags[SHARD_TAGS.shard] ?? '');
      const attempt = Number(run.tags[SHARD_TAGS.attempt]);
      return shard && Number.isSafeInteger(attempt) && attempt >= 1 ? [{ id: run.id, artifactUri: run.artifactUri, shard, attempt }] : [];
    });
}

/** Downloads and checks a shard run's outcomes. */
export async function readShard(http: MlflowHttp, run: { id: string; artifactUri: string }): Promise<ShardRecord> {
  const scratch = await mkdtemp(join(tmpdir(), 'mlops-shard-'));
  try {
    const path = join(scratch, SHARD_ARTIFACT);
    await downloadArtifactFile(http, run.artifactUri, SHARD_ARTIFACT, path, { label: `shard run ${run.id}`, maxBytes: MAX_ARTIFACT_BYTES });
    return decodeShard(await readFile(path, 'utf8'), `shard run ${run.id}`);
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/** The whole test set's evidence, put back together from its parts in item order. */
export interface MergedShards {
  testSet: { name: string; fingerprint: string; classes: readonly string[]; labels: Int32Array };
  groups: ItemGroups | undefined;
  challenger: ShardModel;
  champion: ShardModel | undefined;
  /** The execution providers the parts ran each model on, e.g. `cuda` or `cuda+cpu` for a matrix of mixed runners. */
  providers: { challenger: string; champion: string | undefined };
}

/**
 * Puts the parts back together, item after item: the result is what one runner evaluating the whole test set would have
 * had. The parts must be of one test set (fingerprint, classes, groups), evaluated with one pair of versions; times
 * (latency clauses' batches) are the first part's, so that every timed batch comes from one machine.
 */
export function mergeShards(records: readonly ShardRecord[]): MergedShards {
  const first = records[0];
  if (first === undefined) throw new ConfigurationError('there are no shards to merge', { subject: 'shard' });
  const parts = records.map((record) => shardName(record.shard)).join(', ');
  if (records.some((record, i) => record.shard.index !== i + 1 || record.shard.count !== records.length))
    throw new ConfigurationError(`the parts ${parts} are not the k parts of one split, in order`, { subject: 'shard' });
  const same = (what: string, value: (record: ShardRecord) => unknown): void => {
    const expected = JSON.stringify(value(first));
    const other = records.find((record) => JSON.stringify(value(record)) !== expected);
    if (other)
      throw new ConfigurationError(
        `shards ${shardName(first.shard)} and ${shardName(other.shard)} were evaluated with different ${what}: ` +
          `${terminalText(expected.slice(0, 200))} and ${terminalText(JSON.stringify(value(other)).slice(0, 200))}. ` +
          'The parts of one evaluation must see the same test set and versions: re-run all the jobs of the workflow run.',
        { subject: 'shard' },
      );
  };
  same('models', (record) => record.modelName);
  same('test sets', (record) => [record.testSet.fingerprint, record.items.total]);
  same('classes', (record) => record.testSet.classes);
  same('groups', (record) => record.groups?.names ?? null);
  same('challenger versions', (record) => record.challenger.version);
  same('champion versions', (record) => record.champion?.version ?? null);
  const total = first.items.total;
  const join = <T extends NumberArray>(type: { new (length: number): T }, part: (record: ShardRecord) => T): T => {
    const whole = new type(total);
    for (const record of records) whole.set(part(record), record.items.start);
    return whole;
  };
  const model = (pick: (record: ShardRecord) => ShardModel): ShardModel => ({
    ...pick(first),
    predictions: join(Int32Array, (record) => pick(record).predictions),
    labelRank: join(Int32Array, (record) => pick(record).labelRank),
    confidence: join(Float32Array, (record) => pick(record).confidence),
    brier: join(Float64Array, (record) => pick(record).brier),
  });
  return {
    testSet: {
      name: first.testSet.name,
      fingerprint: first.testSet.fingerprint,
      classes: first.testSet.classes,
      labels: join(Int32Array, (record) => record.labels),
    },
    groups: first.groups && { names: first.groups.names, ofItem: join(Int32Array, (record) => record.groups!.ofItem) },
    challenger: model((record) => record.challenger),
    champion: first.champion && model((record) => record.champion!),
    providers: {
      challenger: [...new Set(records.map((record) => record.challenger.provider))].join('+'),
      champion: first.champion && [...new Set(records.map((record) => record.champion!.provider))].join('+'),
    },
  };
}
