import { ConfigurationError, errorMessage } from '@mlops-actions/common';

/**
 * How a model wants its input prepared (`preprocessing.json` beside `model.onnx`): trainers write it,
 * evaluation and the Space app obey it.
 */
export interface Preprocessing {
  /** The ONNX graph input that receives the image batch. */
  inputName: string;
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
  /** Class names, in the order of the model's output. */
  labels: string[];
  /** Whether the output holds logits (softmax still to apply) or probabilities; default logits. */
  output: 'logits' | 'probabilities';
  /** What the training images looked like, so an image from a person can be made to look the same; absent: none given. */
  input?: InputHints | undefined;
}

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

/** Parses and checks `preprocessing.json`; every problem names the field and what it should be. */
export function parsePreprocessing(text: string, source = 'preprocessing.json'): Preprocessing {
  const fail = (message: string): never => {
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
  const numbers = (field: string, length?: number): number[] => {
    const value = record[field];
    if (!Array.isArray(value) || value.some((item) => typeof item !== 'number' || !Number.isFinite(item)))
      return fail(`'${field}' must be an array of numbers`);
    if (length !== undefined && value.length !== length)
      return fail(`'${field}' must have ${length} entries (one per channel), got ${value.length}`);
    return value as number[];
  };

  const inputName = record.input_name;
  if (typeof inputName !== 'string' || inputName === '') fail("'input_name' must name the model's input, e.g. \"input\"");
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
  const labels = record.labels;
  if (!Array.isArray(labels) || labels.length < 2 || labels.some((label) => typeof label !== 'string'))
    fail("'labels' must list the class names (at least two), in the order of the model's output");
  if (new Set(labels as string[]).size !== (labels as string[]).length) fail("'labels' must not repeat a class name");
  const output = record.output ?? 'logits';
  if (output !== 'logits' && output !== 'probabilities')
    fail(`'output' must be "logits" or "probabilities", got ${JSON.stringify(output)}`);
  const input = parseInputHints(record.input, shape, fail);
  return {
    inputName: inputName as string,
    layout: 'NCHW',
    shape: shape as [number, number, number],
    pixelScale: pixelScale as number,
    mean,
    std,
    labels: labels as string[],
    output: output as Preprocessing['output'],
    ...(input ? { input } : {}),
  };
}

/** The JSON document for a Preprocessing, in the file's snake_case field names. */
export function renderPreprocessing(preprocessing: Preprocessing): string {
  const document = {
    input_name: preprocessing.inputName,
    layout: preprocessing.layout,
    shape: preprocessing.shape,
    pixel_scale: preprocessing.pixelScale,
    mean: preprocessing.mean,
    std: preprocessing.std,
    labels: preprocessing.labels,
    output: preprocessing.output,
    ...(preprocessing.input ? { input: { background: preprocessing.input.background, ink_box: preprocessing.input.inkBox } } : {}),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
