import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { errorMessage, terminalText } from '@mlops-actions/common';
import { parse, type InfoRecord } from 'csv-parse';
import type { TableDataset } from './dataset.js';
import { inputFileError, missingColumn, notANumber, parseDecimal, tableDataset, tableError } from './table.js';

/** One record of the file: its fields and the line it ends on. */
export interface CsvRecord {
  record: string[];
  info: InfoRecord;
}

/** What a CSV file is for, in messages: the input that names it and how. */
export interface CsvRole {
  input: 'dataset' | 'groups';
  /** e.g. `the CSV test set` */
  what: string;
  /** e.g. `dataset: csv:<path>` */
  form: string;
}

const TEST_SET: CsvRole = { input: 'dataset', what: 'the CSV test set', form: 'dataset: csv:<path>' };

/** The file's records, header first, streamed. A missing or malformed file names itself and the line. */
export async function* csvRecords(path: string, role: CsvRole, onBytes?: (chunk: Buffer) => void): AsyncGenerator<CsvRecord, void> {
  const input = createReadStream(path);
  if (onBytes) input.on('data', (chunk) => onBytes(chunk as Buffer));
  const parser = input.pipe(parse({ bom: true, skip_empty_lines: true, info: true }));
  input.on('error', (error) => parser.destroy(error));
  try {
    for await (const record of parser) yield record as CsvRecord;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EISDIR' || code === 'EACCES')
      throw inputFileError(role.input, `${role.what} '${path}' cannot be read (${code}): check the path in '${role.form}'`);
    throw inputFileError(role.input, `${path} is not a valid CSV file: ${errorMessage(error)}`);
  } finally {
    input.destroy();
  }
}

/** The header row, the file's first record: present, every column named once. */
export async function readHeader(records: AsyncGenerator<CsvRecord, void>, path: string, role: CsvRole): Promise<string[]> {
  const fail = async (message: string): Promise<never> => {
    await records.return();
    throw inputFileError(role.input, `${path}${message}`);
  };
  const first = await records.next();
  if (first.done) return fail(` is empty: ${role.what} needs a header row naming its columns, then one row per item`);
  const header = first.value.record;
  for (const [index, name] of header.entries()) {
    if (name.trim() === '') await fail(`: the header's column ${index + 1} has no name: every column needs one`);
    if (header.indexOf(name) !== index) await fail(`: the header names the column '${terminalText(name)}' twice`);
  }
  return header;
}

/**
 * A CSV file with a header row as a test set: `labelColumn` holds each row's class, the other columns are features.
 * One streaming pass reads the labels and every column's numbers; a text column (a group column) is read again when
 * asked for, so no copy of the file is held.
 */
export async function csvDataset(path: string, labelColumn: string): Promise<TableDataset> {
  const digest = createHash('sha256').update(`label column ${labelColumn}\0`);
  const records = csvRecords(path, TEST_SET, (chunk) => digest.update(chunk));
  const header = await readHeader(records, path, TEST_SET);
  const labelIndex = header.indexOf(labelColumn);
  const columns = header.filter((_, index) => index !== labelIndex);
  if (labelIndex < 0) {
    await records.return();
    throw missingColumn(path, labelColumn, header, "the label column: name it with the input 'label-column'");
  }
  const lines: number[] = [];
  const labelTexts: string[] = [];
  const values = columns.map(() => [] as number[]);
  // The first cell of each column that is not a number: an error only if the column is read as a feature.
  const firstBad: ({ item: number; text: string } | undefined)[] = columns.map(() => undefined);
  const fieldIndex = header.map((_, index) => index).filter((index) => index !== labelIndex);
  for await (const { record, info } of records) {
    const item = labelTexts.length;
    lines.push(info.lines);
    labelTexts.push(record[labelIndex]!);
    fieldIndex.forEach((field, column) => {
      const value = parseDecimal(record[field]!);
      values[column]!.push(value ?? Number.NaN);
      if (value === undefined && !firstBad[column]) firstBad[column] = { item, text: record[field]! };
    });
  }
  if (labelTexts.length === 0) throw tableError(`${path} has a header but no rows: a test set needs items`);
  const where = (item: number): string => `${path}, line ${lines[item]} (item ${item})`;
  const numbers = columns.map((_, column) => Float32Array.from(values[column]!));
  values.length = 0; // the Float32Array copies are what stays: half the memory
  return tableDataset(
    {
      name: `csv:${path}`,
      path,
      columns,
      labelTexts,
      where,
      fingerprint: digest.digest('hex'),
      numbers(name) {
        const column = columns.indexOf(name);
        const bad = firstBad[column];
        if (bad) return Promise.reject(notANumber(where(bad.item), name, bad.text));
        return Promise.resolve(numbers[column]!);
      },
      async texts(name) {
        const field = header.indexOf(name);
        const texts: string[] = [];
        const again = csvRecords(path, TEST_SET);
        await again.next();
        for await (const { record } of again) texts.push(record[field]!);
        if (texts.length !== labelTexts.length)
          throw tableError(`${path} changed while it was being read: ${texts.length} rows, not ${labelTexts.length}`);
        return texts;
      },
    },
    labelColumn,
  );
}
