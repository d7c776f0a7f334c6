import { ConfigurationError, terminalText } from '@mlops-actions/common';
import { formatClause, metricName, type Clause, type SliceKind } from './condition.js';
import { countPairs, type PairedCounts } from './counts.js';

/** One model's per-item (and per-batch) evidence, in the test set's item order. */
export interface ModelEvidence {
  /** Top-1 class number per item. */
  predictions: Int32Array;
  /** Per item: how many classes scored strictly above the label (0 = top-1 right); for n@K. */
  labelRank?: Int32Array;
  /** Per item: probability of the predicted class; for ece. */
  confidence?: Float32Array;
  /** Per item: Σ_c (p_c − y_c)²; for brier. */
  brier?: Float64Array;
  /** Per full batch: inference time in ms (interleaved with the other model's batches); for latency. */
  batchMs?: Float64Array;
  /** Items per batch for batchMs. */
  batchSize?: number;
  /** model.onnx size in bytes; for size. */
  bytes?: number;
}

/** What the gate needs beyond overall top-1 counts: every clause on slices, top-K, recall, precision, ece, brier, latency or size. */
export interface GateEvidence {
  /** Class names in label-number order. */
  classes: readonly string[];
  /** Class number per item. */
  labels: Int32Array;
  new: ModelEvidence;
  /** Absent when there is no production model. */
  old?: ModelEvidence;
  /** Group number per item, −1 for an item in no group. */
  groups?: { names: readonly string[]; ofItem: Int32Array };
}

/** A slice of the test set that one row of a forall clause speaks of. */
export interface Slice {
  kind: SliceKind;
  name: string;
  /** The slice's items, by index. */
  items: Int32Array;
}

/** The scores `mlops gate` cannot give: it reads top-1 predictions only. */
const EVALUATE_PROMOTE_HINT = '`mlops gate` predictions files hold top-1 predictions only: use evaluate-promote, which records them';

/** A ConfigurationError naming the clause and the evidence it needs. */
export function missingEvidence(clause: Clause, needs: string): ConfigurationError {
  return new ConfigurationError(`the clause '${formatClause(clause)}' needs ${needs}; ${EVALUATE_PROMOTE_HINT}`, { subject: 'condition' });
}

/** Checks that the evidence describes `items` items consistently: lengths, class numbers in range, finite sizes. */
export function checkEvidence(evidence: GateEvidence, items: number, hasOld: boolean): void {
  const fail = (problem: string): never => {
    throw new ConfigurationError(`gate evidence: ${problem}`, { subject: 'evidence' });
  };
  const classes = evidence.classes.length;
  if (classes < 1) fail('no class names were given');
  if (evidence.labels.length !== items)
    fail(`${evidence.labels.length} labels for ${items} counted items: both must describe the same test set`);
  const checkClassNumbers = (values: Int32Array, what: string): void => {
    const bad = values.findIndex((value) => value < 0 || value >= classes);
    if (bad >= 0) fail(`${what} of item ${bad} is ${values[bad]}, not a class number from 0 to ${classes - 1}`);
  };
  checkClassNumbers(evidence.labels, 'the label');
  if (hasOld && evidence.old === undefined) fail('the counts have a production model, but the evidence has none for it');
  for (const [model, side] of [
    ['new', evidence.new],
    ['old', evidence.old],
  ] as const) {
    if (side === undefined) continue;
    if (side.predictions.length !== items) fail(`${side.predictions.length} ${model} predictions for ${items} items`);
    checkClassNumbers(side.predictions, `the ${model} prediction`);
    for (const [name, values] of [
      ['labelRank', side.labelRank],
      ['confidence', side.confidence],
      ['brier', side.brier],
    ] as const)
      if (values !== undefined && values.length !== items) fail(`${values.length} ${model} ${name} values for ${items} items`);
    if (side.labelRank?.some((rank) => rank < 0 || rank >= classes))
      fail(`a ${model} label rank lies outside 0 to ${classes - 1}: it counts the classes scored above the label`);
    if (side.bytes !== undefined && !(Number.isFinite(side.bytes) && side.bytes >= 0))
      fail(`the ${model} model's size ${side.bytes} bytes is not a finite number of bytes`);
  }
  if (evidence.groups) {
    const { names, ofItem } = evidence.groups;
    if (ofItem.length !== items) fail(`${ofItem.length} group numbers for ${items} items`);
    const bad = ofItem.findIndex((group) => group < -1 || group >= names.length);
    if (bad >= 0) fail(`the group of item ${bad} is ${ofItem[bad]}, not −1 (no group) or a group number from 0 to ${names.length - 1}`);
  }
}

