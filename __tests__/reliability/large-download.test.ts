import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, mkdirSync } from 'node:fs';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { once } from 'node:events';
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { createMlflowHttp, downloadArtifactFile } from '@mlops-actions/mlflow';
import { useMlflowServer } from '../helpers/mlflow-server.js';

/**
 * A large artifact through a slow, unreliable link: 1 GiB through a TCP proxy that lets 8 MB/s through and, once, stops
 * forwarding for longer than the client's timeout. The client's timeout is a stall timeout (3 s here): the transfer
 * takes minutes and is never cut for being long; the stall aborts the attempt and the file is fetched again. The
 * client asks for the rest with a Range request; `mlops server`, like MLflow's artifact proxy, answers with the whole
 * file, so the client starts over and the file arrives whole and byte-exact. (Resuming from a server that answers
 * ranges is tested in __tests__/unit/mlflow/artifact-resume.test.ts.)
 */
const SIZE = 1024 * 1024 * 1024;
const RATE = 8 * 1024 * 1024;
const STALL_AFTER = 300 * 1024 * 1024;
const TIMEOUT_MS = 3_000;
const STALL_MS = 5_000;

const mlflow = useMlflowServer('large-download-');
let proxy: Server;
const requests: string[] = [];
let expectedHash = '';

/** Writes SIZE bytes of a pseudo-random block of a prime length (an offset error cannot line up with it). */
async function writeArtifact(path: string): Promise<string> {
  const block = Buffer.alloc(1_000_003);
  let state = 0x9e3779b9;
  for (let i = 0; i < block.length; i++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    block[i] = state & 0xff;
  }
  const hash = createHash('sha256');
  const out = createWriteStream(path);
  for (let written = 0; written < SIZE;) {
    const chunk = block.subarray(0, Math.min(block.length, SIZE - written));
    hash.update(chunk);
    if (!out.write(chunk)) await once(out, 'drain');
    written += chunk.length;
  }
  out.end();
  await once(out, 'finish');
  return hash.digest('hex');
}

/** A TCP proxy to `port` that throttles server → client to RATE and stalls the first connection once, for STALL_MS. */
function throttlingProxy(port: number): Server {
  let stalled = false;
  return createServer((client: Socket) => {
    const upstream = connect(port, '127.0.0.1');
    let forwarded = 0;
    client.once('data', (head: Buffer) => requests.push(head.toString('latin1').split('\r\n\r\n')[0]!));
    client.pipe(upstream);
    upstream.on('data', (chunk: Buffer) => {
      upstream.pause();
      forwarded += chunk.length;
      const stall = !stalled && forwarded > STALL_AFTER;
      if (stall) stalled = true;
      const wait = (chunk.length / RATE) * 1000 + (stall ? STALL_MS : 0);
      setTimeout(() => {
        if (client.destroyed) return;
        client.write(chunk);
        upstream.resume();
      }, wait);
    });
    upstream.on('end', () => client.end());
    const close = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('close', close);
    client.on('error', close);
    upstream.on('error', close);
  });
}

beforeAll(async () => {
  const store = join(mlflow.dir, 'server', 'artifacts', 'large');
  mkdirSync(store, { recursive: true });
  expectedHash = await writeArtifact(join(store, 'data.bin'));
  proxy = throttlingProxy(Number(new URL(mlflow.server.url).port));
  proxy.listen(0, '127.0.0.1');
  await once(proxy, 'listening');
}, 120_000);
afterAll(async () => {
  proxy.close();
});

test('1 GiB at 8 MB/s with a 5 s stall: never cut for taking long, fetched again after the stall, byte-exact', async () => {
  const address = proxy.address() as { port: number };
  const http = createMlflowHttp({ trackingUri: `http://127.0.0.1:${address.port}`, timeoutMs: TIMEOUT_MS });
  const local = join(mlflow.dir, 'downloaded', 'data.bin');
  const started = Date.now();
  await downloadArtifactFile(http, 'mlflow-artifacts:/large', 'data.bin', local);
  const seconds = (Date.now() - started) / 1000;

  const hash = createHash('sha256');
  for await (const chunk of createReadStream(local)) hash.update(chunk as Buffer);
  expect(hash.digest('hex')).toBe(expectedHash);
  // Far longer than the timeout: the timeout bounds a stall, not a transfer.
  expect(seconds).toBeGreaterThan((SIZE / RATE) * 0.9);
  expect(requests).toHaveLength(2);
  expect(requests[0]).not.toMatch(/^range:/im);
  const resumedAt = Number(/^range: bytes=(\d+)-$/im.exec(requests[1]!)?.[1]);
  expect(resumedAt).toBeGreaterThan(STALL_AFTER - 16 * 1024 * 1024);
  expect(resumedAt).toBeLessThan(SIZE);
  console.log(`1 GiB through the throttled proxy in ${seconds.toFixed(0)} s; the client asked to resume at byte ${resumedAt}`);
}, 480_000);
