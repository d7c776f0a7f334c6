import { describe, expect, test } from '@jest/globals';
import {
  evaluateGate,
  parseCondition,
  renderGateText,
  requiredItems,
  resolveSettings,
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
