import { describe, expect, test } from '@jest/globals';
import { createPairCounter, evaluateGate, parseCondition, resolveSettings, type IntervalMethod } from '@mlops-actions/gate';
import { createRandom } from '@mlops-actions/gate/internal';

/**
 * Simulates test sets item by item from a population where the new model alone is right with
 * probability `onlyNew`, the old alone with `onlyOld`, and returns how often the gate promotes.
 */
function promotionRate(params: {
  onlyNew: number;
  onlyOld: number;
  items: number;
  testSets: number;
  condition: string;
  reliability: number;
  method: IntervalMethod;
  samples: number;
}): number {
  const random = createRandom(2024);
  const condition = parseCondition(params.condition);
  const settings = resolveSettings({ overrides: { reliability: params.reliability, method: params.method, samples: params.samples } });
  let promoted = 0;
  for (let t = 0; t < params.testSets; t++) {
    const counter = createPairCounter();
    for (let i = 0; i < params.items; i++) {
      const u = random.next();
      if (u < params.onlyNew) counter.add(0, 0, 1);
      else if (u < params.onlyNew + params.onlyOld) counter.add(0, 1, 0);
      else if (u < 0.85) counter.add(0, 0, 0);
      else counter.add(0, 1, 1);
    }
    if (evaluateGate({ condition, settings: { ...settings, seed: t }, counts: counter.counts() }).passed) promoted++;
  }
  return promoted / params.testSets;
}

describe('calibration by simulation (fp-free, condition n - o > 0.02 +/- 0.02)', () => {
  const testSets = 2_000;
  const delta = 0.05;
  // Three standard deviations of a promotion rate of δ over the simulated test sets.
  const slack = 3 * Math.sqrt((delta * (1 - delta)) / testSets);
  const base = { items: 2_000, testSets, condition: 'n - o > 0.02 +/- 0.02', reliability: 1 - delta, samples: 1_000 };

  test.each(['bootstrap', 'hoeffding'] as const)('%s: at the boundary (true n − o = 0.02) false promotions stay within δ', (method) => {
    const rate = promotionRate({ ...base, method, onlyNew: 0.08, onlyOld: 0.06 });
    console.log(
      `${method}: false promotions at the boundary ${(rate * 100).toFixed(2)}% (δ = ${delta * 100}%, ${testSets} test sets of ${base.items} items)`,
    );
    expect(rate).toBeLessThanOrEqual(delta + slack);
  });

  test.each(['bootstrap', 'hoeffding'] as const)('%s: power at threshold + 2ε (true n − o = 0.06) is reported', (method) => {
    const power = promotionRate({ ...base, method, onlyNew: 0.1, onlyOld: 0.04 });
    console.log(`${method}: power at n − o = 0.06 is ${(power * 100).toFixed(1)}% (${testSets} test sets of ${base.items} items)`);
    // The paired bootstrap must detect a 4-point margin reliably; the distribution-free bound is weaker.
    expect(power).toBeGreaterThan(method === 'bootstrap' ? 0.9 : 0);
  });
});
