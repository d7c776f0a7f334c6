import { describe, expect, test } from '@jest/globals';
import { isConfigurationError } from '@mlops-actions/common';
import {
  conditionLatencyBatches,
  countPairs,
  evaluateGate,
  parseCondition,
  resolveSettings,
  type GateEvidence,
  type GateResult,
  type GateSettings,
} from '@mlops-actions/gate';

/** Three classes of 20 items each, both models right on every item; every model's batches timed `batches` times. */
function evidenceWith(batches: number, hasOld: boolean): GateEvidence {
  const labels = Int32Array.from({ length: 60 }, (_, i) => i % 3);
  // Times spread over a range with ties, as a coarse clock gives: what the bounds are decided on does not matter here.
  const times = (centre: number): Float64Array => Float64Array.from({ length: batches }, (_, i) => centre + ((i * 7) % 11) / 10);
  return {
    classes: ['a', 'b', 'c'],
    labels,
    new: { predictions: labels, batchMs: times(10), batchSize: 1 },
    ...(hasOld ? { old: { predictions: labels, batchMs: times(10), batchSize: 1 } } : {}),
  };
}

function gate(condition: string, evidence: GateEvidence, settings: GateSettings): GateResult {
  const counts = countPairs(evidence.labels, evidence.new.predictions, evidence.old?.predictions);
  return evaluateGate({ condition: parseCondition(condition), settings, counts, evidence });
}

/** Whether every latency clause of the result has both ends of its interval finite. */
const latencyBounded = (result: GateResult): boolean =>
  result.clauses.filter((clause) => clause.metric.startsWith('latency')).every((clause) => clause.interval.every(Number.isFinite));

describe('conditionLatencyBatches: the batches a condition needs for its latency clauses to be decidable at all', () => {
  test.each([
    // 0.95ⁿ ≤ 0.01 from n = 90; the median's both sides, 0.5ⁿ ≤ 0.01, from n = 7.
    ['latency(new, p95) < 25 ms', {}, false, 90],
    ['latency(new) < 25 ms', {}, false, 7],
    // Two terms split the clause's δ: 0.95ⁿ ≤ 0.005 from n = 104.
    ['latency(new, p95) < 1.2 * latency(old, p95)', {}, true, 104],
    // Without a production model latency(old) is no term, and the new model's p95 alone takes the clause's δ.
    ['latency(new, p95) < 1.2 * latency(old, p95)', {}, false, 90],
    // Two clauses split δ; a size clause takes no share of it.
    ['n - o > -0.1 +/- 0.1 /\\ latency(new, p95) < 25 ms /\\ size(new) < 50 MB', {}, true, 104],
    // δ split over steps: 0.95ⁿ ≤ 0.01 / 52 from n = 167.
    ['latency(new, p95) < 25 ms', { steps: 52 }, false, 167],
    ['n - o > 0 +/- 0.1', {}, true, 0],
  ] as const)('%s %j (with a production model: %s) needs %i batches', (condition, overrides, hasOld, batches) => {
    const settings = resolveSettings({ overrides });
    expect(conditionLatencyBatches(parseCondition(condition).clauses, settings, { hasOld })).toBe(batches);
  });

  test.each([
    ['latency(new, p95) < 1.2 * latency(old, p95)', true],
    ['latency(new) - latency(old) < 2 ms', true],
    ['forall class: n[class] - o[class] > -0.5 +/- 0.5 /\\ latency(new, p95) < 1.2 * latency(old, p95)', true],
    ['forall class: n[class] > 0.5 +/- 0.5 /\\ latency(new, p95) < 30 ms', false],
  ] as const)(
    "is exactly where evaluateGate's interval of %s (with a production model: %s) becomes finite, forall slices counted",
    (text, hasOld) => {
      const condition = parseCondition(text);
      // Without a production model the gate decides the first-model condition: this one.
      const firstModel = { kind: 'condition' as const, condition };
      for (const overrides of [{}, { reliability: 0.999, steps: 5 }, { adaptivity: 'full' as const, steps: 3 }]) {
        const settings = resolveSettings({ overrides: { ...overrides, firstModel } });
        const needed = conditionLatencyBatches(condition.clauses, settings, { hasOld, slices: { class: 3 } });
        expect(latencyBounded(gate(text, evidenceWith(needed, hasOld), settings))).toBe(true);
        expect(latencyBounded(gate(text, evidenceWith(needed - 1, hasOld), settings))).toBe(false);
      }
    },
  );

  test('a forall clause without its slice count is a configuration error naming the clause', () => {
    const clauses = parseCondition('forall group: n[group] > 0.5 +/- 0.1 /\\ latency(new, p95) < 30 ms').clauses;
    let message = '';
    try {
      conditionLatencyBatches(clauses, resolveSettings({}), { hasOld: true, slices: { class: 10 } });
    } catch (error) {
      if (!isConfigurationError(error)) throw error;
      message = error.message;
    }
    expect(message).toBe(
      "the clause 'forall group: n[group] > 0.5 +/- 0.1' ranges over each group: the batches its latency clauses need depend on how many there are, and none was given",
    );
    // Without a latency clause nothing depends on the count.
    expect(conditionLatencyBatches(clauses.slice(0, 1), resolveSettings({}), { hasOld: true })).toBe(0);
  });
});
