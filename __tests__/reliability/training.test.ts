import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { beforeAll, describe, expect, test } from '@jest/globals';
import { createMlp, exportOnnx } from '@mlops-actions/example-mnist-mlp';
import {
  createMlflowHttp,
  getMetricHistory,
  getOrCreateExperiment,
  getVersionByAlias,
  listArtifacts,
  searchModelVersions,
  searchRuns,
} from '@mlops-actions/mlflow';
import { lineageFromGithub, train, type TrainOptions } from '@mlops-actions/training';
import { startFaultProxy } from '../helpers/fault-proxy.js';
import { useMlflowServer } from '../helpers/mlflow-server.js';
import { recordingLogger } from '../helpers/recording-logger.js';

const root = resolve(import.meta.dirname, '..', '..');
const mlflow = useMlflowServer('train-reliability-');
const dir = mlflow.dir;
const template = join(dir, 'template');

beforeAll(() => {
  mkdirSync(template);
  writeFileSync(join(template, 'model.onnx'), exportOnnx(createMlp(8, Math.random), 'reliability'));
  writeFileSync(
    join(template, 'preprocessing.json'),
    JSON.stringify({
      input_name: 'input',
      shape: [1, 28, 28],
      mean: [0],
      std: [1],
      labels: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
    }),
  );
});

const discard = () => new Writable({ write: (_chunk, _encoding, done) => done() });

function options(name: string, command: string, overrides: Partial<TrainOptions> = {}): TrainOptions {
  return {
    command,
    workingDirectory: root,
    experiment: 'reliability',
    runName: name,
    modelName: name,
    modelDir: join(dir, name),
    register: true,
    alias: 'challenger',
    params: { seed: '1' },
    gpu: 'none',
    trackingUri: mlflow.server.url,
    env: { PATH: process.env.PATH },
    lineage: async (gpu) => lineageFromGithub({ GITHUB_ACTIONS: 'true', GITHUB_SHA: 'abc' }, command, gpu)!,
    tempDir: dir,
    metricsIntervalMs: 20,
    systemMetricsIntervalMs: 50,
    ...overrides,
  };
}

// 2,000 metric lines written over about a second, then the model copied into place.
const trainer = `for i in $(seq 1 20); do for j in $(seq 1 100); do echo "{\\"key\\": \\"loss\\", \\"value\\": $i.$j, \\"step\\": $(( (i - 1) * 100 + j ))}" >> "$MLOPS_METRICS_FILE"; done; sleep 0.05; done; mkdir -p "$MLOPS_MODEL_DIR" && cp ${template}/* "$MLOPS_MODEL_DIR"/`;

describe('training while MLflow fails 30% of requests', () => {
  test.each([5, 17])('seed %i: every metric arrives exactly once, one run, one version, the alias set', async (seed) => {
    const proxy = await startFaultProxy({ upstream: mlflow.server.url, failureRate: 0.3, seed });
    const name = `flaky-${seed}`;
    try {
      const http = createMlflowHttp({ trackingUri: proxy.url, retry: { maxRetries: 12, baseDelayMs: 2, maxDelayMs: 20 } });
      const result = await train(options(name, trainer, { trackingUri: proxy.url }), {
        http,
        logger: recordingLogger(),
        output: discard(),
      });
      expect(result).toMatchObject({ exitCode: 0, modelVersion: 1 });
      expect(proxy.log.filter((entry) => entry.fault !== 'none').length).toBeGreaterThan(10);
    } finally {
      await proxy.close();
    }
    const experiment = await getOrCreateExperiment(mlflow.http, 'reliability');
    const runs = await searchRuns(mlflow.http, { experimentIds: [experiment.id], filter: `attributes.run_name = '${name}'` });
    expect(runs.map((run) => run.status)).toEqual(['FINISHED']);
    const loss = await getMetricHistory(mlflow.http, runs[0]!.id, 'loss');
    expect(loss.map((point) => point.step)).toEqual(Array.from({ length: 2000 }, (_, i) => i + 1));
    expect(await searchModelVersions(mlflow.http, { filter: `name='${name}'` })).toHaveLength(1);
    expect((await getVersionByAlias(mlflow.http, name, 'challenger'))?.version).toBe(1);
  });
});

