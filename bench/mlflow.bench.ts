// Benchmarks of the MLflow client against the embedded server (`mlops server`, a separate process), each
// next to a baseline measured in the same run: per-metric requests, a buffered upload, a trivial endpoint.
import { spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createModelVersion,
  createMlflowHttp,
  createRegisteredModel,
  createRun,
  downloadArtifactFile,
  getOrCreateExperiment,
  getVersionByAlias,
  logBatch,
  resolveArtifactLocation,
  setAlias,
  uploadArtifactFile,
  type Metric,
} from '@mlops-actions/mlflow';
import { startServerProcess } from './server-process.js';

// Child mode: one transfer in a fresh process, so its peak RSS is the client's alone.
if (process.argv[2] === '--transfer') {
  const [, , , kind, trackingUri, artifactUri, path] = process.argv as [
    string,
    string,
    string,
    'up' | 'down' | 'buffered',
    string,
    string,
    string,
  ];
  const http = createMlflowHttp({ trackingUri });
  const measured = await peakRss(async () => {
    if (kind === 'up') await uploadArtifactFile(http, artifactUri, path, 'big.bin');
    else if (kind === 'down') await downloadArtifactFile(http, artifactUri, 'big.bin', path);
    else {
      const location = resolveArtifactLocation(trackingUri, artifactUri);
      const response = await fetch(`${location.baseUrl}/${location.path}/buffered.bin`, { method: 'PUT', body: await readFile(path) });
      await response.arrayBuffer();
    }
  });
  console.log(JSON.stringify({ peakMb: measured.peakMb, seconds: measured.seconds }));
  process.exit(0);
}

/** Runs one transfer in a child process and returns its peak RSS and duration. */
function transfer(
  kind: 'up' | 'down' | 'buffered',
  trackingUri: string,
  artifactUri: string,
  path: string,
): Promise<{ peakMb: number; seconds: number }> {
  const child = spawn(process.execPath, [...process.execArgv, import.meta.filename, '--transfer', kind, trackingUri, artifactUri, path], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolveTransfer, reject) => {
    child.on('exit', (code) =>
      code === 0
        ? resolveTransfer(JSON.parse(output.trim().split('\n').pop()!) as { peakMb: number; seconds: number })
        : reject(new Error(`transfer ${kind} failed: ${output}`)),
    );
  });
}
const work = mkdtempSync(join(tmpdir(), 'mlflow-bench-'));

/** A fetch that counts requests. */
function countingFetch(): { fetch: typeof fetch; count: () => number } {
  let requests = 0;
  return {
    fetch: (input: Parameters<typeof fetch>[0], init?: RequestInit) => {
      requests++;
      return fetch(input, init);
    },
    count: () => requests,
  };
}

/** Peak resident memory of this process while `fn` runs, sampled every 20 ms. */
async function peakRss<T>(fn: () => Promise<T>): Promise<{ result: T; peakMb: number; seconds: number }> {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 20);
  const start = performance.now();
  try {
    const result = await fn();
    return { result, peakMb: Math.max(peak, process.memoryUsage.rss()) / 2 ** 20, seconds: (performance.now() - start) / 1000 };
  } finally {
    clearInterval(timer);
  }
}

