/**
 * @jest-environment ./__tests__/environments/host-typed-arrays.mjs
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from '@jest/globals';
import { loadDataset, type Dataset, type ImageDataset, type TableDataset } from '@mlops-actions/evaluation';
import { npyHeader, writeNpy, writeSparseNpy, type NpyDescr } from '../../helpers/npy.js';
import { describeWithSystemPackage } from '../../helpers/system-packages.js';
import { recordingLogger } from '../../helpers/recording-logger.js';

const root = mkdtempSync(join(tmpdir(), 'npy-test-set-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let folders = 0;

/** A folder with inputs.npy, labels.npy and classes.txt (and features.txt when given). */
function npyFolder(
  inputs: { descr: NpyDescr; shape: number[]; data: ArrayBufferView },
  labels: ArrayLike<number>,
  extra: { classes?: string; features?: string; labelDescr?: NpyDescr } = {},
): string {
  const folder = join(root, `set-${folders++}`);
  mkdirSync(folder);
  writeNpy(join(folder, 'inputs.npy'), inputs.descr, inputs.shape, inputs.data);
  writeNpy(
    join(folder, 'labels.npy'),
    extra.labelDescr ?? '<i8',
    [labels.length],
    BigInt64Array.from(labels, (label) => BigInt(label)),
  );
  if (extra.labelDescr === '|u1') writeNpy(join(folder, 'labels.npy'), '|u1', [labels.length], Uint8Array.from(labels));
  writeFileSync(join(folder, 'classes.txt'), extra.classes ?? 'cat\ndog\nbird\n');
  if (extra.features !== undefined) writeFileSync(join(folder, 'features.txt'), extra.features);
  return folder;
}

