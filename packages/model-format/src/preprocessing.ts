import { ConfigurationError, errorMessage } from '@mlops-actions/common';

/** What every model's `preprocessing.json` says, whatever its input. */
interface CommonPreprocessing {
  /** The ONNX graph input that receives the batch. */
  inputName: string;
  /** Class names, in the order of the model's output. */
  labels: string[];
  /** Whether the output holds logits (softmax still to apply) or probabilities; default logits. */
  output: 'logits' | 'probabilities';
  /** The ONNX output to read (file field `output_name`); absent: the model's first output. */
  outputName?: string | undefined;
}

/** An image classifier's input: raw 0–255 pixels, scaled and normalised per channel (`kind` absent or `"image"`). */
export interface ImagePreprocessing extends CommonPreprocessing {
  kind: 'image';
  /** Tensor layout of that input; only `NCHW` is defined. */
  layout: 'NCHW';
  /** `[channels, height, width]` of one item. */
  shape: [number, number, number];
  /** Raw 0–255 pixel values are divided by this (usually 255). */
  pixelScale: number;
  /** Per-channel mean subtracted after scaling. */
  mean: number[];
  /** Per-channel standard deviation divided by after subtracting the mean. */
  std: number[];
  /** What the training images looked like, so an image from a person can be made to look the same; absent: none given. */
  input?: InputHints | undefined;
}

/**
 * A classifier of table rows (`kind: "table"`): the input is a float tensor [N, features.length] holding the named
 * columns as they are, in this order; any scaling lives inside the ONNX graph (as skl2onnx exports a Pipeline).
 */
export interface TablePreprocessing extends CommonPreprocessing {
  kind: 'table';
  /** The feature column names, in the order of the input's second dimension. */
  features: string[];
}

/**
 * How a model wants its input prepared (`preprocessing.json` beside `model.onnx`): trainers write it,
 * evaluation and the Space app obey it.
 */
export type Preprocessing = ImagePreprocessing | TablePreprocessing;

/** Whether the model takes images (everything about pixels applies) rather than table rows. */
export function isImagePreprocessing(preprocessing: Preprocessing): preprocessing is ImagePreprocessing {
  return preprocessing.kind === 'image';
}

/** The fields only an image model's file has: a table model's file that carries one is refused, not half-obeyed. */
const IMAGE_ONLY_FIELDS = ['layout', 'shape', 'pixel_scale', 'mean', 'std', 'input'];

/** Hints about the training images (`"input"` in the file), for images that come from people: drawings, photos. */
export interface InputHints {
  /** The background of the training images: `dark` (light ink on black, as MNIST) or `light`. */
  background?: 'dark' | 'light' | undefined;
  /**
   * The ink of every training image was fit into a square this many pixels wide, centred (MNIST: 20 in 28 × 28);
   * file field `ink_box`. Needs `background`, which says what is ink.
   */
  inkBox?: number | undefined;
}

const INPUT_HINT_FIELDS = ['background', 'ink_box'];

/** The optional `input` hints, checked strictly: a field or value this version does not know is refused, not ignored. */
function parseInputHints(value: unknown, shape: readonly number[], fail: (message: string) => never): InputHints | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return fail(`'input' must be an object such as {"background": "dark", "ink_box": 20}, got ${JSON.stringify(value)}`);
  const record = value as Record<string, unknown>;
  const unknown = Object.keys(record).filter((key) => !INPUT_HINT_FIELDS.includes(key));
  if (unknown.length > 0)
    fail(
      `'input' has the unknown field${unknown.length === 1 ? '' : 's'} ${unknown.map((key) => JSON.stringify(key)).join(', ')}: its fields are ${INPUT_HINT_FIELDS.join(' and ')}`,
    );
  const { background, ink_box: inkBox } = record;
  if (background !== undefined && background !== 'dark' && background !== 'light')
    fail(`'input.background' must be "dark" (light ink on black, as MNIST) or "light", got ${JSON.stringify(background)}`);
  const side = Math.min(shape[1]!, shape[2]!);
  if (inkBox !== undefined) {
    if (typeof inkBox !== 'number' || !Number.isInteger(inkBox) || inkBox < 1 || inkBox > side)
      fail(`'input.ink_box' must be a whole number of pixels from 1 to ${side} (the image's shorter side), got ${JSON.stringify(inkBox)}`);
    if (background === undefined) fail(`'input.ink_box' needs 'input.background': it says which pixels are ink`);
  }
  return { background, inkBox };
}

type Fail = (message: string) => never;

/** Parses and checks `preprocessing.json`; every problem names the field and what it should be. */
export function parsePreprocessing(text: string, source = 'preprocessing.json'): Preprocessing {
  const fail: Fail = (message) => {
    throw new ConfigurationError(`${source}: ${message}`, { subject: source });
  };
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    return fail(`not valid JSON (${errorMessage(error)})`);
  }
  if (typeof document !== 'object' || document === null || Array.isArray(document)) return fail('must be a JSON object');
  const record = document as Record<string, unknown>;
  const kind = record.kind ?? 'image';
  if (kind !== 'image' && kind !== 'table')
    fail(`'kind' must be "image" (the default) or "table" (a row of numeric feature columns), got ${JSON.stringify(kind)}`);
  const common = parseCommon(record, fail);
  return kind === 'table' ? { kind, ...common, ...parseTable(record, fail) } : { kind: 'image', ...common, ...parseImage(record, fail) };
}

