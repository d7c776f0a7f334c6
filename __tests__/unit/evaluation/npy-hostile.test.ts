/**
 * @jest-environment ./__tests__/environments/host-typed-arrays.mjs
 */
// The files of an `npy:` test set come from a user's repository or a downloaded artifact: hostile .npy headers,
// special files and text files must be refused with a message that names the file, never hang, crash or mislead.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from '@jest/globals';
import { ConfigurationError } from '@mlops-actions/common';
import { loadDataset, type Dataset, type ImageDataset, type TableDataset } from '@mlops-actions/evaluation';
import { writeNpy, writeSparseNpy } from '../../helpers/npy.js';
import { recordingLogger } from '../../helpers/recording-logger.js';

const root = mkdtempSync(join(tmpdir(), 'npy-hostile-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let folders = 0;

// eslint-disable-next-line no-control-regex -- the control characters are what is matched
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

/** A valid folder: two 1×2×2 images of 7s labelled 0 and 1, classes 'a' and 'b'. */
function npyFolder(name = `set-${folders++}`): string {
  const folder = join(root, name);
  mkdirSync(folder);
  writeNpy(join(folder, 'inputs.npy'), '|u1', [2, 1, 2, 2], new Uint8Array(8).fill(7));
  writeNpy(join(folder, 'labels.npy'), '|u1', [2], Uint8Array.from([0, 1]));
  writeFileSync(join(folder, 'classes.txt'), 'a\nb\n');
  return folder;
}

/** A .npy file whose header dictionary is `dictionary` as written, in format `major`.0, followed by `data`. */
function rawNpy(dictionary: string, data: Buffer, major = 1): Buffer {
  const lengthBytes = major === 1 ? 2 : 4;
  const padded = Math.ceil((8 + lengthBytes + Buffer.byteLength(dictionary, 'utf8') + 1) / 64) * 64;
  const header = Buffer.alloc(padded, 0x20);
  Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, major, 0]).copy(header, 0);
  if (major === 1) header.writeUInt16LE(padded - 10, 8);
  else header.writeUInt32LE(padded - 12, 8);
  header.write(dictionary, 8 + lengthBytes, major === 3 ? 'utf8' : 'latin1');
  header[padded - 1] = 0x0a;
  return Buffer.concat([header, data]);
}

const IMAGES = "{'descr': '|u1', 'fortran_order': False, 'shape': (2, 1, 2, 2), }";

const load = (folder: string): Promise<Dataset> => loadDataset(`npy:${folder}`, { cacheDir: root, logger: recordingLogger() });

/** The error loading `folder` throws; it must be a user's error (ConfigurationError) free of raw control characters. */
async function refusal(folder: string): Promise<string> {
  let error: unknown;
  try {
    await load(folder);
  } catch (caught) {
    error = caught;
  }
  if (error === undefined) throw new Error('the test set loaded');
  expect(error).toBeInstanceOf(ConfigurationError);
  const { message } = error as Error;
  expect(message).not.toMatch(CONTROL);
  return message;
}

/**
 * Loads the folder in a separate Node process (what a crash or a hang would take down) and returns what it printed:
 * `loaded N` (and `read M` for an image's first item) or the error's name and message. The deadline only ends a process
 * that never finishes.
 */
function loadInChild(folder: string, deadlineMs = 10_000): { status: number | null; signal: string | null; output: string } {
  const script = [
    "import { loadDataset } from '@mlops-actions/evaluation';",
    `const folder = ${JSON.stringify(folder)};`,
    'const logger = { debug() {}, info() {}, warning() {}, error() {}, group: (_, fn) => fn() };',
    `loadDataset('npy:' + folder, { cacheDir: ${JSON.stringify(root)}, logger }).then(`,
    '  async (dataset) => {',
    "    console.log('loaded ' + dataset.labels.length);",
    "    if (dataset.kind === 'image') console.log('read ' + (await dataset.read(0, 1, [1, 8, 8])).length);",
    '  },',
    "  (error) => console.log(error.name + ': ' + error.message),",
    ');',
  ].join('\n');
  const result = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: process.cwd(),
    encoding: 'utf8',
    timeout: deadlineMs,
    killSignal: 'SIGKILL',
  });
  return { status: result.status, signal: result.signal, output: `${result.stdout}${result.stderr}` };
}

