import { describe, expect, test } from '@jest/globals';
import { countPairs, evaluateGate, parseCondition, parseFirstModelRule, resolveSettings, type GateResult } from '@mlops-actions/gate';
import type { Dataset } from '@mlops-actions/evaluation';
import { evaluationNotice } from '@mlops-actions/promotion';
import { renderAlreadyChampionSummary, renderEvaluationSummary, type EvaluationSummary } from '@mlops-actions/promotion/internal';
import type { Element } from 'hast';
import { toText } from 'hast-util-to-text';
import { visit } from 'unist-util-visit';
import { expectSummarySurvivesGithub, renderSummary, summaryAtAGlance } from '../../helpers/github-markdown.js';

const dataset = { name: 'mnist', fingerprint: '4c1f9e0a7b2d3e4f5a6b', classes: [] } as unknown as Dataset;

/** 2,000 paired items: the challenger wrong on the first `challengerWrong`, production on items [from, to). */
function counts(challengerWrong: number, productionWrong: [number, number] | undefined) {
  const labels = Array.from({ length: 2000 }, (_, i) => i % 10);
  const wrong = (label: number) => (label + 1) % 10;
  const challenger = labels.map((label, i) => (i < challengerWrong ? wrong(label) : label));
  const production =
    productionWrong && labels.map((label, i) => (i >= productionWrong[0] && i < productionWrong[1] ? wrong(label) : label));
  return countPairs(labels, challenger, production);
}

const BETTER = counts(120, [100, 320]); // 0.94 against 0.89
const WORSE = counts(200, [100, 220]); // 0.90 against 0.94
const CLOSE = counts(120, [100, 280]); // 0.94 against 0.91: n − o = 0.03, not surely above 0.02
const FIRST = counts(120, undefined);

function gate(items: ReturnType<typeof counts>, overrides: Record<string, unknown> = {}): GateResult {
  return evaluateGate({
    condition: parseCondition('n - o > 0.02 +/- 0.01'),
    settings: resolveSettings({ overrides: { samples: 2000, ...overrides } }),
    counts: items,
  });
}

/** The summary as evaluate-promote makes it, for a gate result and what became of the alias. */
function summaryOf(result: GateResult, outcome: Partial<EvaluationSummary> = {}): EvaluationSummary {
  return {
    modelName: 'digits',
    championAlias: 'production',
    challengerVersion: 2,
    championVersion: result.firstModel ? undefined : 1,
    dataset,
    providers: { challenger: 'cpu', champion: result.firstModel ? undefined : 'cpu' },
    gate: result,
    passed: result.passed,
    promoted: result.passed,
    dryRun: false,
    reason: result.reason,
    evaluationRunId: 'run123',
    ...outcome,
  };
}

const MOVED =
  '@production moved from v1 to v3 while v2 was being evaluated: not promoted over a champion it was not compared with; evaluate again against v3';

