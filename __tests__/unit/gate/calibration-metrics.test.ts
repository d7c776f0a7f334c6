import { describe, expect, test } from '@jest/globals';
import { ConfigurationError } from '@mlops-actions/common';
import {
  calibrationInterval,
  calibrationItemsRequired,
  createRandom,
  ECE_BINS,
  expectedCalibrationError,
} from '@mlops-actions/gate/internal';

/** Guo et al.'s reference computation, written as their code does it: bins (lower, upper] from evenly spaced edges. */
function referenceEce(confidence: ArrayLike<number>, correct: ArrayLike<number>, bins: number): number {
  let ece = 0;
  for (let m = 0; m < bins; m++) {
    const lower = m / bins;
    const upper = (m + 1) / bins;
    let count = 0;
    let accuracy = 0;
    let meanConfidence = 0;
    for (let i = 0; i < confidence.length; i++) {
      const c = confidence[i]!;
      if ((c > lower || (m === 0 && c === 0)) && c <= upper) {
        count++;
        accuracy += correct[i]!;
        meanConfidence += c;
      }
    }
    if (count > 0) ece += (count / confidence.length) * Math.abs(accuracy / count - meanConfidence / count);
  }
  return ece;
}

describe('expectedCalibrationError (15 equal-width bins on top-1 confidence)', () => {
  test('a hand-computed example', () => {
    // Two items at 0.95 (bin 15), half right: |0.5 − 0.95| · 2/6; four at 0.55 (bin 9), half right: |0.5 − 0.55| · 4/6.
    const ece = expectedCalibrationError([0.95, 0.95, 0.55, 0.55, 0.55, 0.55], [true, false, 1, 1, 0, 0]);
    expect(ece).toBeCloseTo((0.45 * 2) / 6 + (0.05 * 4) / 6, 12);
  });

  // The top edge, 1, has no bin above it to be confused with.
  test.each(Array.from({ length: ECE_BINS - 1 }, (_, k) => k + 1))('confidence exactly %i/15 belongs to the bin below the edge', (k) => {
    // A right item at the edge and a wrong one just below it: in one bin they nearly cancel; split, they would not.
    const edge = k / ECE_BINS;
    const below = edge - 0.01;
    const together = Math.abs(1 - (edge + below)) / 2;
    expect(expectedCalibrationError([edge, below], [1, 0])).toBeCloseTo(together, 12);
  });

  test('confidence 0 counts in the first bin; agrees with the reference computation on random data', () => {
    // Together in the first bin the gaps +1 and −0.05 partly cancel; left out, or binned apart, they would not.
    expect(expectedCalibrationError([0, 0.05], [1, 0])).toBeCloseTo(0.95 / 2, 12);
    const random = createRandom(7);
    const confidence = Float32Array.from({ length: 5_000 }, () => Math.round(random.next() * 300) / 300);
    const correct = Uint8Array.from(confidence, (c) => (random.next() < c * 0.9 ? 1 : 0));
    expect(expectedCalibrationError(confidence, correct)).toBeCloseTo(referenceEce(confidence, correct, ECE_BINS), 12);
    expect(expectedCalibrationError(confidence, correct, 10)).toBeCloseTo(referenceEce(confidence, correct, 10), 12);
  });
});

/** One simulated test set of paired items: each model's confidence, correctness and per-item Brier score. */
interface Sample {
  confidence: Float64Array;
  correct: Uint8Array;
  brier: Float64Array;
}

/**
 * Paired items whose top-1 confidence is uniform on [0.3, 1] and shared by both models, the top-1 prediction right with
 * probability confidence − gap (gap = 0: calibrated; gap > 0: overconfident), both models' correctness drawn from one
 * uniform per item (so they agree as often as they can). Binned ECE* of such a model is exactly |gap|.
 */
function calibrationSample(random: { next(): number }, items: number, gaps: readonly number[]): Sample[] {
  // Both models see the same confidences; only which items they get right differs.
  const confidence = new Float64Array(items);
  const uniform = new Float64Array(items);
  for (let i = 0; i < items; i++) {
    confidence[i] = 0.3 + 0.7 * random.next();
    uniform[i] = random.next();
  }
  return gaps.map((gap) => {
    const correct = new Uint8Array(items);
    for (let i = 0; i < items; i++) correct[i] = uniform[i]! < confidence[i]! - gap ? 1 : 0;
    return { confidence, correct, brier: new Float64Array(0) };
  });
}