const load = (folder: string): Promise<Dataset> => loadDataset(`npy:${folder}`, { cacheDir: root, logger: recordingLogger() });
const message = async (folder: string): Promise<string> => {
  try {
    await load(folder);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('loaded');
};

/** Five 2×3×4 images whose pixel p of item i is 10·i + p % 10. */
const PIXELS = Uint8Array.from({ length: 5 * 24 }, (_, k) => 10 * Math.floor(k / 24) + ((k % 24) % 10));

describe('npy:<folder>, a test set of NumPy arrays read from disk as it is needed', () => {
  test('images N×C×H×W: labels and classes up front, any batch of items read in the stored shape or resized', async () => {
    const dataset = (await load(npyFolder({ descr: '|u1', shape: [5, 2, 3, 4], data: PIXELS }, [0, 1, 2, 1, 0]))) as ImageDataset;
    expect(dataset).toMatchObject({ kind: 'image', classes: ['cat', 'dog', 'bird'] });
    expect([...dataset.labels]).toEqual([0, 1, 2, 1, 0]);
    expect(dataset.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(await dataset.read(1, 3, [2, 3, 4])).toEqual(PIXELS.subarray(24, 72));
    expect(await dataset.read(4, 5, [2, 3, 4])).toEqual(PIXELS.subarray(96, 120));
  });

  test('grey images N×H×W are one channel; a model of another size gets them resized', async () => {
    const grey = Uint8Array.from({ length: 3 * 4 * 4 }, (_, k) => (Math.floor(k / 16) === 1 ? 200 : 50));
    const dataset = (await load(npyFolder({ descr: '|u1', shape: [3, 4, 4], data: grey }, [0, 1, 0]))) as ImageDataset;
    expect(await dataset.read(0, 3, [1, 4, 4])).toEqual(grey);
    const resized = await dataset.read(1, 2, [3, 2, 2]);
    expect(resized).toHaveLength(12);
    expect([...resized].every((value) => value === 200)).toBe(true);
  });

  test('the fingerprint follows the items, the labels and the classes', async () => {
    const labels = [0, 1, 2, 1, 0];
    const fingerprint = async (data: Uint8Array, rows = labels, classes?: string) =>
      (await load(npyFolder({ descr: '|u1', shape: [5, 2, 3, 4], data }, rows, { classes }))).fingerprint;
    const same = await fingerprint(PIXELS);
    expect(await fingerprint(PIXELS)).toBe(same);
    const changed = Uint8Array.from(PIXELS);
    changed[119] = 255;
    expect(await fingerprint(changed)).not.toBe(same);
    expect(await fingerprint(PIXELS, [0, 1, 2, 1, 1])).not.toBe(same);
    expect(await fingerprint(PIXELS, labels, 'cat\ndog\nfish\n')).not.toBe(same);
  });

  test('table rows N×F with features.txt: the model’s columns in its order, float64 and integer rows alike', async () => {
    const rows = Float64Array.from([1.5, -2, 3, 4, 5.25, 6]);
    const dataset = (await load(
      npyFolder({ descr: '<f8', shape: [2, 3], data: rows }, [1, 0], { features: 'width\nheight\ndepth\n' }),
    )) as TableDataset;
    expect(dataset.kind).toBe('table');
    expect(dataset.columns).toEqual(['width', 'height', 'depth']);
    expect([...(await dataset.readFeatures(0, 2, ['depth', 'width']))]).toEqual([3, 1.5, 6, 4]);
    expect(await dataset.readColumn('height')).toEqual(['-2', '5.25']);
    expect(await dataset.readColumn('colour')).toBeUndefined();
    await expect(dataset.readFeatures(0, 1, ['widht'])).rejects.toThrow(
      /features\.txt has no column 'widht' \(a feature of the model\) \(did you mean 'width'\?\)/,
    );

    const ints = (await load(
      npyFolder({ descr: '<i4', shape: [2, 2], data: Int32Array.from([7, -8, 9, 10]) }, [0, 1], { features: 'a\nb\n', labelDescr: '|u1' }),
    )) as TableDataset;
    expect([...(await ints.readFeatures(1, 2, ['b', 'a']))]).toEqual([10, 9]);
  });

  test('a NaN feature is refused when its batch is read, naming the item and the column', async () => {
    const dataset = (await load(
      npyFolder({ descr: '<f4', shape: [3, 2], data: Float32Array.from([1, 2, 3, Number.NaN, 5, 6]) }, [0, 1, 0], { features: 'x\ny\n' }),
    )) as TableDataset;
    expect([...(await dataset.readFeatures(0, 1, ['x', 'y']))]).toEqual([1, 2]);
    await expect(dataset.readFeatures(0, 3, ['x', 'y'])).rejects.toThrow(/inputs\.npy, item 1, column 'y': NaN is not a finite number$/);
  });

  test.each([
    [
      'no classes.txt',
      (folder: string) => rmSync(join(folder, 'classes.txt')),
      /classes\.txt cannot be read \(ENOENT\): it names the classes/,
    ],
    ['one class', (folder: string) => writeFileSync(join(folder, 'classes.txt'), 'cat\n'), /names 1 class: a test set needs at least two/],
    ['a class twice', (folder: string) => writeFileSync(join(folder, 'classes.txt'), 'cat\ndog\ncat\n'), /classes\.txt names 'cat' twice/],
    [
      'an empty class line',
      (folder: string) => writeFileSync(join(folder, 'classes.txt'), 'cat\n\ndog\n'),
      /classes\.txt, line 2, is empty/,
    ],
    [
      'no labels.npy',
      (folder: string) => rmSync(join(folder, 'labels.npy')),
      /labels\.npy cannot be read \(ENOENT\): it holds the class number of every item; an npy: test set folder holds inputs\.npy/,
    ],
    [
      'a label beyond the classes',
      (folder: string) => writeNpy(join(folder, 'labels.npy'), '<i8', [5], BigInt64Array.from([0n, 1n, 3n, 0n, 0n])),
      /labels\.npy, item 2: class number 3 is not one of the 3 in classes\.txt \(0–2\)/,
    ],
    [
      'float labels',
      (folder: string) => writeNpy(join(folder, 'labels.npy'), '<f8', [5], new Float64Array(5)),
      /labels\.npy must be one integer class number per item \(shape \(N,\)\); it is f8 of shape \(5\)/,
    ],
    [
      'fewer labels than items',
      (folder: string) => writeNpy(join(folder, 'labels.npy'), '<i8', [4], new BigInt64Array(4)),
      /inputs\.npy holds 5 items and labels\.npy 4: one label per item/,
    ],
    [
      'a file cut short',
      (folder: string) => truncateSync(join(folder, 'inputs.npy'), 128 + 100),
      /inputs\.npy is 228 bytes, and its header \(shape \(5, 2, 3, 4\) of u1\) says 248: it is cut short; save it again with numpy\.save/,
    ],
    ['not a .npy file', (folder: string) => writeFileSync(join(folder, 'inputs.npy'), 'P5\n4 4\n255\n'), /inputs\.npy is not a \.npy file/],
    [
      'Fortran order',
      (folder: string) =>
        writeFileSync(join(folder, 'inputs.npy'), Buffer.concat([npyHeader('|u1', [5, 2, 3, 4], true), Buffer.from(PIXELS)])),
      /stored in Fortran \(column-major\) order: save numpy\.ascontiguousarray\(array\) instead/,
    ],
    [
      'big-endian numbers',
      (folder: string) => writeFileSync(join(folder, 'inputs.npy'), Buffer.concat([npyHeader('>f4', [5, 6]), Buffer.alloc(120)])),
      /inputs\.npy is big-endian: save it little-endian/,
    ],
    [
      'float images',
      (folder: string) => writeNpy(join(folder, 'inputs.npy'), '<f4', [5, 2, 3, 4], new Float32Array(120)),
      /holds images of f4: images are raw 0–255 pixels, uint8/,
    ],
    [
      'rows without features.txt',
      (folder: string) => writeNpy(join(folder, 'inputs.npy'), '<f4', [5, 6], new Float32Array(30)),
      /features\.txt cannot be read \(ENOENT\): it names the 6 feature columns of inputs\.npy/,
    ],
  ])('%s: refused, saying what to change', async (_, spoil, expected) => {
    const folder = npyFolder({ descr: '|u1', shape: [5, 2, 3, 4], data: PIXELS }, [0, 1, 2, 1, 0]);
    spoil(folder);
    expect(await message(folder)).toMatch(expected);
  });

  test('a file that shrinks after loading fails its next read instead of answering with stale bytes', async () => {
    const folder = npyFolder({ descr: '|u1', shape: [5, 2, 3, 4], data: PIXELS }, [0, 1, 2, 1, 0]);
    const dataset = (await load(folder)) as ImageDataset;
    truncateSync(join(folder, 'inputs.npy'), 128 + 48);
    await expect(dataset.read(3, 5, [2, 3, 4])).rejects.toThrow(/inputs\.npy changed while it was read/);
  });

  test('a test set of 2 GiB is opened and read with a batch of memory, never loaded whole', async () => {
    const folder = join(root, 'large');
    mkdirSync(folder);
    const items = 2 * 1024 * 1024;
    writeSparseNpy(join(folder, 'inputs.npy'), '|u1', [items, 1, 32, 32], items * 1024);
    writeNpy(
      join(folder, 'labels.npy'),
      '|u1',
      [items],
      Uint8Array.from({ length: items }, (_, i) => i % 2),
    );
    writeFileSync(join(folder, 'classes.txt'), 'even\nodd\n');
    const before = process.memoryUsage().rss;
    const dataset = (await load(folder)) as ImageDataset;
    const batch = await dataset.read(items - 256, items, [1, 32, 32]);
    expect(batch).toHaveLength(256 * 1024);
    expect(dataset.labels[items - 1]).toBe(1);
    // 2 GiB of items; loaded whole they would add that much (a Buffer of 2 GiB is more than Node 20 allows at all).
    expect(process.memoryUsage().rss - before).toBeLessThan(256 * 1024 * 1024);
  });
});

describeWithSystemPackage('python3-numpy', 'npy: files as numpy writes and reads them', () => {
  test('arrays numpy.save wrote are read as numpy holds them, and numpy reads the test helper’s files as written', async () => {
    const folder = join(root, 'numpy');
    mkdirSync(folder);
    const script = [
      'import numpy as np, sys',
      'folder = sys.argv[1]',
      'rng = np.random.default_rng(7)',
      "np.save(f'{folder}/inputs.npy', rng.integers(0, 256, size=(6, 3, 5, 4), dtype=np.uint8))",
      "np.save(f'{folder}/labels.npy', np.array([2, 0, 1, 1, 0, 2]))",
      "np.save(f'{folder}/rows.npy', rng.standard_normal((6, 3)).astype(np.float32))",
      "print(','.join(str(v) for v in np.load(f'{folder}/inputs.npy')[2:4].ravel()))",
      "print(','.join(repr(float(v)) for v in np.load(f'{folder}/rows.npy')[1:3, ::-1].ravel()))",
    ].join('\n');
    const [pixels, rows] = execFileSync('python3', ['-c', script, folder], { encoding: 'utf8' }).trim().split('\n');
    writeFileSync(join(folder, 'classes.txt'), 'a\nb\nc\n');
    const images = (await load(folder)) as ImageDataset;
    expect([...images.labels]).toEqual([2, 0, 1, 1, 0, 2]);
    expect([...(await images.read(2, 4, [3, 5, 4]))].join(',')).toBe(pixels);

    execFileSync('bash', ['-c', `cd '${folder}' && mv rows.npy inputs.npy && printf 'x\\ny\\nz\\n' > features.txt`]);
    const table = (await load(folder)) as TableDataset;
    expect([...(await table.readFeatures(1, 3, ['z', 'y', 'x']))]).toEqual(rows!.split(',').map(Number));

    writeNpy(join(folder, 'written.npy'), '<f4', [2, 2], Float32Array.from([0.5, -1, 2, 1e-3]));
    const read = execFileSync(
      'python3',
      ['-c', `import numpy as np; a = np.load('${folder}/written.npy'); print(a.dtype, a.shape, a.ravel().tolist())`],
      {
        encoding: 'utf8',
      },
    );
    expect(read.trim()).toBe('float32 (2, 2) [0.5, -1.0, 2.0, 0.0010000000474974513]');
  });
});
