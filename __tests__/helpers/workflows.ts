// What GitHub's workflow parser says about a workflow, and whether it gives this repository's actions the inputs their
// action.yml declares: for the shipped workflows, those in the READMEs and those a user copies (the README walk).
import { convertWorkflowTemplate, NoOperationTraceWriter, parseWorkflow } from '@actions/workflow-parser';
import { parse } from 'yaml';
import { readAction } from './action-contract.js';

export interface Step {
  uses?: string;
  with?: Record<string, unknown>;
}
export interface Job {
  'runs-on': unknown;
  env?: Record<string, string>;
  'timeout-minutes'?: number;
  permissions?: Record<string, string>;
  steps: Step[];
}
export interface Workflow {
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  concurrency?: { group: string };
  jobs: Record<string, Job>;
}

/** The errors GitHub's own workflow parser finds in a workflow file. */
export async function workflowErrors(name: string, content: string): Promise<string[]> {
  const result = parseWorkflow({ name, content }, new NoOperationTraceWriter());
  if (result.value) await convertWorkflowTemplate(result.context, result.value);
  return result.context.errors.getErrors().map((error) => error.message);
}

/** This repository's action a step uses: `./actions/<name>` here, `<owner>/mlops-actions/actions/<name>@<ref>` in a user's repository. */
export const ourAction = (uses: string | undefined): string | undefined =>
  /^(?:\.\/actions\/|[^/]+\/mlops-actions\/actions\/)([a-z-]+)(?:@.*)?$/.exec(uses ?? '')?.[1];

/** Inputs a workflow gives one of our actions that its action.yml does not declare, and required ones it leaves out. */
export function inputProblems(text: string): string[] {
  const problems: string[] = [];
  for (const job of Object.values((parse(text) as Workflow).jobs))
    for (const step of job.steps.filter((candidate) => ourAction(candidate.uses) !== undefined)) {
      const action = readAction(ourAction(step.uses)!);
      const given = Object.keys(step.with ?? {});
      for (const input of given.filter((candidate) => !(candidate in action.inputs))) problems.push(`${step.uses}: no input '${input}'`);
      for (const [input, spec] of Object.entries(action.inputs))
        if (spec.required && spec.default === undefined && !given.includes(input))
          problems.push(`${step.uses}: required input '${input}' missing`);
    }
  return problems;
}
