export { publishToFolder, readSource, type PublishReport } from './folder.js';
export {
  defaultAppDir,
  MANIFEST,
  onnxruntimeWebDir,
  renderReadme,
  spaceFiles,
  type SpaceFile,
  type SpaceModelData,
} from './space-files.js';
export { exampleFiles, MAX_EXAMPLES, pickExamples, type ExampleSource, type SpaceExample } from './examples.js';
export type { SpaceCalibration, SpaceCalibrationFigure, SpaceClause, SpaceGate, SpaceLink, SpaceLinks } from './card.js';
export { serveSpace, type SpaceServer } from './serve.js';
export { gitBlobSha1, publishToHub, type HubPublishReport, type HubTarget } from './hub.js';
export { deployModel, type DeployDependencies, type DeployOptions, type DeployResult, type DeployTarget } from './deploy.js';
export {
  DEPLOY_DEFAULTS,
  DEPLOY_INPUTS,
  DEPLOY_INPUT_SPECS,
  DEPLOY_OUTPUTS,
  deployOutputs,
  readDeployInputs,
  type DeployContext,
} from './inputs.js';
