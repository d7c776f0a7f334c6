import { ConfigurationError } from '@mlops-actions/common';
import { calibrationItemsRequired } from './calibration-metrics.js';
import { formatClause, type Clause, type SliceKind } from './condition.js';
import type { GateEvidence } from './evidence.js';
import { logStepDelta, type GateSettings } from './settings.js';

export type BoundKind = 'hoeffding' | 'bennett';

/** The paper's sample-size requirement for one clause. */
export interface ClauseRequirement {
  /** Test items the clause needs for its tolerance at its share of δ (rounded up). */
  items: number;
  /** Which bound gives that number. */
  bound: BoundKind;
  /** Whether the clause needs labels (it uses n or o); a clause on d alone can use unlabelled items. */
  needsLabels: boolean;
  /** For a Bennett clause: labels needed per decision when only items whose predictions differ are labelled. */
  activeLabels?: number;
  /** For a forall clause sized with slice counts: `items` is what each slice needs of its own items. */
  perSlice?: true;
  /** For a forall clause sized with slice counts: how many slices it ranges over. */
  slices?: number;
}

/** How many slices each kind of forall clause ranges over: classes, groups. */
export interface SliceCounts {
  class?: number | undefined;
  group?: number | undefined;
}

export interface Requirement {
  /** ln of the δ share of each clause: δ per step, split evenly over the clauses. */
  logClauseDelta: number;
  /** The variance bound p of Bennett's inequality, from a `d < p` clause; undefined when there is none. */
  bennettP: number | undefined;
  clauses: ClauseRequirement[];
  /**
   * Items the whole condition needs: the largest clause requirement; with slice counts, a forall clause's counts as its
   * per-slice requirement times its slices (each slice needs that many items of its own).
   */
  items: number;
  /** Labelled items the clauses on n or o need (0 without such a clause): the paper's headline figure. */
  labelledItems: number;
  /** Items, labelled or not, the clauses on d alone need (0 without one): d compares predictions only. */
  unlabelledItems: number;
}

const BENNETT_H = (u: number): number => (1 + u) * Math.log1p(u) - u;

/** ln δ_c: the paper's split of δ over steps (adaptivity) and then evenly over clauses. */
export function logClauseDelta(settings: Pick<GateSettings, 'reliability' | 'adaptivity' | 'steps'>, clauseCount: number): number {
  return logStepDelta(settings) - Math.log(Math.max(1, clauseCount));
}

/** Whether a clause can be wrong, and so takes a share of δ: all but size clauses, which are exact. */
export function takesDeltaShare(clause: Clause): boolean {
  return clause.metric.kind !== 'size';
}

/**
 * The width of the range one item's value spans, which the bounds scale by: 1 for accuracies, recall, precision and
 * ECE, 2 for the Brier score; undefined for latency and size, which the test set's size does not sharpen.
 */
function itemRange(clause: Clause): number | undefined {
  const kind = clause.metric.kind;
  return kind === 'latency' || kind === 'size' ? undefined : kind === 'brier' ? 2 : 1;
}

/** Whether Bennett's bound applies: overall top-1 a·(n − o), with a `d < p` clause bounding its variance. */
export function bennettApplies(clause: Clause): boolean {
  return clause.metric.kind === 'accuracy' && clause.metric.k === 1 && clause.slice === undefined;
}

/**
 * Hoeffding via the paper's union bound: each of the m variables gets δ/m and a share of ε in proportion
 * to its coefficient, so N = (Σ|a|)² · ln(m/δ) / (2ε²). For one variable: −ln δ / (2ε²); for `n - o`:
 * each side half of ε and of δ, as in the paper.
 */
export function hoeffdingItems(clause: Clause, logDelta: number, tolerance = clause.tolerance): number {
  const { span, terms } = linearShape(clause);
  if (tolerance === undefined || span === 0) return 0;
  return (span * span * (Math.log(terms) - logDelta)) / (2 * tolerance * tolerance);
}

