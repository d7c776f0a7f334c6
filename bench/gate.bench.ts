// Benchmark of the gate's decision rule against the rules it replaced, all in one run:
//  1. speed: one full decision (exact tests and their inverted intervals, McNemar, sample sizes) at N = 10,000 and
//     N = 1,000,000, against the paired bootstrap (B = 10,000) on the same counts; medians and ratios;
//  2. power: for `n - o > 0.02 +/- 0.01` at δ = 1%, the N each rule needs to promote with 80% probability when the
//     true n − o is 0.04 (threshold + 2ε), at discordance 0.04, 0.10 and 0.30. Exact, bootstrap and Hoeffding
//     power is enumerated over every outcome (b, c) from their own decisions; the reference pipeline's rule
//     (unpaired per-model intervals that must not overlap) is simulated;
//  3. the price of a reuse budget: the items the exact test needs for 80% power when δ is split over H comparisons.
import { evaluateGate, parseCondition, requiredItems, resolveSettings, type PairedCounts } from '@mlops-actions/gate';
import {
  binomialUpperTail,
  createRandom,
  hoeffdingHalfWidth,
  logChoose,
  normalQuantile,
  pairedRejects,
  sampleMultinomial,
} from '@mlops-actions/gate/internal';

const condition = parseCondition('n - o > 0.02 +/- 0.01');
const exact = resolveSettings({});
const bootstrap = resolveSettings({ overrides: { method: 'bootstrap', samples: 10_000 } });
const THRESHOLD = 0.02;
const TOLERANCE = 0.01;
const DELTA = 0.01;
const TRUE_DIFFERENCE = THRESHOLD + 2 * TOLERANCE;

/** Paired counts with b items right only for the new model, c only for the old one, 60% both right. */
function counts(items: number, b: number, c: number): PairedCounts {
  const bothRight = Math.round(items * 0.6) - b;
  const rest = items - bothRight - b - c;
  return { items, cells: [Math.ceil(rest / 2), 0, 0, bothRight, Math.floor(rest / 2), b, c, 0], hasOld: true };
}

