import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { setAlias } from '@mlops-actions/mlflow';
import { createLocalActionsCache, makeActionCheckout, runCompositeAction } from '../helpers/composite-action.js';
import { startHubStandIn, type HubStandIn } from '../helpers/hf-hub.js';
import { useMlflowServer } from '../helpers/mlflow-server.js';
import { mnistModel, registerModel } from '../helpers/registered-models.js';
import { expectSummarySurvivesGithub } from '../helpers/github-markdown.js';

const root = resolve(import.meta.dirname, '..', '..');
const TOKEN = 'hf_bundle_write_token';
const mlflow = useMlflowServer('deploy-bundle-');
const checkout = join(mlflow.dir, 'checkout');
const workspace = join(mlflow.dir, 'workspace');
const cache = createLocalActionsCache();
let hub: HubStandIn;

beforeAll(async () => {
  makeActionCheckout(root, checkout, 'deploy-hf');
  mkdirSync(workspace);
  hub = await startHubStandIn(TOKEN);
  await registerModel(mlflow.http, 'digits', { onnx: mnistModel(8, 300) });
  await setAlias(mlflow.http, 'digits', 'production', 1);
}, 300_000);
afterAll(async () => {
  await hub.close();
});

const deploy = (token: string) =>
  runCompositeAction({
    actionDir: join(checkout, 'actions', 'deploy-hf'),
    inputs: { 'model-name': 'digits', space: 'acme/digits', 'hf-token': token, 'hub-url': hub.url, 'cache-dir': join(mlflow.dir, 'cache') },
    env: { PATH: process.env.PATH, HOME: process.env.HOME, MLFLOW_TRACKING_URI: mlflow.server.url },
    workspace,
    cache,
  });

describe('the committed deploy-hf bundle, run through its action.yml as GitHub runs a composite action', () => {
  test('deploys @production to the Hub in one commit, and a second deploy of the same version commits nothing', async () => {
    const first = await deploy(TOKEN);
    expect(first.stdout).not.toContain('::error');
    expect(first.code).toBe(0);
    expect(first.outputs).toMatchObject({
      'space-url': `${hub.url}/spaces/acme/digits`,
      version: '1',
      'commit-sha': expect.stringMatching(/^[0-9a-f]{40}$/),
    });
    expect(JSON.parse(first.outputs['changed-files']!)).toContain('ort/ort-wasm-simd-threaded.wasm');
    expect(first.summary).toContain('## Deploy: digits v1');
    expectSummarySurvivesGithub(first.summary);
    const second = await deploy(TOKEN);
    expect(second.code).toBe(0);
    expect(second.outputs['changed-files']).toBe('[]');
    expect(hub.spaces.get('acme/digits')!.commits).toHaveLength(1);
    expect(second.stdout.split('\n').filter((line) => line.includes(TOKEN) && !line.startsWith('::add-mask::'))).toEqual([]);
  }, 120_000);

  test('a token the Hub refuses fails the step saying so', async () => {
    const result = await deploy('hf_not_accepted');
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`::error::the Hub at ${hub.url} refused the token for Space 'acme/digits' (HTTP 401)`);
  });
});
