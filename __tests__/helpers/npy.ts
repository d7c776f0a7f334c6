// Writes .npy files as numpy.save does (format version 1.0: the magic string, the header dictionary padded with spaces
// to a multiple of 64 bytes and ended by a newline, then the data in C order), for tests of the `npy:` test set. A test
// that has numpy checks that numpy reads these files back as written.
import { closeSync, ftruncateSync, openSync, writeSync } from 'node:fs';

export type NpyDescr = '|u1' | '|i1' | '<i2' | '<i4' | '<i8' | '<u4' | '<f4' | '<f8';

/** The header bytes numpy.save writes for an array of this type and shape. */
export function npyHeader(descr: string, shape: readonly number[], fortranOrder = false): Buffer {
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  const dictionary = `{'descr': '${descr}', 'fortran_order': ${fortranOrder ? 'True' : 'False'}, 'shape': ${shapeText}, }`;
  const unpadded = 10 + dictionary.length + 1;
  const padded = Math.ceil(unpadded / 64) * 64;
  const header = Buffer.alloc(padded, 0x20);
  Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]).copy(header, 0);
  header.writeUInt16LE(padded - 10, 8);
  header.write(dictionary, 10, 'latin1');
  header[padded - 1] = 0x0a;
  return header;
}

/** Writes an array's bytes (little-endian, C order) after its header. */
export function writeNpy(path: string, descr: NpyDescr, shape: readonly number[], data: ArrayBufferView): void {
  const file = openSync(path, 'w');
  try {
    writeSync(file, npyHeader(descr, shape));
    writeSync(file, new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
  } finally {
    closeSync(file);
  }
}

/** A .npy file of `bytes` bytes of zeros after its header, written sparse: gigabytes that take no disk and no time. */
export function writeSparseNpy(path: string, descr: NpyDescr, shape: readonly number[], bytes: number): void {
  const header = npyHeader(descr, shape);
  const file = openSync(path, 'w');
  try {
    writeSync(file, header);
    ftruncateSync(file, header.length + bytes);
  } finally {
    closeSync(file);
  }
}
