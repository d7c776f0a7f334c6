import { logChoose, normalQuantile } from './special.js';

// Bound once: inside a vm context (jest) every lookup of the global Math is slow.
const { sqrt, log, exp, max, min, ceil, floor, abs } = Math;

/**
 * Exact tests on counts.
 *
 * Paired differences. Of N paired items, b are right only for the new model and c only for the old one, so
 * n − o = (b − c)/N estimates Δ = p_b − p_c. A one-sided test of H0: Δ ≤ θ uses Tango's score statistic (1998)
 * Z = (b − c − Nθ) / √(N (p̃_b + p̃_c − θ²)), p̃ the maximum-likelihood point under Δ = θ, and its exact unconditional
 * p-value: the largest probability, over every discordance ψ = p_b + p_c the null allows, that Z is at least as large
 * as observed. The largest is searched within a 1 − γ confidence interval for ψ and γ is added to the p-value
 * (Berger and Boos, 1994), so the size is at most δ whatever N, θ and ψ; probability mass the sums leave out is
 * bounded (Chernoff) and added too. The calibration test enumerates the false-promotion probability exactly.
 *
 * One proportion: the exact binomial test, whose inversion is the Clopper–Pearson bound.
 */

/** The share of δ spent on restricting the nuisance parameter (Berger–Boos γ = δ · BERGER_BOOS_SHARE). */
const BERGER_BOOS_SHARE = 1e-3;
/** Mass each truncated sum may leave out, as a share of γ: bounded and added, never dropped. */
const TRUNCATION_SHARE = 1e-3;
/**
 * Points of the coarse search over the nuisance parameter before it is refined around its highest local maxima.
 * Against a 400-point grid refined around three peaks, 400 random cases (N ≤ 310) came out at most 2·10⁻⁴ lower in
 * relative terms: well within γ, which is 10⁻³ of δ.
 */
const NUISANCE_GRID = 16;
const REFINE_STEPS = 12;
/** How many of the grid's local maxima are refined. */
const PEAKS_REFINED = 2;
/** Bounds are found to this precision (on a scale where Δ lies in [−1, 1]), and to a quarter item at large N. */
const BOUND_PRECISION = 4e-6;
const boundPrecision = (items: number): number => min(BOUND_PRECISION, 0.25 / items);
/** The first step away from a hint when bracketing a bound. */
const HINT_STEP = 1e-4;
/** A tie in Z is a tie: values this close count as at least as extreme as the observed one. */
const Z_TIE = 1e-9;
/** The smallest δ these sums resolve (their rounding error is far below it). */
export const MIN_EXACT_DELTA = 1e-10;

/**
 * Tango's score statistic for H0: p_b − p_c = θ, −1 < θ < 1. The restricted maximum-likelihood point solves
 * 2N q² − B q − c θ (1 − θ) = 0 for q = p̃_c, B = (b + c) − θ (2N − b + c); for θ < 0 the statistic is that of the
 * mirrored counts, negated, so the root taken is always the non-negative one.
 */
export function scoreStatistic(b: number, c: number, items: number, theta: number): number {
  if (theta < 0) return -scoreStatistic(c, b, items, -theta);
  const difference = b - c - items * theta;
  const B = b + c - theta * (2 * items - b + c);
  const q = (B + sqrt(max(0, B * B + 8 * items * c * theta * (1 - theta)))) / (4 * items);
  const variance = items * (2 * q + theta - theta * theta);
  if (!(variance > 0)) return difference === 0 ? 0 : difference > 0 ? Infinity : -Infinity;
  return difference / sqrt(variance);
}

