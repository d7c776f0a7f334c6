import { isImagePreprocessing, type Preprocessing } from '@mlops-actions/model-format';
import { importExternal } from '@mlops-actions/common';
import type Sharp from 'sharp';
import type { SpaceFile } from './space-files.js';

/**
 * A labelled test set as the examples read it: the shape of evaluation's `Dataset`, which the program that deploys
 * loads (`loadDataset`) and hands over, so this package needs no dataset code of its own.
 */
interface LabelledItems {
  /** Class names, in the order of the label numbers. */
  classes: readonly string[];
  /** The class number of every item. */
  labels: Int32Array;
}

/** A test set of images (`kind` absent or `image`). */
export interface ImageExampleSource extends LabelledItems {
  kind?: 'image';
  /** Items [start, end) as uint8 pixels, channel-major (C×H×W) in the requested shape. */
  read(start: number, end: number, shape: readonly [number, number, number]): Promise<Uint8Array>;
}

/** A test set of table rows (`csv:` or `parquet:`). */
export interface TableExampleSource extends LabelledItems {
  kind: 'table';
  /** Every column but the label column. */
  columns: readonly string[];
  /** Rows [start, end) of the named columns as numbers, row-major. */
  readFeatures(start: number, end: number, features: readonly string[]): Promise<Float32Array>;
}

export type ExampleSource = ImageExampleSource | TableExampleSource;

/** One example image of the Space: its file in the Space and its true class name. */
export interface SpaceImageExample {
  file: string;
  label: string;
}

/** One example row of the Space: its feature values, in the model's `features` order, and its true class name. */
export interface SpaceTableExample {
  values: number[];
  label: string;
}

export type SpaceExample = SpaceImageExample | SpaceTableExample;

/** How many examples the page shows at most: a row of buttons, not a gallery. */
export const MAX_EXAMPLES = 10;

/**
 * Which items to show, the same ones on every deploy: the first item of each class in label order, then the second
 * of each, and so on, until `count` (one per class where there are that many classes).
 */
export function pickExamples(labels: Int32Array, classes: number, count = MAX_EXAMPLES): number[] {
  const byClass: number[][] = Array.from({ length: classes }, () => []);
  labels.forEach((label, item) => {
    if (label >= 0 && label < classes && byClass[label]!.length < count) byClass[label]!.push(item);
  });
  const picked: number[] = [];
  for (let round = 0; picked.length < count && byClass.some((items) => items.length > round); round++)
    for (const items of byClass) if (round < items.length && picked.length < count) picked.push(items[round]!);
  return picked;
}

/** C×H×W uint8 pixels (1 or 3 channels) as a PNG. */
async function pngOf(pixels: Uint8Array, [channels, height, width]: readonly [number, number, number]): Promise<Buffer> {
  const interleaved = new Uint8Array(pixels.length);
  const plane = height * width;
  for (let p = 0; p < plane; p++) for (let c = 0; c < channels; c++) interleaved[p * channels + c] = pixels[c * plane + p]!;
  const { default: sharp } = await importExternal<{ default: typeof Sharp }>('sharp');
  return sharp(interleaved, { raw: { width, height, channels: channels as 1 | 3 } })
    .png()
    .toBuffer();
}

/**
 * A float32 value as the shortest decimal that is the same float32 (5.1, not 5.099999904632812): what the page's form
 * shows, and what it gives the model back unchanged.
 */
export function shortestFloat32(value: number): number {
  for (let digits = 1; digits < 9; digits++) {
    const shorter = Number(value.toPrecision(digits));
    if (Math.fround(shorter) === value) return shorter;
  }
  return value;
}

/** Why a test set gives the model no examples (another kind of input, a shape the page cannot show), or undefined. */
export function whyNoExamples(source: ExampleSource, preprocessing: Preprocessing): string | undefined {
  const sourceKind = source.kind === 'table' ? 'table rows' : 'images';
  if (isImagePreprocessing(preprocessing) !== (source.kind !== 'table'))
    return `it holds ${sourceKind}, and the model takes ${isImagePreprocessing(preprocessing) ? 'images' : 'table rows'}`;
  if (isImagePreprocessing(preprocessing) && preprocessing.shape[0] !== 1 && preprocessing.shape[0] !== 3)
    return `the model takes ${preprocessing.shape[0]} channels (examples are made for 1 or 3)`;
  if (source.kind === 'table' && !isImagePreprocessing(preprocessing)) {
    const missing = preprocessing.features.filter((feature) => !source.columns.includes(feature));
    if (missing.length > 0) return `it has no column ${missing.map((name) => JSON.stringify(name)).join(', ')} of the model's features`;
  }
  return undefined;
}

type Examples = { files: SpaceFile[]; examples: SpaceExample[] };

async function imageExamples(source: ImageExampleSource, shape: readonly [number, number, number]): Promise<Examples> {
  const made: Examples = { files: [], examples: [] };
  for (const item of pickExamples(source.labels, source.classes.length)) {
    const file = `examples/${made.examples.length}.png`;
    made.files.push({ path: file, source: { content: await pngOf(await source.read(item, item + 1, shape), shape) } });
    made.examples.push({ file, label: source.classes[source.labels[item]!]! });
  }
  return made;
}

async function tableExamples(source: TableExampleSource, features: readonly string[]): Promise<Examples> {
  const made: Examples = { files: [], examples: [] };
  for (const item of pickExamples(source.labels, source.classes.length)) {
    const values = Array.from(await source.readFeatures(item, item + 1, features), shortestFloat32);
    made.examples.push({ values, label: source.classes[source.labels[item]!]! });
  }
  return made;
}

/**
 * The examples of the Space and what model.json says of them: for an image model, PNG files (`examples/<n>.png`, in
 * the model's input shape, so the page shows what the model was evaluated on); for a table model, the rows' values,
 * which the page fills into its form. None when the test set cannot give the model examples (see whyNoExamples).
 */
export async function exampleFiles(source: ExampleSource, preprocessing: Preprocessing): Promise<Examples> {
  if (whyNoExamples(source, preprocessing) !== undefined) return { files: [], examples: [] };
  if (source.kind === 'table')
    return isImagePreprocessing(preprocessing) ? { files: [], examples: [] } : tableExamples(source, preprocessing.features);
  return isImagePreprocessing(preprocessing) ? imageExamples(source, preprocessing.shape) : { files: [], examples: [] };
}
