// The promotion package's steps, for its tests; other packages use the index.
export { acquirePromotionLock, LEASE_MS, lockModelName, LockLostError, type LockOptions, type PromotionLock } from './lock.js';
export { promoteIfStillChampion, type PromotionOutcome, type PromotionRequest } from './promote.js';
export { EVALUATION_TAGS, evaluationExperiment, testSetComparisons } from './record.js';
export { resolveVersions, type ResolvedVersions } from './resolve.js';
export { renderAlreadyChampionSummary, renderEvaluationSummary, type EvaluationSummary } from './summary.js';
export {
  chooseShardRuns,
  decodeShard,
  encodeShard,
  mergeShards,
  parseShard,
  SHARD_ARTIFACT,
  SHARD_TAGS,
  type ShardRecord,
  type ShardRun,
} from './shards.js';
