import { escapeMarkdown, markdownCode, markdownTable } from '@mlops-actions/common';
import {
  formatNumber,
  formatPercent,
  formatReliability,
  intervalFromBounds,
  type ClauseMethod,
  type ClauseSlice,
  type GateResult,
  type SliceRow,
  type SliceTable,
  type TruthValue,
} from './evaluate.js';
import type { GateMetrics, ModelPair } from './metrics.js';

const VALUE_WORDS: Readonly<Record<TruthValue, string>> = { true: 'holds', false: 'fails', unknown: 'undecided' };

/**
 * A clause's or slice's truth value in words, the same in the report, the job summaries and the chart. A slice too
 * small for its tolerance says so, with the items it would need.
 */
export function valueWord(value: TruthValue, slice?: Pick<ClauseSlice, 'tooSmall' | 'itemsRequired'>): string {
  if (!slice?.tooSmall) return VALUE_WORDS[value];
  // Decided all the same where its interval lies beyond the threshold: its interval holds at its share of δ.
  return value === 'unknown'
    ? `too small to judge (needs ${slice.itemsRequired} items)`
    : `${VALUE_WORDS[value]}, though too small for its tolerance (needs ${slice.itemsRequired} items)`;
}

const METHOD_WORDS: Record<ClauseMethod, string> = {
  'exact-score': 'exact score test',
  'clopper-pearson': 'exact binomial test (Clopper–Pearson)',
  bootstrap: 'paired bootstrap',
  hoeffding: 'Hoeffding bound',
  bennett: 'Bennett bound',
  'order-statistics': 'order statistics of batch times',
  calibration: 'calibration bounds',
  measured: 'measured exactly',
};

/** Whether the first-model rule decided alone: no production model, and no condition to evaluate instead. */
function decidedByFirstModelRule(result: GateResult): boolean {
  return result.firstModel && result.clauses.length === 0;
}

/**
 * The gate result as Markdown, for the folded detail of a job summary. Every string in it is shown as text: a result
 * read back from MLflow (a re-run, an approval) is only as trustworthy as whoever can write there.
 */
export function renderGateMarkdown(result: GateResult): string {
  const lines: string[] = [];
  if (decidedByFirstModelRule(result)) {
    // The gate passes or rejects; whether the alias then moved (a dry run, an approval) is the summary's to say.
    lines.push(`### First model: ${result.passed ? 'passed' : 'rejected'} without comparison`, '');
    lines.push(
      `There was no production model to compare with, so the first-model rule ${markdownCode(result.settings.firstModel)} decided; ` +
        `the condition ${markdownCode(result.condition)} applies from the next version on.`,
      '',
    );
  } else {
    lines.push(`### The gate ${result.passed ? 'passed' : 'failed'}`);
    lines.push('', `> ${escapeMarkdown(result.reason)}`, '');
    lines.push(
      `${result.firstModel ? 'First-model condition' : 'Condition'} ${markdownCode(result.condition)} · ${escapeMarkdown(describeRun(result))}`,
      '',
    );
    lines.push(
      markdownTable(
        ['clause', 'estimate', `${formatPercent(result.clauses[0]!.confidence)} interval`, 'computed by', 'value'],
        result.clauses.map((c) => [
          c.clause,
          formatNumber(c.estimate),
          `[${formatNumber(c.interval[0])}, ${formatNumber(c.interval[1])}]`,
          METHOD_WORDS[c.method],
          valueWord(c.value, c.slice),
        ]),
      ),
      '',
    );
    for (const table of result.slices ?? []) lines.push(...sliceMarkdown(table), '');
  }
  lines.push(...metricsMarkdown(result.metrics));
  const wilson = (interval: [number, number]): string => `[${formatNumber(interval[0])}, ${formatNumber(interval[1])}]`;
  const rows = [['n (challenger accuracy)', formatNumber(result.n), wilson(result.wilson.n)]];
  if (result.o !== null && result.wilson.o) rows.push(['o (production accuracy)', formatNumber(result.o), wilson(result.wilson.o)]);
  if (result.d !== null) rows.push(['d (share of items they label differently)', formatNumber(result.d), '']);
  lines.push(markdownTable(['', 'estimate', `Wilson ${formatPercent(result.wilson.confidence)} interval`], rows), '');
  if (result.mcnemar) {
    const m = result.mcnemar;
    lines.push(
      `McNemar's exact test: challenger right / production wrong ${m.newRightOldWrong}, challenger wrong / production right ${m.newWrongOldRight}; p = ${formatP(m.pValue)} (two-sided), ${formatP(m.pValueImprovement)} (challenger better).`,
      '',
    );
  }
  lines.push(`Test set: ${result.items} items${describeGuarantee(result)}.`);
  for (const note of result.notes) lines.push(`- ${escapeMarkdown(note)}`);
  return `${lines.join('\n')}\n`;
}

