import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { errorMessage, terminalText } from '@mlops-actions/common';
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
  const rows = Number(metadata.num_rows);
  if (rows === 0) throw tableError(`${path} has no rows: a test set needs items`);
  const readColumn = async (column: string): Promise<unknown[]> => {
    const values = new Array<unknown>(rows);
    try {
      await parquetRead({
        file,
        metadata,
        columns: [column],
        onChunk({ columnData, rowStart, rowEnd }) {
          for (let row = rowStart; row < rowEnd; row++) values[row] = columnData[row - rowStart];
        },
      });
    } catch (error) {
      throw tableError(`${path}: the column '${terminalText(column)}' cannot be read: ${errorMessage(error)}`);
    }
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
      async numbers(column) {
        const values = await readColumn(column);
        const out = new Float32Array(rows);
        for (let item = 0; item < rows; item++) {
          const value = cellNumber(values[item]);
          if (value === undefined) throw notANumber(where(item), column, cellText(values[item]));
          out[item] = value;
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
