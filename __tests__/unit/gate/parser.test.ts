import { describe, expect, test } from '@jest/globals';
import { isConfigurationError } from '@mlops-actions/common';
import { ConditionSyntaxError, formatCondition, parseCondition, type Clause } from '@mlops-actions/gate';
import fc from 'fast-check';

const coefficients = (text: string): object[] => parseCondition(text).clauses.map((c) => c.coefficients);

describe('the condition language', () => {
  test.each([
    ['n - o > 0.02 +/- 0.01', [{ n: 1, o: -1, d: 0 }]],
    ['o - n > 0.02 +/- 0.01', [{ n: -1, o: 1, d: 0 }]],
    ['n - 1.1 * o > 0 +/- 0.01', [{ n: 1, o: -1.1, d: 0 }]],
    ['n - o * 1.1 > 0 +/- 0.01', [{ n: 1, o: -1.1, d: 0 }]],
    ['2 * n * 0.5 > 0.8 ± 0.05', [{ n: 1, o: 0, d: 0 }]],
    ['-o + n > 0.02 +/- 0.01', [{ n: 1, o: -1, d: 0 }]],
    ['n + n - o > 0 +/- 0.01', [{ n: 2, o: -1, d: 0 }]],
    [
      'd < 0.1 +/- 0.01 /\\ n - o > 0.02 +/- 0.01',
      [
        { n: 0, o: 0, d: 1 },
        { n: 1, o: -1, d: 0 },
      ],
    ],
    [
      'n − o > 0.02 ± 0.01 ∧ d < .1 ± 1e-2',
      [
        { n: 1, o: -1, d: 0 },
        { n: 0, o: 0, d: 1 },
      ],
    ],
  ])('%s', (text, expected) => {
    expect(coefficients(text)).toEqual(expected);
  });

  test('comparison, threshold and tolerance, also a negative threshold', () => {
    const [clause] = parseCondition('n - o < -0.01 +/- 0.005').clauses;
    expect(clause).toMatchObject({
      comparison: '<',
      threshold: -0.01,
      tolerance: 0.005,
      source: 'n - o < -0.01 +/- 0.005',
      position: { line: 1, column: 1 },
    });
  });

  test('files: comments, blank lines, one formula per line joined by AND, continuation after /\\', () => {
    const condition = parseCondition('# the gate\n\nn - o > 0.02 +/- 0.01  # better\n d < 0.2 +/- 0.05 /\\\n   n > 0.5 +/- 0.05\n');
    expect(formatCondition(condition)).toBe('n - o > 0.02 +/- 0.01 /\\ d < 0.2 +/- 0.05 /\\ n > 0.5 +/- 0.05');
    expect(condition.clauses[1]!.position).toEqual({ line: 4, column: 2 });
  });

  test("the reference pipeline's format reads unchanged, its flag kept", () => {
    expect(parseCondition('n - o > 0.02 +/- 0.005, True')).toMatchObject({
      referenceFlag: true,
      clauses: [{ threshold: 0.02, tolerance: 0.005 }],
    });
    expect(parseCondition('n - o > 0.02 +/- 0.005, False\n').referenceFlag).toBe(false);
    expect(parseCondition('n - o > 0.02 +/- 0.005').referenceFlag).toBeUndefined();
  });

  test.each([
    ['n - o > +/- 0.01', 1, 9, "expected a number after '>'"],
    ['n - o > 0.02', 1, 13, "expected '+/-' and a tolerance after the threshold 0.02"],
    ['n - o >= 0.02 +/- 0.01', 1, 8, "'>=' is not part of the language"],
    ['n - x > 0.02 +/- 0.01', 1, 5, "unknown variable 'x'"],
    ['n * o > 0.02 +/- 0.01', 1, 5, 'a term can hold only one variable'],
    ['0.5 > 0.02 +/- 0.01', 1, 1, 'it must depend on a variable'],
    ['n - n > 0.02 +/- 0.01', 1, 1, 'cancels out to 0'],
    ['n - o > 0.02 +/- 0', 1, 18, 'the tolerance must be greater than 0'],
    ['n - o > 0.02 +/- 0.01 n', 1, 23, "expected '/\\' to join another clause"],
    ['n - o > 0.02 +/- 0.005 True', 1, 24, "expected '/\\' to join another clause"],
    ['n - o > 0.02 +/- 0.005, Yes', 1, 25, "expected True or False after ','"],
    ['1.1o > 0.5 +/- 0.01', 1, 4, "expected '*' between '1.1' and 'o'"],
    ['# only a comment\n\n', 1, 1, 'found only blank lines and comments'],
    ['n > 0.5 +/- 0.01\nn - o = 0.02', 2, 7, "expected '>' or '<'"],
    ['n > 0.5 +/- 0.01 /\\ ', 1, 21, 'expected n (new accuracy)'],
    ['n - o > 0.02 +/- 0.01 $', 1, 23, "unexpected character '$'"],
  ])('%j: line %i, column %i: %s', (text, line, column, expected) => {
    let error: unknown;
    try {
      parseCondition(text, { file: 'configs/test_condition.txt' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConditionSyntaxError);
    const syntaxError = error as ConditionSyntaxError;
    expect(syntaxError.message).toContain(`configs/test_condition.txt:${line}:${column}: `);
    expect(syntaxError.message).toContain(expected);
    expect({ line: syntaxError.line, column: syntaxError.column }).toEqual({ line, column });
    const [, sourceLine, caretLine] = syntaxError.message.split('\n');
    expect(sourceLine).toBe(`  ${text.split('\n')[line - 1]}`);
    expect(caretLine).toBe(`  ${' '.repeat(column - 1)}^`);
  });
});

describe('parser robustness (fast-check)', () => {
  const valid = [
    'n - o > 0.02 +/- 0.01',
    'd < 0.1 +/- 0.01 /\\ n - o > 0.02 +/- 0.01',
    'n - 1.1 * o > 0 ± 0.02, True',
    '# c\nn > 0.8 +/- 0.05\n',
    'forall class: n[class] - o[class] > -0.02 +/- 0.02',
    'latency(new) < 1.2 * latency(old) /\\ size(new) < 50 MB',
    'n@5 - o@5 > 0 +/- 0.01',
  ];
  const pieces = [
    'n',
    'o',
    'd',
    'x',
    ' ',
    '-',
    '+',
    '*',
    '>',
    '<',
    '=',
    '+/-',
    '±',
    '/\\',
    '∧',
    ',',
    'True',
    '0',
    '.',
    '1e',
    '5',
    '0.02',
    '\n',
    '#',
    '(',
    ')',
    '@',
    '5',
    '[class]',
    'forall class:',
    'latency(new)',
    'recall(old)',
    'ms',
    'MB',
    'é',
    '\u0000',
  ];
  const mutated = fc
    .tuple(fc.constantFrom(...valid), fc.array(fc.tuple(fc.nat(), fc.nat(3), fc.constantFrom(...pieces)), { minLength: 1, maxLength: 4 }))
    .map(([text, edits]) =>
      edits.reduce((current, [at, kind, piece]) => {
        const i = at % (current.length + 1);
        if (kind === 0) return current.slice(0, i) + piece + current.slice(i);
        if (kind === 1) return current.slice(0, i) + current.slice(i + 1);
        return current.slice(0, i) + piece + current.slice(i + piece.length);
      }, text),
    );
  const tokens = fc.array(fc.constantFrom(...pieces), { maxLength: 30 }).map((parts) => parts.join(' '));
  const anything = fc.string({ maxLength: 60, unit: 'binary' });

  test('10,000+ random and mutated conditions: a valid parse that round-trips, or a ConfigurationError', () => {
    let parsed = 0;
    let rejected = 0;
    fc.assert(
      fc.property(fc.oneof(mutated, tokens, anything), (text) => {
        try {
          const condition = parseCondition(text);
          parsed++;
          for (const clause of condition.clauses) {
            const toleranceOptional = clause.metric.kind === 'latency' || clause.metric.kind === 'size';
            expect(Number.isFinite(clause.threshold) && (clause.tolerance === undefined ? toleranceOptional : clause.tolerance > 0)).toBe(
              true,
            );
            expect(Object.values(clause.coefficients).some((c) => c !== 0)).toBe(true);
          }
          // Nothing was dropped: the canonical form parses back to the same clauses.
          const again = parseCondition(formatCondition(condition));
          const shape = (c: Clause): unknown[] => [c.metric, c.slice, c.coefficients, c.comparison, c.threshold, c.tolerance];
          expect(again.clauses.map(shape)).toEqual(condition.clauses.map(shape));
        } catch (error) {
          if (!isConfigurationError(error)) throw error;
          expect(error.message).toMatch(/^condition:\d+:\d+: /);
          rejected++;
        }
      }),
      { numRuns: 12_000, seed: 20190301 },
    );
    expect(parsed + rejected).toBe(12_000);
    expect(parsed).toBeGreaterThan(100);
    expect(rejected).toBeGreaterThan(5_000);
  });
});
