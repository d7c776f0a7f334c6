import { rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '@mlops-actions/common';
import { downloadArtifactDirectory, getModelVersionDownloadUri, type MlflowHttp } from '@mlops-actions/mlflow';
import { inspectModelDirectory, type ModelDirectory } from '@mlops-actions/model-format';

const COMPLETE = '.mlops-complete';

/**
 * A version's model directory, downloaded once into `cacheDir/models/<name>/<version>` (a version's files never
 * change) and checked against the model contract.
 */
export async function fetchModel(
  http: MlflowHttp,
  name: string,
  version: number,
  cacheDir: string,
  logger: Logger,
): Promise<ModelDirectory> {
  const dir = join(cacheDir, 'models', encodeURIComponent(name), String(version));
  const cached = await stat(join(dir, COMPLETE)).then(
    () => true,
    () => false,
  );
  if (cached) {
    logger.info(`${name} v${version}: model found in the cache`);
  } else {
    await rm(dir, { recursive: true, force: true });
    const uri = await getModelVersionDownloadUri(http, name, version);
    const files = await downloadArtifactDirectory(http, uri, '', dir);
    logger.info(`${name} v${version}: downloaded ${files.join(', ')}`);
  }
  const model = await inspectModelDirectory(dir);
  if (!cached) await writeFile(join(dir, COMPLETE), '');
  return model;
}
