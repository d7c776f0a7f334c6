import * as cache from '@actions/cache';
import * as core from '@actions/core';

/** Files kept between workflow runs with actions/cache; where the runner has no cache service it warns and does nothing. */
export interface ActionsFileCache {
  restore(paths: readonly string[], key: string): Promise<string | undefined>;
  save(paths: readonly string[], key: string): Promise<void>;
}

export function actionsFileCache(): ActionsFileCache {
  const available = (): boolean => {
    if (cache.isFeatureAvailable()) return true;
    core.warning('the Actions cache service is not available on this runner: cache-paths are not cached');
    return false;
  };
  return {
    async restore(paths, key) {
      return available() ? cache.restoreCache([...paths], key) : undefined;
    },
    async save(paths, key) {
      if (available()) await cache.saveCache([...paths], key);
    },
  };
}
