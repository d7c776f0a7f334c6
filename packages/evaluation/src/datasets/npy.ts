// A test set of NumPy arrays (`npy:<folder>`): what a team whose test set fits none of the other kinds can write with
// `numpy.save` in a few lines. The items are never loaded whole: every batch is read from the file at its offset when
// the models need it, so a test set of many gigabytes costs a batch of memory. The .npy format is read as numpy's own
// `numpy.lib.format` documents it (versions 1.0 to 3.0); the npm readers of it take the whole file as one buffer.
import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
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

/** The most items an `npy:` test set may have: labels are read up front, 4 bytes an item once read. */
const MAX_ITEMS = 2 ** 28;
/** The most bytes one image of an `npy:` test set may have (a batch holds many). */
const MAX_ITEM_BYTES = 64 * 1024 * 1024;
/** The largest classes.txt or features.txt read. */
const MAX_TEXT_BYTES = 16 * 1024 * 1024;
/** The most bytes one read asks for: Node refuses reads of 2 GiB and more. */
const READ_CHUNK = 1024 * 1024 * 1024;

/**
 * Opens a file of the folder for reading, refusing anything but a regular file: opened without blocking (a FIFO would
 * otherwise wait for a writer forever), then checked with fstat (a directory, a device).
 */
async function openRegular(path: string, what: string): Promise<FileHandle> {
  let file;
  try {
    file = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    throw npyError(
      `${terminalText(path)} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}): ${what}; an npy: test set folder holds ${LAYOUT}`,
    );
  }
  if (!(await file.stat()).isFile()) {
    await file.close();
    throw npyError(`${terminalText(path)} is not a regular file: ${what}`);
  }
  return file;
}

/** Bytes [position, position + length) of an open file; fewer bytes than that (the file shrank) is an error. */
async function readExactly(file: FileHandle, path: string, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  // One read may return less than asked, and Node reads at most 2 GiB a call: read until done or the end.
  for (let done = 0; done < length;) {
    const { bytesRead } = await file.read(buffer, done, Math.min(READ_CHUNK, length - done), position + done);
    if (bytesRead === 0) throw npyError(`${terminalText(path)} changed while it was read: it is shorter than when it was opened`);
    done += bytesRead;
  }
  return buffer;
}

/**
 * Reads and checks a .npy file's header: the magic string, a version numpy writes (1.0, 2.0, 3.0), numpy's dictionary
 * of exactly `descr`, `fortran_order` and `shape`, and a file exactly as long as the header and the shape's data.
 */
