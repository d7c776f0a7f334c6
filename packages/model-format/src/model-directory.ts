import { readFile, readdir, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { ConfigurationError } from '@mlops-actions/common';
import { inspectOnnxModel, type OnnxModelInfo } from './onnx-model.js';
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
  const input = onnx.inputs.find((candidate) => candidate.name === preprocessing.inputName);
  if (!input)
    throw new ConfigurationError(
      `${preprocessingPath}: input_name '${preprocessing.inputName}' is not an input of ${onnxPath} (its inputs: ${onnx.inputs.map((i) => i.name).join(', ')})`,
      { subject: MODEL_FILES.preprocessing },
    );
  const itemShape = input.shape.slice(1);
  if (input.shape.length !== 4 || itemShape.some((dim, i) => dim !== undefined && dim !== preprocessing.shape[i]))
    throw new ConfigurationError(
      `${preprocessingPath}: shape ${JSON.stringify(preprocessing.shape)} does not match the model input '${input.name}' of shape ${JSON.stringify(input.shape.map((d) => d ?? 'N'))} (expected [batch, C, H, W])`,
      { subject: MODEL_FILES.preprocessing },
    );
  const classes = onnx.outputs[0]!.shape.at(-1);
  if (classes !== undefined && classes !== preprocessing.labels.length)
    throw new ConfigurationError(
      `${preprocessingPath}: ${preprocessing.labels.length} labels, but the model's output '${onnx.outputs[0]!.name}' has ${classes} classes`,
      { subject: MODEL_FILES.preprocessing },
    );
  return { path: dir, onnx, preprocessing, ...(await listFiles(dir)) };
}
