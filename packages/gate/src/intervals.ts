import { sampleMultinomial } from './binomial.js';
import { cellVariable, type PairedCounts } from './counts.js';
import type { Clause } from './condition.js';
import { createRandom } from './random.js';

/** A clause's left side evaluated on an item of each cell. */
export function cellValues(clause: Clause): number[] {
  return Array.from(
    { length: 8 },
    (_, cell) =>
      clause.coefficients.n * cellVariable(cell, 'n') +
      clause.coefficients.o * cellVariable(cell, 'o') +
      clause.coefficients.d * cellVariable(cell, 'd'),
  );
}

/** The clause's left side on the point estimates. */
export function clauseEstimate(clause: Clause, counts: PairedCounts): number {
  const values = cellValues(clause);
  return counts.cells.reduce((sum, count, cell) => sum + count * values[cell]!, 0) / counts.items;
}

/**
 * The paired bootstrap distribution of each clause's left side, sorted ascending. One resample of the N
 * items is one multinomial draw over the occupied cells, so B resamples cost O(B), not O(B·N).
 */
export function pairedBootstrap(counts: PairedCounts, clauses: readonly Clause[], samples: number, seed: number): Float64Array[] {
  const occupied = counts.cells.flatMap((count, cell) => (count > 0 ? [cell] : []));
  const probabilities = occupied.map((cell) => counts.cells[cell]! / counts.items);
  const values = clauses.map((clause) => {
    const all = cellValues(clause);
    return Float64Array.from(occupied, (cell) => all[cell]! / counts.items);
  });
  const distributions = clauses.map(() => new Float64Array(samples));
  const random = createRandom(seed);
  const draw = new Float64Array(occupied.length);
  for (let b = 0; b < samples; b++) {
    sampleMultinomial(random, counts.items, probabilities, draw);
    for (let c = 0; c < clauses.length; c++) {
      const clauseValues = values[c]!;
      let sum = 0;
      for (let j = 0; j < draw.length; j++) sum += draw[j]! * clauseValues[j]!;
      distributions[c]![b] = sum;
    }
  }
  for (const distribution of distributions) distribution.sort();
  return distributions;
}

/**
 * Percentile bounds from a sorted bootstrap distribution: each end is a one-sided bound at 1 − δ, taken
 * conservatively (at most δ·B resamples lie beyond it).
 */
export function percentileBounds(sorted: Float64Array, logDelta: number): [number, number] {
  const beyond = Math.floor(Math.exp(logDelta) * sorted.length);
  return [sorted[beyond]!, sorted[sorted.length - 1 - beyond]!];
}

/** Resamples needed so that each tail of δ holds at least `minimumTail` of them. */
export function samplesForTail(logDelta: number, minimumTail = 10): number {
  return Math.ceil(minimumTail / Math.exp(logDelta) - 1e-6);
}
