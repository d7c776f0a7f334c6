// Benchmarks of evaluation, each next to a baseline measured in the same run:
//   1. the reference AlexNet (exported by examples/cifar10-alexnet, random weights) over 10,000 CIFAR-shaped
//      inputs: images/s with onnxruntime-node against PyTorch eager on the same CPU (and GPU providers when present);
//   2. the whole evaluate-promote step over 10,000 CIFAR-shaped items: wall time and peak RSS, against the
//      reference pipeline's per-model pure-Python bootstrap; where its time goes (test set, model download, opening the
//      models, the scoring pass — inference per model, reading and preprocessing beside it, scoring —, the gate, MLflow
//      calls) and the whole step against its pure inference (target: within 1.1x);
//   3. the same evaluation sharded in 4 parts and merged (the parts one after another on this machine, as a matrix would
//      run them side by side): each part's time and what it costs beyond its share of the unsharded step, the merge's
//      time and memory, and whether the merged decision is the unsharded one.
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { silentLogger } from '@mlops-actions/common';
import { openModel, type EvaluationTimes, type ProviderChoice } from '@mlops-actions/evaluation';
import { parseGateConfig, resolveSettings } from '@mlops-actions/gate';
import {
  createMlflowHttp,
  createModelVersion,
  createRun,
  getOrCreateExperiment,
  getOrCreateRegisteredModel,
  setAlias,
  uploadArtifactDirectory,
} from '@mlops-actions/mlflow';
import { parsePreprocessing } from '@mlops-actions/model-format';
import { startServerProcess } from './server-process.js';
import { pythonWithTorch } from '../scripts/python-torch.js';
import { evaluateAndPromote, evaluateShard, type EvaluatePromoteOptions, type StepPhase } from '@mlops-actions/promotion';
import { parseShard } from '@mlops-actions/promotion/internal';

const root = resolve(import.meta.dirname, '..');

/** What the child reports of the evaluate-promote step: its time, memory, phases and the scoring pass's breakdown. */
interface StepReport {
  seconds: number;
  peakMb: number;
  phases: Partial<Record<StepPhase, number>>;
  /** Absent for a merge, which runs no inference. */
  inference: EvaluationTimes | undefined;
  /** The gate's decision, for a whole evaluation or a merge. */
  decision?: { passed: boolean; reason: string; n: number; o: number | null };
}

/** How the child evaluates: which challenger, whether it promotes, and which part of a sharded evaluation (if any). */
interface ChildRun {
  challenger: string;
  promote: boolean;
  shard?: string;
}
const SHARD_GROUP = 'bench-shards';
const ITEMS = 10_000;
const BATCH = 256;

// Child mode: the whole evaluate step in a fresh process, reporting its wall time and peak RSS.
if (process.argv[2] === '--evaluate') {
  const [, , , trackingUri, dataset, cacheDir, runJson] = process.argv as [string, string, string, string, string, string, string];
  const childRun = JSON.parse(runJson) as ChildRun;
  const shard = childRun.shard === undefined ? undefined : childRun.shard === 'merge' ? ('merge' as const) : parseShard(childRun.shard)!;
  const config = parseGateConfig('n - o > 0.02 +/- 0.01');
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
  const phases: Partial<Record<StepPhase, number>> = {};
  let inference: EvaluationTimes | undefined;
  const started = performance.now();
  const options: EvaluatePromoteOptions = {
    modelName: 'alexnet',
    challenger: childRun.challenger,
    championAlias: 'production',
    dataset,
    condition: config.condition,
    settings: resolveSettings({}),
    executionProvider: 'cpu',
    batchSize: BATCH,
    promote: childRun.promote,
    cacheDir,
    holder: 'bench',
    shardGroup: SHARD_GROUP,
  };
  const deps = {
    http: createMlflowHttp({ trackingUri }),
    logger: silentLogger,
    onPhase: (phase: StepPhase, ms: number) => (phases[phase] = (phases[phase] ?? 0) + ms),
    onInferenceTimes: (times: EvaluationTimes) => (inference = times),
  };
  let decision: StepReport['decision'];
  if (shard !== undefined && shard !== 'merge') await evaluateShard({ ...options, shard }, deps);
  else {
    const { gate } = await evaluateAndPromote({ ...options, shard }, deps);
    decision = { passed: gate.passed, reason: gate.reason, n: gate.n, o: gate.o };
  }
  clearInterval(timer);
  const step: StepReport = {
    seconds: (performance.now() - started) / 1000,
    peakMb: Math.max(peak, process.memoryUsage().rss) / 1e6,
    phases,
    inference,
    ...(decision ? { decision } : {}),
  };
  console.log(JSON.stringify(step));
  process.exit(0);
}

