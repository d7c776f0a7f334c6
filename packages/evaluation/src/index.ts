export { CIFAR10_CLASSES, CIFAR10_SOURCE, cifar10TestSet, type Cifar10Options } from './datasets/cifar10.js';
export type { Dataset, ImageDataset, ItemShape, TableDataset } from './datasets/dataset.js';
export { imageFolderDataset } from './datasets/image-folder.js';
export { DATASET_FORMS, DEFAULT_LABEL_COLUMN, loadDataset, type DatasetOptions } from './datasets/index.js';
export { loadGroups, type ItemGroups } from './datasets/groups.js';
export { mnistTestSet } from './datasets/mnist.js';
export {
  classMapping,
  evaluateModels,
  openModel,
  predictDataset,
  PROVIDER_CHOICES,
  timeModels,
  type EvaluationTimes,
  type ModelOutcomes,
  type ModelRun,
  type ModelSession,
  type ModelTimes,
  type PredictOptions,
  type ProviderChoice,
  type TimingOptions,
} from './inference.js';
export { modelInput, preprocessBatch } from './preprocess.js';
export { datasetPart, MAX_SHARDS, shardName, shardRange, type ShardSpec } from './datasets/shard.js';
