import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { createMlflowHttp, downloadArtifactDirectory, MlflowApiError } from '@mlops-actions/mlflow';

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('downloading an artifact directory', () => {
  test('a failed file fails the download only after the files in flight have finished: nothing is written afterwards', async () => {
    const slowBody = () =>
      new ReadableStream<Uint8Array>({
        async start(controller) {
          controller.enqueue(new TextEncoder().encode('first half '));
          await delay(200);
          controller.enqueue(new TextEncoder().encode('second half'));
          controller.close();
        },
      });
    const fetchImpl = (async (url: string | URL | Request) => {
      const text = url instanceof Request ? url.url : url.toString();
      if (text.includes('?path='))
        return Response.json({
          files: [
            { path: 'model/slow.bin', is_dir: false, file_size: 22 },
            { path: 'model/missing.bin', is_dir: false, file_size: 1 },
          ],
        });
      if (text.endsWith('/slow.bin')) return new Response(slowBody());
      return Response.json({ error_code: 'RESOURCE_DOES_NOT_EXIST', message: 'gone' }, { status: 404 });
    }) as typeof fetch;
    const http = createMlflowHttp({ trackingUri: 'http://mlflow.test', fetch: fetchImpl, retry: { maxRetries: 0 } });
    const dir = await mkdtemp(join(tmpdir(), 'artifact-download-'));

    const failure = await downloadArtifactDirectory(http, 'mlflow-artifacts:/1/abc/artifacts', 'model', dir).catch(
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(MlflowApiError);
    const atFailure = await readdir(dir, { recursive: true });
    await delay(400);
    expect(await readdir(dir, { recursive: true })).toEqual(atFailure);
    expect(atFailure.filter((name) => name.endsWith('.part'))).toEqual([]);
  });
});
