import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { MLFLOW_ENVIRONMENT } from '@mlops-actions/mlflow';
import { parse } from 'yaml';
import { inputProblems, ourAction, workflowErrors, type Job, type Step, type Workflow } from '../helpers/workflows.js';
import { readmeWorkflows } from '../../scripts/workflow-files.js';

const dir = resolve(import.meta.dirname, '..', '..', '.github', 'workflows');
const files = readdirSync(dir).filter((name) => name.endsWith('.yml'));

const read = (name: string): string => readFileSync(join(dir, name), 'utf8');
const workflow = (name: string): Workflow => parse(read(name)) as Workflow;
const embedded = readmeWorkflows().map((block) => [block.name, block.text] as const);

/** The MLflow variables a job's env passes on, and from where: `secrets.X` or `vars.X`. */
const mlflowEnvironment = (job: Job): Record<string, string> =>
  Object.fromEntries(Object.entries(job.env ?? {}).filter(([name]) => name.startsWith('MLFLOW_')));
const everyMlflowVariable = (): Record<string, string> =>
  Object.fromEntries([
    ...MLFLOW_ENVIRONMENT.secrets.map((name): [string, string] => [name, `\${{ secrets.${name} }}`]),
    ...MLFLOW_ENVIRONMENT.settings.map((name): [string, string] => [name, `\${{ vars.${name} }}`]),
  ]);

