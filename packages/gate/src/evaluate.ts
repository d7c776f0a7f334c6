import { ConfigurationError } from '@mlops-actions/common';
import {
  formatClause,
  formatCondition,
  formatExpression,
  metricName,
  variablesOf,
  type Clause,
  type Condition,
  type SliceKind,
} from './condition.js';
import { DIFFERENT, estimates, NEW_RIGHT, OLD_RIGHT, type PairedCounts } from './counts.js';
import { checkEvidence, missingEvidence, pairedCountsOf, requireBinary, slicesOf, type GateEvidence, type Slice } from './evidence.js';
import { MIN_EXACT_DELTA, pairedExact } from './exact.js';
import { clauseEstimate, pairedBootstrap, percentileBounds, samplesForTail } from './intervals.js';
import { latencyBatchesRequired } from './latency.js';
import {
  calibrationMeasure,
  latencyMeasure,
  precisionMeasure,
  scaledDecision,
  scaledProportion,
  sizeMeasure,
  type ClauseMethod,
  type Measured,
  type TruthValue,
} from './measures.js';
import { gateMetrics, type GateMetrics } from './metrics.js';
import {
  bennettApplies,
  bennettHalfWidth,
  hoeffdingHalfWidth,
  pairedDifferenceScale,
  requiredItems,
  supportedReliability,
  type BoundKind,
  type Requirement,
} from './sample-size.js';
import { checkSettings, MAX_BOOTSTRAP_WORK, MAX_EXACT_CLAUSES, MAX_SAMPLES, type GateSettings, type IntervalMethod } from './settings.js';
import { mcnemarExact, wilsonInterval, type McNemarResult } from './significance.js';

export type { ClauseMethod, TruthValue } from './measures.js';

/** The slice a row of a forall clause speaks of. */
export interface ClauseSlice {
  kind: SliceKind;
  name: string;
  /** Test items in the slice. */
  items: number;
  /** Items the slice needs for the clause's tolerance at its share of δ. */
  itemsRequired: number;
  /** Fewer items than required: the row is unknown unless its interval already says false. */
  tooSmall: boolean;
}

export interface ClauseResult {
  /** The clause in canonical form; for a forall clause, one slice of it: `n[cat] - o[cat] > -0.02 +/- 0.02`. */
  clause: string;
  /** What the clause measures: `accuracy`, `accuracy@5`, `recall`, `precision`, `ece`, `brier`, `latency-p50`, `latency-p95`, `size`. */
  metric: string;
  /** For a forall clause's rows: the slice. */
  slice?: ClauseSlice;
  comparison: '>' | '<';
  /** In ms for latency, MB for size. */
  threshold: number;
  /** null for a latency or size clause written without one. */
  tolerance: number | null;
  /** The left side on the point estimates; NaN (null in JSON) where there is none: a slice or precision with no items. */
  estimate: number;
  /** [lower, upper]: each end a one-sided confidence bound at `confidence` (±Infinity where batches cannot bound it). */
  interval: [number, number];
  confidence: number;
  /** How the interval was computed. */
  method: ClauseMethod;
  /** The bounds in words, where the method's name says too little (ece, brier). */
  methodDetail?: string;
  /** Whether the interval is within ± tolerance of the estimate (what the tolerance asks of the test set). */
  withinTolerance: boolean;
  /** The paper's requirement for this clause's tolerance at its share of δ (0 for latency and size). */
  itemsRequired: number;
  bound: BoundKind;
  value: TruthValue;
}

/** One row of a forall clause's table. */
export interface SliceRow {
  name: string;
  items: number;
  /** NaN (null in JSON) for a class with no test items. */
  estimate: number;
  interval: [number, number];
  value: TruthValue;
  tooSmall: boolean;
  itemsRequired: number;
  /** The new model's accuracy (top-K for an n@K clause) on the slice; null without items. */
  n: number | null;
  /** The old model's, null without a production model or items. */
  o: number | null;
}

/** A forall clause's rows, worst first: the smallest margin in the clause's direction first, empty slices last. */
export interface SliceTable {
  clause: string;
  kind: SliceKind;
  rows: SliceRow[];
}

