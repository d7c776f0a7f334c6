import { ConfigurationError } from '@mlops-actions/common';
import { finiteValues, requireFiniteCoefficient, requireOpenUnit, requireSameLength } from './sample-checks.js';

/**
 * Calibration metrics and their provable intervals.
 *
 * ECE (Guo et al., "On Calibration of Modern Neural Networks", 2017): items are binned by top-1 confidence c into M
 * equal-width bins B_m = ((m − 1)/M, m/M] (c = 0 joins the first), and ECE = Σ_m |B_m|/N · |acc(B_m) − conf(B_m)|,
 * which is Σ_m |μ̂_m| with μ̂_m = (1/N) Σ_{i ∈ B_m} (y_i − c_i), y_i = 1 when the top-1 prediction is right. The
 * population value it estimates is ECE* = Σ_m |μ_m|, μ_m = E[(y − c) · 1{c ∈ B_m}].
 *
 * Upper end. With s the (fixed, unknown) signs of the μ_m, ECE* = s·μ, and ECE = Σ|μ̂_m| ≥ s·μ̂, the mean of the
 * i.i.d. values x_i = s_{m(i)} (y_i − c_i) ∈ [−1, 1] whose expectation is ECE*. So one one-sided bound on one mean
 * gives ECE* ≤ ECE + w. Its sample variance, (N/(N − 1)) (mean x² − x̄²), is at most Σ (y_i − c_i)² / (N − 1) whatever
 * s is: that stands in for it in the empirical Bernstein bound (which grows with the variance).
 *
 * Lower end, and the estimator's bias. ECE is biased upwards (E[ECE] ≥ ECE*: a norm is convex), by up to about
 * Σ_m √(P(B_m) Var) / √N, which at 10,000 items is the size of a typical tolerance, so the lower end must not trust
 * the estimate. ECE − ECE* ≤ Σ_m |μ̂_m − μ_m| = max over the 2^M sign patterns r of r·(μ̂ − μ), and each r·μ̂ is again
 * a mean of values in [−1, 1] with the same variance bound: a union bound over the 2^M patterns (each at δ / 2^M)
 * bounds the whole deviation, the bias included, at the price of M·ln 2 (10.4 for 15 bins) added to ln(1/δ).
 *
 * Brier: the multiclass score Σ_c (p_c − y_c)² per item, in [0, 2]; a clause's a·brier(new) + b·brier(old) is the mean
 * of the paired per-item values a·b_new + b·b_old, one bounded mean, so both ends need no union bound.
 *
 * Each one-sided bound on a mean is the smaller of Hoeffding's and Maurer & Pontil's empirical Bernstein bound
 * ("Empirical Bernstein Bounds and Sample Variance Penalization", 2009, Theorem 4), each taken at half the error
 * probability so that whichever is smaller holds at the whole. All of it assumes the test items are i.i.d.
 */

/** Confidence bins of the ECE: 15 equal-width bins, as in Guo et al. and most reports. */
export const ECE_BINS = 15;
/** How far float32 probabilities may stray outside their range by rounding alone; beyond it, the values are wrong. */
const ROUNDING = 1e-6;
/** The largest multiclass Brier score of one item: all probability on one wrong class. */
const BRIER_MAX = 2;
// Bound once: inside a vm context (jest) every lookup of the global Math is slow.
const { abs, ceil, log, sqrt, min, max, LN2 } = Math;

/** What one model gives for a calibration clause, per test item (in the same item order for both models). */
export interface CalibrationItems {
  /** Probability of the predicted (top-1) class; for ece. */
  confidence?: ArrayLike<number>;
  /** Σ_c (p_c − y_c)²; for brier. */
  brier?: ArrayLike<number>;
  /** Whether the top-1 prediction is the label (true/false or 1/0); for ece. */
  correct?: ArrayLike<boolean | number>;
}

export interface CalibrationInterval {
  estimate: number;
  /** [lower, upper], each end a one-sided bound at δ. */
  interval: [number, number];
  /** The bounds used, in words. */
  method: string;
}

