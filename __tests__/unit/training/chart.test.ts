import { describe, expect, test } from '@jest/globals';
import { renderMetricChart, renderMetricCurvesMarkdown } from '@mlops-actions/training/internal';

describe('the metric chart', () => {
  test('one panel per curve with its last value; names are escaped; axis labels tell close ends apart', () => {
    const svg = renderMetricChart([
      {
        key: 'loss<1>',
        points: [
          { step: 1, value: 2 },
          { step: 2, value: 1 },
          { step: 3, value: 0.5 },
        ],
      },
      {
        key: 'valid_loss',
        points: [
          { step: 1, value: 2.30286 },
          { step: 2, value: 2.30261 },
        ],
      },
      { key: 'test_acc', points: [{ step: 3, value: 0.9 }] },
    ])!;
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" width="640" height="170"/);
    expect(svg).toContain('loss&lt;1&gt; = 0.5');
    expect(svg).toContain('>2.30286<');
    expect(svg).toContain('>2.30261<');
    expect(svg).not.toContain('test_acc');
    expect(svg.match(/<polyline/g)).toHaveLength(2);
    expect(renderMetricChart([{ key: 'x', points: [{ step: 1, value: 1 }] }])).toBeUndefined();
  });
});

describe('the metric curves as text', () => {
  test('a flat curve, a curve with non-finite points and thousands of points each draw; a single value does not', () => {
    const markdown = renderMetricCurvesMarkdown([
      { key: 'flat', points: [1, 2, 3].map((step) => ({ step, value: 0.5 })) },
      {
        key: 'gappy',
        points: [
          { step: 1, value: 1 },
          { step: 2, value: Number.NaN },
          { step: 3, value: 3 },
        ],
      },
      { key: 'long', points: Array.from({ length: 5000 }, (_, i) => ({ step: i, value: i % 7 })) },
      { key: 'once', points: [{ step: 1, value: 9 }] },
    ])!;
    const charts = [...markdown.matchAll(/```text\n([\s\S]*?)```/g)].map((match) => match[1]!);
    expect(charts).toHaveLength(3);
    expect(charts[0]).toMatch(/^0\.550 ┤ *\n(.*\n){3}0\.500 ┼─+/m);
    expect(charts[1]).toMatch(/^3\.0+ ┤/m);
    // 5,000 points averaged into at most 60 columns.
    expect(Math.max(...charts[2]!.split('\n').map((line) => line.length))).toBeLessThanOrEqual(72);
    expect(markdown).not.toContain('once');
    expect(renderMetricCurvesMarkdown([{ key: 'once', points: [{ step: 1, value: 9 }] }])).toBeUndefined();
  });

  test('a metric name is Markdown-escaped outside the text block and never inside it', () => {
    const markdown = renderMetricCurvesMarkdown([
      {
        key: 'a|b<c>```',
        points: [
          { step: 1, value: 1 },
          { step: 2, value: 2 },
        ],
      },
    ])!;
    expect(markdown.split('\n')[0]).toBe('**a\\|b&lt;c>\\`\\`\\`** = 2');
    expect(markdown.match(/```/g)).toHaveLength(2);
  });
});
