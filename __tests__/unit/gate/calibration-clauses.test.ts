import { describe, expect, test } from '@jest/globals';
import { countPairs, evaluateGate, parseCondition, resolveSettings, type GateEvidence, type IntervalMethod } from '@mlops-actions/gate';
import { createRandom } from '@mlops-actions/gate/internal';

// Calibration of the clause kinds beyond overall accuracy: simulated test sets from a population exactly at the clause's
// boundary, where every promotion is a false one; the rate must stay within δ (plus 3 standard deviations of the
// simulation). The populations are small enough to simulate item by item, as the gate sees them.

const DELTA = 0.05;
const slack = (testSets: number): number => 3 * Math.sqrt((DELTA * (1 - DELTA)) / testSets);

/** One simulated item: its label, and each model's prediction and (for top-K) label rank. */
interface Item {
  label: number;
  newPrediction: number;
  oldPrediction: number;
  newRank?: number;
  oldRank?: number;
}

/** How often the gate promotes over `testSets` test sets of `items` drawn items. */
function promotionRate(params: {
  condition: string;
  classes: readonly string[];
  items: number;
  testSets: number;
  method?: IntervalMethod;
  draw: (random: { next(): number }, index: number) => Item;
}): number {
  const random = createRandom(20_240_601);
  const condition = parseCondition(params.condition);
  const settings = resolveSettings({ overrides: { reliability: 1 - DELTA, method: params.method ?? 'exact', samples: 1_000 } });
  let promoted = 0;
  for (let t = 0; t < params.testSets; t++) {
    const drawn = Array.from({ length: params.items }, (_, i) => params.draw(random, i));
    const ranks = drawn[0]!.newRank !== undefined;
    const evidence: GateEvidence = {
      classes: params.classes,
      labels: Int32Array.from(drawn, (item) => item.label),
      new: {
        predictions: Int32Array.from(drawn, (item) => item.newPrediction),
        ...(ranks ? { labelRank: Int32Array.from(drawn, (item) => item.newRank!) } : {}),
      },
      old: {
        predictions: Int32Array.from(drawn, (item) => item.oldPrediction),
        ...(ranks ? { labelRank: Int32Array.from(drawn, (item) => item.oldRank!) } : {}),
      },
    };
    const counts = countPairs(evidence.labels, evidence.new.predictions, evidence.old!.predictions);
    if (evaluateGate({ condition, settings: { ...settings, seed: t }, counts, evidence }).passed) promoted++;
  }
  return promoted / params.testSets;
}

/** A paired outcome: only the new model right with probability onlyNew, only the old with onlyOld, both with both. */
function pairedOutcome(u: number, onlyNew: number, onlyOld: number, both: number): [boolean, boolean] {
  if (u < onlyNew) return [true, false];
  if (u < onlyNew + onlyOld) return [false, true];
  if (u < onlyNew + onlyOld + both) return [true, true];
  return [false, false];
}

describe('calibration: forall class shares δ over its slices (Bonferroni)', () => {
  const classes = ['a', 'b', 'c', 'd'];
  // 1,600 items per class: enough for ± 0.08 at δ/4 by Hoeffding's bound (1,586), so no slice is "too small to judge".
  const perClass = 1_600;
  const condition = 'forall class: n[class] - o[class] > -0.02 +/- 0.08';
  /** Items of class i % 4, with per-class paired outcomes: true n − o = margins[class]. */
  const draw =
    (margins: readonly number[]) =>
    (random: { next(): number }, i: number): Item => {
      const label = i % classes.length;
      const margin = margins[label]!;
      const [newRight, oldRight] = pairedOutcome(random.next(), 0.07 + margin / 2, 0.07 - margin / 2, 0.75);
      const wrong = (label + 1) % classes.length;
      return { label, newPrediction: newRight ? label : wrong, oldPrediction: oldRight ? label : wrong };
    };
  const testSets = 800;

  test.each(['exact'] as const)('%s: every class exactly at the boundary (n − o = −0.02): false promotions ≤ δ', (method) => {
    const rate = promotionRate({ condition, classes, items: perClass * 4, testSets, method, draw: draw([-0.02, -0.02, -0.02, -0.02]) });
    console.log(`forall class (${method}), 4 classes at the boundary: false promotions ${(rate * 100).toFixed(2)}% (δ = 5%)`);
    expect(rate).toBeLessThanOrEqual(DELTA + slack(testSets));
  });

  test.each(['exact', 'bootstrap'] as const)(
    '%s: one class at the boundary, three far above it (the worst case): false promotions ≤ δ, power shown',
    (method) => {
      const rate = promotionRate({ condition, classes, items: perClass * 4, testSets, method, draw: draw([0.1, 0.1, 0.1, -0.02]) });
      const power = promotionRate({ condition, classes, items: perClass * 4, testSets: 100, method, draw: draw([0.1, 0.1, 0.1, 0.1]) });
      console.log(
        `forall class (${method}), 1 of 4 classes at the boundary: false promotions ${(rate * 100).toFixed(2)}% (δ = 5%); all 12 points above: promoted ${(power * 100).toFixed(0)}%`,
      );
      expect(rate).toBeLessThanOrEqual(DELTA + slack(testSets));
      expect(power).toBeGreaterThan(0.9);
    },
  );
});

