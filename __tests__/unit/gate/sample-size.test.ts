import { describe, expect, test } from '@jest/globals';
import {
  evaluateGate,
  parseCondition,
  renderGateText,
  requiredItems,
  resolveSettings,
  sliceCountsOf,
  supportedReliability,
  type GateSettings,
} from '@mlops-actions/gate';

const paper = (overrides: Partial<GateSettings>): GateSettings =>
  resolveSettings({ overrides: { reliability: 0.9999, steps: 32, ...overrides } });
const items = (condition: string, settings: GateSettings): number => requiredItems(parseCondition(condition).clauses, settings).items;

describe("the paper's sample sizes (easeml-ci.md), within ±1", () => {
  test.each([
    ['one variable, H = 1', 'n > 0.8 +/- 0.01', { steps: 1 }, 46_052],
    ['one variable, 32 models, non-adaptive', 'n > 0.8 +/- 0.01', { adaptivity: 'none' }, 63_381],
    ['one variable, 32 models, fully adaptive', 'n > 0.8 +/- 0.01', { adaptivity: 'full' }, 156_955],
    ['n > 0.8 +/- 0.05, fully adaptive', 'n > 0.8 +/- 0.05', { adaptivity: 'full' }, 6_279],
    ['Bennett, p = 0.1, non-adaptive', 'd < 0.1 +/- 0.05 /\\ n - o > 0.02 +/- 0.01', { adaptivity: 'none' }, 29_047],
    ['Bennett, p = 0.1, fully adaptive', 'd < 0.1 +/- 0.05 /\\ n - o > 0.02 +/- 0.01', { adaptivity: 'full' }, 67_705],
  ] as const)('%s', (_name, condition, overrides, expected) => {
    const n = items(condition, paper(overrides));
    expect(Math.abs(n - expected)).toBeLessThanOrEqual(1);
  });

  test('active labelling, p = 0.1, per commit', () => {
    const requirement = requiredItems(parseCondition('d < 0.1 +/- 0.05 /\\ n - o > 0.02 +/- 0.01').clauses, paper({ steps: 1 }));
    expect(requirement.clauses[1]!.bound).toBe('bennett');
    expect(Math.abs(requirement.clauses[1]!.activeLabels! - 2_188)).toBeLessThanOrEqual(1);
  });
});

describe('labelled and unlabelled items, counted apart as the paper does', () => {
  test('d < 0.1 +/- 0.01 /\\ n - o > 0.02 +/- 0.01: 29,047 labelled items, 66,847 for d, which needs no labels', () => {
    const requirement = requiredItems(parseCondition('d < 0.1 +/- 0.01 /\\ n - o > 0.02 +/- 0.01').clauses, paper({ adaptivity: 'none' }));
    expect(Math.abs(requirement.labelledItems - 29_047)).toBeLessThanOrEqual(1);
    expect(Math.abs(requirement.unlabelledItems - 66_847)).toBeLessThanOrEqual(1);
    expect(requirement.items).toBe(requirement.unlabelledItems);
  });

  test('the report names both', () => {
    const counts = { items: 10_000, cells: [1_000, 0, 0, 8_000, 200, 500, 300, 0], hasOld: true };
    const result = evaluateGate({
      condition: parseCondition('d < 0.1 +/- 0.01 /\\ n - o > 0.02 +/- 0.01'),
      settings: paper({ adaptivity: 'none' }),
      counts,
    });
    expect(result).toMatchObject({ labelledItemsRequired: 29_048, unlabelledItemsRequired: 66_847 });
    expect(renderGateText(result)).toContain(
      "items      10000 (paper's requirement: 29048 labelled items and 66847 items, labelled or not (for d))",
    );
  });
});

