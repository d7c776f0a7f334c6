import { describe, expect, test } from '@jest/globals';
import { ConditionSyntaxError, formatClause, formatCondition, metricName, parseCondition } from '@mlops-actions/gate';

const clauseOf = (text: string) => parseCondition(text).clauses[0]!;

describe('the language of slices, top-K, recall, precision, calibration, latency and size', () => {
  test.each([
    ['n - o > 0.02 +/- 0.01', 'accuracy', undefined, { n: 1, o: -1, d: 0 }, 0.02, 0.01, 'n - o > 0.02 +/- 0.01'],
    [
      'forall class: n[class] - o[class] > -0.02 +/- 0.02',
      'accuracy',
      'class',
      { n: 1, o: -1, d: 0 },
      -0.02,
      0.02,
      'forall class: n[class] - o[class] > -0.02 +/- 0.02',
    ],
    [
      'forall group: n[group] > 0.8 +/- 0.05',
      'accuracy',
      'group',
      { n: 1, o: 0, d: 0 },
      0.8,
      0.05,
      'forall group: n[group] > 0.8 +/- 0.05',
    ],
    ['n@5 - o@5 > 0 +/- 0.01', 'accuracy@5', undefined, { n: 1, o: -1, d: 0 }, 0, 0.01, 'n@5 - o@5 > 0 +/- 0.01'],
    [
      'forall class: n@3[class] > 0.5 +/- 0.1',
      'accuracy@3',
      'class',
      { n: 1, o: 0, d: 0 },
      0.5,
      0.1,
      'forall class: n@3[class] > 0.5 +/- 0.1',
    ],
    [
      'latency(new) < 1.2 * latency(old)',
      'latency-p50',
      undefined,
      { n: 1, o: -1.2, d: 0 },
      0,
      undefined,
      'latency(new) - 1.2 * latency(old) < 0 ms',
    ],
    ['latency(new, p95) < 25 ms', 'latency-p95', undefined, { n: 1, o: 0, d: 0 }, 25, undefined, 'latency(new, p95) < 25 ms'],
    ['latency(new) < 0.5 s +/- 20 ms', 'latency-p50', undefined, { n: 1, o: 0, d: 0 }, 500, 20, 'latency(new) < 500 ms +/- 20 ms'],
    ['size(new) < 50 MB', 'size', undefined, { n: 1, o: 0, d: 0 }, 50, undefined, 'size(new) < 50 MB'],
    ['size(new) < 1.5 GB', 'size', undefined, { n: 1, o: 0, d: 0 }, 1500, undefined, 'size(new) < 1500 MB'],
    ['size(new) - size(old) < 200 KB', 'size', undefined, { n: 1, o: -1, d: 0 }, 0.2, undefined, 'size(new) - size(old) < 0.2 MB'],
    ['ece(new) - ece(old) < 0.01 +/- 0.01', 'ece', undefined, { n: 1, o: -1, d: 0 }, 0.01, 0.01, 'ece(new) - ece(old) < 0.01 +/- 0.01'],
    [
      'brier(new) < brier(old) + 0.005 +/- 0.01',
      'brier',
      undefined,
      { n: 1, o: -1, d: 0 },
      0.005,
      0.01,
      'brier(new) - brier(old) < 0.005 +/- 0.01',
    ],
    [
      'recall(new) - recall(old) > -0.01 +/- 0.02',
      'recall',
      undefined,
      { n: 1, o: -1, d: 0 },
      -0.01,
      0.02,
      'recall(new) - recall(old) > -0.01 +/- 0.02',
    ],
    ['precision(new) > 0.9 +/- 0.05', 'precision', undefined, { n: 1, o: 0, d: 0 }, 0.9, 0.05, 'precision(new) > 0.9 +/- 0.05'],
    // Variables on both sides and constants on the left: normalised to variables left, one constant right.
    ['n > o + 0.02 +/- 0.01', 'accuracy', undefined, { n: 1, o: -1, d: 0 }, 0.02, 0.01, 'n - o > 0.02 +/- 0.01'],
    ['0.1 + n < 2 * o - 0.1 +/- 0.01', 'accuracy', undefined, { n: 1, o: -2, d: 0 }, -0.2, 0.01, 'n - 2 * o < -0.2 +/- 0.01'],
  ])('%s', (text, metric, slice, coefficients, threshold, tolerance, canonical) => {
    const clause = clauseOf(text);
    expect(metricName(clause.metric)).toBe(metric);
    expect(clause.slice).toBe(slice);
    expect(clause.coefficients).toEqual(coefficients);
    expect(clause.threshold).toBeCloseTo(threshold, 12);
    expect(clause.tolerance).toBe(tolerance);
    expect(formatClause(clause)).toBe(canonical);
    // The canonical form parses back to the same clause.
    const again = clauseOf(canonical);
    expect([again.metric, again.slice, again.coefficients, again.threshold, again.tolerance]).toEqual([
      clause.metric,
      clause.slice,
      clause.coefficients,
      clause.threshold,
      clause.tolerance,
    ]);
  });

  test('a forall clause names its slice in results, and conditions mix clause kinds', () => {
    const condition = parseCondition('forall class: n[class] - o[class] > -0.02 +/- 0.02 /\\ latency(new, p95) < 25 ms\nsize(new) < 50 MB');
    expect(formatClause(condition.clauses[0]!, 'cat')).toBe('n[cat] - o[cat] > -0.02 +/- 0.02');
    expect(formatCondition(condition)).toBe(
      'forall class: n[class] - o[class] > -0.02 +/- 0.02 /\\ latency(new, p95) < 25 ms /\\ size(new) < 50 MB',
    );
  });

  test.each([
    ['n@5 - o > 0 +/- 0.01', 1, 7, "one metric per clause: 'n@5' measures accuracy@5 and 'o' accuracy"],
    ['latency(new) < latency(old, p95)', 1, 16, 'one metric per clause'],
    ['recall(new) - precision(new) > 0 +/- 0.1', 1, 15, "'recall(new)' measures recall and 'precision(new)' precision"],
    ['n[class] > 0.5 +/- 0.1', 1, 1, "start the clause with 'forall class:'"],
    ['forall class: n[class] - o > 0 +/- 0.1', 1, 26, "every variable carries [class]: write 'o[class]'"],
    ['forall group: n[class] > 0.5 +/- 0.1', 1, 15, "every variable carries [group]: write 'n[group]'"],
    ['forall: n > 0.5 +/- 0.1', 1, 7, "expected 'class' or 'group' after 'forall'"],
    ['forall class n[class] > 0.5 +/- 0.1', 1, 14, "expected ':' after 'forall class'"],
    ['n[label] > 0.5 +/- 0.1', 1, 3, "expected 'class' or 'group' inside '[ ]'"],
    ['forall class: recall(new)[class] > 0.5 +/- 0.1', 1, 26, 'only n, o, d, n@K and o@K have per-slice values'],
    ['d@5 < 0.1 +/- 0.01', 1, 1, 'd is top-1 only'],
    ['n@1 > 0.5 +/- 0.1', 1, 3, 'K in n@K must be a whole number from 2'],
    ['n@2.5 > 0.5 +/- 0.1', 1, 3, 'K in n@K must be a whole number from 2'],
    ['recall(mine) > 0.5 +/- 0.1', 1, 8, "expected 'new' or 'old' inside recall( )"],
    ['recall > 0.5 +/- 0.1', 1, 8, "expected '(' after 'recall': write recall(new) or recall(old)"],
    ['latency(new, p99) < 25 ms', 1, 14, 'expected p50 or p95'],
    ['n > 0.5 ms +/- 0.1', 1, 9, "the unit 'ms' is for latency (ms, s) clauses; this clause measures accuracy"],
    ['latency(new) < 25 MB', 1, 19, "the unit 'MB' is for size (KB, MB, GB) clauses; this clause measures latency-p50"],
    ['2 ms * latency(new) < 25', 1, 3, 'a unit belongs on a constant'],
    ['latency(new) < ms', 1, 16, 'a unit follows a number'],
    ['ece(new) < 0.05', 1, 16, "expected '+/-' and a tolerance after the threshold 0.05"],
    ['brier(new) < brier(old) + 0.01', 1, 31, "expected '+/-' and a tolerance after the threshold brier(old) + 0.01"],
    ['latency(new) < latency(new)', 1, 1, 'cancels out to 0'],
  ])('%j: line %i, column %i: %s', (text, line, column, expected) => {
    let error: unknown;
    try {
      parseCondition(text);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConditionSyntaxError);
    const syntaxError = error as ConditionSyntaxError;
    expect(syntaxError.expected).toContain(expected);
    expect({ line: syntaxError.line, column: syntaxError.column }).toEqual({ line, column });
  });
});