describe('npy: headers as numpy writes them, and as a hostile file might', () => {
  test.each([2, 3])('format %i.0 (a 4-byte header length) is read as 1.0 is', async (major) => {
    const folder = npyFolder();
    writeFileSync(join(folder, 'inputs.npy'), rawNpy(IMAGES, Buffer.alloc(8, 9), major));
    const dataset = (await load(folder)) as ImageDataset;
    expect([...(await dataset.read(0, 2, [1, 2, 2]))]).toEqual(Array(8).fill(9));
  });

  test.each([
    ['a header length past the end of the file', (npy: Buffer) => npy.writeUInt16LE(60_000, 8), 1],
    ['a 4 GiB header length', (npy: Buffer) => npy.writeUInt32LE(0xffff_ffff, 8), 2],
  ])('%s: refused as cut short, nothing allocated for it', async (_, spoil, major) => {
    const folder = npyFolder();
    const npy = rawNpy(IMAGES, Buffer.alloc(8), major);
    spoil(npy);
    writeFileSync(join(folder, 'inputs.npy'), npy);
    expect(await refusal(folder)).toMatch(/inputs\.npy: its header is cut short or implausibly long$/);
  });

  test('a file of only the magic string and a version is refused as cut short', async () => {
    const folder = npyFolder();
    writeFileSync(join(folder, 'labels.npy'), Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, 5]));
    expect(await refusal(folder)).toMatch(/labels\.npy: its header is cut short/);
  });

  test.each([
    [
      'labels of shape () (a scalar)',
      'labels.npy',
      '()',
      /labels\.npy must be one integer class number per item \(shape \(N,\)\); it is u1 of shape \(\)/,
    ],
    ['images of shape () (a scalar)', 'inputs.npy', '()', /inputs\.npy holds 0 items and labels\.npy 2: one label per item/],
    ['a negative length', 'labels.npy', '(-2,)', /labels\.npy: its shape is not a tuple of lengths/],
    ['a list for a shape', 'labels.npy', '[2]', /labels\.npy: its header is not numpy's dictionary/],
    ['two numbers with no comma', 'labels.npy', '(2 1,)', /labels\.npy: its shape is not a tuple of lengths/],
    ['a length of 16 digits', 'labels.npy', '(1000000000000000,)', /labels\.npy: its shape is not a tuple of lengths/],
  ])('%s: refused', async (_, file, shape, expected) => {
    const folder = npyFolder();
    writeFileSync(join(folder, file), rawNpy(`{'descr': '|u1', 'fortran_order': False, 'shape': ${shape}, }`, Buffer.alloc(1)));
    expect(await refusal(folder)).toMatch(expected);
  });

  test('a header claiming 999,999,999,999 labels in a small file is refused before anything is allocated', async () => {
    const folder = npyFolder();
    writeFileSync(
      join(folder, 'labels.npy'),
      rawNpy("{'descr': '<i8', 'fortran_order': False, 'shape': (999999999999,), }", Buffer.alloc(16)),
    );
    const before = process.memoryUsage().arrayBuffers;
    expect(await refusal(folder)).toMatch(
      /labels\.npy is 144 bytes, and its header \(shape \(999999999999\) of i8\) says 8000000000120: it is cut short/,
    );
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(64 * 1024 * 1024);
  });

  test('a shape whose product passes 2^53 cannot be matched to a file size', async () => {
    const folder = npyFolder();
    const dictionary = "{'descr': '|u1', 'fortran_order': False, 'shape': (2, 999999999999, 999999999999, 999999999999), }";
    writeFileSync(join(folder, 'inputs.npy'), rawNpy(dictionary, Buffer.alloc(8)));
    expect(await refusal(folder)).toMatch(/inputs\.npy is \d+ bytes, and its header .* says [\d.e+]+: it is cut short/);
  });

  test.each([
    ['|b1', /holds 'b1' elements: use unsigned or signed integers of 1–8 bytes or floats of 4 or 8 bytes/],
    ['<U10', /holds 'U10' elements/],
    ['<c8', /holds 'c8' elements/],
    ['<f2', /holds 'f2' elements/],
    ['|V8', /holds 'V8' elements/],
    ['|O', /holds '\|O' elements: use unsigned or signed integers/],
    ['<M8[ns]', /holds '<M8\[ns\]' elements: use unsigned or signed integers/],
  ])("rows of '%s' elements: refused, naming the types that are read", async (descr, expected) => {
    const folder = npyFolder();
    writeFileSync(join(folder, 'inputs.npy'), rawNpy(`{'descr': '${descr}', 'fortran_order': False, 'shape': (2, 4), }`, Buffer.alloc(32)));
    writeFileSync(join(folder, 'features.txt'), 'a\nb\nc\nd\n');
    expect(await refusal(folder)).toMatch(expected);
  });

  test('a header without the last comma numpy.save writes is read as numpy reads it; a shape of one length needs its comma', async () => {
    const folder = npyFolder();
    writeFileSync(
      join(folder, 'inputs.npy'),
      rawNpy("{'descr': '|u1', 'fortran_order': False, 'shape': (2, 1, 2, 2)}", Buffer.alloc(8, 7)),
    );
    expect((await load(folder)).labels).toHaveLength(2);
    writeFileSync(join(folder, 'labels.npy'), rawNpy("{'descr': '|u1', 'fortran_order': False, 'shape': (2)}", Buffer.from([0, 1])));
    expect(await refusal(folder)).toMatch(/labels\.npy: its shape is not a tuple of lengths$/);
  });

  test("'=f4' (native byte order) rows are read as little-endian floats", async () => {
    const folder = npyFolder();
    const rows = Buffer.from(Float32Array.from([1.5, -2, 3, 4]).buffer);
    writeFileSync(join(folder, 'inputs.npy'), rawNpy("{'descr': '=f4', 'fortran_order': False, 'shape': (2, 2), }", rows));
    writeFileSync(join(folder, 'features.txt'), 'x\ny\n');
    const dataset = (await load(folder)) as TableDataset;
    expect([...(await dataset.readFeatures(0, 2, ['y', 'x']))]).toEqual([-2, 1.5, 4, 3]);
  });

  test('control characters in a header are not echoed', async () => {
    const folder = npyFolder();
    writeFileSync(
      join(folder, 'inputs.npy'),
      rawNpy("{'descr': '|\x1b[2Ju1', 'fortran_order': False, 'shape': (2, 1, 2, 2), }", Buffer.alloc(8)),
    );
    expect(await refusal(folder)).toMatch(/inputs\.npy holds '\|\\u001b\[2Ju1' elements/);
  });

  // numpy (ast.literal_eval) keeps the last of a repeated key and refuses a dictionary without its three keys: the header
  // is parsed whole, so a file never shows numpy one array and this reader another.
  test.each([
    ['a repeated shape', "{'descr': '|u1', 'fortran_order': False, 'shape': (2, 1, 2, 2), 'shape': (2, 4), }"],
    ['a repeated fortran_order', "{'descr': '|u1', 'fortran_order': False, 'shape': (2, 1, 2, 2), 'fortran_order': True, }"],
    ['the keys inside a string', `{'note': "'descr': '|u1', 'fortran_order': False, 'shape': (2, 1, 2, 2)"}`],
  ])('a header with %s is refused, not read otherwise than numpy reads it', async (_, dictionary) => {
    const folder = npyFolder();
    writeFileSync(join(folder, 'inputs.npy'), rawNpy(dictionary, Buffer.alloc(8)));
    expect(await refusal(folder)).toMatch(/inputs\.npy: its header/);
  });
});

