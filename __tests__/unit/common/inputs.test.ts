import { describe, expect, test } from '@jest/globals';
import { ConfigurationError, createInputReader } from '@mlops-actions/common';

const reader = (inputs: Record<string, string>) => createInputReader({ get: (name) => inputs[name] ?? '' });
const failure = (fn: () => unknown): ConfigurationError => {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfigurationError) return error;
    throw error;
  }
  throw new Error('expected a ConfigurationError');
};

describe('strict input parsers', () => {
  test('required and optional strings, trimmed; blank counts as absent', () => {
    const inputs = reader({ name: '  model  ', blank: '   ' });
    expect(inputs.requiredString('name')).toBe('model');
    expect(inputs.optionalString('blank')).toBeUndefined();
    const error = failure(() => inputs.requiredString('model-name'));
    expect(error.message).toBe("input 'model-name' is required but was not given");
    expect(error.subject).toBe("input 'model-name'");
  });

  test.each([
    ['true', true],
    ['True', true],
    ['TRUE', true],
    ['false', false],
    ['False', false],
    ['FALSE', false],
  ])('boolean %s', (text, value) => {
    expect(reader({ promote: text }).boolean('promote', !value)).toBe(value);
  });

  test.each(['yes', '1', 'on', 'tru'])("'%s' is not a YAML boolean", (text) => {
    expect(failure(() => reader({ promote: text }).boolean('promote', true)).message).toBe(
      `input 'promote' must be a YAML boolean (true or false), got '${text}'`,
    );
  });

  test('numbers with ranges', () => {
    const inputs = reader({ r: '0.999', b: '1e4', bad: '12abc', big: '2', frac: '2.5' });
    expect(inputs.number('r', 0.9, { above: 0, below: 1 })).toBe(0.999);
    expect(inputs.number('b', 1, { integer: true, min: 100 })).toBe(10_000);
    expect(inputs.number('missing', 7)).toBe(7);
    expect(failure(() => inputs.number('bad', 0)).message).toBe("input 'bad' must be a number, got '12abc'");
    expect(failure(() => inputs.number('big', 0, { above: 0, below: 1 })).message).toBe("input 'big' must be a number > 0 and < 1, got 2");
    expect(failure(() => inputs.number('frac', 0, { integer: true, min: 1 })).message).toBe(
      "input 'frac' must be a whole number, got '2.5'",
    );
  });

  test('enumerations list the allowed values', () => {
    const inputs = reader({ provider: 'tpu' });
    expect(inputs.enumeration('missing', ['cpu', 'cuda'] as const, 'cpu')).toBe('cpu');
    expect(failure(() => inputs.enumeration('provider', ['auto', 'cpu', 'cuda'] as const, 'auto')).message).toBe(
      "input 'provider' must be one of 'auto', 'cpu', 'cuda', got 'tpu'",
    );
  });

  test.each([
    ['90s', 90_000],
    ['5m', 300_000],
    ['1h30m', 5_400_000],
    ['250ms', 250],
    ['1h 15m', 4_500_000],
  ])('duration %s', (text, ms) => {
    expect(reader({ timeout: text }).duration('timeout', 0)).toBe(ms);
  });

  test.each(['90', '5 minutes', 'm5', '1x'])("'%s' is not a duration", (text) => {
    expect(failure(() => reader({ timeout: text }).duration('timeout', 0)).message).toContain(
      "input 'timeout' must be a duration such as 30s, 5m, 1h30m or 500ms",
    );
  });

  test('multi-line lists skip blank lines', () => {
    expect(reader({ paths: 'data/\n\n  ~/.cache/torch  \n' }).list('paths')).toEqual(['data/', '~/.cache/torch']);
    expect(reader({}).list('paths')).toEqual([]);
  });

  test('YAML and JSON maps of scalars', () => {
    expect(reader({ params: 'epochs: 8\nlr: 0.001\noptimizer: adam\nshuffle: true' }).map('params')).toEqual({
      epochs: 8,
      lr: 0.001,
      optimizer: 'adam',
      shuffle: true,
    });
    expect(reader({ params: '{"epochs": 8}' }).map('params')).toEqual({ epochs: 8 });
    expect(failure(() => reader({ params: '- a\n- b' }).map('params')).message).toContain('must be a YAML or JSON mapping');
    expect(failure(() => reader({ params: 'a: [1, 2]' }).map('params')).message).toBe(
      "input 'params' must map each key to a string, number or boolean; 'a' holds a list",
    );
    expect(failure(() => reader({ params: 'a: b: c' }).map('params')).message).toContain("input 'params' must be a YAML or JSON mapping");
  });

  test('a custom description names CLI flags', () => {
    const flags = createInputReader({ get: () => 'x', describe: (name) => `--${name}` });
    expect(failure(() => flags.number('steps', 1)).message).toBe("--steps must be a number, got 'x'");
  });
});
