// A test set of NumPy arrays (`npy:<folder>`): what a team whose test set fits none of the other kinds can write with
// `numpy.save` in a few lines. The items are never loaded whole: every batch is read from the file at its offset when
// the models need it, so a test set of many gigabytes costs a batch of memory. The .npy format is read as numpy's own
// `numpy.lib.format` documents it (versions 1.0 to 3.0); the npm readers of it take the whole file as one buffer.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigurationError, terminalText } from '@mlops-actions/common';
import { readFixedShape } from './convert.js';
import type { Dataset, ItemShape } from './dataset.js';
import { missingColumn } from './table.js';

/** The files of an `npy:` test set folder. */
export const NPY_FILES = {
  inputs: 'inputs.npy',
  labels: 'labels.npy',
  classes: 'classes.txt',
  features: 'features.txt',
} as const;

/** What an `npy:` folder holds, for messages. */
const LAYOUT =
  'inputs.npy (uint8 images N×C×H×W or N×H×W, or table rows N×F of numbers with features.txt naming the F columns), labels.npy (N class numbers) and classes.txt (a class name per line)';

const MAGIC = Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]); // \x93NUMPY

/** The element types read: little-endian numbers (every runner is little-endian). */
const TYPES = {
  u1: { bytes: 1, read: (view: DataView, at: number) => view.getUint8(at) },
  i1: { bytes: 1, read: (view: DataView, at: number) => view.getInt8(at) },
  u2: { bytes: 2, read: (view: DataView, at: number) => view.getUint16(at, true) },
  i2: { bytes: 2, read: (view: DataView, at: number) => view.getInt16(at, true) },
  u4: { bytes: 4, read: (view: DataView, at: number) => view.getUint32(at, true) },
  i4: { bytes: 4, read: (view: DataView, at: number) => view.getInt32(at, true) },
  u8: { bytes: 8, read: (view: DataView, at: number) => Number(view.getBigUint64(at, true)) },
  i8: { bytes: 8, read: (view: DataView, at: number) => Number(view.getBigInt64(at, true)) },
  f4: { bytes: 4, read: (view: DataView, at: number) => view.getFloat32(at, true) },
  f8: { bytes: 8, read: (view: DataView, at: number) => view.getFloat64(at, true) },
} as const;
type TypeCode = keyof typeof TYPES;

/** A .npy file's header: its element type, its shape, and where its data starts. */
export interface NpyHeader {
  type: TypeCode;
  shape: number[];
  dataOffset: number;
}

function npyError(message: string): ConfigurationError {
  return new ConfigurationError(message, { subject: 'dataset', inputs: ['dataset'] });
}

/**
 * Reads and checks a .npy file's header: the magic string, a version numpy writes (1.0, 2.0, 3.0), a dictionary with
 * `descr`, `fortran_order` and `shape`, and a file exactly as long as the header and the shape's data.
 */
export async function readNpyHeader(path: string): Promise<NpyHeader> {
  const shown = terminalText(path);
  let file;
  try {
    file = await open(path, 'r');
  } catch (error) {
    throw npyError(
      `${shown} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}); an npy: test set folder holds ${LAYOUT}`,
    );
  }
  try {
    const { size } = await file.stat();
    const preamble = Buffer.alloc(12);
    await file.read(preamble, 0, 12, 0);
    if (!preamble.subarray(0, 6).equals(MAGIC)) throw npyError(`${shown} is not a .npy file (numpy.save writes them)`);
    const major = preamble[6]!;
    if (major < 1 || major > 3) throw npyError(`${shown} is .npy version ${major}.${preamble[7]}, which is not 1.0, 2.0 or 3.0`);
    const [lengthBytes, headerLength] = major === 1 ? [2, preamble.readUInt16LE(8)] : [4, preamble.readUInt32LE(8)];
    const start = 8 + lengthBytes;
    if (headerLength > 65_536 || start + headerLength > size) throw npyError(`${shown}: its header is cut short or implausibly long`);
    const text = Buffer.alloc(headerLength);
    await file.read(text, 0, headerLength, start);
    const header = parseHeader(text.toString(major === 3 ? 'utf8' : 'latin1'), shown);
    const dataOffset = start + headerLength;
    const expected = dataOffset + header.shape.reduce((product, length) => product * length, 1) * TYPES[header.type].bytes;
    if (size !== expected)
      throw npyError(
        `${shown} is ${size} bytes, and its header (shape (${header.shape.join(', ')}) of ${header.type}) says ${expected}: ` +
          `${size < expected ? 'it is cut short' : 'it has bytes after its data'}; save it again with numpy.save`,
      );
    return { ...header, dataOffset };
  } finally {
    await file.close();
  }
}

