import { escapeMarkdown } from '@mlops-actions/common';
import { plot } from 'asciichart';
import type { MetricSeries } from './chart.js';

/** Columns of a curve: more points than this are averaged into this many equal step ranges. */
const WIDTH = 60;
/** Fewer points than this are each drawn over several columns, so that a short curve still reads as one. */
const MIN_WIDTH = 24;
const HEIGHT = 8;

/** A tick label with as many decimals as the axis range needs to tell its two ends apart. */
function tickFormat(min: number, max: number): (value: number) => string {
  const range = max - min || Math.abs(max) || 1;
  const exponential = Math.max(Math.abs(min), Math.abs(max)) >= 1e5 || range < 1e-4;
  const decimals = Math.min(8, Math.max(0, Math.ceil(-Math.log10(range)) + 2));
  const labels = [min, max].map((value) => (exponential ? value.toExponential(2) : value.toFixed(decimals)));
  const width = Math.max(...labels.map((label) => label.length));
  return (value) => (exponential ? value.toExponential(2) : value.toFixed(decimals)).padStart(width);
}

/** The finite points in step order, averaged into at most WIDTH equal step ranges. */
function columns(series: MetricSeries): { steps: [number, number]; values: number[] } {
  const points = series.points.filter((p) => Number.isFinite(p.value)).sort((a, b) => a.step - b.step);
  const first = points[0]!.step;
  const last = points.at(-1)!.step;
  if (points.length < MIN_WIDTH) {
    const repeat = Math.ceil(MIN_WIDTH / points.length);
    return { steps: [first, last], values: points.flatMap((p) => new Array<number>(repeat).fill(p.value)) };
  }
  if (points.length <= WIDTH) return { steps: [first, last], values: points.map((p) => p.value) };
  const sums = new Array<number>(WIDTH).fill(0);
  const counts = new Array<number>(WIDTH).fill(0);
  for (const { step, value } of points) {
    const column = last === first ? 0 : Math.min(WIDTH - 1, Math.floor(((step - first) / (last - first)) * WIDTH));
    sums[column]! += value;
    counts[column]! += 1;
  }
  const values: number[] = [];
  for (let i = 0; i < WIDTH; i++) if (counts[i]! > 0) values.push(sums[i]! / counts[i]!);
  return { steps: [first, last], values };
}

/** One curve: its name and last value, then a text plot in a fenced block with the value axis and the step range. */
function curve(series: MetricSeries): string {
  const { steps, values } = columns(series);
  let [min, max] = [Math.min(...values), Math.max(...values)];
  // A flat curve gets an axis around its value, with the line in the middle.
  if (min === max) [min, max] = [min - (Math.abs(min) * 0.1 || 1), max + (Math.abs(max) * 0.1 || 1)];
  const format = tickFormat(min, max);
  const chart = plot(values, { height: HEIGHT, format, min, max });
  const margin = format(min).length + 1;
  const axis = `${' '.repeat(margin)}└${'─'.repeat(values.length)}`;
  const stepLabels = `${' '.repeat(margin + 1)}step ${steps[0]}`;
  const lastLabel = `${steps[1]}`;
  const labelLine = `${stepLabels}${' '.repeat(Math.max(1, margin + 2 + values.length - stepLabels.length - lastLabel.length))}${lastLabel}`;
  const last = series.points
    .filter((p) => Number.isFinite(p.value))
    .sort((a, b) => a.step - b.step)
    .at(-1)!;
  return [`**${escapeMarkdown(series.key)}** = ${Number(last.value.toPrecision(4))}`, '', '```text', chart, axis, labelLine, '```'].join(
    '\n',
  );
}

/**
 * Metric curves as text plots in Markdown — what GitHub's job summary keeps (its sanitizer removes inline SVG). A metric
 * logged once is a number, not a curve, and is left to the table. Undefined when there is no curve to draw.
 */
export function renderMetricCurvesMarkdown(series: readonly MetricSeries[]): string | undefined {
  const drawable = series.filter((s) => s.points.filter((p) => Number.isFinite(p.value)).length >= 2);
  if (drawable.length === 0) return undefined;
  return drawable.map(curve).join('\n\n');
}
