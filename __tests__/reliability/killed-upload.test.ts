import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import {
  createMlflowHttp,
  createRun,
  downloadArtifactFile,
  getOrCreateExperiment,
  listArtifacts,
  resolveArtifactLocation,
} from '@mlops-actions/mlflow';

function startServer(data: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [resolve('dist/cli/index.js'), 'server', '--port', '0', '--data', data], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  return new Promise((resolveStart, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const url = /MLFLOW_TRACKING_URI=(http:\/\/\S+)/.exec(output)?.[1];
      if (url) resolveStart({ child, url });
    });
    child.on('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
}

describe('the server killed in the middle of an artifact upload', () => {
  test('leaves no partial file visible after a restart', async () => {
    const data = mkdtempSync(join(tmpdir(), 'killed-upload-'));
    const first = await startServer(data);
    const http = createMlflowHttp({ trackingUri: first.url, retry: { maxRetries: 0 } });
    const run = await createRun(http, { experimentId: (await getOrCreateExperiment(http, 'uploads')).id });
    const location = resolveArtifactLocation(first.url, run.artifactUri);

    const firstExited = new Promise((resolveExit) => first.child.once('exit', resolveExit));
    let sent = 0;
    const chunk = new Uint8Array(1024 * 1024).fill(7);
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        if (sent === 8) first.child.kill('SIGKILL');
        await new Promise((r) => setTimeout(r, 20));
        controller.enqueue(chunk);
        sent++;
        if (sent === 64) controller.close();
      },
    });
    const upload = http.send('PUT', `${location.baseUrl}/${location.path}/model/model.onnx`, {
      body: () => body,
      headers: { 'Content-Type': 'application/octet-stream' },
    });
    await expect(upload).rejects.toThrow();
    await firstExited;
    // The server died mid-transfer: some chunks had gone out, not all.
    expect(sent).toBeGreaterThanOrEqual(8);
    expect(sent).toBeLessThan(64);

    const second = await startServer(data);
    try {
      const again = createMlflowHttp({ trackingUri: second.url, retry: { maxRetries: 0 } });
      expect(await listArtifacts(again, run.artifactUri, 'model')).toEqual([]);
      await expect(downloadArtifactFile(again, run.artifactUri, 'model/model.onnx', join(data, 'out.onnx'))).rejects.toThrow();
      expect(readdirSync(join(data, 'staging'))).toEqual([]);
    } finally {
      const exited = new Promise((resolveExit) => second.child.once('exit', resolveExit));
      second.child.kill('SIGTERM');
      await exited;
    }
  }, 60_000);
});
