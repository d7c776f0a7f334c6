import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { createMlflowHttp, downloadArtifactFile } from '@mlops-actions/mlflow';
import { listenOnLoopback } from '../../helpers/loopback-server.js';

const content = randomBytes(1024 * 1024);
const work = mkdtempSync(join(tmpdir(), 'artifact-resume-'));

/**
 * A file server whose first answer breaks off after `breakAfter` bytes, and that answers a Range request as `ranges`
 * says: 'exact' (206 for the rest, as S3 or a CDN would), 'wrong' (206 for another range), or 'none' (200 and the
 * whole file, as MLflow's artifact proxy does).
 */
async function flakyServer(ranges: 'exact' | 'wrong' | 'none', breakAfter = 300 * 1024) {
  const requests: (string | undefined)[] = [];
  const server = await listenOnLoopback((request, response) => {
    requests.push(request.headers.range);
    const range = /^bytes=(\d+)-$/.exec(request.headers.range ?? '');
    if (range && ranges !== 'none') {
      const start = ranges === 'exact' ? Number(range[1]) : 0;
      const end = ranges === 'exact' ? content.length - 1 : 1023;
      response.writeHead(206, { 'content-range': `bytes ${start}-${end}/${content.length}`, 'content-length': end - start + 1 });
      return void response.end(content.subarray(start, end + 1));
    }
    response.writeHead(200, { 'content-length': content.length, etag: '"v1"' });
    if (requests.length > 1) return void response.end(content);
    response.write(content.subarray(0, breakAfter), () => setTimeout(() => response.destroy(), 50));
  });
  const http = createMlflowHttp({ trackingUri: server.url, retry: { maxRetries: 0 } });
  return { server, requests, http };
}

describe('a download that breaks off is tried again and arrives whole', () => {
  test.each([
    ['resumes from what is on disk when the server answers ranges', 'exact', 2],
    ['starts again without ranges when the server answers another range', 'wrong', 3],
    ['starts again when the server answers a range request with the whole file (as MLflow does)', 'none', 2],
  ] as const)('%s', async (_name, ranges, expectedRequests) => {
    const { server, requests, http } = await flakyServer(ranges);
    const local = join(work, `${ranges}.bin`);
    await downloadArtifactFile(http, 'mlflow-artifacts:/x', 'file.bin', local);
    expect(readFileSync(local).equals(content)).toBe(true);
    expect(requests).toHaveLength(expectedRequests);
    expect(requests[0]).toBeUndefined();
    const resumedAt = Number(/^bytes=(\d+)-$/.exec(requests[1] ?? '')?.[1]);
    expect(resumedAt).toBeGreaterThan(0);
    expect(resumedAt).toBeLessThanOrEqual(300 * 1024);
    if (ranges === 'wrong') expect(requests[2]).toBeUndefined();
    await server.close();
  });
});
