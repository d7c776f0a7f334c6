import { escapeMarkdown, markdownCode, markdownTable } from '@mlops-actions/common';
import type { CommandOutcome } from './command.js';

export interface TrainSummary {
  runName: string;
  runUrl: string;
  outcome: CommandOutcome;
  exitCode: number;
  durationMs: number;
  params: Readonly<Record<string, string>>;
  metrics: Readonly<Record<string, number>>;
  /** The metric curves as Markdown text plots. */
  curves?: string | undefined;
  /** Where the same curves are saved as an image with the run, when they could be. */
  chartArtifact?: string | undefined;
  modelName?: string | undefined;
  modelVersion?: number | undefined;
  modelUri?: string | undefined;
  alias?: string | undefined;
  /** Set when an earlier attempt of this job registered the version. */
  reused?: boolean;
}

const OUTCOME_TEXT: Record<CommandOutcome, string> = {
  succeeded: 'succeeded',
  failed: 'failed',
  'timed-out': 'stopped at its time limit',
  cancelled: 'cancelled',
};

const formatValue = (value: number): string => (Number.isInteger(value) ? String(value) : value.toPrecision(4));

/** The job summary of a training step: outcome, registered version, params, final metrics and their curves. */
export function renderTrainSummary(summary: TrainSummary): string {
  const lines = [`## Training: ${escapeMarkdown(summary.runName)}`, ''];
  const seconds = (summary.durationMs / 1000).toFixed(1);
  lines.push(
    summary.reused
      ? `An earlier attempt of this job already registered this model; nothing was trained again. [MLflow run](${summary.runUrl})`
      : `The command ${OUTCOME_TEXT[summary.outcome]} after ${seconds} s (exit status ${summary.exitCode}). [MLflow run](${summary.runUrl})`,
    '',
  );
  if (summary.modelVersion !== undefined && summary.modelName !== undefined) {
    lines.push(
      `**Registered** ${markdownCode(summary.modelName)} version **${summary.modelVersion}**` +
        `${summary.alias ? ` with alias ${markdownCode(`@${summary.alias}`)}` : ''} — ${markdownCode(summary.modelUri ?? '')}`,
      '',
    );
  }
  const params = Object.entries(summary.params);
  if (params.length > 0) lines.push('### Params', '', markdownTable(['param', 'value'], params), '');
  const metrics = Object.entries(summary.metrics).filter(([key]) => !key.startsWith('system/'));
  if (metrics.length > 0)
    lines.push(
      '### Final metrics',
      '',
      markdownTable(
        ['metric', 'value'],
        metrics.map(([k, v]) => [k, formatValue(v)]),
      ),
      '',
    );
  if (summary.curves) {
    lines.push('### Metric curves', '', summary.curves, '');
    if (summary.chartArtifact) lines.push(`The same curves as an image: ${markdownCode(summary.chartArtifact)} in the MLflow run.`, '');
  }
  return lines.join('\n');
}
