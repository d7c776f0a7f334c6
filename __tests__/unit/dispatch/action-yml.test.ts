import { describe, expect, test } from '@jest/globals';
import { DISPATCH_DEFAULTS, DISPATCH_INPUT_SPECS, DISPATCH_INPUTS, DISPATCH_OUTPUTS } from '@mlops-actions/dispatch';
import { expectActionContract, readAction } from '../../helpers/action-contract.js';

describe('actions/dispatch-on-registration: action.yml, the code and the README cannot drift', () => {
  test('inputs, outputs, defaults and the bundle it runs', () => {
    expectActionContract('dispatch-on-registration', DISPATCH_INPUT_SPECS, Object.values(DISPATCH_OUTPUTS));
    const action = readAction('dispatch-on-registration');
    expect(action.inputs[DISPATCH_INPUTS.event]?.default).toBe(DISPATCH_DEFAULTS.event);
    expect(action.inputs[DISPATCH_INPUTS.maxDispatches]?.default).toBe(String(DISPATCH_DEFAULTS.maxDispatches));
    expect(action.runs).toEqual({ using: 'node24', main: '../../dist/dispatch-on-registration/index.js' });
  });
});
