import { ConfigurationError } from '@mlops-actions/common';
import { binomialUpperTail } from './exact.js';
import { finiteValues, requireFiniteCoefficient, requireOpenUnit } from './sample-checks.js';
import { binomialCdf } from './special.js';

/**
 * Latency clauses: bounds on a quantile (p50, p95) of per-batch inference time.
 *
 * Assumption: after interleaving the two models' batches (which spreads the runner's drift evenly over both), each
 * model's batch times are i.i.d. draws from its own distribution. Nothing else is assumed: no shape, no independence
 * between the two models (the union bound in latencyInterval needs none), and ties (a coarse clock) are allowed.
 */

/** The sample q-quantile with linear interpolation between order statistics (numpy's and R's default, type 7). */
function sampleQuantile(sorted: Float64Array, q: number): number {
  const position = (sorted.length - 1) * q;
  const below = Math.floor(position);
  const above = Math.min(below + 1, sorted.length - 1);
  return sorted[below]! + (position - below) * (sorted[above]! - sorted[below]!);
}

/**
 * The largest whole number in [from, to] at which an increasing predicate is still false, by bisection (from − 1 when
 * it is true everywhere).
 */
function lastFalse(from: number, to: number, predicate: (k: number) => boolean): number {
  let lo = from - 1;
  let hi = to + 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (predicate(mid)) hi = mid;
    else lo = mid;
  }
  return lo;
}

/**
 * Distribution-free bounds on the q-quantile Q of i.i.d. samples from order statistics (binomial): P(lower > Q) ≤ delta
 * and P(upper < Q) ≤ delta. A side is undefined when there are too few samples to bound it at delta.
 *
 * With N samples, X₍ₖ₎ > Q happens only when at most k − 1 samples are ≤ Q; that count is Binomial(N, F(Q)) with
 * F(Q) ≥ q, so P(X₍ₖ₎ > Q) ≤ P(Bin(N, q) ≤ k − 1), and the lower bound is X₍ₖ₎ for the largest k that keeps this ≤ δ.
 * Likewise X₍ⱼ₎ < Q needs at least j samples < Q, a Binomial(N, F(Q−)) count with F(Q−) ≤ q: the upper bound is X₍ⱼ₎
 * for the smallest j with P(Bin(N, q) ≥ j) ≤ δ. For a continuous distribution both are equalities.
 */
export function quantileBounds(
  samples: ArrayLike<number>,
  q: number,
  delta: number,
  what = 'batch times',
): { estimate: number; lower: number | undefined; upper: number | undefined } {
  requireOpenUnit(q, 'the quantile level');
  requireOpenUnit(delta, 'the error probability δ of a quantile bound');
  const sorted = finiteValues(samples, what).sort();
  const items = sorted.length;
  // Ranks are 1-based: X₍ₖ₎ is sorted[k − 1].
  const lowerRank = lastFalse(0, items - 1, (k) => binomialCdf(k, items, q) > delta) + 1;
  const upperRank = lastFalse(1, items, (j) => binomialUpperTail(j, items, q) <= delta) + 1;
  return {
    estimate: sampleQuantile(sorted, q),
    lower: lowerRank >= 1 ? sorted[lowerRank - 1] : undefined,
    upper: upperRank <= items ? sorted[upperRank - 1] : undefined,
  };
}

/**
 * Interval of a·Q_new + b·Q_old (either coefficient may be 0) at one-sided level delta per end (union bound over the
 * terms): each term with a non-zero coefficient is bounded at delta / (number of such terms), so an end is wrong only
 * if one of its terms' bounds is, whatever the dependence between the two models' times. An end is ±Infinity where a
 * term cannot be bounded with the batches given (a p95 needs at least log δ / log 0.95 of them).
 */
export function latencyInterval(
  a: number,
  newMs: ArrayLike<number>,
  b: number,
  oldMs: ArrayLike<number> | undefined,
  q: number,
  delta: number,
): { estimate: number; interval: [number, number] } {
  requireFiniteCoefficient(a, 'latency(new)');
  requireFiniteCoefficient(b, 'latency(old)');
  requireOpenUnit(delta, 'the error probability δ of a latency interval');
  if (b !== 0 && oldMs === undefined)
    throw new ConfigurationError('the clause uses latency(old), but there is no production model whose batches were timed');
  const terms = [
    { coefficient: a, samples: newMs, what: 'batch times of the new model' },
    { coefficient: b, samples: oldMs ?? [], what: 'batch times of the production model' },
  ].filter((term) => term.coefficient !== 0);
  let estimate = 0;
  let lower = 0;
  let upper = 0;
  for (const { coefficient, samples, what } of terms) {
    const bounds = quantileBounds(samples, q, delta / terms.length, what);
    const below = bounds.lower ?? -Infinity;
    const above = bounds.upper ?? Infinity;
    estimate += coefficient * bounds.estimate;
    lower += coefficient > 0 ? coefficient * below : coefficient * above;
    upper += coefficient > 0 ? coefficient * above : coefficient * below;
  }
  return { estimate, interval: [lower, upper] };
}