function parseCommon(record: Record<string, unknown>, fail: Fail): CommonPreprocessing {
  const inputName = record.input_name;
  if (typeof inputName !== 'string' || inputName === '') fail("'input_name' must name the model's input, e.g. \"input\"");
  const labels = record.labels;
  if (!Array.isArray(labels) || labels.length < 2 || labels.some((label) => typeof label !== 'string'))
    fail("'labels' must list the class names (at least two), in the order of the model's output");
  if (new Set(labels as string[]).size !== (labels as string[]).length) fail("'labels' must not repeat a class name");
  const output = record.output ?? 'logits';
  if (output !== 'logits' && output !== 'probabilities')
    fail(`'output' must be "logits" or "probabilities", got ${JSON.stringify(output)}`);
  const outputName = record.output_name;
  if (outputName !== undefined && (typeof outputName !== 'string' || outputName === ''))
    fail(`'output_name' must name one of the model's outputs, e.g. "probabilities", got ${JSON.stringify(outputName)}`);
  return {
    inputName,
    labels: labels as string[],
    output,
    ...(outputName === undefined ? {} : { outputName }),
  };
}

function parseImage(record: Record<string, unknown>, fail: Fail): Omit<ImagePreprocessing, 'kind' | keyof CommonPreprocessing> {
  if (record.features !== undefined) fail(`'features' is for table models: add "kind": "table" (and drop shape, mean and std)`);
  const numbers = (field: string, length?: number): number[] => {
    const value = record[field];
    if (!Array.isArray(value) || value.some((item) => typeof item !== 'number' || !Number.isFinite(item)))
      return fail(`'${field}' must be an array of numbers`);
    if (length !== undefined && value.length !== length)
      return fail(`'${field}' must have ${length} entries (one per channel), got ${value.length}`);
    return value as number[];
  };
  const layout = record.layout ?? 'NCHW';
  if (layout !== 'NCHW') fail(`'layout' must be "NCHW", got ${JSON.stringify(layout)}`);
  const shape = numbers('shape', 3);
  if (!shape.every((dimension) => Number.isInteger(dimension) && dimension > 0))
    fail(`'shape' must be [channels, height, width] as positive whole numbers, got ${JSON.stringify(shape)}`);
  const pixelScale = record.pixel_scale ?? 255;
  if (typeof pixelScale !== 'number' || !(pixelScale > 0))
    fail("'pixel_scale' must be a positive number (raw 0-255 values are divided by it)");
  const channels = shape[0]!;
  const mean = numbers('mean', channels);
  const std = numbers('std', channels);
  if (std.some((value) => value <= 0)) fail("'std' values must be positive");
  const input = parseInputHints(record.input, shape, fail);
  return {
    layout: 'NCHW',
    shape: shape as [number, number, number],
    pixelScale,
    mean,
    std,
    ...(input ? { input } : {}),
  };
}

function parseTable(record: Record<string, unknown>, fail: Fail): Pick<TablePreprocessing, 'features'> {
  const imageOnly = IMAGE_ONLY_FIELDS.filter((field) => record[field] !== undefined);
  if (imageOnly.length > 0)
    fail(
      `${imageOnly.map((field) => `'${field}'`).join(', ')} ${imageOnly.length === 1 ? 'is' : 'are'} for image models: ` +
        'a table model takes its features as they are (put any scaling inside the ONNX graph) — remove ' +
        (imageOnly.length === 1 ? 'it' : 'them'),
    );
  const features: unknown = record.features;
  if (!Array.isArray(features) || features.length === 0)
    return fail(`'features' must list the model's input columns in input order, e.g. ["sepal_length", "sepal_width"]`);
  (features as unknown[]).forEach((feature, index) => {
    // Names reach messages, the Space's form and column look-ups: text only, and never empty.
    if (typeof feature !== 'string' || feature === '' || /\p{Cc}/u.test(feature))
      fail(`'features[${index}]' must be a non-empty column name without control characters, got ${JSON.stringify(feature)}`);
  });
  const names = features as string[];
  const repeated = names.find((feature, index) => names.indexOf(feature) !== index);
  if (repeated !== undefined) fail(`'features' names the column ${JSON.stringify(repeated)} twice`);
  return { features: names };
}

/** The JSON document for a Preprocessing, in the file's snake_case field names. */
export function renderPreprocessing(preprocessing: Preprocessing): string {
  const common = {
    input_name: preprocessing.inputName,
    labels: preprocessing.labels,
    output: preprocessing.output,
    ...(preprocessing.outputName === undefined ? {} : { output_name: preprocessing.outputName }),
  };
  const document =
    preprocessing.kind === 'table'
      ? { kind: 'table', ...common, features: preprocessing.features }
      : {
          ...common,
          layout: preprocessing.layout,
          shape: preprocessing.shape,
          pixel_scale: preprocessing.pixelScale,
          mean: preprocessing.mean,
          std: preprocessing.std,
          ...(preprocessing.input ? { input: { background: preprocessing.input.background, ink_box: preprocessing.input.inkBox } } : {}),
        };
  return `${JSON.stringify(document, null, 2)}\n`;
}
