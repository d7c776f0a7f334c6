import { inputError, type Logger } from '@mlops-actions/common';
import { cifar10TestSet } from './cifar10.js';
import { csvDataset } from './csv.js';
import type { Dataset } from './dataset.js';
import { imageFolderDataset } from './image-folder.js';
import { mnistTestSet } from './mnist.js';
import { npyDataset } from './npy.js';
import { parquetDataset } from './parquet.js';

export interface DatasetOptions {
  /** Where downloads are kept between runs (the folder the Actions cache saves). */
  cacheDir: string;
  logger: Logger;
  fetch?: typeof fetch;
  /** A mirror of the CIFAR-10 archive and its MD5. */
  cifar10Source?: { url: string; md5: string };
  /** The input that names the test set, for messages (default `dataset`). */
  input?: string;
  /** The column of a table test set (`csv:`, `parquet:`) that holds each row's class (default `label`). */
  labelColumn?: string | undefined;
}

/** The label column of a table test set unless the `label-column` input names another. */
export const DEFAULT_LABEL_COLUMN = 'label';

export const DATASET_FORMS =
  "'cifar10' (downloaded), 'cifar10:<path>', 'mnist', 'image-folder:<path>', 'csv:<path>' or 'parquet:<path>' (a table with a label column), or 'npy:<folder>' (NumPy arrays: inputs.npy, labels.npy, classes.txt)";

/** Loads the test set a `dataset` input names. */
export async function loadDataset(spec: string, options: DatasetOptions): Promise<Dataset> {
  const [kind, ...rest] = spec.split(':');
  const path = rest.join(':');
  if (kind === 'mnist' && path === '') return await mnistTestSet();
  if (kind === 'cifar10')
    return cifar10TestSet({
      path: path || undefined,
      cacheDir: options.cacheDir,
      logger: options.logger,
      fetch: options.fetch,
      source: options.cifar10Source,
    });
  if (kind === 'image-folder' && path !== '') return imageFolderDataset(path);
  if (kind === 'csv' && path !== '') return csvDataset(path, options.labelColumn ?? DEFAULT_LABEL_COLUMN);
  if (kind === 'parquet' && path !== '') return parquetDataset(path, options.labelColumn ?? DEFAULT_LABEL_COLUMN);
  if (kind === 'npy' && path !== '') return npyDataset(path);
  throw inputError(options.input ?? 'dataset', `: '${spec}' is not a dataset; use ${DATASET_FORMS}`);
}