describe('npy: files that are not what they are named', () => {
  test('inputs.npy linked to /etc/passwd is refused as not a .npy file, none of its text shown', async () => {
    const folder = npyFolder();
    rmSync(join(folder, 'inputs.npy'));
    symlinkSync('/etc/passwd', join(folder, 'inputs.npy'));
    const message = await refusal(folder);
    expect(message).toMatch(/inputs\.npy is not a \.npy file \(numpy\.save writes them\)$/);
    expect(message).not.toMatch(/root:/);
  });

  // open() of a directory succeeds on Linux: the opened file is checked to be a regular file.
  test.each(['inputs.npy', 'labels.npy'])('%s that is a directory is refused as a user error naming it', async (file) => {
    const folder = npyFolder();
    rmSync(join(folder, file));
    mkdirSync(join(folder, file));
    expect(await refusal(folder)).toMatch(new RegExp(`${file.replace('.', '\\.')} is not a regular file`));
  });

  // A FIFO opened for reading would wait for a writer that never comes (a tar artifact can hold one): files are opened
  // without blocking, then checked to be regular files.
  test.each(['inputs.npy', 'labels.npy', 'classes.txt'])('%s that is a FIFO is refused at once', (file) => {
    const folder = npyFolder();
    rmSync(join(folder, file));
    expect(spawnSync('mkfifo', [join(folder, file)]).status).toBe(0);
    const { signal, output } = loadInChild(folder);
    expect(signal).toBeNull();
    expect(output).toMatch(new RegExp(`ConfigurationError: .*${file.replace('.', '\\.')} is not a regular file`));
  });
});