export interface GateResult {
  /** The result's format version. */
  schema: 1;
  condition: string;
  settings: {
    reliability: number;
    mode: GateSettings['mode'];
    adaptivity: GateSettings['adaptivity'];
    steps: number;
    method: IntervalMethod;
    samples: number;
    seed: number;
    firstModel: string;
  };
  /** Test items evaluated. */
  items: number;
  /** The paper's required number of items for the condition's tolerances at this reliability. */
  itemsRequired: number;
  /** Of those, the labelled items the clauses on n or o need (0 without such a clause), as the paper counts them. */
  labelledItemsRequired: number;
  /** Items, labelled or not, the clauses on d alone need (0 without one). */
  unlabelledItemsRequired: number;
  /** Whether `items` ≥ `itemsRequired`. */
  enoughItems: boolean;
  /** The highest reliability these items support at the condition's tolerances (paper's bounds); null if none. */
  supportedReliability: number | null;
  /** Accuracy of the new model. */
  n: number;
  /** Accuracy of the old model; null without a production model. */
  o: number | null;
  /** Fraction of items whose predictions differ; null without a production model. */
  d: number | null;
  /** Two-sided Wilson intervals at the gate's reliability, reported beside the gate. */
  wilson: { confidence: number; n: [number, number]; o: [number, number] | null };
  mcnemar: McNemarResult | null;
  /** Whether there was no production model, so the first-model rule decided. */
  firstModel: boolean;
  clauses: ClauseResult[];
  /** One table per forall clause, rows worst first. */
  slices?: SliceTable[];
  /** What the evidence allows to report beside the gate (the card and the summaries show these). */
  metrics?: GateMetrics;
  /** The Kleene AND of the clauses. */
  value: TruthValue;
  passed: boolean;
  decision: 'promote' | 'reject';
  /** One line: what was decided and why. */
  reason: string;
  /** What else a reviewer should know: too few items, resamples raised, ... */
  notes: string[];
}

export interface GateInput {
  condition: Condition;
  settings: GateSettings;
  /** Overall top-1 counts (all `mlops gate` gives). */
  counts: PairedCounts;
  /** Needed by every clause beyond n, o, d on the whole test set; absent, such a clause is a ConfigurationError. */
  evidence?: GateEvidence;
}

/** Decides whether the new model passes the condition on the paired test set. */
export function evaluateGate(input: GateInput): GateResult {
  const settings = checkSettings(input.settings);
  const { counts, evidence } = input;
  if (counts.items === 0)
    throw new ConfigurationError('the test set is empty: the gate needs at least one item with a label and predictions');
  if (evidence !== undefined) checkEvidence(evidence, counts.items, counts.hasOld);
  if (!counts.hasOld) return evaluateFirstModel(input.condition, settings, counts, evidence);
  return evaluateClauses(input.condition.clauses, settings, counts, evidence, {
    firstModel: false,
    condition: formatCondition(input.condition),
  });
}

function evaluateFirstModel(
  condition: Condition,
  settings: GateSettings,
  counts: PairedCounts,
  evidence: GateEvidence | undefined,
): GateResult {
  const rule = settings.firstModel;
  if (rule.kind === 'condition') {
    const used = variablesOf(rule.condition.clauses);
    if (used.has('o') || used.has('d')) {
      throw new ConfigurationError(
        `the first-model condition '${formatCondition(rule.condition)}' may only use the new model's values (n, n@K, n[class], recall(new), latency(new), …): there is no old model to compare with`,
      );
    }
    const result = evaluateClauses(rule.condition.clauses, settings, counts, evidence, {
      firstModel: true,
      condition: formatCondition(rule.condition),
    });
    return { ...result, reason: `${result.reason} (no production model yet: first-model condition)` };
  }
  const n = estimates(counts).n;
  const base = describeSettings(settings, settings.samples);
  const confidence = settings.reliability;
  const wilsonN = wilsonInterval(Math.round(n * counts.items), counts.items, confidence);
  const passed = rule.kind === 'promote';
  const accuracy = `n = ${formatNumber(n)}, ${formatPercent(confidence)} Wilson interval [${formatNumber(wilsonN[0])}, ${formatNumber(wilsonN[1])}]`;
  return {
    schema: 1,
    condition: formatCondition(condition),
    settings: base,
    items: counts.items,
    itemsRequired: 0,
    labelledItemsRequired: 0,
    unlabelledItemsRequired: 0,
    enoughItems: true,
    supportedReliability: null,
    n,
    o: null,
    d: null,
    wilson: { confidence, n: wilsonN, o: null },
    mcnemar: null,
    firstModel: true,
    clauses: [],
    ...(evidence ? { metrics: gateMetrics(condition.clauses, evidence, false) } : {}),
    value: passed ? 'true' : 'false',
    passed,
    decision: passed ? 'promote' : 'reject',
    reason: passed
      ? `promoted: no production model yet, and the first-model rule is 'promote' (${accuracy})`
      : `rejected: no production model yet, and the first-model rule is 'reject': promote the first model by hand or set first-model to 'promote' or a condition on n (${accuracy})`,
    notes: [],
  };
}

