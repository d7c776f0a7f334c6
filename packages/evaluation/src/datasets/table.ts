import { ConfigurationError, closeMatches, didYouMean, terminalText } from '@mlops-actions/common';
import type { TableDataset } from './dataset.js';

/** A table file as its reader sees it; `tableDataset` turns it into a test set. */
export interface TableSource {
  /** How the user named it: `csv:<path>` or `parquet:<path>`. */
  name: string;
  /** The file, for messages. */
  path: string;
  /** Every column but the label column, in file order. */
  columns: readonly string[];
  /** The label of every row, as text. */
  labelTexts: readonly string[];
  /** Where row `item` (0-based) is, for messages: `<path>, line 7 (item 5)` in a CSV file, `<path>, row 5` in a Parquet file. */
  where(item: number): string;
  fingerprint: string;
  /**
   * Every row's values of the named columns, one array per column in the order given; a cell that is not a finite
   * number is an error naming its row and column (the first such column in the order given).
   */
  numbers(columns: readonly string[]): Promise<Float32Array[]>;
  /** Every row's value of a column as text. */
  texts(column: string): Promise<string[]>;
}

/** An error about the file an input (`dataset`, `groups`) names. */
export function inputFileError(input: string, message: string): ConfigurationError {
  return new ConfigurationError(message, { subject: input, inputs: [input] });
}

/** An error about the table file the `dataset` input names. */
export function tableError(message: string): ConfigurationError {
  return inputFileError('dataset', message);
}

/** Column names quoted as text: they come from the file, and a message shows them in a terminal or a summary. */
export function quotedColumns(columns: readonly string[]): string {
  return columns.map((column) => `'${terminalText(column)}'`).join(', ');
}

/** The error for a column the table lacks: what it has, and the close names. */
export function missingColumn(
  path: string,
  column: string,
  columns: readonly string[],
  what: string,
  input = 'dataset',
): ConfigurationError {
  return inputFileError(
    input,
    `${path} has no column '${terminalText(column)}' (${what})${didYouMean(closeMatches(column, columns))}; its columns: ${quotedColumns(columns)}`,
  );
}

/** The error for a feature cell that is not a finite number (`text` empty: a missing cell). */
export function notANumber(where: string, column: string, text: string): ConfigurationError {
  return tableError(
    `${where}, column '${terminalText(column)}': ${text.trim() === '' ? 'the cell is empty' : `'${terminalText(text)}' is not a number`}: ` +
      'every feature cell must be a finite number',
  );
}

const DECIMAL = /^\s*[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?\s*$/;

/** A cell's number: plain decimal notation only (no hex, no `Infinity`, no empty cell read as 0). */
export function parseDecimal(text: string): number | undefined {
  if (!DECIMAL.test(text)) return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
}

/**
 * The distinct values in sorted order: numerically when every one is a number (so `10` follows `9`), else by code unit
 * (the same order everywhere, unlike a locale's).
 */
export function sortedDistinct(texts: Iterable<string>): string[] {
  const distinct = [...new Set(texts)];
  const byCodeUnit = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  return distinct.every((text) => parseDecimal(text) !== undefined)
    ? distinct.sort((a, b) => Number(a) - Number(b) || byCodeUnit(a, b))
    : distinct.sort(byCodeUnit);
}

/** The classes (the distinct labels, `sortedDistinct`) and each row's class number; an empty label names its row. */
export function classesOf(
  source: Pick<TableSource, 'path' | 'labelTexts' | 'where'>,
  labelColumn: string,
): { classes: string[]; labels: Int32Array } {
  const { labelTexts, where } = source;
  const empty = labelTexts.findIndex((text) => text.trim() === '');
  if (empty >= 0)
    throw tableError(`${where(empty)}: the label column '${terminalText(labelColumn)}' is empty: every row of a test set needs its class`);
  const classes = sortedDistinct(labelTexts);
  if (classes.length < 2)
    throw tableError(
      `${source.path}: the label column '${terminalText(labelColumn)}' holds one class only ('${terminalText(classes[0] ?? '')}'): a test set needs at least two`,
    );
  const number = new Map(classes.map((name, index) => [name, index]));
  return { classes, labels: Int32Array.from(labelTexts, (text) => number.get(text)!) };
}

/** A table test set over its source: classes from the labels, feature columns read once each (together) and kept. */
export function tableDataset(source: TableSource, labelColumn: string): TableDataset {
  const { classes, labels } = classesOf(source, labelColumn);
  const columns = new Map<string, Promise<Float32Array>>();
  const features = (names: readonly string[]): Promise<Float32Array[]> => {
    const unknown = names.find((name) => !source.columns.includes(name));
    if (unknown !== undefined) return Promise.reject(missingColumn(source.path, unknown, source.columns, 'a feature of the model'));
    const unread = [...new Set(names)].filter((name) => !columns.has(name));
    if (unread.length > 0) {
      const reading = source.numbers(unread);
      unread.forEach((name, index) =>
        columns.set(
          name,
          reading.then((values) => values[index]!),
        ),
      );
    }
    return Promise.all(names.map((name) => columns.get(name)!));
  };
  return {
    kind: 'table',
    name: source.name,
    classes,
    labels,
    fingerprint: source.fingerprint,
    columns: source.columns,
    async readFeatures(start, end, names) {
      const values = await features(names);
      const width = names.length;
      const out = new Float32Array((end - start) * width);
      for (let item = start; item < end; item++)
        for (let feature = 0; feature < width; feature++) out[(item - start) * width + feature] = values[feature]![item]!;
      return out;
    },
    async readColumn(name) {
      return source.columns.includes(name) ? await source.texts(name) : undefined;
    },
  };
}
