import { describe, expect, test } from '@jest/globals';
import type { Dataset } from '@mlops-actions/evaluation';
import { type GateResult } from '@mlops-actions/gate';
import { renderApprovalSummary } from '@mlops-actions/promotion';
import { renderEvaluationSummary } from '@mlops-actions/promotion/internal';
import type { Element, Root, RootContent } from 'hast';
import { toText } from 'hast-util-to-text';
import { visit } from 'unist-util-visit';
import { expectSummarySurvivesGithub, renderSummary } from '../../helpers/github-markdown.js';
import { classTestSet, gateOn } from '../../helpers/class-test-set.js';

const dataset = { name: 'cifar10', fingerprint: '4c1f9e0a7b2d3e4f5a6b', classes: [] } as unknown as Dataset;

function summary(result: GateResult): string {
  const markdown = renderEvaluationSummary({
    modelName: 'cifar',
    championAlias: 'production',
    challengerVersion: 2,
    championVersion: 1,
    dataset,
    providers: { challenger: 'cpu', champion: 'cpu' },
    gate: result,
    passed: result.passed,
    promoted: result.passed,
    dryRun: false,
    reason: result.reason,
    evaluationRunId: 'run123',
  });
  expectSummarySurvivesGithub(markdown);
  return markdown;
}

const text = (node: Element | Root | RootContent): string => toText(node).replaceAll('\u200b', '').trim();

/** Every table of the summary as GitHub shows it, folded ones included: rows of cell texts, the header first. */
function tables(markdown: string): string[][][] {
  const found: string[][][] = [];
  visit(renderSummary(markdown).sanitized, 'element', (table: Element) => {
    if (table.tagName !== 'table') return;
    const rows: string[][] = [];
    visit(table, 'element', (row: Element) => {
      if (row.tagName === 'tr')
        rows.push(row.children.flatMap((cell) => (cell.type === 'element' && ['th', 'td'].includes(cell.tagName) ? [text(cell)] : [])));
    });
    found.push(rows);
  });
  return found;
}

/** The heading line above each chart: the clause, its verdict, the estimate and interval. */
function chartHeadings(markdown: string): string[] {
  const top = renderSummary(markdown).sanitized.children.filter((child): child is Element => child.type === 'element');
  return top.flatMap((element, i) => (element.tagName === 'pre' && i > 0 ? [text(top[i - 1]!)] : []));
}