describe('MLflow down for a while just after training succeeded', () => {
  test('the model, the metrics and the log wait for it: one version, every point, the run FINISHED', async () => {
    const proxy = await startFaultProxy({ upstream: mlflow.server.url, failureRate: 0, seed: 1 });
    const name = 'outage';
    const logger = recordingLogger();
    let outage: NodeJS.Timeout | undefined;
    // The trainer writes its metrics and model, says so, and MLflow goes away for 6 s right then.
    const command = `${trainer}; echo TRAINED; sleep 0.3`;
    const output = new Writable({
      write: (chunk: Buffer, _encoding, done) => {
        if (!proxy.down && outage === undefined && chunk.toString().includes('TRAINED')) {
          proxy.down = true;
          outage = setTimeout(() => (proxy.down = false), 6000);
        }
        done();
      },
    });
    try {
      const http = createMlflowHttp({ trackingUri: proxy.url, retry: { maxRetries: 2, baseDelayMs: 5, maxDelayMs: 20 } });
      const result = await train(options(name, command, { trackingUri: proxy.url, metricsIntervalMs: 5000 }), { http, logger, output });
      expect(result).toMatchObject({ exitCode: 0, modelVersion: 1 });
    } finally {
      clearTimeout(outage);
      await proxy.close();
    }
    expect(proxy.log.filter((entry) => entry.fault === 'down').length).toBeGreaterThan(3);
    // Both were refused at first, and sent once MLflow was back.
    expect(logger.warnings.some((line) => line.startsWith("the command's output could not be saved to the run yet"))).toBe(true);
    expect(logger.warnings.some((line) => /^2000 metric points could not be sent to MLflow yet/.test(line))).toBe(true);
    expect(logger.warnings.some((line) => /^MLflow did not take the trained model \(.*503.*\); trying again in \d+ s/.test(line))).toBe(
      true,
    );
    const experiment = await getOrCreateExperiment(mlflow.http, 'reliability');
    const runs = await searchRuns(mlflow.http, { experimentIds: [experiment.id], filter: `attributes.run_name = '${name}'` });
    expect(runs.map((run) => run.status)).toEqual(['FINISHED']);
    // The trainer's 2,000 points were still in the file when MLflow went away (forwarded every 5 s): none lost.
    const loss = await getMetricHistory(mlflow.http, runs[0]!.id, 'loss');
    expect(loss.map((point) => point.step)).toEqual(Array.from({ length: 2000 }, (_, i) => i + 1));
    const files = (await listArtifacts(mlflow.http, runs[0]!.artifactUri, 'logs')).map((entry) => entry.path);
    expect(files).toEqual(['command.log']);
    expect(await searchModelVersions(mlflow.http, { filter: `name='${name}'` })).toHaveLength(1);
    expect((await getVersionByAlias(mlflow.http, name, 'challenger'))?.version).toBe(1);
  }, 60_000);

  test('a failure that waiting does not mend (a corrupt model) fails at once', async () => {
    const name = 'corrupt-after-training';
    const logger = recordingLogger();
    const command = `mkdir -p "$MLOPS_MODEL_DIR" && cp ${template}/* "$MLOPS_MODEL_DIR"/ && echo garbage > "$MLOPS_MODEL_DIR/model.onnx"`;
    const started = Date.now();
    await expect(train(options(name, command), { http: mlflow.http, logger, output: discard() })).rejects.toThrow(/model\.onnx/);
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(logger.warnings.filter((line) => line.startsWith('MLflow did not take the trained model'))).toEqual([]);
  });
});

describe('a command that prints a lot', () => {
  test('256 MiB of output stream through to the log artifact with memory flat', async () => {
    const bytes = 256 * 1024 * 1024;
    let seen = 0;
    const output = new Writable({
      write: (chunk: Buffer, _encoding, done) => {
        seen += chunk.length;
        done();
      },
    });
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
    const result = await train(options('chatty', `head -c ${bytes} /dev/zero | tr '\\0' '.'`, { register: false }), {
      http: mlflow.http,
      logger: recordingLogger(),
      output,
    }).finally(() => clearInterval(sampler));
    expect(result.exitCode).toBe(0);
    expect(seen).toBe(bytes);
    const logs = await listArtifacts(
      mlflow.http,
      (await searchRuns(mlflow.http, { experimentIds: [result.experimentId], filter: "attributes.run_name = 'chatty'" }))[0]!.artifactUri,
      'logs',
    );
    expect(logs).toEqual([{ path: 'command.log', isDir: false, fileSize: bytes }]);
    expect(peak - before).toBeLessThan(96 * 1024 * 1024);
  }, 120_000);
});
