import { existsSync, readFileSync, utimesSync, writeFileSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, test } from '@jest/globals';
import {
  createMlflowHttp,
  downloadArtifactFile,
  getMetricHistory,
  getModelVersion,
  getRun,
  getVersionByAlias,
  listArtifacts,
  searchModelVersions,
  searchRuns,
  getOrCreateExperiment,
} from '@mlops-actions/mlflow';
import { parse as parseYaml } from 'yaml';
import { lineageFromGithub, train, type TrainOptions } from '@mlops-actions/training';
import { useMlflowServer } from '../helpers/mlflow-server.js';
import { recordingLogger } from '../helpers/recording-logger.js';
import { expectSummarySurvivesGithub } from '../helpers/github-markdown.js';

const root = resolve(import.meta.dirname, '..', '..');
const mlflow = useMlflowServer('train-');
const dir = mlflow.dir;

const githubEnv = {
  GITHUB_ACTIONS: 'true',
  GITHUB_SHA: '4f2b9c0d1e3a5b7c9d0e1f2a3b4c5d6e7f8a9b0c',
  GITHUB_REF: 'refs/tags/train-v1.2.0',
  GITHUB_REPOSITORY: 'acme/digits',
  GITHUB_SERVER_URL: 'https://github.com',
  GITHUB_RUN_ID: '9876543210',
  GITHUB_RUN_ATTEMPT: '1',
  GITHUB_JOB: 'train',
  GITHUB_WORKFLOW_REF: 'acme/digits/.github/workflows/train.yml@refs/tags/train-v1.2.0',
  RUNNER_NAME: 'gpu-runner-3',
  RUNNER_OS: 'Linux',
  RUNNER_ARCH: 'X64',
};

let counter = 0;
function options(overrides: Partial<TrainOptions> = {}): TrainOptions {
  counter++;
  const command = overrides.command ?? 'true';
  return {
    command,
    workingDirectory: root,
    experiment: 'train-tests',
    runName: `run-${counter}`,
    modelName: `digits-${counter}`,
    modelDir: join(dir, `model-${counter}`),
    register: true,
    alias: 'challenger',
    params: {},
    gpu: 'optional',
    trackingUri: mlflow.server.url,
    env: { PATH: process.env.PATH, HOME: process.env.HOME },
    lineage: async (gpu) => lineageFromGithub(githubEnv, command, gpu)!,
    tempDir: dir,
    metricsIntervalMs: 50,
    systemMetricsIntervalMs: 100,
    ...overrides,
  };
}

const quiet = () => new Writable({ write: (_chunk, _encoding, done) => done() });
const mnist = 'node --import tsx examples/mnist-mlp/src/train.ts';

