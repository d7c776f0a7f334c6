import type { Logger } from '@mlops-actions/common';
import { downloadArtifactDirectory, getModelVersionDownloadUri, type MlflowHttp } from '@mlops-actions/mlflow';
import { cachedModelDirectory, type ModelDirectory } from '@mlops-actions/model-format';

/** A version's model directory from the registry, downloaded once into the cache folder and checked. */
export async function fetchModel(
  http: MlflowHttp,
  name: string,
  version: number,
  cacheDir: string,
  logger: Logger,
): Promise<ModelDirectory> {
  return cachedModelDirectory(
    cacheDir,
    name,
    version,
    async (dir) => downloadArtifactDirectory(http, await getModelVersionDownloadUri(http, name, version), '', dir),
    (line) => logger.info(line),
  );
}
