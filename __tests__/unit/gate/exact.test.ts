import { describe, expect, test } from '@jest/globals';
import { evaluateGate, pairedPValue, parseCondition, resolveSettings, scoreStatistic, type PairedCounts } from '@mlops-actions/gate';
import { pairedExact } from '@mlops-actions/gate';
import { binomialUpperTail, pairedRejects } from '@mlops-actions/gate/internal';

// The test's own arithmetic, independent of the gate's: ln Γ by Lanczos (g = 7, 9 terms), binomial pmf from it.
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
  -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];
function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  x -= 1;
  let a = LANCZOS[0]!;
  const t = x + 7.5;
  for (let i = 1; i < 9; i++) a += LANCZOS[i]! / (x + i);
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
}
function binomialPmf(k: number, n: number, p: number): number {
  if (k < 0 || k > n) return 0;
  if (p <= 0) return k === 0 ? 1 : 0;
  if (p >= 1) return k === n ? 1 : 0;
  return Math.exp(logGamma(n + 1) - logGamma(k + 1) - logGamma(n - k + 1) + k * Math.log(p) + (n - k) * Math.log1p(-p));
}
/** P(X ≥ k), X ~ Bin(n, p): the pmf summed from k, stopping past the mode once the terms no longer count. */
function upperTail(k: number, n: number, p: number): number {
  let sum = 0;
  for (let j = Math.max(0, k); j <= n; j++) {
    const term = binomialPmf(j, n, p);
    sum += term;
    if (j > n * p + 1 && term <= sum * 1e-17) break;
  }
  return Math.min(1, sum);
}

/**
 * The gate's decisions for one (N, θ, δ): for each discordant total m up to `mMax`, the smallest number of improvements
 * b with which the gate shows Δ > θ (m + 1 when none). Found by walking from the last m's boundary, or, with
 * `exhaustive`, by deciding every b, which also checks that the decision is monotone in b.
 */
function decisionBoundaries(items: number, theta: number, delta: number, mMax: number, exhaustive: boolean): Int32Array {
  const rejects = (b: number, m: number): boolean => pairedRejects(b, m - b, items, theta, delta);
  const boundaries = new Int32Array(mMax + 1);
  let boundary = 0;
  for (let m = 0; m <= mMax; m++) {
    let first: number;
    if (exhaustive) {
      const decisions = Array.from({ length: m + 1 }, (_, b) => rejects(b, m));
      first = decisions.indexOf(true);
      if (first === -1) first = m + 1;
      // Monotone in b: once the gate promotes, more improvements (and fewer regressions) keep it promoting.
      expect(decisions.slice(first).every(Boolean)).toBe(true);
    } else {
      first = Math.min(boundary, m + 1);
      while (first > 0 && rejects(first - 1, m)) first--;
      while (first <= m && !rejects(first, m)) first++;
      for (let b = first + 1; b <= Math.min(m, first + 2); b++) expect(rejects(b, m)).toBe(true);
    }
    boundaries[m] = boundary = first;
  }
  return boundaries;
}

/**
 * The probability that the gate shows Δ > θ when the truth sits on the boundary Δ = θ with discordance ψ: every
 * outcome (b, c) weighed by its exact probability, Σ_m Bin(m; N, ψ) · P(Bin(m, π) ≥ b*(m)), π = (ψ + θ)/2ψ. Totals m
 * beyond the decided ones count as all-promote (an upper bound).
 */
function falsePromotion(items: number, theta: number, psi: number, boundaries: Int32Array, truth = theta): number {
  const pi = (psi + truth) / (2 * psi);
  let probability = 0;
  for (let m = 0; m <= items; m++) {
    const weight = binomialPmf(m, items, psi);
    // A total m this unlikely counts whole, as if every outcome promoted: an upper bound, 1e-16 at most per m.
    probability += m < boundaries.length && weight > 1e-16 ? weight * upperTail(boundaries[m]!, m, pi) : weight;
  }
  return probability;
}