describe('the workflows in .github/workflows', () => {
  test('the pipeline and CI are all there', () => {
    expect(files.sort()).toEqual([
      'ci.yml',
      'deploy.yml',
      'dispatch.yml',
      'evaluate-approval.yml',
      'evaluate-sharded.yml',
      'evaluate.yml',
      'release.yml',
      'rollback.yml',
      'train.yml',
    ]);
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

  test.each(files.filter((name) => !['ci.yml', 'release.yml'].includes(name)))(
    '%s: every MLflow variable the actions read reaches them, secrets from secrets.*, settings from vars.*',
    (name) => {
      for (const job of Object.values(workflow(name).jobs)) expect(mlflowEnvironment(job)).toEqual(everyMlflowVariable());
    },
  );

  test('a misspelt or missing action input is caught by the same check', () => {
    expect(inputProblems(read('evaluate.yml').replace('condition-file:', 'conditon-file:'))).toEqual([
      "./actions/evaluate-promote: no input 'conditon-file'",
    ]);
    expect(inputProblems(read('train.yml').replace(/ {10}command: .*\n/, ''))).toEqual([
      "./actions/train: required input 'command' missing",
    ]);
  });

  test("the README's configuration table names every variable and secret the workflows read, as what it is", () => {
    const readme = readFileSync(join(dir, '..', '..', 'README.md'), 'utf8');
    const table = /^### Configuration and secrets\n\n((?:\|.*\n)+)/m.exec(readme)![1]!;
    const kinds = new Map<string, string>();
    for (const row of table.split('\n').slice(2).filter(Boolean)) {
      const [names, kind] = row
        .split('|')
        .slice(1, 3)
        .map((cell) => cell.trim());
      for (const [, variable] of names!.matchAll(/`([A-Z_]+)`/g)) kinds.set(variable!, kind!);
    }
    const used = new Set(
      files.flatMap((name) => [...read(name).matchAll(/\$\{\{\s*(secrets|vars)\.([A-Z_]+)\s*\}\}/g)].map((m) => `${m[1]}.${m[2]}`)),
    );
    expect(used.size).toBeGreaterThanOrEqual(9);
    for (const reference of used) {
      const [source, variable] = reference.split('.') as [string, string];
      expect([variable, kinds.get(variable)]).toEqual([
        variable,
        expect.stringMatching(source === 'secrets' ? /^secrets?$/ : /^variables?/),
      ]);
    }
  });

  test.each(embedded)(
    "%s (a workflow in a README) passes GitHub's workflow parser and gives our actions only inputs they have",
    async (name, text) => {
      const runnable = text.replaceAll('<owner>', 'acme');
      expect(await workflowErrors(name, runnable)).toEqual([]);
      expect(inputProblems(runnable)).toEqual([]);
      for (const job of Object.values((parse(runnable) as Workflow).jobs)) expect(mlflowEnvironment(job)).toEqual(everyMlflowVariable());
    },
  );

  test('sharded: every matrix job evaluates its own i of k; only the merge, after all of them, promotes and may start workflows', () => {
    const sharded = workflow('evaluate-sharded.yml');
    // Started on purpose only (dispatch.yml or the relay pointed at it), never beside evaluate.yml's repository_dispatch.
    expect(Object.keys(sharded.on)).toEqual(['workflow_dispatch']);
    expect(sharded.permissions).toEqual({ contents: 'read' });
    // The same queue as evaluate.yml: one evaluation per model at a time, sharded or not.
    expect(sharded.concurrency?.group).toBe(
      workflow('evaluate.yml').concurrency?.group.replace(' || github.event.client_payload.model-name', ''),
    );
    const shard = sharded.jobs.shard as Job & { strategy: { 'fail-fast': boolean; matrix: { shard: number[] } } };
    const merge = sharded.jobs.merge as Job & { needs: string };
    const step = (job: Job) => job.steps.find((candidate) => ourAction(candidate.uses) === 'evaluate-promote')!.with!;
    const parts = shard.strategy.matrix.shard;
    expect(parts).toEqual(Array.from({ length: parts.length }, (_, i) => i + 1));
    expect(step(shard).shard).toBe(`\${{ matrix.shard }}/${parts.length}`);
    expect(shard.strategy['fail-fast']).toBe(false);
    expect(shard.permissions).toBeUndefined();
    expect(step(shard)).not.toHaveProperty('deploy-workflow');
    expect(merge.needs).toBe('shard');
    expect(merge.permissions).toEqual({ contents: 'read', actions: 'write' });
    const { shard: mergeShard, 'deploy-workflow': deploy, 'github-token': token, ...same } = step(merge);
    expect([mergeShard, deploy, token]).toEqual(['merge', 'deploy.yml', '${{ github.token }}']);
    // The merge names the model, version, test set and condition the shards do.
    expect({ ...same, shard: step(shard).shard }).toEqual(step(shard));
  });

  test('approval: the gate job promotes nothing; the promote job waits for the production environment and promotes the evaluation the gate recorded', () => {
    const approval = workflow('evaluate-approval.yml');
    // Only started on purpose (dispatch.yml or the relay pointed at it): never alongside evaluate.yml's repository_dispatch.
    expect(Object.keys(approval.on)).toEqual(['workflow_dispatch']);
    const gate = approval.jobs.gate as Job & { outputs: Record<string, string>; concurrency: { group: string } };
    const gateStep = gate.steps.find((step) => ourAction(step.uses) === 'evaluate-promote')! as Step & { id: string };
    expect(gateStep.with?.promote).toBe(false);
    expect(gate.outputs['evaluation-run-id']).toBe(`\${{ steps.${gateStep.id}.outputs.evaluation-run-id }}`);
    expect(gate.concurrency.group).toContain('model-name');
    const promote = approval.jobs.promote as Job & { needs: string[]; environment: string; if: string; concurrency?: unknown };
    expect(promote.environment).toBe('production');
    // Only the promote job may start workflows: the gate and the preview run the untrusted models.
    expect(approval.permissions).toEqual({ contents: 'read' });
    expect(promote.permissions).toEqual({ contents: 'read', actions: 'write' });
    expect(promote.needs).toContain('gate');
    expect(promote.if).toContain("needs.gate.outputs.passed == 'true'");
    // A promotion waiting for its reviewer must not hold the queue of evaluations.
    expect(promote.concurrency).toBeUndefined();
    expect(promote.steps.find((step) => ourAction(step.uses) === 'promote')?.with).toMatchObject({
      'evaluation-run': '${{ needs.gate.outputs.evaluation-run-id }}',
      'deploy-workflow': 'deploy.yml',
    });
    const preview = approval.jobs.preview as Job & { if: string };
    expect(preview.if).toContain("vars.HF_PREVIEW_SPACE != ''");
    expect(preview.steps.find((step) => ourAction(step.uses) === 'deploy-hf')?.with).toMatchObject({
      version: '${{ needs.gate.outputs.challenger-version }}',
      space: '${{ vars.HF_PREVIEW_SPACE }}',
    });
  });

  test('rollback: started by hand with a required reason, it rolls back and redeploys', () => {
    const rollback = workflow('rollback.yml');
    const dispatch = rollback.on.workflow_dispatch as { inputs: Record<string, { required: boolean; type: string }> };
    expect(Object.keys(rollback.on)).toEqual(['workflow_dispatch']);
    expect(dispatch.inputs.reason).toMatchObject({ required: true, type: 'string' });
    expect(dispatch.inputs.force).toMatchObject({ required: false, type: 'boolean' });
    expect(rollback.jobs.rollback?.steps.find((step) => ourAction(step.uses) === 'rollback')?.with).toMatchObject({
      reason: '${{ inputs.reason }}',
      'deploy-workflow': 'deploy.yml',
    });
  });

  test('evaluations queue per model instead of racing; the GPU job runs on a GPU runner; the schedule is every 5 minutes', () => {
    expect(workflow('evaluate.yml').concurrency?.group).toContain('model-name');
    expect(workflow('evaluate.yml').on).toHaveProperty('repository_dispatch');
    expect(workflow('train.yml').jobs.train?.['runs-on']).toEqual(['self-hosted', 'gpu']);
    expect(workflow('train.yml').on).toMatchObject({ push: { tags: ['train-v*'] } });
    expect(workflow('dispatch.yml').on).toMatchObject({ schedule: [{ cron: '*/5 * * * *' }] });
  });
});
