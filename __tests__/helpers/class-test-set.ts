import {
  countPairs,
  evaluateGate,
  parseCondition,
  resolveSettings,
  type GateEvidence,
  type GateResult,
  type GateSettings,
} from '@mlops-actions/gate';

/** A class's items: how often each model is right (nested: the items the worse model gets right, the better one does too). */
export interface ClassSpec {
  name: string;
  items: number;
  newRight: number;
  oldRight: number;
}

/** A test set built class by class: each model right on the first share of a class's items, a wrong one names the next class. */
export function classTestSet(specs: readonly ClassSpec[]): GateEvidence {
  const labels: number[] = [];
  const newPredictions: number[] = [];
  const oldPredictions: number[] = [];
  specs.forEach((spec, label) => {
    const wrong = (label + 1) % specs.length;
    for (let j = 0; j < spec.items; j++) {
      labels.push(label);
      newPredictions.push(j < Math.round(spec.newRight * spec.items) ? label : wrong);
      oldPredictions.push(j < Math.round(spec.oldRight * spec.items) ? label : wrong);
    }
  });
  return {
    classes: specs.map((spec) => spec.name),
    labels: Int32Array.from(labels),
    new: { predictions: Int32Array.from(newPredictions) },
    old: { predictions: Int32Array.from(oldPredictions) },
  };
}

/** The gate's decision on such a test set. */
export function gateOn(condition: string, evidence: GateEvidence, overrides: Partial<GateSettings> = {}): GateResult {
  const counts = countPairs(evidence.labels, evidence.new.predictions, evidence.old?.predictions);
  return evaluateGate({ condition: parseCondition(condition), settings: resolveSettings({ overrides }), counts, evidence });
}
