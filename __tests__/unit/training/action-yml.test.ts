import { describe, expect, test } from '@jest/globals';
import { TRAIN_DEFAULTS, TRAIN_INPUT_SPECS, TRAIN_INPUTS, TRAIN_OUTPUTS } from '@mlops-actions/training';
import { expectActionContract, readAction } from '../../helpers/action-contract.js';

const action = readAction('train');

describe('actions/train: action.yml, the code and the README cannot drift', () => {
  test("the inputs are the code's spec (descriptions, defaults, required), the outputs those it writes, and the README lists them", () => {
    expectActionContract('train', TRAIN_INPUT_SPECS, Object.values(TRAIN_OUTPUTS));
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
});