/** Finite values within [0, top] (rounding slack clamped), or a ConfigurationError naming the first that is not. */
function valuesInRange(values: ArrayLike<number>, top: number, what: string): Float64Array {
  const checked = finiteValues(values, what);
  for (let i = 0; i < checked.length; i++) {
    const value = checked[i]!;
    if (value < -ROUNDING || value > top + ROUNDING)
      throw new ConfigurationError(`${what}: value ${value} at index ${i} lies outside [0, ${top}]`);
    checked[i] = min(top, max(0, value));
  }
  return checked;
}

function correctness(correct: ArrayLike<boolean | number>, what: string): Uint8Array {
  if (correct.length === 0) throw new ConfigurationError(`${what}: no values were given; the gate needs at least one`);
  const right = new Uint8Array(correct.length);
  for (let i = 0; i < correct.length; i++) {
    const value = correct[i];
    if (value === true || value === 1) right[i] = 1;
    else if (value !== false && value !== 0)
      throw new ConfigurationError(`${what}: value ${String(value)} at index ${i} is neither true/false nor 1/0`);
  }
  return right;
}

function checkBins(bins: number): void {
  if (!Number.isInteger(bins) || bins < 1 || bins > 1000)
    throw new ConfigurationError(`the number of ECE bins must be a whole number from 1 to 1000, got ${bins}`);
}

/** The bin of a confidence: bin m (0-based) holds (m/M, (m + 1)/M], and 0 joins bin 0. */
function binOf(confidence: number, bins: number): number {
  let bin = max(0, min(bins - 1, ceil(confidence * bins) - 1));
  // The product may round across an edge: settle against the edges themselves.
  while (bin > 0 && confidence <= bin / bins) bin--;
  while (bin < bins - 1 && confidence > (bin + 1) / bins) bin++;
  return bin;
}

/** Per bin, Σ (y_i − c_i) over its items; and Σ (y_i − c_i)² over all items. */
function calibrationGaps(
  confidence: ArrayLike<number>,
  correct: ArrayLike<boolean | number>,
  bins: number,
  model: string,
): { gaps: Float64Array; squares: number; items: number } {
  checkBins(bins);
  const confidences = valuesInRange(confidence, 1, `confidence of the ${model}`);
  const right = correctness(correct, `correctness of the ${model}`);
  requireSameLength(right.length, confidences.length, `correctness of the ${model}`, 'its confidence');
  const gaps = new Float64Array(bins);
  let squares = 0;
  for (let i = 0; i < confidences.length; i++) {
    const gap = right[i]! - confidences[i]!;
    const bin = binOf(confidences[i]!, bins);
    gaps[bin] = gaps[bin]! + gap;
    squares += gap * gap;
  }
  return { gaps, squares, items: confidences.length };
}

const ece = ({ gaps, items }: { gaps: Float64Array; items: number }): number => gaps.reduce((sum, gap) => sum + abs(gap), 0) / items;

/**
 * Expected calibration error on top-1 confidence (Guo et al. 2017): Σ over `bins` equal-width confidence bins of the
 * bin's share of items times |its accuracy − its mean confidence|. Binned ECE is biased upwards; see the file comment.
 */
export function expectedCalibrationError(confidence: ArrayLike<number>, correct: ArrayLike<boolean | number>, bins = ECE_BINS): number {
  return ece(calibrationGaps(confidence, correct, bins, 'model'));
}

type BoundName = 'Hoeffding' | 'empirical Bernstein';

/** Hoeffding's one-sided deviation at e^(−logOneOver) / 2 (its share in meanDeviation), times √(2N). */
const hoeffdingScale = (range: number, logOneOver: number): number => range * sqrt(logOneOver + LN2);

/**
 * How far the mean of N i.i.d. values spanning `range` may lie from its expectation, on one side, except with
 * probability e^(−logOneOver): the smaller of Hoeffding's and Maurer–Pontil's bound, each at half that probability.
 */