describe('required items', () => {
  test('a difference of two accuracies splits ε and δ between its sides', () => {
    const settings = resolveSettings({ overrides: { reliability: 0.99 } });
    // −ln(δ/2) · 4 / (2ε²) with δ = 0.01, ε = 0.01
    expect(items('n - o > 0.02 +/- 0.01', settings)).toBe(Math.ceil((Math.log(200) * 4) / (2 * 0.0001)));
  });

  test('a coefficient scales the tolerance (c·v: ε/c)', () => {
    const settings = resolveSettings({ overrides: { reliability: 0.99 } });
    expect(items('2 * n > 1.5 +/- 0.02', settings)).toBe(items('n > 0.75 +/- 0.01', settings));
    expect(items('n * 2 > 1.5 +/- 0.02', settings)).toBe(items('n > 0.75 +/- 0.01', settings));
  });

  test('more clauses share δ, so each needs more items', () => {
    const settings = resolveSettings({ overrides: { reliability: 0.99 } });
    expect(items('n > 0.5 +/- 0.01 /\\ o > 0.5 +/- 0.01', settings)).toBeGreaterThan(items('n > 0.5 +/- 0.01', settings));
  });

  test('the reliability that N items support inverts the requirement', () => {
    const clauses = parseCondition('n - o > 0.02 +/- 0.01').clauses;
    const settings = resolveSettings({ overrides: { reliability: 0.999 } });
    const needed = requiredItems(clauses, settings).items;
    expect(supportedReliability(clauses, settings, needed)).toBeGreaterThanOrEqual(0.999);
    expect(supportedReliability(clauses, settings, needed - 50)).toBeLessThan(0.999);
    expect(supportedReliability(clauses, settings, 10)).toBeUndefined();
  });
});

describe('forall clauses sized with slice counts', () => {
  const settings = resolveSettings({ overrides: { reliability: 0.99 } });
  const [perClass, perGroup, whole] = parseCondition(
    'forall class: n[class] - o[class] > -0.02 +/- 0.02 /\\ forall group: n[group] > 0.8 +/- 0.05 /\\ n - o > 0 +/- 0.01',
  ).clauses;

  test('each slice is a clause of its own in the δ split: the numbers of the expanded condition, per slice', () => {
    const sized = requiredItems([perClass!, perGroup!, whole!], settings, { class: 10, group: 3 });
    const expanded = requiredItems(
      [...Array.from({ length: 10 }, () => perClass!), ...Array.from({ length: 3 }, () => perGroup!), whole!],
      settings,
    );
    expect(sized.logClauseDelta).toBe(expanded.logClauseDelta);
    expect(sized.logClauseDelta).toBeCloseTo(Math.log(0.01 / 14), 12);
    expect(sized.clauses).toEqual([
      { ...expanded.clauses[0], perSlice: true, slices: 10 },
      { ...expanded.clauses[10], perSlice: true, slices: 3 },
      expanded.clauses[13],
    ]);
    // Each class needs its items of its own: ten classes need ten times as many in all.
    expect(sized.items).toBe(Math.max(10 * expanded.clauses[0]!.items, 3 * expanded.clauses[10]!.items, expanded.clauses[13]!.items));
    expect(sized.items).toBe(10 * expanded.clauses[0]!.items);
    expect(sized.labelledItems).toBe(sized.items);
  });

  test('without slice counts a forall clause is one clause, as each row of an expanded condition is', () => {
    const unsized = requiredItems([perClass!, whole!], settings);
    expect(unsized.logClauseDelta).toBeCloseTo(Math.log(0.01 / 2), 12);
    expect(unsized.clauses[0]).not.toHaveProperty('perSlice');
    expect(unsized.items).toBe(Math.max(...unsized.clauses.map((c) => c.items)));
  });

  test.each([
    [{ group: 3 }, 'sizing it needs the number of classes'],
    [{ class: 0, group: 3 }, 'sizing it needs the number of classes, a whole number ≥ 1, not 0'],
  ])('a forall clause without its count is a ConfigurationError: %j', (slices, message) => {
    expect(() => requiredItems([perClass!, perGroup!], settings, slices)).toThrow(
      `the clause 'forall class: n[class] - o[class] > -0.02 +/- 0.02' holds in every class, each its own share of δ: ${message}`,
    );
  });

  test('sliceCountsOf counts every class, and the groups that hold an item', () => {
    const groups = { names: ['north', 'south', 'empty'], ofItem: Int32Array.from([0, 1, -1, 0]) };
    expect(sliceCountsOf({ classes: ['a', 'b', 'c'], groups })).toEqual({ class: 3, group: 2 });
    expect(sliceCountsOf({ classes: ['a', 'b'] })).toEqual({ class: 2 });
  });
});
