import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { getModelVersion, getVersionByAlias } from '@mlops-actions/mlflow';
import { readLedger } from '@mlops-actions/promotion';
import { runActionBundle } from '../helpers/action-env.js';
import { createLocalActionsCache, makeActionCheckout, runCompositeAction } from '../helpers/composite-action.js';
import { startGithubApi, type GithubApiStandIn } from '../helpers/github-api.js';
import { expectSummarySurvivesGithub } from '../helpers/github-markdown.js';
import { useMlflowServer } from '../helpers/mlflow-server.js';
import { mnistModel, registerModel } from '../helpers/registered-models.js';

// evaluate-approval.yml's jobs and rollback.yml's, each through its committed bundle as the runner runs it: the gate
// job (evaluate-promote with promote: false), then — after the environment's reviewer approved — the promote job.
const root = resolve(import.meta.dirname, '..', '..');
const githubToken = 'ghs_approvaltoken0123456789';
const mlflow = useMlflowServer('approval-bundle-');
const checkout = join(mlflow.dir, 'checkout');
const workspace = join(mlflow.dir, 'workspace');
const cache = createLocalActionsCache();
let github: GithubApiStandIn;

beforeAll(async () => {
  makeActionCheckout(root, checkout, 'evaluate-promote');
  mkdirSync(workspace);
  github = await startGithubApi(githubToken);
}, 300_000);
afterAll(async () => {
  await github.close();
});

const env = (runId: string) => ({
  PATH: process.env.PATH ?? '',
  HOME: process.env.HOME ?? '',
  MLFLOW_TRACKING_URI: mlflow.server.url,
  GITHUB_ACTIONS: 'true',
  GITHUB_REPOSITORY: 'acme/digits',
  GITHUB_RUN_ID: runId,
  GITHUB_REF_NAME: 'main',
  GITHUB_ACTOR: 'octo-reviewer',
  GITHUB_API_URL: github.url,
});

/** The gate job: evaluate and record, promote only when `promote` says so. */
const gateJob = (challenger: string, promote: 'true' | 'false') =>
  runCompositeAction({
    actionDir: join(checkout, 'actions', 'evaluate-promote'),
    inputs: {
      'model-name': 'digits',
      challenger,
      dataset: 'mnist',
      condition: 'n - o > 0.01 +/- 0.02',
      samples: '2000',
      'execution-provider': 'cpu',
      'cache-dir': join(mlflow.dir, 'cache'),
      promote,
    },
    env: env('100'),
    workspace,
    cache,
  });

const bundle = (name: string, inputs: Record<string, string>, runId: string) =>
  runActionBundle(join(root, 'dist', name, 'index.js'), inputs, env(runId), { cwd: workspace });

const promoteJob = (evaluationRun: string) =>
  bundle(
    'promote',
    { 'model-name': 'digits', 'evaluation-run': evaluationRun, 'deploy-workflow': 'deploy.yml', 'github-token': githubToken },
    '200',
  );

/** rollback.yml's job, run 300. */
const rollbackJob = () =>
  bundle(
    'rollback',
    {
      'model-name': 'digits',
      reason: 'v2 misreads handwritten sevens in production',
      'deploy-workflow': 'deploy.yml',
      'github-token': githubToken,
    },
    '300',
  );

const champion = async () => (await getVersionByAlias(mlflow.http, 'digits', 'production'))?.version;