/**
 * The slices a forall clause ranges over: every class (one with no test items too: it is reported as too small), or
 * every group with at least one item (a group with none is no slice of this test set).
 */
export function slicesOf(clause: Clause, evidence: GateEvidence | undefined): Slice[] {
  const kind = clause.slice!;
  if (evidence === undefined) throw missingEvidence(clause, `each item's ${kind}`);
  const [names, ofItem] =
    kind === 'class' ? [evidence.classes, evidence.labels] : evidence.groups ? [evidence.groups.names, evidence.groups.ofItem] : [];
  if (names === undefined || ofItem === undefined) throw noGroupsError(clause, 'the test set has none');
  const members: number[][] = names.map(() => []);
  for (let i = 0; i < ofItem.length; i++) if (ofItem[i]! >= 0) members[ofItem[i]!]!.push(i);
  const slices = names
    // Names come from the test set: their control characters are shown escaped, so a name with a line break cannot start a
    // workflow command (`::warning::…`) in the log lines the gate's reason and notes become.
    .map((name, index) => ({ kind, name: terminalText(name), items: Int32Array.from(members[index]!) }))
    .filter((slice) => kind === 'class' || slice.items.length > 0);
  // A forall over no slice would hold vacuously: promoting on no evidence at all.
  if (slices.length === 0) throw noGroupsError(clause, 'the groups given put no test item in a group');
  return slices;
}

/** What evaluate-promote's user gives for groups. */
const GROUPS_INPUT_REMEDY =
  'give the groups input (folders for an image folder with <class>/<group>/ sub-folders, a column:<name> of the table, or a CSV file with header item,group)';

/** The error for a `forall group` clause on a test set without groups (`why`), saying what to give instead. */
export function noGroupsError(clause: Clause, why: string, remedy = GROUPS_INPUT_REMEDY, subject = 'condition'): ConfigurationError {
  return new ConfigurationError(`the clause '${formatClause(clause)}' ranges over groups, but ${why}: ${remedy}`, { subject });
}

/**
 * Paired counts of an accuracy-like clause (top-1, top-K, recall) over the given items (all when undefined): whether
 * each model is right, and for top-1 whether the predictions differ. For top-K, "differ" means their correctness does.
 */
export function pairedCountsOf(clause: Clause, evidence: GateEvidence, items: Int32Array | undefined, hasOld: boolean): PairedCounts {
  const k = clause.metric.kind === 'accuracy' ? clause.metric.k : 1;
  const picked = (values: Int32Array): Int32Array => (items === undefined ? values : Int32Array.from(items, (i) => values[i]!));
  const old = hasOld ? evidence.old : undefined;
  if (k === 1) return countPairs(picked(evidence.labels), picked(evidence.new.predictions), old ? picked(old.predictions) : undefined);
  // Scores first: without them (a predictions file) the class count is only what the file happens to hold.
  const ranksOf = (model: 'new' | 'old', ranks: Int32Array | undefined): Int32Array => {
    if (ranks === undefined) throw missingEvidence(clause, `the ${model} model's rank of each item's label (its scores over all classes)`);
    return ranks;
  };
  const newRanks = ranksOf('new', evidence.new.labelRank);
  const oldRanks = old ? ranksOf('old', old.labelRank) : undefined;
  // Every label is within the top K of K or more classes: such a clause would hold whatever the models do.
  if (k >= evidence.classes.length)
    throw new ConfigurationError(
      `the clause '${formatClause(clause)}' asks for top-${k} accuracy, but the test set has only ${evidence.classes.length} classes: ` +
        `every label is within the top ${k}, so it would hold for any model. Use a K below ${evidence.classes.length}.`,
      { subject: 'condition' },
    );
  const rightWithin = (ranks: Int32Array): Int32Array => picked(ranks).map((rank) => (rank < k ? 0 : 1));
  const newRight = rightWithin(newRanks);
  const oldRight = oldRanks && rightWithin(oldRanks);
  return countPairs(new Int32Array(newRight.length), newRight, oldRight);
}

/** A ConfigurationError unless the test set has two classes: recall and precision are for binary classifiers. */
export function requireBinary(clause: Clause, evidence: GateEvidence): void {
  if (evidence.classes.length !== 2)
    throw new ConfigurationError(
      `the clause '${formatClause(clause)}' uses ${metricName(clause.metric)}, which is for binary classifiers (2 labels); this test set has ${evidence.classes.length} classes: for per-class recall use 'forall class: n[class] > … +/- …'`,
      { subject: 'condition' },
    );
}
