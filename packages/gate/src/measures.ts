import { ConfigurationError } from '@mlops-actions/common';
import { calibrationInterval, type CalibrationItems } from './calibration-metrics.js';
import { formatClause, type Clause, type Variable } from './condition.js';
import { missingEvidence, requireBinary, type GateEvidence, type ModelEvidence } from './evidence.js';
import { MIN_EXACT_DELTA, proportionExact, type PairedExact } from './exact.js';
import { latencyInterval } from './latency.js';
import type { BoundKind } from './sample-size.js';

/**
 * How a clause's interval and value were computed: the exact unconditional score test for a paired difference
 * a·(n − o), the exact binomial test (Clopper–Pearson) for one proportion (for two precisions, each at half the share
 * of δ), the paired bootstrap, the paper's bounds, the order statistics of batch times (latency), the calibration
 * metrics' bounds (ece, brier), or a measurement that cannot err (size).
 */
export type ClauseMethod = 'exact-score' | 'clopper-pearson' | 'bootstrap' | BoundKind | 'order-statistics' | 'calibration' | 'measured';

/** Kleene's three truth values. */
export type TruthValue = 'true' | 'false' | 'unknown';

/** One clause's estimate, interval, how it was computed, and its value where a test decided it directly. */
export interface Measured {
  estimate: number;
  interval: [number, number];
  method: ClauseMethod;
  /** The bounds in words, where the method's name says too little (ece, brier). */
  detail?: string;
  value?: TruthValue;
}

/** The positive class of a binary classifier: the 2nd label, scikit-learn's classes_[1]. */
const POSITIVE = 1;

/** The terms of a clause on a per-model metric: coefficient and evidence of the new and (if used) old model. */
function modelTerms(
  clause: Clause,
  evidence: GateEvidence,
  hasOld: boolean,
  needs: string,
): Array<{ coefficient: number; model: ModelEvidence; who: string }> {
  const terms: Array<{ coefficient: number; model: ModelEvidence; who: string }> = [];
  for (const [variable, who] of [
    ['n', 'new'],
    ['o', 'old'],
  ] as Array<[Variable, string]>) {
    const coefficient = clause.coefficients[variable];
    if (coefficient === 0) continue;
    const model = variable === 'n' ? evidence.new : hasOld ? evidence.old : undefined;
    if (model === undefined) throw missingEvidence(clause, `the production model's ${needs}, but there is no production model`);
    terms.push({ coefficient, model, who });
  }
  return terms;
}

/**
 * A proportion of `count` in `items` scaled by a coefficient, by the exact binomial test: a·x with a < 0 is
 * |a|·(1 − x) − |a|, the complement's proportion scaled and shifted. The value is the test at the threshold.
 */
export function scaledProportion(coefficient: number, count: number, items: number, clause: Clause, delta: number): Measured {
  const scale = Math.abs(coefficient);
  const offset = coefficient < 0 ? -scale : 0;
  const exact: PairedExact = proportionExact(coefficient > 0 ? count : items - count, items, (clause.threshold - offset) / scale, delta);
  return {
    estimate: (coefficient * count) / items,
    ...scaledDecision(clause, exact, scale, offset),
    method: 'clopper-pearson',
  };
}

/** An exact test's interval mapped back through a·x + offset, and the clause's value from the test in each direction. */
export function scaledDecision(
  clause: Clause,
  exact: PairedExact,
  scale: number,
  offset: number,
): { interval: [number, number]; value: TruthValue } {
  const interval: [number, number] = [scale * exact.interval[0] + offset, scale * exact.interval[1] + offset];
  const [shows, refutes] = clause.comparison === '>' ? [exact.above, exact.below] : [exact.below, exact.above];
  return { interval, value: shows ? 'true' : refutes ? 'false' : 'unknown' };
}

/**
 * Precision: the share of a model's positive predictions whose label is positive. One model: the exact binomial test.
 * Two: a Clopper–Pearson interval per model at half the share of δ each (a union bound), combined. A model that
 * predicted no positive has no precision to bound: its term spans [0, 1], and its estimate is not a number.
 */
