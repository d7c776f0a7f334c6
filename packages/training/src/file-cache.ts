import { errorMessage } from '@mlops-actions/common';
import type { TrainDependencies, TrainOptions } from './session.js';

// The Actions cache around the command (datasets, downloads): a failure to restore or save only costs time.

export async function restoreCache(options: TrainOptions, deps: TrainDependencies): Promise<string | undefined> {
  if (!options.cache || !deps.fileCache) return undefined;
  try {
    const key = await deps.fileCache.restore(options.cache.paths, options.cache.key);
    deps.logger.info(key ? `cache restored (${key})` : `no cache for ${options.cache.key} yet`);
    return key;
  } catch (error) {
    deps.logger.warning(`restoring the cache failed, training without it: ${errorMessage(error)}`);
    return undefined;
  }
}

export async function saveCache(options: TrainOptions, deps: TrainDependencies): Promise<void> {
  if (!options.cache || !deps.fileCache) return;
  try {
    await deps.fileCache.save(options.cache.paths, options.cache.key);
    deps.logger.info(`cache saved (${options.cache.key})`);
  } catch (error) {
    deps.logger.warning(`saving the cache failed: ${errorMessage(error)}`);
  }
}
