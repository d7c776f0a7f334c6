import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { runActionBundle } from '../helpers/action-env.js';
import { startGithubApi, type GithubApiStandIn } from '../helpers/github-api.js';
import { useMlflowServer } from '../helpers/mlflow-server.js';
import { mnistModel, registerModel } from '../helpers/registered-models.js';
import { expectSummarySurvivesGithub } from '../helpers/github-markdown.js';

const root = resolve(import.meta.dirname, '..', '..');
const bundle = join(root, 'dist', 'dispatch-on-registration', 'index.js');
const TOKEN = 'ghs_dispatchtoken';
const mlflow = useMlflowServer('dispatch-bundle-');
let github: GithubApiStandIn;
beforeAll(async () => {
  github = await startGithubApi(TOKEN);
});
afterAll(async () => {
  await github.close();
});

const run = (inputs: Record<string, string>) =>
  runActionBundle(
    bundle,
    { 'github-token': TOKEN, ...inputs },
    {
      MLFLOW_TRACKING_URI: mlflow.server.url,
      GITHUB_REPOSITORY: 'acme/vision',
      GITHUB_REF_NAME: 'main',
      GITHUB_API_URL: github.url,
      GITHUB_RUN_ID: '77',
    },
    { cwd: root },
  );

describe('the committed dispatch-on-registration bundle, run as GitHub runs it', () => {
  test('dispatches the evaluation workflow once per new version, with its inputs; the next run finds nothing new', async () => {
    const onnx = mnistModel(4, 100);
    await registerModel(mlflow.http, 'vision', { onnx });
    await registerModel(mlflow.http, 'vision', { onnx });
    const first = await run({ 'model-name': 'vision', workflow: 'evaluate.yml' });
    expect(first.stdout).not.toContain('::error');
    expect(first.code).toBe(0);
    expectSummarySurvivesGithub(first.summary);
    expect(JSON.parse(first.outputs.dispatched!)).toEqual([
      { 'model-name': 'vision', version: 1 },
      { 'model-name': 'vision', version: 2 },
    ]);
    expect(github.requests.map((request) => [request.path, request.body])).toEqual([
      ['/repos/acme/vision/actions/workflows/evaluate.yml/dispatches', { ref: 'main', inputs: { 'model-name': 'vision', version: '1' } }],
      ['/repos/acme/vision/actions/workflows/evaluate.yml/dispatches', { ref: 'main', inputs: { 'model-name': 'vision', version: '2' } }],
    ]);
    const second = await run({ 'model-name': 'vision', workflow: 'evaluate.yml' });
    expect(second.outputs.dispatched).toBe('[]');
    expect(github.requests).toHaveLength(2);

    await registerModel(mlflow.http, 'vision', { onnx });
    const third = await run({ 'model-name': 'vision', 'event-type': 'model-registered' });
    expect(JSON.parse(third.outputs.dispatched!)).toEqual([{ 'model-name': 'vision', version: 3 }]);
    expect(github.requests.at(-1)).toMatchObject({
      path: '/repos/acme/vision/dispatches',
      body: { event_type: 'model-registered', client_payload: { 'model-name': 'vision', version: '3', event: 'created' } },
    });
  }, 60_000);

  test.each([
    [{ workflow: 'evaluate.yml' }, "give input 'model-name' or input 'model-pattern' (one of the two)"],
    [{ 'model-name': 'vision' }, "give input 'workflow' (workflow_dispatch) or input 'event-type' (repository_dispatch), one of the two"],
    [{ 'model-name': 'vision', workflow: 'evaluate.yml', event: 'promoted' }, "input 'event' must be 'created' or 'alias:<name>'"],
    [
      { 'model-name': 'vision', workflow: 'evaluate.yml', event: 'alias:latest' },
      "input 'event': 'latest' is reserved by MLflow for versions",
    ],
  ])('bad input %j fails the step with what to fix', async (inputs, message) => {
    const result = await run(inputs);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`::error::${message}`);
  });
});