/** A clause after forall expansion: one per slice, each with the paired counts it is decided on where it has them. */
interface Expanded {
  clause: Clause;
  /** Canonical text, with the slice's name in the brackets. */
  text: string;
  /** The left side as text, for the reason. */
  expression: string;
  /** Index of the clause in the condition. */
  origin: number;
  slice?: Slice;
  /** For accuracy-like clauses (top-1, top-K, recall): the paired counts (items may be 0: an empty slice). */
  paired?: PairedCounts;
}

/** Every clause per slice (forall), with the paired counts of accuracy-like clauses from the evidence. */
function expandClauses(clauses: readonly Clause[], counts: PairedCounts, evidence: GateEvidence | undefined): Expanded[] {
  const hasOld = counts.hasOld;
  return clauses.flatMap((clause, origin): Expanded[] => {
    const expression = (name?: string): string => formatExpression(clause.coefficients, clause.metric, name ?? clause.slice);
    const whole = { clause, text: formatClause(clause), expression: expression(), origin };
    if (clause.slice !== undefined) {
      return slicesOf(clause, evidence).map((slice) => ({
        clause,
        text: formatClause(clause, slice.name),
        expression: expression(slice.name),
        origin,
        slice,
        paired: pairedCountsOf(clause, evidence!, slice.items, hasOld),
      }));
    }
    const kind = clause.metric.kind;
    if (kind === 'accuracy' && clause.metric.k === 1) return [{ ...whole, paired: counts }];
    if (kind === 'accuracy') {
      if (evidence === undefined) throw missingEvidence(clause, "each item's label rank (the model's scores over all classes)");
      return [{ ...whole, paired: pairedCountsOf(clause, evidence, undefined, hasOld) }];
    }
    if (kind === 'recall') {
      if (evidence === undefined) throw missingEvidence(clause, "each item's label and prediction");
      requireBinary(clause, evidence);
      const positives = Int32Array.from(evidence.labels.keys()).filter((i) => evidence.labels[i] === 1);
      return [{ ...whole, paired: pairedCountsOf(clause, evidence, positives, hasOld) }];
    }
    if (evidence === undefined && kind !== 'latency' && kind !== 'size')
      throw missingEvidence(clause, `each item's ${kind === 'precision' ? 'label and prediction' : 'probabilities'}`);
    return [whole];
  });
}