function meanDeviation(items: number, range: number, variance: number, logOneOver: number): { width: number; bound: BoundName } {
  const half = logOneOver + LN2;
  const hoeffding = hoeffdingScale(range, logOneOver) / sqrt(2 * items);
  if (items < 2) return { width: hoeffding, bound: 'Hoeffding' };
  // Theorem 4 for values in [0, 1], scaled to the range: ln(2/δ') with δ' = δ/2.
  const bernstein = sqrt((2 * variance * (half + LN2)) / items) + (7 * range * (half + LN2)) / (3 * (items - 1));
  return bernstein < hoeffding ? { width: bernstein, bound: 'empirical Bernstein' } : { width: hoeffding, bound: 'Hoeffding' };
}

interface Term {
  coefficient: number;
  items: CalibrationItems;
  model: string;
}

function clauseTerms(metric: string, a: number, b: number, newItems: CalibrationItems, oldItems: CalibrationItems | undefined): Term[] {
  requireFiniteCoefficient(a, `${metric}(new)`);
  requireFiniteCoefficient(b, `${metric}(old)`);
  if (b !== 0 && oldItems === undefined)
    throw new ConfigurationError(`the clause uses ${metric}(old), but there is no production model to measure it on`);
  const terms = [{ coefficient: a, items: newItems, model: 'new model' }];
  if (oldItems !== undefined) terms.push({ coefficient: b, items: oldItems, model: 'production model' });
  return terms.filter((term) => term.coefficient !== 0);
}

function required<T>(values: T | undefined, what: string, metric: string): T {
  if (values === undefined) throw new ConfigurationError(`a ${metric} clause needs the ${what}, and the evaluation did not provide it`);
  return values;
}

function brierInterval(terms: readonly Term[], delta: number): CalibrationInterval {
  const scores = terms.map(({ items, model }) =>
    valuesInRange(required(items.brier, `Brier scores of the ${model}`, 'brier'), BRIER_MAX, `Brier scores of the ${model}`),
  );
  const count = scores[0]!.length;
  scores.forEach((values, t) =>
    requireSameLength(values.length, count, `Brier scores of the ${terms[t]!.model}`, 'those of the new model'),
  );
  const paired = new Float64Array(count);
  terms.forEach(({ coefficient }, t) => {
    const values = scores[t]!;
    for (let i = 0; i < count; i++) paired[i] = paired[i]! + coefficient * values[i]!;
  });
  let sum = 0;
  for (let i = 0; i < count; i++) sum += paired[i]!;
  const mean = sum / count;
  let squares = 0;
  for (let i = 0; i < count; i++) squares += (paired[i]! - mean) ** 2;
  const variance = count < 2 ? 0 : squares / (count - 1);
  const floor = terms.reduce((sum, { coefficient }) => sum + min(0, coefficient * BRIER_MAX), 0);
  const ceiling = terms.reduce((sum, { coefficient }) => sum + max(0, coefficient * BRIER_MAX), 0);
  const deviation = meanDeviation(count, ceiling - floor, variance, -log(delta));
  return {
    estimate: mean,
    interval: [max(floor, mean - deviation.width), min(ceiling, mean + deviation.width)],
    method: `${deviation.bound} bound on the mean of the ${terms.length > 1 ? 'paired ' : ''}per-item Brier scores`,
  };
}

function eceInterval(terms: readonly Term[], delta: number, bins: number): CalibrationInterval {
  // Each term's bound is wrong with probability at most its share of δ; an end is wrong only if one of them is.
  const logOneOver = -log(delta / terms.length);
  let count: number | undefined;
  let estimate = 0;
  let lower = 0;
  let upper = 0;
  const bounds = new Set<BoundName>();
  for (const { coefficient, items, model } of terms) {
    const stats = calibrationGaps(
      required(items.confidence, `confidence of the ${model}`, 'ece'),
      required(items.correct, `correctness of the ${model}`, 'ece'),
      bins,
      model,
    );
    count ??= stats.items;
    requireSameLength(stats.items, count, `confidence of the ${model}`, 'that of the new model');
    const value = ece(stats);
    const variance = stats.items < 2 ? 0 : stats.squares / (stats.items - 1);
    const above = meanDeviation(stats.items, 2, variance, logOneOver);
    const below = meanDeviation(stats.items, 2, variance, logOneOver + bins * LN2);
    bounds.add(above.bound).add(below.bound);
    const high = min(1, value + above.width);
    const low = max(0, value - below.width);
    estimate += coefficient * value;
    lower += coefficient * (coefficient > 0 ? low : high);
    upper += coefficient * (coefficient > 0 ? high : low);
  }
  const union = terms.length > 1 ? `, δ split over ${terms.length} terms` : '';
  return {
    estimate,
    interval: [lower, upper],
    method: `${[...bounds].join(' and ')} bounds on the binned ECE (${bins} bins; lower ends uniform over the bins' sign patterns, covering the estimator's upward bias${union})`,
  };
}