/** The Hoeffding half-width for N items: the inverse of hoeffdingItems. */
export function hoeffdingHalfWidth(clause: Clause, logDelta: number, items: number): number {
  const { span, terms } = linearShape(clause);
  return span * Math.sqrt((Math.log(terms) - logDelta) / (2 * items));
}

/**
 * Bennett for a clause on a·(n − o) when predictions differ on at most a fraction p of items (so the
 * per-item difference has variance ≤ a²·p): N = ln(2/δ_c) / (p · h(ε/(|a|·p))), h(u) = (1+u)ln(1+u) − u.
 * With two clauses this is the paper's (ln H − ln(δ/4)) / (p · h(ε/p)).
 */
export function bennettItems(p: number, tolerance: number, logDelta: number): number {
  return (Math.LN2 - logDelta) / (p * BENNETT_H(tolerance / p));
}

/** The Bennett half-width for N items: the inverse of bennettItems (bisection; h is increasing). */
export function bennettHalfWidth(p: number, logDelta: number, items: number): number {
  const target = (Math.LN2 - logDelta) / (items * p);
  let high = 1;
  while (BENNETT_H(high) < target && high < 1e12) high *= 2;
  let low = 0;
  for (let i = 0; i < 200 && high - low > 1e-15 * high; i++) {
    const mid = (low + high) / 2;
    if (BENNETT_H(mid) < target) low = mid;
    else high = mid;
  }
  return high * p;
}

/** The coefficient a when the clause is a·(n − o) (a ≠ 0), else undefined: the shape Bennett applies to. */
export function pairedDifferenceScale(clause: Clause): number | undefined {
  const { n, o, d } = clause.coefficients;
  return d === 0 && n !== 0 && n === -o ? n : undefined;
}

/** The variance bound p from the tightest `c·d < A` clause (p = A/c), or undefined without one. */
export function bennettVarianceBound(clauses: readonly Clause[]): number | undefined {
  let p: number | undefined;
  for (const clause of clauses) {
    const { n, o, d } = clause.coefficients;
    if (!bennettApplies(clause) || n !== 0 || o !== 0 || d <= 0 || clause.comparison !== '<') continue;
    const bound = Math.min(1, clause.threshold / d);
    if (bound > 0 && (p === undefined || bound < p)) p = bound;
  }
  return p;
}

/**
 * The paper's required number of test items for a condition under the given settings. Without slice counts every
 * clause is one clause, as in a condition whose forall clauses were expanded into one clause per slice; with them, a
 * forall clause counts as one clause per slice in δ's split, and its requirement is per slice.
 */
export function requiredItems(
  clauses: readonly Clause[],
  settings: Pick<GateSettings, 'reliability' | 'adaptivity' | 'steps'>,
  slices?: SliceCounts,
): Requirement {
  const sliceCount = (clause: Clause): number | undefined => (slices === undefined ? undefined : slicesOfClause(clause, slices));
  const shares = clauses.reduce((sum, clause) => sum + (takesDeltaShare(clause) ? (sliceCount(clause) ?? 1) : 0), 0);
  const logDelta = logClauseDelta(settings, shares);
  const bennettP = bennettVarianceBound(clauses);
  const requirements = clauses.map((clause): ClauseRequirement => {
    const count = sliceCount(clause);
    const requirement = clauseRequirement(clause, logDelta, bennettP);
    return count === undefined ? requirement : { ...requirement, perSlice: true, slices: count };
  });
  // Slices are disjoint: when each needs N items of its own, the test set needs N per slice at least.
  const inAll = (r: ClauseRequirement): number => r.items * (r.slices ?? 1);
  const largest = (needsLabels: boolean): number => Math.max(0, ...requirements.filter((r) => r.needsLabels === needsLabels).map(inAll));
  return {
    logClauseDelta: logDelta,
    bennettP,
    clauses: requirements,
    items: Math.max(...requirements.map(inAll)),
    labelledItems: largest(true),
    unlabelledItems: largest(false),
  };
}

