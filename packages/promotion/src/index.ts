// What the evaluate-promote action, the CLI and the demo use. The steps inside (the lock, the compare-and-set, the
// records, the summaries) are for this package and its tests: `@mlops-actions/promotion/internal`.
export {
  evaluateAndPromote,
  evaluateShard,
  type EvaluatePromoteDependencies,
  type EvaluatePromoteOptions,
  type EvaluatePromoteResult,
  type ShardResult,
  type StepPhase,
} from './evaluate-promote.js';
export * from './control.js';
export {
  EVALUATE_DEFAULTS,
  EVALUATE_INPUTS,
  EVALUATE_INPUT_SPECS,
  EVALUATE_OUTPUTS,
  evaluateOutputs,
  GATE_SETTING_INPUTS,
  outcomeLine,
  readEvaluateInputs,
  shardOutputs,
  type EvaluateInputs,
} from './inputs.js';
