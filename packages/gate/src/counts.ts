import { ConfigurationError } from '@mlops-actions/common';
import type { Variable } from './condition.js';

/**
 * The paired test set reduced to what the gate needs: how many items fall in each of the 8 cells
 * (bit 0: new model right, bit 1: old model right, bit 2: the two predictions differ).
 * Items where both predictions agree cannot have different correctness, so at most 6 cells are used.
 */
export interface PairedCounts {
  items: number;
  /** Count per cell, indexed by the bits above. */
  cells: number[];
  /** False when there is no old (production) model: only bit 0 is meaningful. */
  hasOld: boolean;
}

export const NEW_RIGHT = 1;
export const OLD_RIGHT = 2;
export const DIFFERENT = 4;

/** An accumulator of paired predictions, so a large predictions file never sits in memory. */
/** A class: its index, as a number or as the digits of one (indices beyond 2^53 stay exact as strings). */
export type ClassLabel = number | string;

export interface PairCounter {
  /** Adds one item; `old` undefined when there is no production model. Classes compare with ===. */
  add(label: ClassLabel, newPrediction: ClassLabel, oldPrediction?: ClassLabel): void;
  counts(): PairedCounts;
}

export function createPairCounter(): PairCounter {
  const cells = [0, 0, 0, 0, 0, 0, 0, 0];
  let items = 0;
  let withOld = 0;
  return {
    add(label, newPrediction, oldPrediction) {
      let cell = newPrediction === label ? NEW_RIGHT : 0;
      if (oldPrediction !== undefined) {
        withOld++;
        if (oldPrediction === label) cell |= OLD_RIGHT;
        if (oldPrediction !== newPrediction) cell |= DIFFERENT;
      }
      cells[cell]!++;
      items++;
    },
    counts() {
      if (withOld !== 0 && withOld !== items) {
        throw new ConfigurationError(
          `${withOld} of ${items} items have an old prediction: give one for every item, or none when there is no production model`,
        );
      }
      return { items, cells: [...cells], hasOld: items > 0 && withOld === items };
    },
  };
}

/** Counts paired predictions held in arrays (labels, new predictions, and old predictions when there are any). */
export function countPairs(labels: ArrayLike<number>, newPredictions: ArrayLike<number>, oldPredictions?: ArrayLike<number>): PairedCounts {
  if (newPredictions.length !== labels.length || (oldPredictions && oldPredictions.length !== labels.length)) {
    throw new ConfigurationError(
      `labels (${labels.length}), new predictions (${newPredictions.length}) and old predictions (${oldPredictions?.length ?? 'none'}) must have one entry per item`,
    );
  }
  const counter = createPairCounter();
  for (let i = 0; i < labels.length; i++) counter.add(labels[i]!, newPredictions[i]!, oldPredictions?.[i]);
  return counter.counts();
}

/** The value of a variable (0 or 1) for an item in a cell. */
export function cellVariable(cell: number, variable: Variable): number {
  const bit = variable === 'n' ? NEW_RIGHT : variable === 'o' ? OLD_RIGHT : DIFFERENT;
  return cell & bit ? 1 : 0;
}

/** The point estimates n̂, ô, d̂. */
export function estimates(counts: PairedCounts): Record<Variable, number> {
  const share = (bit: number): number => counts.cells.reduce((sum, count, cell) => sum + (cell & bit ? count : 0), 0) / counts.items;
  return { n: share(NEW_RIGHT), o: share(OLD_RIGHT), d: share(DIFFERENT) };
}
