import { describe, expect, test } from '@jest/globals';
import { ConfigurationError } from '@mlops-actions/common';
import { createRandom, latencyInterval, quantileBounds } from '@mlops-actions/gate/internal';

/** A probability as an exact fraction. */
interface Fraction {
  numerator: bigint;
  denominator: bigint;
}

/**
 * P(Bin(n, q) ≤ k) exactly, q = qNumerator / qDenominator, by summing the binomial terms in whole numbers: the miss
 * probability of an order-statistic bound of a continuous distribution, computed without the code under test.
 */
function exactBinomialCdf(k: number, n: number, qNumerator: number, qDenominator: number): Fraction {
  const success = BigInt(qNumerator);
  const failure = BigInt(qDenominator - qNumerator);
  let numerator = 0n;
  let choose = 1n;
  for (let j = 0; j <= k; j++) {
    numerator += choose * success ** BigInt(j) * failure ** BigInt(n - j);
    choose = (choose * BigInt(n - j)) / BigInt(j + 1);
  }
  return { numerator, denominator: BigInt(qDenominator) ** BigInt(n) };
}

/** P(Bin(n, q) ≥ j) exactly. */
function exactBinomialUpperTail(j: number, n: number, qNumerator: number, qDenominator: number): Fraction {
  const below = exactBinomialCdf(j - 1, n, qNumerator, qDenominator);
  return { numerator: below.denominator - below.numerator, denominator: below.denominator };
}

/** fraction ≤ delta, delta given in millionths so the comparison stays exact. */
const atMost = (fraction: Fraction, deltaMillionths: number): boolean =>
  fraction.numerator * 1_000_000n <= BigInt(deltaMillionths) * fraction.denominator;

describe('quantileBounds: exact coverage of the order-statistic bounds (continuous batch times)', () => {
  // The samples 1..N in a shuffled order: the bound X₍ₖ₎ is the rank k itself. For a continuous distribution
  // P(X₍ₖ₎ > Q) = P(Bin(N, q) ≤ k − 1) and P(X₍ⱼ₎ < Q) = P(Bin(N, q) ≥ j) exactly.
  const levels = [
    { name: 'p50', numerator: 1, denominator: 2 },
    { name: 'p90', numerator: 9, denominator: 10 },
    { name: 'p95', numerator: 19, denominator: 20 },
  ];
  const cases = [5, 12, 30, 50, 101, 300].flatMap((items) =>
    levels.flatMap((level) => [10_000, 25_000, 50_000, 200_000].map((deltaMillionths) => ({ items, level, deltaMillionths }))),
  );

  test.each(cases)(
    'N = $items, $level.name, δ = $deltaMillionths ppm: each end misses with probability ≤ δ, and is the tightest that does',
    ({ items, level, deltaMillionths }) => {
      const random = createRandom(items);
      const shuffled = Array.from({ length: items }, (_, i) => i + 1).sort(() => random.next() - 0.5);
      const q = level.numerator / level.denominator;
      const bounds = quantileBounds(shuffled, q, deltaMillionths / 1e6);
      const cdf = (k: number): Fraction => exactBinomialCdf(k, items, level.numerator, level.denominator);
      const tail = (j: number): Fraction => exactBinomialUpperTail(j, items, level.numerator, level.denominator);
      if (bounds.lower === undefined) {
        // Even the smallest sample lies above Q too often: P(all N samples above Q) = (1 − q)^N > δ.
        expect(atMost(cdf(0), deltaMillionths)).toBe(false);
      } else {
        expect(atMost(cdf(bounds.lower - 1), deltaMillionths)).toBe(true);
        if (bounds.lower < items) expect(atMost(cdf(bounds.lower), deltaMillionths)).toBe(false);
      }
      if (bounds.upper === undefined) {
        expect(atMost(tail(items), deltaMillionths)).toBe(false);
      } else {
        expect(atMost(tail(bounds.upper), deltaMillionths)).toBe(true);
        if (bounds.upper > 1) expect(atMost(tail(bounds.upper - 1), deltaMillionths)).toBe(false);
      }
    },
  );

  test('the estimate is the interpolated sample quantile (numpy and R default) and lies within the bounds', () => {
    const samples = [12, 3, 7, 1, 9, 4, 15, 8, 10, 2];
    // Sorted: 1 2 3 4 7 8 9 10 12 15; p50 at position 4.5 → (7 + 8) / 2; p90 at position 8.1 → 12 + 0.1 · 3.
    expect(quantileBounds(samples, 0.5, 0.05).estimate).toBeCloseTo(7.5, 12);
    expect(quantileBounds(samples, 0.9, 0.05).estimate).toBeCloseTo(12.3, 12);
    const median = quantileBounds(samples, 0.5, 0.05);
    expect(median.lower).toBeLessThanOrEqual(median.estimate);
    expect(median.upper).toBeGreaterThanOrEqual(median.estimate);
  });
});