describe('the evaluation summary of forall clauses', () => {
  // Production is better on ships, the challenger weakest on cats: each clause has its own worst class.
  const evidence = classTestSet([
    { name: 'cat', items: 4_000, newRight: 0.6, oldRight: 0.55 },
    { name: 'ship', items: 4_000, newRight: 0.85, oldRight: 0.9 },
    { name: 'dog', items: 4_000, newRight: 0.9, oldRight: 0.88 },
  ]);
  const result = gateOn('forall class: n[class] - o[class] > -0.02 +/- 0.02 /\\ forall class: n[class] > 0.5 +/- 0.1', evidence);

  test('two forall class clauses each chart their own worst class, and only it', () => {
    expect(result.decision).toBe('reject');
    const headings = chartHeadings(summary(result));
    expect(headings).toHaveLength(2);
    expect(headings[0]).toMatch(
      /^n\[ship\] - o\[ship\] > -0\.02 \+\/- 0\.02 fails: estimate −0\.05, 99\.\d+% interval \[−0\.0\d+, −0\.0\d+\]$/,
    );
    expect(headings[1]).toMatch(/^n\[cat\] > 0\.5 \+\/- 0\.1 holds: estimate 0\.6, 99\.\d+% interval \[0\.5\d+, 0\.6\d+\]$/);
  });

  test("the approval's summary charts the same clauses as the evaluation's", () => {
    const approval = renderApprovalSummary({
      modelName: 'cifar',
      alias: 'production',
      challengerVersion: 2,
      championVersion: 1,
      promoted: false,
      alreadyChampion: false,
      reason: result.reason,
      evaluationRunId: 'run123',
      gate: result,
      deploy: undefined,
      ledger: '',
    });
    expectSummarySurvivesGithub(approval);
    expect(chartHeadings(approval)).toEqual(chartHeadings(summary(result)));
  });

  test("each clause's table lists its slices worst first, in the report's words", () => {
    const [, byDifference, byAccuracy] = tables(summary(result));
    expect(byDifference![0]).toEqual(['class', 'items', 'challenger', '@production', 'left side', 'interval', 'verdict']);
    expect(byDifference!.slice(1).map((row) => [row[0], row[1], row[2], row[3], row[4], row[6]])).toEqual([
      ['ship', '4000', '0.85', '0.9', '−0.05', 'fails'],
      ['dog', '4000', '0.9', '0.88', '0.02', 'holds'],
      ['cat', '4000', '0.6', '0.55', '0.05', 'holds'],
    ]);
    expect(byAccuracy!.slice(1).map((row) => [row[0], row[4], row[6]])).toEqual([
      ['cat', '0.6', 'holds'],
      ['ship', '0.85', 'holds'],
      ['dog', '0.9', 'holds'],
    ]);
  });

  test('a slice too small to judge says so and what it needs, in the table, the chart and the folded statistics alike', () => {
    const small = gateOn(
      'forall class: n[class] - o[class] > -0.02 +/- 0.02',
      classTestSet([
        { name: 'cat', items: 40_000, newRight: 0.92, oldRight: 0.88 },
        { name: 'rare', items: 200, newRight: 0.82, oldRight: 0.85 },
      ]),
    );
    const rare = small.clauses.find((clause) => clause.slice?.name === 'rare')!;
    const verdict = `too small to judge (needs ${rare.slice!.itemsRequired} items)`;
    const markdown = summary(small);
    const [, table] = tables(markdown);
    expect(table![1]).toEqual(['rare', '200', '0.82', '0.85', '−0.03', expect.stringMatching(/^\[−0\.\d+, 0\.\d+\]$/), verdict]);
    expect(chartHeadings(markdown)[0]).toMatch(
      new RegExp(`^n\\[rare\\] - o\\[rare\\] > -0\\.02 \\+/- 0\\.02 ${verdict.replace(/[()]/g, '\\$&')}: `),
    );
    const folded = tables(markdown).find((rows) => rows[0]![0] === 'class' && rows[0]![6] === 'value')!;
    expect(folded.find((row) => row[0] === 'rare')!.at(-1)).toBe(verdict);
  });

  test('class names from the test set show as text in the slice table', () => {
    const hostile = gateOn(
      'forall class: n[class] > 0.5 +/- 0.1',
      classTestSet([
        { name: '**bold** | [x](http://e)', items: 4_000, newRight: 0.6, oldRight: 0.55 },
        { name: '<img src=x>', items: 4_000, newRight: 0.9, oldRight: 0.88 },
      ]),
    );
    const markdown = summary(hostile);
    const [, table] = tables(markdown);
    expect(table!.slice(1).map((row) => row[0])).toEqual(['**bold** | [x](http://e)', '<img src=x>']);
    const tags: string[] = [];
    visit(renderSummary(markdown).raw, 'element', (node: Element) => void tags.push(node.tagName));
    expect(tags.filter((tag) => ['img', 'a'].includes(tag))).toEqual([]);
  });
});

describe('the evaluation summary of metrics', () => {
  const timed = (batchSize: number): GateResult => {
    const evidence = classTestSet([{ name: 'a', items: 100, newRight: 0.9, oldRight: 0.9 }]);
    const times = (centre: number): Float64Array => Float64Array.from({ length: 200 }, (_, i) => centre + ((i * 7) % 11) / 10);
    return gateOn('latency(new) < 1.2 * latency(old)', {
      ...evidence,
      new: { ...evidence.new, batchMs: times(10), batchSize, bytes: 12_500_000 },
      old: { ...evidence.old!, batchMs: times(20), batchSize, bytes: 10_000_000 },
    });
  };

  test.each([
    [1, 'per batch of 1 item'],
    [32, 'per batch of 32 items'],
  ])('latency with a batch of %d says what a batch is, beside and in the statistics', (batchSize, per) => {
    const result = timed(batchSize);
    const all = tables(summary(result));
    const beside = all.find((rows) => rows[0]!.join() === ',challenger,@production')!;
    const median = result.metrics!.latency!.p50;
    expect(beside.slice(1)).toEqual([
      [`latency, median ${per} (200 batches)`, `${Number(median.new!.toPrecision(3))} ms`, `${Number(median.old!.toPrecision(3))} ms`],
      [`latency, 95th percentile ${per} (200 batches)`, expect.stringMatching(/^1\d(\.\d)? ms$/), expect.stringMatching(/^2\d(\.\d)? ms$/)],
      ['model size', '12.5 MB', '10 MB'],
    ]);
    const statistics = all.find((rows) => rows[0]!.join() === 'metric,challenger,production')!;
    expect(statistics.slice(1).map((row) => row[0])).toEqual(beside.slice(1).map((row) => row[0]));
  });
});
