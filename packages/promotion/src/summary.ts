import { escapeMarkdown, markdownCode, markdownTable } from '@mlops-actions/common';
import { shardName, type ShardSpec } from '@mlops-actions/evaluation/shard';
import { formatPercent, metricRowCells, renderGateMarkdown, sliceRowCells, type ClauseResult, type GateResult } from '@mlops-actions/gate';
import { renderIntervalChart } from './interval-chart.js';

// A job summary is read top down in a few seconds: the decision as the heading, both accuracies with their intervals,
// the chart, one sentence of why — and the statistics folded below in <details>, which GitHub's sanitizer keeps.
// Names, reasons and recorded gate results come from MLflow, where anyone who can register a model writes: text only.

export interface EvaluationSummary {
  modelName: string;
  championAlias: string;
  challengerVersion: number;
  championVersion: number | undefined;
  /** The test set's name and fingerprint. */
  dataset: { name: string; fingerprint: string };
  /** How many shards the evaluation was merged from (a matrix), when it was. */
  shards?: number | undefined;
  providers: { challenger: string; champion: string | undefined };
  gate: GateResult;
  passed: boolean;
  promoted: boolean;
  /** The evaluation was asked not to promote (promote: false), so a pass promoted nothing. */
  dryRun: boolean;
  reason: string;
  evaluationRunId: string;
  /** The evaluation run's page (MLflow's UI, or mlops server's page). */
  evaluationRunUrl?: string | undefined;
  deploy?: string;
}

/** What the decision sentence and the notice need of an evaluation's outcome. */
export type EvaluationOutcome = Pick<EvaluationSummary, 'gate' | 'passed' | 'promoted' | 'dryRun' | 'reason'>;

/** The first-model rule decided alone: there was no production model and no first-model condition. */
const firstModelRuleDecided = (gate: GateResult): boolean => gate.firstModel && gate.clauses.length === 0;

/** The gate's reason without the verdict it opens with ("passed: ", "rejected: "), which the heading already says. */
const explanation = (gate: GateResult): string => gate.reason.replace(/^(?:passed|rejected|promoted): /, '');

/** Why the gate decided as it did, in words that hold whether or not the alias then moved. */
function gateSentence(gate: GateResult): string {
  if (firstModelRuleDecided(gate))
    return gate.passed
      ? `first model: passed without comparison (first-model rule '${gate.settings.firstModel}')`
      : `first model: rejected without comparison (first-model rule '${gate.settings.firstModel}'); promote it by hand, or set first-model to 'promote' or a condition on n`;
  if (gate.value !== 'unknown') return explanation(gate);
  return gate.settings.mode === 'fp-free'
    ? `${explanation(gate)}: the test set cannot tell, and mode fp-free promotes only what it shows`
    : `${explanation(gate)}: the test set cannot tell, and mode fn-free promotes unless it shows a failure`;
}

/** One sentence, plain text, of why the challenger was or was not promoted; it never contradicts the decision. */
export function decisionSentence(outcome: EvaluationOutcome): string {
  const { gate } = outcome;
  if (outcome.promoted && firstModelRuleDecided(gate))
    return `first model: promoted without comparison (first-model rule '${gate.settings.firstModel}')`;
  if (outcome.promoted || !outcome.passed) return gateSentence(gate);
  if (outcome.dryRun) return `${gateSentence(gate)}; promote is false, so nothing was promoted (dry run)`;
  return outcome.reason; // passed, and the compare-and-set refused: the outcome says why
}

/**
 * The line of a notice annotation, which shows in the workflow run's list beside the job: a challenger not promoted,
 * and a first model promoted without comparison. Undefined otherwise (a promotion over a champion, a dry run, a
 * re-run with nothing to do): the job's success says it.
 */
