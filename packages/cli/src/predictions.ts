import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { ConfigurationError } from '@mlops-actions/common';
import { createPairCounter, type PairedCounts } from '@mlops-actions/gate';

/**
 * Streams a predictions file into paired counts: CSV with a header naming `label`, `new` and optionally
 * `old` (class indices), or JSON lines with those keys. An empty or absent `old` means no production model.
 */
export async function readPredictions(file: string): Promise<PairedCounts> {
  const counter = createPairCounter();
  const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
  let header: Map<string, number> | undefined;
  let format: 'csv' | 'jsonl' | undefined;
  let lineNumber = 0;
  const fail = (message: string): never => {
    throw new ConfigurationError(`${file}:${lineNumber}: ${message}`, { subject: file });
  };
  // Class indices are compared as their digits, not as numbers: 9007199254740993 and 9007199254740992 are two classes,
  // though a double cannot tell them apart. Leading zeros are dropped, so 007 is 7.
  const classIndex = (value: unknown, column: string): string => {
    const text =
      typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : typeof value === 'string' ? value.trim() : undefined;
    if (text === undefined || !/^\d+$/.test(text))
      return fail(
        `'${column}' must be a class index (a whole number ≥ 0${typeof value === 'number' ? ', written as a string when above 2^53' : ''}), got ${JSON.stringify(value)}`,
      );
    return text.replace(/^0+(?=\d)/, '');
  };
  try {
    for await (const line of lines) {
      lineNumber++;
      if (line.trim() === '') continue;
      format ??= line.trimStart().startsWith('{') ? 'jsonl' : 'csv';
      if (format === 'jsonl') {
        let item: Record<string, unknown>;
        try {
          item = JSON.parse(line) as Record<string, unknown>;
        } catch {
          return fail('not valid JSON: each line must be an object such as {"label": 3, "new": 3, "old": 5}');
        }
        const old = item.old === undefined || item.old === null ? undefined : classIndex(item.old, 'old');
        counter.add(classIndex(item.label, 'label'), classIndex(item.new, 'new'), old);
        continue;
      }
      const cells = line.split(',').map((cell) => cell.trim());
      if (header === undefined) {
        const repeated = cells.find((name, index) => cells.indexOf(name) !== index);
        if (repeated !== undefined) fail(`the CSV header names the column '${repeated}' twice: which one holds the data is unclear`);
        header = new Map(cells.map((name, index) => [name, index]));
        for (const required of ['label', 'new'])
          if (!header.has(required)) fail(`the CSV header must name the columns label,new,old (old optional); found '${line}'`);
        continue;
      }
      const at = (name: string): string | undefined => {
        const index = header!.get(name);
        return index === undefined ? undefined : cells[index];
      };
      const oldText = at('old');
      counter.add(
        classIndex(at('label'), 'label'),
        classIndex(at('new'), 'new'),
        oldText === undefined || oldText === '' ? undefined : classIndex(oldText, 'old'),
      );
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      throw new ConfigurationError(`predictions file not found: ${file}`, { subject: file });
    if ((error as NodeJS.ErrnoException).code === 'EISDIR')
      throw new ConfigurationError(`${file} is a directory: --predictions takes a CSV or JSON-lines file`, { subject: file });
    throw error;
  }
  try {
    return counter.counts();
  } catch (error) {
    throw new ConfigurationError(`${file}: ${(error as Error).message}`, { subject: file });
  }
}
