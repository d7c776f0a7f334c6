import { describe, expect, test } from '@jest/globals';
import { sampleBinomial, sampleMultinomial } from '@mlops-actions/gate/internal';
import { createRandom } from '@mlops-actions/gate/internal';
import { logChoose } from '@mlops-actions/gate/internal';

/** Pearson's chi-square statistic of observed counts against the exact Binomial(n, p) pmf, pooling small cells. */
function chiSquare(observed: Map<number, number>, draws: number, n: number, p: number): { statistic: number; degrees: number } {
  let statistic = 0;
  let degrees = -1;
  let pooledExpected = 0;
  let pooledObserved = 0;
  for (let k = 0; k <= n; k++) {
    pooledExpected += draws * Math.exp(logChoose(n, k) + k * Math.log(p) + (n - k) * Math.log1p(-p));
    pooledObserved += observed.get(k) ?? 0;
    if (pooledExpected >= 20 || k === n) {
      statistic += (pooledObserved - pooledExpected) ** 2 / pooledExpected;
      degrees++;
      pooledExpected = 0;
      pooledObserved = 0;
    }
  }
  return { statistic, degrees };
}

describe('exact binomial sampler', () => {
  test.each([
    [20, 0.1], // inversion
    [7, 0.5], // inversion, symmetric
    [1000, 0.3], // BTRS
    [10_000, 0.02], // BTRS near the switch
    [50, 0.9], // p > 1/2 by reflection
    [100_000, 0.45], // BTRS, large n
  ])('Binomial(%i, %f) matches the exact pmf (chi-square)', (n, p) => {
    const random = createRandom(7);
    const draws = 200_000;
    const observed = new Map<number, number>();
    for (let i = 0; i < draws; i++) {
      const k = sampleBinomial(random, n, p);
      observed.set(k, (observed.get(k) ?? 0) + 1);
    }
    const drawn = [...observed.keys()];
    expect(Math.min(...drawn)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...drawn)).toBeLessThanOrEqual(n);
    expect(drawn.every(Number.isInteger)).toBe(true);
    const { statistic, degrees } = chiSquare(observed, draws, n, p);
    // The 99.99th percentile of chi-square(k) is below k + 6·sqrt(2k) + 16 for every k here.
    expect(statistic).toBeLessThan(degrees + 6 * Math.sqrt(2 * degrees) + 16);
  });

  test('degenerate probabilities', () => {
    const random = createRandom(1);
    expect(sampleBinomial(random, 10, 0)).toBe(0);
    expect(sampleBinomial(random, 10, 1)).toBe(10);
    expect(sampleBinomial(random, 0, 0.5)).toBe(0);
  });

  test('a multinomial draw keeps the total and the seed reproduces it', () => {
    const draw = (seed: number): number[] => {
      const out = new Int32Array(4);
      sampleMultinomial(createRandom(seed), 10_000, [0.1, 0.2, 0.3, 0.4], out);
      return [...out];
    };
    expect(draw(3).reduce((a, b) => a + b)).toBe(10_000);
    expect(draw(3)).toEqual(draw(3));
    expect(draw(3)).not.toEqual(draw(4));
  });

  test('the random source is uniform on [0, 1) and seeded', () => {
    const a = createRandom(42);
    const b = createRandom(42);
    let sum = 0;
    let mismatches = 0;
    let outside = 0;
    for (let i = 0; i < 100_000; i++) {
      const u = a.next();
      if (u !== b.next()) mismatches++;
      if (!(u >= 0 && u < 1)) outside++;
      sum += u;
    }
    expect(mismatches).toBe(0);
    expect(outside).toBe(0);
    expect(Math.abs(sum / 100_000 - 0.5)).toBeLessThan(0.005);
  });
});