export function evaluationNotice(
  outcome: EvaluationOutcome & Pick<EvaluationSummary, 'modelName' | 'championAlias' | 'challengerVersion'> & { alreadyChampion: boolean },
): string | undefined {
  const who = `v${outcome.challengerVersion} of ${outcome.modelName}`;
  if (outcome.promoted)
    return outcome.gate.firstModel ? `${who} is now @${outcome.championAlias} — ${decisionSentence(outcome)}` : undefined;
  if (outcome.alreadyChampion || (outcome.passed && outcome.dryRun)) return undefined;
  return `${who} was not promoted: ${decisionSentence(outcome)}`;
}

/** The notice of a rollback: what moved, and the reason given for it. */
export function rollbackNotice(rollback: {
  modelName: string;
  alias: string;
  from: number;
  to: number;
  forced: boolean;
  reason: string;
}): string {
  return `@${rollback.alias} of ${rollback.modelName} rolled back from v${rollback.from} to v${rollback.to}${rollback.forced ? ' (forced)' : ''}: ${rollback.reason}`;
}

/** The two accuracies side by side, each with the gate's Wilson interval. */
function accuracyTable(gate: GateResult, alias: string, challengerVersion: number, championVersion: number | undefined): string {
  // Accuracies with four decimals each, so the column lines up.
  const interval = (bounds: [number, number] | null): string => (bounds ? `[${bounds[0].toFixed(4)}, ${bounds[1].toFixed(4)}]` : '—');
  return markdownTable(
    ['', 'version', 'accuracy', `${formatPercent(gate.wilson.confidence)} interval (Wilson)`],
    [
      ['challenger', `v${challengerVersion}`, gate.n.toFixed(4), interval(gate.wilson.n)],
      [
        `@${alias}`,
        championVersion === undefined ? 'none yet' : `v${championVersion}`,
        gate.o === null ? '—' : gate.o.toFixed(4),
        interval(gate.wilson.o),
      ],
    ],
  );
}

/**
 * The clauses drawn as number lines: every clause that is not one slice of a forall clause, and of each forall clause
 * its worst slice (the table beside the chart lists the rest); a chart of a hundred classes is read by no one.
 */
function chartedClauses(gate: GateResult): ClauseResult[] {
  const tables = gate.slices ?? [];
  let table = -1;
  let rowsLeft = 0;
  return gate.clauses.filter((clause) => {
    if (!clause.slice) return true;
    // A forall clause's slices follow one another, one per row of its table, tables in the condition's order: so the
    // worst is its own clause's, and two `forall class` clauses each chart their own worst class.
    while (rowsLeft === 0 && table < tables.length - 1) rowsLeft = tables[++table]!.rows.length;
    rowsLeft--;
    return clause.slice.name === tables[table]?.rows[0]?.name;
  });
}

/** Rows of a slice table shown before the fold; the rest follow in the statistics. */
const SLICE_ROWS_SHOWN = 10;

/** Each forall clause as a table, worst slice first: what a reviewer checks first when one class got worse. */
function sliceTables(gate: GateResult, alias: string): string[] {
  return (gate.slices ?? []).flatMap((table) => {
    const shown = table.rows.slice(0, SLICE_ROWS_SHOWN);
    const rows = shown
      .map(sliceRowCells)
      .map((cells) => [cells.name, cells.items, cells.n, cells.o, cells.estimate, cells.interval, cells.verdict]);
    const more = table.rows.length - shown.length;
    return [
      `**Per ${table.kind}, worst first:** ${markdownCode(table.clause)}`,
      '',
      markdownTable([table.kind, 'items', 'challenger', `@${alias}`, 'left side', 'interval', 'verdict'], rows),
      '',
      ...(more > 0 ? [`… and ${more} more ${table.kind === 'class' ? 'classes' : 'groups'}, in the statistics below.`, ''] : []),
    ];
  });
}