/** P(X ≥ k) for X ~ Binomial(m, p), summed from the pmf on the side of k away from the mode. */
export function binomialUpperTail(k: number, m: number, p: number): number {
  if (k <= 0) return 1;
  if (k > m) return 0;
  if (p <= 0) return 0;
  if (p >= 1) return 1;
  const logP = log(p);
  const logQ = log(1 - p);
  const ratio = p / (1 - p);
  if (k > m * p) {
    let term = exp(logChoose(m, k) + k * logP + (m - k) * logQ);
    let sum = 0;
    for (let j = k; j <= m && term > 0; j++) {
      sum += term;
      if (term < sum * 1e-17 && j > m * p + 1) break;
      term *= ((m - j) / (j + 1)) * ratio;
    }
    return min(1, sum);
  }
  let term = exp(logChoose(m, k - 1) + (k - 1) * logP + (m - k + 1) * logQ);
  let lower = 0;
  for (let j = k - 1; j >= 0 && term > 0; j--) {
    lower += term;
    if (term < lower * 1e-17 && j < m * p - 1) break;
    term *= j / (m - j + 1) / ratio;
  }
  return max(0, 1 - lower);
}

/** Kullback–Leibler divergence of Bernoulli(x) from Bernoulli(p). */
function bernoulliDivergence(x: number, p: number): number {
  const part = (a: number, b: number): number => (a === 0 ? 0 : b === 0 ? Infinity : a * log(a / b));
  return part(x, p) + part(1 - x, 1 - p);
}

/**
 * Walks from `start` towards 0 or 1 to where N·divergence reaches `level` (bisection; 0 or 1 when it never does).
 * Both Chernoff uses below are this walk: they differ in which argument of the divergence moves.
 */
function chernoffWalk(start: number, items: number, level: number, side: 'below' | 'above', divergence: (t: number) => number): number {
  let near = start;
  let far = side === 'below' ? 0 : 1;
  if (items * divergence(far) <= level) return far;
  for (let i = 0; i < 60; i++) {
    const mid = (near + far) / 2;
    if (items * divergence(mid) <= level) near = mid;
    else far = mid;
  }
  return far;
}

/**
 * The end of the confidence interval for a proportion, observed x: the p on the chosen side with N·KL(x‖p) = level,
 * so a true p beyond it yields an observation at x or farther with probability at most e^(−level).
 */
const chernoffPoint = (x: number, items: number, level: number, side: 'below' | 'above'): number =>
  chernoffWalk(x, items, level, side, (p) => bernoulliDivergence(x, p));

/**
 * The cut a on the chosen side of p with N·KL(a‖p) = level: P(M ≤ N·a) ≤ e^(−level) below p, and P(M ≥ N·a) ≤
 * e^(−level) above it, for M ~ Bin(N, p), and for every p farther from a.
 */
const chernoffCut = (p: number, items: number, level: number, side: 'below' | 'above'): number =>
  chernoffWalk(p, items, level, side, (a) => bernoulliDivergence(a, p));

/**
 * The exact unconditional p-value of H0: p_b − p_c ≤ θ against Δ > θ, from b and c of N paired items: at most δ
 * with probability at most δ under every point of the null. With `stopAbove`, the search ends as soon as the p-value
 * is known to exceed it, and returns a value above it (or 1).
 */
