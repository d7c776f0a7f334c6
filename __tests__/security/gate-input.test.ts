// The gate fed hostile or absurd input: it refuses what it cannot judge, with a clear message and exit status 2,
// and never decides on a value that is not a number.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { runMlops, type MlopsRun } from '../helpers/mlops-cli.js';
import { ConditionSyntaxError, countPairs, evaluateGate, parseCondition, resolveSettings } from '@mlops-actions/gate';
import fc from 'fast-check';

const dir = mkdtempSync(join(tmpdir(), 'gate-input-'));
const file = (name: string, content: string): string => {
  writeFileSync(join(dir, name), content);
  return join(dir, name);
};

const gate = (...args: string[]): Promise<MlopsRun> => runMlops(['gate', ...args]);

const labels = Array.from({ length: 2000 }, (_, i) => i % 10);
const counts = countPairs(
  labels,
  labels.map((label, i) => (i < 120 ? (label + 1) % 10 : label)),
  labels.map((label, i) => (i >= 100 && i < 320 ? (label + 1) % 10 : label)),
);
const predictions = file(
  'predictions.csv',
  `label,new,old\n${labels.map((label, i) => `${label},${i < 120 ? 9 - label : label},${label}`).join('\n')}\n`,
);

describe('settings and conditions the gate cannot judge are refused', () => {
  test.each(['1e-20', '0.3', '1', '0.9999999999999999'])('reliability %s: exit 2, naming the sane range', async (reliability) => {
    const result = await gate(
      'evaluate',
      '--predictions',
      predictions,
      '--condition',
      'n - o > 0.01 +/- 0.02',
      '--reliability',
      reliability,
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/reliability must be|between 0 and 1/);
  });

  test.each([
    ['1e308 * n - 1e308 * o > 0.01 +/- 0.02', 'the coefficients add up to'],
    ['n - o > 1e300 +/- 0.02', 'the threshold 1e+300 is beyond'],
    ['n - o > 0.01 +/- 1e300', 'the tolerance 1e+300 is beyond'],
  ])('%s is refused before anything is computed', (condition, message) => {
    expect(() => parseCondition(condition)).toThrow(message);
  });

  test('no condition the parser accepts yields a decision on a non-finite interval', () => {
    const coefficient = fc.double({ min: -4e5, max: 4e5, noNaN: true });
    fc.assert(
      fc.property(coefficient, coefficient, fc.double({ min: -2, max: 2, noNaN: true }), (a, b, threshold) => {
        if (Math.abs(a) + Math.abs(b) < 1e-9) return;
        const condition = parseCondition(`${a} * n ${b < 0 ? '-' : '+'} ${Math.abs(b)} * o > ${threshold} +/- 0.05`);
        const result = evaluateGate({ condition, settings: resolveSettings({ overrides: { samples: 200 } }), counts });
        for (const clause of result.clauses) expect([...clause.interval, clause.estimate].every(Number.isFinite)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  test('fuzzed condition text is parsed or refused with a syntax error naming the place, never a crash', () => {
    const alphabet = fc.constantFrom(...'nod0123456789.eE+-*/\\<>=, \n#%_abc()'.split(''), '+/-', '/\\', '1e308', 'NaN', 'Infinity');
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 40 }), (parts) => {
        try {
          parseCondition(parts.join(''));
        } catch (error) {
          expect(error).toBeInstanceOf(ConditionSyntaxError);
          expect((error as Error).message).toMatch(/^condition:\d+:\d+: /);
        }
      }),
      { numRuns: 5000 },
    );
  });

  test.each([
    ['exact', 'exceed the 64 the exact tests decide'],
    ['bootstrap', "exceed the bootstrap's budget"],
  ] as const)(
    '1,000 clauses are decided in time linear in their number (%s gives way to Hoeffding/Bennett)',
    (method, note) => {
      const condition = parseCondition(Array.from({ length: 1000 }, (_, i) => `n - o > ${(i / 1e6).toFixed(6)} +/- 0.01`).join(' /\\ '));
      const result = evaluateGate({ condition, settings: resolveSettings({ overrides: { method } }), counts });
      expect(result.clauses).toHaveLength(1000);
      expect(result.notes.join(' ')).toContain(note);
    },
    20_000,
  ); // the bootstrap took 149 s before its budget
});

describe('predictions files', () => {
  test('class indices beyond 2^53 are told apart (compared as digits, not doubles)', async () => {
    const big = file('big.csv', 'label,new,old\n9007199254740993,9007199254740992,9007199254740993\n');
    const result = await gate('evaluate', '--predictions', big, '--condition', 'n > 0.5 +/- 0.4', '--json');
    expect(JSON.parse(result.stdout)).toMatchObject({ n: 0, o: 1 });
  });

  test('a header that names a column twice is refused (exit 2)', async () => {
    const twice = file('twice.csv', 'label,new,new,old\n1,1,2,1\n');
    const result = await gate('evaluate', '--predictions', twice, '--condition', 'n - o > 0.01 +/- 0.02');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("names the column 'new' twice");
  });

  test('a group name cannot forge a workflow command or a terminal escape: its control characters are shown escaped', async () => {
    const hostile = 'x\n::warning::forged\u001b[2J';
    const lines = Array.from({ length: 300 }, (_, i) =>
      JSON.stringify({ label: i % 2, new: i % 3 === 0 ? 1 - (i % 2) : i % 2, old: i % 2, group: hostile }),
    );
    const grouped = file('hostile-group.jsonl', `${lines.join('\n')}\n`);
    const result = await gate('evaluate', '--predictions', grouped, '--condition', 'forall group: n[group] - o[group] > 0 +/- 0.1');
    expect(result.code).toBe(3);
    expect(result.stdout).toContain('(group x\\u000a::warning::forged\\u001b[2J)');
    expect(result.stdout.split('\n').some((line) => line.startsWith('::'))).toBe(false);
    expect(result.stdout).not.toContain('\u001b');
  });

  test('a directory is refused (exit 2)', async () => {
    mkdirSync(join(dir, 'folder'));
    const result = await gate('evaluate', '--predictions', join(dir, 'folder'), '--condition', 'n - o > 0.01 +/- 0.02');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('is a directory');
  });
});
