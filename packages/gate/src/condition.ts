/** Which model a term speaks of: the new one, the old (production) one, or (top-1 only) where the two differ. */
export type Variable = 'n' | 'o' | 'd';

export const VARIABLES: readonly Variable[] = ['n', 'o', 'd'];

/** What a `forall` clause ranges over: the test set's classes, or the groups given with it. */
export type SliceKind = 'class' | 'group';

export type LatencyQuantile = 'p50' | 'p95';

/**
 * What a clause measures. Every term of a clause measures the same thing: `n@5 - o > 0` mixes two metrics and is refused.
 * Top-1 accuracy is `{ kind: 'accuracy', k: 1 }`, the only metric with `d`.
 */
export type Metric =
  | { kind: 'accuracy'; k: number }
  | { kind: 'recall' | 'precision' | 'ece' | 'brier' | 'size' }
  | { kind: 'latency'; quantile: LatencyQuantile };

export const TOP1_ACCURACY: Metric = { kind: 'accuracy', k: 1 };

/** Where a piece of condition text starts, 1-based. */
export interface SourcePosition {
  line: number;
  column: number;
}

/**
 * One clause `[forall slice:] EXP cmp c [+/- ε]`, normalised: one coefficient per variable on the left (both sides'
 * variables moved there), one constant on the right.
 */
export interface Clause {
  metric: Metric;
  /** For `forall class:` / `forall group:`: the clause holds in every slice; undefined for the whole test set. */
  slice?: SliceKind | undefined;
  /** Coefficient of the new model's, the old model's and the difference's value (0 when absent). */
  coefficients: Record<Variable, number>;
  comparison: '>' | '<';
  /** In ms for latency, MB for size. */
  threshold: number;
  /** The tolerance ε the test set must deliver; optional (undefined) for latency and size only. */
  tolerance: number | undefined;
  /** The clause as written. */
  source: string;
  position: SourcePosition;
}

/** A parsed condition: clauses joined by AND. */
export interface Condition {
  clauses: Clause[];
  /**
   * The trailing `, True` / `, False` of the reference pipeline's format, when present: True asks for a
   * statistically certain pass (mode fp-free), False for a pass unless certainly failed (mode fn-free).
   */
  referenceFlag: boolean | undefined;
}

/** The metric's name in results: `accuracy`, `accuracy@5`, `recall`, `latency-p95`, `size`, … */
export function metricName(metric: Metric): string {
  if (metric.kind === 'accuracy') return metric.k === 1 ? 'accuracy' : `accuracy@${metric.k}`;
  if (metric.kind === 'latency') return `latency-${metric.quantile}`;
  return metric.kind;
}

/** Whether two clauses' terms measure the same thing (one metric per clause). */
export function sameMetric(a: Metric, b: Metric): boolean {
  return metricName(a) === metricName(b);
}

/** The unit a metric's constants are in, shown after them in canonical text. */
export function metricUnit(metric: Metric): string | undefined {
  return metric.kind === 'latency' ? 'ms' : metric.kind === 'size' ? 'MB' : undefined;
}

/** How a variable of a metric is written: `n`, `o@5`, `n[class]`, `recall(new)`, `latency(old, p95)`. */
export function formatVariable(metric: Metric, variable: Variable, slice?: string): string {
  const bracket = slice === undefined ? '' : `[${slice}]`;
  if (metric.kind === 'accuracy') return `${variable}${metric.k === 1 ? '' : `@${metric.k}`}${bracket}`;
  const model = variable === 'n' ? 'new' : 'old';
  if (metric.kind === 'latency') return `latency(${model}${metric.quantile === 'p50' ? '' : `, ${metric.quantile}`})`;
  return `${metric.kind}(${model})`;
}

/**
 * The left side of a clause in canonical form: `n - o`, `n - 1.1 * o`, `d`, `recall(new) - recall(old)`. `slice` is
 * the bracket's text: the slice kind (`class`) in the condition, a slice's name (`cat`) in a result.
 */
export function formatExpression(coefficients: Record<Variable, number>, metric: Metric = TOP1_ACCURACY, slice?: string): string {
  let text = '';
  for (const variable of VARIABLES) {
    const coefficient = coefficients[variable];
    if (coefficient === 0) continue;
    const magnitude = Math.abs(coefficient);
    const name = formatVariable(metric, variable, slice);
    const term = magnitude === 1 ? name : `${magnitude} * ${name}`;
    if (text === '') text = coefficient < 0 ? `-${term}` : term;
    else text += coefficient < 0 ? ` - ${term}` : ` + ${term}`;
  }
  return text;
}

/**
 * A clause in canonical form, which parses back to the same clause: `n - o > 0.02 +/- 0.01`,
 * `forall class: n[class] - o[class] > -0.02 +/- 0.02`, `latency(new, p95) < 25 ms`. With `sliceName`, one slice of a
 * forall clause as results show it: `n[cat] - o[cat] > -0.02 +/- 0.02`.
 */
export function formatClause(clause: Clause, sliceName?: string): string {
  const unit = metricUnit(clause.metric);
  const withUnit = (value: number): string => (unit === undefined ? `${value}` : `${value} ${unit}`);
  const quantifier = clause.slice === undefined || sliceName !== undefined ? '' : `forall ${clause.slice}: `;
  const bracket = clause.slice === undefined ? undefined : (sliceName ?? clause.slice);
  const tolerance = clause.tolerance === undefined ? '' : ` +/- ${withUnit(clause.tolerance)}`;
  return `${quantifier}${formatExpression(clause.coefficients, clause.metric, bracket)} ${clause.comparison} ${withUnit(clause.threshold)}${tolerance}`;
}

/** A condition in canonical form, clauses joined by `/\`. */
export function formatCondition(condition: Condition): string {
  return condition.clauses.map((clause) => formatClause(clause)).join(' /\\ ');
}

/** The variables a clause or condition uses: `o` for any old-model term, whatever its metric. */
export function variablesOf(clauses: readonly Clause[]): Set<Variable> {
  const used = new Set<Variable>();
  for (const clause of clauses) for (const v of VARIABLES) if (clause.coefficients[v] !== 0) used.add(v);
  return used;
}