export function pairedPValue(b: number, c: number, items: number, theta: number, delta: number, stopAbove = 1): number {
  if (theta >= 1) return 1;
  if (theta <= -1) return c === items ? 1 : 0;
  const observed = scoreStatistic(b, c, items, theta);
  if (observed === -Infinity) return 1;
  const z = observed - Z_TIE * max(1, abs(observed));
  const gamma = delta * BERGER_BOOS_SHARE;
  const truncation = gamma * TRUNCATION_SHARE;
  const discordant = (b + c) / items;
  // The nuisance parameter ψ = p_b + p_c, within the Chernoff interval of level γ. The null Δ ≤ θ holds points of
  // every ψ ≥ max(0, −θ); at a fixed ψ the rejection probability grows with Δ (the region is b ≥ b*(m) and π grows
  // with Δ), so the worst null point of each ψ is Δ = min(θ, ψ): on the boundary, or one-way when ψ < θ.
  const level = log(2 / gamma);
  const low = max(max(0, -theta), chernoffPoint(discordant, items, level, 'below'));
  const high = chernoffPoint(discordant, items, level, 'above');
  if (low > high) return gamma;
  // Discordant totals m worth summing for any ψ in [low, high]: beyond them each tail holds at most `truncation`.
  const tailLevel = log(1 / truncation);
  const mLow = max(0, floor(items * chernoffCut(low, items, tailLevel, 'below')));
  const mHigh = min(items, ceil(items * chernoffCut(high, items, tailLevel, 'above')));
  const critical = criticalCounts(items, theta, z, mLow, mHigh);
  const probability = (psi: number): number => rejectionProbability(items, theta, psi, mLow, mHigh, critical, tailLevel);

  // A grid over [low, high], the centre first (where the data put ψ, the likeliest place of the largest value, so a
  // p-value above the limit is known soonest), then a golden-section search around the highest local maxima of the
  // grid: the function of ψ may have more than one peak.
  const grid = Array.from({ length: NUISANCE_GRID + 1 }, (_, i) => low + ((high - low) * i) / NUISANCE_GRID);
  const values = new Float64Array(NUISANCE_GRID + 1);
  let best = 0;
  const order = grid.map((_, i) => i).sort((x, y) => abs(x - NUISANCE_GRID / 2) - abs(y - NUISANCE_GRID / 2));
  for (const i of order) {
    values[i] = probability(grid[i]!);
    best = max(best, values[i]);
    if (best + gamma > stopAbove) return min(1, best + gamma);
  }
  const ratio = (sqrt(5) - 1) / 2;
  const peaks = grid
    .map((_, i) => i)
    .filter((i) => (i === 0 || values[i - 1]! <= values[i]!) && (i === NUISANCE_GRID || values[i + 1]! <= values[i]!))
    .sort((x, y) => values[y]! - values[x]!)
    .slice(0, PEAKS_REFINED);
  for (const i of peaks) {
    let left = grid[max(0, i - 1)]!;
    let right = grid[min(NUISANCE_GRID, i + 1)]!;
    let x1 = right - ratio * (right - left);
    let x2 = left + ratio * (right - left);
    let f1 = probability(x1);
    let f2 = probability(x2);
    for (let step = 0; step < REFINE_STEPS; step++) {
      best = max(best, f1, f2);
      if (best + gamma > stopAbove) return min(1, best + gamma);
      if (f1 >= f2) {
        [right, x2, f2] = [x2, x1, f1];
        x1 = right - ratio * (right - left);
        f1 = probability(x1);
      } else {
        [left, x1, f1] = [x1, x2, f2];
        x2 = left + ratio * (right - left);
        f2 = probability(x2);
      }
    }
    best = max(best, f1, f2);
  }
  return min(1, best + gamma);
}

/**
 * For each discordant total m in [mLow, mHigh], the smallest b with Z(b, m − b) ≥ z (m + 1 when none): the
 * statistic grows with b for a fixed m (the unit tests check it exhaustively for small N), so the region is b ≥ that.
 */
function criticalCounts(items: number, theta: number, z: number, mLow: number, mHigh: number): Int32Array {
  const critical = new Int32Array(mHigh - mLow + 1);
  const inRegion = (b: number, m: number): boolean => scoreStatistic(b, m - b, items, theta) >= z;
  let lo = 0;
  let hi = mLow + 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (inRegion(mid, mLow)) hi = mid;
    else lo = mid + 1;
  }
  critical[0] = lo;
  for (let m = mLow + 1; m <= mHigh; m++) {
    let b = min(critical[m - 1 - mLow]!, m);
    while (b > 0 && inRegion(b - 1, m)) b--;
    while (b <= m && !inRegion(b, m)) b++;
    critical[m - mLow] = b;
  }
  return critical;
}

