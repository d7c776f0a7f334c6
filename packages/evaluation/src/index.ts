export { CIFAR10_CLASSES, CIFAR10_SOURCE, cifar10TestSet, type Cifar10Options } from './datasets/cifar10.js';
export type { Dataset, ItemShape } from './datasets/dataset.js';
export { imageFolderDataset } from './datasets/image-folder.js';
export { DATASET_FORMS, loadDataset, type DatasetOptions } from './datasets/index.js';
export { mnistTestSet } from './datasets/mnist.js';
export {
  classMapping,
  openModel,
  predictDataset,
  PROVIDER_CHOICES,
  type ModelSession,
  type PredictOptions,
  type ProviderChoice,
} from './inference.js';
export { preprocessBatch } from './preprocess.js';