/** Every way of spreading `total` items over `cells` values, as counts. */
function* compositions(total: number, cells: number): Generator<number[]> {
  if (cells === 1) {
    yield [total];
    return;
  }
  for (let first = 0; first <= total; first++) for (const rest of compositions(total - first, cells - 1)) yield [first, ...rest];
}

describe('quantileBounds: exact coverage with ties (a millisecond clock)', () => {
  // Batch times on a coarse clock take few values. The sorted sample is fixed by how many batches got each value, so
  // enumerating every count (multinomial) gives the miss probabilities exactly.
  const cases = [
    { name: 'p50, median on an atom', values: [10, 11, 12, 13], probabilities: [0.3, 0.4, 0.2, 0.1], q: 0.5, items: 40 },
    { name: 'p50, F(Q) exactly q', values: [10, 11, 12, 13], probabilities: [0.25, 0.25, 0.25, 0.25], q: 0.5, items: 40 },
    { name: 'p95, on an atom', values: [10, 11, 12], probabilities: [0.6, 0.3, 0.1], q: 0.95, items: 80 },
    { name: 'p95, F(Q) exactly q', values: [10, 11, 12], probabilities: [0.6, 0.35, 0.05], q: 0.95, items: 80 },
  ];

  test.each(cases)('$name: P(lower > Q) ≤ δ and P(upper < Q) ≤ δ', ({ values, probabilities, q, items }) => {
    const delta = 0.05;
    let cumulative = 0;
    const quantile = values.find((_, i) => (cumulative += probabilities[i]!) >= q - 1e-12)!;
    const logFactorial = (n: number): number => Array.from({ length: n }, (_, i) => Math.log(i + 1)).reduce((a, b) => a + b, 0);
    let lowerMiss = 0;
    let upperMiss = 0;
    let total = 0;
    for (const counts of compositions(items, values.length)) {
      const probability = Math.exp(
        logFactorial(items) + counts.reduce((sum, count, i) => sum + count * Math.log(probabilities[i]!) - logFactorial(count), 0),
      );
      const bounds = quantileBounds(
        counts.flatMap((count, i) => Array<number>(count).fill(values[i]!)),
        q,
        delta,
      );
      total += probability;
      if ((bounds.lower ?? -Infinity) > quantile) lowerMiss += probability;
      if ((bounds.upper ?? Infinity) < quantile) upperMiss += probability;
    }
    expect(total).toBeCloseTo(1, 9);
    expect(lowerMiss).toBeLessThanOrEqual(delta);
    expect(upperMiss).toBeLessThanOrEqual(delta);
  });
});

/** Batch times: lognormal around `median` ms, with 5% of batches three times slower (a pause), all scaled by `scale`. */
function batchTimes(random: { next(): number }, count: number, median: number, scale: number): Float64Array {
  return Float64Array.from({ length: count }, () => {
    const normal = Math.sqrt(-2 * Math.log(1 - random.next())) * Math.cos(2 * Math.PI * random.next());
    const pause = random.next() < 0.05 ? 3 : 1;
    return scale * median * pause * Math.exp(0.15 * normal);
  });
}

