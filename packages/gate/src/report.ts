import { escapeMarkdown, markdownCode, markdownTable } from '@mlops-actions/common';
import {
  formatNumber,
  formatPercent,
  formatReliability,
  intervalFromBounds,
  type ClauseMethod,
  type GateResult,
  type SliceTable,
} from './evaluate.js';
import type { GateMetrics, ModelPair } from './metrics.js';

const VALUE_WORDS = { true: 'holds', false: 'fails', unknown: 'undecided' } as const;

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
          VALUE_WORDS[c.value],
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
      `clause     ${c.clause}: ${VALUE_WORDS[c.value]}; estimate ${formatNumber(c.estimate)}, ${formatPercent(c.confidence)} interval [${formatNumber(c.interval[0])}, ${formatNumber(c.interval[1])}] (${c.method})${sizedByItems(c) ? `, ${c.itemsRequired} items required (${c.bound})` : ''}`,
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

/** A slice row's verdict, with "too small" and the size it would need. */
function rowVerdict(row: SliceTable['rows'][number]): string {
  return row.tooSmall ? `${VALUE_WORDS[row.value]}, too small (needs ${row.itemsRequired} items)` : VALUE_WORDS[row.value];
}

/** A forall clause's table, worst first. Slice names come from the test set: text, never Markdown. */
function sliceMarkdown(table: SliceTable): string[] {
  return [
    `Per ${table.kind}, worst first: ${markdownCode(table.clause)}`,
    '',
    markdownTable(
      [table.kind, 'items', 'n', 'o', 'estimate', 'interval', 'value'],
      table.rows.map((row) => [
        row.name,
        `${row.items}`,
        share(row.n),
        share(row.o),
        formatNumber(row.estimate),
        interval(row.interval),
        rowVerdict(row),
      ]),
    ),
  ];
}

function sliceText(table: SliceTable): string[] {
  return [
    `slices     ${table.clause}, per ${table.kind}, worst first:`,
    ...table.rows.map(
      (row) =>
        `  ${JSON.stringify(row.name)}: ${row.items} items, n = ${share(row.n)}${row.o === null ? '' : `, o = ${share(row.o)}`}; estimate ${formatNumber(row.estimate)}, interval ${interval(row.interval)}: ${rowVerdict(row)}`,
    ),
  ];
}

/** The metrics beside the gate: label, the challenger's value, the production model's (null without one). */
function metricRows(metrics: GateMetrics | undefined): Array<[string, string, string | null]> {
  if (metrics === undefined) return [];
  const row = (label: string, values: ModelPair, unit = ''): [string, string, string | null] => [
    label,
    `${share(values.new)}${unit}`,
    values.old === null ? null : `${share(values.old)}${unit}`,
  ];
  const rows: Array<[string, string, string | null]> = [];
  for (const top of metrics.topK ?? []) rows.push(row(`top-${top.k} accuracy`, { new: top.n, old: top.o }));
  if (metrics.recall) rows.push(row('recall', metrics.recall));
  if (metrics.precision) rows.push(row('precision', metrics.precision));
  if (metrics.ece) rows.push(row('expected calibration error', metrics.ece));
  if (metrics.brier) rows.push(row('Brier score', metrics.brier));
  if (metrics.latency) {
    const { latency } = metrics;
    const batch = `${latency.batches} batches${latency.batchSize === null ? '' : ` of ${latency.batchSize}`}`;
    rows.push(row(`latency p50 (${batch})`, latency.p50, ' ms'), row(`latency p95 (${batch})`, latency.p95, ' ms'));
  }
  if (metrics.size) rows.push(row('model size', metrics.size, ' MB'));
  return rows;
}

function metricsMarkdown(metrics: GateMetrics | undefined): string[] {
  const rows = metricRows(metrics);
  if (rows.length === 0) return [];
  return [
    markdownTable(
      ['metric', 'challenger', 'production'],
      rows.map(([label, challenger, production]) => [label, challenger, production ?? '—']),
    ),
    '',
  ];
}

function metricsText(metrics: GateMetrics | undefined): string[] {
  return metricRows(metrics).map(
    ([label, challenger, production]) => `metric     ${label}: new ${challenger}${production === null ? '' : `, old ${production}`}`,
  );
}