describe('train', () => {
  test('the MNIST trainer becomes a FINISHED run and a READY ONNX version with lineage, then the alias', async () => {
    const logger = recordingLogger();
    const opts = options({ command: mnist, params: { hidden: '16', epochs: '2', samples: '1500', 'learning-rate': '0.05' } });
    const result = await train(opts, { http: mlflow.http, logger, output: quiet() });

    expect(result).toMatchObject({
      exitCode: 0,
      outcome: 'succeeded',
      modelVersion: 1,
      modelUri: `models:/${opts.modelName}/1`,
      reused: false,
    });
    expect(result.metrics.test_accuracy).toBeGreaterThan(0.8);
    const run = await getRun(mlflow.http, result.runId);
    expect(run.status).toBe('FINISHED');
    expect(run.params).toEqual({ hidden: '16', epochs: '2', samples: '1500', 'learning-rate': '0.05' });
    expect(run.tags).toMatchObject({
      'mlops.git.commit': githubEnv.GITHUB_SHA,
      'mlops.git.tag': 'train-v1.2.0',
      'mlops.github.run_url': 'https://github.com/acme/digits/actions/runs/9876543210/attempts/1',
      'mlops.runner': 'gpu-runner-3 (Linux X64)',
      'mlops.gpu': 'none',
      'mlops.command': mnist,
      'mlflow.source.git.commit': githubEnv.GITHUB_SHA,
    });
    expect((await getMetricHistory(mlflow.http, run.id, 'train_loss')).map((m) => m.step)).toEqual([1, 2]);
    expect(Object.keys(run.metrics)).toEqual(
      expect.arrayContaining(['system/cpu_utilization_percentage', 'system/system_memory_usage_megabytes']),
    );

    const version = (await getModelVersion(mlflow.http, opts.modelName!, 1))!;
    expect(version).toMatchObject({ status: 'READY', runId: run.id, source: `${run.artifactUri}/model` });
    expect(version.tags).toMatchObject({
      'mlops.git.tag': 'train-v1.2.0',
      'mlops.git.commit': githubEnv.GITHUB_SHA,
      'mlops.model.classes': '10',
    });
    expect((await getVersionByAlias(mlflow.http, opts.modelName!, 'challenger'))?.version).toBe(1);

    const files = (await listArtifacts(mlflow.http, run.artifactUri, '', { recursive: true })).map((entry) => entry.path);
    expect(files).toEqual(
      expect.arrayContaining(['model/model.onnx', 'model/preprocessing.json', 'model/MLmodel', 'logs/command.log', 'charts/metrics.svg']),
    );
    const mlmodelPath = join(dir, 'MLmodel');
    await downloadArtifactFile(mlflow.http, run.artifactUri, 'model/MLmodel', mlmodelPath);
    const mlmodel = parseYaml(readFileSync(mlmodelPath, 'utf8')) as {
      flavors: { onnx: { data: string }; python_function: { loader_module: string } };
      run_id: string;
      signature: { inputs: string };
    };
    expect(mlmodel.flavors.onnx.data).toBe('model.onnx');
    expect(mlmodel.flavors.python_function.loader_module).toBe('mlflow.onnx');
    expect(mlmodel.run_id).toBe(run.id);
    expect(JSON.parse(mlmodel.signature.inputs)).toEqual([
      { type: 'tensor', 'tensor-spec': { dtype: 'float32', shape: [-1, 1, 28, 28] }, name: 'input' },
    ]);
    const logPath = join(dir, 'command.log');
    await downloadArtifactFile(mlflow.http, run.artifactUri, 'logs/command.log', logPath);
    expect(readFileSync(logPath, 'utf8')).toContain('training a 16-unit MLP on 1500 digits for 2 epochs');
    expect(result.summary).toContain(`**Registered** \`${opts.modelName}\` version **1** with alias \`@challenger\``);
    expect(expectSummarySurvivesGithub(result.summary).length).toBeGreaterThan(0);
  });

  test('the command gets the run, the params and the metrics file: an MLflow-aware trainer logs into the same run', async () => {
    const logMetric =
      "node -e \"fetch(process.env.MLFLOW_TRACKING_URI + '/api/2.0/mlflow/runs/log-metric', { method: 'POST', headers: { 'content-type': 'application/json' }, " +
      "body: JSON.stringify({ run_id: process.env.MLFLOW_RUN_ID, key: 'native', value: 0.75, timestamp: Date.now(), step: 1 }) }).then((r) => process.exit(r.ok ? 0 : 1))\"";
    const command = [
      logMetric,
      'echo "lr=$MLOPS_PARAM_LEARNING_RATE experiment=$MLFLOW_EXPERIMENT_ID"',
      'cat "$MLOPS_PARAMS_FILE"',
      'echo \'{"key": "forwarded", "value": 3, "step": 2}\' >> "$MLOPS_METRICS_FILE"',
    ].join(' && ');
    const opts = options({ command, register: false, params: { 'learning-rate': '0.01' } });
    const logger = recordingLogger();
    const result = await train(opts, { http: mlflow.http, logger, output: quiet() });
    expect(result.exitCode).toBe(0);
    expect(result.metrics).toEqual({ native: 0.75, forwarded: 3 });
    const logPath = join(dir, 'aware.log');
    await downloadArtifactFile(mlflow.http, (await getRun(mlflow.http, result.runId)).artifactUri, 'logs/command.log', logPath);
    expect(readFileSync(logPath, 'utf8')).toBe(`lr=0.01 experiment=${result.experimentId}\n{\n  "learning-rate": "0.01"\n}\n`);
    expect(logger.lines).toContain(`no model directory at ${opts.modelDir}; nothing to log (register: false)`);
  });

  test('a crashing trainer ends the run FAILED with its log, registers nothing, and its exit status is the result', async () => {
    const logger = recordingLogger();
    const opts = options({ command: 'echo "loading data"; echo "CUDA out of memory" >&2; exit 3' });
    const result = await train(opts, { http: mlflow.http, logger, output: quiet() });
    expect(result).toMatchObject({ exitCode: 3, outcome: 'failed' });
    expect(result.modelVersion).toBeUndefined();
    const run = await getRun(mlflow.http, result.runId);
    expect(run.status).toBe('FAILED');
    expect(run.tags['mlops.failure']).toBe('command failed (exit status 3)');
    const logPath = join(dir, 'crash.log');
    await downloadArtifactFile(mlflow.http, run.artifactUri, 'logs/command.log', logPath);
    expect(readFileSync(logPath, 'utf8')).toBe('loading data\nCUDA out of memory\n');
    expect(await searchModelVersions(mlflow.http, { filter: `name='${opts.modelName}'` })).toEqual([]);
    expect(logger.errors).toEqual(['the training command failed with exit status 3; nothing was registered']);
  });

  test.each([
    ['no model.onnx', 'mkdir -p "$MLOPS_MODEL_DIR"', /model\.onnx is missing: the trainer must export its model there/],
    [
      'a model.onnx that is not ONNX',
      'mkdir -p "$MLOPS_MODEL_DIR" && echo "not a model" > "$MLOPS_MODEL_DIR/model.onnx"',
      /model\.onnx: not an ONNX model/,
    ],
    ['no model directory at all', 'true', /the model directory '.*' does not exist/],
  ])('a trainer that succeeds with %s fails before anything is registered', async (_name, command, message) => {
    const opts = options({ command });
    await expect(train(opts, { http: mlflow.http, logger: recordingLogger(), output: quiet() })).rejects.toThrow(message);
    const runs = await searchRuns(mlflow.http, {
      experimentIds: [(await getOrCreateExperiment(mlflow.http, 'train-tests')).id],
      filter: `attributes.run_name = '${opts.runName}'`,
    });
    expect(runs.map((run) => run.status)).toEqual(['FAILED']);
    expect(await searchModelVersions(mlflow.http, { filter: `name='${opts.modelName}'` })).toEqual([]);
  });

  test("a model left by an earlier run is never registered as this run's", async () => {
    const opts = options({ command: 'true' });
    mkdirSync(opts.modelDir, { recursive: true });
    writeFileSync(join(opts.modelDir, 'model.onnx'), readFileSync(join(dir, 'model-1', 'model.onnx')));
    writeFileSync(join(opts.modelDir, 'preprocessing.json'), readFileSync(join(dir, 'model-1', 'preprocessing.json')));
    const old = new Date(Date.now() - 3_600_000);
    utimesSync(join(opts.modelDir, 'model.onnx'), old, old);
    await expect(train(opts, { http: mlflow.http, logger: recordingLogger(), output: quiet() })).rejects.toThrow(
      /older than this training run/,
    );
    expect(await searchModelVersions(mlflow.http, { filter: `name='${opts.modelName}'` })).toEqual([]);
  });

  test('a command past its time limit is stopped: exit status 124, run FAILED', async () => {
    const opts = options({ command: 'echo started; sleep 30', timeoutMs: 300 });
    const result = await train(opts, { http: mlflow.http, logger: recordingLogger(), output: quiet() });
    expect(result).toMatchObject({ exitCode: 124, outcome: 'timed-out' });
    expect((await getRun(mlflow.http, result.runId)).status).toBe('FAILED');
  });

  test('cancelling the job stops the command and ends the run KILLED with exit status 143', async () => {
    const controller = new AbortController();
    const opts = options({ command: 'echo started; sleep 30' });
    setTimeout(() => controller.abort(), 300);
    const result = await train(opts, { http: mlflow.http, logger: recordingLogger(), output: quiet(), signal: controller.signal });
    expect(result).toMatchObject({ exitCode: 143, outcome: 'cancelled' });
    expect((await getRun(mlflow.http, result.runId)).status).toBe('KILLED');
  });

  test('MLflow unreachable at the start fails before the command runs', async () => {
    const marker = join(dir, 'ran-unreachable');
    const unreachable = createMlflowHttp({ trackingUri: 'http://127.0.0.1:9', retry: { maxRetries: 1, baseDelayMs: 10 } });
    await expect(
      train(options({ command: `touch ${marker}`, trackingUri: 'http://127.0.0.1:9' }), {
        http: unreachable,
        logger: recordingLogger(),
        output: quiet(),
      }),
    ).rejects.toThrow(/MLflow at http:\/\/127\.0\.0\.1:9 cannot be used, so the training command was not started/);
    expect(existsSync(marker)).toBe(false);
  });

  test('gpu: required fails fast on a machine without a GPU, before any run is created', async () => {
    const opts = options({ gpu: 'required' });
    await expect(
      train(opts, {
        http: mlflow.http,
        logger: recordingLogger(),
        output: quiet(),
        exec: () => Promise.reject(new Error('nvidia-smi: not found')),
      }),
    ).rejects.toThrow("input 'gpu' is 'required', but nvidia-smi found no GPU on this runner");
  });

  test('re-running the same job never registers a second version, and does not train again', async () => {
    const key = 'acme/digits/9876543210/train';
    const marker = join(dir, 'ran-twice');
    const first = options({ command: `${mnist} --hidden 8 --epochs 1 --samples 500`, idempotencyKey: key });
    const result = await train(first, { http: mlflow.http, logger: recordingLogger(), output: quiet() });
    expect(result.modelVersion).toBe(1);
    const logger = recordingLogger();
    const again = await train({ ...first, command: `touch ${marker}` }, { http: mlflow.http, logger, output: quiet() });
    expect(again).toMatchObject({ reused: true, modelVersion: 1, runId: result.runId, exitCode: 0 });
    expect(existsSync(marker)).toBe(false);
    expect(await searchModelVersions(mlflow.http, { filter: `name='${first.modelName}'` })).toHaveLength(1);
    expect(logger.lines).toContain(`${first.modelName} version 1 was registered by an earlier attempt of this job; not training again`);
  });
});
