import type { ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { createMlflowHttp, getOrCreateExperiment, MlflowApiError, type MlflowAuth } from '@mlops-actions/mlflow';
import { startCli, stopCli } from '../helpers/cli-process.js';

/** Starts `mlops server` from the committed bundle and resolves with its URL once it listens. */
async function startServer(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const started = await startCli(['server', '--port', '0', ...args], /MLFLOW_TRACKING_URI=(http:\/\/\S+)/, env);
  return { child: started.child, url: started.announced, output: () => started.output() };
}

const stop = (child: ChildProcess): Promise<number | null> => stopCli(child);

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

  test('basic auth: the right credentials pass; wrong ones get 401 and never appear in the error', async () => {
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