/** Each decision path: the summary's input, its heading, the sentence of why, the notice (or none). */
const PATHS: [string, EvaluationSummary, string, RegExp, RegExp | undefined][] = [
  [
    'first model, rule promote',
    summaryOf(gate(FIRST)),
    'Promoted: digits v2 is now @production (first model)',
    /^Why: first model: promoted without comparison \(first-model rule 'promote'\)\.$/,
    /^v2 of digits is now @production — first model: promoted without comparison \(first-model rule 'promote'\)$/,
  ],
  [
    'first model, rule reject',
    summaryOf(gate(FIRST, { firstModel: parseFirstModelRule('reject') })),
    'Rejected: digits v2 — @production stays unset',
    /^Why: first model: rejected without comparison \(first-model rule 'reject'\); promote it by hand, or set first-model to 'promote' or a condition on n\.$/,
    /^v2 of digits was not promoted: first model: rejected without comparison/,
  ],
  [
    'first model, first-model condition',
    summaryOf(gate(FIRST, { firstModel: parseFirstModelRule('n > 0.9 +/- 0.05') })),
    'Promoted: digits v2 is now @production (first model)',
    /^Why: n = 0\.94, 99% interval \[0\.9265, 0\.9517\] is above 0\.9 \(no production model yet: first-model condition\)\.$/,
    /^v2 of digits is now @production — n = 0\.94, 99% interval \[0\.9265, 0\.9517\] is above 0\.9/,
  ],
  [
    'pass, exact tests',
    summaryOf(gate(BETTER)),
    'Promoted: digits v2 is now @production (over v1)',
    /^Why: n − o = 0\.05, 99% interval \[0\.0301, 0\.0703\] is above 0\.02\.$/,
    undefined,
  ],
  [
    'pass, paired bootstrap',
    summaryOf(gate(BETTER, { method: 'bootstrap' })),
    'Promoted: digits v2 is now @production (over v1)',
    /^Why: n − o = 0\.05, 99% interval \[0\.0\d+, 0\.0\d+\] is above 0\.02\.$/,
    undefined,
  ],
  [
    'fail, exact tests',
    summaryOf(gate(WORSE)),
    'Rejected: digits v2 — @production stays at v1',
    /^Why: n − o = −0\.04, 99% interval \[−0\.0533, −0\.0277\] is below 0\.02\.$/,
    /^v2 of digits was not promoted: n − o = −0\.04, 99% interval \[−0\.0533, −0\.0277\] is below 0\.02$/,
  ],
  [
    'undecided, mode fp-free',
    summaryOf(gate(CLOSE)),
    'Rejected: digits v2 — @production stays at v1',
    /^Why: n − o = 0\.03, 99% interval \[0\.0113, 0\.049\] is not above 0\.02: the test set cannot tell, and mode fp-free promotes only what it shows\.$/,
    /^v2 of digits was not promoted: n − o = 0\.03, .* the test set cannot tell, and mode fp-free promotes only what it shows$/,
  ],
  [
    'undecided, mode fn-free',
    summaryOf(gate(CLOSE, { mode: 'fn-free' })),
    'Promoted: digits v2 is now @production (over v1)',
    /^Why: n − o = 0\.03, 99% interval \[0\.0113, 0\.049\] is not below 0\.02: the test set cannot tell, and mode fn-free promotes unless it shows a failure\.$/,
    undefined,
  ],
  [
    'undecided on the Hoeffding/Bennett bounds, too few items for them',
    summaryOf(gate(BETTER, { method: 'hoeffding' })),
    'Rejected: digits v2 — @production stays at v1',
    /^Why: n − o = 0\.05, 99% interval \[−0\.0228, 0\.1228\] is not above 0\.02: the test set cannot tell/,
    /^v2 of digits was not promoted: n − o = 0\.05/,
  ],
  [
    'pass, dry run',
    summaryOf(gate(BETTER), {
      promoted: false,
      dryRun: true,
      reason: `${gate(BETTER).reason} (dry run: promote is false, nothing was promoted)`,
    }),
    'Passed, not promoted: digits v2 — @production stays at v1 (dry run)',
    /^Why: n − o = 0\.05, 99% interval \[0\.0301, 0\.0703\] is above 0\.02; promote is false, so nothing was promoted \(dry run\)\.$/,
    undefined,
  ],
  [
    'first model, dry run',
    summaryOf(gate(FIRST), { promoted: false, dryRun: true }),
    'Passed, not promoted: digits v2 — @production stays unset (dry run)',
    /^Why: first model: passed without comparison \(first-model rule 'promote'\); promote is false, so nothing was promoted \(dry run\)\.$/,
    undefined,
  ],
  [
    'pass, but the champion moved during the evaluation',
    summaryOf(gate(BETTER), { promoted: false, reason: MOVED }),
    'Passed, not promoted: digits v2 — @production moved meanwhile',
    new RegExp(`^Why: ${MOVED.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.$`),
    /^v2 of digits was not promoted: @production moved from v1 to v3 while v2 was being evaluated/,
  ],
];

const lines = (text: string): string[] =>
  text
    .split('\n')
    .map((line) => line.replaceAll('\u200b', '').trim())
    .filter(Boolean);

