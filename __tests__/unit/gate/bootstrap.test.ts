import { describe, expect, test } from '@jest/globals';
import { countPairs, evaluateGate, parseCondition, resolveSettings, type PairedCounts } from '@mlops-actions/gate';
import { pairedBootstrap } from '@mlops-actions/gate/internal';
import { logChoose, logFactorial } from '@mlops-actions/gate/internal';

/** Paired counts from how many items each model alone gets right, both get right, and both get wrong. */
function pairs(onlyNew: number, onlyOld: number, both: number, neither: number, neitherDiffer = 0): PairedCounts {
  const labels: number[] = [];
  const newPredictions: number[] = [];
  const oldPredictions: number[] = [];
  const add = (count: number, label: number, newPrediction: number, oldPrediction: number): void => {
    for (let i = 0; i < count; i++) {
      labels.push(label);
      newPredictions.push(newPrediction);
      oldPredictions.push(oldPrediction);
    }
  };
  add(onlyNew, 0, 0, 1);
  add(onlyOld, 0, 1, 0);
  add(both, 0, 0, 0);
  add(neither, 0, 1, 1);
  add(neitherDiffer, 0, 1, 2);
  return countPairs(labels, newPredictions, oldPredictions);
}

/**
 * The exact distribution of the bootstrap statistic n − o: with N items resampled, the number of
 * "new only right" items minus "old only right" items is a trinomial difference.
 */
function exactDifferenceCdf(counts: PairedCounts): (x: number) => number {
  const N = counts.items;
  const plus = counts.cells[1 | 4]! / N;
  const minus = counts.cells[2 | 4]! / N;
  const zero = 1 - plus - minus;
  const pmf = new Map<number, number>();
  for (let a = 0; a <= N; a++) {
    for (let b = 0; a + b <= N; b++) {
      const logP =
        logFactorial(N) -
        logFactorial(a) -
        logFactorial(b) -
        logFactorial(N - a - b) +
        (a ? a * Math.log(plus) : 0) +
        (b ? b * Math.log(minus) : 0) +
        (N - a - b ? (N - a - b) * Math.log(zero) : 0);
      pmf.set(a - b, (pmf.get(a - b) ?? 0) + Math.exp(logP));
    }
  }
  const support = [...pmf.keys()].sort((x, y) => x - y);
  return (x: number) => support.reduce((sum, s) => (s / N <= x + 1e-12 ? sum + pmf.get(s)! : sum), 0);
}

describe('paired bootstrap', () => {
  test.each([
    ['a clear improvement', pairs(40, 15, 300, 45)],
    ['no difference', pairs(20, 20, 150, 10)],
    ['few discordant items', pairs(5, 1, 180, 14)],
    ['a worse model, wrong predictions that differ', pairs(10, 30, 200, 50, 10)],
  ])('agrees with the exact distribution of n − o: %s', (_name, counts) => {
    const [distribution] = pairedBootstrap(counts, parseCondition('n - o > 0 +/- 0.1').clauses, 100_000, 11);
    const cdf = exactDifferenceCdf(counts);
    let largestGap = 0;
    const values = new Set(distribution);
    for (const value of values) {
      let below = 0;
      while (below < distribution!.length && distribution![below]! <= value + 1e-12) below++;
      largestGap = Math.max(largestGap, Math.abs(below / distribution!.length - cdf(value)));
    }
    // Kolmogorov–Smirnov at B = 100,000: the 99.9% critical distance is 1.95/sqrt(B) ≈ 0.0062.
    expect(largestGap).toBeLessThan(0.0062);
  });

  test('the exact check itself sees a wrong distribution', () => {
    const counts = pairs(40, 15, 300, 45);
    const [shifted] = pairedBootstrap(pairs(44, 15, 296, 45), parseCondition('n - o > 0 +/- 0.1').clauses, 20_000, 11);
    const cdf = exactDifferenceCdf(counts);
    const median = shifted![10_000]!;
    expect(Math.abs(0.5 - cdf(median))).toBeGreaterThan(0.05);
  });

  test('a seed reproduces the decision exactly; another seed may move the bounds', () => {
    const counts = pairs(120, 80, 1500, 300);
    const settings = resolveSettings({ overrides: { seed: 5, method: 'bootstrap' } });
    const condition = parseCondition('n - o > 0.01 +/- 0.02 /\\ d < 0.2 +/- 0.05');
    const first = evaluateGate({ condition, settings, counts });
    expect(evaluateGate({ condition, settings, counts })).toEqual(first);
    const intervals = new Set(
      [1, 2, 3, 4, 5, 6].map((seed) =>
        JSON.stringify(evaluateGate({ condition, settings: { ...settings, seed }, counts }).clauses.map((c) => c.interval)),
      ),
    );
    expect(intervals.size).toBeGreaterThan(1);
  });

  test('log-factorials match direct products', () => {
    expect(logFactorial(300)).toBeCloseTo(
      [...Array(300).keys()].reduce((s, i) => s + Math.log(i + 1), 0),
      9,
    );
    expect(Math.exp(logChoose(10, 3))).toBeCloseTo(120, 9);
  });
});