function parseHeader(text: string, shown: string): Omit<NpyHeader, 'dataOffset'> {
  const descr = /'descr'\s*:\s*'([<>|=]?)([a-zA-Z])(\d+)'/.exec(text);
  const order = /'fortran_order'\s*:\s*(True|False)\b/.exec(text);
  const shape = /'shape'\s*:\s*\(([\d\s,]*)\)/.exec(text);
  if (!text.trimStart().startsWith('{') || !descr || !order || !shape)
    throw npyError(`${shown}: its header is not numpy's dictionary of 'descr', 'fortran_order' and 'shape'`);
  const [, byteOrder, kind, size] = descr;
  const type = `${kind}${size}`;
  if (!(type in TYPES))
    throw npyError(
      `${shown} holds '${terminalText(type)}' elements: use unsigned or signed integers of 1–8 bytes or floats of 4 or 8 bytes`,
    );
  if (byteOrder === '>' && TYPES[type as TypeCode].bytes > 1)
    throw npyError(`${shown} is big-endian: save it little-endian, e.g. numpy.save(path, array.astype(array.dtype.newbyteorder('<')))`);
  if (order[1] === 'True')
    throw npyError(`${shown} is stored in Fortran (column-major) order: save numpy.ascontiguousarray(array) instead`);
  const lengths = shape[1]!
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
  if (!lengths.every((part) => /^\d{1,12}$/.test(part))) throw npyError(`${shown}: its shape is not a tuple of lengths`);
  return { type: type as TypeCode, shape: lengths.map(Number) };
}

/** Lines of a small text file (classes.txt, features.txt): trailing carriage returns and a last empty line dropped. */
async function readLines(path: string, what: string): Promise<string[]> {
  let text;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw npyError(
      `${terminalText(path)} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}): it names ${what}, one per line; an npy: test set folder holds ${LAYOUT}`,
    );
  }
  const lines = text.split('\n').map((line) => line.replace(/\r$/, ''));
  if (lines.at(-1) === '') lines.pop();
  const empty = lines.findIndex((line) => line.trim() === '');
  if (empty >= 0) throw npyError(`${terminalText(path)}, line ${empty + 1}, is empty: it names ${what}, one per line`);
  const twice = lines.find((line, i) => lines.indexOf(line) !== i);
  if (twice !== undefined) throw npyError(`${terminalText(path)} names '${terminalText(twice)}' twice`);
  return lines;
}

/** Bytes [position, position + length) of a file, read now: a file that shrank since it was checked is an error. */
async function readRange(path: string, position: number, length: number): Promise<Buffer> {
  const file = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await file.read(buffer, 0, length, position);
    if (bytesRead !== length) throw npyError(`${terminalText(path)} changed while it was read: it is shorter than when it was opened`);
    return buffer;
  } finally {
    await file.close();
  }
}

/** The SHA-256 of the classes, the labels and the inputs file, streamed: the same test set, the same fingerprint. */
async function fingerprintOf(classes: readonly string[], labelBytes: Buffer, inputsPath: string): Promise<string> {
  const digest = createHash('sha256')
    .update(`npy\n${JSON.stringify(classes)}\n`)
    .update(labelBytes);
  for await (const chunk of createReadStream(inputsPath, { highWaterMark: 4 * 1024 * 1024 })) digest.update(chunk as Buffer);
  return digest.digest('hex');
}

/**
 * The `npy:<folder>` test set: images (uint8, N×C×H×W or N×H×W) or table rows (numbers, N×F, with features.txt), with
 * labels.npy and classes.txt. Labels are read up front (N numbers); items are read from disk batch by batch.
 */
