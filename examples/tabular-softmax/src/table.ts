import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';

/** A training table: feature columns as numbers, one label column as text. */
export interface Table {
  /** Feature column names, in file order (every column but the label column). */
  features: string[];
  /** Row-major feature values: `rows × features.length`. */
  values: Float64Array;
  /** Each row's label text. */
  labels: string[];
  rows: number;
}

/** Reads a CSV file with a header row; every cell but the label column must be a number. Errors name line and column. */
export function readTable(path: string, labelColumn: string): Table {
  const records = parse(readFileSync(path), { bom: true, skip_empty_lines: true, info: true }) as unknown as {
    record: string[];
    info: { lines: number };
  }[];
  const header = records.shift()?.record;
  if (!header) throw new Error(`${path} is empty: it needs a header row naming its columns`);
  const labelIndex = header.indexOf(labelColumn);
  if (labelIndex < 0) throw new Error(`${path} has no column '${labelColumn}' (--label-column); its columns: ${header.join(', ')}`);
  const features = header.filter((_, index) => index !== labelIndex);
  const values = new Float64Array(records.length * features.length);
  const labels: string[] = [];
  records.forEach(({ record, info }, row) => {
    let feature = 0;
    record.forEach((cell, index) => {
      if (index === labelIndex) return;
      const value = cell.trim() === '' ? Number.NaN : Number(cell);
      if (!Number.isFinite(value)) throw new Error(`${path}, line ${info.lines}, column '${header[index]}': '${cell}' is not a number`);
      values[row * features.length + feature++] = value;
    });
    if (record[labelIndex]!.trim() === '') throw new Error(`${path}, line ${info.lines}: the label is empty`);
    labels.push(record[labelIndex]!);
  });
  if (labels.length === 0) throw new Error(`${path} has no rows`);
  return { features, values, labels, rows: labels.length };
}

/**
 * The distinct labels sorted as scikit-learn's `classes_` (np.unique): numerically when all are numbers, else by code
 * unit. For two classes the second is the positive one, as evaluation's recall and precision read it.
 */
export function sortedClasses(labels: readonly string[]): string[] {
  const distinct = [...new Set(labels)];
  const byCodeUnit = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  return distinct.every((label) => label.trim() !== '' && Number.isFinite(Number(label)))
    ? distinct.sort((a, b) => Number(a) - Number(b) || byCodeUnit(a, b))
    : distinct.sort(byCodeUnit);
}
