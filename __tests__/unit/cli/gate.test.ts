import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { parseCondition, requiredItems, resolveSettings } from '@mlops-actions/gate';
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

describe('mlops gate sample-size with forall clauses', () => {
  const forallClass = 'forall class: n[class] - o[class] > -0.02 +/- 0.02';
  const condition = `${forallClass} /\\ n - o > 0 +/- 0.01`;
  // What evaluate decides on: the forall clause expanded into one clause per class, each its own share of δ.
  const expanded = (classes: number) => {
    const [sliced, whole] = parseCondition(condition).clauses;
    return requiredItems([...Array.from({ length: classes }, () => sliced!), whole!], resolveSettings({}));
  };

  test('--classes: each class a clause in the δ split, its requirement per class, and the items in all', async () => {
    const perClass = expanded(10).clauses[0]!.items;
    const whole = expanded(10).clauses[10]!.items;
    expect(perClass).toBeGreaterThan(requiredItems(parseCondition(condition).clauses, resolveSettings({})).clauses[0]!.items);
    const result = await mlops('gate', 'sample-size', '--condition', condition, '--classes', '10');
    expect(result).toEqual({
      code: 0,
      // The number alone on stdout, for scripts; what each class needs on stderr.
      stdout: `${Math.max(whole, 10 * perClass)}\n`,
      stderr: `${perClass} items per class for the forall class clauses (10 classes: at least ${10 * perClass} items in all)\n`,
    });
  });

  test('--json marks the forall clause per slice', async () => {
    const result = await mlops('gate', 'sample-size', '--condition', condition, '--classes', '4', '--groups', '7', '--json');
    const json = JSON.parse(result.stdout) as { required: number; clauses: Array<Record<string, unknown>> };
    const { clauses } = expanded(4);
    expect(json.clauses).toEqual([
      { clause: forallClass, items: clauses[0]!.items, bound: 'hoeffding', needsLabels: true, perSlice: true, slices: 4 },
      { clause: 'n - o > 0 +/- 0.01', items: clauses[4]!.items, bound: 'hoeffding', needsLabels: true },
    ]);
    expect(json.required).toBe(Math.max(clauses[4]!.items, 4 * clauses[0]!.items));
  });

  test.each([
    [condition, [], 'give the number of classes with --classes <n>'],
    ['forall group: n[group] > 0.8 +/- 0.05', ['--classes', '10'], 'give the number of groups with --groups <n>'],
    [condition, ['--classes', '0'], '--classes must be a whole number >= 1'],
    [condition, ['--classes', '2.5'], '--classes must be a whole number'],
  ])('%s %j: exit 2 and what to pass', async (text, args, message) => {
    const result = await mlops('gate', 'sample-size', '--condition', text, ...args);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(message);
  });

  test('a condition without forall clauses prints one line, whatever --classes says', async () => {
    const result = await mlops('gate', 'sample-size', '--condition', 'n > 0.8 +/- 0.01', '--reliability', '0.9999', '--classes', '10');
    expect(result).toEqual({ code: 0, stdout: '46052\n', stderr: '' });
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

/** 3,000 items of classes 0–2: the old model right on 80% of each; the new one on all of 0 and 1, but half of 2. */
const worseOnClass2 = file(
  'worse-on-2.csv',
  `label,new,old\n${Array.from({ length: 3_000 }, (_, i) => {
    const [label, k] = [i % 3, Math.floor(i / 3)];
    return `${label},${label === 2 && k % 2 === 0 ? 0 : label},${k % 5 === 0 ? (label + 1) % 3 : label}`;
  }).join('\n')}\n`,
);

describe('mlops gate evaluate on slices, recall and precision', () => {
  test('better overall but worse on one class: forall class rejects naming the class (exit 3)', async () => {
    const overall = await mlops('gate', 'evaluate', '--predictions', worseOnClass2, '--condition', 'n - o > 0 +/- 0.05');
    expect(overall.code).toBe(0);
    const result = await mlops(
      'gate',
      'evaluate',
      '--predictions',
      worseOnClass2,
      '--condition',
      'forall class: n[class] - o[class] > -0.02 +/- 0.02 /\\ n - o > 0 +/- 0.05',
    );
    expect(result.code).toBe(3);
    expect(result.stdout).toMatch(
      /^rejected: n\[2\] − o\[2\] = −0\.3, 99\.75% interval \[−0\.\d+, −0\.\d+\] is below −0\.02 \(class 2\)\n/,
    );
    expect(result.stdout).toContain('"0": 1000 items, n = 1, o = 0.8');
  });

  test('a group column drives forall group; an empty cell is in no group', async () => {
    // 1,200 items: the new model is wrong on 134 of the coast group's 400, which the old one gets right.
    const rows = Array.from({ length: 1_200 }, (_, i) => {
      const group = ['north', 'coast', ''][i % 3]!;
      return `${i % 2},${group === 'coast' && i % 9 === 1 ? 1 - (i % 2) : i % 2},${i % 2},${group}`;
    });
    const grouped = file('grouped.csv', `label,new,old,group\n${rows.join('\n')}\n`);
    const result = await mlops(
      'gate',
      'evaluate',
      '--predictions',
      grouped,
      '--condition',
      'forall group: n[group] - o[group] > -0.05 +/- 0.05',
      '--json',
    );
    expect(result.code).toBe(3);
    const json = JSON.parse(result.stdout) as {
      reason: string;
      slices: Array<{ rows: Array<{ name: string; items: number; value: string }> }>;
    };
    expect(json.reason).toMatch(/^rejected: n\[coast\] − o\[coast\] = −0\.335, .* \(group coast\)$/);
    expect(json.slices[0]!.rows.map(({ name, items, value }) => ({ name, items, value }))).toEqual([
      { name: 'coast', items: 400, value: 'false' },
      { name: 'north', items: 400, value: 'true' },
    ]);
  });

  test('a forall group clause on a file without groups says how to give them', async () => {
    const result = await mlops('gate', 'evaluate', '--predictions', better, '--condition', 'forall group: n[group] > 0.8 +/- 0.05');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      `the clause 'forall group: n[group] > 0.8 +/- 0.05' ranges over groups, but ${better} puts no item in a group: add a group column`,
    );
  });

  test('a binary file decides recall(new); the larger class index (10, not 9) is the positive class', async () => {
    // The new model finds every 10 and misses every 9; the old one the reverse.
    const lines = Array.from({ length: 400 }, (_, i) =>
      JSON.stringify(i % 2 === 0 ? { label: 10, new: 10, old: 9 } : { label: 9, new: 10, old: 9 }),
    );
    const binary = file('binary.jsonl', `${lines.join('\n')}\n`);
    const recall = await mlops('gate', 'evaluate', '--predictions', binary, '--condition', 'recall(new) > 0.9 +/- 0.05');
    expect(recall.code).toBe(0);
    expect(recall.stdout).toMatch(/^passed: recall\(new\) = 1, /);
    expect(recall.stdout).toContain('metric     recall: new 1, old 0');
    const precision = await mlops('gate', 'evaluate', '--predictions', binary, '--condition', 'precision(new) > 0.9 +/- 0.05');
    expect(precision.code).toBe(3);
    expect(precision.stdout).toMatch(/^rejected: precision\(new\) = 0\.5, /);
  });

  test('without old predictions the first-model condition may range over classes', async () => {
    const lines = Array.from({ length: 600 }, (_, i) => JSON.stringify({ label: i % 3, new: i % 3 === 2 && i % 2 ? 0 : i % 3 }));
    const first = file('first-classes.jsonl', `${lines.join('\n')}\n`);
    const result = await mlops(
      'gate',
      'evaluate',
      '--predictions',
      first,
      '--condition',
      'n - o > 0 +/- 0.05',
      '--first-model',
      'forall class: n[class] > 0.7 +/- 0.1',
    );
    expect(result.code).toBe(3);
    expect(result.stdout).toMatch(/^rejected: n\[2\] = 0\.5, .* \(class 2\) \(no production model yet: first-model condition\)/);
  });

  test('top-K needs scores a predictions file does not hold: the message says where to get them', async () => {
    const result = await mlops('gate', 'evaluate', '--predictions', better, '--condition', 'n@2 > 0.9 +/- 0.05');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      "the clause 'n@2 > 0.9 +/- 0.05' needs the new model's rank of each item's label (its scores over all classes); `mlops gate` predictions files hold top-1 predictions only: use evaluate-promote",
    );
  });

  test.each([
    [
      'commas.csv',
      'label,new,old,group\n1,1,1,north\n1,1,1,north, coast\n',
      ':3: 5 cells, but the header names 4 columns: a CSV cell cannot hold a comma (quotes are not read); for group names with commas, write JSON lines such as',
    ],
    [
      'extra.csv',
      'label,new,old\n1,1,1,2\n',
      ':2: 4 cells, but the header names 3 columns: a CSV cell cannot hold a comma (quotes are not read)\n',
    ],
    [
      'group.jsonl',
      '{"label": 1, "new": 1, "group": 7}\n',
      `:1: 'group' must be a group's name as a string, such as "north" (null or "" for an item in no group), got 7`,
    ],
    [
      'null.jsonl',
      '{"label": 1, "new": 1}\nnull\n',
      ':2: each line must be a JSON object such as {"label": 3, "new": 3, "old": 5, "group": "north"}, not null',
    ],
  ])('%s is refused naming the line (exit 2)', async (name, content, message) => {
    const bad = file(name, content);
    const result = await mlops('gate', 'evaluate', '--predictions', bad, '--condition', 'n > 0.5 +/- 0.1');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${bad}${message}`);
  });
});