export async function npyDataset(folder: string): Promise<Dataset> {
  const name = `npy:${folder}`;
  const path = (file: string): string => join(folder, file);
  const classes = await readLines(path(NPY_FILES.classes), 'the classes in the order of their numbers');
  if (classes.length < 2)
    throw npyError(`${terminalText(path(NPY_FILES.classes))} names ${classes.length} class: a test set needs at least two`);
  const labelsHeader = await readNpyHeader(path(NPY_FILES.labels));
  const labelsShown = terminalText(path(NPY_FILES.labels));
  if (labelsHeader.shape.length !== 1 || labelsHeader.type.startsWith('f'))
    throw npyError(
      `${labelsShown} must be one integer class number per item (shape (N,)); it is ${labelsHeader.type} of shape (${labelsHeader.shape.join(', ')})`,
    );
  const items = labelsHeader.shape[0]!;
  const labelBytes = await readRange(path(NPY_FILES.labels), labelsHeader.dataOffset, items * TYPES[labelsHeader.type].bytes);
  const labelView = new DataView(labelBytes.buffer, labelBytes.byteOffset, labelBytes.length);
  const labels = new Int32Array(items);
  for (let i = 0; i < items; i++) {
    const label = TYPES[labelsHeader.type].read(labelView, i * TYPES[labelsHeader.type].bytes);
    if (!(label >= 0 && label < classes.length))
      throw npyError(
        `${labelsShown}, item ${i}: class number ${label} is not one of the ${classes.length} in classes.txt (0–${classes.length - 1})`,
      );
    labels[i] = label;
  }
  const inputsPath = path(NPY_FILES.inputs);
  const inputs = await readNpyHeader(inputsPath);
  const inputsShown = terminalText(inputsPath);
  if (inputs.shape[0] !== items)
    throw npyError(`${inputsShown} holds ${inputs.shape[0] ?? 0} items and labels.npy ${items}: one label per item`);
  const common = { name, classes, labels, fingerprint: await fingerprintOf(classes, labelBytes, inputsPath) };
  const itemShape = inputs.shape.slice(1);

  if (itemShape.length === 1) {
    const width = itemShape[0]!;
    const features = await readLines(path(NPY_FILES.features), `the ${width} feature columns of inputs.npy`);
    if (features.length !== width)
      throw npyError(`${terminalText(path(NPY_FILES.features))} names ${features.length} columns, and inputs.npy rows hold ${width}`);
    const type = TYPES[inputs.type];
    const rowBytes = width * type.bytes;
    const readRows = async (start: number, end: number, names: readonly string[]): Promise<Float32Array> => {
      const indices = names.map((column) => {
        const index = features.indexOf(column);
        if (index < 0) throw missingColumn(path(NPY_FILES.features), column, features, 'a feature of the model');
        return index;
      });
      const bytes = await readRange(inputsPath, inputs.dataOffset + start * rowBytes, (end - start) * rowBytes);
      const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
      const out = new Float32Array((end - start) * names.length);
      for (let row = 0; row < end - start; row++)
        for (let k = 0; k < indices.length; k++) {
          const value = type.read(view, row * rowBytes + indices[k]! * type.bytes);
          if (!Number.isFinite(value))
            throw npyError(`${inputsShown}, item ${start + row}, column '${terminalText(names[k]!)}': ${value} is not a finite number`);
          out[row * names.length + k] = value;
        }
      return out;
    };
    return {
      ...common,
      kind: 'table',
      columns: features,
      readFeatures: readRows,
      async readColumn(column) {
        if (!features.includes(column)) return undefined;
        const texts: string[] = [];
        for (let start = 0; start < items; start += 65_536) {
          const values = await readRows(start, Math.min(items, start + 65_536), [column]);
          for (const value of values) texts.push(String(value));
        }
        return texts;
      },
    };
  }

  if (itemShape.length !== 2 && itemShape.length !== 3) throw npyError(`${inputsShown} has shape (${inputs.shape.join(', ')}): ${LAYOUT}`);
  if (inputs.type !== 'u1')
    throw npyError(
      `${inputsShown} holds images of ${inputs.type}: images are raw 0–255 pixels, uint8 (the model's preprocessing.json scales and normalises them)`,
    );
  const native = (itemShape.length === 2 ? [1, itemShape[0]!, itemShape[1]!] : itemShape) as unknown as ItemShape;
  const itemBytes = native[0] * native[1] * native[2];
  return {
    ...common,
    kind: 'image',
    async read(start, end, shape) {
      const bytes = await readRange(inputsPath, inputs.dataOffset + start * itemBytes, (end - start) * itemBytes);
      return await readFixedShape(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length), native, 0, end - start, shape);
    },
  };
}