/** Latency, size, calibration and top-K beside each other, where the evaluation measured them. */
function metricsTable(gate: GateResult, alias: string): string[] {
  const rows = metricRowCells(gate.metrics).map(({ label, challenger, production }) => [label, challenger, production ?? '—']);
  if (rows.length === 0) return [];
  return [markdownTable(['', 'challenger', `@${alias}`], rows), ''];
}

const details = (summary: string, ...body: string[]): string[] => [
  `<details><summary>${escapeMarkdown(summary)}</summary>`,
  '',
  ...body,
  '',
  '</details>',
  '',
];

const deployLine = (deploy: string | undefined): string[] => (deploy ? [`Deploy: ${escapeMarkdown(deploy)}`, ''] : []);

// The page's URL is made from the tracking URI the workflow gives: trusted, unlike the run's contents.
const runLink = (runId: string, url: string | undefined): string => (url ? `[${markdownCode(runId)}](${url})` : markdownCode(runId));

/** The one sentence of why, as Markdown text: escaped, ending in one full stop. */
const why = (text: string): string => `**Why:** ${escapeMarkdown(/[.!?]$/.test(text.trim()) ? text.trim() : `${text.trim()}.`)}`;

/** The evaluation's heading: the decision first, then who, then what became of the alias. */
function evaluationHeading(summary: EvaluationSummary): string {
  const who = `${escapeMarkdown(summary.modelName)} v${summary.challengerVersion}`;
  const alias = markdownCode(`@${summary.championAlias}`);
  const stays = summary.championVersion === undefined ? `${alias} stays unset` : `${alias} stays at v${summary.championVersion}`;
  if (summary.promoted)
    return `## Promoted: ${who} is now ${alias} (${summary.championVersion === undefined ? 'first model' : `over v${summary.championVersion}`})`;
  if (!summary.passed) return `## Rejected: ${who} — ${stays}`;
  return summary.dryRun
    ? `## Passed, not promoted: ${who} — ${stays} (dry run)`
    : `## Passed, not promoted: ${who} — ${alias} moved meanwhile`;
}

/** The evaluate-promote job summary. */
export function renderEvaluationSummary(summary: EvaluationSummary): string {
  const { gate } = summary;
  const lines = [
    evaluationHeading(summary),
    '',
    accuracyTable(gate, summary.championAlias, summary.challengerVersion, summary.championVersion),
    '',
  ];
  const chart = renderIntervalChart(chartedClauses(gate));
  if (chart) lines.push(chart, '');
  lines.push(why(decisionSentence(summary)), '', ...sliceTables(gate, summary.championAlias), ...metricsTable(gate, summary.championAlias));
  lines.push(...deployLine(summary.deploy));
  const providers = `execution provider ${markdownCode(summary.providers.challenger)}${summary.providers.champion ? ` (challenger), ${markdownCode(summary.providers.champion)} (@${escapeMarkdown(summary.championAlias)})` : ''}`;
  lines.push(
    ...details(
      'The statistics: condition, intervals, notes',
      `Test set ${markdownCode(summary.dataset.name)}: ${gate.items} items, fingerprint ${markdownCode(summary.dataset.fingerprint.slice(0, 12))}${summary.shards ? `, merged from ${summary.shards} shards` : ''} · ${providers} · MLflow evaluation run ${runLink(summary.evaluationRunId, summary.evaluationRunUrl)}`,
      '',
      renderGateMarkdown(gate),
    ),
  );
  return lines.join('\n');
}

