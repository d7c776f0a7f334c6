import { expectedCalibrationError } from './calibration-metrics.js';
import type { Clause } from './condition.js';
import type { GateEvidence, ModelEvidence } from './evidence.js';
import { quantileBounds } from './latency.js';

/** A value of each model; old is null without a production model (or where its evidence lacks it). */
export interface ModelPair {
  new: number | null;
  old: number | null;
}

/** What the evidence allows to report beside the gate: point estimates, for the card and the summaries. */
export interface GateMetrics {
  /** Top-K accuracy for each K the condition uses, and K = 5 when there are more than 5 classes. */
  topK?: Array<{ k: number; n: number; o: number | null }>;
  ece?: ModelPair;
  brier?: ModelPair;
  /** Binary classifiers: at the model's own decision, positive class = the 2nd label. */
  recall?: ModelPair;
  /** null where the model predicted no positive. */
  precision?: ModelPair;
  /** Median and 95th percentile of per-batch inference time, ms. */
  latency?: { batchSize: number | null; p50: ModelPair; p95: ModelPair; batches: number };
  /** model.onnx in MB (10^6 bytes). */
  size?: ModelPair;
}

/** The metrics the evidence allows, each model's where its evidence has it. */
export function gateMetrics(clauses: readonly Clause[], evidence: GateEvidence, hasOld: boolean): GateMetrics {
  const models: Array<[ModelEvidence | undefined, 'new' | 'old']> = [
    [evidence.new, 'new'],
    [hasOld ? evidence.old : undefined, 'old'],
  ];
  const pair = (of: (model: ModelEvidence) => number | null | undefined): ModelPair | undefined => {
    const [newValue, oldValue] = models.map(([model]) => (model === undefined ? undefined : of(model)));
    return newValue === undefined ? undefined : { new: newValue, old: oldValue ?? null };
  };
  const { labels } = evidence;
  const metrics: GateMetrics = {};

  const ks = new Set(clauses.flatMap((c) => (c.metric.kind === 'accuracy' && c.metric.k > 1 ? [c.metric.k] : [])));
  if (evidence.classes.length > 5) ks.add(5);
  const topK = [...ks]
    .sort((a, b) => a - b)
    .flatMap((k) => {
      const share = (model: ModelEvidence | undefined): number | undefined =>
        model?.labelRank === undefined ? undefined : model.labelRank.filter((rank) => rank < k).length / labels.length;
      const n = share(evidence.new);
      return n === undefined ? [] : [{ k, n, o: share(models[1]![0]) ?? null }];
    });
  if (topK.length > 0) metrics.topK = topK;

  const ece = pair((model) =>
    model.confidence === undefined
      ? undefined
      : expectedCalibrationError(
          model.confidence,
          model.predictions.map((prediction, i) => (prediction === labels[i] ? 1 : 0)),
        ),
  );
  if (ece) metrics.ece = ece;
  const brier = pair((model) => (model.brier === undefined ? undefined : model.brier.reduce((sum, b) => sum + b, 0) / model.brier.length));
  if (brier) metrics.brier = brier;

  if (evidence.classes.length === 2) {
    const ratio = (model: ModelEvidence, counted: (i: number) => boolean): number | null => {
      let hits = 0;
      let total = 0;
      for (let i = 0; i < labels.length; i++)
        if (counted(i)) {
          total++;
          if (model.predictions[i] === labels[i]) hits++;
        }
      return total === 0 ? null : hits / total;
    };
    metrics.recall = pair((model) => ratio(model, (i) => labels[i] === 1))!;
    metrics.precision = pair((model) => ratio(model, (i) => model.predictions[i] === 1))!;
  }

  const newTimes = evidence.new.batchMs;
  if (newTimes !== undefined && newTimes.length > 0) {
    const quantile = (q: number) => (model: ModelEvidence) =>
      model.batchMs === undefined || model.batchMs.length === 0 ? undefined : quantileBounds(model.batchMs, q, 0.05).estimate;
    metrics.latency = {
      batchSize: evidence.new.batchSize ?? null,
      p50: pair(quantile(0.5))!,
      p95: pair(quantile(0.95))!,
      batches: newTimes.length,
    };
  }
  const size = pair((model) => (model.bytes === undefined ? undefined : model.bytes / 1e6));
  if (size) metrics.size = size;
  return metrics;
}
