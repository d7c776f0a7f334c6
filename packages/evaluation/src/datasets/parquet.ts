import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { ConfigurationError, errorMessage, terminalText } from '@mlops-actions/common';
import { asyncBufferFromFile, parquetMetadataAsync, parquetRead, parquetSchema, type AsyncBuffer, type FileMetaData } from 'hyparquet';
import type { TableDataset } from './dataset.js';
import { missingColumn, notANumber, tableDataset, tableError } from './table.js';

/** A cell as text: a label or a group name. Missing cells (null) are empty. */
function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString();
  return JSON.stringify(value, (_key, inner: unknown) => (typeof inner === 'bigint' ? String(inner) : inner));
}

/** A cell as a feature value: numbers and 64-bit integers; anything else (text, missing, booleans) is not one. */
function cellNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'bigint') return Number(value);
  return undefined;
}

async function openParquet(path: string): Promise<{ file: AsyncBuffer; metadata: FileMetaData }> {
  let file: AsyncBuffer;
  try {
    file = await asyncBufferFromFile(path);
  } catch (error) {
    throw tableError(`the Parquet test set '${path}' cannot be read (${errorMessage(error)}): check the path in 'dataset: parquet:<path>'`);
  }
  try {
    return { file, metadata: await parquetMetadataAsync(file) };
  } catch (error) {
    throw tableError(`${path} is not a valid Parquet file: ${errorMessage(error)}`);
  }
}

/** More rows than item numbers (32-bit) can count: no test set has them, and a file claiming them is damaged. */
const MAX_ROWS = 2 ** 31 - 1;

function damaged(path: string, problem: string): ConfigurationError {
  return tableError(`${path} is damaged: ${problem}; write the file again`);
}

/**
 * The row count the file's metadata claims, checked before anything is allocated for it: what its row groups add up
 * to, and within what a test set can hold. Each column's decoded rows are checked against it when the column is read.
 */
function claimedRows(path: string, metadata: FileMetaData): number {
  const rows = metadata.num_rows;
  const inGroups = metadata.row_groups.reduce((sum, group) => sum + group.num_rows, 0n);
  if (rows !== inGroups) throw damaged(path, `its metadata says it has ${rows} rows, but its row groups hold ${inGroups}`);
  if (rows < 0n) throw damaged(path, `its metadata claims ${rows} rows`);
  if (rows > BigInt(MAX_ROWS)) throw damaged(path, `its metadata claims ${rows} rows, more than a test set can have (${MAX_ROWS})`);
  return Number(rows);
}

/**
 * A Parquet file as a test set: `labelColumn` holds each row's class, the other top-level columns are features.
 * Parquet stores columns apart, so only the label column is read now, and each feature column when asked for.
 */
export async function parquetDataset(path: string, labelColumn: string): Promise<TableDataset> {
  const { file, metadata } = await openParquet(path);
  const header = parquetSchema(metadata)
    .children.filter((child) => child.children.length === 0)
    .map((child) => child.element.name);
  if (!header.includes(labelColumn))
    throw missingColumn(path, labelColumn, header, "the label column: name it with the input 'label-column'");
  const rows = claimedRows(path, metadata);
  if (rows === 0) throw tableError(`${path} has no rows: a test set needs items`);
  const readColumn = async (column: string): Promise<unknown[]> => {
    // Held as decoded, so what is allocated follows the data the file holds, not what its metadata says.
    const chunks: { rowStart: number; data: ArrayLike<unknown> }[] = [];
    try {
      await parquetRead({
        file,
        metadata,
        columns: [column],
        onChunk({ columnData, rowStart }) {
          chunks.push({ rowStart, data: columnData });
        },
      });
    } catch (error) {
      throw tableError(`${path}: the column '${terminalText(column)}' cannot be read: ${errorMessage(error)}`);
    }
    chunks.sort((a, b) => a.rowStart - b.rowStart);
    const decoded = chunks.reduce((sum, { data }) => sum + data.length, 0);
    if (decoded !== rows)
      throw damaged(path, `its metadata says it has ${rows} rows, but the column '${terminalText(column)}' holds ${decoded}`);
    let next = 0;
    for (const { rowStart, data } of chunks) next = rowStart === next ? next + data.length : Number.NaN;
    if (next !== rows)
      throw damaged(path, `the pages of the column '${terminalText(column)}' do not follow one another as its row groups say`);
    const values = new Array<unknown>(rows);
    for (const { rowStart, data } of chunks) for (let row = 0; row < data.length; row++) values[rowStart + row] = data[row];
    return values;
  };
  const digest = createHash('sha256').update(`label column ${labelColumn}\0`);
  await pipeline(createReadStream(path), digest);
  const where = (item: number): string => `${path}, row ${item}`;
  return tableDataset(
    {
      name: `parquet:${path}`,
      path,
      columns: header.filter((column) => column !== labelColumn),
      labelTexts: (await readColumn(labelColumn)).map(cellText),
      where,
      fingerprint: digest.digest('hex'),
      async numbers(columns) {
        const out: Float32Array[] = [];
        for (const column of columns) {
          const values = await readColumn(column);
          const numbers = new Float32Array(rows);
          for (let item = 0; item < rows; item++) {
            const value = cellNumber(values[item]);
            if (value === undefined) throw notANumber(where(item), column, cellText(values[item]));
            numbers[item] = value;
          }
          out.push(numbers);
        }
        return out;
      },
      async texts(column) {
        return (await readColumn(column)).map(cellText);
      },
    },
    labelColumn,
  );
}
