export {
  DeployDispatchError,
  evaluateAndPromote,
  type EvaluatePromoteDependencies,
  type EvaluatePromoteOptions,
  type EvaluatePromoteResult,
} from './evaluate-promote.js';
export { acquirePromotionLock, LEASE_MS, lockModelName, LockLostError, type LockOptions, type PromotionLock } from './lock.js';
export { promoteIfStillChampion, type PromotionOutcome, type PromotionRequest } from './promote.js';
export { EVALUATION_TAGS, evaluationExperiment, testSetComparisons } from './record.js';
export { resolveVersions, type ResolvedVersions } from './resolve.js';
export { renderAlreadyChampionSummary, renderEvaluationSummary, type EvaluationSummary } from './summary.js';
export {
  EVALUATE_DEFAULTS,
  EVALUATE_INPUTS,
  EVALUATE_INPUT_SPECS,
  EVALUATE_OUTPUTS,
  evaluateOutputs,
  GATE_SETTING_INPUTS,
  outcomeLine,
  readEvaluateInputs,
  type EvaluateInputs,
} from './inputs.js';
