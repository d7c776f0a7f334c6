import { readFile, readdir, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { ConfigurationError } from '@mlops-actions/common';
import { inspectOnnxModel, type OnnxModelInfo, type OnnxTensorInfo } from './onnx-model.js';
import { parsePreprocessing, type Preprocessing } from './preprocessing.js';

/** The file names of the model directory contract. */
export const MODEL_FILES = { onnx: 'model.onnx', preprocessing: 'preprocessing.json', mlmodel: 'MLmodel' } as const;

export interface ModelDirectory {
  path: string;
  onnx: OnnxModelInfo;
  preprocessing: Preprocessing;
  /** Every file, relative to the directory, with '/' separators. */
  files: string[];
  /** Total bytes of the directory's files. */
  sizeBytes: number;
}

async function listFiles(path: string): Promise<{ files: string[]; sizeBytes: number }> {
  const files: string[] = [];
  let sizeBytes = 0;
  for (const entry of await readdir(path, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const full = join(entry.parentPath, entry.name);
    files.push(relative(path, full).split(sep).join('/'));
    sizeBytes += (await stat(full)).size;
  }
  return { files: files.sort(), sizeBytes };
}

async function readRequired(dir: string, file: string, hint: string): Promise<Buffer> {
  try {
    return await readFile(join(dir, file));
  } catch {
    throw new ConfigurationError(`${join(dir, file)} is missing: ${hint}`, { subject: file });
  }
}

/**
 * Reads and checks a model directory: `model.onnx` decodes as an ONNX graph, `preprocessing.json` is valid,
 * and the two agree (input name, item shape, number of classes).
 */
export async function inspectModelDirectory(dir: string): Promise<ModelDirectory> {
  try {
    if (!(await stat(dir)).isDirectory()) throw new Error('not a directory');
  } catch {
    throw new ConfigurationError(
      `the model directory '${dir}' does not exist: the trainer must write ${MODEL_FILES.onnx} and ${MODEL_FILES.preprocessing} there (input 'model-dir')`,
      { subject: 'model-dir', inputs: ['model-dir'] },
    );
  }
  const onnxPath = join(dir, MODEL_FILES.onnx);
  const onnx = inspectOnnxModel(
    await readRequired(dir, MODEL_FILES.onnx, 'the trainer must export its model there in ONNX format'),
    onnxPath,
  );
  const preprocessingPath = join(dir, MODEL_FILES.preprocessing);
  const preprocessing = parsePreprocessing(
    (
      await readRequired(dir, MODEL_FILES.preprocessing, 'the trainer must describe the input (input_name, shape, mean, std, labels) there')
    ).toString('utf8'),
    preprocessingPath,
  );
  const fail = (message: string): never => {
    throw new ConfigurationError(`${preprocessingPath}: ${message}`, { subject: MODEL_FILES.preprocessing });
  };
  const input = onnx.inputs.find((candidate) => candidate.name === preprocessing.inputName);
  if (!input)
    return fail(
      `input_name '${preprocessing.inputName}' is not an input of ${onnxPath} (its inputs: ${onnx.inputs.map((i) => i.name).join(', ')})`,
    );
  const inputShape = JSON.stringify(input.shape.map((d) => d ?? 'N'));
  if (preprocessing.kind === 'table') {
    if (input.shape.length !== 2 || (input.shape[1] !== undefined && input.shape[1] !== preprocessing.features.length))
      fail(
        `${preprocessing.features.length} features, but the model input '${input.name}' has shape ${inputShape} (expected [batch, ${preprocessing.features.length}])`,
      );
    if (input.dtype !== 'float32')
      fail(`the model input '${input.name}' is ${input.dtype}: table models are fed float32 features (export with FloatTensorType)`);
  } else {
    const itemShape = input.shape.slice(1);
    if (input.shape.length !== 4 || itemShape.some((dim, i) => dim !== undefined && dim !== preprocessing.shape[i]))
      fail(
        `shape ${JSON.stringify(preprocessing.shape)} does not match the model input '${input.name}' of shape ${inputShape} (expected [batch, C, H, W])`,
      );
  }
  const output = modelOutput(onnx, preprocessing, onnxPath, fail);
  const classes = output.shape.at(-1);
  if (classes !== undefined && classes !== preprocessing.labels.length)
    fail(`${preprocessing.labels.length} labels, but the model's output '${output.name}' has ${classes} classes`);
  return { path: dir, onnx, preprocessing, ...(await listFiles(dir)) };
}

/**
 * The output evaluation reads: `output_name`, or the first output. It must be a float tensor of scores
 * [batch, classes]; scikit-learn exporters' ZipMap output (a sequence of maps) and `label` output are not.
 */
function modelOutput(
  onnx: OnnxModelInfo,
  preprocessing: Preprocessing,
  onnxPath: string,
  fail: (message: string) => never,
): OnnxTensorInfo {
  const names = onnx.outputs.map((o) => `'${o.name}'`).join(', ');
  const output = preprocessing.outputName === undefined ? onnx.outputs[0]! : onnx.outputs.find((o) => o.name === preprocessing.outputName);
  if (!output) return fail(`output_name '${preprocessing.outputName}' is not an output of ${onnxPath} (its outputs: ${names})`);
  if (output.dtype === 'sequence' || output.dtype === 'map')
    fail(
      `the model's output '${output.name}' is a ZipMap (a sequence of maps), not a tensor of probabilities: export the classifier ` +
        "with zipmap=False (skl2onnx: options={id(model): {'zipmap': False}}) so it has a float tensor [batch, classes]",
    );
  // An output without a declared shape (rank 0 here) is let through: onnxruntime checks what it holds at evaluation.
  if (!output.dtype.startsWith('float') || (output.shape.length > 0 && output.shape.length !== 2)) {
    const other = onnx.outputs.find((o) => o !== output && o.dtype.startsWith('float') && o.shape.length === 2);
    fail(
      `the model's output '${output.name}' (${output.dtype} ${JSON.stringify(output.shape.map((d) => d ?? 'N'))}) is not a float tensor ` +
        `[batch, classes] of scores${other ? `: set "output_name": "${other.name}"` : ` (its outputs: ${names})`}`,
    );
  }
  return output;
}
