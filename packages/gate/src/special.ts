// Bound once: inside a vm context (jest) every lookup of the global Math is slow.
const { log, exp, min, sqrt, log1p, PI } = Math;
const LOG_FACTORIAL_TABLE_SIZE = 256;
const LOG_FACTORIAL_TABLE = (() => {
  const table = new Float64Array(LOG_FACTORIAL_TABLE_SIZE);
  for (let k = 2; k < LOG_FACTORIAL_TABLE_SIZE; k++) table[k] = table[k - 1]! + log(k);
  return table;
})();
const HALF_LOG_TWO_PI = 0.5 * log(2 * PI);

/** ln(k!) for a whole k ≥ 0: a table below 256, Stirling's series (error < 1e-16 relative) above. */
export function logFactorial(k: number): number {
  if (k < LOG_FACTORIAL_TABLE_SIZE) return LOG_FACTORIAL_TABLE[k]!;
  const inv = 1 / k;
  const inv2 = inv * inv;
  return (k + 0.5) * log(k) - k + HALF_LOG_TWO_PI + inv * (1 / 12 - inv2 * (1 / 360 - inv2 * (1 / 1260 - inv2 / 1680)));
}

/** ln C(n, k). */
export function logChoose(n: number, k: number): number {
  return logFactorial(n) - logFactorial(k) - logFactorial(n - k);
}

/** P(X ≤ k) for X ~ Binomial(n, p), summed in log space from the pmf (exact up to rounding). */
export function binomialCdf(k: number, n: number, p: number): number {
  if (k < 0) return 0;
  if (k >= n) return 1;
  const logP = log(p);
  const logQ = log1p(-p);
  let total = 0;
  for (let i = 0; i <= k; i++) total += exp(logChoose(n, i) + i * logP + (n - i) * logQ);
  return min(1, total);
}

/**
 * The standard normal quantile Φ⁻¹(p) (Acklam's rational approximation, relative error < 1.2e-9),
 * for the Wilson intervals that are reported beside the gate's own.
 */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`normalQuantile needs 0 < p < 1, got ${p}`);
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const low = 0.02425;
  const tail = (q: number): number =>
    (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  if (p < low) return tail(sqrt(-2 * log(p)));
  if (p > 1 - low) return -tail(sqrt(-2 * log1p(-p)));
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) /
    (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1)
  );
}