function evaluateClauses(
  clauses: readonly Clause[],
  settings: GateSettings,
  counts: PairedCounts,
  evidence: GateEvidence | undefined,
  context: { firstModel: boolean; condition: string },
): GateResult {
  const notes: string[] = [];
  const expanded = expandClauses(clauses, counts, evidence);
  const requirement = requiredItems(
    expanded.map((e) => e.clause),
    settings,
  );
  const logDelta = requirement.logClauseDelta;
  const delta = Math.exp(logDelta);
  const confidence = -Math.expm1(logDelta);
  const pairedEntries = (slices: boolean): number[] =>
    expanded.flatMap((e, i) => (e.paired !== undefined && e.paired.items > 0 && (e.slice !== undefined) === slices ? [i] : []));
  const entriesOf = (indices: number[]): PairedEntry[] =>
    indices.map((i) => ({ clause: expanded[i]!.clause, counts: expanded[i]!.paired!, requirementIndex: i }));
  const overall = pairedEntries(false);
  const { method, samples, intervals } = computeIntervals(entriesOf(overall), settings, requirement, notes);
  // A slice may hold a handful of items, where a percentile bootstrap's interval is no confidence interval at all (four
  // items both models get right resample to [0, 0]): slices are decided by the exact tests whatever the method.
  const sliced = pairedEntries(true);
  const sliceNotes: string[] = [];
  const sliceIntervals =
    sliced.length === 0
      ? []
      : computeIntervals(
          entriesOf(sliced),
          settings.method === 'bootstrap' ? { ...settings, method: 'exact' } : settings,
          requirement,
          sliceNotes,
        ).intervals;
  for (const note of sliceNotes) if (!notes.includes(note)) notes.push(note);
  const pairedIntervals = new Map([
    ...overall.map((entry, j): [number, ClauseInterval] => [entry, intervals[j]!]),
    ...sliced.map((entry, j): [number, ClauseInterval] => [entry, sliceIntervals[j]!]),
  ]);

  const measure = (e: Expanded, i: number): Measured => {
    const { clause, paired } = e;
    if (paired !== undefined) {
      if (paired.items === 0) return { estimate: NaN, interval: expressionRange(clause), method: requirement.clauses[i]!.bound };
      return { estimate: clauseEstimate(clause, paired), ...pairedIntervals.get(i)! };
    }
    const kind = clause.metric.kind;
    if (kind === 'precision') return precisionMeasure(clause, evidence!, counts.hasOld, delta);
    if (kind === 'ece' || kind === 'brier') return calibrationMeasure(clause, evidence!, counts.hasOld, delta);
    if (kind === 'latency') return latencyMeasure(clause, evidence, counts.hasOld, delta);
    return sizeMeasure(clause, evidence, counts.hasOld);
  };

  const clauseResults = expanded.map((e, i): ClauseResult => {
    const { clause } = e;
    const measured = measure(e, i);
    const { estimate, interval } = measured;
    const clauseRequirement = requirement.clauses[i]!;
    const value = measured.value ?? clauseValue(clause, interval, e.text);
    const tolerance = clause.tolerance ?? null;
    const result: ClauseResult = {
      clause: e.text,
      metric: metricName(clause.metric),
      comparison: clause.comparison,
      threshold: clause.threshold,
      tolerance,
      estimate,
      interval,
      confidence,
      method: measured.method,
      ...(measured.detail === undefined ? {} : { methodDetail: measured.detail }),
      withinTolerance: tolerance === null || (estimate - interval[0] <= tolerance + 1e-12 && interval[1] - estimate <= tolerance + 1e-12),
      itemsRequired: clauseRequirement.items,
      bound: clauseRequirement.bound,
      value,
    };
    if (e.slice !== undefined) {
      const items = e.slice.items.length;
      const itemsRequired = sliceItemsRequired(result, items, clauseRequirement.items);
      // The slice's interval holds at its share of δ whatever its size, so one that lies beyond the threshold decides.
      // An undecided slice whose interval is wider than the tolerance is too small to judge: it stays undecided (never
      // a pass in mode fp-free), and the result says how many items would bring its interval within the tolerance.
      const tooSmall = items === 0 || (value === 'unknown' && !result.withinTolerance);
      result.slice = { kind: e.slice.kind, name: e.slice.name, items, itemsRequired, tooSmall };
    }
    return result;
  });

  const value = kleeneAnd(clauseResults.map((c) => c.value));
  const passed = value === 'true' || (value === 'unknown' && settings.mode === 'fn-free');
  const sizedClauses = expanded.filter((e) => e.slice === undefined).map((e) => e.clause);
  const sizedRequirement = sizedClauses.length > 0 ? Math.max(...expanded.map((e, i) => (e.slice ? 0 : requirement.clauses[i]!.items))) : 0;
  const enoughItems = counts.items >= sizedRequirement;
  const wholeSetRequirement = (needsLabels: boolean): number =>
    Math.max(
      0,
      ...expanded.map((e, i) => (e.slice || requirement.clauses[i]!.needsLabels !== needsLabels ? 0 : requirement.clauses[i]!.items)),
    );
  const supported = supportedReliability(
    expanded.map((e) => e.clause),
    settings,
    counts.items,
  );
  // The paper's item requirement matters to the decision only where its bounds gave the interval: exact tests and the
  // bootstrap hold for the items there are (a too-wide interval gets the tolerance note below).
  if (!enoughItems && clauseResults.some((c, i) => intervalFromBounds(c) && expanded[i]!.slice === undefined)) {
    notes.push(
      `The test set has ${counts.items} items; the paper's distribution-free guarantee for these tolerances at reliability ${formatReliability(settings.reliability)} needs ${sizedRequirement}, ` +
        `and this decision used its Hoeffding/Bennett bounds: on these items they give ${expanded
          .flatMap((e, i) =>
            e.paired === undefined || e.slice !== undefined || !intervalFromBounds(clauseResults[i]!)
              ? []
              : [`${e.expression} to ± ${formatNumber(guaranteedHalfWidth(e.clause, requirement, e.paired.items))}`],
          )
          .join(', ')}` +
        (supported === undefined ? '.' : `, and meet the tolerances at reliability ${formatReliability(supported)}.`),
    );
  }
  const tooSmall = clauseResults.filter((c) => c.slice?.tooSmall);
  if (tooSmall.length > 0)
    notes.push(
      `Too small to judge at reliability ${formatReliability(settings.reliability)} (${settings.mode === 'fp-free' ? 'undecided, so not passed in mode fp-free' : 'undecided, and passed only because mode fn-free passes what the test set cannot tell'}): ${tooSmall
        .map((c) => `${c.slice!.kind} ${c.slice!.name} in '${c.clause}' has ${c.slice!.items} items, needs ${c.slice!.itemsRequired}`)
        .join('; ')}.`,
    );
  for (const result of clauseResults) {
    if (!result.withinTolerance && !result.slice)
      notes.push(`The interval of '${result.clause}' is wider than ± ${result.tolerance}: more test items would sharpen it.`);
  }
  for (const [i, result] of clauseResults.entries()) {
    const { metric } = expanded[i]!.clause;
    if (metric.kind !== 'latency' || result.interval.every(Number.isFinite)) continue;
    const batches = latencyBatchesRequired(expanded[i]!.clause, counts.hasOld, logDelta);
    notes.push(
      `'${result.clause}' cannot be bounded on ${evidence?.new.batchMs?.length ?? 0} batches per model at its share of δ: ` +
        `a ${metric.quantile} needs at least ${batches} timed batches. Raise latency-rounds (the batches evaluate-promote times per model)${metric.quantile === 'p95' ? ', or bound the median (p50)' : ''}.`,
    );
  }
  if (value === 'unknown') {
    notes.push(
      settings.mode === 'fp-free'
        ? 'Undecided clauses count as failed (mode fp-free: a pass must be statistically sure).'
        : 'Undecided clauses count as passed (mode fn-free: only a sure failure rejects).',
    );
  }

  const est = estimates(counts);
  const wilsonConfidence = settings.reliability;
  const rightNew = sumCells(counts, NEW_RIGHT);
  const slices = sliceTables(clauses, expanded, clauseResults);
  return {
    schema: 1,
    condition: context.condition,
    settings: describeSettings(settings, samples, method),
    items: counts.items,
    // The whole test set's requirement: a slice's is its own, in its row of the slice table.
    itemsRequired: sizedRequirement,
    labelledItemsRequired: wholeSetRequirement(true),
    unlabelledItemsRequired: wholeSetRequirement(false),
    enoughItems,
    supportedReliability: supported ?? null,
    n: est.n,
    o: counts.hasOld ? est.o : null,
    d: counts.hasOld ? est.d : null,
    wilson: {
      confidence: wilsonConfidence,
      n: wilsonInterval(rightNew, counts.items, wilsonConfidence),
      o: counts.hasOld ? wilsonInterval(sumCells(counts, OLD_RIGHT), counts.items, wilsonConfidence) : null,
    },
    mcnemar: counts.hasOld ? mcnemarExact(counts.cells[NEW_RIGHT | DIFFERENT]!, counts.cells[OLD_RIGHT | DIFFERENT]!) : null,
    firstModel: context.firstModel,
    clauses: clauseResults,
    ...(slices.length > 0 ? { slices } : {}),
    ...(evidence ? { metrics: gateMetrics(clauses, evidence, counts.hasOld) } : {}),
    value,
    passed,
    decision: passed ? 'promote' : 'reject',
    reason: explain(clauseResults, expanded, passed, settings.mode),
    notes,
  };
}

