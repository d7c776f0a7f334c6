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