/** P(Z ≥ z) at the null point Δ = min(θ, ψ), discordance ψ: Σ_m Bin(m; N, ψ) · P(Bin(m, π) ≥ b*(m)), π = (ψ + θ) / 2ψ. */
function rejectionProbability(
  items: number,
  theta: number,
  psi: number,
  mLow: number,
  mHigh: number,
  critical: Int32Array,
  tailLevel: number,
): number {
  if (psi <= 0) return mLow === 0 && critical[0] === 0 ? 1 : 0;
  // The worst null point at this ψ: Δ = min(θ, ψ) (see pairedPValue).
  const pi = min(1, max(0, (psi + min(theta, psi)) / (2 * psi)));
  if (psi >= 1) return mHigh === items ? upperTail(critical[items - mLow]!, items, pi) : 1;
  // The m this ψ puts its mass on; what lies beyond is at most e^(−tailLevel) on each side, added whole.
  const from = max(mLow, floor(items * chernoffCut(psi, items, tailLevel, 'below')));
  const to = min(mHigh, ceil(items * chernoffCut(psi, items, tailLevel, 'above')));
  let total = 2 * exp(-tailLevel);
  if (pi === 0 || pi === 1) {
    for (let m = from; m <= to; m++) total += exp(logBinomialPmf(m, items, psi)) * upperTail(critical[m - mLow]!, m, pi);
    return total;
  }
  const logPi = log(pi);
  const logRest = log(1 - pi);
  const pmf = (j: number, m: number): number => (j < 0 || j > m ? 0 : exp(logChoose(m, j) + j * logPi + (m - j) * logRest));
  const weightStep = psi / (1 - psi);
  let weight = exp(logBinomialPmf(from, items, psi));
  let tail = binomialUpperTail(critical[from - mLow]!, from, pi);
  // f = P(Bin(m, π) = k − 1) for the critical count k at m, carried from m to m + 1 by its ratios (no exp or log on
  // the common steps); recomputed from logs when the critical count jumps, when it underflowed, and every 256 steps.
  let f = pmf(critical[from - mLow]! - 1, from);
  total += weight * tail;
  for (let m = from; m < to; m++) {
    const k = critical[m - mLow]!;
    const next = critical[m + 1 - mLow]!;
    if ((m - from) % 256 === 255) {
      tail = binomialUpperTail(next, m + 1, pi);
      f = pmf(next - 1, m + 1);
    } else {
      // P(Bin(m + 1) ≥ k) = P(Bin(m) ≥ k) + π · P(Bin(m) = k − 1); then move k to the next critical count.
      tail += pi * f;
      if (next === k + 1 && k >= 1 && f > 0) {
        // P(Bin(m + 1) = k) = f · π (m + 1) / k.
        f *= (pi * (m + 1)) / k;
        tail -= f;
      } else if (next === k && k >= 1 && f > 0) {
        // P(Bin(m + 1) = k − 1) = f · (1 − π) (m + 1) / (m + 2 − k).
        f *= ((1 - pi) * (m + 1)) / (m + 2 - k);
      } else {
        for (let j = k; j < next; j++) tail -= pmf(j, m + 1);
        for (let j = next; j < k; j++) tail += pmf(j, m + 1);
        f = pmf(next - 1, m + 1);
      }
      tail = min(1, max(0, tail));
    }
    weight *= ((items - m) / (m + 1)) * weightStep;
    total += weight * tail;
  }
  return total;
}

function upperTail(k: number, m: number, pi: number): number {
  if (pi <= 0) return k <= 0 ? 1 : 0;
  if (pi >= 1) return k <= m ? 1 : 0;
  return binomialUpperTail(k, m, pi);
}

function logBinomialPmf(k: number, n: number, p: number): number {
  return logChoose(n, k) + (k > 0 ? k * log(p) : 0) + (n - k > 0 ? (n - k) * log(1 - p) : 0);
}

/** Whether the exact test rejects H0: p_b − p_c ≤ θ at level δ (so Δ > θ is shown). */
export function pairedRejects(b: number, c: number, items: number, theta: number, delta: number): boolean {
  return pairedPValue(b, c, items, theta, delta, delta) <= delta;
}

/**
 * The largest θ at which a one-sided level-δ test still rejects "the value is at most θ": the lower confidence bound
 * that inverts the test. `threshold` is tested first and splits the search, so the bound lies above the threshold
 * exactly when the test at the threshold rejects.
 */
