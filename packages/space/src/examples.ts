import sharp from 'sharp';
import type { SpaceFile } from './space-files.js';

/**
 * A labelled test set as the examples read it: the shape of evaluation's `Dataset`, which the program that deploys
 * loads (`loadDataset`) and hands over, so this package needs no dataset code of its own.
 */
export interface ExampleSource {
  /** Class names, in the order of the label numbers. */
  classes: readonly string[];
  /** The class number of every item. */
  labels: Int32Array;
  /** Items [start, end) as uint8 pixels, channel-major (C×H×W) in the requested shape. */
  read(start: number, end: number, shape: readonly [number, number, number]): Promise<Uint8Array>;
}

/** One example image of the Space: its file in the Space and its true class name. */
export interface SpaceExample {
  file: string;
  label: string;
}

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
  return sharp(interleaved, { raw: { width, height, channels: channels as 1 | 3 } })
    .png()
    .toBuffer();
}

/**
 * The example images as Space files (`examples/<n>.png`, in the model's input shape, so the page shows what the
 * model was evaluated on) and what model.json says of them.
 */
export async function exampleFiles(
  source: ExampleSource,
  shape: readonly [number, number, number],
): Promise<{ files: SpaceFile[]; examples: SpaceExample[] }> {
  if (shape[0] !== 1 && shape[0] !== 3) return { files: [], examples: [] };
  const files: SpaceFile[] = [];
  const examples: SpaceExample[] = [];
  for (const item of pickExamples(source.labels, source.classes.length)) {
    const file = `examples/${examples.length}.png`;
    files.push({ path: file, source: { content: await pngOf(await source.read(item, item + 1, shape), shape) } });
    examples.push({ file, label: source.classes[source.labels[item]!]! });
  }
  return { files, examples };
}
