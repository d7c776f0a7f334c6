import { ConfigurationError } from '@mlops-actions/common';
import type { ImagePreprocessing, Preprocessing } from '@mlops-actions/model-format';
import type { Dataset } from './datasets/dataset.js';
import { quotedColumns } from './datasets/table.js';

/** Raw 0–255 pixels (C×H×W per item) to the model's input: divided by pixel_scale, then per channel (x − mean) / std. */
export function preprocessBatch(pixels: Uint8Array, preprocessing: ImagePreprocessing): Float32Array {
  const [channels, height, width] = preprocessing.shape;
  const plane = height * width;
  const out = new Float32Array(pixels.length);
  const scale = 1 / preprocessing.pixelScale;
  for (let start = 0; start < pixels.length; start += channels * plane) {
    for (let c = 0; c < channels; c++) {
      const mean = preprocessing.mean[c]!;
      const inverseStd = 1 / preprocessing.std[c]!;
      const base = start + c * plane;
      for (let p = base; p < base + plane; p++) out[p] = (pixels[p]! * scale - mean) * inverseStd;
    }
  }
  return out;
}

/**
 * Items [start, end) of the test set as the model's input tensor: images read in the model's shape and normalised,
 * or table rows of the model's `features` in its order. A model and test set of different kinds are refused.
 */
export async function modelInput(
  dataset: Dataset,
  preprocessing: Preprocessing,
  start: number,
  end: number,
): Promise<{ data: Float32Array; dims: number[] }> {
  const count = end - start;
  if (preprocessing.kind === 'table') {
    if (dataset.kind !== 'table')
      throw kindMismatch(
        dataset,
        'a table model (preprocessing.json kind "table")',
        "a table test set: 'csv:<path>', 'parquet:<path>' or 'npy:<folder>' of rows",
      );
    const missing = preprocessing.features.filter((feature) => !dataset.columns.includes(feature));
    if (missing.length > 0)
      throw new ConfigurationError(
        `the test set '${dataset.name}' lacks the model's feature column${missing.length === 1 ? '' : 's'} ` +
          `${quotedColumns(missing)} (preprocessing.json 'features'); its columns: ${quotedColumns(dataset.columns)}`,
        { subject: 'dataset', inputs: ['dataset'] },
      );
    return { data: await dataset.readFeatures(start, end, preprocessing.features), dims: [count, preprocessing.features.length] };
  }
  if (dataset.kind !== 'image')
    throw kindMismatch(
      dataset,
      'an image model',
      "an image test set: 'cifar10', 'mnist', 'image-folder:<path>' or 'npy:<folder>' of images",
    );
  const pixels = await dataset.read(start, end, preprocessing.shape);
  return { data: preprocessBatch(pixels, preprocessing), dims: [count, ...preprocessing.shape] };
}

function kindMismatch(dataset: Dataset, model: string, wanted: string): ConfigurationError {
  return new ConfigurationError(
    `the test set '${dataset.name}' holds ${dataset.kind === 'table' ? 'table rows' : 'images'}, but the model is ${model}: use ${wanted}`,
    { subject: 'dataset', inputs: ['dataset'] },
  );
}