/**
 * Interval for a·M_new + b·M_old (M = ece or brier; paired items) with each end a one-sided bound at delta. Brier: one
 * bound on the mean of the paired per-item values. ECE: a bound per term at delta / (number of terms) (union bound),
 * the lower ends widened to cover the binned estimator's upward bias (see the file comment).
 */
export function calibrationInterval(
  metric: 'ece' | 'brier',
  a: number,
  b: number,
  newItems: CalibrationItems,
  oldItems: CalibrationItems | undefined,
  delta: number,
  bins = ECE_BINS,
): CalibrationInterval {
  requireOpenUnit(delta, `the error probability δ of a ${metric} interval`);
  const terms = clauseTerms(metric, a, b, newItems, oldItems);
  if (terms.length === 0) return { estimate: 0, interval: [0, 0], method: 'no terms: the left side is 0' };
  return metric === 'brier' ? brierInterval(terms, delta) : eceInterval(terms, delta, bins);
}

/**
 * Test items at which each end of calibrationInterval lies within `tolerance` of the estimate whatever the data (by
 * its Hoeffding part, which holds for any variance): the clause's sample-size requirement. For ECE the lower ends'
 * union over the bins' sign patterns dominates: `ece(new) − ece(old) < 0.01 +/- 0.01` at δ = 0.05 needs about 700,000
 * items by this worst case; on models whose (y − c)² averages about 0.2 the empirical Bernstein bound the interval
 * then uses is about half as wide, so 10,000 items put its upper end about 0.03 above the estimate.
 */
export function calibrationItemsRequired(
  metric: 'ece' | 'brier',
  a: number,
  b: number,
  tolerance: number,
  delta: number,
  bins = ECE_BINS,
): number {
  requireFiniteCoefficient(a, `${metric}(new)`);
  requireFiniteCoefficient(b, `${metric}(old)`);
  requireOpenUnit(delta, `the error probability δ of a ${metric} interval`);
  if (!(tolerance > 0 && Number.isFinite(tolerance)))
    throw new ConfigurationError(`the tolerance of a ${metric} clause must be a positive number, got ${tolerance}`);
  checkBins(bins);
  const coefficients = [a, b].filter((coefficient) => coefficient !== 0);
  if (coefficients.length === 0) return 0;
  let scale: number;
  if (metric === 'brier') {
    scale = hoeffdingScale(
      coefficients.reduce((sum, c) => sum + abs(c) * BRIER_MAX, 0),
      -log(delta),
    );
  } else {
    const logOneOver = -log(delta / coefficients.length);
    // Per term, the end that uses its lower bound moves by the union's width; the other end by the single bound's.
    const wide = (c: number): number => abs(c) * hoeffdingScale(2, logOneOver + bins * LN2);
    const narrow = (c: number): number => abs(c) * hoeffdingScale(2, logOneOver);
    const upperEnd = coefficients.reduce((sum, c) => sum + (c > 0 ? narrow(c) : wide(c)), 0);
    const lowerEnd = coefficients.reduce((sum, c) => sum + (c > 0 ? wide(c) : narrow(c)), 0);
    scale = max(upperEnd, lowerEnd);
  }
  return ceil((scale / tolerance) ** 2 / 2);
}