/** The range of an accuracy-like left side (every variable in [0, 1]): all a slice with no items can say. */
function expressionRange(clause: Clause): [number, number] {
  const values = Object.values(clause.coefficients);
  return [values.reduce((sum, a) => sum + Math.min(a, 0), 0), values.reduce((sum, a) => sum + Math.max(a, 0), 0)];
}

/** One table per forall clause, its rows worst first (smallest margin in the clause's direction), empty slices last. */
function sliceTables(clauses: readonly Clause[], expanded: readonly Expanded[], results: readonly ClauseResult[]): SliceTable[] {
  return clauses.flatMap((clause, origin): SliceTable[] => {
    if (clause.slice === undefined) return [];
    const rows = expanded.flatMap((e, i): SliceRow[] => {
      if (e.origin !== origin || e.slice === undefined) return [];
      const result = results[i]!;
      const paired = e.paired!;
      const shares = paired.items > 0 ? estimates(paired) : undefined;
      return [
        {
          name: e.slice.name,
          items: e.slice.items.length,
          estimate: result.estimate,
          interval: result.interval,
          value: result.value,
          tooSmall: result.slice!.tooSmall,
          itemsRequired: result.slice!.itemsRequired,
          n: shares?.n ?? null,
          o: shares && paired.hasOld ? shares.o : null,
        },
      ];
    });
    const margin = (row: SliceRow): number =>
      Number.isNaN(row.estimate) ? Infinity : clause.comparison === '>' ? row.estimate - clause.threshold : clause.threshold - row.estimate;
    rows.sort((a, b) => margin(a) - margin(b));
    return [{ clause: formatClause(clause), kind: clause.slice, rows }];
  });
}

