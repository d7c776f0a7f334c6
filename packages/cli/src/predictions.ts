import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { ConfigurationError, terminalText } from '@mlops-actions/common';
import { createPairCounter, type GateEvidence, type PairedCounts } from '@mlops-actions/gate';

/** A value from the file as an error shows it: escaped for the terminal, and cut short. */
function shown(value: unknown): string {
  const text = terminalText(value === undefined ? 'nothing' : JSON.stringify(value));
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
}

/** A predictions file as the gate reads it: overall counts, and per-item evidence for slices, recall and precision. */
export interface Predictions {
  counts: PairedCounts;
  evidence: GateEvidence;
}

/** One line of a predictions file; class indices as their digits (leading zeros dropped). */
interface Row {
  label: string;
  new: string;
  old: string | undefined;
  /** Undefined or empty: the item is in no group. */
  group: string | undefined;
}

type Fail = (message: string) => never;

const JSONL_EXAMPLE = '{"label": 3, "new": 3, "old": 5, "group": "north"}';

/**
 * Streams a predictions file into paired counts and per-item evidence: CSV with a header naming `label`, `new` and
 * optionally `old` and `group`, or JSON lines with those keys. Labels and predictions are class indices; the classes
 * are the distinct indices seen, in numeric order. An empty or absent `old` means no production model; an empty or
 * absent `group`, an item in no group.
 */
