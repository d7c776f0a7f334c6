// What the train action, the CLI and the demo use. The pieces inside (the command runner, GPU queries, metric
// forwarding, charts, the summary) are for this package and its tests: `@mlops-actions/training/internal`.
export { train } from './train.js';
export {
  IDEMPOTENCY_TAG,
  type FileCache,
  type GpuRequirement,
  type TrainDependencies,
  type TrainOptions,
  type TrainResult,
} from './session.js';
export {
  NO_ALIAS,
  readTrainInputs,
  TRAIN_DEFAULTS,
  TRAIN_INPUTS,
  TRAIN_INPUT_SPECS,
  TRAIN_OUTPUTS,
  trainOptionsFromInputs,
  trainOutputs,
  type TrainContext,
  type TrainInputs,
} from './inputs.js';
export { lineageFromGit, lineageFromGithub, type Lineage } from './lineage.js';
