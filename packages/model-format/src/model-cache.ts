import { randomUUID } from 'node:crypto';
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { terminalText } from '@mlops-actions/common';
import { downloadArtifactDirectory, getModelVersionDownloadUri, type MlflowHttp } from '@mlops-actions/mlflow';
import { inspectModelDirectory, type ModelDirectory } from './model-directory.js';

const COMPLETE = '.mlops-complete';

const isComplete = (dir: string): Promise<boolean> =>
  stat(join(dir, COMPLETE)).then(
    () => true,
    () => false,
  );

/**
 * A registered version's model directory kept in `cacheDir/models/<name>/<version>`: downloaded once (a version's
 * files never change) by `download`, then checked against the model contract. The download goes to a folder of its
 * own and is renamed into place whole, so concurrent fetches of one version (two evaluations sharing a runner's
 * cache) never see each other's partial files.
 */
export async function cachedModelDirectory(
  cacheDir: string,
  name: string,
  version: number,
  download: (dir: string) => Promise<string[]>,
  log: (line: string) => void,
): Promise<ModelDirectory> {
  // A model's name is chosen by whoever registered it: encoded into one folder name, never '.' or '..'.
  const folder = encodeURIComponent(name).replace(/^\.{1,2}$/, (dots) => dots.replaceAll('.', '%2E'));
  const dir = join(cacheDir, 'models', folder, String(version));
  if (await isComplete(dir)) {
    log(`${name} v${version}: model found in the cache`);
    return inspectModelDirectory(dir);
  }
  await mkdir(dirname(dir), { recursive: true });
  const staging = `${dir}.${randomUUID()}.partial`;
  try {
    log(`${name} v${version}: downloaded ${(await download(staging)).join(', ')}`);
    await inspectModelDirectory(staging);
    await writeFile(join(staging, COMPLETE), '');
    try {
      await rename(staging, dir);
    } catch {
      // Another fetch put it in place first, or an interrupted one left an incomplete folder behind.
      if (!(await isComplete(dir))) {
        await rm(dir, { recursive: true, force: true });
        await rename(staging, dir);
      }
    }
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  return inspectModelDirectory(dir);
}

/**
 * A registered version's model directory from the registry: downloaded into the cache once (its progress on the
 * client's logger), then checked.
 */
export function fetchModelVersion(
  http: MlflowHttp,
  name: string,
  version: number,
  cacheDir: string,
  log: (line: string) => void,
): Promise<ModelDirectory> {
  return cachedModelDirectory(
    cacheDir,
    name,
    version,
    async (dir) =>
      downloadArtifactDirectory(http, await getModelVersionDownloadUri(http, name, version), '', dir, {
        label: `downloading ${terminalText(name)} v${version}`,
      }),
    log,
  );
}
