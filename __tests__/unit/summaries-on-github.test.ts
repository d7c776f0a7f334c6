import { describe, expect, test } from '@jest/globals';
import { countPairs, evaluateGate, parseCondition, resolveSettings } from '@mlops-actions/gate';
import { renderAlreadyChampionSummary, renderEvaluationSummary } from '@mlops-actions/promotion/internal';
import { renderMetricChart, renderMetricCurvesMarkdown, renderTrainSummary } from '@mlops-actions/training/internal';
import type { Dataset } from '@mlops-actions/evaluation';
import { expectSummarySurvivesGithub, renderSummary } from '../helpers/github-markdown.js';

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
    const summary = renderEvaluationSummary({
      modelName: 'digits',
      championAlias: 'production',
      challengerVersion: 2,
      championVersion: 1,
      dataset,
      providers: { challenger: 'cpu', champion: 'cpu' },
      gate,
      passed: gate.passed,
      promoted: gate.passed,
      reason: gate.reason,
      evaluationRunId: 'run123',
    });
    const charts = expectSummarySurvivesGithub(summary);
    expect(charts).toHaveLength(2);
    expect(charts[0]).toMatch(/┃/);
    expect(charts[0]).toMatch(/\[━*●━*\]/);
    expect(charts[0]).toContain('threshold 0.02');
    expect(summary).toContain(
      `interval [${Number(gate.clauses[0]!.interval[0].toPrecision(4))}, ${Number(gate.clauses[0]!.interval[1].toPrecision(4))}]`,
    );
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