describe('the exact paired test', () => {
  test("Tango's statistic uses the maximum-likelihood point under Δ = θ (checked by searching the likelihood)", () => {
    const searched = (b: number, c: number, items: number, theta: number): number => {
      const rest = items - b - c;
      const likelihood = (q: number): number => b * Math.log(q + theta) + c * Math.log(q) + rest * Math.log(1 - 2 * q - theta);
      let [lo, hi] = [Math.max(0, -theta) + 1e-15, (1 - theta) / 2 - 1e-15];
      for (let i = 0; i < 200; i++) {
        const [x1, x2] = [lo + (hi - lo) / 3, hi - (hi - lo) / 3];
        if (likelihood(x1) < likelihood(x2)) lo = x1;
        else hi = x2;
      }
      const q = (lo + hi) / 2;
      return (b - c - items * theta) / Math.sqrt(items * (2 * q + theta - theta * theta));
    };
    for (const [b, c, items, theta] of [
      [10, 5, 200, 0.02],
      [3, 9, 100, -0.05],
      [40, 20, 500, 0.1],
      [5, 1, 200, -0.01],
      [1, 5, 200, 0.01],
      [300, 20, 3000, 0.05],
    ] as const) {
      expect(scoreStatistic(b, c, items, theta)).toBeCloseTo(searched(b, c, items, theta), 4);
    }
  });

  test('for a fixed number of discordant items the statistic grows with the improvements (every b, m ≤ N = 120)', () => {
    for (const theta of [-0.1, -0.01, 0, 0.01, 0.02, 0.3]) {
      for (let m = 0; m <= 120; m++) {
        for (let b = 1; b <= m; b++)
          expect(scoreStatistic(b, m - b, 120, theta)).toBeGreaterThan(scoreStatistic(b - 1, m - b + 1, 120, theta));
      }
    }
  });

  test('the binomial tail matches the independent sum', () => {
    for (const [k, n, p] of [
      [0, 10, 0.3],
      [4, 10, 0.3],
      [9, 10, 0.3],
      [30, 1000, 0.01],
      [700, 1000, 0.7],
      [5, 1000, 0.01],
    ] as const) {
      expect(binomialUpperTail(k, n, p)).toBeCloseTo(upperTail(k, n, p), 12);
    }
  });

  // The calibration proof: exact false-promotion probabilities at the boundary, no simulation. The decision depends on
  // the discordant counts b, c and N alone, so the accuracies (0.7 or 0.99) matter only through which discordances
  // ψ they allow; ψ = |θ| is one-way discordance (every discordant item in the direction the boundary forces).
  const delta = 0.01;
  const conditions = [
    { name: 'superiority n - o > 0.02', theta: 0.02 },
    { name: 'difference n - o > 0', theta: 0 },
    { name: 'non-inferiority o - n < 0.01', theta: -0.01 },
  ];
  // The grid, and between |θ| and 0.3 a dense scan (48 points, geometric) so no peak hides between cells.
  const discordances = [0.005, 0.01, 0.02, 0.04, 0.1, 0.3];
  const table: string[] = [];
  describe.each([200, 500, 1_000, 2_000, 10_000])('N = %i: false promotions at most δ = 1% in every cell', (items) => {
    test.each(conditions)(
      '$name',
      ({ theta }) => {
        const start = Math.max(Math.abs(theta), 0.005);
        const scan = Array.from({ length: 48 }, (_, i) => start * Math.pow(0.3 / start, i / 47));
        const cells = [...new Set([Math.abs(theta), ...discordances, ...scan])].filter((psi) => psi > 0 && psi >= Math.abs(theta));
        // Decide every m that ψ ≤ 0.3 puts more than 1e-15 on; beyond, everything counts as promoted.
        const mMax = Math.min(items, Math.ceil(0.3 * items + 9 * Math.sqrt(0.21 * items) + 10));
        const boundaries = decisionBoundaries(items, theta, delta, mMax, items <= 200);
        let worst = { rate: 0, psi: 0 };
        for (const psi of cells) {
          const rate = falsePromotion(items, theta, psi, boundaries);
          if (rate > worst.rate) worst = { rate, psi };
          expect({ items, theta, psi, rate: rate <= delta }).toEqual({ items, theta, psi, rate: true });
        }
        table.push(
          `| ${items} | ${theta} | ${(worst.rate * 100).toFixed(3)}% at ψ = ${worst.psi.toPrecision(3)} | ${cells.length} discordances from ${Math.abs(theta) || 0.005} to 0.3 |`,
        );
      },
      300_000,
    );
  });

  test('inside the null too: with ψ below θ the worst case is one-way discordance (Δ = ψ), and it stays within δ', () => {
    const items = 120;
    for (const theta of [0.02, 0.1, 0.4]) {
      const boundaries = decisionBoundaries(items, theta, delta, items, true);
      for (let i = 1; i <= 40; i++) {
        const psi = (theta * i) / 40;
        expect({ theta, psi, rate: falsePromotion(items, theta, psi, boundaries, psi) <= delta }).toEqual({ theta, psi, rate: true });
      }
    }
  });

  test('a threshold at or above the estimate is never shown, whatever the discordance', () => {
    expect(pairedRejects(0, 0, 10_000, 0.02, 0.01)).toBe(false);
    expect(pairedRejects(10, 10, 10_000, 0.02, 0.01)).toBe(false);
    expect(pairedRejects(3, 0, 10_000, 0.02, 0.01)).toBe(false);
    expect(pairedRejects(12, 3, 60, 0.6, 0.05)).toBe(false);
    expect(pairedRejects(90, 10, 120, 0.96, 0.01)).toBe(false);
  });

  test('a threshold at the floor is tested, not assumed: every item right only for the old model does not show n − o > −1', () => {
    const gate = (condition: string, cells: number[]) =>
      evaluateGate({ condition: parseCondition(condition), settings: resolveSettings({}), counts: { items: 20, cells, hasOld: true } });
    expect(gate('n - o > -1 +/- 0.5', [0, 0, 0, 0, 0, 0, 20, 0]).clauses[0]!.value).toBe('unknown');
    expect(gate('n - o < 1 +/- 0.5', [0, 0, 0, 0, 0, 20, 0, 0]).clauses[0]!.value).toBe('unknown');
  });

  test('at ten million items a bound resolves a quarter of an item', () => {
    const result = pairedExact(10, 0, 10_000_000, 0, 0.01);
    expect(result.above).toBe(true);
    expect(result.interval[0]).toBeGreaterThan(0);
  });

  test('the table', () => {
    console.log(['| N | θ | largest false-promotion probability | cells |', '| - | - | - | - |', ...table].join('\n'));
    expect(table).toHaveLength(15);
  });
});