/**
 * Paired per-item Brier scores of a binary problem, 2 (1 − t)² with t the probability given to the true class. The
 * old model's t comes from a fixed discrete distribution; the new model's is the same item's t (80%) or a fresh draw
 * (20%), minus `shift`, so both have the same distribution of t up to the shift and brier(new) − brier(old) =
 * 2 (2 · shift · E[1 − t] + shift²) exactly.
 */
const TRUTH_PROBABILITIES = [0.97, 0.9, 0.75, 0.55, 0.35, 0.1];
const TRUTH_WEIGHTS = [0.45, 0.2, 0.12, 0.1, 0.08, 0.05];
const meanMiss = TRUTH_PROBABILITIES.reduce((sum, t, i) => sum + TRUTH_WEIGHTS[i]! * (1 - t), 0);
/** The root s of 2 s² + 4 E[1 − t] s − difference = 0 nearer 0 (negative for a negative difference: the new model better). */
const shiftFor = (difference: number): number => (-4 * meanMiss + Math.sqrt(16 * meanMiss ** 2 + 8 * difference)) / 4;

function drawTruth(random: { next(): number }): number {
  let u = random.next();
  for (let k = 0; k < TRUTH_WEIGHTS.length - 1; k++) if ((u -= TRUTH_WEIGHTS[k]!) < 0) return TRUTH_PROBABILITIES[k]!;
  return TRUTH_PROBABILITIES.at(-1)!;
}

function brierSample(random: { next(): number }, items: number, shift: number): { newBrier: Float64Array; oldBrier: Float64Array } {
  const newBrier = new Float64Array(items);
  const oldBrier = new Float64Array(items);
  for (let i = 0; i < items; i++) {
    const truth = drawTruth(random);
    const newTruth = (random.next() < 0.8 ? truth : drawTruth(random)) - shift;
    oldBrier[i] = 2 * (1 - truth) ** 2;
    newBrier[i] = 2 * (1 - newTruth) ** 2;
  }
  return { newBrier, oldBrier };
}

describe('brier: calibration by simulation (brier(new) < brier(old) + 0.005 +/- 0.01)', () => {
  const delta = 0.05;
  const items = 10_000;

  function passRate(difference: number, testSets: number): { rate: number; method: string } {
    const random = createRandom(Math.round(difference * 1e6) + 11);
    const shift = shiftFor(difference);
    let passed = 0;
    let method = '';
    for (let t = 0; t < testSets; t++) {
      const { newBrier, oldBrier } = brierSample(random, items, shift);
      const result = calibrationInterval('brier', 1, -1, { brier: newBrier }, { brier: oldBrier }, delta);
      method = result.method;
      if (result.interval[1] < 0.005) passed++;
    }
    return { rate: passed / testSets, method };
  }

  test('the population is at the boundary exactly', () => {
    const shift = shiftFor(0.005);
    const expected = TRUTH_PROBABILITIES.reduce((sum, t, i) => sum + TRUTH_WEIGHTS[i]! * 2 * ((1 - t + shift) ** 2 - (1 - t) ** 2), 0);
    expect(expected).toBeCloseTo(0.005, 14);
  });

  test('at the boundary (true brier(new) − brier(old) = 0.005) false promotions stay within δ', () => {
    const testSets = 2_000;
    const { rate, method } = passRate(0.005, testSets);
    console.log(
      `brier: false promotions at the boundary ${(rate * 100).toFixed(2)}% (δ = 5%, ${testSets} test sets of ${items} items; ${method})`,
    );
    expect(rate).toBeLessThanOrEqual(delta + 3 * Math.sqrt((delta * (1 - delta)) / testSets));
  });

  test('power for a clear improvement (true brier(new) − brier(old) = −0.01) at 10,000 items is reported', () => {
    const testSets = 300;
    const { rate } = passRate(-0.01, testSets);
    console.log(`brier: power at brier(new) − brier(old) = −0.01 is ${(rate * 100).toFixed(1)}% (${testSets} test sets of ${items} items)`);
    expect(rate).toBeGreaterThan(0.8);
  });
});