describe('latency(new) < 1.2 * latency(old): calibration by simulation', () => {
  const delta = 0.05;
  const slack = (testSets: number): number => 3 * Math.sqrt((delta * (1 - delta)) / testSets);

  /** How often the clause is shown true (the upper end below 0) and shown false (the lower end above 0). */
  function outcomes(ratio: number, batches: number, q: number, testSets = 3_000): { passed: number; failed: number } {
    const random = createRandom(Math.round(ratio * 1000) + batches);
    let passed = 0;
    let failed = 0;
    for (let t = 0; t < testSets; t++) {
      // The new model's time distribution is the old one's scaled by `ratio`, so its quantiles are exactly ratio × old's.
      const oldMs = batchTimes(random, batches, 20, 1);
      const newMs = batchTimes(random, batches, 20, ratio);
      const { interval } = latencyInterval(1, newMs, -1.2, oldMs, q, delta);
      if (interval[1] < 0) passed++;
      if (interval[0] > 0) failed++;
    }
    return { passed: passed / testSets, failed: failed / testSets };
  }

  test.each([
    { q: 0.5, batches: 50, testSets: 4_000 },
    { q: 0.95, batches: 200, testSets: 1_500 },
  ])(
    'at the boundary (true quantiles in ratio exactly 1.2), q = $q, $batches batches each: false passes ≤ δ',
    ({ q, batches, testSets }) => {
      const { passed } = outcomes(1.2, batches, q, testSets);
      console.log(
        `latency q=${q}: false passes at ratio 1.2 ${(passed * 100).toFixed(2)}% (δ = 5%, ${testSets} runs of ${batches} batches each)`,
      );
      expect(passed).toBeLessThanOrEqual(delta + slack(testSets));
    },
  );

  test('a clearly slower model (×1.5) is rejected with 50 batches each', () => {
    const { passed, failed } = outcomes(1.5, 50, 0.5);
    console.log(`latency p50: at ratio 1.5 shown false in ${(failed * 100).toFixed(1)}% of runs, passed in ${(passed * 100).toFixed(2)}%`);
    expect(passed).toBe(0);
    expect(failed).toBeGreaterThan(0.95);
  });

  test('a clearly faster model (×0.9) passes with 50 batches each', () => {
    const { passed } = outcomes(0.9, 50, 0.5);
    console.log(`latency p50: at ratio 0.9 passed in ${(passed * 100).toFixed(1)}% of runs`);
    expect(passed).toBeGreaterThan(0.95);
  });
});

describe('latencyInterval', () => {
  const newMs = [21, 19, 23, 20, 22, 18, 24, 20, 21, 19, 22, 20, 23, 21, 20, 19, 22, 21, 20, 24];

  test('an absolute clause (latency(new, p95) < 25 ms) cannot be bounded above from 20 batches: its upper end is +Infinity', () => {
    // 0.95^20 ≈ 0.36 > δ: even the slowest batch lies below the p95 too often to bound it.
    const { estimate, interval } = latencyInterval(1, newMs, 0, undefined, 0.95, 0.05);
    // Sorted, the two slowest batches are both 24 ms: the p95 (position 18.05) is 24.
    expect(estimate).toBe(24);
    expect(interval[1]).toBe(Infinity);
    expect(interval[0]).toBeGreaterThan(20);
  });

  test('a negative coefficient takes the other end of its term, and δ is split over the terms used', () => {
    const oldMs = newMs.map((ms) => ms + 5);
    const combined = latencyInterval(1, newMs, -1, oldMs, 0.5, 0.05);
    const newAlone = quantileBounds(newMs, 0.5, 0.025);
    const oldAlone = quantileBounds(oldMs, 0.5, 0.025);
    expect(combined.estimate).toBeCloseTo(-5, 12);
    expect(combined.interval).toEqual([newAlone.lower! - oldAlone.upper!, newAlone.upper! - oldAlone.lower!]);
    // With one term used, it gets the whole δ.
    expect(latencyInterval(0, newMs, 2, oldMs, 0.5, 0.05).interval).toEqual([
      2 * quantileBounds(oldMs, 0.5, 0.05).lower!,
      2 * quantileBounds(oldMs, 0.5, 0.05).upper!,
    ]);
  });

  test.each([
    {
      name: 'a NaN batch time',
      call: () => latencyInterval(1, [20, Number.NaN, 21], 0, undefined, 0.5, 0.05),
      message: /batch times of the new model: value NaN at index 1 is not a finite number/,
    },
    {
      name: 'an infinite old batch time',
      call: () => latencyInterval(1, [20], -1, [20, Infinity], 0.5, 0.05),
      message: /batch times of the production model: value Infinity at index 1/,
    },
    {
      name: 'no batches',
      call: () => latencyInterval(1, [], 0, undefined, 0.5, 0.05),
      message: /batch times of the new model: no values were given/,
    },
    {
      name: 'latency(old) without a production model',
      call: () => latencyInterval(1, [20], -1.2, undefined, 0.5, 0.05),
      message: /uses latency\(old\), but there is no production model/,
    },
    {
      name: 'a quantile level of 1',
      call: () => quantileBounds([1, 2], 1, 0.05),
      message: /quantile level must lie strictly between 0 and 1, got 1/,
    },
    {
      name: 'a non-finite coefficient',
      call: () => latencyInterval(Number.NaN, [20], 0, undefined, 0.5, 0.05),
      message: /coefficient of latency\(new\) is NaN/,
    },
  ])('$name is refused with a message naming it', ({ call, message }) => {
    expect(call).toThrow(ConfigurationError);
    expect(call).toThrow(message);
  });
});
