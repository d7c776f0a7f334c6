// Benchmark: a full gate decision (N = 10,000 items, B = 10,000 resamples) against a naive item-by-item
// paired bootstrap in the same run. Prints medians and their ratio.
import { countPairs, evaluateGate, parseCondition, resolveSettings } from '../src/index.js';
import { createRandom, type RandomSource } from '../src/random.js';

const ITEMS = 10_000;
const SAMPLES = 10_000;
const condition = parseCondition('n - o > 0.02 +/- 0.01');
const settings = resolveSettings({ overrides: { samples: SAMPLES } });

/** A CIFAR-10-sized paired test set: new model ~85% accurate, old ~82%, predictions differing on ~12%. */
function makeTestSet(random: RandomSource): { labels: Int32Array; newPredictions: Int32Array; oldPredictions: Int32Array } {
  const labels = new Int32Array(ITEMS);
  const newPredictions = new Int32Array(ITEMS);
  const oldPredictions = new Int32Array(ITEMS);
  for (let i = 0; i < ITEMS; i++) {
    const label = Math.floor(random.next() * 10);
    const u = random.next();
    labels[i] = label;
    newPredictions[i] = u < 0.85 ? label : (label + 1) % 10;
    oldPredictions[i] = u < 0.06 ? (label + 2) % 10 : u < 0.88 ? label : (label + 1) % 10;
  }
  return { labels, newPredictions, oldPredictions };
}

/** The naive reference: resample items one by one, B times, then take the same percentile bounds. */
function naivePairedBootstrap(data: ReturnType<typeof makeTestSet>, seed: number): [number, number] {
  const random = createRandom(seed);
  const differences = new Float64Array(SAMPLES);
  for (let b = 0; b < SAMPLES; b++) {
    let sum = 0;
    for (let i = 0; i < ITEMS; i++) {
      const j = Math.floor(random.next() * ITEMS);
      const label = data.labels[j];
      sum += (data.newPredictions[j] === label ? 1 : 0) - (data.oldPredictions[j] === label ? 1 : 0);
    }
    differences[b] = sum / ITEMS;
  }
  differences.sort();
  const beyond = Math.floor(0.01 * SAMPLES);
  return [differences[beyond]!, differences[SAMPLES - 1 - beyond]!];
}

function median(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function time(runs: number, fn: (run: number) => unknown): number {
  const times: number[] = [];
  for (let run = 0; run < runs; run++) {
    const start = performance.now();
    fn(run);
    times.push(performance.now() - start);
  }
  return median(times);
}

const data = makeTestSet(createRandom(1));
const decide = (seed: number) =>
  evaluateGate({ condition, settings: { ...settings, seed }, counts: countPairs(data.labels, data.newPredictions, data.oldPredictions) });

time(5, decide); // warm-up
const gateMs = time(41, decide);
const naiveMs = time(5, (run) => naivePairedBootstrap(data, run));
const sample = decide(0);
const naive = naivePairedBootstrap(data, 0);

console.log(`N = ${ITEMS} items, B = ${SAMPLES} resamples, ${process.version}`);
console.log(`gate decision (cells + multinomial bootstrap + McNemar + sample sizes): median ${gateMs.toFixed(2)} ms`);
console.log(`naive item-by-item paired bootstrap:                                 median ${naiveMs.toFixed(1)} ms`);
console.log(`ratio: the gate is ${(naiveMs / gateMs).toFixed(0)}x faster (target: >= 100x, decision < 20 ms)`);
console.log(
  `same answer: gate interval [${sample.clauses[0]!.interval.map((v) => v.toFixed(4)).join(', ')}], naive [${naive.map((v) => v.toFixed(4)).join(', ')}]`,
);