/**
 * What the paper's item requirement means for this decision: nothing when no interval came from its bounds (exact
 * tests and the bootstrap hold for the items there are) or the first-model rule decided; otherwise whether the items
 * suffice (when they do not, a note of the gate says so).
 */
function describeGuarantee(result: GateResult): string {
  // A slice's items are its own: the per-slice table says what each needs, and enoughItems speaks of the whole set.
  if (!result.clauses.some((clause) => intervalFromBounds(clause) && !clause.slice) || !result.enoughItems) return '';
  return `, enough for the distribution-free guarantee of these tolerances at reliability ${formatReliability(result.settings.reliability)} (the Hoeffding/Bennett bounds need ${describeRequirement(result)})`;
}

/** Whether the test set's size bounds a clause's error: not for latency (batches) or size (exact). */
function sizedByItems(clause: GateResult['clauses'][number]): boolean {
  // A result recorded before metrics existed has none: its clauses were all on accuracy.
  const metric = (clause.metric as string | undefined) ?? 'accuracy';
  return !metric.startsWith('latency') && metric !== 'size';
}

/** The gate result as plain text, for a terminal. */
export function renderGateText(result: GateResult): string {
  const lines = [result.reason, '', `condition  ${result.condition}`, `settings   ${describeRun(result)}`];
  for (const c of result.clauses) {
    lines.push(
      `clause     ${c.clause}: ${valueWord(c.value, c.slice)}; estimate ${formatNumber(c.estimate)}, ${formatPercent(c.confidence)} interval [${formatNumber(c.interval[0])}, ${formatNumber(c.interval[1])}] (${c.method})${sizedByItems(c) ? `, ${c.itemsRequired} items required (${c.bound})` : ''}`,
    );
  }
  for (const table of result.slices ?? []) lines.push(...sliceText(table));
  lines.push(...metricsText(result.metrics));
  lines.push(
    `accuracy   n = ${formatNumber(result.n)}${result.o === null ? '' : `, o = ${formatNumber(result.o)}, d = ${formatNumber(result.d ?? 0)}`}`,
  );
  if (result.mcnemar)
    lines.push(
      `mcnemar    ${result.mcnemar.newRightOldWrong} vs ${result.mcnemar.newWrongOldRight} discordant, p = ${formatP(result.mcnemar.pValue)} (two-sided), ${formatP(result.mcnemar.pValueImprovement)} (new better)`,
    );
  // The first-model rule decides without a condition: there is no requirement to report.
  lines.push(
    `items      ${result.items}${decidedByFirstModelRule(result) ? '' : ` (paper's requirement: ${describeRequirement(result)})`}`,
  );
  for (const note of result.notes) lines.push(`note       ${note}`);
  lines.push(`decision   ${result.decision}`);
  return `${lines.join('\n')}\n`;
}

/** `29047 labelled items and 66847 items, labelled or not (for d)`: labels are what a test set costs. */
function describeRequirement(result: GateResult): string {
  const parts: string[] = [];
  if (result.labelledItemsRequired > 0) parts.push(`${result.labelledItemsRequired} labelled items`);
  if (result.unlabelledItemsRequired > 0)
    parts.push(`${result.unlabelledItemsRequired} items${result.labelledItemsRequired > 0 ? ', labelled or not (for d)' : ''}`);
  return parts.length > 0 ? parts.join(' and ') : `${result.itemsRequired} items`;
}

function describeRun(result: GateResult): string {
  const s = result.settings;
  const method =
    s.method === 'exact'
      ? 'exact tests'
      : s.method === 'bootstrap'
        ? `paired bootstrap (B = ${s.samples}, seed ${s.seed})`
        : 'Hoeffding/Bennett bounds';
  return `reliability ${formatReliability(s.reliability)} · ${s.mode} · adaptivity ${s.adaptivity}, H = ${s.steps} · ${method} · first model: ${s.firstModel}`;
}

function formatP(p: number): string {
  return p < 1e-4 ? p.toExponential(1) : Number(p.toPrecision(2)).toString();
}

const interval = ([lower, upper]: [number, number]): string => `[${formatNumber(lower)}, ${formatNumber(upper)}]`;
const share = (value: number | null): string => (value === null ? '—' : formatNumber(value));

/** A slice row's cells as plain text. Names are terminal-safe from the test set on; Markdown escapes them when drawn. */
export interface SliceRowCells {
  name: string;
  items: string;
  /** The challenger's accuracy on the slice; `—` without items. */
  n: string;
  /** Production's; `—` without a production model or items. */
  o: string;
  /** The clause's left side; `—` without items. */
  estimate: string;
  /** `—` without items: all an empty slice has is the left side's whole range. */
  interval: string;
  verdict: string;
}

/** The text of each cell of a forall clause's row, for every renderer of slice tables. */
export function sliceRowCells(row: SliceRow): SliceRowCells {
  const measured = !Number.isNaN(row.estimate);
  return {
    name: row.name,
    items: `${row.items}`,
    n: share(row.n),
    o: share(row.o),
    estimate: formatNumber(row.estimate),
    interval: measured ? interval(row.interval) : '—',
    verdict: valueWord(row.value, row),
  };
}

/** A forall clause's table, worst first. Slice names come from the test set: text, never Markdown. */
function sliceMarkdown(table: SliceTable): string[] {
  return [
    `Per ${table.kind}, worst first: ${markdownCode(table.clause)}`,
    '',
    markdownTable(
      [table.kind, 'items', 'n', 'o', 'estimate', 'interval', 'value'],
      table.rows
        .map(sliceRowCells)
        .map((cells) => [cells.name, cells.items, cells.n, cells.o, cells.estimate, cells.interval, cells.verdict]),
    ),
  ];
}

function sliceText(table: SliceTable): string[] {
  return [
    `slices     ${table.clause}, per ${table.kind}, worst first:`,
    ...table.rows.map((row) => {
      const cells = sliceRowCells(row);
      return `  ${JSON.stringify(cells.name)}: ${cells.items} items, n = ${cells.n}${row.o === null ? '' : `, o = ${cells.o}`}; estimate ${cells.estimate}, interval ${cells.interval}: ${cells.verdict}`;
    }),
  ];
}

/** A metric beside the gate as text: its label, the challenger's value and production's (null without a production model). */
export interface MetricRowCells {
  label: string;
  challenger: string;
  production: string | null;
}

/** Three significant digits: a latency of 0.0423 ms and one of 1230 ms both keep what tells them apart. */
const measurement = (value: number | null, unit: string): string =>
  value === null ? '—' : `${formatNumber(Number(value.toPrecision(3)))} ${unit}`;

/** The metrics the evaluation measured beside the gate, one row each, for every renderer of them. */
export function metricRowCells(metrics: GateMetrics | undefined): MetricRowCells[] {
  if (metrics === undefined) return [];
  const row = (label: string, values: ModelPair, format: (value: number | null) => string = share): MetricRowCells => ({
    label,
    challenger: format(values.new),
    production: values.old === null ? null : format(values.old),
  });
  const rows: MetricRowCells[] = [];
  for (const top of metrics.topK ?? []) rows.push(row(`top-${top.k} accuracy`, { new: top.n, old: top.o }));
  if (metrics.recall) rows.push(row('recall', metrics.recall));
  if (metrics.precision) rows.push(row('precision', metrics.precision));
  if (metrics.ece) rows.push(row('expected calibration error', metrics.ece));
  if (metrics.brier) rows.push(row('Brier score', metrics.brier));
  if (metrics.latency) {
    const { latency } = metrics;
    // Timed batches need not be the scoring batches: the per-batch time means nothing without their size.
    const per = `per batch${latency.batchSize === null ? '' : ` of ${latency.batchSize} ${latency.batchSize === 1 ? 'item' : 'items'}`}`;
    const ms = (value: number | null): string => measurement(value, 'ms');
    rows.push(
      row(`latency, median ${per} (${latency.batches} batches)`, latency.p50, ms),
      row(`latency, 95th percentile ${per} (${latency.batches} batches)`, latency.p95, ms),
    );
  }
  if (metrics.size) rows.push(row('model size', metrics.size, (value) => measurement(value, 'MB')));
  return rows;
}

function metricsMarkdown(metrics: GateMetrics | undefined): string[] {
  const rows = metricRowCells(metrics);
  if (rows.length === 0) return [];
  return [
    markdownTable(
      ['metric', 'challenger', 'production'],
      rows.map(({ label, challenger, production }) => [label, challenger, production ?? '—']),
    ),
    '',
  ];
}

function metricsText(metrics: GateMetrics | undefined): string[] {
  return metricRowCells(metrics).map(
    ({ label, challenger, production }) => `metric     ${label}: new ${challenger}${production === null ? '' : `, old ${production}`}`,
  );
}
