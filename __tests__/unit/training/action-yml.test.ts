import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { TRAIN_DEFAULTS, TRAIN_INPUTS, TRAIN_OUTPUTS } from '@mlops-actions/training';
import { parse } from 'yaml';

const dir = resolve(import.meta.dirname, '..', '..', '..', 'actions', 'train');
const action = parse(readFileSync(join(dir, 'action.yml'), 'utf8')) as {
  inputs: Record<string, { required?: boolean; default?: string }>;
  outputs: Record<string, unknown>;
  runs: { using: string; main: string };
};
const readme = readFileSync(join(dir, 'README.md'), 'utf8');

describe('actions/train: action.yml, the code and the README cannot drift', () => {
  test('the inputs and outputs are exactly those the code reads and writes', () => {
    expect(Object.keys(action.inputs).sort()).toEqual(Object.values(TRAIN_INPUTS).sort());
    expect(Object.keys(action.outputs).sort()).toEqual(Object.values(TRAIN_OUTPUTS).sort());
  });

  test('the defaults in action.yml are the defaults in the code', () => {
    expect(action.inputs[TRAIN_INPUTS.modelDir]?.default).toBe(TRAIN_DEFAULTS.modelDir);
    expect(action.inputs[TRAIN_INPUTS.alias]?.default).toBe(TRAIN_DEFAULTS.alias);
    expect(action.inputs[TRAIN_INPUTS.gpu]?.default).toBe(TRAIN_DEFAULTS.gpu);
    expect(action.inputs[TRAIN_INPUTS.register]?.default).toBe('true');
    expect(action.inputs[TRAIN_INPUTS.command]?.required).toBe(true);
  });

  test('it runs the committed bundle on node24', () => {
    expect(action.runs).toEqual({ using: 'node24', main: '../../dist/train/index.js' });
  });

  test('the README documents every input and output in its tables', () => {
    for (const name of [...Object.keys(action.inputs), ...Object.keys(action.outputs)])
      expect(readme).toMatch(new RegExp(`^\\| \`${name}\` +\\|`, 'm'));
  });
});