/**
 * Items a slice needs for its interval to come within ± tolerance: the paper's requirement where its bounds gave the
 * interval (they are what that requirement is computed from), otherwise the slice's own interval scaled as 1/√N — an
 * estimate, since an exact interval's width depends on the counts too. Empty slices need the paper's figure.
 */
function sliceItemsRequired(result: ClauseResult, items: number, paperItems: number): number {
  const halfWidth = Math.max(result.estimate - result.interval[0], result.interval[1] - result.estimate);
  if (items === 0 || intervalFromBounds(result) || result.tolerance === null || !Number.isFinite(halfWidth)) return paperItems;
  return Math.max(items, Math.ceil(items * (halfWidth / result.tolerance) ** 2));
}

/** Whether a clause's interval came from the paper's Hoeffding/Bennett bounds (not an exact test or the bootstrap). */
export function intervalFromBounds(clause: Pick<ClauseResult, 'method'>): boolean {
  return clause.method === 'hoeffding' || clause.method === 'bennett';
}

/** One paired clause's interval, how it was computed, and its value where a test decided it directly. */
type ClauseInterval = Omit<Measured, 'estimate'>;

/** An accuracy-like clause with the paired counts it is decided on (overall, one slice, top-K or the positives). */
interface PairedEntry {
  clause: Clause;
  counts: PairedCounts;
  /** Its index in the requirement's clauses. */
  requirementIndex: number;
}

function computeIntervals(
  entries: readonly PairedEntry[],
  settings: GateSettings,
  requirement: Requirement,
  notes: string[],
): { method: IntervalMethod; samples: number; intervals: ClauseInterval[] } {
  const logDelta = requirement.logClauseDelta;
  let method = settings.method;
  let samples = settings.samples;
  if (method === 'exact' && Math.exp(logDelta) < MIN_EXACT_DELTA) {
    method = 'hoeffding';
    notes.push(
      `The exact tests resolve a one-sided δ down to ${MIN_EXACT_DELTA}; this decision's share is ${Math.exp(logDelta).toExponential(2)}, so the Hoeffding/Bennett bounds were used instead.`,
    );
  } else if (method === 'exact' && entries.length > MAX_EXACT_CLAUSES) {
    method = 'hoeffding';
    notes.push(
      `${entries.length} clauses exceed the ${MAX_EXACT_CLAUSES} the exact tests decide in one evaluation (each costs up to tens of milliseconds); the Hoeffding/Bennett bounds were used instead.`,
    );
  }
  if (method === 'bootstrap' && entries.length > 0) {
    const needed = samplesForTail(logDelta);
    if (needed > MAX_SAMPLES) {
      method = 'hoeffding';
      notes.push(
        `A bootstrap cannot resolve a one-sided tail of ${Math.exp(logDelta).toExponential(2)} with at most ${MAX_SAMPLES} resamples; the Hoeffding/Bennett bounds were used instead.`,
      );
    } else if (Math.max(needed, samples) * entries.length > MAX_BOOTSTRAP_WORK) {
      method = 'hoeffding';
      notes.push(
        `${entries.length} clauses, each needing ${Math.max(needed, samples)} resamples, exceed the bootstrap's budget of ${MAX_BOOTSTRAP_WORK} evaluations; the Hoeffding/Bennett bounds were used instead.`,
      );
    } else if (needed > samples) {
      notes.push(
        `Resamples raised from ${samples} to ${needed} so that each tail of ${Math.exp(logDelta).toPrecision(3)} holds at least 10 of them.`,
      );
      samples = needed;
    }
  }
  if (method === 'bootstrap') {
    // Clauses on the same counts share their resamples, as the overall clauses always have.
    const intervals: ClauseInterval[] = [];
    const groups = new Map<PairedCounts, number[]>();
    entries.forEach((entry, j) => groups.set(entry.counts, [...(groups.get(entry.counts) ?? []), j]));
    for (const [counts, members] of groups) {
      const distributions = pairedBootstrap(
        counts,
        members.map((j) => entries[j]!.clause),
        samples,
        settings.seed,
      );
      members.forEach((j, m) => (intervals[j] = { interval: percentileBounds(distributions[m]!, logDelta), method: 'bootstrap' }));
    }
    return { method, samples, intervals };
  }
  const bounds = ({ clause, counts, requirementIndex }: PairedEntry): ClauseInterval => {
    const estimate = clauseEstimate(clause, counts);
    const halfWidth = guaranteedHalfWidth(clause, requirement, counts.items);
    return { interval: [estimate - halfWidth, estimate + halfWidth], method: requirement.clauses[requirementIndex]!.bound };
  };
  if (method === 'hoeffding') return { method, samples, intervals: entries.map(bounds) };
  const delta = Math.exp(logDelta);
  return { method, samples, intervals: entries.map((entry) => exactClause(entry.clause, entry.counts, delta) ?? bounds(entry)) };
}

