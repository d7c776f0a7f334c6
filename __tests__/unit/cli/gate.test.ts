import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { runMlops, type MlopsRun } from '../../helpers/mlops-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'mlops-cli-'));
const file = (name: string, content: string): string => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};

/** 2,000 items: the new model right on 90%, the old one on 80%. */
const better = file(
  'better.csv',
  `label,new,old\n${Array.from({ length: 2_000 }, (_, i) => `${i % 10},${i % 10 === 0 ? 1 : i % 10},${i % 5 === 0 ? 9 : i % 10}`).join('\n')}\n`,
);

const mlops = (...args: string[]): Promise<MlopsRun> => runMlops(args);

describe('mlops gate sample-size', () => {
  test('prints the required number of items as a bare integer', async () => {
    const result = await mlops('gate', 'sample-size', '--condition', 'n > 0.8 +/- 0.01', '--reliability', '0.9999');
    expect(result).toEqual({ code: 0, stdout: '46052\n', stderr: '' });
  });

  test('--json holds it in `required`, with each clause', async () => {
    const result = await mlops(
      'gate',
      'sample-size',
      '--condition',
      'd < 0.1 +/- 0.05 /\\ n - o > 0.02 +/- 0.01',
      '--reliability',
      '0.9999',
      '--steps',
      '32',
      '--adaptivity',
      'full',
      '--json',
    );
    const json = JSON.parse(result.stdout) as { required: number; clauses: { bound: string }[] };
    expect(Math.abs(json.required - 67_705)).toBeLessThanOrEqual(1);
    expect(json.clauses.map((c) => c.bound)).toEqual(['hoeffding', 'bennett']);
  });
});

describe('mlops gate evaluate', () => {
  test('exit 0 and a human summary when the condition passes', async () => {
    const result = await mlops('gate', 'evaluate', '--predictions', better, '--condition', 'n - o > 0.02 +/- 0.05');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^passed: n − o = 0\.1, 99% interval/);
    expect(result.stdout).toContain('decision   promote');
  });

  test('exit 3 and the reason when it does not', async () => {
    const result = await mlops('gate', 'evaluate', '--predictions', better, '--condition', 'n - o > 0.15 +/- 0.05');
    expect(result.code).toBe(3);
    expect(result.stdout).toMatch(/^rejected: n − o = 0\.1, 99% interval \[0\.0\d+, 0\.1\d*\] is below 0\.15/);
  });

  test('--json prints the result object', async () => {
    const result = await mlops(
      'gate',
      'evaluate',
      '--predictions',
      better,
      '--condition',
      'n - o > 0.02 +/- 0.05',
      '--json',
      '--seed',
      '3',
      '--samples',
      '2000',
    );
    const json = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(json).toMatchObject({ passed: true, items: 2_000, itemsRequired: expect.any(Number), settings: { seed: 3, samples: 2_000 } });
    expect(json.n).toBeCloseTo(0.9, 10);
    expect(json.o).toBeCloseTo(0.8, 10);
    expect(json.d).toBeCloseTo(0.2, 10);
    expect(json.clauses).toHaveLength(1);
    expect(typeof json.reason).toBe('string');
  });

  test('JSON lines and a condition file in the reference format', async () => {
    const predictions = file('first.jsonl', '{"label": 1, "new": 1}\n{"label": 2, "new": 0, "old": null}\n');
    const condition = file('test_condition.txt', '# reference format\nn - o > 0.02 +/- 0.005, True\n');
    const result = await mlops('gate', 'evaluate', '--predictions', predictions, '--condition-file', condition, '--json');
    expect(JSON.parse(result.stdout)).toMatchObject({
      firstModel: true,
      passed: true,
      settings: { mode: 'fp-free', firstModel: 'promote' },
    });
  });

  test.each([
    [['--predictions', 'missing.csv', '--condition', 'n > 0.5 +/- 0.1'], 'predictions file not found: missing.csv'],
    [['--predictions', 'x.csv'], 'give the condition'],
    [['--predictions', 'x.csv', '--condition', 'n >> 0.5 +/- 0.1'], "--condition:1:4: expected a number after '>'"],
    [
      ['--predictions', 'x.csv', '--condition', 'n > 0.5 +/- 0.1', '--reliability', '1.5'],
      '--reliability must be a number > 0 and < 1, got 1.5',
    ],
    [
      ['--predictions', 'x.csv', '--condition', 'n > 0.5 +/- 0.1', '--mode', 'strict'],
      "--mode must be one of 'fp-free', 'fn-free', got 'strict'",
    ],
    [['--condition', 'n > 0.5 +/- 0.1'], "required option '--predictions <file>' not specified"],
  ])('usage and configuration errors exit 2 with the message on stderr: %j', async (args, message) => {
    const result = await mlops('gate', 'evaluate', ...args);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(message);
  });

  test('a malformed predictions file names the line', async () => {
    const bad = file('bad.csv', 'label,new,old\n1,1,1\n1,one,1\n');
    const result = await mlops('gate', 'evaluate', '--predictions', bad, '--condition', 'n > 0.5 +/- 0.1');
    expect(result).toMatchObject({ code: 2 });
    expect(result.stderr).toContain(`${bad}:3: 'new' must be a class index`);
  });
});
