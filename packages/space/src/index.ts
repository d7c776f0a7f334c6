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
export { serveSpace, type SpaceServer } from './serve.js';
export { gitBlobSha1, publishToHub, type HubPublishReport, type HubTarget } from './hub.js';
export { deployModel, type DeployOptions, type DeployResult, type DeployTarget } from './deploy.js';
export { DEPLOY_DEFAULTS, DEPLOY_INPUTS, DEPLOY_INPUT_SPECS, DEPLOY_OUTPUTS, deployOutputs, readDeployInputs } from './inputs.js';