const PYTORCH_THROUGHPUT = `
import json, os, sys, time, torch
torch.set_num_threads(os.cpu_count())  # every core, as onnxruntime uses them
sys.path.insert(0, sys.argv[1])
from train import AlexNet
device = torch.device(sys.argv[2])
model = AlexNet().to(device).eval()
x = torch.randn(${ITEMS}, 3, 32, 32)
with torch.no_grad():
    model(x[:${BATCH}].to(device))
    if device.type == "cuda": torch.cuda.synchronize()
    start = time.perf_counter()
    for i in range(0, ${ITEMS}, ${BATCH}):
        model(x[i:i + ${BATCH}].to(device)).argmax(1).cpu()
    if device.type == "cuda": torch.cuda.synchronize()
print(json.dumps({"seconds": time.perf_counter() - start, "threads": torch.get_num_threads(), "cuda": torch.cuda.is_available()}))
`;

// The reference pipeline's method: each model's accuracy bootstrapped on its own, 10,000 resamples, in pure Python.
const REFERENCE_BOOTSTRAP = `
import json, random, time
random.seed(0)
correct = [random.random() < 0.8 for _ in range(${ITEMS})]
start = time.perf_counter()
means = []
for _ in range(10000):
    sample = [correct[random.randrange(${ITEMS})] for _ in range(${ITEMS})]
    means.append(sum(sample) / ${ITEMS})
print(json.dumps({"seconds": time.perf_counter() - start}))
`;

async function onnxThroughput(modelPath: string, provider: ProviderChoice): Promise<number | undefined> {
  const session = await openModel(modelPath, provider, silentLogger).catch(() => undefined);
  if (!session) return undefined;
  const preprocessing = parsePreprocessing(readFileSync(join(resolve(modelPath, '..'), 'preprocessing.json'), 'utf8'));
  const input = new Float32Array(BATCH * 3 * 32 * 32).map(() => Math.random() * 2 - 1);
  await session.run(input, BATCH, preprocessing);
  const started = performance.now();
  for (let done = 0; done < ITEMS; done += BATCH) {
    const count = Math.min(BATCH, ITEMS - done);
    await session.run(count === BATCH ? input : input.subarray(0, count * 3072), count, preprocessing);
  }
  await session.release();
  return ITEMS / ((performance.now() - started) / 1000);
}

function childEvaluate(trackingUri: string, dataset: string, cacheDir: string, run: ChildRun): Promise<StepReport> {
  const args = [...process.execArgv, import.meta.filename, '--evaluate', trackingUri, dataset, cacheDir, JSON.stringify(run)];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolveChild, reject) =>
    child.once('close', (code) =>
      code === 0 ? resolveChild(JSON.parse(output) as StepReport) : reject(new Error(`evaluate child exited ${code}`)),
    ),
  );
}

