import { escapeMarkdown, markdownCode, markdownTable } from '@mlops-actions/common';
import type { Dataset } from '@mlops-actions/evaluation';
import { renderGateMarkdown, type GateResult } from '@mlops-actions/gate';
import { renderIntervalChart } from './interval-chart.js';

export interface EvaluationSummary {
  modelName: string;
  championAlias: string;
  challengerVersion: number;
  championVersion: number | undefined;
  dataset: Dataset;
  providers: { challenger: string; champion: string | undefined };
  gate: GateResult;
  passed: boolean;
  promoted: boolean;
  reason: string;
  evaluationRunId: string;
  /** The evaluation run's page (MLflow's UI, or mlops server's page). */
  evaluationRunUrl?: string | undefined;
  deploy?: string;
}

const interval = (bounds: [number, number] | null | undefined): string =>
  bounds ? `[${bounds[0].toFixed(4)}, ${bounds[1].toFixed(4)}]` : '—';

/** The job summary: both models side by side, the intervals against the thresholds, the decision and why. */
export function renderEvaluationSummary(summary: EvaluationSummary): string {
  const { gate } = summary;
  const verdict = summary.promoted
    ? `**Promoted**: v${summary.challengerVersion} is now ${markdownCode(`@${summary.championAlias}`)}`
    : summary.passed
      ? '**Passed, not promoted**'
      : '**Rejected**';
  const confidence = `${(gate.wilson.confidence * 100).toFixed(0)}% interval`;
  const lines = [
    `## Evaluation: ${escapeMarkdown(summary.modelName)} v${summary.challengerVersion} against ${markdownCode(`@${summary.championAlias}`)}`,
    '',
    `${verdict} — ${escapeMarkdown(summary.reason)}`,
    '',
    markdownTable(
      ['model', 'version', 'accuracy', confidence, 'execution provider'],
      [
        ['challenger', `v${summary.challengerVersion}`, gate.n.toFixed(4), interval(gate.wilson.n), summary.providers.challenger],
        [
          `champion (@${summary.championAlias})`,
          summary.championVersion === undefined ? 'none yet' : `v${summary.championVersion}`,
          gate.o === null ? '—' : gate.o.toFixed(4),
          interval(gate.wilson.o),
          summary.providers.champion ?? '—',
        ],
      ],
    ),
    '',
    `Test set ${markdownCode(summary.dataset.name)}: ${gate.items} items, fingerprint \`${summary.dataset.fingerprint.slice(0, 12)}\` · MLflow evaluation run ${summary.evaluationRunUrl ? `[\`${summary.evaluationRunId}\`](${summary.evaluationRunUrl})` : `\`${summary.evaluationRunId}\``}`,
    '',
  ];
  const chart = renderIntervalChart(gate.clauses);
  if (chart) lines.push(chart, '');
  if (summary.deploy) lines.push(`Deploy: ${escapeMarkdown(summary.deploy)}`, '');
  lines.push('<details><summary>The gate in full</summary>', '', renderGateMarkdown(gate), '', '</details>', '');
  return lines.join('\n');
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
  const lines = [
    `## Evaluation: ${escapeMarkdown(summary.modelName)} v${summary.version} already is ${markdownCode(summary.alias)}`,
    '',
    `**Nothing to do** — ${escapeMarkdown(summary.reason)}`,
    '',
    'Its recorded decision:',
    '',
    renderGateMarkdown(summary.gate),
    '',
  ];
  if (summary.deploy) lines.push(`Deploy: ${escapeMarkdown(summary.deploy)}`, '');
  return lines.join('\n');
}

/** The job summary of a rollback: what moved where, why, and the ledger's newest entries. */
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
    `## Rollback: ${escapeMarkdown(summary.modelName)} ${markdownCode(`@${summary.alias}`)}`,
    '',
    `**Rolled back** from v${summary.from} to v${summary.to}${summary.forced ? ' (forced: the target never passed a gate)' : ''} — ${escapeMarkdown(summary.reason)}`,
    '',
  ];
  if (summary.repeated)
    lines.push('An earlier attempt of this run made this rollback: nothing moved again; the deploy is dispatched again.', '');
  if (summary.deploy) lines.push(`Deploy: ${escapeMarkdown(summary.deploy)}`, '');
  lines.push(summary.ledger);
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
  const against = summary.championVersion === undefined ? 'as a first model' : `over v${summary.championVersion}`;
  const verdict = summary.promoted
    ? `**Promoted after approval**: v${summary.challengerVersion} is now ${markdownCode(`@${summary.alias}`)} (${against})`
    : summary.alreadyChampion
      ? '**Nothing to do**'
      : '**Not promoted**';
  const lines = [
    `## Approved promotion: ${escapeMarkdown(summary.modelName)} v${summary.challengerVersion}`,
    '',
    `${verdict} — ${escapeMarkdown(summary.reason)}`,
    '',
    `The evaluation approved: MLflow run \`${summary.evaluationRunId}\``,
    '',
  ];
  if (summary.deploy) lines.push(`Deploy: ${escapeMarkdown(summary.deploy)}`, '');
  lines.push('<details><summary>The gate in full</summary>', '', renderGateMarkdown(summary.gate), '', '</details>', '', summary.ledger);
  return lines.join('\n');
}
