import { describe, expect, test } from '@jest/globals';
import { parse } from 'yaml';
import { actionDefinitions, readmeStepLists, readmeWorkflows, shippedWorkflows, type WorkflowText } from '../../scripts/workflow-files.js';

/**
 * Every `run:` script that contains a `${{ }}` expression. The runner pastes an expression's value into the script
 * before the shell reads it, so a value someone else controls (an input, a model's reason, a branch name) becomes
 * shell code — the script injection GitHub's hardening guide warns against. Values go through `env:` instead.
 */
function expressionsInScripts(file: WorkflowText): string[] {
  const found: string[] = [];
  const visit = (node: unknown, path: string): void => {
    if (Array.isArray(node)) node.forEach((item, index) => visit(item, `${path}[${index}]`));
    else if (typeof node === 'object' && node !== null)
      for (const [key, value] of Object.entries(node)) {
        if (key === 'run' && typeof value === 'string' && value.includes('${{')) found.push(`${file.name}: ${path}.run: ${value.trim()}`);
        else visit(value, `${path}.${key}`);
      }
  };
  visit(parse(file.text), '');
  return found;
}

const everyFile = (): WorkflowText[] => [...actionDefinitions(), ...shippedWorkflows(), ...readmeWorkflows(), ...readmeStepLists()];

describe('no expression is pasted into a shell script', () => {
  test('the files scanned: every action.yml, every shipped workflow, and the workflows and steps in the READMEs', () => {
    const names = everyFile().map((file) => file.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'actions/evaluate-promote/action.yml',
        '.github/workflows/evaluate.yml',
        'actions/evaluate-promote/README.md#1',
      ]),
    );
    expect(names.filter((name) => name.includes('README')).length).toBeGreaterThanOrEqual(5);
  });

  test.each(everyFile().map((file) => [file.name, file] as const))('%s: every run: script takes its values from env:', (_, file) => {
    expect(expressionsInScripts(file)).toEqual([]);
  });

  test('the scan finds the pattern it forbids', () => {
    const unsafe = { name: 'unsafe.yml', text: 'runs:\n  steps:\n    - run: echo "${{ inputs.execution-provider }}"\n      shell: bash\n' };
    expect(expressionsInScripts(unsafe)).toEqual(['unsafe.yml: .runs.steps[0].run: echo "${{ inputs.execution-provider }}"']);
  });
});