describe('npy: sizes that would exhaust or crash the process', () => {
  // Labels are read up front: beyond 2^28 items an npy: test set is refused rather than read into gigabytes.
  test('labels.npy of 2^31 items is refused with a message instead of aborting the process', () => {
    const folder = npyFolder();
    writeSparseNpy(join(folder, 'labels.npy'), '|u1', [2 ** 31], 2 ** 31);
    const { status, output } = loadInChild(folder);
    expect(output).toMatch(/ConfigurationError: .*labels\.npy/);
    expect(status).toBe(0);
  });

  // One read of 2 GiB or more would abort Node: an image that large is refused when the test set is loaded.
  test('an image of 2 GiB is refused when the test set is loaded, not by aborting the process on its read', () => {
    const folder = npyFolder();
    writeSparseNpy(join(folder, 'inputs.npy'), '|u1', [1, 1, 46_341, 46_341], 46_341 * 46_341);
    writeNpy(join(folder, 'labels.npy'), '|u1', [1], Uint8Array.from([1]));
    // Loading hashes the whole 2 GiB file before the read that aborts.
    const { status, output } = loadInChild(folder, 50_000);
    expect(output).toMatch(/ConfigurationError: .*inputs\.npy/);
    expect(status).toBe(0);
  });
});

describe('npy: shapes that load but cannot be read', () => {
  // A zero-length dimension, or numpy's usual channel-last N×H×W×C, is refused when the test set is loaded, not inside
  // sharp at the first batch.
  test.each([
    ['a zero height', [2, 3, 0, 3]],
    ['channels last (N×H×W×C)', [2, 32, 32, 3]],
  ])('images with %s are refused when the test set is loaded', async (_, shape) => {
    const folder = npyFolder();
    writeNpy(join(folder, 'inputs.npy'), '|u1', shape, new Uint8Array(shape.reduce((product, length) => product * length, 1)));
    expect(await refusal(folder)).toMatch(/inputs\.npy has shape/);
  });

  // As csv: and parquet: refuse a test set without items.
  test('labels.npy and inputs.npy with no items are refused, as csv: and parquet: refuse them', async () => {
    const folder = npyFolder();
    writeNpy(join(folder, 'labels.npy'), '|u1', [0], new Uint8Array(0));
    writeNpy(join(folder, 'inputs.npy'), '|u1', [0, 1, 2, 2], new Uint8Array(0));
    expect(await refusal(folder)).toMatch(/labels\.npy has no items: a test set needs items/);
  });
});

describe('npy: text files and paths', () => {
  test('classes.txt with Windows line ends names the classes without carriage returns', async () => {
    const folder = npyFolder();
    writeFileSync(join(folder, 'classes.txt'), 'cat\r\ndog\r\n');
    expect((await load(folder)).classes).toEqual(['cat', 'dog']);
  });

  test.each([
    ['classes.txt', 'a\x1b[31m\nb\na\x1b[31m\n', /classes\.txt, line 1, holds a control character: 'a\\u001b\[31m'$/],
    ['features.txt', 'x\x07\nx\x07\n', /features\.txt, line 1, holds a control character: 'x\\u0007'$/],
  ])('a name with a control character in %s is refused, shown escaped', async (file, text, expected) => {
    const folder = npyFolder();
    if (file === 'features.txt') writeNpy(join(folder, 'inputs.npy'), '<f4', [2, 2], new Float32Array(4));
    writeFileSync(join(folder, file), text);
    expect(await refusal(folder)).toMatch(expected);
  });

  test('a negative class number is refused, naming the item', async () => {
    const folder = npyFolder();
    writeNpy(join(folder, 'labels.npy'), '<i8', [2], BigInt64Array.from([0n, -1n]));
    expect(await refusal(folder)).toMatch(/labels\.npy, item 1: class number -1 is not one of the 2 in classes\.txt \(0–1\)$/);
  });

  test('a folder whose name holds a newline and an escape is named escaped in messages', async () => {
    const folder = npyFolder(`new\nline\x1b[2J-${folders++}`);
    writeFileSync(join(folder, 'labels.npy'), 'not numpy');
    expect(await refusal(folder)).toMatch(/new\\u000aline\\u001b\[2J-\d+\/labels\.npy is not a \.npy file/);
  });

  // The folder's name is shown escaped when a feature is missing.
  test('a feature the rows lack is named with the folder escaped', async () => {
    const folder = npyFolder(`new\nline\x1b[2J-${folders++}`);
    writeNpy(join(folder, 'inputs.npy'), '<f4', [2, 2], new Float32Array(4));
    writeFileSync(join(folder, 'features.txt'), 'x\ny\n');
    const dataset = (await load(folder)) as TableDataset;
    const error = await dataset.readFeatures(0, 1, ['z']).then(
      () => new Error('it read a missing column'),
      (caught: unknown) => caught as Error,
    );
    expect(error.message).toMatch(/features\.txt has no column 'z'/);
    expect(error.message).not.toMatch(CONTROL);
  });
});