export function lowerBoundByTest(
  rejects: (theta: number) => boolean,
  floorValue: number,
  estimate: number,
  threshold: number,
  options: { hint?: number | undefined; precision?: number } = {},
): { bound: number; rejectsThreshold: boolean } {
  const precision = options.precision ?? BOUND_PRECISION;
  const hint = options.hint;
  let lo = floorValue;
  let hi = estimate;
  // Below the floor nothing is possible, so it is rejected; at the floor the test says (all c of N items, say, is
  // exactly what Δ = −1 predicts); at or above the estimate nothing shows the value is higher.
  const rejectsThreshold = threshold < lo || ((threshold === lo || threshold < hi) && rejects(threshold));
  if (!(hi > lo)) return { bound: lo, rejectsThreshold };
  if (threshold > lo && threshold < hi) {
    if (rejectsThreshold) lo = threshold;
    else hi = threshold;
  }
  // A hint (the asymptotic bound, usually within 1e-3 of the exact one) narrows the bracket in a few tests: test it,
  // then step away from it, each step four times the last, until the answer changes.
  if (hint !== undefined && hint > lo && hint < hi) {
    const towardsHigh = rejects(hint);
    if (towardsHigh) lo = hint;
    else hi = hint;
    for (let step = HINT_STEP; hi - lo > precision; step *= 4) {
      const probe = towardsHigh ? hint + step : hint - step;
      if (probe <= lo || probe >= hi) break;
      if (rejects(probe) === towardsHigh) {
        if (towardsHigh) lo = probe;
        else hi = probe;
      } else {
        if (towardsHigh) hi = probe;
        else lo = probe;
        break;
      }
    }
  }
  while (hi - lo > precision) {
    const mid = (lo + hi) / 2;
    if (rejects(mid)) lo = mid;
    else hi = mid;
  }
  return { bound: lo, rejectsThreshold };
}

/** The θ where the asymptotic score statistic of H0: Δ ≤ θ equals its one-sided normal critical value (bisection). */
export function asymptoticLowerBound(b: number, c: number, items: number, delta: number): number {
  const critical = normalQuantile(1 - delta);
  let lo = -1;
  let hi = (b - c) / items;
  for (let i = 0; i < 60 && hi - lo > 1e-9; i++) {
    const mid = (lo + hi) / 2;
    if (scoreStatistic(b, c, items, mid) >= critical) lo = mid;
    else hi = mid;
  }
  return lo;
}

/** The exact interval and decisions for a paired difference Δ = p_b − p_c at threshold θ, each side at level δ. */
export interface PairedExact {
  /** [lower, upper] bounds on Δ, each one-sided at 1 − δ. */
  interval: [number, number];
  /** Whether Δ > θ is shown (H0: Δ ≤ θ rejected). */
  above: boolean;
  /** Whether Δ < θ is shown (H0: Δ ≥ θ rejected). */
  below: boolean;
}

export function pairedExact(b: number, c: number, items: number, theta: number, delta: number): PairedExact {
  const estimate = (b - c) / items;
  const precision = boundPrecision(items);
  const lower = lowerBoundByTest((t) => pairedRejects(b, c, items, t, delta), -1, estimate, theta, {
    hint: asymptoticLowerBound(b, c, items, delta),
    precision,
  });
  const upper = lowerBoundByTest((t) => pairedRejects(c, b, items, t, delta), -1, -estimate, -theta, {
    hint: asymptoticLowerBound(c, b, items, delta),
    precision,
  });
  return { interval: [lower.bound, -upper.bound], above: lower.rejectsThreshold, below: upper.rejectsThreshold };
}

/** The exact binomial test and its Clopper–Pearson bounds for a proportion of k in N at threshold θ. */
export function proportionExact(k: number, items: number, theta: number, delta: number): PairedExact {
  // H0: p ≤ θ is rejected when P_θ(X ≥ k) ≤ δ; H0: p ≥ θ when P_θ(X ≤ k) ≤ δ.
  const rejectsAtMost = (t: number): boolean => t < 0 || (t < 1 && binomialUpperTail(k, items, t) <= delta);
  const rejectsAtLeast = (t: number): boolean => t > 1 || (t > 0 && binomialUpperTail(items - k, items, 1 - t) <= delta);
  const estimate = k / items;
  const precision = boundPrecision(items);
  const lower = lowerBoundByTest(rejectsAtMost, 0, estimate, theta, { precision });
  const upper = lowerBoundByTest((t) => rejectsAtLeast(-t), -1, -estimate, -theta, { precision });
  return { interval: [lower.bound, -upper.bound], above: rejectsAtMost(theta), below: rejectsAtLeast(theta) };
}