describe('the approval workflow and the rollback workflow, through the committed bundles', () => {
  let waiting = '';
  let approvedBefore = '';

  test('the gate job promotes nothing; after approval the promote job promotes exactly that pair, enters an approval and dispatches the deploy', async () => {
    await registerModel(mlflow.http, 'digits', { onnx: mnistModel(8, 600) });
    expect((await gateJob('1', 'true')).outputs).toMatchObject({ promoted: 'true' });
    await registerModel(mlflow.http, 'digits', { onnx: mnistModel(32, 4000) });

    const gate = await gateJob('2', 'false');
    expect(gate.code).toBe(0);
    expect(gate.outputs).toMatchObject({ passed: 'true', promoted: 'false', 'challenger-version': '2', 'champion-version': '1' });
    expect(await champion()).toBe(1);
    // The reviewer's page: the gate's report, with the ledger as it stands.
    expect(gate.summary).toMatch(/^## Passed, not promoted: digits v2 — `@production` stays at v1 \(dry run\)\n/);
    expect(gate.summary).toMatch(/\*\*Why:\*\* n − o = .*; promote is false, so nothing was promoted \(dry run\)\./);
    // A pass waiting for approval is no rejection: no notice.
    expect(gate.stdout).not.toContain('::notice');
    expect(gate.summary).toContain('### Ledger of digits `@production`');

    // The reviewer of the production environment approved run 200 (GitHub's review history says who, and why).
    github.setReviews('200', [{ login: 'octo-approver', state: 'approved', comment: 'v2 reads my sevens', environment: 'production' }]);
    approvedBefore = gate.outputs['evaluation-run-id']!;
    const promoted = await promoteJob(approvedBefore);
    expect(promoted.stdout).not.toContain('::error');
    expect(promoted.code).toBe(0);
    expect(promoted.outputs).toEqual({
      promoted: 'true',
      version: '2',
      reason: expect.stringMatching(/^approved by @octo-approver \("v2 reads my sevens"\): passed: n − o = /),
    });
    expect(await champion()).toBe(2);
    expect((await getModelVersion(mlflow.http, 'digits', 2))?.description).toMatch(/^Model accuracy: 0\.\d{4} ± /);
    expect(github.requests.map((request) => [request.method, request.path, request.body])).toEqual([
      ['GET', '/repos/acme/digits/actions/runs/200/approvals', undefined],
      [
        'POST',
        '/repos/acme/digits/actions/workflows/deploy.yml/dispatches',
        { ref: 'main', inputs: { 'model-name': 'digits', version: '2' } },
      ],
    ]);
    const last = (await readLedger(mlflow.http, 'digits')).at(-1);
    expect(last).toMatchObject({
      kind: 'approval',
      from: 1,
      to: 2,
      actor: '@octo-approver',
      runUrl: 'https://github.com/acme/digits/actions/runs/200',
      evidenceRunId: gate.outputs['evaluation-run-id'],
    });
    expect(promoted.summary).toMatch(/^## Promoted after approval: digits v2 is now `@production` \(over v1\)\n/);
    expect(promoted.summary).toMatch(/\*\*Why:\*\* approved by @\u200Bocto-approver \("v2 reads my sevens"\): passed: n − o = /);
    expect(promoted.stdout).not.toContain('::notice'); // a promotion over a champion: the job's success says it
    expect(promoted.summary).toMatch(
      /\| .* \| v1 → v2 \| approval \| @\u200Bocto-approver \| approved by @\u200Bocto-approver \("v2 reads my sevens"\): passed: /,
    );
    expectSummarySurvivesGithub(promoted.summary);

    // The job re-run (an approval given twice): nothing happens again.
    const again = await promoteJob(gate.outputs['evaluation-run-id']!);
    expect(again.code).toBe(0);
    expect(again.outputs.promoted).toBe('false');
    expect(again.stdout).toContain('v2 already is @production: nothing to do');
    expect((await readLedger(mlflow.http, 'digits')).filter((entry) => entry.kind === 'approval')).toHaveLength(1);
  }, 240_000);

  test('a rollback while a promotion waits for approval: the rollback is entered and deployed, the approved promotion then refuses', async () => {
    await registerModel(mlflow.http, 'digits', { onnx: mnistModel(48, 5000, 7) });
    const gate = await gateJob('3', 'false');
    expect(gate.outputs).toMatchObject({ passed: 'true', 'champion-version': '2' });
    waiting = gate.outputs['evaluation-run-id']!;
    github.requests.length = 0;

    const rollback = await rollbackJob();
    expect(rollback.stdout).not.toContain('::error');
    expect(rollback.code).toBe(0);
    expect(rollback.outputs).toEqual({ from: '2', to: '1', forced: 'false' });
    expect(await champion()).toBe(1);
    expect(github.dispatches().map((request) => request.body)).toEqual([{ ref: 'main', inputs: { 'model-name': 'digits', version: '1' } }]);
    expect(rollback.summary).toMatch(
      /^## Rolled back: digits `@production` v2 → v1\n\n\*\*Why:\*\* v2 misreads handwritten sevens in production\.\n/,
    );
    expect(rollback.stdout).toContain(
      '::notice title=Rolled back::@production of digits rolled back from v2 to v1: v2 misreads handwritten sevens in production\n',
    );
    expect(rollback.summary).toMatch(/\| v2 → v1 \| rollback \| @\u200Bocto-reviewer \| v2 misreads handwritten sevens in production \|/);
    expectSummarySurvivesGithub(rollback.summary);

    // The reviewer approves v3, which was compared with v2: the champion is v1 now, so nothing is promoted.
    const refused = await promoteJob(waiting);
    expect(refused.code).toBe(1);
    expect(refused.outputs.promoted).toBe('false');
    expect(refused.stdout).toContain('::error::not promoted: @production moved from v2 to v1 while v3 waited for approval');
    expect(refused.summary).toMatch(/^## Approved, not promoted: digits v3\n/);
    expect(refused.summary).toContain('**Why:** @\u200Bproduction moved from v2 to v1 while v3 waited for approval');
    expect(await champion()).toBe(1);
    expect((await readLedger(mlflow.http, 'digits')).map((entry) => `${entry.kind} ${entry.from ?? '-'}→${entry.to}`)).toEqual([
      'promotion -→1',
      'approval 1→2',
      'rollback 2→1',
    ]);
  }, 240_000);

  test('a re-run of the rollback does not roll back again (it redeploys); a re-run of the approval that promoted v2 does not put it back', async () => {
    github.requests.length = 0;
    const again = await rollbackJob();
    expect(again.code).toBe(0);
    expect(again.outputs).toEqual({ from: '2', to: '1', forced: 'false' });
    expect(again.summary).toContain('An earlier attempt of this run made this rollback: nothing moved again');
    expect(await champion()).toBe(1);
    expect(github.dispatches().map((request) => request.body)).toEqual([{ ref: 'main', inputs: { 'model-name': 'digits', version: '1' } }]);

    // v2's evaluation compared it with v1, which is the champion again: only its "promotes once" stops it.
    const late = await promoteJob(approvedBefore);
    expect(late.code).toBe(1);
    expect(late.stdout).toContain(
      `::error::the evaluation run ${approvedBefore} already promoted v2, and @production has moved since (now v1): an evaluation promotes once — evaluate v2 again`,
    );
    expect(await champion()).toBe(1);
    expect((await readLedger(mlflow.http, 'digits')).map((entry) => entry.kind)).toEqual(['promotion', 'approval', 'rollback']);
  }, 120_000);

  test('a promote job that no reviewer of its environment approved promotes nothing (an environment without required reviewers)', async () => {
    await registerModel(mlflow.http, 'digits', { onnx: mnistModel(48, 5000, 11) });
    const gate = await gateJob('4', 'false');
    expect(gate.outputs).toMatchObject({ passed: 'true', 'champion-version': '1' });
    github.setReviews('500', [{ login: 'someone', state: 'approved', comment: '', environment: 'staging' }]);
    const unapproved = await bundle(
      'promote',
      { 'model-name': 'digits', 'evaluation-run': gate.outputs['evaluation-run-id']!, 'github-token': githubToken },
      '500',
    );
    expect(unapproved.code).toBe(1);
    expect(unapproved.stdout).toContain("::error::no reviewer of environment 'production' approved this run");
    const noToken = await bundle(
      'promote',
      { 'model-name': 'digits', 'evaluation-run': gate.outputs['evaluation-run-id']!, 'github-token': '' },
      '500',
    );
    expect(noToken.stdout).toContain('::error::who approved this run cannot be read without github-token');
    expect(await champion()).toBe(1);
  }, 120_000);

  test.each([
    [{ 'evaluation-run': 'not-a-run' }, "::error::'not-a-run' is no MLflow run id"],
    [{ 'evaluation-run': '0123456789abcdef0123456789abcdef' }, '::error::MLflow has no run 0123456789abcdef0123456789abcdef'],
    [{ 'model-name': 'other' }, 'is no evaluation of other'],
    [{ 'deploy-workflow': 'deploy.yml', 'github-token': '' }, "::error::input 'deploy-workflow' needs input 'github-token'"],
  ])('the promote job refuses %j with what to fix, and moves nothing', async (override, message) => {
    const result = await bundle('promote', { 'model-name': 'digits', 'evaluation-run': waiting, ...override }, '400');
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(message);
    expect(await champion()).toBe(1);
  });

  test('a rejected evaluation cannot be approved', async () => {
    await registerModel(mlflow.http, 'digits', { onnx: mnistModel(4, 200, 9) });
    const gate = await gateJob('5', 'false');
    expect(gate.outputs).toMatchObject({ passed: 'false' });
    const refused = await promoteJob(gate.outputs['evaluation-run-id']!);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toMatch(/::error::the gate did not pass for digits v5 against v1 \(rejected: .*\): there is nothing to approve/);
    expect(await champion()).toBe(1);
  }, 120_000);
});