/**
 * A clause decided by an exact test, or undefined when none applies (then the paper's bounds decide it). A clause
 * a·(n − o) ⋈ t is a paired difference; a·x ⋈ t on one variable is a proportion (a < 0 tests the complement). The
 * clause's value is the test at the threshold in each direction, each at level δ, and its interval the tests inverted.
 */
function exactClause(clause: Clause, counts: PairedCounts, delta: number): ClauseInterval | undefined {
  const { items, cells } = counts;
  const paired = pairedDifferenceScale(clause);
  const used = (['n', 'o', 'd'] as const).filter((v) => clause.coefficients[v] !== 0);
  if (paired !== undefined) {
    // a·(n − o) = |a|·Δ' where Δ' is the difference in the direction of a's sign.
    const [onlyNew, onlyOld] = [cells[NEW_RIGHT | DIFFERENT]!, cells[OLD_RIGHT | DIFFERENT]!];
    const [b, c] = paired > 0 ? [onlyNew, onlyOld] : [onlyOld, onlyNew];
    const scale = Math.abs(paired);
    return { ...scaledDecision(clause, pairedExact(b, c, items, clause.threshold / scale, delta), scale, 0), method: 'exact-score' };
  }
  if (used.length !== 1) return undefined;
  const variable = used[0]!;
  const bit = variable === 'n' ? NEW_RIGHT : variable === 'o' ? OLD_RIGHT : DIFFERENT;
  const { interval, value, method } = scaledProportion(clause.coefficients[variable], sumCells(counts, bit), items, clause, delta);
  return { interval, value: value!, method };
}

/** The half-width the paper's bounds guarantee for a clause with N items (Bennett where it applies and is tighter). */
function guaranteedHalfWidth(clause: Clause, requirement: Requirement, items: number): number {
  const logDelta = requirement.logClauseDelta;
  const hoeffding = hoeffdingHalfWidth(clause, logDelta, items);
  const scale = pairedDifferenceScale(clause);
  if (scale === undefined || requirement.bennettP === undefined || !bennettApplies(clause)) return hoeffding;
  return Math.min(hoeffding, Math.abs(scale) * bennettHalfWidth(requirement.bennettP, logDelta, items));
}

function clauseValue(clause: Clause, [lower, upper]: [number, number], text: string): TruthValue {
  // Nothing is decided on a value that is not a number: such a clause stops the gate with an error instead. An infinite
  // end is a side the evidence cannot bound (too few batches for a latency quantile): it decides nothing either way.
  const infiniteAllowed = clause.metric.kind === 'latency';
  if (![lower, upper, clause.threshold].every((x) => Number.isFinite(x) || (infiniteAllowed && Math.abs(x) === Infinity)))
    throw new ConfigurationError(
      `the clause '${text}' has the interval [${lower}, ${upper}]: not finite numbers, so no decision is taken on it`,
      {
        subject: 'condition',
      },
    );
  // A bound that equals the threshold but for rounding (0.02 computed as 0.020000000000000004 from counts) is a tie,
  // and a tie is not beyond the threshold: the values lie on a grid of counts / N, far coarser than this.
  const t = clause.threshold;
  const snap = (bound: number): number => (Math.abs(bound - t) <= 1e-12 * Math.max(1, Math.abs(t)) ? t : bound);
  const [low, high] = [snap(lower), snap(upper)];
  if (clause.comparison === '>') return low > t ? 'true' : high <= t ? 'false' : 'unknown';
  return high < t ? 'true' : low >= t ? 'false' : 'unknown';
}

/** Kleene's strong AND: false wins, then unknown. */
export function kleeneAnd(values: readonly TruthValue[]): TruthValue {
  if (values.includes('false')) return 'false';
  return values.includes('unknown') ? 'unknown' : 'true';
}

