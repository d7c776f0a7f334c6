import { ConfigurationError } from '@mlops-actions/common';
import { formatClause, formatCondition, formatExpression, VARIABLES, variablesOf, type Clause, type Condition } from './condition.js';
import { DIFFERENT, estimates, NEW_RIGHT, OLD_RIGHT, type PairedCounts } from './counts.js';
import { MIN_EXACT_DELTA, pairedExact, proportionExact, type PairedExact } from './exact.js';
import { clauseEstimate, pairedBootstrap, percentileBounds, samplesForTail } from './intervals.js';
import {
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

/**
 * How a clause's interval and value were computed: the exact unconditional score test for a paired difference
 * a·(n − o), the exact binomial test (Clopper–Pearson) for one variable, the paired bootstrap, or the paper's bounds.
 */
export type ClauseMethod = 'exact-score' | 'clopper-pearson' | 'bootstrap' | BoundKind;

/** Kleene's three truth values. */
export type TruthValue = 'true' | 'false' | 'unknown';

export interface ClauseResult {
  /** The clause in canonical form. */
  clause: string;
  comparison: '>' | '<';
  threshold: number;
  tolerance: number;
  /** The left side on the point estimates. */
  estimate: number;
  /** [lower, upper]: each end a one-sided confidence bound at `confidence`. */
  interval: [number, number];
  confidence: number;
  /** How the interval was computed. */
  method: ClauseMethod;
  /** Whether the interval is within ± tolerance of the estimate (what the tolerance asks of the test set). */
  withinTolerance: boolean;
  /** The paper's requirement for this clause's tolerance at its share of δ. */
  itemsRequired: number;
  bound: BoundKind;
  value: TruthValue;
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
  counts: PairedCounts;
}

/** Decides whether the new model passes the condition on the paired test set. */
export function evaluateGate(input: GateInput): GateResult {
  const settings = checkSettings(input.settings);
  const { counts } = input;
  if (counts.items === 0)
    throw new ConfigurationError('the test set is empty: the gate needs at least one item with a label and predictions');
  if (!counts.hasOld) return evaluateFirstModel(input.condition, settings, counts);
  return evaluateClauses(input.condition.clauses, settings, counts, { firstModel: false, condition: formatCondition(input.condition) });
}

function evaluateFirstModel(condition: Condition, settings: GateSettings, counts: PairedCounts): GateResult {
  const rule = settings.firstModel;
  if (rule.kind === 'condition') {
    const used = variablesOf(rule.condition.clauses);
    if (used.has('o') || used.has('d')) {
      throw new ConfigurationError(
        `the first-model condition '${formatCondition(rule.condition)}' may only use n: there is no old model to compare with`,
      );
    }
    const result = evaluateClauses(rule.condition.clauses, settings, counts, {
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
    value: passed ? 'true' : 'false',
    passed,
    decision: passed ? 'promote' : 'reject',
    reason: passed
      ? `promoted: no production model yet, and the first-model rule is 'promote' (${accuracy})`
      : `rejected: no production model yet, and the first-model rule is 'reject': promote the first model by hand or set first-model to 'promote' or a condition on n (${accuracy})`,
    notes: [],
  };
}

function evaluateClauses(
  clauses: readonly Clause[],
  settings: GateSettings,
  counts: PairedCounts,
  context: { firstModel: boolean; condition: string },
): GateResult {
  const notes: string[] = [];
  const requirement = requiredItems(clauses, settings);
  const logDelta = requirement.logClauseDelta;
  const confidence = -Math.expm1(logDelta);
  const { method, samples, intervals } = computeIntervals(clauses, settings, counts, requirement, notes);

  const clauseResults = clauses.map((clause, i): ClauseResult => {
    const estimate = clauseEstimate(clause, counts);
    const { interval, method: clauseMethod, value } = intervals[i]!;
    const clauseRequirement = requirement.clauses[i]!;
    return {
      clause: formatClause(clause),
      comparison: clause.comparison,
      threshold: clause.threshold,
      tolerance: clause.tolerance,
      estimate,
      interval,
      confidence,
      method: clauseMethod,
      withinTolerance: estimate - interval[0] <= clause.tolerance + 1e-12 && interval[1] - estimate <= clause.tolerance + 1e-12,
      itemsRequired: clauseRequirement.items,
      bound: clauseRequirement.bound,
      value: value ?? clauseValue(clause, interval),
    };
  });

  const value = kleeneAnd(clauseResults.map((c) => c.value));
  const passed = value === 'true' || (value === 'unknown' && settings.mode === 'fn-free');
  const enoughItems = counts.items >= requirement.items;
  const supported = supportedReliability(clauses, settings, counts.items);
  // The paper's item requirement matters to the decision only where its bounds gave the interval: exact tests and the
  // bootstrap hold for the items there are (a too-wide interval gets the tolerance note below).
  if (!enoughItems && clauseResults.some(intervalFromBounds)) {
    notes.push(
      `The test set has ${counts.items} items; the paper's distribution-free guarantee for these tolerances at reliability ${formatReliability(settings.reliability)} needs ${requirement.items}, ` +
        `and this decision used its Hoeffding/Bennett bounds: on these items they give ${clauses
          .map(
            (clause) =>
              `${formatExpression(clause.coefficients)} to ± ${formatNumber(guaranteedHalfWidth(clause, requirement, counts.items))}`,
          )
          .join(', ')}` +
        (supported === undefined ? '.' : `, and meet the tolerances at reliability ${formatReliability(supported)}.`),
    );
  }
  for (const result of clauseResults) {
    if (!result.withinTolerance)
      notes.push(`The interval of '${result.clause}' is wider than ± ${result.tolerance}: more test items would sharpen it.`);
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
  return {
    schema: 1,
    condition: context.condition,
    settings: describeSettings(settings, samples, method),
    items: counts.items,
    itemsRequired: requirement.items,
    labelledItemsRequired: requirement.labelledItems,
    unlabelledItemsRequired: requirement.unlabelledItems,
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
    value,
    passed,
    decision: passed ? 'promote' : 'reject',
    reason: explain(clauseResults, passed, settings.mode),
    notes,
  };
}

/** Whether a clause's interval came from the paper's Hoeffding/Bennett bounds (not an exact test or the bootstrap). */
export function intervalFromBounds(clause: Pick<ClauseResult, 'method'>): boolean {
  return clause.method === 'hoeffding' || clause.method === 'bennett';
}

/** One clause's interval, how it was computed, and its value where a test decided it directly. */
interface ClauseInterval {
  interval: [number, number];
  method: ClauseMethod;
  value?: TruthValue;
}

function computeIntervals(
  clauses: readonly Clause[],
  settings: GateSettings,
  counts: PairedCounts,
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
  } else if (method === 'exact' && clauses.length > MAX_EXACT_CLAUSES) {
    method = 'hoeffding';
    notes.push(
      `${clauses.length} clauses exceed the ${MAX_EXACT_CLAUSES} the exact tests decide in one evaluation (each costs up to tens of milliseconds); the Hoeffding/Bennett bounds were used instead.`,
    );
  }
  if (method === 'bootstrap') {
    const needed = samplesForTail(logDelta);
    if (needed > MAX_SAMPLES) {
      method = 'hoeffding';
      notes.push(
        `A bootstrap cannot resolve a one-sided tail of ${Math.exp(logDelta).toExponential(2)} with at most ${MAX_SAMPLES} resamples; the Hoeffding/Bennett bounds were used instead.`,
      );
    } else if (Math.max(needed, samples) * clauses.length > MAX_BOOTSTRAP_WORK) {
      method = 'hoeffding';
      notes.push(
        `${clauses.length} clauses, each needing ${Math.max(needed, samples)} resamples, exceed the bootstrap's budget of ${MAX_BOOTSTRAP_WORK} evaluations; the Hoeffding/Bennett bounds were used instead.`,
      );
    } else if (needed > samples) {
      notes.push(
        `Resamples raised from ${samples} to ${needed} so that each tail of ${Math.exp(logDelta).toPrecision(3)} holds at least 10 of them.`,
      );
      samples = needed;
    }
  }
  if (method === 'bootstrap') {
    const distributions = pairedBootstrap(counts, clauses, samples, settings.seed);
    return {
      method,
      samples,
      intervals: distributions.map((d) => ({ interval: percentileBounds(d, logDelta), method: 'bootstrap' as const })),
    };
  }
  const bounds = (clause: Clause, i: number): ClauseInterval => {
    const estimate = clauseEstimate(clause, counts);
    const halfWidth = guaranteedHalfWidth(clause, requirement, counts.items);
    return { interval: [estimate - halfWidth, estimate + halfWidth], method: requirement.clauses[i]!.bound };
  };
  if (method === 'hoeffding') return { method, samples, intervals: clauses.map(bounds) };
  const delta = Math.exp(logDelta);
  return { method, samples, intervals: clauses.map((clause, i) => exactClause(clause, counts, delta) ?? bounds(clause, i)) };
}

/**
 * A clause decided by an exact test, or undefined when none applies (then the paper's bounds decide it). A clause
 * a·(n − o) ⋈ t is a paired difference; a·x ⋈ t on one variable is a proportion (a < 0 tests the complement). The
 * clause's value is the test at the threshold in each direction, each at level δ, and its interval the tests inverted.
 */
function exactClause(clause: Clause, counts: PairedCounts, delta: number): ClauseInterval | undefined {
  const { items, cells } = counts;
  const threshold = clause.threshold;
  let exact: PairedExact;
  let scale: number;
  let offset = 0;
  let method: ClauseMethod;
  const paired = pairedDifferenceScale(clause);
  const used = VARIABLES.filter((v) => clause.coefficients[v] !== 0);
  if (paired !== undefined) {
    // a·(n − o) = |a|·Δ' where Δ' is the difference in the direction of a's sign.
    const [onlyNew, onlyOld] = [cells[NEW_RIGHT | DIFFERENT]!, cells[OLD_RIGHT | DIFFERENT]!];
    const [b, c] = paired > 0 ? [onlyNew, onlyOld] : [onlyOld, onlyNew];
    scale = Math.abs(paired);
    exact = pairedExact(b, c, items, threshold / scale, delta);
    method = 'exact-score';
  } else if (used.length === 1) {
    const variable = used[0]!;
    const coefficient = clause.coefficients[variable];
    const bit = variable === 'n' ? NEW_RIGHT : variable === 'o' ? OLD_RIGHT : DIFFERENT;
    const count = sumCells(counts, bit);
    // a·x with a < 0 is |a|·(1 − x) − |a|: the complement's proportion, scaled and shifted.
    scale = Math.abs(coefficient);
    offset = coefficient < 0 ? -scale : 0;
    exact = proportionExact(coefficient > 0 ? count : items - count, items, (threshold - offset) / scale, delta);
    method = 'clopper-pearson';
  } else return undefined;
  const interval: [number, number] = [scale * exact.interval[0] + offset, scale * exact.interval[1] + offset];
  const [shows, refutes] = clause.comparison === '>' ? [exact.above, exact.below] : [exact.below, exact.above];
  return { interval, method, value: shows ? 'true' : refutes ? 'false' : 'unknown' };
}

/** The half-width the paper's bounds guarantee for a clause with N items (Bennett where it applies and is tighter). */
function guaranteedHalfWidth(clause: Clause, requirement: Requirement, items: number): number {
  const logDelta = requirement.logClauseDelta;
  const hoeffding = hoeffdingHalfWidth(clause, logDelta, items);
  const scale = pairedDifferenceScale(clause);
  if (scale === undefined || requirement.bennettP === undefined) return hoeffding;
  return Math.min(hoeffding, Math.abs(scale) * bennettHalfWidth(requirement.bennettP, logDelta, items));
}

function clauseValue(clause: Clause, [lower, upper]: [number, number]): TruthValue {
  // Nothing is decided on a value that is not a number: such a clause stops the gate with an error instead.
  if (![lower, upper, clause.threshold].every(Number.isFinite))
    throw new ConfigurationError(
      `the clause '${formatClause(clause)}' has the interval [${lower}, ${upper}]: not finite numbers, so no decision is taken on it`,
      { subject: 'condition' },
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

function explain(clauses: readonly ClauseResult[], passed: boolean, mode: GateSettings['mode']): string {
  if (passed) {
    const shown = clauses.map((c) => describeClause(c, mode)).join('; ');
    return `passed: ${shown}`;
  }
  const deciding = clauses.find((c) => c.value === 'false') ?? clauses.find((c) => c.value === 'unknown')!;
  return `rejected: ${describeClause(deciding, mode)}`;
}

/** `n − o = 0.012, 99% interval [−0.001, 0.025] is not above 0.02` */
function describeClause(clause: ClauseResult, mode: GateSettings['mode']): string {
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
  const expression = clause.clause
    .split(/ [<>] /)[0]!
    .replace(/ - /g, ' − ')
    .replace(/^-/, '−');
  return `${expression} = ${formatNumber(clause.estimate)}, ${formatPercent(clause.confidence)} interval [${formatNumber(clause.interval[0])}, ${formatNumber(clause.interval[1])}] ${verdict} ${formatNumber(clause.threshold)}`;
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
