import { describe, expect, test } from '@jest/globals';
import { lintedWorkflows, lintWorkflow } from '../../scripts/actionlint.js';

const workflows = lintedWorkflows();

describe('actionlint over the shipped workflows and the workflows in the READMEs', () => {
  test('it checks the nine shipped workflows and every complete workflow in a README', () => {
    const names = workflows.map((workflow) => workflow.name);
    expect(names.filter((name) => name.startsWith('.github/workflows/'))).toHaveLength(9);
    expect(names).toEqual(expect.arrayContaining(['actions/train/README.md#1', 'actions/evaluate-promote/README.md#1']));
  });

  test.each(workflows.map((workflow) => [workflow.name, workflow] as const))('%s: no finding', async (_, workflow) => {
    expect(await lintWorkflow(workflow)).toEqual([]);
  });

  test('the gpu label is known only because .github/actionlint.yaml declares it', async () => {
    const train = workflows.find((workflow) => workflow.name === '.github/workflows/train.yml')!;
    const findings = await lintWorkflow(train, []);
    expect(findings.map((finding) => [finding.kind, finding.message.slice(0, 26)])).toEqual([
      ['runner-label', 'label "gpu" is unknown. av'],
    ]);
  });

  test('an untrusted value pasted into a script is found', async () => {
    const unsafe = {
      name: 'unsafe.yml',
      text: 'on: issues\njobs:\n  greet:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo "${{ github.event.issue.title }}"\n',
    };
    expect((await lintWorkflow(unsafe)).map((finding) => finding.kind)).toEqual(['expression']);
  });
});