const work = mkdtempSync(join(tmpdir(), 'evaluate-bench-'));
const python = pythonWithTorch();
console.log(`${process.version}, ${cpus().length} cores, ${ITEMS.toLocaleString('en')} CIFAR-shaped inputs, batch ${BATCH}`);
if (!python) {
  console.log(
    'PyTorch is not installed (apt-get install python3-torch): the AlexNet ONNX export and the PyTorch baseline need it; nothing to measure.',
  );
  process.exit(0);
}
const server = await startServerProcess(work);
try {
  const modelDir = join(work, 'alexnet');
  execFileSync(python, [join(root, 'examples/cifar10-alexnet/train.py'), '--synthetic', '64', '--epochs', '0', '--out', modelDir], {
    stdio: 'ignore',
  });
  const examples = join(root, 'examples/cifar10-alexnet');

  console.log('\nAlexNet inference, images/s:');
  const ortCpu = (await onnxThroughput(join(modelDir, 'model.onnx'), 'cpu'))!;
  const torchCpu = JSON.parse(execFileSync(python, ['-c', PYTORCH_THROUGHPUT, examples, 'cpu'], { encoding: 'utf8' })) as {
    seconds: number;
    threads: number;
    cuda: boolean;
  };
  const torchCpuRate = ITEMS / torchCpu.seconds;
  console.log(`  onnxruntime-node, CPU provider: ${ortCpu.toFixed(0)}`);
  console.log(`  baseline, PyTorch eager on the CPU (${torchCpu.threads} threads): ${torchCpuRate.toFixed(0)}`);
  console.log(`  ratio: ${(ortCpu / torchCpuRate).toFixed(2)}x PyTorch's throughput (target >= 1.5x)`);
  for (const provider of ['cuda', 'webgpu'] as const) {
    const rate = await onnxThroughput(join(modelDir, 'model.onnx'), provider);
    console.log(
      rate === undefined
        ? `  onnxruntime-node, ${provider} provider: not available here`
        : `  onnxruntime-node, ${provider} provider: ${rate.toFixed(0)}`,
    );
  }
  if (torchCpu.cuda) {
    const torchCuda = JSON.parse(execFileSync(python, ['-c', PYTORCH_THROUGHPUT, examples, 'cuda'], { encoding: 'utf8' })) as {
      seconds: number;
    };
    console.log(`  baseline, PyTorch CUDA: ${(ITEMS / torchCuda.seconds).toFixed(0)}`);
  } else {
    console.log('  PyTorch CUDA: no GPU here');
  }

  // Two registered AlexNet versions and a CIFAR-10-format test batch of 10,000 random images.
  const http = createMlflowHttp({ trackingUri: server.url });
  const experiment = await getOrCreateExperiment(http, 'bench');
  await getOrCreateRegisteredModel(http, { name: 'alexnet' });
  for (let i = 0; i < 3; i++) {
    const run = await createRun(http, { experimentId: experiment.id });
    await uploadArtifactDirectory(http, run.artifactUri, modelDir, 'model');
    await createModelVersion(http, { name: 'alexnet', source: `${run.artifactUri}/model`, runId: run.id });
  }
  await setAlias(http, 'alexnet', 'production', 1);
  const batch = Buffer.alloc(ITEMS * 3073);
  for (let i = 0; i < batch.length; i++) batch[i] = (i * 2654435761) >>> 24;
  for (let i = 0; i < ITEMS; i++) batch[i * 3073] = i % 10;
  mkdirSync(join(work, 'cifar'));
  writeFileSync(join(work, 'cifar', 'test_batch.bin'), batch);

  const dataset = `cifar10:${join(work, 'cifar')}`;
  const step = await childEvaluate(server.url, dataset, join(work, 'cache'), { challenger: '2', promote: true });
  const reference = JSON.parse(execFileSync(python, ['-c', REFERENCE_BOOTSTRAP], { encoding: 'utf8' })) as { seconds: number };
  console.log(`\nThe whole evaluate-promote step, 10,000 CIFAR-shaped items, two AlexNets on the CPU:`);
  console.log(`  ${step.seconds.toFixed(2)} s, peak RSS ${step.peakMb.toFixed(0)} MB (target < 1 GB)`);
  const seconds = (ms: number | undefined): string => `${((ms ?? 0) / 1000).toFixed(2)} s`;
  const { phases } = step;
  const inference = step.inference!;
  const pureInference = inference.inferenceMs.reduce((sum, ms) => sum + ms, 0);
  console.log('  where the time went:');
  for (const phase of ['test set', 'model download', 'open models', 'timing pass', 'gate', 'mlflow'] as const)
    if (phases[phase] !== undefined) console.log(`    ${phase.padEnd(16)}${seconds(phases[phase])}`);
  console.log(
    `    ${'scoring pass'.padEnd(16)}${seconds(phases['scoring pass'])}: inference ${inference.inferenceMs.map(seconds).join(' + ')} ` +
      `(challenger + champion), reading and preprocessing ${seconds(inference.inputMs)} beside it (the models waited ` +
      `${seconds(inference.inputWaitMs)} for it), scoring ${seconds(inference.scoreMs)}`,
  );
  const accounted = Object.values(phases).reduce((sum, ms) => sum + ms, 0);
  console.log(`    ${'the rest'.padEnd(16)}${seconds(step.seconds * 1000 - accounted)} (logging, the summary, waiting between calls)`);
  console.log(
    `  ratio: the whole step takes ${(step.seconds / (pureInference / 1000)).toFixed(3)}x its pure inference (${seconds(pureInference)}; target <= 1.1x)`,
  );
  console.log(
    `  baseline, the reference pipeline's pure-Python bootstrap of one model: ${reference.seconds.toFixed(2)} s (it runs one per model: ${(2 * reference.seconds).toFixed(2)} s)`,
  );
  console.log(
    `  ratio: the whole step takes ${((step.seconds / (2 * reference.seconds)) * 100).toFixed(0)}% of the reference's bootstraps alone`,
  );

  // The same comparison sharded: v3 (the same AlexNet) against v2, now @production; first unsharded as a dry run.
  const SHARDS = 4;
  const whole = await childEvaluate(server.url, dataset, join(work, 'cache'), { challenger: '3', promote: false });
  const parts: StepReport[] = [];
  for (let i = 1; i <= SHARDS; i++)
    parts.push(await childEvaluate(server.url, dataset, join(work, 'cache'), { challenger: '3', promote: false, shard: `${i}/${SHARDS}` }));
  const merge = await childEvaluate(server.url, dataset, join(work, 'cache'), { challenger: '3', promote: false, shard: 'merge' });
  const sum = parts.reduce((total, part) => total + part.seconds, 0);
  const slowest = Math.max(...parts.map((part) => part.seconds));
  console.log(`\nThe same evaluation in ${SHARDS} shards and a merge (v3 against v2, the parts one after another on this machine):`);
  console.log(`  unsharded (the baseline, same run): ${whole.seconds.toFixed(2)} s`);
  console.log(
    `  shards: ${parts.map((part) => `${part.seconds.toFixed(2)} s`).join(', ')}; together ${sum.toFixed(2)} s, ${(sum / whole.seconds).toFixed(2)}x the unsharded step`,
  );
  console.log(
    `  each shard beyond its quarter of the unsharded step: ${((sum - whole.seconds) / SHARDS).toFixed(2)} s on average (its own test set, models and MLflow calls; the child process's own start is not in these times)`,
  );
  console.log(
    `  merge: ${merge.seconds.toFixed(2)} s, peak RSS ${merge.peakMb.toFixed(0)} MB (no models, no test set: the parts' outcomes from MLflow)`,
  );
  console.log(
    `  on ${SHARDS} runners started together, the evaluation would take the slowest shard and the merge: ${(slowest + merge.seconds).toFixed(2)} s, ` +
      `${((slowest + merge.seconds) / whole.seconds).toFixed(2)}x the unsharded step (computed from the times above, not measured on ${SHARDS} machines)`,
  );
  const same = JSON.stringify(merge.decision) === JSON.stringify(whole.decision);
  console.log(
    `  the merged decision is the unsharded one: ${same ? 'yes' : `NO (${JSON.stringify(merge.decision)} vs ${JSON.stringify(whole.decision)})`}`,
  );
  if (!same) process.exitCode = 1;
} finally {
  server.stop();
  rmSync(work, { recursive: true, force: true });
}
