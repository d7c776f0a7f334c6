import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { getModelVersion, getVersionByAlias } from '@mlops-actions/mlflow';
import { createLocalActionsCache, makeActionCheckout, runCompositeAction } from '../helpers/composite-action.js';
import { startGithubApi, type GithubApiStandIn } from '../helpers/github-api.js';
import { useMlflowServer } from '../helpers/mlflow-server.js';
import { mnistModel, registerModel } from '../helpers/registered-models.js';
import { expectSummarySurvivesGithub } from '../helpers/github-markdown.js';

const root = resolve(import.meta.dirname, '..', '..');
const password = 'mlflow-pass-9f3k2';
const githubToken = 'ghs_deploytoken0123456789';
const mlflow = useMlflowServer('evaluate-bundle-', { basicAuth: { username: 'ci', password } });
// The action as a runner has it: the committed bundle and the action folders, nothing from node_modules.
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

const env = () => ({
  PATH: process.env.PATH,
  HOME: process.env.HOME,
  MLFLOW_TRACKING_URI: mlflow.server.url,
  MLFLOW_TRACKING_USERNAME: 'ci',
  MLFLOW_TRACKING_PASSWORD: password,
  GITHUB_ACTIONS: 'true',
  GITHUB_REPOSITORY: 'acme/digits',
  GITHUB_RUN_ID: '555',
  GITHUB_REF_NAME: 'main',
  GITHUB_API_URL: github.url,
});
const inputs = (extra: Record<string, string> = {}) => ({
  'model-name': 'digits',
  dataset: 'mnist',
  condition: 'n - o > 0.01 +/- 0.02',
  samples: '2000',
  'execution-provider': 'auto',
  'cache-dir': join(mlflow.dir, 'cache'),
  ...extra,
});
const evaluate = (extra: Record<string, string> = {}) =>
  runCompositeAction({ actionDir: join(checkout, 'actions', 'evaluate-promote'), inputs: inputs(extra), env: env(), workspace, cache });

describe('the committed evaluate-promote bundle, run through its action.yml as GitHub runs a composite action', () => {
  test('the first model is promoted; a stronger one is promoted and deploy dispatched; a weaker one is rejected, and the step succeeds', async () => {
    await registerModel(mlflow.http, 'digits', { onnx: mnistModel(8, 600) });
    const first = await evaluate();
    expect(first.stdout).not.toContain('::error');
    expect(first.code).toBe(0);
    expect(first.outputs).toMatchObject({ passed: 'true', promoted: 'true', 'challenger-version': '1' });
    expect(first.stdout).toContain('execution provider cpu: used');
    expect(first.summary).toMatch(/^## Promoted: digits v1 is now `@production` \(first model\)\n/);
    expect(first.summary).toContain("**Why:** first model: promoted without comparison (first-model rule 'promote').");
    // The run's annotations say it, in the run list too: a first model went to production without comparison.
    expect(first.stdout).toContain(
      "::notice title=First model promoted::v1 of digits is now @production — first model: promoted without comparison (first-model rule 'promote')\n",
    );
    expectSummarySurvivesGithub(first.summary);

    await registerModel(mlflow.http, 'digits', { onnx: mnistModel(32, 4000) });
    const second = await evaluate({ 'deploy-workflow': 'deploy.yml', 'github-token': githubToken });
    expect(second.code).toBe(0);
    expect(second.stdout).not.toContain('::notice');
    expect(second.outputs).toMatchObject({ promoted: 'true', 'challenger-version': '2', 'champion-version': '1' });
    expect(Number(second.outputs.n)).toBeGreaterThan(Number(second.outputs.o));
    expect(Number(second.outputs['interval-lower'])).toBeGreaterThan(0.01);
    expect(github.requests).toEqual([
      {
        method: 'POST',
        path: '/repos/acme/digits/actions/workflows/deploy.yml/dispatches',
        authorization: `token ${githubToken}`,
        body: { ref: 'main', inputs: { 'model-name': 'digits', version: '2' } },
      },
    ]);
    expect((await getVersionByAlias(mlflow.http, 'digits', 'production'))?.version).toBe(2);
    // Secrets reach the log only inside the runner's add-mask commands, which hide them.
    for (const secret of [password, githubToken]) {
      expect(second.stdout.split('\n').filter((line) => line.includes(secret) && !line.startsWith('::add-mask::'))).toEqual([]);
    }

    await registerModel(mlflow.http, 'digits', { onnx: mnistModel(8, 600, 9) });
    const third = await evaluate({ challenger: '3' });
    expect(third.code).toBe(0);
    expect(third.outputs).toMatchObject({ passed: 'false', promoted: 'false', 'challenger-version': '3' });
    expect(third.outputs.reason).toMatch(/^rejected: /);
    expect(third.stdout).toContain(`not promoted: ${third.outputs.reason}`);
    // The runner reads the notice's %25 as % (workflow-command escaping).
    expect(third.stdout).toContain(
      `::notice title=Not promoted::v3 of digits was not promoted: ${third.outputs.reason!.replace(/^rejected: /, '').replaceAll('%', '%25')}`,
    );
    expect(third.summary).toMatch(/^## Rejected: digits v3 — `@production` stays at v2\n/);
    expectSummarySurvivesGithub(third.summary);
    expect((await getModelVersion(mlflow.http, 'digits', 3))?.tags['mlops.gate.decision']).toBe('reject');
    expect((await getVersionByAlias(mlflow.http, 'digits', 'production'))?.version).toBe(2);
  }, 180_000);

  test.each([
    [{ dataset: 'imagenet' }, "::error::input 'dataset': 'imagenet' is not a dataset"],
    [{ 'execution-provider': 'tpu' }, "::error::input 'execution-provider'"],
    [{ 'deploy-workflow': 'deploy.yml' }, "::error::input 'deploy-workflow' needs input 'github-token'"],
    [{ condition: 'n - o > 0.01' }, "expected '+/-' and a tolerance after the threshold 0.01"],
  ])('bad input %j fails the step with what to fix', async (extra, message) => {
    const result = await evaluate(extra);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(message);
  });
});
