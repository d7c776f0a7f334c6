import { join, resolve } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { getModelVersion, getRun, getVersionByAlias, listArtifacts, searchModelVersions } from '@mlops-actions/mlflow';
import { runActionBundle } from '../helpers/action-env.js';
import { useMlflowServer } from '../helpers/mlflow-server.js';
import { expectSummarySurvivesGithub } from '../helpers/github-markdown.js';

const root = resolve(import.meta.dirname, '..', '..');
const bundle = join(root, 'dist', 'train', 'index.js');
const mlflow = useMlflowServer('train-bundle-');
const guarded = useMlflowServer('train-bundle-auth-', { basicAuth: { username: 'ci', password: 'right-password-7x' } });
const dir = mlflow.dir;

const github = (runId: string) => ({
  GITHUB_ACTIONS: 'true',
  GITHUB_SHA: 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678',
  GITHUB_REF: 'refs/tags/train-v0.3.0',
  GITHUB_REPOSITORY: 'acme/digits',
  GITHUB_SERVER_URL: 'https://github.com',
  GITHUB_RUN_ID: runId,
  GITHUB_RUN_ATTEMPT: '1',
  GITHUB_JOB: 'train',
  RUNNER_NAME: 'runner-7',
  RUNNER_OS: 'Linux',
  RUNNER_ARCH: 'X64',
});

