import { describe, expect, test } from '@jest/globals';
import { DEFAULT_SETTINGS, formatCondition, parseGateConfig, resolveSettings } from '@mlops-actions/gate';

describe('condition files', () => {
  test('plain condition lines carry no settings', () => {
    const config = parseGateConfig('# gate\nn - o > 0.02 +/- 0.01\n');
    expect(formatCondition(config.condition)).toBe('n - o > 0.02 +/- 0.01');
    expect(config.settings).toEqual({});
  });

  test('the YAML form holds the condition and settings', () => {
    const config = parseGateConfig(
      'condition: n - o > 0.02 +/- 0.01\nreliability: 0.9999\nmode: fp-free\nadaptivity: full\nsteps: 32\nfirst-model: n > 0.5 +/- 0.05\n',
      { file: 'gate.yml' },
    );
    expect(config.settings).toMatchObject({
      reliability: 0.9999,
      mode: 'fp-free',
      adaptivity: 'full',
      steps: 32,
      firstModel: { kind: 'condition' },
    });
  });

  test("ease.ml/ci's ml: list form is accepted, hybrid meaning firstChange, script said to be ignored", () => {
    const config = parseGateConfig(
      'ml:\n  - script: ./test_model.py\n  - condition: n - o > 0.02 +/- 0.01\n  - reliability: 0.9999\n  - mode: fp-free\n  - adaptivity: hybrid\n  - steps: 32\n',
      { file: '.easeml.yml' },
    );
    expect(config.settings).toEqual({ reliability: 0.9999, mode: 'fp-free', adaptivity: 'firstChange', steps: 32 });
    expect(config.warnings).toEqual([
      ".easeml.yml: 'script' (./test_model.py) is ignored: the gate evaluates predictions, it does not run test scripts",
    ]);
  });

  test.each([
    ['reliability: 2\ncondition: n > 0.5 +/- 0.1', "'reliability' in gate.yml must be a number > 0 and < 1, got 2"],
    ['condition: n > 0.5 +/- 0.1\nmode: strict', "'mode' in gate.yml must be one of 'fp-free', 'fn-free', got 'strict'"],
    ['condition: n > 0.5 +/- 0.1\nstep: 3', "gate.yml: unknown key 'step'"],
    ['reliability: 0.99', "gate.yml: no 'condition' key"],
    ['condition: n > +/- 0.1', "gate.yml (condition):1:5: expected a number after '>'"],
    ['condition: [1, 2]', 'gate.yml: expected a single value'],
    ['condition: a\ncondition: b', 'gate.yml: not valid YAML'],
  ])('%j is refused: %s', (text, message) => {
    expect(() => parseGateConfig(text, { file: 'gate.yml' })).toThrow(message);
  });

  test('settings: defaults < reference flag < file < explicit overrides', () => {
    expect(resolveSettings({})).toEqual(DEFAULT_SETTINGS);
    expect(resolveSettings({ referenceFlag: false }).mode).toBe('fn-free');
    expect(resolveSettings({ referenceFlag: false, file: { mode: 'fp-free' } }).mode).toBe('fp-free');
    expect(
      resolveSettings({ referenceFlag: true, file: { mode: 'fp-free', steps: 4 }, overrides: { mode: 'fn-free', steps: undefined } }),
    ).toMatchObject({ mode: 'fn-free', steps: 4 });
  });
});

describe('configs/test_condition.txt, the default gate', () => {
  test('parses, asks for a 2-point improvement measured to ± 0.01, and budgets a year of weekly comparisons', async () => {
    const { readFile } = await import('node:fs/promises');
    const config = parseGateConfig(await readFile('configs/test_condition.txt', 'utf8'), { file: 'configs/test_condition.txt' });
    expect(formatCondition(config.condition)).toBe('n - o > 0.02 +/- 0.01');
    expect(config.settings).toEqual({ steps: 52, adaptivity: 'none' });
    expect(config.warnings).toEqual([]);
  });
});
