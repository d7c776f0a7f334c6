export { exportOnnx, INPUT_NAME, LABEL_OUTPUT, PROBABILITIES_OUTPUT, tablePreprocessing } from './onnx-export.js';
export { accuracy, classNumbers, fitSoftmax, predictClasses, predictProbabilities, type FitOptions, type SoftmaxModel } from './softmax.js';
export { BINARY_COLUMN, IRIS_FEATURES, irisFiles, isTestRow } from './split-iris.js';
export { readTable, sortedClasses, type Table } from './table.js';
