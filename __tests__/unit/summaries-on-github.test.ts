import { describe, expect, test } from '@jest/globals';
import { countPairs, evaluateGate, formatNumber, parseCondition, resolveSettings, type GateResult } from '@mlops-actions/gate';
import { renderApprovalSummary, renderLedgerSection, renderRollbackSummary } from '@mlops-actions/promotion';
import { renderAlreadyChampionSummary, renderEvaluationSummary } from '@mlops-actions/promotion/internal';
import { renderMetricChart, renderMetricCurvesMarkdown, renderTrainSummary } from '@mlops-actions/training/internal';
import type { Dataset } from '@mlops-actions/evaluation';
import { expectSummarySurvivesGithub, renderSummary, summaryAtAGlance } from '../helpers/github-markdown.js';

const accuracy = Array.from({ length: 16 }, (_, i) => ({ step: i + 1, value: 0.82 + 0.16 * (1 - Math.exp(-i / 4)) }));
const loss = Array.from({ length: 400 }, (_, i) => ({ step: i * 25, value: 2.3 * Math.exp(-i / 90) + 0.04 }));
const series = [
  { key: 'train_accuracy', points: accuracy },
  { key: 'loss', points: loss },
];

/** A paired test set: 2,000 items, the new model right on 1,880 and the old one on 1,780. */
function gateResult(conditionText: string) {
  const labels = Array.from({ length: 2000 }, (_, i) => i % 10);
  const newPredictions = labels.map((label, i) => (i < 120 ? (label + 1) % 10 : label));
  const oldPredictions = labels.map((label, i) => (i >= 100 && i < 320 ? (label + 1) % 10 : label));
  const condition = parseCondition(conditionText);
  return evaluateGate({
    condition,
    settings: resolveSettings({ overrides: { samples: 2000 } }),
    counts: countPairs(labels, newPredictions, oldPredictions),
  });
}

const dataset = { name: 'mnist', fingerprint: '4c1f9e0a7b2d3e4f5a6b', classes: [] } as unknown as Dataset;

/** The summary of digits v2 promoted over v1 by `gate`. */
const evaluationSummary = (gate: GateResult): string =>
  renderEvaluationSummary({
    modelName: 'digits',
    championAlias: 'production',
    challengerVersion: 2,
    championVersion: 1,
    dataset,
    providers: { challenger: 'cpu', champion: 'cpu' },
    gate,
    passed: gate.passed,
    promoted: gate.passed,
    dryRun: false,
    reason: gate.reason,
    evaluationRunId: 'run123',
  });

