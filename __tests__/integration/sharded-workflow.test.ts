/**
 * @jest-environment ./__tests__/environments/host-typed-arrays.mjs
 */
// The shipped evaluate-sharded.yml, job by job as GitHub runs it: every job of the shard matrix, then the merge, each a
// run of the committed evaluate-promote action (its action.yml steps, its bundle) with the `with:` the workflow gives,
// evaluated with GitHub's expression evaluator for that job's matrix value. Only the test set and the condition file
// are this test's (the workflow's `cifar10` is a download); the split, the shard inputs and the merge are the workflow's.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { getVersionByAlias, setAlias } from '@mlops-actions/mlflow';
import { parse } from 'yaml';
import {
  createLocalActionsCache,
  evaluateTemplate,
  makeActionCheckout,
  runCompositeAction,
  type CompositeRun,
} from '../helpers/composite-action.js';
import { startGithubApi, type GithubApiStandIn } from '../helpers/github-api.js';
import { LOOKUP_PREPROCESSING, lookupModel, writeNumberedCifarBatch } from '../helpers/lookup-model.js';
import { useMlflowServer } from '../helpers/mlflow-server.js';
import { registerModel } from '../helpers/registered-models.js';
import type { Job, Workflow } from '../helpers/workflows.js';

const root = resolve(import.meta.dirname, '..', '..');
const mlflow = useMlflowServer('sharded-workflow-');
const TOKEN = 'ghs_shardedworkflow0123456789';
let github: GithubApiStandIn;
beforeAll(async () => {
  github = await startGithubApi(TOKEN);
});
afterAll(async () => {
  await github.close();
});

const workflow = parse(readFileSync(join(root, '.github', 'workflows', 'evaluate-sharded.yml'), 'utf8')) as Workflow;
type MatrixJob = Job & { strategy?: { matrix: { shard: number[] } }; needs?: string };

/** 2,000 items of class i % 10; the champion is right on 80% of them, the challenger on 90%. */
const ITEMS = 2_000;
const labels = Int32Array.from({ length: ITEMS }, (_, i) => i % 10);
const rightOn = (share: number) => labels.map((label, i) => (Math.floor(i / 10) % 10 < share ? label : (label + 1) % 10));

describe('.github/workflows/evaluate-sharded.yml, run job by job', () => {
  test('the four shard jobs record their parts, the merge promotes once and dispatches the deploy; the summary says it was merged', async () => {
    const http = mlflow.http;
    const name = 'vision';
    await registerModel(http, name, { onnx: lookupModel(rightOn(8)), preprocessing: LOOKUP_PREPROCESSING });
    await setAlias(http, name, 'production', 1);
    await registerModel(http, name, { onnx: lookupModel(rightOn(9)), preprocessing: LOOKUP_PREPROCESSING });

    // Every job runs on a fresh runner: its own copy of the action, without the modules another job installed.
    const checkout = (job: string): string => {
      const dir = join(mlflow.dir, `runner-${job}`, '_actions', 'acme', 'mlops-actions', 'v1');
      makeActionCheckout(root, dir, 'evaluate-promote');
      return dir;
    };
    const workspace = join(mlflow.dir, 'workspace');
    mkdirSync(join(workspace, 'configs'), { recursive: true });
    writeFileSync(join(workspace, 'configs', 'test_condition.txt'), 'n - o > 0.02 +/- 0.03\n');
    writeNumberedCifarBatch(join(workspace, 'test_batch.bin'), labels);
    const cache = createLocalActionsCache();
    const env = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      MLFLOW_TRACKING_URI: mlflow.server.url,
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_REPOSITORY: 'acme/vision',
      GITHUB_RUN_ID: '4242',
      GITHUB_RUN_ATTEMPT: '1',
      GITHUB_REF_NAME: 'main',
      GITHUB_API_URL: github.url,
    };

    /** One job of the workflow: its evaluate-promote step, with what the workflow gives it for this matrix value. */
    const runJob = async (jobName: string, matrix: Record<string, unknown>, actionCheckout: string): Promise<CompositeRun> => {
      const job = workflow.jobs[jobName]!;
      const step = job.steps.find((candidate) => candidate.uses === './actions/evaluate-promote')!;
      const context = { inputs: { 'model-name': name, version: '' }, matrix, github: { token: TOKEN } };
      const inputs = Object.fromEntries(
        Object.entries(step.with ?? {}).map(([input, value]) => [input, evaluateTemplate(String(value), context)]),
      );
      expect(inputs.dataset).toBe('cifar10');
      inputs.dataset = `cifar10:${join(workspace, 'test_batch.bin')}`;
      inputs['execution-provider'] = 'cpu';
      const run = await runCompositeAction({
        actionDir: join(actionCheckout, 'actions', 'evaluate-promote'),
        inputs,
        env,
        workspace,
        cache,
      });
      if (run.code !== 0) throw new Error(`job ${jobName} ${JSON.stringify(matrix)} failed:\n${run.stdout}`);
      return run;
    };

    const shardJob = workflow.jobs.shard as MatrixJob;
    const values = shardJob.strategy!.matrix.shard;
    expect(values).toEqual([1, 2, 3, 4]);
    const shards: CompositeRun[] = [];
    for (const shard of values) shards.push(await runJob('shard', { shard }, checkout(`shard-${shard}`)));
    expect(shards.map((run) => run.outputs.reason)).toEqual(
      values.map((shard) =>
        expect.stringMatching(new RegExp(`^shard ${shard}/4 evaluated \\(500 items\\), recorded in shard run \\w+: the merge decides$`)),
      ),
    );
    expect(shards[1]!.summary).toContain('Items 500–999 of 2,000');
    // Nothing is promoted, and nothing dispatched, before the merge.
    expect((await getVersionByAlias(http, name, 'production'))?.version).toBe(1);
    expect(github.dispatches()).toEqual([]);

    expect((workflow.jobs.merge as MatrixJob).needs).toBe('shard');
    const mergeCheckout = checkout('merge');
    const merge = await runJob('merge', {}, mergeCheckout);
    // The merge needs no ONNX Runtime, models or test set: those steps are skipped, and nothing was installed.
    expect(merge.stdout.match(/^Skipping step .*: its condition 'inputs\.shard != 'merge'' is false$/gm)).toHaveLength(3);
    expect(existsSync(join(mergeCheckout, 'dist', 'evaluate-promote', 'node_modules'))).toBe(false);
    expect(merge.outputs).toMatchObject({ passed: 'true', promoted: 'true', 'challenger-version': '2', 'champion-version': '1' });
    expect(Number(merge.outputs.n)).toBeCloseTo(0.9, 10);
    expect(Number(merge.outputs.o)).toBeCloseTo(0.8, 10);
    expect(merge.summary).toContain('merged from 4 shards');
    expect((await getVersionByAlias(http, name, 'production'))?.version).toBe(2);
    expect(github.dispatches().map((request) => [request.path, request.body])).toEqual([
      ['/repos/acme/vision/actions/workflows/deploy.yml/dispatches', { ref: 'main', inputs: { 'model-name': name, version: '2' } }],
    ]);
  }, 600_000);
});
