export { CLASSES, IMAGE_SIZE, isTestSample, loadTestDigits, loadTrainingDigits, PIXELS, subset, type DigitSet } from './data.js';
export { accuracy, createMlp, predict, trainEpoch, type Mlp } from './mlp.js';
export { exportOnnx, INPUT_NAME, MNIST_PREPROCESSING, OUTPUT_NAME } from './onnx-export.js';
