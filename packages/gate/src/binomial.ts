import type { RandomSource } from './random.js';
import { logFactorial } from './special.js';

// Bound once: inside a vm context (jest) every lookup of the global Math is slow.
const { sqrt, log, floor, abs, pow, min } = Math;

/** Below this mean the sampler inverts the CDF; above it, BTRS rejection. */
const INVERSION_MEAN_LIMIT = 10;

/**
 * One exact draw from Binomial(n, p): inversion for small means, Hörmann's BTRS (transformed rejection
 * with squeeze, 1993) otherwise. Exact in distribution: no normal or Poisson approximation.
 */
export function sampleBinomial(random: RandomSource, n: number, p: number): number {
  if (n <= 0 || p <= 0) return 0;
  if (p >= 1) return n;
  if (p > 0.5) return n - sampleBinomial(random, n, 1 - p);
  return n * p < INVERSION_MEAN_LIMIT ? binomialInversion(random, n, p) : binomialBtrs(random, n, p);
}

function binomialInversion(random: RandomSource, n: number, p: number): number {
  const q = 1 - p;
  const s = p / q;
  const a = (n + 1) * s;
  const start = pow(q, n);
  for (;;) {
    let r = start;
    let u = random.next();
    let x = 0;
    while (u > r) {
      u -= r;
      x++;
      if (x > n) break;
      r *= a / x - s;
    }
    if (x <= n) return x;
  }
}

function binomialBtrs(random: RandomSource, n: number, p: number): number {
  const q = 1 - p;
  const spq = sqrt(n * p * q);
  const b = 1.15 + 2.53 * spq;
  const a = -0.0873 + 0.0248 * b + 0.01 * p;
  const c = n * p + 0.5;
  const vr = 0.92 - 4.2 / b;
  const alpha = (2.83 + 5.1 / b) * spq;
  const lpq = log(p / q);
  const m = floor((n + 1) * p);
  const h = logFactorial(m) + logFactorial(n - m);
  for (;;) {
    const u = random.next() - 0.5;
    let v = random.next();
    const us = 0.5 - abs(u);
    const k = floor(((2 * a) / us + b) * u + c);
    if (k < 0 || k > n) continue;
    if (us >= 0.07 && v <= vr) return k;
    v = log((v * alpha) / (a / (us * us) + b));
    if (v <= h - logFactorial(k) - logFactorial(n - k) + (k - m) * lpq) return k;
  }
}

/**
 * One draw from Multinomial(n, probabilities) into `out`, by conditional binomials; the probabilities
 * must sum to 1 (the last cell takes what remains).
 */
export function sampleMultinomial(random: RandomSource, n: number, probabilities: ArrayLike<number>, out: Int32Array | Float64Array): void {
  let remaining = n;
  let mass = 1;
  const last = probabilities.length - 1;
  for (let j = 0; j < last; j++) {
    const pj = probabilities[j]!;
    const drawn = remaining > 0 && pj > 0 ? sampleBinomial(random, remaining, min(1, pj / mass)) : 0;
    out[j] = drawn;
    remaining -= drawn;
    mass -= pj;
  }
  out[last] = remaining;
}
