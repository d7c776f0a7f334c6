import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { isConfigurationError, isOperationalError, progressLines, silentLogger, type ProgressOptions } from '@mlops-actions/common';
import { cifar10TestSet, imageFolderDataset, loadDataset, mnistTestSet, preprocessBatch } from '@mlops-actions/evaluation';
import { loadTestDigits } from '@mlops-actions/example-mnist-mlp';
import sharp from 'sharp';
import { listenOnLoopback, refusedUrl } from '../../helpers/loopback-server.js';
import { recordingLogger } from '../../helpers/recording-logger.js';

const dir = mkdtempSync(join(tmpdir(), 'datasets-'));

/** A CIFAR-10 binary batch of `count` records whose pixels encode the record number. */
function cifarBatch(count: number): Buffer {
  const bytes = Buffer.alloc(count * 3073);
  for (let r = 0; r < count; r++) {
    bytes[r * 3073] = r % 10;
    bytes.fill(r % 256, r * 3073 + 1, (r + 1) * 3073);
  }
  return bytes;
}

describe('mnist', () => {
  test("is the example trainer's held-out split, pixels back on the 0-255 scale", async () => {
    const dataset = await mnistTestSet();
    const digits = loadTestDigits();
    expect(dataset.labels.length).toBe(digits.length);
    expect(Array.from(dataset.labels)).toEqual(Array.from(digits.labels));
    const first = await dataset.read(0, 1, [1, 28, 28]);
    expect(Array.from(first)).toEqual(Array.from(digits.images.subarray(0, 784), (v) => Math.round(v * 255)));
    expect(dataset.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect((await dataset.read(0, 2, [3, 14, 14])).length).toBe(2 * 3 * 14 * 14);
  });
});

describe('cifar10', () => {
  const batchDir = join(dir, 'local', 'cifar-10-batches-bin');
  mkdirSync(batchDir, { recursive: true });
  writeFileSync(join(batchDir, 'test_batch.bin'), cifarBatch(30));
  execFileSync('tar', ['-czf', join(dir, 'cifar-10-binary.tar.gz'), '-C', join(dir, 'local'), 'cifar-10-batches-bin']);

  test.each([
    ['the .bin file', join(batchDir, 'test_batch.bin')],
    ['the folder above it', join(dir, 'local')],
    ['the archive', join(dir, 'cifar-10-binary.tar.gz')],
  ])('reads a local copy given as %s', async (_name, path) => {
    const dataset = await cifar10TestSet({ path, cacheDir: join(dir, `cache-${_name.length}`), logger: silentLogger });
    expect(dataset.labels.length).toBe(30);
    expect(dataset.labels[13]).toBe(3);
    expect(Array.from(await dataset.read(13, 14, [3, 32, 32]))).toEqual(new Array(3072).fill(13));
    expect(dataset.classes[0]).toBe('airplane');
  });

  test('is downloaded once with its MD5 checked; a damaged download is refused and nothing is kept', async () => {
    const archive = execFileSync('cat', [join(dir, 'cifar-10-binary.tar.gz')]);
    const md5 = createHash('md5').update(archive).digest('hex');
    let requests = 0;
    const server = await listenOnLoopback((_request, response) => {
      requests++;
      response.setHeader('content-length', archive.length);
      response.end(archive);
    });
    const url = `${server.url}/cifar.tar.gz`;
    try {
      const cacheDir = join(dir, 'download-cache');
      const first = await cifar10TestSet({ cacheDir, logger: silentLogger, source: { url, md5 } });
      const again = await cifar10TestSet({ cacheDir, logger: silentLogger, source: { url, md5 } });
      expect(requests).toBe(1);
      expect(again.fingerprint).toBe(first.fingerprint);

      const damagedDir = join(dir, 'damaged-cache');
      await expect(cifar10TestSet({ cacheDir: damagedDir, logger: silentLogger, source: { url, md5: 'f'.repeat(32) } })).rejects.toThrow(
        `the download of ${url} is damaged: MD5 ${md5}, expected ${'f'.repeat(32)}; nothing was kept, run again`,
      );
      expect(existsSync(join(damagedDir, 'cifar-10-binary.tar.gz.partial'))).toBe(false);
      expect(existsSync(join(damagedDir, 'cifar-10-binary.tar.gz'))).toBe(false);
    } finally {
      await server.close();
    }
  });

  test('a download the connection cuts short is an outage, and leaves nothing behind', async () => {
    const server = await listenOnLoopback((_request, response) => {
      response.setHeader('content-length', 1_000_000);
      response.write(Buffer.alloc(1000));
      setTimeout(() => response.destroy(), 20);
    });
    const cacheDir = join(dir, 'cut-cache');
    try {
      const error = await cifar10TestSet({
        cacheDir,
        logger: silentLogger,
        source: { url: `${server.url}/cifar.tar.gz`, md5: 'f'.repeat(32) },
      }).then(
        () => undefined,
        (caught: unknown) => caught,
      );
      expect(isOperationalError(error)).toBe(true);
      expect((error as Error).message).toContain('the connection broke after 1000 bytes');
      expect(existsSync(join(cacheDir, 'cifar-10-binary.tar.gz.partial'))).toBe(false);
      const unreachable = await cifar10TestSet({
        cacheDir,
        logger: silentLogger,
        source: { url: 'http://127.0.0.1:9/x', md5: 'f'.repeat(32) },
      }).then(
        () => undefined,
        (caught: unknown) => caught,
      );
      expect(unreachable).toMatchObject({ service: 'the dataset host', hint: expect.stringContaining('check the network') });
    } finally {
      await server.close();
    }
  });

  test('a download says how far it has got, in plain lines out of the announced size', async () => {
    // 1,000 images of noise (gzip cannot shrink them: a 3 MB archive), sent in many pieces.
    const noiseDir = join(dir, 'noise', 'cifar-10-batches-bin');
    mkdirSync(noiseDir, { recursive: true });
    const noise = randomBytes(1000 * 3073);
    for (let record = 0; record < 1000; record++) noise[record * 3073] = record % 10;
    writeFileSync(join(noiseDir, 'test_batch.bin'), noise);
    execFileSync('tar', ['-czf', join(dir, 'noise.tar.gz'), '-C', join(dir, 'noise'), 'cifar-10-batches-bin']);
    const archive = readFileSync(join(dir, 'noise.tar.gz'));
    const server = await listenOnLoopback((_request, response) => {
      response.writeHead(200, { 'content-length': archive.length });
      for (let at = 0; at < archive.length; at += 64 * 1024) response.write(archive.subarray(at, at + 64 * 1024));
      response.end();
    });
    const logger = recordingLogger();
    // A clock that moves 3 s per look: the lines' real schedule (every 10%, at most one per 10 s) on a fast network.
    let now = 0;
    const timed = { ...logger, progress: (options: ProgressOptions) => progressLines(logger, options, { now: () => (now += 3000) }) };
    const md5 = createHash('md5').update(archive).digest('hex');
    try {
      const dataset = await cifar10TestSet({
        cacheDir: join(dir, 'progress-cache'),
        logger: timed,
        source: { url: `${server.url}/c.tgz`, md5 },
      });
      expect(dataset.labels.length).toBe(1000);
    } finally {
      await server.close();
    }
    const lines = logger.lines.filter((line) => line.startsWith('downloading cifar-10-binary.tar.gz: '));
    expect(lines.length).toBeGreaterThanOrEqual(3);
    for (const line of lines) expect(line).toMatch(/^downloading cifar-10-binary\.tar\.gz: [\d.]+ [kM]B of 3\.\d+ MB \(\d+%\)$/);
    expect(lines.at(-1)).toMatch(/ \(100%\)$/);
  });

  test.each([
    ['a refused port', 'refused'],
    ['a host that does not resolve', 'unresolvable'],
  ] as const)('an unreachable download host is named with the cause (%s)', async (_name, kind) => {
    const host = kind === 'refused' ? new URL(await refusedUrl()).host : 'something.invalid';
    const error = await cifar10TestSet({
      cacheDir: join(dir, `unreachable-${kind}`),
      logger: silentLogger,
      source: { url: `http://${host}/cifar-10-binary.tar.gz`, md5: 'f'.repeat(32) },
    }).then(
      () => undefined,
      (caught: unknown) => caught as Error & { hint: string },
    );
    expect(isOperationalError(error)).toBe(true);
    expect(error?.message).toMatch(
      kind === 'refused'
        ? new RegExp(
            `^could not reach the dataset host at ${host.replace('.', '\\.')} \\(connect ECONNREFUSED ${host.replace('.', '\\.')}\\)$`,
          )
        : /^could not reach the dataset host at something\.invalid \(getaddrinfo (ENOTFOUND|EAI_AGAIN) something\.invalid\)$/,
    );
    expect(error?.hint).toMatch(/^check the network and the proxy settings \(HTTPS_PROXY, NO_PROXY\), or put the binary test batch at /);
  });

  test('a file that is not a CIFAR-10 batch is named as such', async () => {
    writeFileSync(join(dir, 'odd.bin'), Buffer.alloc(100));
    await expect(cifar10TestSet({ path: join(dir, 'odd.bin'), cacheDir: dir, logger: silentLogger })).rejects.toThrow(
      'is not a CIFAR-10 binary batch: its size (100 bytes) is not a multiple of 3073',
    );
  });
});

describe('image folders', () => {
  const root = join(dir, 'images');
  const square = (r: number, g: number, b: number, size = 6) =>
    sharp({ create: { width: size, height: size, channels: 3, background: { r, g, b } } });

  test('one class per sub-folder, PNG and JPEG decoded and resized to what the model wants', async () => {
    mkdirSync(join(root, 'red'), { recursive: true });
    mkdirSync(join(root, 'blue'), { recursive: true });
    await square(255, 0, 0)
      .png()
      .toFile(join(root, 'red', 'a.png'));
    await square(250, 0, 0, 20)
      .jpeg()
      .toFile(join(root, 'red', 'b.JPG'));
    await square(0, 0, 255)
      .png()
      .toFile(join(root, 'blue', 'c.png'));
    writeFileSync(join(root, 'blue', 'notes.txt'), 'not an image');
    const dataset = await imageFolderDataset(root);
    expect(dataset.classes).toEqual(['blue', 'red']);
    expect(Array.from(dataset.labels)).toEqual([0, 1, 1]);
    const pixels = await dataset.read(0, 3, [3, 4, 4]);
    expect(pixels.length).toBe(3 * 48);
    expect(Array.from(pixels.subarray(0, 16))).toEqual(new Array(16).fill(0)); // blue: no red
    expect(Array.from(pixels.subarray(32, 48))).toEqual(new Array(16).fill(255)); // blue channel
    expect(pixels[48]).toBe(255); // the red PNG's red channel
    const grey = await dataset.read(2, 3, [1, 2, 2]);
    expect(grey.length).toBe(4);
    expect(await loadDataset(`image-folder:${root}`, { cacheDir: dir, logger: silentLogger })).toMatchObject({
      fingerprint: dataset.fingerprint,
    });
  });

  test('a corrupt image is named when it is read', async () => {
    const bad = join(dir, 'bad-images');
    mkdirSync(join(bad, 'x'), { recursive: true });
    mkdirSync(join(bad, 'y'), { recursive: true });
    writeFileSync(join(bad, 'x', 'broken.png'), 'PNG? no');
    await square(1, 2, 3)
      .png()
      .toFile(join(bad, 'y', 'fine.png'));
    const dataset = await imageFolderDataset(bad);
    await expect(dataset.read(0, 1, [3, 4, 4])).rejects.toThrow(`${join(bad, 'x', 'broken.png')} could not be decoded as an image`);
  });

  /** Writes 2×2 PNGs at the given paths under `folder`, each a grey of its own level (its index + 1). */
  const images = async (folder: string, paths: readonly string[]): Promise<void> => {
    for (const [index, path] of paths.entries()) {
      mkdirSync(join(folder, dirname(path)), { recursive: true });
      await square(index + 1, index + 1, index + 1, 2)
        .png()
        .toFile(join(folder, path));
    }
  };

  test('images one level down, <class>/<group>/<image>, are read with their path and group; hidden entries are skipped', async () => {
    const folder = join(dir, 'grouped-images');
    await images(folder, ['cat/b.png', 'cat/outdoor/a.png', 'cat/indoor/c.png', 'dog/indoor/d.png', 'dog/a.png', 'cat/.cache/e.png']);
    await images(folder, ['cat/.hidden.png', '.git/objects/f.png']);
    const dataset = await imageFolderDataset(folder);
    expect(dataset.classes).toEqual(['cat', 'dog']);
    // Class order, then the path in the class folder: a.png and b.png before indoor/, indoor/ before outdoor/.
    expect(dataset.itemPaths).toEqual(['cat/b.png', 'cat/indoor/c.png', 'cat/outdoor/a.png', 'dog/a.png', 'dog/indoor/d.png']);
    expect(dataset.folderGroups).toEqual(['', 'indoor', 'outdoor', '', 'indoor']);
    expect(Array.from(dataset.labels)).toEqual([0, 0, 0, 1, 1]);
    // Each item's pixels are those of the file its path names (grey levels 1 to 5 in the order written).
    expect(Array.from(await dataset.read(0, 5, [1, 1, 1]))).toEqual([1, 3, 2, 5, 4]);
  });

  test('the fingerprint covers every image by its path in the folder and its bytes', async () => {
    const fingerprint = async (paths: readonly string[], name: string): Promise<string> => {
      const folder = join(dir, name);
      await images(folder, paths);
      return (await imageFolderDataset(folder)).fingerprint;
    };
    const layout = ['cat/a.png', 'cat/indoor/b.png', 'dog/c.png'];
    const first = await fingerprint(layout, 'print-a');
    expect(await fingerprint(layout, 'print-same')).toBe(first);
    expect(await fingerprint(['cat/a.png', 'cat/outdoor/b.png', 'dog/c.png'], 'print-moved')).not.toBe(first);
    expect(await fingerprint(['cat/a.png', 'cat/b.png', 'dog/c.png'], 'print-ungrouped')).not.toBe(first);
    // The digest of a folder without groups is what it was before groups: sha256 over each path, NUL, and its bytes' sha256.
    const flat = join(dir, 'print-flat');
    await images(flat, ['cat/a.png', 'dog/b.png']);
    const expected = createHash('sha256');
    for (const item of ['cat/a.png', 'dog/b.png'])
      expected.update(`${item}\0`).update(
        createHash('sha256')
          .update(readFileSync(join(flat, item)))
          .digest(),
      );
    expect((await imageFolderDataset(flat)).fingerprint).toBe(expected.digest('hex'));
  });

  test('a folder inside a group folder is refused, saying which layouts are allowed', async () => {
    const folder = join(dir, 'too-deep');
    await images(folder, ['cat/a.png', 'cat/indoor/old/b.png', 'dog/c.png']);
    const error = await imageFolderDataset(folder).catch((caught: unknown) => caught);
    expect(isConfigurationError(error)).toBe(true);
    expect((error as Error).message).toBe(
      `image folder '${folder}': 'cat/indoor/old' is a folder inside a group folder; ` +
        'images go in <class>/<image>, or <class>/<group>/<image> for images in a group: move its images up a level or out of the image folder',
    );
  });

  test('a class with no images, directly or in its group folders, is refused', async () => {
    const folder = join(dir, 'empty-class');
    await images(folder, ['dog/a.png']);
    mkdirSync(join(folder, 'cat', 'indoor'), { recursive: true });
    writeFileSync(join(folder, 'cat', 'indoor', 'notes.txt'), 'not an image');
    await expect(imageFolderDataset(folder)).rejects.toThrow(`image folder '${folder}': class 'cat' has no PNG or JPEG images`);
  });

  test('a symbolic link to a folder outside the image folder is not followed, as a class or as a group', async () => {
    const outside = join(dir, 'outside-images');
    await images(outside, ['secret.png']);
    const folder = join(dir, 'linked-images');
    await images(folder, ['cat/a.png', 'dog/b.png']);
    const unlinked = await imageFolderDataset(folder);
    symlinkSync(outside, join(folder, 'cat', 'linked'), 'dir');
    symlinkSync(outside, join(folder, 'linked-class'), 'dir');
    const dataset = await imageFolderDataset(folder);
    expect(dataset.classes).toEqual(['cat', 'dog']);
    expect(dataset.itemPaths).toEqual(['cat/a.png', 'dog/b.png']);
    expect(dataset.fingerprint).toBe(unlinked.fingerprint);
  });

  test.each([
    ['image-folder:/no/such/folder', "image folder '/no/such/folder' cannot be read"],
    ['imagenet', "input 'dataset': 'imagenet' is not a dataset; use 'cifar10' (downloaded)"],
    ['mnist:/x', "input 'dataset': 'mnist:/x' is not a dataset"],
  ])('%s is refused', async (spec, message) => {
    await expect(loadDataset(spec, { cacheDir: dir, logger: silentLogger })).rejects.toThrow(message);
  });
});

describe('preprocessing', () => {
  test('divides by pixel_scale, then subtracts the mean and divides by the std of each channel', () => {
    const pixels = Uint8Array.from([0, 255, 51, 102]); // 2 channels of 1×2
    const out = preprocessBatch(pixels, {
      kind: 'image',
      inputName: 'x',
      layout: 'NCHW',
      shape: [2, 1, 2],
      pixelScale: 255,
      mean: [0.5, 0],
      std: [0.5, 0.2],
      labels: ['a', 'b'],
      output: 'logits',
    });
    expect(Array.from(out).map((v) => Number(v.toFixed(5)))).toEqual([-1, 1, 1, 2]);
  });
});
