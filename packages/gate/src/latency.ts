import { ConfigurationError } from '@mlops-actions/common';
import { formatClause, type Clause } from './condition.js';
import { binomialUpperTail } from './exact.js';
import { finiteValues, requireFiniteCoefficient, requireOpenUnit } from './sample-checks.js';
import { logClauseDelta, takesDeltaShare } from './sample-size.js';
import type { GateSettings } from './settings.js';
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

/**
 * The fewest i.i.d. samples whose order statistics bound the q-quantile on both sides at delta each (quantileBounds):
 * the largest bound needs qᴺ ≤ δ, the smallest (1 − q)ᴺ ≤ δ. Fewer leave a side unbounded, whatever the samples.
 */
export function quantileSamplesRequired(q: number, delta: number): number {
  requireOpenUnit(q, 'the quantile level');
  requireOpenUnit(delta, 'the error probability δ of a quantile bound');
  const base = Math.max(q, 1 - q);
  let samples = Math.max(1, Math.ceil(Math.log(delta) / Math.log(base)));
  // The logarithms' rounding may land one off at an exact power: settled on the powers themselves.
  while (samples > 1 && base ** (samples - 1) <= delta) samples--;
  while (base ** samples > delta) samples++;
  return samples;
}

/**
 * Batches per model that a latency clause needs for both ends of its interval to be finite at its δ share (the ln of
 * which is `logDelta`), split as latencyInterval splits it over the clause's terms; 0 for a clause that is no latency
 * clause or has no term to bound (only latency(old), and no production model).
 */
export function latencyBatchesRequired(clause: Clause, hasOld: boolean, logDelta: number): number {
  if (clause.metric.kind !== 'latency') return 0;
  const { n, o } = clause.coefficients;
  const terms = Number(n !== 0) + Number(o !== 0 && hasOld);
  if (terms === 0) return 0;
  return quantileSamplesRequired(clause.metric.quantile === 'p95' ? 0.95 : 0.5, Math.exp(logDelta) / terms);
}

/**
 * Batches per model that every latency clause of a condition needs to be decidable at all (both ends of its interval
 * finite), at the δ share evaluateGate will give it: δ per step split evenly over the clauses after forall expansion,
 * which is why the slice counts are asked for when the condition has a forall clause. 0 without a latency clause.
 */
export function conditionLatencyBatches(
  clauses: readonly Clause[],
  settings: Pick<GateSettings, 'reliability' | 'adaptivity' | 'steps'>,
  options: {
    hasOld: boolean;
    /** What each kind of forall clause expands to: the test set's classes, and its groups that hold items. */
    slices?: { class?: number | undefined; group?: number | undefined };
  },
): number {
  if (!clauses.some((clause) => clause.metric.kind === 'latency')) return 0;
  const expanded = clauses.filter(takesDeltaShare).reduce((count, clause) => {
    if (clause.slice === undefined) return count + 1;
    const slices = options.slices?.[clause.slice];
    if (slices === undefined)
      throw new ConfigurationError(
        `the clause '${formatClause(clause)}' ranges over each ${clause.slice}: the batches its latency clauses need depend on how many there are, and none was given`,
        { subject: 'condition' },
      );
    return count + slices;
  }, 0);
  const logDelta = logClauseDelta(settings, expanded);
  return Math.max(0, ...clauses.map((clause) => latencyBatchesRequired(clause, options.hasOld, logDelta)));
}
