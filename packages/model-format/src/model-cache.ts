import { rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { inspectModelDirectory, type ModelDirectory } from './model-directory.js';

const COMPLETE = '.mlops-complete';

/**
 * A registered version's model directory kept in `cacheDir/models/<name>/<version>`: downloaded once (a
 * version's files never change) by `download`, then checked against the model contract.
 */
export async function cachedModelDirectory(
  cacheDir: string,
  name: string,
  version: number,
  download: (dir: string) => Promise<string[]>,
  log: (line: string) => void,
): Promise<ModelDirectory> {
  const dir = join(cacheDir, 'models', encodeURIComponent(name), String(version));
  const cached = await stat(join(dir, COMPLETE)).then(
    () => true,
    () => false,
  );
  if (cached) {
    log(`${name} v${version}: model found in the cache`);
  } else {
    await rm(dir, { recursive: true, force: true });
    log(`${name} v${version}: downloaded ${(await download(dir)).join(', ')}`);
  }
  const model = await inspectModelDirectory(dir);
  if (!cached) await writeFile(join(dir, COMPLETE), '');
  return model;
}