export async function readNpyHeader(path: string, what: string): Promise<NpyHeader> {
  const shown = terminalText(path);
  const file = await openRegular(path, what);
  try {
    const { size } = await file.stat();
    const preamble = await readExactly(file, path, 0, Math.min(12, size));
    if (size < 6 || !preamble.subarray(0, 6).equals(MAGIC)) throw npyError(`${shown} is not a .npy file (numpy.save writes them)`);
    if (size < 12) throw npyError(`${shown}: its header is cut short or implausibly long`);
    const [major, minor] = [preamble[6]!, preamble[7]!];
    if (major < 1 || major > 3 || minor !== 0) throw npyError(`${shown} is .npy version ${major}.${minor}, which is not 1.0, 2.0 or 3.0`);
    const [lengthBytes, headerLength] = major === 1 ? [2, preamble.readUInt16LE(8)] : [4, preamble.readUInt32LE(8)];
    const start = 8 + lengthBytes;
    if (headerLength > 65_536 || start + headerLength > size) throw npyError(`${shown}: its header is cut short or implausibly long`);
    const text = (await readExactly(file, path, start, headerLength)).toString(major === 3 ? 'utf8' : 'latin1');
    const header = parseHeader(text, shown);
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

/** One value of the header dictionary: a string, True or False, or a tuple of lengths. */
const HEADER_VALUE = String.raw`'[^'\\]*'|True|False|\([^()']*\)`;
const HEADER_ENTRY = new RegExp(String.raw`\s*'(\w+)'\s*:\s*(${HEADER_VALUE})\s*(,|$)`, 'y');

/**
 * numpy.save's header dictionary, parsed whole: `{'descr': …, 'fortran_order': …, 'shape': (…), }` (the last comma
 * optional) and nothing else, each key once, then spaces to the newline; a shape of one length needs its comma, as in
 * Python. Whatever this reads, numpy reads the same way; what it refuses, numpy.save never writes.
 */
function parseHeader(text: string, shown: string): Omit<NpyHeader, 'dataOffset'> {
  const refuse = (why: string): never => {
    throw npyError(`${shown}: its header is not numpy's dictionary of 'descr', 'fortran_order' and 'shape' (${why})`);
  };
  const body = /^\{([^{}]*)\}\s*$/.exec(text.replace(/\n$/, ''));
  if (!body) return refuse('no {…} of its own');
  const entries = new Map<string, string>();
  HEADER_ENTRY.lastIndex = 0;
  const inner = body[1]!;
  while (HEADER_ENTRY.lastIndex < inner.trimEnd().length) {
    const at = HEADER_ENTRY.lastIndex;
    const entry = HEADER_ENTRY.exec(inner);
    if (!entry || entry.index !== at) return refuse(`unreadable after character ${at}`);
    const [, key, value] = entry;
    if (!['descr', 'fortran_order', 'shape'].includes(key!)) refuse(`an unknown key '${terminalText(key!)}'`);
    if (entries.has(key!)) refuse(`'${key}' twice`);
    entries.set(key!, value!);
    if (entry[3] !== ',') break;
  }
  const [descrText, order, shapeText] = [entries.get('descr'), entries.get('fortran_order'), entries.get('shape')];
  if (descrText === undefined || order === undefined || shapeText === undefined) return refuse('a key missing');
  const descr = /^'([<>|=]?)([a-zA-Z])(\d+)'$/.exec(descrText);
  const type = descr ? `${descr[2]}${descr[3]}` : descrText.slice(1, -1);
  if (!descr || !(type in TYPES))
    throw npyError(
      `${shown} holds '${terminalText(type)}' elements: use unsigned or signed integers of 1–8 bytes or floats of 4 or 8 bytes`,
    );
  if (descr[1] === '>' && TYPES[type as TypeCode].bytes > 1)
    throw npyError(`${shown} is big-endian: save it little-endian, e.g. numpy.save(path, array.astype(array.dtype.newbyteorder('<')))`);
  if (order === 'True') throw npyError(`${shown} is stored in Fortran (column-major) order: save numpy.ascontiguousarray(array) instead`);
  if (order !== 'False') refuse('fortran_order is not True or False');
  const tuple = shapeText.slice(1, -1).trim();
  // `(15)` is the number 15 in Python, not a shape: numpy refuses it.
  if (tuple !== '' && !tuple.includes(',')) throw npyError(`${shown}: its shape is not a tuple of lengths`);
  const lengths = tuple
    .split(',')
    .map((part) => part.trim())
    .filter((part, i, parts) => part !== '' || i !== parts.length - 1);
  if (!lengths.every((part) => /^\d{1,15}$/.test(part))) throw npyError(`${shown}: its shape is not a tuple of lengths`);
  return { type: type as TypeCode, shape: lengths.map(Number) };
}

/**
 * Lines of a small text file (classes.txt, features.txt): a byte-order mark, trailing carriage returns and a last empty
 * line dropped; empty lines, names given twice and control characters refused.
 */
async function readLines(path: string, what: string): Promise<string[]> {
  const shown = terminalText(path);
  const file = await openRegular(path, `it names ${what}, one per line`);
  let text;
  try {
    const { size } = await file.stat();
    if (size > MAX_TEXT_BYTES) throw npyError(`${shown} is ${size} bytes: more than the ${MAX_TEXT_BYTES} a list of names may have`);
    text = (await readExactly(file, path, 0, size)).toString('utf8').replace(/^\uFEFF/, '');
  } finally {
    await file.close();
  }
  const lines = text.split('\n').map((line) => line.replace(/\r$/, ''));
  if (lines.at(-1) === '') lines.pop();
  const seen = new Set<string>();
  for (const [index, line] of lines.entries()) {
    const where = `${shown}, line ${index + 1}`;
    if (line.trim() === '') throw npyError(`${where}, is empty: it names ${what}, one per line`);
    if (terminalText(line) !== line) throw npyError(`${where}, holds a control character: '${terminalText(line)}'`);
    if (seen.has(line)) throw npyError(`${shown} names '${line}' twice`);
    seen.add(line);
  }
  return lines;
}

/** Bytes [position, position + length) of a file, read now. */
async function readRange(path: string, position: number, length: number): Promise<Buffer> {
  const file = await openRegular(path, "it holds the test set's items");
  try {
    return await readExactly(file, path, position, length);
  } finally {
    await file.close();
  }
}

/**
 * The SHA-256 of the classes, the feature names (rows), the labels and the inputs file, streamed: the same test set,
 * the same fingerprint.
 */
async function fingerprintOf(
  names: { classes: readonly string[]; features: readonly string[] },
  labelBytes: Buffer,
  inputsPath: string,
): Promise<string> {
  const digest = createHash('sha256')
    .update(`npy\n${JSON.stringify(names)}\n`)
    .update(labelBytes);
  const file = await openRegular(inputsPath, "it holds the test set's items");
  try {
    for await (const chunk of file.createReadStream({ highWaterMark: 4 * 1024 * 1024, autoClose: false })) digest.update(chunk as Buffer);
  } finally {
    await file.close();
  }
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
  const labelsShown = terminalText(path(NPY_FILES.labels));
  const labelsHeader = await readNpyHeader(path(NPY_FILES.labels), 'it holds the class number of every item');
  if (labelsHeader.shape.length !== 1 || labelsHeader.type.startsWith('f'))
    throw npyError(
      `${labelsShown} must be one integer class number per item (shape (N,)); it is ${labelsHeader.type} of shape (${labelsHeader.shape.join(', ')})`,
    );
  const items = labelsHeader.shape[0]!;
  if (items === 0) throw npyError(`${labelsShown} has no items: a test set needs items`);
  if (items > MAX_ITEMS) throw npyError(`${labelsShown} has ${items} items, more than the ${MAX_ITEMS} an npy: test set may have`);
  const labelType = TYPES[labelsHeader.type];
  const labelBytes = await readRange(path(NPY_FILES.labels), labelsHeader.dataOffset, items * labelType.bytes);
  const labelView = new DataView(labelBytes.buffer, labelBytes.byteOffset, labelBytes.length);
  const labels = new Int32Array(items);
  for (let i = 0; i < items; i++) {
    const label = labelType.read(labelView, i * labelType.bytes);
    if (!(label >= 0 && label < classes.length))
      throw npyError(
        `${labelsShown}, item ${i}: class number ${label} is not one of the ${classes.length} in classes.txt (0–${classes.length - 1})`,
      );
    labels[i] = label;
  }
  const inputsPath = path(NPY_FILES.inputs);
  const inputsShown = terminalText(inputsPath);
  const inputs = await readNpyHeader(inputsPath, "it holds the test set's items");
  if (inputs.shape[0] !== items)
    throw npyError(`${inputsShown} holds ${inputs.shape[0] ?? 0} items and labels.npy ${items}: one label per item`);
  const itemShape = inputs.shape.slice(1);
  if (itemShape.includes(0)) throw npyError(`${inputsShown} has shape (${inputs.shape.join(', ')}): its items are empty`);

  if (itemShape.length === 1) {
    const width = itemShape[0]!;
    const featuresPath = path(NPY_FILES.features);
    const features = await readLines(featuresPath, `the ${width} feature columns of inputs.npy`);
    if (features.length !== width)
      throw npyError(`${terminalText(featuresPath)} names ${features.length} columns, and inputs.npy rows hold ${width}`);
    const fingerprint = await fingerprintOf({ classes, features }, labelBytes, inputsPath);
    const type = TYPES[inputs.type];
    const rowBytes = width * type.bytes;
    const readRows = async (start: number, end: number, names: readonly string[]): Promise<Float32Array> => {
      const indices = names.map((column) => {
        const index = features.indexOf(column);
        if (index < 0) throw missingColumn(terminalText(featuresPath), column, features, 'a feature of the model');
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
      name,
      classes,
      labels,
      fingerprint,
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
  const [channels] = native;
  if (itemShape.length === 3 && channels !== 1 && channels !== 3 && (itemShape[2] === 1 || itemShape[2] === 3))
    throw npyError(
      `${inputsShown} has shape (${inputs.shape.join(', ')}): channel-last (N×H×W×C) images, it seems; save them channel-major, ` +
        'numpy.save(path, x.transpose(0, 3, 1, 2))',
    );
  const itemBytes = native[0] * native[1] * native[2];
  if (itemBytes > MAX_ITEM_BYTES)
    throw npyError(
      `${inputsShown} has shape (${inputs.shape.join(', ')}): each image is ${itemBytes} bytes, more than the ${MAX_ITEM_BYTES} one may have`,
    );
  return {
    name,
    classes,
    labels,
    fingerprint: await fingerprintOf({ classes, features: [] }, labelBytes, inputsPath),
    kind: 'image',
    async read(start, end, shape) {
      const same = shape[0] === native[0] && shape[1] === native[1] && shape[2] === native[2];
      if (!same && channels !== 1 && channels !== 3)
        throw npyError(
          `${inputsShown} holds images of ${channels} channels, which are read only in their own shape (${native.join('×')}); the model wants ${shape.join('×')}`,
        );
      const bytes = await readRange(inputsPath, inputs.dataOffset + start * itemBytes, (end - start) * itemBytes);
      return await readFixedShape(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length), native, 0, end - start, shape);
    },
  };
}
