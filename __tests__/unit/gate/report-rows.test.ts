import { describe, expect, test } from '@jest/globals';
import { escapeMarkdown } from '@mlops-actions/common';
import { metricRowCells, renderGateMarkdown, renderGateText, sliceRowCells, valueWord, type GateMetrics } from '@mlops-actions/gate';
import { classTestSet, gateOn } from '../../helpers/class-test-set.js';

describe('valueWord', () => {
  test.each([
    ['true', undefined, 'holds'],
    ['false', undefined, 'fails'],
    ['unknown', undefined, 'undecided'],
    ['unknown', { tooSmall: false, itemsRequired: 900 }, 'undecided'],
    ['unknown', { tooSmall: true, itemsRequired: 900 }, 'too small to judge (needs 900 items)'],
    ['false', { tooSmall: true, itemsRequired: 900 }, 'fails, though too small for its tolerance (needs 900 items)'],
  ] as const)('%s, slice %j: %s', (value, slice, words) => {
    expect(valueWord(value, slice)).toBe(words);
  });
});

describe('slice rows', () => {
  const result = gateOn(
    'forall class: n[class] - o[class] > -0.02 +/- 0.02',
    classTestSet([
      { name: 'cat', items: 40_000, newRight: 0.92, oldRight: 0.88 },
      { name: 'rare', items: 200, newRight: 0.82, oldRight: 0.85 },
      { name: 'absent', items: 0, newRight: 0, oldRight: 0 },
    ]),
  );
  const rows = result.slices![0]!.rows;
  const [cat, rare, absent] = ['cat', 'rare', 'absent'].map((name) => sliceRowCells(rows.find((row) => row.name === name)!));

  test('a measured slice, one too small to judge, and one with no items', () => {
    expect(cat).toEqual({
      name: 'cat',
      items: '40000',
      n: '0.92',
      o: '0.88',
      estimate: '0.04',
      interval: expect.stringMatching(/^\[0\.03\d*, 0\.04\d*\]$/),
      verdict: 'holds',
    });
    expect(rare!.verdict).toBe(`too small to judge (needs ${rows.find((row) => row.name === 'rare')!.itemsRequired} items)`);
    expect(absent).toMatchObject({ items: '0', n: '—', o: '—', estimate: '—', interval: '—' });
    expect(absent!.verdict).toMatch(/^too small to judge \(needs \d+ items\)$/);
  });

  test('Markdown and text show the same cells', () => {
    const markdownRow = renderGateMarkdown(result)
      .split('\n')
      .find((line) => line.startsWith('| rare |'));
    expect(markdownRow).toBe(`| rare | 200 | 0.82 | 0.85 | −0.03 | ${escapeMarkdown(rare!.interval)} | ${rare!.verdict} |`);
    expect(renderGateText(result)).toContain(
      `  "rare": 200 items, n = 0.82, o = 0.85; estimate −0.03, interval ${rare!.interval}: ${rare!.verdict}\n`,
    );
    expect(renderGateText(result)).toContain(`  "absent": 0 items, n = —; estimate —, interval —: ${absent!.verdict}\n`);
  });
});

describe('metric rows', () => {
  const latency = (batchSize: number | null): GateMetrics => ({
    latency: { batchSize, batches: 200, p50: { new: 12.3456, old: 0.04237 }, p95: { new: 1234.5, old: null } },
    size: { new: 12.5, old: 10 },
  });

  test.each([
    [1, 'per batch of 1 item'],
    [64, 'per batch of 64 items'],
    [null, 'per batch'],
  ])('latency timed in batches of %p: %s, at three significant digits', (batchSize, per) => {
    expect(metricRowCells(latency(batchSize))).toEqual([
      { label: `latency, median ${per} (200 batches)`, challenger: '12.3 ms', production: '0.0424 ms' },
      { label: `latency, 95th percentile ${per} (200 batches)`, challenger: '1230 ms', production: null },
      { label: 'model size', challenger: '12.5 MB', production: '10 MB' },
    ]);
  });

  test('the gate report shows the batch size of the timed batches, in Markdown and text', () => {
    const evidence = classTestSet([{ name: 'a', items: 100, newRight: 0.9, oldRight: 0.9 }]);
    const times = Float64Array.from({ length: 200 }, (_, i) => 10 + ((i * 7) % 11) / 10);
    const result = gateOn('latency(new) < 1.2 * latency(old)', {
      ...evidence,
      new: { ...evidence.new, batchMs: times, batchSize: 8 },
      old: { ...evidence.old!, batchMs: times, batchSize: 8 },
    });
    expect(renderGateMarkdown(result)).toMatch(
      /^\| latency, median per batch of 8 items \(200 batches\) \| 1\d\.?\d* ms \| 1\d\.?\d* ms \|$/m,
    );
    expect(renderGateText(result)).toMatch(
      /^metric {5}latency, median per batch of 8 items \(200 batches\): new 1\d\.?\d* ms, old 1\d\.?\d* ms$/m,
    );
  });
});
