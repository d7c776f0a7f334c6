export { renderMlmodel, type MlmodelOptions } from './mlmodel.js';
export { cachedModelDirectory, fetchModelVersion } from './model-cache.js';
export { inspectModelDirectory, MODEL_FILES, type ModelDirectory } from './model-directory.js';
export { inspectOnnxModel, type OnnxModelInfo, type OnnxTensorInfo } from './onnx-model.js';
export {
  isImagePreprocessing,
  parsePreprocessing,
  renderPreprocessing,
  type ImagePreprocessing,
  type InputHints,
  type Preprocessing,
  type TablePreprocessing,
} from './preprocessing.js';