/** The slices a forall clause ranges over (undefined for a clause on the whole test set); a ConfigurationError without the count. */
function slicesOfClause(clause: Clause, slices: SliceCounts): number | undefined {
  const kind = clause.slice;
  if (kind === undefined) return undefined;
  const count = slices[kind];
  if (count === undefined || !Number.isSafeInteger(count) || count < 1)
    throw new ConfigurationError(
      `the clause '${formatClause(clause)}' holds in every ${kind}, each its own share of δ: sizing it needs the number of ${pluralOf(kind)}` +
        (count === undefined ? '' : `, a whole number ≥ 1, not ${count}`),
      { subject: 'condition' },
    );
  return count;
}

const pluralOf = (kind: SliceKind): string => (kind === 'class' ? 'classes' : 'groups');

/** One clause's requirement at its share of δ. */
function clauseRequirement(clause: Clause, logDelta: number, bennettP: number | undefined): ClauseRequirement {
  // Latency and size need no labelled items: the runner's batches and the file's bytes decide them.
  const needsLabels = itemRange(clause) !== undefined && (clause.coefficients.n !== 0 || clause.coefficients.o !== 0);
  const kind = clause.metric.kind;
  // ECE and Brier intervals are their own bounds (calibration-metrics): what they need is what those bounds need.
  if ((kind === 'ece' || kind === 'brier') && clause.tolerance !== undefined)
    return {
      items: calibrationItemsRequired(kind, clause.coefficients.n, clause.coefficients.o, clause.tolerance, Math.exp(logDelta)),
      bound: 'hoeffding',
      needsLabels,
    };
  const hoeffding = hoeffdingItems(clause, logDelta);
  const scale = pairedDifferenceScale(clause);
  if (scale !== undefined && bennettP !== undefined && clause.tolerance !== undefined && bennettApplies(clause)) {
    const bennett = bennettItems(bennettP, clause.tolerance / Math.abs(scale), logDelta);
    if (bennett < hoeffding)
      return { items: Math.ceil(bennett), bound: 'bennett', needsLabels, activeLabels: Math.ceil(bennettP * bennett) };
  }
  return { items: Math.ceil(hoeffding), bound: 'hoeffding', needsLabels };
}

/**
 * The slices a test set offers forall clauses, counted as the gate counts them: every class (one without items too),
 * and the groups that hold an item. For sizing a condition as written, such as evaluate-promote's reuse message.
 */
export function sliceCountsOf(testSet: Pick<GateEvidence, 'classes' | 'groups'>): SliceCounts {
  const groups = testSet.groups;
  if (groups === undefined) return { class: testSet.classes.length };
  const used = new Set<number>();
  for (const group of groups.ofItem) if (group >= 0) used.add(group);
  return { class: testSet.classes.length, group: used.size };
}

/**
 * The highest reliability at which N items meet every clause's tolerance (the paper's bounds), or
 * undefined when even reliability 0 would need more items.
 */
export function supportedReliability(
  clauses: readonly Clause[],
  settings: Pick<GateSettings, 'reliability' | 'adaptivity' | 'steps'>,
  items: number,
): number | undefined {
  const itemsAt = (logDelta: number): number => requiredItems(clauses, { ...settings, reliability: -Math.expm1(logDelta) }).items;
  let high = -1e-12;
  if (itemsAt(high) > items) return undefined;
  let low = -745;
  if (itemsAt(low) <= items) return 1 - Math.exp(low);
  for (let i = 0; i < 100; i++) {
    const mid = (low + high) / 2;
    if (itemsAt(mid) <= items) high = mid;
    else low = mid;
  }
  return -Math.expm1(high);
}

/** Σ|a| times the item range (0 for latency and size: not sized by items), and the number of terms. */
function linearShape(clause: Clause): { span: number; terms: number } {
  const values = Object.values(clause.coefficients).filter((c) => c !== 0);
  const range = itemRange(clause) ?? 0;
  return { span: range * values.reduce((sum, c) => sum + Math.abs(c), 0), terms: values.length };
}
