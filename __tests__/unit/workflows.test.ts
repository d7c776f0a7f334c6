import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { convertWorkflowTemplate, NoOperationTraceWriter, parseWorkflow } from '@actions/workflow-parser';
import { parse } from 'yaml';
import { readAction } from '../helpers/action-contract.js';

const dir = resolve(import.meta.dirname, '..', '..', '.github', 'workflows');
const files = readdirSync(dir).filter((name) => name.endsWith('.yml'));

interface Step {
  uses?: string;
  with?: Record<string, unknown>;
}
interface Job {
  'runs-on': unknown;
  'timeout-minutes'?: number;
  permissions?: Record<string, string>;
  steps: Step[];
}
interface Workflow {
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  concurrency?: { group: string };
  jobs: Record<string, Job>;
}

/** The errors GitHub's own workflow parser finds in a workflow file. */
async function workflowErrors(name: string, content: string): Promise<string[]> {
  const result = parseWorkflow({ name, content }, new NoOperationTraceWriter());
  if (result.value) await convertWorkflowTemplate(result.context, result.value);
  return result.context.errors.getErrors().map((error) => error.message);
}

/** Inputs a workflow gives a local action that its action.yml does not declare, and required ones it leaves out. */
function inputProblems(text: string): string[] {
  const problems: string[] = [];
  for (const job of Object.values((parse(text) as Workflow).jobs))
    for (const step of job.steps.filter((candidate) => candidate.uses?.startsWith('./actions/'))) {
      const action = readAction(step.uses!.slice('./actions/'.length));
      const given = Object.keys(step.with ?? {});
      for (const input of given.filter((candidate) => !(candidate in action.inputs))) problems.push(`${step.uses}: no input '${input}'`);
      for (const [input, spec] of Object.entries(action.inputs))
        if (spec.required && spec.default === undefined && !given.includes(input))
          problems.push(`${step.uses}: required input '${input}' missing`);
    }
  return problems;
}

const read = (name: string): string => readFileSync(join(dir, name), 'utf8');
const workflow = (name: string): Workflow => parse(read(name)) as Workflow;

describe('the workflows in .github/workflows', () => {
  test('the pipeline and CI are all there', () => {
    expect(files.sort()).toEqual(['ci.yml', 'deploy.yml', 'dispatch.yml', 'evaluate.yml', 'release.yml', 'train.yml']);
  });

  test.each(files)("%s passes GitHub's workflow parser", async (name) => {
    expect(await workflowErrors(name, read(name))).toEqual([]);
  });

  test('a typo is caught by the same check', async () => {
    const broken = read('evaluate.yml').replace('runs-on:', 'runs_on:');
    expect(await workflowErrors('evaluate.yml', broken)).not.toEqual([]);
  });

  test.each(files)('%s: least-privilege permissions, a timeout on every job, secrets only through secrets.*', (name) => {
    const parsed = workflow(name);
    expect(parsed.permissions).toBeDefined();
    const grants = Object.values(parsed.permissions ?? {});
    expect(grants.filter((grant) => grant === 'write').length).toBeLessThanOrEqual(1);
    expect(JSON.stringify(parsed.permissions)).not.toMatch(/write-all|read-all/);
    for (const job of Object.values(parsed.jobs)) expect(job['timeout-minutes']).toBeGreaterThan(0);
    const text = read(name);
    expect(text).not.toMatch(/gh[pousr]_[A-Za-z0-9]{10,}|hf_[A-Za-z0-9]{10,}/);
    for (const match of text.matchAll(/\$\{\{\s*([^}]*?(TOKEN|PASSWORD|SECRET)[^}]*?)\s*\}\}/g))
      expect(match[1]).toMatch(/^(secrets\.|github\.token)/);
  });

  test.each(files)('%s: every `uses: ./actions/<name>` gives only inputs that action has, and every required one', (name) => {
    expect(inputProblems(read(name))).toEqual([]);
  });

  test('a misspelt or missing action input is caught by the same check', () => {
    expect(inputProblems(read('evaluate.yml').replace('condition-file:', 'conditon-file:'))).toEqual([
      "./actions/evaluate-promote: no input 'conditon-file'",
    ]);
    expect(inputProblems(read('train.yml').replace(/ {10}command: .*\n/, ''))).toEqual([
      "./actions/train: required input 'command' missing",
    ]);
  });

  test('evaluations queue per model instead of racing; the GPU job runs on a GPU runner; the schedule is every 5 minutes', () => {
    expect(workflow('evaluate.yml').concurrency?.group).toContain('model-name');
    expect(workflow('evaluate.yml').on).toHaveProperty('repository_dispatch');
    expect(workflow('train.yml').jobs.train?.['runs-on']).toEqual(['self-hosted', 'gpu']);
    expect(workflow('train.yml').on).toMatchObject({ push: { tags: ['train-v*'] } });
    expect(workflow('dispatch.yml').on).toMatchObject({ schedule: [{ cron: '*/5 * * * *' }] });
  });
});
