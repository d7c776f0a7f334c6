import { describe, expect, test } from '@jest/globals';
import { escapeMarkdown, isConfigurationError } from '@mlops-actions/common';
import {
  countPairs,
  evaluateGate,
  mcnemarExact,
  parseCondition,
  parseFirstModelRule,
  renderGateMarkdown,
  renderGateText,
  resolveSettings,
  wilsonInterval,
  type GateSettings,
  type PairedCounts,
} from '@mlops-actions/gate';

/** N items: the new model right on `newRight` of them, the old on `oldRight`; `both` right for both. */
function testSet(items: number, onlyNew: number, onlyOld: number, both: number): PairedCounts {
  const labels = new Array<number>(items).fill(0);
  const newPredictions = labels.map((_, i) =>
    i < onlyNew || (i >= onlyNew + onlyOld && i < onlyNew + onlyOld + both) ? 0 : i % 9 === 0 ? 2 : 1,
  );
  const oldPredictions = labels.map((_, i) => (i >= onlyNew && i < onlyNew + onlyOld + both ? 0 : 1));
  return countPairs(labels, newPredictions, oldPredictions);
}

const gate = (condition: string, counts: PairedCounts, overrides: Partial<GateSettings> = {}) =>
  evaluateGate({ condition: parseCondition(condition), settings: resolveSettings({ overrides }), counts });