function explain(clauses: readonly ClauseResult[], expanded: readonly Expanded[], passed: boolean, mode: GateSettings['mode']): string {
  const describe = (i: number): string => describeClause(clauses[i]!, expanded[i]!.expression, mode);
  // How far clause j's interval lies on the passing side of its threshold (negative: across it).
  const margin = (j: number): number => {
    const c = clauses[j]!;
    // An empty slice's interval is the whole range: it says nothing, so it is named only when nothing else decided.
    if (c.slice?.items === 0) return Infinity;
    const m = c.comparison === '>' ? c.interval[0] - c.threshold : c.threshold - c.interval[1];
    return Number.isNaN(m) ? Infinity : m;
  };
  const worstOf = (indices: number[]): number => indices.reduce((a, b) => (margin(b) < margin(a) ? b : a));
  if (passed) {
    // A forall clause is said once, by its worst slice and how many there were: a reason for a hundred classes stays a line.
    const parts: string[] = [];
    for (const [i, e] of expanded.entries()) {
      if (e.slice === undefined) {
        parts.push(describe(i));
        continue;
      }
      const rows = expanded.flatMap((other, j) => (other.origin === e.origin ? [j] : []));
      if (rows[0] !== i) continue;
      parts.push(`every ${e.slice.kind} of ${rows.length}, the closest ${describe(worstOf(rows))}`);
    }
    return `passed: ${parts.join('; ')}`;
  }
  // The first clause that decided, and of a forall clause its worst slice.
  const deciding = (value: TruthValue): number | undefined => {
    const first = clauses.findIndex((c) => c.value === value);
    if (first < 0) return undefined;
    const origin = expanded[first]!.origin;
    return worstOf(clauses.flatMap((c, j) => (c.value === value && expanded[j]!.origin === origin ? [j] : [])));
  };
  return `rejected: ${describe(deciding('false') ?? deciding('unknown')!)}`;
}

/** `n − o = 0.012, 99% interval [−0.001, 0.025] is not above 0.02`; for a slice, ` (class cat)` after it. */
function describeClause(clause: ClauseResult, expressionText: string, mode: GateSettings['mode']): string {
  const side = clause.comparison === '>' ? 'above' : 'below';
  const opposite = clause.comparison === '>' ? 'below' : 'above';
  const verdict =
    clause.value === 'true'
      ? `is ${side}`
      : clause.value === 'false'
        ? `is ${opposite}`
        : mode === 'fn-free'
          ? `is not ${opposite}`
          : `is not ${side}`;
  const expression = expressionText.replace(/ - /g, ' − ').replace(/^-/, '−');
  const slice = clause.slice;
  const where =
    slice === undefined
      ? ''
      : ` (${slice.kind} ${slice.name}${slice.tooSmall ? `, too small to judge: ${slice.items} items, ${slice.itemsRequired} needed` : ''})`;
  return `${expression} = ${formatNumber(clause.estimate)}, ${formatPercent(clause.confidence)} interval [${formatNumber(clause.interval[0])}, ${formatNumber(clause.interval[1])}] ${verdict} ${formatNumber(clause.threshold)}${where}`;
}

function describeSettings(settings: GateSettings, samples: number, method: IntervalMethod = settings.method): GateResult['settings'] {
  const rule = settings.firstModel;
  return {
    reliability: settings.reliability,
    mode: settings.mode,
    adaptivity: settings.adaptivity,
    steps: settings.steps,
    method,
    samples,
    seed: settings.seed,
    firstModel: rule.kind === 'condition' ? formatCondition(rule.condition) : rule.kind,
  };
}

function sumCells(counts: PairedCounts, bit: number): number {
  return counts.cells.reduce((sum, count, cell) => sum + (cell & bit ? count : 0), 0);
}

/** A number for people: up to 4 decimals, no trailing zeros, a real minus sign. */
export function formatNumber(value: number): string {
  // NaN: no items to estimate from (an empty slice); ±∞: a side the batches cannot bound.
  if (Number.isNaN(value)) return '—';
  if (!Number.isFinite(value)) return value > 0 ? '∞' : '−∞';
  const text = Number(value.toFixed(4)).toString();
  return text === '-0' ? '0' : text.replace(/^-/, '−');
}

/** 0.99 → `99%`, 0.99995 → `99.995%`: enough decimals to show how close to 100% it is. */
export function formatPercent(confidence: number): string {
  return `${formatCloseToOne(confidence * 100, (1 - confidence) * 100)}%`;
}

/** 0.99 → `0.99`, 1 − 3e-7 → `0.9999997`. */
export function formatReliability(reliability: number): string {
  return formatCloseToOne(reliability, 1 - reliability);
}

function formatCloseToOne(value: number, distance: number): string {
  const decimals = distance > 0 ? Math.min(15, Math.max(0, Math.ceil(-Math.log10(distance)) + 1)) : 0;
  return Number(value.toFixed(decimals)).toString();
}
