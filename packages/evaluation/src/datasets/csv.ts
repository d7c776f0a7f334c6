import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
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
 * One streaming pass reads the labels; the feature columns the model asks for are read together in a second pass, and
 * a text column (a group column) when asked for, so neither a copy of the file nor its other columns are held.
 */
export async function csvDataset(path: string, labelColumn: string): Promise<TableDataset> {
  // Read more than once: a pipe or a device would give its rows to the first pass only.
  const kind = await stat(path).catch(() => undefined);
  if (kind !== undefined && !kind.isFile())
    throw tableError(
      `${path} is not a regular file: a csv: test set is read more than once (labels, then features), so save it to a file first`,
    );
  const digestOf = (): Hash => createHash('sha256').update(`label column ${labelColumn}\0`);
  const digest = digestOf();
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
  for await (const { record, info } of records) {
    lines.push(info.lines);
    labelTexts.push(record[labelIndex]!);
  }
  if (labelTexts.length === 0) throw tableError(`${path} has a header but no rows: a test set needs items`);
  const fingerprint = digest.digest('hex');
  const where = (item: number): string => `${path}, line ${lines[item]} (item ${item})`;
  // Another pass over the rows; the file must still be the one the labels and the fingerprint came from.
  const readAgain = async (onRow: (record: string[], item: number) => void): Promise<void> => {
    const again = digestOf();
    const rows = csvRecords(path, TEST_SET, (chunk) => again.update(chunk));
    await rows.next();
    let item = 0;
    for await (const { record } of rows) {
      if (item < labelTexts.length) onRow(record, item);
      item++;
    }
    if (item !== labelTexts.length) throw tableError(`${path} changed while it was being read: ${item} rows, not ${labelTexts.length}`);
    if (again.digest('hex') !== fingerprint)
      throw tableError(`${path} changed while it was being read: run again once nothing is writing to it`);
  };
  return tableDataset(
    {
      name: `csv:${path}`,
      path,
      columns,
      labelTexts,
      where,
      fingerprint,
      async numbers(names) {
        const fields = names.map((name) => header.indexOf(name));
        const values = names.map(() => new Float32Array(labelTexts.length));
        const firstBad: ({ item: number; text: string } | undefined)[] = names.map(() => undefined);
        await readAgain((record, item) => {
          fields.forEach((field, column) => {
            const value = parseDecimal(record[field]!);
            if (value !== undefined) values[column]![item] = value;
            else firstBad[column] ??= { item, text: record[field]! };
          });
        });
        const bad = firstBad.findIndex((cell) => cell !== undefined);
        if (bad >= 0) throw notANumber(where(firstBad[bad]!.item), names[bad]!, firstBad[bad]!.text);
        return values;
      },
      async texts(name) {
        const field = header.indexOf(name);
        const texts: string[] = [];
        await readAgain((record) => texts.push(record[field]!));
        return texts;
      },
    },
    labelColumn,
  );
}