describe('the gate decision', () => {
  // 10,000 items: new 0.90, old 0.85 accurate.
  const better = testSet(10_000, 800, 300, 8_200);

  test('a clear improvement passes with the reason in one line', () => {
    const result = gate('n - o > 0.02 +/- 0.01', better);
    expect(result).toMatchObject({ passed: true, decision: 'promote', value: 'true', items: 10_000, firstModel: false });
    expect(result.n).toBeCloseTo(0.9, 10);
    expect(result.o).toBeCloseTo(0.85, 10);
    expect(result.clauses[0]!.estimate).toBeCloseTo(0.05, 10);
    expect(result.clauses[0]!.interval[0]).toBeGreaterThan(0.02);
    expect(result.reason).toMatch(/^passed: n − o = 0\.05, 99% interval \[0\.0\d+, 0\.0\d+\] is above 0\.02$/);
  });

  test("o - n > … is not n - o > … (the reference pipeline's parser ignored the left side)", () => {
    const result = gate('o - n > 0.02 +/- 0.01', better);
    expect(result).toMatchObject({ passed: false, value: 'false' });
    expect(result.clauses[0]!.estimate).toBeCloseTo(-0.05, 10);
    expect(result.reason).toMatch(/^rejected: −n \+ o = −0\.05, 99% interval \[−0\.0\d+, −0\.0\d+\] is below 0\.02$/);
  });

  test("'<' works (the reference pipeline only knew '>')", () => {
    expect(gate('o - n < 0 +/- 0.01', better).passed).toBe(true);
    expect(gate('n - o < 0 +/- 0.01', better).passed).toBe(false);
    expect(gate('d < 0.2 +/- 0.02', better).passed).toBe(true);
  });

  test('an undecided clause fails in fp-free mode and passes in fn-free mode', () => {
    // n − o = 0.02 exactly at the threshold: the interval straddles it.
    const boundary = testSet(10_000, 500, 300, 8_200);
    const strict = gate('n - o > 0.02 +/- 0.01', boundary);
    expect(strict).toMatchObject({ value: 'unknown', passed: false });
    expect(strict.reason).toMatch(/^rejected: n − o = 0\.02, 99% interval \[0\.0\d+, 0\.0\d+\] is not above 0\.02$/);
    const lenient = gate('n - o > 0.02 +/- 0.01', boundary, { mode: 'fn-free' });
    expect(lenient).toMatchObject({ value: 'unknown', passed: true });
    expect(lenient.reason).toContain('is not below 0.02');
  });

  test('clauses combine with a Kleene AND: one false clause rejects', () => {
    const result = gate('n - o > 0.02 +/- 0.01 /\\ d < 0.05 +/- 0.01', better);
    expect(result.clauses.map((c) => c.value)).toEqual(['true', 'false']);
    expect(result).toMatchObject({ value: 'false', passed: false });
    expect(result.reason).toMatch(/^rejected: d = 0\.11/);
  });

  test('δ is split over the clauses and the steps', () => {
    expect(gate('n - o > 0.02 +/- 0.01', better).clauses[0]!.confidence).toBeCloseTo(0.99, 12);
    expect(gate('n - o > 0.02 +/- 0.01 /\\ d < 0.2 +/- 0.02', better).clauses[0]!.confidence).toBeCloseTo(0.995, 12);
    expect(gate('n - o > 0.02 +/- 0.01', better, { steps: 4 }).clauses[0]!.confidence).toBeCloseTo(0.9975, 12);
    expect(gate('n - o > 0.02 +/- 0.01', better, { steps: 4, adaptivity: 'full' }).clauses[0]!.confidence).toBeCloseTo(1 - 0.01 / 16, 12);
  });

  test("the hoeffding method gives the paper's interval: within ± ε exactly at N_req", () => {
    const result = gate('n - o > 0.02 +/- 0.01', better, { method: 'hoeffding' });
    const [lower, upper] = result.clauses[0]!.interval;
    const halfWidth = 2 * Math.sqrt(Math.log(2 / 0.01) / (2 * 10_000));
    expect(upper - 0.05).toBeCloseTo(halfWidth, 12);
    expect(0.05 - lower).toBeCloseTo(halfWidth, 12);
    expect(result).toMatchObject({ passed: false, value: 'unknown', enoughItems: false, itemsRequired: 105_967 });
    expect(result.notes[0]).toContain('needs 105967');
  });

  test('the paired bootstrap is much tighter than the distribution-free bound on the same items', () => {
    const width = (method: 'bootstrap' | 'hoeffding'): number => {
      const [lower, upper] = gate('n - o > 0.02 +/- 0.01', better, { method }).clauses[0]!.interval;
      return upper - lower;
    };
    expect(width('bootstrap')).toBeLessThan(width('hoeffding') / 3);
  });

  test('Bennett tightens the hoeffding interval when a d < p clause bounds the variance', () => {
    const plain = gate('n - o > 0.02 +/- 0.01', better, { method: 'hoeffding' }).clauses[0]!;
    const withBound = gate('d < 0.15 +/- 0.05 /\\ n - o > 0.02 +/- 0.01', better, { method: 'hoeffding' }).clauses[1]!;
    expect(withBound.method).toBe('bennett');
    expect(withBound.interval[1] - withBound.interval[0]).toBeLessThan(plain.interval[1] - plain.interval[0]);
  });

  test('a tiny δ raises the resamples so the tail is resolved, and says so', () => {
    const result = gate('n - o > 0.02 +/- 0.01', better, { reliability: 0.9999, method: 'bootstrap' });
    expect(result.settings.samples).toBe(100_000);
    expect(result.notes.join(' ')).toContain('Resamples raised from 10000 to 100000');
  });

  test('a δ beyond any bootstrap falls back to the bounds', () => {
    const result = gate('n - o > 0.02 +/- 0.01', better, { reliability: 0.9999, adaptivity: 'full', steps: 32 });
    expect(result.settings.method).toBe('hoeffding');
    expect(result.notes.join(' ')).toContain('the Hoeffding/Bennett bounds were used instead');
  });

  test('McNemar and Wilson are reported beside the gate', () => {
    const result = gate('n - o > 0.02 +/- 0.01', better);
    expect(result.mcnemar).toMatchObject({ newRightOldWrong: 800, newWrongOldRight: 300 });
    expect(result.mcnemar!.pValue).toBeLessThan(1e-30);
    expect(result.wilson.n[0]).toBeLessThan(0.9);
    expect(result.wilson.n[1]).toBeGreaterThan(0.9);
  });

  test('an empty test set is a configuration error, not a crash', () => {
    expect(() => gate('n - o > 0.02 +/- 0.01', countPairs([], [], []))).toThrow('the test set is empty');
  });

  test('the result is one JSON document, and renders as Markdown and text', () => {
    const result = gate('n - o > 0.02 +/- 0.01', better);
    expect(JSON.parse(JSON.stringify(result))).toEqual(result);
    const markdown = renderGateMarkdown(result);
    expect(markdown).toContain('### The gate passed');
    expect(markdown).toContain(`> ${escapeMarkdown(result.reason)}`);
    expect(markdown).toContain('| n - o > 0.02 +/- 0.01 |');
    expect(markdown).toContain("McNemar's exact test: challenger right / production wrong 800, challenger wrong / production right 300");
    expect(renderGateText(result)).toContain('decision   promote');
  });
});

