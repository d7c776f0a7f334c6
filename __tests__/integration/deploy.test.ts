import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { runMlops, type MlopsRun } from '../helpers/mlops-cli.js';
import { getModelVersion, setAlias } from '@mlops-actions/mlflow';
import { MANIFEST } from '@mlops-actions/space';
import { startHubStandIn, type HubStandIn } from '../helpers/hf-hub.js';
import { useMlflowServer } from '../helpers/mlflow-server.js';
import { mnistModel, registerModel } from '../helpers/registered-models.js';

const TOKEN = 'hf_deploy_token_123';
const mlflow = useMlflowServer('deploy-');
let hub: HubStandIn;
beforeAll(async () => {
  hub = await startHubStandIn(TOKEN);
});
afterAll(async () => {
  await hub.close();
});

const mlops = (env: Record<string, string>, ...args: string[]): Promise<MlopsRun> =>
  runMlops(args, { env: { MLFLOW_TRACKING_URI: mlflow.server.url, ...env } });
const cache = () => ['--cache-dir', join(mlflow.dir, 'cache')];

describe('mlops deploy-hf', () => {
  test('@production to a folder, then to the Hub: one commit, nothing on a redeploy, the version tagged with the Space and commit', async () => {
    await registerModel(mlflow.http, 'digits', { onnx: mnistModel(8, 300) });
    await setAlias(mlflow.http, 'digits', 'production', 1);
    const folder = join(mlflow.dir, 'space');
    const local = await mlops({}, 'deploy-hf', '--model-name', 'digits', '--space', `folder:${folder}`, ...cache());
    expect(local.code).toBe(0);
    expect(local.stdout).toBe(`deployed v1 to ${folder}: 11 files changed, 0 deleted\n`);
    expect(existsSync(join(folder, 'ort', 'ort-wasm-simd-threaded.wasm'))).toBe(true);
    expect(JSON.parse(readFileSync(join(folder, 'model.json'), 'utf8'))).toMatchObject({
      modelName: 'digits',
      version: 1,
      title: 'digits v1',
    });

    const toHub = ['deploy-hf', '--model-name', 'digits', '--space', 'acme/digits', '--hub-url', hub.url, '--json', ...cache()];
    const first = await mlops({ HF_TOKEN: TOKEN }, ...toHub);
    expect(first.code).toBe(0);
    const outputs = JSON.parse(first.stdout) as Record<string, string>;
    expect(outputs).toMatchObject({
      'space-url': `${hub.url}/spaces/acme/digits`,
      version: 1,
      'commit-sha': expect.stringMatching(/^[0-9a-f]{40}$/),
    });
    expect(JSON.parse(outputs['changed-files']!)).toHaveLength(11);
    expect((await getModelVersion(mlflow.http, 'digits', 1))!.tags).toMatchObject({
      'mlops.space': `${hub.url}/spaces/acme/digits`,
      'mlops.space.commit': outputs['commit-sha'],
    });

    const again = await mlops({ HF_TOKEN: TOKEN }, ...toHub);
    expect(JSON.parse(again.stdout)).toMatchObject({ 'changed-files': '[]' });
    expect(hub.spaces.get('acme/digits')!.commits).toHaveLength(1);

    const dry = await mlops(
      { HF_TOKEN: TOKEN },
      ...toHub.filter((arg) => arg !== '--json'),
      '--version',
      '1',
      '--dry-run',
      'true',
      '--title',
      'New title',
    );
    expect(dry.stdout).toBe(`would deploy v1 to ${hub.url}/spaces/acme/digits: 2 files changed, 0 deleted\n`); // README.md and model.json
    expect(hub.spaces.get('acme/digits')!.commits).toHaveLength(1);
    expect(hub.spaces.get('acme/digits')!.files.has(MANIFEST)).toBe(true);
  });

  test.each([
    [['--model-name', 'nothing-promoted', '--space', 'folder:/tmp/x'], 'nothing-promoted has no alias @production: nothing to deploy'],
    [['--model-name', 'digits', '--space', 'acme/digits'], '--hf-token is required to publish to a Space'],
    [
      ['--model-name', 'digits', '--space', 'acme digits', '--hf-token', 'hf_abc'],
      "--space: 'acme digits' is not a Space name such as 'my-org/digits-demo' (or folder:<path> for a local folder)",
    ],
    [
      ['--model-name', 'digits', '--space', 'acme/digits', '--hf-token', 'ghp_abc'],
      "--hf-token is not a Hugging Face token: those start with 'hf_'",
    ],
    [
      ['--model-name', 'digits', '--space', 'folder:/tmp/x', '--alias', 'production', '--version', '1'],
      'give --alias or --version, not both',
    ],
    [['--model-name', 'digits', '--space', 'folder:/tmp/x', '--alias', 'latest'], "--alias: 'latest' is reserved by MLflow for versions"],
  ])('%j is refused: %s', async (args, message) => {
    await registerModel(mlflow.http, 'nothing-promoted', { onnx: mnistModel(8, 300) });
    const result = await mlops({}, 'deploy-hf', ...args, ...cache());
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
  });

  test('a model without preprocessing.json is refused before anything is published', async () => {
    const version = await registerModel(mlflow.http, 'no-preprocessing', {
      onnx: mnistModel(8, 300),
      preprocessing: { input_name: 'input' },
    });
    await setAlias(mlflow.http, 'no-preprocessing', 'production', version);
    const folder = join(mlflow.dir, 'never');
    const result = await mlops({}, 'deploy-hf', '--model-name', 'no-preprocessing', '--space', `folder:${folder}`, ...cache());
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("preprocessing.json: 'labels' must list the class names");
    expect(existsSync(folder)).toBe(false);
  });
});