export function precisionMeasure(clause: Clause, evidence: GateEvidence, hasOld: boolean, delta: number): Measured {
  requireBinary(clause, evidence);
  const terms = modelTerms(clause, evidence, hasOld, 'predictions').map((term) => {
    let right = 0;
    let predicted = 0;
    for (let i = 0; i < evidence.labels.length; i++)
      if (term.model.predictions[i] === POSITIVE) {
        predicted++;
        if (evidence.labels[i] === POSITIVE) right++;
      }
    return { ...term, right, predicted };
  });
  const share = delta / terms.length;
  if (terms.length === 1 && terms[0]!.predicted > 0 && share >= MIN_EXACT_DELTA) {
    const { coefficient, right, predicted } = terms[0]!;
    return scaledProportion(coefficient, right, predicted, clause, share);
  }
  let estimate = 0;
  const interval: [number, number] = [0, 0];
  for (const { coefficient, right, predicted } of terms) {
    let [lower, upper] = [0, 1];
    if (predicted > 0 && share >= MIN_EXACT_DELTA) [lower, upper] = proportionExact(right, predicted, 0.5, share).interval;
    else if (predicted > 0) {
      // Beyond the exact test's resolution, Hoeffding's bound on the same proportion.
      const halfWidth = Math.sqrt(-Math.log(share) / (2 * predicted));
      [lower, upper] = [Math.max(0, right / predicted - halfWidth), Math.min(1, right / predicted + halfWidth)];
    }
    estimate += predicted > 0 ? (coefficient * right) / predicted : NaN;
    interval[0] += coefficient > 0 ? coefficient * lower : coefficient * upper;
    interval[1] += coefficient > 0 ? coefficient * upper : coefficient * lower;
  }
  return { estimate, interval, method: 'clopper-pearson' };
}

/** ECE or Brier score: the calibration metrics' bounds on a·M_new + b·M_old over the paired items. */
export function calibrationMeasure(clause: Clause, evidence: GateEvidence, hasOld: boolean, delta: number): Measured {
  const metric = clause.metric.kind as 'ece' | 'brier';
  const needs =
    metric === 'ece' ? 'confidence of each top-1 prediction (the probability of the predicted class)' : 'Brier score of each item';
  const terms = modelTerms(clause, evidence, hasOld, needs);
  const itemsOf = (model: ModelEvidence, who: string): CalibrationItems => {
    const values = metric === 'ece' ? model.confidence : model.brier;
    if (values === undefined) throw missingEvidence(clause, `the ${who} model's ${needs}`);
    return metric === 'ece'
      ? { confidence: values, correct: model.predictions.map((prediction, i) => (prediction === evidence.labels[i] ? 1 : 0)) }
      : { brier: values };
  };
  const newTerm = terms.find((term) => term.who === 'new');
  const oldTerm = terms.find((term) => term.who === 'old');
  const result = calibrationInterval(
    metric,
    newTerm?.coefficient ?? 0,
    oldTerm?.coefficient ?? 0,
    newTerm ? itemsOf(newTerm.model, 'new') : {},
    oldTerm ? itemsOf(oldTerm.model, 'old') : undefined,
    delta,
  );
  return { estimate: result.estimate, interval: result.interval, method: 'calibration', detail: result.method };
}

/** Latency: distribution-free bounds on the batch-time quantile of each model (order statistics). */
export function latencyMeasure(clause: Clause, evidence: GateEvidence | undefined, hasOld: boolean, delta: number): Measured {
  const needs = 'batch inference times measured on the runner (evaluate-promote times both models, interleaved)';
  if (evidence === undefined) throw missingEvidence(clause, needs);
  const terms = modelTerms(clause, evidence, hasOld, needs);
  const timesOf = (who: string): Float64Array | undefined => {
    const term = terms.find((t) => t.who === who);
    if (term === undefined) return undefined;
    if (term.model.batchMs === undefined) throw missingEvidence(clause, `the ${who} model's ${needs}`);
    if (term.model.batchMs.length === 0)
      throw new ConfigurationError(
        `the clause '${formatClause(clause)}' needs timed batches, and the ${who} model has none: the test set gives fewer than two full batches` +
          `${term.model.batchSize === undefined ? '' : ` of ${term.model.batchSize} items`} (the first batch warms up and is not timed). Lower batch-size, or raise latency-rounds (evaluate-promote's timing pass).`,
        { subject: 'batch-size' },
      );
    return term.model.batchMs;
  };
  const quantile = clause.metric.kind === 'latency' && clause.metric.quantile === 'p95' ? 0.95 : 0.5;
  const newMs = timesOf('new');
  const { estimate, interval } = latencyInterval(
    clause.coefficients.n,
    newMs ?? [],
    hasOld ? clause.coefficients.o : 0,
    timesOf('old'),
    quantile,
    delta,
  );
  return { estimate, interval, method: 'order-statistics' };
}

/** Size: model.onnx's bytes in MB, measured exactly: an interval of zero width. */
export function sizeMeasure(clause: Clause, evidence: GateEvidence | undefined, hasOld: boolean): Measured {
  const needs = "model.onnx's size in bytes";
  if (evidence === undefined) throw missingEvidence(clause, needs);
  let estimate = 0;
  for (const { coefficient, model, who } of modelTerms(clause, evidence, hasOld, needs)) {
    if (model.bytes === undefined) throw missingEvidence(clause, `the ${who} model's ${needs}`);
    estimate += (coefficient * model.bytes) / 1e6;
  }
  if (!Number.isFinite(estimate))
    throw new ConfigurationError(`the clause on size gives ${estimate} MB: not a finite number, so no decision is taken on it`);
  return { estimate, interval: [estimate, estimate], method: 'measured' };
}