export async function readPredictions(file: string): Promise<Predictions> {
  const counter = createPairCounter();
  const collected = createCollector();
  const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
  let header: Map<string, number> | undefined;
  let format: 'csv' | 'jsonl' | undefined;
  let lineNumber = 0;
  const fail: Fail = (message) => {
    throw new ConfigurationError(`${file}:${lineNumber}: ${message}`, { subject: file });
  };
  try {
    for await (const line of lines) {
      lineNumber++;
      if (line.trim() === '') continue;
      format ??= line.trimStart().startsWith('{') ? 'jsonl' : 'csv';
      let row: Row;
      if (format === 'jsonl') row = jsonRow(line, fail);
      else if (header === undefined) {
        header = csvHeader(line, fail);
        continue;
      } else row = csvRow(line, header, fail);
      counter.add(row.label, row.new, row.old);
      collected.add(row);
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      throw new ConfigurationError(`predictions file not found: ${file}`, { subject: file });
    if ((error as NodeJS.ErrnoException).code === 'EISDIR')
      throw new ConfigurationError(`${file} is a directory: --predictions takes a CSV or JSON-lines file`, { subject: file });
    throw error;
  }
  let counts: PairedCounts;
  try {
    counts = counter.counts();
  } catch (error) {
    throw new ConfigurationError(`${file}: ${(error as Error).message}`, { subject: file });
  }
  return { counts, evidence: collected.evidence(counts.hasOld) };
}

// Class indices are compared as their digits, not as numbers: 9007199254740993 and 9007199254740992 are two classes,
// though a double cannot tell them apart. Leading zeros are dropped, so 007 is 7.
function classIndex(value: unknown, column: string, fail: Fail): string {
  const text =
    typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : typeof value === 'string' ? value.trim() : undefined;
  if (text === undefined || !/^\d+$/.test(text))
    return fail(
      `'${column}' must be a class index (a whole number ≥ 0${typeof value === 'number' ? ', written as a string when above 2^53' : ''}), got ${shown(value)}`,
    );
  return text.replace(/^0+(?=\d)/, '');
}

function jsonRow(line: string, fail: Fail): Row {
  let item: unknown;
  try {
    item = JSON.parse(line);
  } catch {
    return fail(`not valid JSON: each line must be an object such as ${JSONL_EXAMPLE}`);
  }
  if (typeof item !== 'object' || item === null || Array.isArray(item))
    return fail(`each line must be a JSON object such as ${JSONL_EXAMPLE}, not ${Array.isArray(item) ? 'a list' : JSON.stringify(item)}`);
  const fields = item as Record<string, unknown>;
  const group = fields.group;
  if (group !== undefined && group !== null && typeof group !== 'string')
    fail(
      `'group' must be a group's name as a string, such as "north" (null or "" for an item in no group), got ${typeof group === 'object' ? 'an object' : shown(group)}`,
    );
  return {
    label: classIndex(fields.label, 'label', fail),
    new: classIndex(fields.new, 'new', fail),
    old: fields.old === undefined || fields.old === null ? undefined : classIndex(fields.old, 'old', fail),
    group: typeof group === 'string' ? group.trim() : undefined,
  };
}

function csvHeader(line: string, fail: Fail): Map<string, number> {
  const cells = line.split(',').map((cell) => cell.trim());
  const repeated = cells.find((name, index) => cells.indexOf(name) !== index);
  if (repeated !== undefined)
    fail(`the CSV header names the column '${terminalText(repeated)}' twice: which one holds the data is unclear`);
  const header = new Map(cells.map((name, index) => [name, index]));
  for (const required of ['label', 'new'])
    if (!header.has(required))
      fail(`the CSV header must name the columns label,new,old,group (old and group optional); found '${terminalText(line)}'`);
  return header;
}

function csvRow(line: string, header: Map<string, number>, fail: Fail): Row {
  const cells = line.split(',').map((cell) => cell.trim());
  // A row that is too short leaves its last columns empty (no old prediction, no group); one too long has lost a comma
  // among its cells, and which cell belongs to which column is anyone's guess.
  // Empty cells past the header's columns (`1,1,0,`, as some exporters write rows) hold nothing: they are dropped.
  while (cells.length > header.size && cells[cells.length - 1] === '') cells.pop();
  if (cells.length > header.size)
    fail(
      `${cells.length} cells, but the header names ${header.size} columns: a CSV cell cannot hold a comma (quotes are not read)` +
        (header.has('group')
          ? `; for group names with commas, write JSON lines such as {"label": 3, "new": 3, "group": "north, coast"}`
          : ''),
    );
  const at = (name: string): string | undefined => {
    const index = header.get(name);
    return index === undefined ? undefined : cells[index];
  };
  const oldText = at('old');
  return {
    label: classIndex(at('label'), 'label', fail),
    new: classIndex(at('new'), 'new', fail),
    old: oldText === undefined || oldText === '' ? undefined : classIndex(oldText, 'old', fail),
    group: at('group'),
  };
}

/** Accumulates rows as class and group numbers in typed arrays: a large file costs 16 bytes an item, not an object. */
function createCollector(): { add(row: Row): void; evidence(hasOld: boolean): GateEvidence } {
  const classes = new Map<string, number>();
  const groups = new Map<string, number>();
  const numberOf = (names: Map<string, number>, name: string): number => {
    let number = names.get(name);
    if (number === undefined) names.set(name, (number = names.size));
    return number;
  };
  const labels = growableInt32();
  const newPredictions = growableInt32();
  const oldPredictions = growableInt32();
  const groupOfItem = growableInt32();
  return {
    add(row) {
      labels.push(numberOf(classes, row.label));
      newPredictions.push(numberOf(classes, row.new));
      oldPredictions.push(row.old === undefined ? -1 : numberOf(classes, row.old));
      groupOfItem.push(row.group === undefined || row.group === '' ? -1 : numberOf(groups, row.group));
    },
    evidence(hasOld) {
      // Numbered in order of appearance while reading; renumbered so that class k is the k-th smallest index.
      const classNames = sortedNames(classes, byDigits);
      const classNumber = renumbering(classes, classNames);
      const groupNames = sortedNames(groups, byCodeUnit);
      const groupNumber = renumbering(groups, groupNames);
      return {
        classes: classNames,
        labels: renumber(labels.values(), classNumber),
        new: { predictions: renumber(newPredictions.values(), classNumber) },
        ...(hasOld ? { old: { predictions: renumber(oldPredictions.values(), classNumber) } } : {}),
        ...(groups.size > 0 ? { groups: { names: groupNames, ofItem: renumber(groupOfItem.values(), groupNumber) } } : {}),
      };
    },
  };
}

/** Digit strings without leading zeros in numeric order, however long: shorter is smaller, then digit by digit. */
const byDigits = (a: string, b: string): number => a.length - b.length || byCodeUnit(a, b);
/** The same order everywhere, unlike a locale's. */
const byCodeUnit = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function sortedNames(numbers: Map<string, number>, order: (a: string, b: string) => number): string[] {
  return [...numbers.keys()].sort(order);
}

/** For each number given while reading, its number in the sorted names. */
function renumbering(numbers: Map<string, number>, sorted: readonly string[]): Int32Array {
  const renumbered = new Int32Array(numbers.size);
  sorted.forEach((name, index) => (renumbered[numbers.get(name)!] = index));
  return renumbered;
}

/** Replaces each number (−1, none, stays) by its new one, in place: a copy would double a large file's memory. */
function renumber(values: Int32Array, renumbered: Int32Array): Int32Array {
  for (let i = 0; i < values.length; i++) if (values[i]! >= 0) values[i] = renumbered[values[i]!]!;
  return values;
}

/** An Int32Array that grows by doubling as values are pushed. */
function growableInt32(): { push(value: number): void; values(): Int32Array } {
  let buffer = new Int32Array(1024);
  let length = 0;
  return {
    push(value) {
      if (length === buffer.length) {
        const larger = new Int32Array(buffer.length * 2);
        larger.set(buffer);
        buffer = larger;
      }
      buffer[length++] = value;
    },
    values: () => buffer.subarray(0, length),
  };
}