async function writeFileOfSize(path: string, bytes: number): Promise<void> {
  const out = createWriteStream(path);
  const block = Buffer.alloc(8 * 2 ** 20, 0x5a);
  for (let written = 0; written < bytes; written += block.length) {
    if (!out.write(block)) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((r) => out.end(() => r()));
}

const server = await startServerProcess(work);
try {
  const counter = countingFetch();
  const http = createMlflowHttp({ trackingUri: server.url, fetch: counter.fetch });
  const experiment = await getOrCreateExperiment(http, 'bench');
  console.log(`server ${server.url}, ${process.version}, ${(await import('node:os')).cpus().length} cores`);

  // 1. 100,000 metric points through log-batch, against one request per point (sampled on 5,000 points).
  const run = await createRun(http, { experimentId: experiment.id });
  const points: Metric[] = Array.from({ length: 100_000 }, (_, i) => ({
    key: `m${i % 10}`,
    value: Math.sin(i),
    timestamp: 1_700_000_000_000 + i,
    step: i,
  }));
  const before = counter.count();
  let start = performance.now();
  await logBatch(http, { runId: run.id, metrics: points });
  const batchSeconds = (performance.now() - start) / 1000;
  const batchRequests = counter.count() - before;
  const single = await createRun(http, { experimentId: experiment.id });
  start = performance.now();
  for (const point of points.slice(0, 5_000)) {
    await http.call('POST', 'mlflow/runs/log-metric', {
      body: { run_id: single.id, key: point.key, value: point.value, timestamp: point.timestamp, step: point.step },
    });
  }
  const singlePerPoint = (performance.now() - start) / 1000 / 5_000;
  console.log(`\n100,000 metric points: log-batch ${batchSeconds.toFixed(2)} s in ${batchRequests} requests`);
  console.log(
    `baseline, one log-metric request per point: ${(singlePerPoint * 1e6).toFixed(0)} µs a point (measured on 5,000) ≈ ${(singlePerPoint * 100_000).toFixed(1)} s for 100,000`,
  );
  console.log(`ratio: log-batch is ${((singlePerPoint * 100_000) / batchSeconds).toFixed(0)}x faster`);

  // 2. 1 GiB artifact up and down as streams, against a buffered upload of the same file.
  const size = 2 ** 30;
  const big = join(work, 'big.bin');
  await writeFileOfSize(big, size);
  const up = await transfer('up', server.url, run.artifactUri, big);
  const down = await transfer('down', server.url, run.artifactUri, join(work, 'back.bin'));
  rmSync(join(work, 'back.bin'));
  const buffered = await transfer('buffered', server.url, run.artifactUri, big);
  const mb = size / 2 ** 20;
  console.log(
    `\n1 GiB artifact, streamed (each transfer in a fresh client process): upload ${(mb / up.seconds).toFixed(0)} MB/s (peak RSS ${up.peakMb.toFixed(0)} MB), download ${(mb / down.seconds).toFixed(0)} MB/s (peak RSS ${down.peakMb.toFixed(0)} MB)`,
  );
  console.log(
    `baseline, the file read into memory and sent in one piece: ${(mb / buffered.seconds).toFixed(0)} MB/s, peak RSS ${buffered.peakMb.toFixed(0)} MB`,
  );
  console.log(
    `ratio: streaming peaks at ${((100 * Math.max(up.peakMb, down.peakMb)) / buffered.peakMb).toFixed(0)}% of the buffered upload's memory (target < 150 MB)`,
  );

  // 3. 50 concurrent clients reading a model version by alias for 5 s, against /health on the same server.
  await createRegisteredModel(http, { name: 'bench-model' });
  await createModelVersion(http, { name: 'bench-model', source: `${run.artifactUri}/model`, runId: run.id });
  await setAlias(http, 'bench-model', 'production', 1);
  const load = async (request: () => Promise<unknown>): Promise<{ perSecond: number; p99Ms: number }> => {
    const latencies: number[] = [];
    const deadline = performance.now() + 5_000;
    await Promise.all(
      Array.from({ length: 50 }, async () => {
        while (performance.now() < deadline) {
          const t = performance.now();
          await request();
          latencies.push(performance.now() - t);
        }
      }),
    );
    latencies.sort((a, b) => a - b);
    return { perSecond: latencies.length / 5, p99Ms: latencies[Math.floor(latencies.length * 0.99)]! };
  };
  const reader = createMlflowHttp({ trackingUri: server.url });
  const alias = await load(() => getVersionByAlias(reader, 'bench-model', 'production'));
  const health = await load(async () => (await fetch(`${server.url}/health`)).text());
  console.log(
    `\n50 concurrent clients, model version by alias: ${alias.perSecond.toFixed(0)} requests/s, p99 ${alias.p99Ms.toFixed(1)} ms`,
  );
  console.log(`baseline, /health on the same server: ${health.perSecond.toFixed(0)} requests/s, p99 ${health.p99Ms.toFixed(1)} ms`);
  console.log(
    `ratio: alias reads run at ${((100 * alias.perSecond) / health.perSecond).toFixed(0)}% of the server's trivial-endpoint rate`,
  );
} finally {
  server.stop();
  rmSync(work, { recursive: true, force: true });
}