/** The job summary of one shard of a matrix: which items it evaluated with which versions, and where they are recorded. */
export function renderShardSummary(summary: {
  modelName: string;
  shard: ShardSpec;
  challengerVersion: number;
  championVersion: number | undefined;
  championAlias: string;
  items: { start: number; end: number; total: number };
  dataset: { name: string; fingerprint: string };
  shardRunId: string;
  shardRunUrl: string | undefined;
}): string {
  const { start, end, total } = summary.items;
  const champion =
    summary.championVersion === undefined ? 'no champion' : `${markdownCode(`@${summary.championAlias}`)} v${summary.championVersion}`;
  return [
    `## Shard ${shardName(summary.shard)} evaluated: ${escapeMarkdown(summary.modelName)} v${summary.challengerVersion} against ${champion}`,
    '',
    `Items ${start.toLocaleString('en-US')}–${(end - 1).toLocaleString('en-US')} of ${total.toLocaleString('en-US')} of test set ${markdownCode(summary.dataset.name)} ` +
      `(fingerprint ${markdownCode(summary.dataset.fingerprint.slice(0, 12))}); their outcomes are in MLflow shard run ${runLink(summary.shardRunId, summary.shardRunUrl)}. ` +
      'The merge job gates on every shard and promotes.',
    '',
  ].join('\n');
}

/** The job summary of a re-run on a version that already is the champion: the recorded decision, nothing new. */
export function renderAlreadyChampionSummary(summary: {
  modelName: string;
  version: number;
  alias: string;
  reason: string;
  gate: GateResult;
  deploy: string | undefined;
}): string {
  return [
    `## Nothing to do: ${escapeMarkdown(summary.modelName)} v${summary.version} already is ${markdownCode(summary.alias)}`,
    '',
    why(summary.reason),
    '',
    ...deployLine(summary.deploy),
    ...details('Its recorded decision', renderGateMarkdown(summary.gate)),
  ].join('\n');
}

/** The job summary of a rollback: what moved where, the reason given, and the ledger's newest entries. */
export function renderRollbackSummary(summary: {
  modelName: string;
  alias: string;
  from: number;
  to: number;
  forced: boolean;
  repeated: boolean;
  reason: string;
  deploy: string | undefined;
  ledger: string;
}): string {
  const lines = [
    `## Rolled back: ${escapeMarkdown(summary.modelName)} ${markdownCode(`@${summary.alias}`)} v${summary.from} → v${summary.to}${summary.forced ? ' (forced)' : ''}`,
    '',
    why(summary.forced ? `${summary.reason} (forced: v${summary.to} never passed a gate)` : summary.reason),
    '',
  ];
  if (summary.repeated)
    lines.push('An earlier attempt of this run made this rollback: nothing moved again; the deploy is dispatched again.', '');
  lines.push(...deployLine(summary.deploy), summary.ledger);
  return lines.join('\n');
}

/** The job summary of the approval workflow's promotion: the approved pair, the outcome, the gate and the ledger. */
export function renderApprovalSummary(summary: {
  modelName: string;
  alias: string;
  challengerVersion: number;
  championVersion: number | undefined;
  promoted: boolean;
  alreadyChampion: boolean;
  reason: string;
  evaluationRunId: string;
  gate: GateResult;
  deploy: string | undefined;
  ledger: string;
}): string {
  const who = `${escapeMarkdown(summary.modelName)} v${summary.challengerVersion}`;
  const alias = markdownCode(`@${summary.alias}`);
  const heading = summary.promoted
    ? `## Promoted after approval: ${who} is now ${alias} (${summary.championVersion === undefined ? 'first model' : `over v${summary.championVersion}`})`
    : summary.alreadyChampion
      ? `## Nothing to do: ${who} already is ${alias}`
      : `## Approved, not promoted: ${who}`;
  const lines = [heading, '', accuracyTable(summary.gate, summary.alias, summary.challengerVersion, summary.championVersion), ''];
  const chart = renderIntervalChart(chartedClauses(summary.gate));
  if (chart) lines.push(chart, '');
  lines.push(
    why(summary.reason),
    '',
    ...deployLine(summary.deploy),
    ...details(
      'The statistics of the approved evaluation',
      `MLflow evaluation run ${markdownCode(summary.evaluationRunId)}`,
      '',
      renderGateMarkdown(summary.gate),
    ),
    summary.ledger,
  );
  return lines.join('\n');
}
