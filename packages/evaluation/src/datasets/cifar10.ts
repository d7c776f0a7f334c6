import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  ConfigurationError,
  errorMessage,
  networkFailure,
  OperationalError,
  startProgress,
  unreachableError,
  type Logger,
} from '@mlops-actions/common';
import { extract } from 'tar';
import { readFixedShape } from './convert.js';
import type { ImageDataset, ItemShape } from './dataset.js';

/** The official binary archive and its MD5, as published on the dataset's page. */
export const CIFAR10_SOURCE = {
  url: 'https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz',
  md5: 'c32a1d4ab5d03f1284b67883e8d87530',
} as const;
export const CIFAR10_CLASSES = ['airplane', 'automobile', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck'] as const;
const SHAPE: ItemShape = [3, 32, 32];
const RECORD = 1 + 3 * 32 * 32;
const TEST_BATCH = 'test_batch.bin';
const ARCHIVE = 'cifar-10-binary.tar.gz';

export interface Cifar10Options {
  /** A local copy: `test_batch.bin` itself, a folder holding it (or `cifar-10-batches-bin/`), or the archive. */
  path?: string | undefined;
  /** Where a download goes and is found again (the folder the Actions cache keeps). */
  cacheDir: string;
  /** A mirror of the archive and its MD5 (default the official one). */
  source?: { url: string; md5: string };
  logger: Logger;
  fetch?: typeof fetch;
}

/** The 10,000 CIFAR-10 test images: from a local copy, or downloaded once (MD5 checked) into the cache folder. */
export async function cifar10TestSet(options: Cifar10Options): Promise<ImageDataset> {
  const batch = options.path ? await locateLocal(options.path, options.cacheDir) : await downloaded(options);
  const bytes = await readFile(batch);
  if (bytes.length === 0 || bytes.length % RECORD !== 0)
    throw new ConfigurationError(
      `${batch} is not a CIFAR-10 binary batch: its size (${bytes.length} bytes) is not a multiple of ${RECORD}`,
      {
        subject: 'dataset',
      },
    );
  const count = bytes.length / RECORD;
  const labels = new Int32Array(count);
  const pixels = new Uint8Array(count * (RECORD - 1));
  for (let i = 0; i < count; i++) {
    const label = bytes[i * RECORD]!;
    if (label > 9)
      throw new ConfigurationError(`${batch}: record ${i} has label ${label}; CIFAR-10 labels are 0-9`, { subject: 'dataset' });
    labels[i] = label;
    pixels.set(bytes.subarray(i * RECORD + 1, (i + 1) * RECORD), i * (RECORD - 1));
  }
  return {
    kind: 'image',
    name: 'cifar10',
    classes: CIFAR10_CLASSES,
    labels,
    fingerprint: createHash('sha256').update(bytes).digest('hex'),
    read: (start, end, shape) => readFixedShape(pixels, SHAPE, start, end, shape),
  };
}

async function isFile(path: string): Promise<boolean> {
  return stat(path).then(
    (info) => info.isFile(),
    () => false,
  );
}

async function locateLocal(path: string, cacheDir: string): Promise<string> {
  if (path.endsWith('.tar.gz') || path.endsWith('.tgz')) return extractTestBatch(path, cacheDir);
  for (const candidate of [path, join(path, TEST_BATCH), join(path, 'cifar-10-batches-bin', TEST_BATCH)]) {
    if (candidate.endsWith('.bin') && (await isFile(candidate))) return candidate;
  }
  throw new ConfigurationError(
    `no CIFAR-10 test batch at '${path}': give test_batch.bin, a folder holding it, or ${ARCHIVE} (or 'cifar10' alone to download it)`,
    { subject: 'dataset' },
  );
}

async function extractTestBatch(archive: string, cacheDir: string): Promise<string> {
  await mkdir(cacheDir, { recursive: true });
  await extract({ file: archive, cwd: cacheDir, filter: (entry) => basename(entry) === TEST_BATCH });
  const batch = join(cacheDir, 'cifar-10-batches-bin', TEST_BATCH);
  if (!(await isFile(batch)))
    throw new ConfigurationError(`${archive} holds no cifar-10-batches-bin/${TEST_BATCH}`, { subject: 'dataset' });
  return batch;
}

/** The test batch from the cache folder, downloading and checking the archive first when it is not there. */
async function downloaded(options: Cifar10Options): Promise<string> {
  const batch = join(options.cacheDir, 'cifar-10-batches-bin', TEST_BATCH);
  if (await isFile(batch)) {
    options.logger.info(`CIFAR-10 test batch found in ${options.cacheDir}`);
    return batch;
  }
  const source = options.source ?? CIFAR10_SOURCE;
  await mkdir(options.cacheDir, { recursive: true });
  const archive = join(options.cacheDir, ARCHIVE);
  const partial = `${archive}.partial`;
  options.logger.info(`downloading ${source.url}`);
  const instead = `or put the binary test batch at ${join(options.cacheDir, 'cifar-10-batches-bin', TEST_BATCH)} (the step's cache keeps it after one download)`;
  const unavailable = (why: string, cause?: unknown): OperationalError =>
    new OperationalError(`downloading ${source.url} failed: ${why}`, {
      service: 'the dataset host',
      hint: `check the network, ${instead}`,
      cause,
    });
  const response = await (options.fetch ?? fetch)(source.url).catch((error: unknown) => {
    throw (
      unreachableError(error, { url: source.url, service: 'the dataset host', hint: instead }) ??
      unavailable(errorMessage((error as { cause?: unknown }).cause ?? error), error)
    );
  });
  if (!response.ok || !response.body) throw unavailable(`HTTP ${response.status} ${response.statusText}`);
  const total = Number(response.headers.get('content-length')) || undefined;
  const md5 = createHash('md5');
  let received = 0;
  const progress = startProgress(options.logger, { label: `downloading ${ARCHIVE}`, total, unit: 'bytes' });
  const counted = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      md5.update(chunk);
      received += chunk.length;
      progress.update(received);
      done(null, chunk);
    },
  });
  await pipeline(Readable.fromWeb(response.body), counted, createWriteStream(partial))
    .catch(async (error: unknown) => {
      await rm(partial, { force: true });
      const why = networkFailure(error)?.detail ?? errorMessage(error);
      throw unavailable(`the connection broke after ${received} bytes (${why}); nothing was kept`, error);
    })
    .finally(() => progress.end());
  const digest = md5.digest('hex');
  if (digest !== source.md5) {
    await rm(partial, { force: true });
    throw new OperationalError(
      `the download of ${source.url} is damaged: MD5 ${digest}, expected ${source.md5}; nothing was kept, run again`,
      {
        service: 'the dataset host',
        hint: 'a download cut short or changed on the way; running the step again downloads it afresh',
      },
    );
  }
  await rename(partial, archive);
  const extracted = await extractTestBatch(archive, options.cacheDir);
  await rm(archive, { force: true });
  return extracted;
}