describe('the gate uses the exact test: the three datasets that fooled the bootstrap are rejected', () => {
  // cells: index bit 0 new right, bit 1 old right, bit 2 predictions differ.
  const counts = (agreeRight: number, agreeWrong: number, bothWrongDiffer: number, onlyNew: number, onlyOld: number): PairedCounts => {
    const cells = [agreeWrong, 0, 0, agreeRight, bothWrongDiffer, onlyNew, onlyOld, 0];
    return { cells, items: cells.reduce((a, b) => a + b, 0), hasOld: true };
  };
  const gate = (condition: string, data: PairedCounts) =>
    evaluateGate({ condition: parseCondition(condition), settings: resolveSettings({}), counts: data });

  test('no regression among 200 items does not show non-inferiority (the bootstrap said [0, 0])', () => {
    const result = gate('o - n < 0.01 +/- 0.01', counts(180, 20, 0, 0, 0));
    expect(result.clauses[0]!.method).toBe('exact-score');
    expect(result.clauses[0]!.interval[1]).toBeGreaterThan(0.02);
    expect(result.passed).toBe(false);
  });

  test('one regression among 500 items (489/5/5/0/1) does not show non-inferiority', () => {
    const result = gate('o - n < 0.01 +/- 0.01', counts(489, 5, 5, 0, 1));
    expect(result.clauses[0]!.interval[1]).toBeGreaterThan(0.01);
    expect(result.passed).toBe(false);
  });

  test('the tie (327/70/70/28/5) does not promote', () => {
    const result = gate('n - o > 0.02 +/- 0.01', counts(327, 70, 70, 28, 5));
    expect(result.clauses[0]!.interval[0]).toBeLessThanOrEqual(0.02);
    expect(result.passed).toBe(false);
  });

  test('scaled and mirrored forms are the same test: 2 * (n - o) > 0.04, -1 * o + n > 0.02, o - n < -0.02', () => {
    const data = counts(8_000, 1_000, 200, 500, 300);
    const plain = gate('n - o > 0.02 +/- 0.01', data).clauses[0]!;
    for (const form of ['2 * n - 2 * o > 0.04 +/- 0.02', 'n - 1.0 * o > 0.02 +/- 0.01']) {
      const clause = gate(form, data).clauses[0]!;
      const scale = form.startsWith('2') ? 2 : 1;
      expect(clause.value).toBe(plain.value);
      expect(clause.interval[0]).toBeCloseTo(scale * plain.interval[0], 5);
    }
    const mirrored = gate('o - n < -0.02 +/- 0.01', data).clauses[0]!;
    expect(mirrored.value).toBe(plain.value);
    expect(mirrored.interval[1]).toBeCloseTo(-plain.interval[0], 5);
  });

  test("the gate's value is the exact test's decision at the threshold", () => {
    for (const [onlyNew, onlyOld] of [
      [30, 10],
      [28, 5],
      [40, 2],
      [12, 12],
    ] as const) {
      const data = counts(400, 50, 10, onlyNew, onlyOld);
      const clause = gate('n - o > 0.02 +/- 0.01', data).clauses[0]!;
      expect(clause.value === 'true').toBe(pairedPValue(onlyNew, onlyOld, data.items, 0.02, 0.01) <= 0.01);
    }
  });

  test('one accuracy uses the exact binomial test: the Clopper–Pearson bound', () => {
    // 180 of 200 right: the one-sided 99% Clopper–Pearson lower bound is the p where P_p(X ≥ 180) = 0.01.
    let [lo, hi] = [0, 0.9];
    for (let i = 0; i < 60; i++) {
      const mid = (lo + hi) / 2;
      if (upperTail(180, 200, mid) <= 0.01) lo = mid;
      else hi = mid;
    }
    const result = gate('n > 0.8 +/- 0.05', counts(180, 20, 0, 0, 0));
    expect(result.clauses[0]!.method).toBe('clopper-pearson');
    expect(result.clauses[0]!.interval[0]).toBeCloseTo(lo, 5);
    expect(result.passed).toBe(true);
    expect(gate('n > 0.85 +/- 0.05', counts(180, 20, 0, 0, 0)).passed).toBe(false);
  });
});