describe('calibration: n@K, recall, precision at their boundaries', () => {
  const testSets = 1_000;

  test.each(['exact', 'bootstrap'] as const)('%s: n@3 - o@3 > 0 +/- 0.03 with equal top-3 accuracy', (method) => {
    const classes = Array.from({ length: 10 }, (_, i) => `c${i}`);
    const rate = promotionRate({
      condition: 'n@3 - o@3 > 0 +/- 0.03',
      classes,
      items: 1_500,
      testSets,
      method,
      draw: (random, i) => {
        const label = i % 10;
        const [newTop3, oldTop3] = pairedOutcome(random.next(), 0.06, 0.06, 0.8);
        // Within the top 3 the label ranks 0, 1 or 2; outside it, 3 to 9. Top-1 predictions follow rank 0.
        const rank = (inTop: boolean): number => (inTop ? Math.floor(random.next() * 3) : 3 + Math.floor(random.next() * 7));
        const [newRank, oldRank] = [rank(newTop3), rank(oldTop3)];
        const wrong = (label + 1) % 10;
        return { label, newRank, oldRank, newPrediction: newRank === 0 ? label : wrong, oldPrediction: oldRank === 0 ? label : wrong };
      },
    });
    console.log(`n@3 (${method}): false promotions at the boundary ${(rate * 100).toFixed(2)}% (δ = 5%)`);
    expect(rate).toBeLessThanOrEqual(DELTA + slack(testSets));
  });

  test.each(['exact', 'bootstrap'] as const)('%s: recall(new) - recall(old) > 0 +/- 0.05 with equal recall', (method) => {
    const rate = promotionRate({
      condition: 'recall(new) - recall(old) > 0 +/- 0.05',
      classes: ['negative', 'positive'],
      items: 2_000,
      testSets,
      method,
      draw: (random) => {
        const label = random.next() < 0.5 ? 1 : 0;
        // On the positives the models are paired at equal recall (0.85); on the negatives they are irrelevant to recall.
        const [newRight, oldRight] = label === 1 ? pairedOutcome(random.next(), 0.05, 0.05, 0.8) : [true, random.next() < 0.5];
        return { label, newPrediction: newRight ? label : 1 - label, oldPrediction: oldRight ? label : 1 - label };
      },
    });
    console.log(`recall (${method}): false promotions at the boundary ${(rate * 100).toFixed(2)}% (δ = 5%)`);
    expect(rate).toBeLessThanOrEqual(DELTA + slack(testSets));
  });

  /** A positive prediction with probability 0.4, right with probability `precision`; otherwise a negative one. */
  const predictAt = (random: { next(): number }, precision: number): { prediction: number; label: number } => {
    if (random.next() < 0.4) return { prediction: 1, label: random.next() < precision ? 1 : 0 };
    return { prediction: 0, label: random.next() < 0.8 ? 0 : 1 };
  };

  test('precision(new) > 0.9 +/- 0.03 with precision exactly 0.9', () => {
    const rate = promotionRate({
      condition: 'precision(new) > 0.9 +/- 0.03',
      classes: ['negative', 'positive'],
      items: 2_000,
      testSets,
      draw: (random) => {
        const { prediction, label } = predictAt(random, 0.9);
        return { label, newPrediction: prediction, oldPrediction: label };
      },
    });
    console.log(`precision, one model: false promotions at the boundary ${(rate * 100).toFixed(2)}% (δ = 5%)`);
    expect(rate).toBeLessThanOrEqual(DELTA + slack(testSets));
  });

  test('precision(new) - precision(old) > 0 +/- 0.05 with equal precision (0.85), models sharing the items', () => {
    const rate = promotionRate({
      condition: 'precision(new) - precision(old) > 0 +/- 0.05',
      classes: ['negative', 'positive'],
      items: 2_000,
      testSets,
      draw: (random) => {
        // Each model flags a positive with probability 0.34 and a negative with 0.06, independently given the label:
        // precision 0.5 · 0.34 / (0.5 · 0.34 + 0.5 · 0.06) = 0.85 for both.
        const label = random.next() < 0.5 ? 1 : 0;
        const flag = (): number => (random.next() < (label === 1 ? 0.34 : 0.06) ? 1 : 0);
        return { label, newPrediction: flag(), oldPrediction: flag() };
      },
    });
    console.log(`precision, difference: false promotions at the boundary ${(rate * 100).toFixed(2)}% (δ = 5%)`);
    expect(rate).toBeLessThanOrEqual(DELTA + slack(testSets));
  });
});