describe('the committed train bundle (dist/train/index.js), run as GitHub runs it', () => {
  test('the MNIST trainer is registered as an ONNX version with its lineage tags and the challenger alias', async () => {
    const result = await runActionBundle(
      bundle,
      {
        command: 'node --import tsx examples/mnist-mlp/src/train.ts',
        'model-name': 'mnist-mlp',
        'model-dir': join(dir, 'model'),
        params: 'hidden: 32\nepochs: 2\nsamples: 3000',
        gpu: 'optional',
      },
      { ...github('1001'), MLFLOW_TRACKING_URI: mlflow.server.url },
      { cwd: root },
    );
    expect(result.stdout).not.toContain('::error');
    expect(result.code).toBe(0);
    expect(result.outputs).toMatchObject({ 'model-version': '1', 'model-uri': 'models:/mnist-mlp/1', 'experiment-id': expect.any(String) });
    expect(JSON.parse(result.outputs.metrics!)).toMatchObject({ test_accuracy: expect.any(Number), train_loss: expect.any(Number) });
    expect(result.stdout).toContain('::group::Training: node --import tsx examples/mnist-mlp/src/train.ts');
    expect(result.stdout).toContain('epoch 2/2');

    const version = (await getModelVersion(mlflow.http, 'mnist-mlp', 1))!;
    expect(version.status).toBe('READY');
    expect(version.tags).toMatchObject({
      'mlops.git.commit': 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678',
      'mlops.git.ref': 'refs/tags/train-v0.3.0',
      'mlops.git.tag': 'train-v0.3.0',
      'mlops.github.run_url': 'https://github.com/acme/digits/actions/runs/1001/attempts/1',
      'mlops.runner': 'runner-7 (Linux X64)',
      'mlops.gpu': 'none',
      'mlops.command': 'node --import tsx examples/mnist-mlp/src/train.ts',
    });
    expect((await getVersionByAlias(mlflow.http, 'mnist-mlp', 'challenger'))?.version).toBe(1);
    const run = await getRun(mlflow.http, result.outputs['run-id']!);
    expect(run.name).toBe('train-v0.3.0');
    expect(run.params).toEqual({ hidden: '32', epochs: '2', samples: '3000' });
    const files = (await listArtifacts(mlflow.http, run.artifactUri, 'model')).map((entry) => entry.path);
    expect(files.sort()).toEqual(['MLmodel', 'model.onnx', 'preprocessing.json']);
    expect(result.summary).toContain('**Registered** `mnist-mlp` version **1** with alias `@challenger`');
    expectSummarySurvivesGithub(result.summary);
  });

  test("a failing command fails the step with the command's exit status and registers nothing", async () => {
    const result = await runActionBundle(
      bundle,
      { command: 'echo "diverged"; exit 7', 'model-name': 'never-registered' },
      { ...github('1002'), MLFLOW_TRACKING_URI: mlflow.server.url },
      { cwd: root },
    );
    expect(result.code).toBe(7);
    expect(result.stdout).toContain('::error::the training command failed (exit status 7); nothing was registered');
    expect((await getRun(mlflow.http, result.outputs['run-id']!)).status).toBe('FAILED');
    expect(await searchModelVersions(mlflow.http, { filter: "name='never-registered'" })).toEqual([]);
  });

  test('SIGTERM from the runner stops the command and ends the run KILLED, not RUNNING forever', async () => {
    let sent = false;
    const result = await runActionBundle(
      bundle,
      { command: 'echo "epoch 1"; sleep 60', 'model-name': 'cancelled-model' },
      { ...github('1003'), MLFLOW_TRACKING_URI: mlflow.server.url },
      {
        cwd: root,
        onStdout: (text, child) => {
          if (!sent && text.includes('epoch 1')) {
            sent = true;
            child.kill('SIGTERM');
          }
        },
      },
    );
    expect(result.code).toBe(143);
    const runId = /runs\/([0-9a-f]{32})/.exec(result.stdout)![1]!;
    expect((await getRun(mlflow.http, runId)).status).toBe('KILLED');
    expect(await searchModelVersions(mlflow.http, { filter: "name='cancelled-model'" })).toEqual([]);
  });

  test('cache-paths on a runner without the cache service: a warning, and training goes on', async () => {
    const result = await runActionBundle(
      bundle,
      { command: 'echo trained', register: 'false', 'cache-paths': 'data/', 'cache-key': 'cifar10-v1' },
      { ...github('1004'), MLFLOW_TRACKING_URI: mlflow.server.url },
      { cwd: root },
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('::warning::the Actions cache service is not available on this runner: cache-paths are not cached');
    expect(result.stdout).toContain('trained');
  });

  test('a missing model-name is a clear input error', async () => {
    const result = await runActionBundle(bundle, { command: 'true' }, { MLFLOW_TRACKING_URI: mlflow.server.url }, { cwd: root });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      "::error::input 'model-name' is required to register the model: name it, or set input 'register' to false",
    );
  });

  // The failure boundary tells an outage from a bug: the step says MLflow is down or refusing, and what to check.
  test('MLflow unreachable, or refusing the credentials, fails the step as an outage with what to check', async () => {
    const unreachable = await runActionBundle(
      bundle,
      { command: 'echo never', 'model-name': 'never' },
      { ...github('1004'), MLFLOW_TRACKING_URI: 'http://127.0.0.1:9', MLFLOW_HTTP_REQUEST_MAX_RETRIES: '0' },
      { cwd: root },
    );
    expect(unreachable.code).toBe(1);
    expect(unreachable.stdout).toContain('::error::MLflow at http://127.0.0.1:9 cannot be used, so the training command was not started');
    expect(unreachable.stdout).toContain('— check MLFLOW_TRACKING_URI and that the server is reachable from this machine');
    expect(unreachable.stdout).not.toContain('Unexpected error');

    const refused = await runActionBundle(
      bundle,
      { command: 'echo never', 'model-name': 'never' },
      { ...github('1005'), MLFLOW_TRACKING_URI: guarded.server.url, MLFLOW_TRACKING_USERNAME: 'ci', MLFLOW_TRACKING_PASSWORD: 'wrong' },
      { cwd: root },
    );
    expect(refused.code).toBe(1);
    expect(refused.stdout).toMatch(/::error::MLflow at .* cannot be used.*HTTP 401/);
    expect(refused.stdout).toContain(
      '— check the credentials: MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD, or MLFLOW_TRACKING_TOKEN',
    );
    expect(refused.stdout).not.toContain('Unexpected error');
    expect(refused.stdout).not.toContain('never\n');
  });
});