describe('ece: calibration by simulation', () => {
  const delta = 0.05;
  const slack = (testSets: number): number => 3 * Math.sqrt((delta * (1 - delta)) / testSets);

  test.each([
    { name: 'calibrated (ECE* = 0)', gap: 0 },
    { name: 'overconfident by 0.03 (ECE* = 0.03)', gap: 0.03 },
    { name: 'underconfident by 0.05 (ECE* = 0.05)', gap: -0.05 },
  ])('each end of the one-model interval misses ECE* with probability ≤ δ: $name', ({ gap }) => {
    const testSets = 1_000;
    const items = 2_000;
    const random = createRandom(Math.round(gap * 1000) + 3);
    let lowerMiss = 0;
    let upperMiss = 0;
    let naiveBelow = 0;
    for (let t = 0; t < testSets; t++) {
      const [model] = calibrationSample(random, items, [gap]);
      const { estimate, interval } = calibrationInterval('ece', 1, 0, model!, undefined, delta);
      if (interval[0] > Math.abs(gap)) lowerMiss++;
      if (interval[1] < Math.abs(gap)) upperMiss++;
      if (estimate > Math.abs(gap)) naiveBelow++;
    }
    console.log(
      `ece ${gap}: lower end above ECE* in ${((lowerMiss / testSets) * 100).toFixed(2)}%, upper end below it in ${((upperMiss / testSets) * 100).toFixed(2)}%, estimate above it in ${((naiveBelow / testSets) * 100).toFixed(1)}% (the bias)`,
    );
    expect(lowerMiss / testSets).toBeLessThanOrEqual(delta + slack(testSets));
    expect(upperMiss / testSets).toBeLessThanOrEqual(delta + slack(testSets));
  });

  /** How often `ece(new) − ece(old) < 0.01` passes, for the given per-model gaps, at 10,000 items. */
  function passRate(newGap: number, oldGap: number, testSets: number): { rate: number; naive: number; width: number; method: string } {
    const items = 10_000;
    const random = createRandom(Math.round((newGap + 2 * oldGap) * 1000) + 5);
    let passed = 0;
    let naive = 0;
    let width = 0;
    let method = '';
    for (let t = 0; t < testSets; t++) {
      const [newModel, oldModel] = calibrationSample(random, items, [newGap, oldGap]);
      const result = calibrationInterval('ece', 1, -1, newModel!, oldModel, delta);
      if (result.interval[1] < 0.01) passed++;
      if (result.estimate < 0.01) naive++;
      width += (result.interval[1] - result.estimate) / testSets;
      method = result.method;
    }
    return { rate: passed / testSets, naive: naive / testSets, width, method };
  }

  test('at the boundary (ECE*(new) = 0.01, ECE*(old) = 0, where the old estimate is most biased) false promotions stay within δ', () => {
    const testSets = 1_000;
    const { rate, naive, width, method } = passRate(0.01, 0, testSets);
    console.log(
      `ece: false promotions at the boundary ${(rate * 100).toFixed(2)}% (δ = 5%; the point estimate alone would pass ${(naive * 100).toFixed(1)}%); upper end ${width.toFixed(4)} above the estimate at 10,000 items; ${method}`,
    );
    expect(rate).toBeLessThanOrEqual(delta + slack(testSets));
    // The population is a hard one: an interval that trusted the biased estimate would promote far more often than δ.
    expect(naive).toBeGreaterThan(0.5);
  });

  test('power for a clear improvement (ECE*(new) = 0, ECE*(old) = 0.06) at 10,000 items is reported', () => {
    const testSets = 150;
    const { rate } = passRate(0, 0.06, testSets);
    console.log(`ece: power at ece(new) − ece(old) = −0.06 is ${(rate * 100).toFixed(1)}% (${testSets} test sets of 10,000 items)`);
    expect(rate).toBeGreaterThan(0.5);
  });
});

describe('calibrationItemsRequired', () => {
  test('brier: at the items it asks for, both ends lie within the tolerance even for the most variable data, and not with fewer', () => {
    const tolerance = 0.05;
    const required = calibrationItemsRequired('brier', 1, -1, tolerance, 0.05);
    // Paired scores 2 − 0 or 0 − 2: the largest variance the range allows, where Hoeffding beats empirical Bernstein.
    const widths = (items: number): number[] => {
      const newBrier = Float64Array.from({ length: items }, (_, i) => (i % 2) * 2);
      const oldBrier = Float64Array.from(newBrier, (value) => 2 - value);
      const { estimate, interval } = calibrationInterval('brier', 1, -1, { brier: newBrier }, { brier: oldBrier }, 0.05);
      return [estimate - interval[0], interval[1] - estimate];
    };
    for (const width of widths(required)) expect(width).toBeLessThanOrEqual(tolerance);
    for (const width of widths(Math.floor(required * 0.9))) expect(width).toBeGreaterThan(tolerance);
  });

  test('ece: at the items it asks for, both ends lie within the tolerance', () => {
    const tolerance = 0.1;
    const required = calibrationItemsRequired('ece', 1, -1, tolerance, 0.05);
    const random = createRandom(5);
    const model = (): { confidence: Float64Array; correct: Uint8Array } => {
      const confidence = Float64Array.from({ length: required }, () => random.next());
      return { confidence, correct: Uint8Array.from(confidence, () => (random.next() < 0.5 ? 1 : 0)) };
    };
    const { estimate, interval } = calibrationInterval('ece', 1, -1, model(), model(), 0.05);
    expect(estimate - interval[0]).toBeLessThanOrEqual(tolerance);
    expect(interval[1] - estimate).toBeLessThanOrEqual(tolerance);
    expect(calibrationItemsRequired('ece', 1, -1, 0.01, 0.05)).toBe(705_128);
  });
});

