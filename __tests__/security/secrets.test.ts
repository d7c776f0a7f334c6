// A training command is the user's code, and its output is stored in MLflow where everyone with access reads it:
// it must not receive credentials it has no need for, and no secret may land in the stored log.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { describe, expect, test } from '@jest/globals';
import { createMaskingStream, secretValues } from '@mlops-actions/common';
import { downloadArtifactFile } from '@mlops-actions/mlflow';
import { train } from '@mlops-actions/training';
import { runCommand } from '@mlops-actions/training/internal';
import { useMlflowServer } from '../helpers/mlflow-server.js';
import { recordingLogger } from '../helpers/recording-logger.js';

const mlflow = useMlflowServer('secrets-');

const SECRETS = {
  MLFLOW_TRACKING_PASSWORD: 'mlflow-pass-K29s',
  HF_TOKEN: 'hf_secrettoken12345',
  GITHUB_TOKEN: 'ghs_jobtoken67890',
  MY_API_KEY: 'key-value-777',
};
const URI_PASSWORD = 'uri-pass-Zq1';

async function trainWith(commandEnv: string[], seenFile: string): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'secrets-train-'));
  const result = await train(
    {
      // Prints every secret it can see, and where its environment would show them; saves its environment aside.
      command: `env > ${seenFile}; echo "password=$MLFLOW_TRACKING_PASSWORD hf=$HF_TOKEN gh=$GITHUB_TOKEN key=$MY_API_KEY"; echo "uri=$UPSTREAM"`,
      workingDirectory: dir,
      experiment: 'secrets',
      modelDir: join(dir, 'model'),
      register: false,
      params: {},
      gpu: 'none',
      trackingUri: mlflow.server.url,
      env: { PATH: process.env.PATH, ...SECRETS, UPSTREAM: `https://user:${URI_PASSWORD}@store.example/x` },
      commandEnv,
      lineage: (gpu) => Promise.resolve({ runner: 'test', gpu, command: 'env' }),
      tempDir: dir,
    },
    { http: mlflow.http, logger: recordingLogger(), output: new Writable({ write: (_chunk, _encoding, done) => done() }) },
  );
  const log = join(dir, 'command.log');
  const { getRun } = await import('@mlops-actions/mlflow');
  await downloadArtifactFile(mlflow.http, (await getRun(mlflow.http, result.runId)).artifactUri, 'logs/command.log', log);
  return readFileSync(log, 'utf8');
}

describe('a training command', () => {
  test('does not get the GitHub and Hugging Face tokens; its stored log holds no secret it printed', async () => {
    const seenFile = join(mkdtempSync(join(tmpdir(), 'seen-')), 'env');
    const log = await trainWith([], seenFile);
    const seen = readFileSync(seenFile, 'utf8');
    expect(seen).toContain(`MLFLOW_TRACKING_PASSWORD=${SECRETS.MLFLOW_TRACKING_PASSWORD}`);
    expect(seen).not.toContain('HF_TOKEN=');
    expect(seen).not.toContain('GITHUB_TOKEN=');
    for (const secret of [...Object.values(SECRETS), URI_PASSWORD]) expect(log).not.toContain(secret);
    expect(log).toContain('password=*** hf= gh= key=***');
    expect(log).toContain('uri=https://user:***@store.example/x');
  });

  test('gets HF_TOKEN when command-env names it, and it is still masked in the stored log', async () => {
    const seenFile = join(mkdtempSync(join(tmpdir(), 'seen-')), 'env');
    const log = await trainWith(['HF_TOKEN'], seenFile);
    expect(readFileSync(seenFile, 'utf8')).toContain(`HF_TOKEN=${SECRETS.HF_TOKEN}`);
    expect(log).toContain('hf=*** gh=');
    expect(log).not.toContain(SECRETS.HF_TOKEN);
  });
});

describe('the masking of saved output', () => {
  test('finds the secrets of an environment: secret-named variables and passwords in URLs, not short or empty values', () => {
    expect(
      secretValues({
        GITHUB_TOKEN: 'ghs_abcdef',
        DB_PASSWORD: 'p@ss word',
        FLAG_KEY: '1',
        EMPTY_SECRET: '',
        MLFLOW_TRACKING_URI: 'https://ci:s3cr%2Ft@mlflow.example.com',
        HOME: '/root',
      }).sort(),
    ).toEqual(['ghs_abcdef', 'p@ss word', 's3cr%2Ft', 's3cr/t'].sort());
  });

  test('masks overlapping secrets, and keeps characters of two UTF-16 units whole at any cut', async () => {
    for (const size of [1, 2, 3, 4, 5]) {
      const input = new PassThrough();
      const masked = input.pipe(createMaskingStream(['abcdef', 'bcd']));
      let out = '';
      masked.on('data', (chunk: Buffer) => (out += chunk.toString()));
      const ended = new Promise((resolve) => masked.on('end', resolve));
      const text = 'xxabcdef 😀 bcd 😀😀 abcdef';
      const bytes = Buffer.from(text);
      for (let i = 0; i < bytes.length; i += size) input.write(bytes.subarray(i, i + size));
      input.end();
      await ended;
      expect(out).toBe('xx*** 😀 *** 😀😀 ***');
    }
  });

  test('a training command interleaving stdout and stderr still has its secret masked in the saved log', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'interleaved-'));
    const log = join(dir, 'log');
    await runCommand({
      command: `printf 'out: ${SECRETS.HF_TOKEN.slice(0, 8)}'; printf 'progress 50%%\\n' >&2; sleep 0.1; printf '${SECRETS.HF_TOKEN.slice(8)}\\n'`,
      cwd: dir,
      env: { PATH: process.env.PATH },
      logPath: log,
      secrets: [SECRETS.HF_TOKEN],
    });
    const saved = readFileSync(log, 'utf8');
    expect(saved).not.toContain(SECRETS.HF_TOKEN);
    expect(saved).toContain('out: ***');
    expect(saved).toContain('progress 50%');
  });

  test('masks a secret split across chunks, of any size, and nothing else', async () => {
    const secret = 'the-secret-value';
    const text = `start ${secret} middle ${secret}${secret} end ${secret}`;
    for (const size of [1, 2, 3, 5, 7, 16, 1000]) {
      const input = new PassThrough();
      const masked = input.pipe(createMaskingStream([secret, 'value']));
      let out = '';
      masked.on('data', (chunk: Buffer) => (out += chunk.toString()));
      const ended = new Promise((resolve) => masked.on('end', resolve));
      for (let i = 0; i < text.length; i += size) input.write(text.slice(i, i + size));
      input.end();
      await ended;
      expect(out).toBe('start *** middle ****** end ***');
    }
  });
});