describe('the first model (no production model yet)', () => {
  const firstOnly = countPairs([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [0, 1, 2, 3, 4, 5, 6, 7, 8, 0]);

  test('is promoted by the default rule, not a crash (reference bug 1)', () => {
    const result = gate('n - o > 0.02 +/- 0.01', firstOnly);
    expect(result).toMatchObject({ firstModel: true, passed: true, decision: 'promote', o: null, d: null, mcnemar: null });
    expect(result.n).toBeCloseTo(0.9, 12);
    expect(result.reason).toMatch(/^promoted: no production model yet, and the first-model rule is 'promote' \(n = 0\.9/);
  });

  test("is rejected with how to proceed under 'reject'", () => {
    const result = gate('n - o > 0.02 +/- 0.01', firstOnly, { firstModel: { kind: 'reject' } });
    expect(result).toMatchObject({ passed: false, decision: 'reject' });
    expect(result.reason).toContain('promote the first model by hand');
  });

  test('must pass a condition on n when the rule is one', () => {
    const many = countPairs(
      new Array(5_000).fill(0),
      Array.from({ length: 5_000 }, (_, i) => (i % 10 === 0 ? 1 : 0)),
    );
    expect(gate('n - o > 0.02 +/- 0.01', many, { firstModel: parseFirstModelRule('n > 0.85 +/- 0.02') })).toMatchObject({
      passed: true,
      firstModel: true,
    });
    const failed = gate('n - o > 0.02 +/- 0.01', many, { firstModel: parseFirstModelRule('n > 0.95 +/- 0.02') });
    expect(failed).toMatchObject({ passed: false, firstModel: true });
    expect(failed.reason).toMatch(
      /^rejected: n = 0\.9, 99% interval .* is below 0\.95 \(no production model yet: first-model condition\)$/,
    );
  });

  test('a first-model condition on o is refused with the reason', () => {
    let error: unknown;
    try {
      parseFirstModelRule('n - o > 0 +/- 0.1');
    } catch (caught) {
      error = caught;
    }
    expect(isConfigurationError(error) && error.message).toContain('uses o or d, and a first model has nothing to compare with');
  });

  test('old predictions for some items only are refused', () => {
    expect(() => countPairs([0, 1], [0, 1], [0, undefined as unknown as number])).toThrow('1 of 2 items have an old prediction');
  });
});

describe('significance helpers', () => {
  test("McNemar's exact test matches the binomial test by hand", () => {
    // b = 10, c = 2: 2 · P(X ≤ 2), X ~ Bin(12, 1/2) = 2 · (1 + 12 + 66) / 4096
    const result = mcnemarExact(10, 2);
    expect(result.pValue).toBeCloseTo((2 * 79) / 4096, 12);
    expect(result.pValueImprovement).toBeCloseTo(79 / 4096, 12);
    expect(mcnemarExact(0, 0).pValue).toBe(1);
  });

  test('Wilson interval matches the textbook value', () => {
    // 81 of 263 at 95%: [0.2553, 0.3662] (Wilson 1927 example as tabulated by Newcombe 1998)
    const [lower, upper] = wilsonInterval(81, 263, 0.95);
    expect(lower).toBeCloseTo(0.2553, 4);
    expect(upper).toBeCloseTo(0.3662, 4);
  });
});

describe('a bound on the threshold', () => {
  test('is a tie, not a pass: 0.02 computed from counts as 0.020000000000000004 does not promote', () => {
    // 500 items: 300 both right, 25 only the new model right, 3 only the old one, 172 both wrong.
    const counts: PairedCounts = { cells: [172, 0, 0, 300, 0, 25, 3, 0], items: 500, hasOld: true };
    const result = gate('n - o > 0.02 +/- 0.01', counts, { method: 'bootstrap', seed: 0, samples: 2000 });
    const [lower] = result.clauses[0]!.interval;
    expect(lower).not.toBe(0.02);
    expect(Math.abs(lower - 0.02)).toBeLessThan(1e-12);
    expect(result.clauses[0]!.value).toBe('unknown');
    expect(result.passed).toBe(false);
  });
});