describe('calibrationInterval', () => {
  test('brier of one model: the interval holds the estimate and stays within [0, 2]', () => {
    const result = calibrationInterval('brier', 1, 0, { brier: [0, 0, 0.1, 2] }, undefined, 0.05);
    expect(result.estimate).toBeCloseTo(0.525, 12);
    expect(result.interval[0]).toBe(0);
    expect(result.interval[1]).toBeLessThanOrEqual(2);
    expect(result.interval[1]).toBeGreaterThan(result.estimate);
  });

  test('identical per-item Brier scores give a paired difference near 0 whatever their spread', () => {
    const random = createRandom(1);
    const brier = Float64Array.from({ length: 5_000 }, () => 2 * random.next());
    const result = calibrationInterval('brier', 1, -1, { brier }, { brier }, 0.05);
    expect(result.estimate).toBe(0);
    // Zero variance: only the empirical Bernstein bound's range term remains, 7 · 4 · ln(4/δ) / (3 (N − 1)).
    expect(result.interval[1]).toBeCloseTo((7 * 4 * Math.log(4 / 0.05)) / (3 * 4_999), 12);
    expect(result.method).toMatch(/empirical Bernstein/);
  });

  const confidence = [0.9, 0.8];
  const correct = [1, 0];
  test.each([
    {
      name: 'a NaN confidence',
      call: () => calibrationInterval('ece', 1, 0, { confidence: [0.9, Number.NaN], correct }, undefined, 0.05),
      message: /confidence of the new model: value NaN at index 1 is not a finite number/,
    },
    {
      name: 'a confidence above 1',
      call: () => calibrationInterval('ece', 1, -1, { confidence, correct }, { confidence: [1.5, 0.2], correct }, 0.05),
      message: /confidence of the production model: value 1.5 at index 0 lies outside \[0, 1\]/,
    },
    {
      name: 'an infinite Brier score',
      call: () => calibrationInterval('brier', 1, 0, { brier: [Infinity] }, undefined, 0.05),
      message: /Brier scores of the new model: value Infinity at index 0 is not a finite number/,
    },
    {
      name: 'a Brier score above 2',
      call: () => calibrationInterval('brier', 1, 0, { brier: [2.5] }, undefined, 0.05),
      message: /lies outside \[0, 2\]/,
    },
    {
      name: 'a correctness of 2',
      call: () => expectedCalibrationError(confidence, [1, 2]),
      message: /value 2 at index 1 is neither true\/false nor 1\/0/,
    },
    { name: 'no items', call: () => expectedCalibrationError([], []), message: /no values were given/ },
    {
      name: 'lengths that differ',
      call: () => calibrationInterval('brier', 1, -1, { brier: [1, 1] }, { brier: [1] }, 0.05),
      message: /Brier scores of the production model has 1 values but those of the new model has 2/,
    },
    {
      name: 'confidence without correctness for every item',
      call: () => expectedCalibrationError(confidence, [1]),
      message: /has 1 values but its confidence has 2/,
    },
    {
      name: 'missing Brier scores',
      call: () => calibrationInterval('brier', 1, 0, { confidence, correct }, undefined, 0.05),
      message: /needs the Brier scores of the new model/,
    },
    {
      name: 'ece(old) without a production model',
      call: () => calibrationInterval('ece', 1, -1, { confidence, correct }, undefined, 0.05),
      message: /uses ece\(old\), but there is no production model/,
    },
  ])('$name is refused with a message naming it', ({ call, message }) => {
    expect(call).toThrow(ConfigurationError);
    expect(call).toThrow(message);
  });
});