describe('job summaries as GitHub renders them', () => {
  test("the train summary keeps its curves, axes and numbers through GitHub's sanitizer", () => {
    const summary = renderTrainSummary({
      runName: 'train-v1.4.0',
      runUrl: 'https://mlflow.example.com/#/experiments/1/runs/abc',
      outcome: 'succeeded',
      exitCode: 0,
      durationMs: 93_500,
      params: { epochs: '16', lr: '0.01' },
      metrics: { train_accuracy: accuracy.at(-1)!.value, loss: loss.at(-1)!.value },
      curves: renderMetricCurvesMarkdown(series),
      chartArtifact: 'charts/metrics.svg',
      modelName: 'digits',
      modelVersion: 7,
      modelUri: 'models:/digits/7',
      alias: 'challenger',
    });
    const charts = expectSummarySurvivesGithub(summary);
    expect(charts).toHaveLength(2);
    const [accuracyChart, lossChart] = charts as [string, string];
    // The value axis (top and bottom ticks), the curve, and the step range.
    expect(accuracyChart).toMatch(/^0\.976 ┤/m);
    expect(accuracyChart).toMatch(/^0\.820 ┼/m);
    expect(accuracyChart).toMatch(/step 1 +16$/m);
    expect(accuracyChart.split('\n').length).toBeGreaterThanOrEqual(11);
    expect(lossChart).toMatch(/step 0 +9975$/m);
    expect(summary).toContain('**train\\_accuracy** = 0.9762');
  });

  test("the evaluation summary keeps each clause's number line, its threshold and interval", () => {
    const gate = gateResult('n - o > 0.02 +/- 0.01 /\\ d < 0.3 +/- 0.05');
    const summary = evaluationSummary(gate);
    const charts = expectSummarySurvivesGithub(summary);
    expect(charts).toHaveLength(2);
    expect(charts[0]).toMatch(/┃/);
    expect(charts[0]).toMatch(/\[━*●━*\]/);
    expect(charts[0]).toContain('threshold 0.02');
    // The chart's interval is the one the sentence of why quotes, to the same digits.
    const [lower, upper] = gate.clauses[0]!.interval.map(formatNumber);
    expect(summary).toContain(`estimate 0.05, 99.5% interval [${lower}, ${upper}]`);
    expect(summary).toContain(`**Why:** n − o = 0.05, 99.5% interval \\[${lower}, ${upper}\\] is above 0.02`);
  });

  test("the statistics stay folded: GitHub's sanitizer keeps <details> and <summary>, with the Markdown inside rendered", () => {
    const gate = gateResult('n - o > 0.02 +/- 0.01');
    const summary = evaluationSummary(gate);
    const { sanitized } = renderSummary(summary);
    const details = sanitized.children.find((node) => node.type === 'element' && node.tagName === 'details');
    expect(details).toBeDefined();
    const inside =
      details && 'children' in details ? details.children.flatMap((node) => (node.type === 'element' ? [node.tagName] : [])) : [];
    expect(inside[0]).toBe('summary');
    // The gate's heading, its settings and its tables are Markdown rendered inside the fold, not text.
    expect(inside).toEqual(expect.arrayContaining(['h3', 'blockquote', 'table', 'p', 'ul']));
    const glance = summaryAtAGlance(summary);
    expect(glance.visible).toContain('The statistics: condition, intervals, notes');
    expect(glance.visible).not.toContain('McNemar');
    expect(glance.folded).toContain("McNemar's exact test");
  });

  test('the rollback and the approved promotion put the decision first, one sentence of why, and survive too', () => {
    const gate = gateResult('n - o > 0.02 +/- 0.01');
    const ledger = renderLedgerSection('digits', 'production', []);
    const rollback = renderRollbackSummary({
      modelName: 'digits',
      alias: 'production',
      from: 2,
      to: 1,
      forced: false,
      repeated: false,
      reason: 'v2 misreads sevens',
      deploy: undefined,
      ledger,
    });
    expectSummarySurvivesGithub(rollback);
    expect(summaryAtAGlance(rollback).visible.split('\n').filter(Boolean).slice(0, 2)).toEqual([
      'Rolled back: digits @production v2 → v1',
      'Why: v2 misreads sevens.',
    ]);
    const approval = renderApprovalSummary({
      modelName: 'digits',
      alias: 'production',
      challengerVersion: 2,
      championVersion: 1,
      promoted: true,
      alreadyChampion: false,
      reason: `approved by @octocat: ${gate.reason}`,
      evaluationRunId: 'run123',
      gate,
      deploy: undefined,
      ledger,
    });
    expectSummarySurvivesGithub(approval);
    const glance = summaryAtAGlance(approval);
    expect(glance.visible.split('\n').filter(Boolean)[0]).toBe('Promoted after approval: digits v2 is now @production (over v1)');
    expect(glance.visible).toContain('challenger\tv2\t0.9400\t[0.9248, 0.9523]');
    expect(glance.visible.replaceAll('\u200b', '')).toContain(`Why: approved by @octocat: ${gate.reason}.`);
    expect(glance.visible).not.toContain('McNemar');
    expect(glance.top).toEqual(['h2', 'table', 'p', 'pre', 'p', 'p', 'details', 'h3', 'p']);
  });

  test('the re-run summary (a version that already is the champion) survives too', () => {
    const gate = gateResult('n - o > 0.02 +/- 0.01');
    expectSummarySurvivesGithub(
      renderAlreadyChampionSummary({ modelName: 'digits', version: 2, alias: 'production', reason: gate.reason, gate, deploy: undefined }),
    );
  });

  test('the check fails an inline SVG chart, which GitHub strips', () => {
    const svg = renderMetricChart(series)!;
    const { sanitized } = renderSummary(`### Metric curves\n\n${svg}\n`);
    expect(JSON.stringify(sanitized)).not.toContain('"svg"');
    expect(() => expectSummarySurvivesGithub(`### Metric curves\n\n${svg}\n`)).toThrow();
  });
});