describe('the evaluation summary, read in five seconds', () => {
  test.each(PATHS)('%s: the decision, both accuracies, the chart and one sentence of why come first', (_, summary, heading, why) => {
    const markdown = renderEvaluationSummary(summary);
    expectSummarySurvivesGithub(markdown);
    const glance = summaryAtAGlance(markdown);
    const visible = lines(glance.visible);
    expect(visible[0]).toBe(heading);
    expect(glance.top[0]).toBe('h2');
    // The accuracies, each with its Wilson interval, in the table right under the heading.
    const { gate } = summary;
    const wilson = (bounds: [number, number]) => `[${bounds[0].toFixed(4)}, ${bounds[1].toFixed(4)}]`;
    expect(glance.top[1]).toBe('table');
    expect(visible.slice(1, 4)).toEqual([
      ['version', 'accuracy', '99% interval (Wilson)'].join('\t'),
      ['challenger', 'v2', gate.n.toFixed(4), wilson(gate.wilson.n)].join('\t'),
      (gate.o === null ? ['@production', 'none yet', '—', '—'] : ['@production', 'v1', gate.o.toFixed(4), wilson(gate.wilson.o!)]).join(
        '\t',
      ),
    ]);
    // The chart for a condition, none for the first-model rule; then one sentence of why, the last thing before the fold.
    expect(glance.top.includes('pre')).toBe(gate.clauses.length > 0);
    expect(visible.filter((line) => line.startsWith('Why:'))).toHaveLength(1);
    expect(visible.find((line) => line.startsWith('Why:'))).toMatch(why);
    expect(glance.top.slice(-1)).toEqual(['details']);
    // The statistics are folded: seen only after a click.
    expect(glance.visible).not.toMatch(/McNemar|Condition|Test set/);
    expect(glance.folded).toMatch(/Test set `?mnist`?: 2000 items/);
  });

  test.each(PATHS)('%s: no note contradicts the decision or names a method the decision did not use', (_, summary) => {
    const { all, visible } = summaryAtAGlance(renderEvaluationSummary(summary));
    const { gate } = summary;
    for (const stale of [
      /guarantee needs 0/,
      /useful reliability/,
      /items required/,
      /\((?:hoeffding|bennett)\)/,
      /keep the production model/,
    ])
      expect(all).not.toMatch(stale);
    if (summary.promoted) expect(all).not.toMatch(/rejected|not promoted|\bfails\b|gate failed/i);
    else expect(visible).not.toMatch(/is now|promoted without comparison \(first-model rule 'promote'\)\.$/m);
    if (!gate.passed) expect(all).not.toMatch(/gate passed|passed without comparison/i);
    // The paper's bounds are named only where they gave an interval.
    const bounds = gate.clauses.some((clause) => clause.method === 'hoeffding' || clause.method === 'bennett');
    if (!bounds) expect(all).not.toMatch(/hoeffding|bennett/i);
    else expect(all).toContain('this decision used its Hoeffding/Bennett bounds');
    if (gate.firstModel && gate.clauses.length === 0) {
      expect(all).toContain(`the condition n - o > 0.02 +/- 0.01 applies from the next version on`);
      expect(all).not.toMatch(/paper|reliability 0\.\d+ ·|McNemar/);
    }
  });

  test.each(PATHS)('%s: a notice for a rejection and for a first model promoted, none otherwise', (_, summary, __, ___, notice) => {
    const line = evaluationNotice({ ...summary, alreadyChampion: false });
    if (notice === undefined) expect(line).toBeUndefined();
    else expect(line).toMatch(notice);
  });

  test('a re-run with nothing to do has no notice', () => {
    const result = gate(BETTER);
    expect(evaluationNotice({ ...summaryOf(result), promoted: false, alreadyChampion: true })).toBeUndefined();
  });

  test('what MLflow hands back — a model name, a recorded gate — shows as text and cannot close the fold or add a link', () => {
    const hostile = '</details><script>alert(1)</script> [click](https://evil.example) ![x](https://evil.example/x.png) **bold**';
    const recorded: GateResult = {
      ...gate(BETTER),
      condition: `\`${hostile}`,
      reason: `passed: ${hostile}`,
      notes: [hostile],
      clauses: gate(BETTER).clauses.map((clause) => ({ ...clause, clause: hostile })),
      settings: { ...gate(BETTER).settings, firstModel: hostile },
    };
    for (const markdown of [
      renderEvaluationSummary({ ...summaryOf(recorded), modelName: hostile, reason: hostile }),
      renderAlreadyChampionSummary({
        modelName: hostile,
        version: 2,
        alias: 'production',
        reason: hostile,
        gate: recorded,
        deploy: hostile,
      }),
    ]) {
      const { raw, sanitized } = renderSummary(markdown);
      const tags: string[] = [];
      const emphasis: string[] = [];
      visit(raw, 'element', (node: Element) => {
        tags.push(node.tagName);
        if (node.tagName === 'strong') emphasis.push(toText(node));
      });
      expect(tags.filter((tag) => ['script', 'img', 'a'].includes(tag))).toEqual([]);
      // Only the summary's own emphasis: the hostile **bold** stays text.
      expect(emphasis.filter((text) => !['Why:', 'holds'].includes(text))).toEqual([]);
      expect(tags.filter((tag) => tag === 'details')).toHaveLength(1);
      expect(JSON.stringify(sanitized)).not.toContain('evil.example/x.png"');
      const { all } = summaryAtAGlance(markdown);
      expect(all.replaceAll('\u200b', '')).toContain('</details><script>alert(1)</script> [click](https://evil.example)');
    }
  });
});
