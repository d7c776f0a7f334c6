import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { createMlflowHttp, getOrCreateExperiment, MlflowApiError, type MlflowAuth } from '@mlops-actions/mlflow';

/** Starts `mlops server` from the committed bundle and resolves with its URL once it listens. */
function startServer(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const child = spawn(process.execPath, [resolve('dist/cli/index.js'), 'server', '--port', '0', ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolveStart, reject) => {
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const url = /MLFLOW_TRACKING_URI=(http:\/\/\S+)/.exec(output)?.[1];
      if (url) resolveStart({ child, url, output: () => output });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => reject(new Error(`mlops server exited with ${code}: ${output}`)));
  });
}

function stop(child: ChildProcess): Promise<number | null> {
  return new Promise((resolveExit) => {
    child.removeAllListeners('exit');
    child.on('exit', (code) => resolveExit(code));
    child.kill('SIGTERM');
  });
}

describe('mlops server', () => {
  test('starts with one command, serves MLflow clients, stops cleanly on SIGTERM, and keeps its data across restarts', async () => {
    const data = mkdtempSync(join(tmpdir(), 'mlops-server-'));
    const first = await startServer(['--data', data]);
    let created;
    try {
      expect(first.output()).toContain(`listening on ${first.url} (data in ${data})`);
      created = await getOrCreateExperiment(createMlflowHttp({ trackingUri: first.url }), 'survives-restarts');
    } finally {
      expect(await stop(first.child)).toBe(0);
    }
    const second = await startServer(['--data', data]);
    try {
      expect(await getOrCreateExperiment(createMlflowHttp({ trackingUri: second.url }), 'survives-restarts')).toEqual(created);
    } finally {
      expect(await stop(second.child)).toBe(0);
    }
  });

  test('--basic-auth: the right credentials pass; wrong ones get 401 and never appear in the error', async () => {
    const server = await startServer(['--data', mkdtempSync(join(tmpdir(), 'mlops-auth-'))], {
      MLOPS_SERVER_BASIC_AUTH: 'admin:correct-horse',
    });
    try {
      const client = (auth?: MlflowAuth) => createMlflowHttp({ trackingUri: server.url, auth, retry: { maxRetries: 0 } });
      expect((await getOrCreateExperiment(client({ kind: 'basic', username: 'admin', password: 'correct-horse' }), 'authed')).name).toBe(
        'authed',
      );
      for (const auth of [
        undefined,
        { kind: 'basic', username: 'admin', password: 'wrong-password' } as const,
        { kind: 'bearer', token: 'tok-secret' } as const,
      ]) {
        const error = await getOrCreateExperiment(client(auth), 'authed').catch((e: unknown) => e);
        expect(error).toBeInstanceOf(MlflowApiError);
        expect(error).toMatchObject({ status: 401 });
        expect((error as Error).message).not.toMatch(/wrong-password|tok-secret|correct-horse/);
      }
    } finally {
      await stop(server.child);
    }
  });

  test('a bad flag is a usage error', async () => {
    await expect(startServer(['--port', 'http'])).rejects.toThrow(/exited with 2: error: --port must be a number, got 'http'/);
  });
});