function median(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function time(runs: number, fn: () => unknown): number {
  fn();
  const times: number[] = [];
  for (let run = 0; run < runs; run++) {
    const start = performance.now();
    fn();
    times.push(performance.now() - start);
  }
  return median(times);
}

console.log(`gate benchmark, ${process.version}`);
console.log('\nspeed: one decision of n - o > 0.02 +/- 0.01 at reliability 0.99 (median)');
for (const items of [10_000, 1_000_000]) {
  const data = counts(items, Math.round(items * 0.08), Math.round(items * 0.04));
  const exactMs = time(21, () => evaluateGate({ condition, settings: exact, counts: data }));
  const bootstrapMs = time(21, () => evaluateGate({ condition, settings: bootstrap, counts: data }));
  const result = evaluateGate({ condition, settings: exact, counts: data }).clauses[0]!;
  console.log(
    `  N = ${items.toLocaleString('en')}: exact ${exactMs.toFixed(1)} ms (target < ${items > 10_000 ? 200 : 20} ms), bootstrap (B = 10,000) ${bootstrapMs.toFixed(1)} ms, ratio ${(exactMs / bootstrapMs).toFixed(2)}; exact interval [${result.interval.map((v) => v.toFixed(4)).join(', ')}]`,
  );
}

/** Bin(m; N, ψ) for every m in [from, to]. */
function binomialWeights(items: number, psi: number, from: number, to: number): Float64Array {
  return Float64Array.from({ length: to - from + 1 }, (_, i) =>
    Math.exp(logChoose(items, from + i) + (from + i) * Math.log(psi) + (items - from - i) * Math.log1p(-psi)),
  );
}

/**
 * The exact probability that a rule deciding on (b, c) promotes, when the true difference is Δ and the discordance ψ:
 * Σ_m Bin(m; N, ψ) · P(Bin(m, π) ≥ b*(m)), b*(m) the smallest b the rule promotes with (found by walking from the
 * last m's), π = (ψ + Δ)/2ψ. Totals m beyond 7 standard deviations are left out (mass below 1e-11).
 */
function enumeratedPower(items: number, psi: number, promotes: (b: number, c: number) => boolean): number {
  const pi = (psi + TRUE_DIFFERENCE) / (2 * psi);
  const sd = Math.sqrt(items * psi * (1 - psi));
  const from = Math.max(0, Math.floor(items * psi - 7 * sd));
  const to = Math.min(items, Math.ceil(items * psi + 7 * sd));
  const weights = binomialWeights(items, psi, from, to);
  let power = 0;
  let boundary = Math.ceil(from / 2);
  for (let m = from; m <= to; m++) {
    let b = Math.min(boundary, m + 1);
    while (b > 0 && promotes(b - 1, m - b + 1)) b--;
    while (b <= m && !promotes(b, m - b)) b++;
    boundary = b;
    power += weights[m - from]! * binomialUpperTail(b, m, pi);
  }
  return power;
}

/** The reference rule, simulated: per-model percentile intervals (large-B limit) at the Hoeffding-cut level. */
function referencePower(items: number, psi: number, testSets = 4_000, difference = TRUE_DIFFERENCE): number {
  const random = createRandom(7);
  const pb = (psi + difference) / 2;
  const pc = (psi - difference) / 2;
  const both = 0.85 - pb;
  const probabilities = [both, pb, pc, 1 - both - pb - pc];
  const draw = new Float64Array(4);
  // The reference cuts its confidence from 0.99 by a two-sided Hoeffding bound at ε = 0.015 when N is short of it.
  const confidence = Math.min(0.99, 1 - 2 * Math.exp(-2 * items * 0.015 ** 2));
  const z = confidence > 0 ? normalQuantile((1 + confidence) / 2) : 0;
  let promoted = 0;
  for (let t = 0; t < testSets; t++) {
    sampleMultinomial(random, items, probabilities, draw);
    const n = (draw[0]! + draw[1]!) / items;
    const o = (draw[0]! + draw[2]!) / items;
    const halfWidth = (p: number): number => z * Math.sqrt((p * (1 - p)) / items);
    if (n - o > THRESHOLD + Math.max(halfWidth(n), TOLERANCE) && n - halfWidth(n) > o + halfWidth(o)) promoted++;
  }
  return promoted / testSets;
}

/** The smallest N (to within 0.5%) at which `power(N)` reaches 80%, doubling then bisecting. */
function itemsFor80(power: (items: number) => number, start: number): number {
  let hi = start;
  while (power(hi) < 0.8) hi *= 2;
  let lo = Math.max(50, Math.floor(hi / 2));
  if (power(lo) >= 0.8) return lo;
  while (hi - lo > Math.max(2, hi * 0.005)) {
    const mid = Math.round((lo + hi) / 2);
    if (power(mid) >= 0.8) hi = mid;
    else lo = mid;
  }
  return hi;
}

const exactRule = (items: number) => (b: number, c: number) => pairedRejects(b, c, items, THRESHOLD, DELTA);
const bootstrapRule = (items: number) => (b: number, c: number) =>
  evaluateGate({ condition, settings: bootstrap, counts: counts(items, b, c) }).passed;
const hoeffdingRule = (items: number) => {
  const halfWidth = hoeffdingHalfWidth(condition.clauses[0]!, Math.log(DELTA), items);
  return (b: number, c: number) => (b - c) / items - halfWidth > THRESHOLD;
};

console.log(`\npower: items for 80% power at true n − o = ${TRUE_DIFFERENCE} (threshold + 2ε), δ = ${DELTA}`);
console.log(
  '| discordance | exact (this gate) | bootstrap (before) | Hoeffding | reference rule (its false promotions at n − o = 0.02) | bootstrap / exact |',
);
console.log(
  '| ----------- | ----------------- | ------------------ | --------- | ----------------------------------------------------- | ----------------- |',
);
for (const psi of [0.04, 0.1, 0.3]) {
  const started = performance.now();
  const exactItems = itemsFor80((items) => enumeratedPower(items, psi, exactRule(items)), 500);
  const bootstrapItems = itemsFor80((items) => enumeratedPower(items, psi, bootstrapRule(items)), Math.round(exactItems / 2));
  const hoeffdingItems = itemsFor80((items) => enumeratedPower(items, psi, hoeffdingRule(items)), exactItems);
  const referenceItems = itemsFor80((items) => referencePower(items, psi), exactItems);
  console.log(
    `| ${psi.toFixed(2)} | ${exactItems.toLocaleString('en')} | ${bootstrapItems.toLocaleString('en')} | ${hoeffdingItems.toLocaleString('en')} | ${referenceItems.toLocaleString('en')} (${(referencePower(referenceItems, psi, 4_000, THRESHOLD) * 100).toFixed(1)}%) | ${(bootstrapItems / exactItems).toFixed(2)} |` +
      `   (${((performance.now() - started) / 1000).toFixed(0)} s)`,
  );
}

// The price of a reuse budget: each of H comparisons gets δ/H, so the exact test needs more items for the same power.
console.log(`\nreuse budget: items for 80% power at true n − o = ${TRUE_DIFFERENCE}, discordance 0.10, δ = ${DELTA} split over steps H`);
console.log("| steps H | exact test | paper's requirement (Hoeffding, labelled items) |");
console.log('| ------- | ---------- | ----------------------------------------------- |');
for (const steps of [1, 12, 52, 104]) {
  const delta = DELTA / steps;
  const items = itemsFor80((n) => enumeratedPower(n, 0.1, (b, c) => pairedRejects(b, c, n, THRESHOLD, delta)), 1_000);
  const paper = requiredItems(condition.clauses, resolveSettings({ overrides: { steps } })).labelledItems;
  console.log(`| ${steps} | ${items.toLocaleString('en')} | ${paper.toLocaleString('en')} |`);
}
