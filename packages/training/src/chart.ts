import type { Metric } from '@mlops-actions/mlflow';

export interface MetricSeries {
  key: string;
  points: readonly Pick<Metric, 'step' | 'value'>[];
}

const PANEL = { width: 320, height: 170, left: 52, right: 12, top: 26, bottom: 28 } as const;
const COLUMNS = 2;
const COLORS = ['#0969da', '#1a7f37', '#bf3989', '#9a6700', '#8250df', '#cf222e'];

const escapeXml = (text: string): string =>
  text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);

/** A tick label with as many decimals as the axis range needs to tell its two ends apart. */
function label(value: number, range: number): string {
  if (Math.abs(value) >= 1e5 || (value !== 0 && Math.abs(value) < 1e-4)) return value.toExponential(2);
  const decimals = Math.min(8, Math.max(0, Math.ceil(-Math.log10(range)) + 1));
  return value.toFixed(decimals);
}

function panel(series: MetricSeries, index: number): string {
  const x0 = (index % COLUMNS) * PANEL.width;
  const y0 = Math.floor(index / COLUMNS) * PANEL.height;
  const points = [...series.points].sort((a, b) => a.step - b.step);
  const steps = points.map((p) => p.step);
  const values = points.map((p) => p.value).filter(Number.isFinite);
  const [minStep, maxStep] = [Math.min(...steps), Math.max(...steps)];
  let [minValue, maxValue] = [Math.min(...values), Math.max(...values)];
  if (minValue === maxValue) [minValue, maxValue] = [minValue - 0.5, maxValue + 0.5];
  const plotWidth = PANEL.width - PANEL.left - PANEL.right;
  const plotHeight = PANEL.height - PANEL.top - PANEL.bottom;
  const x = (step: number): number =>
    x0 + PANEL.left + (maxStep === minStep ? plotWidth / 2 : ((step - minStep) / (maxStep - minStep)) * plotWidth);
  const y = (value: number): number => y0 + PANEL.top + (1 - (value - minValue) / (maxValue - minValue)) * plotHeight;
  const color = COLORS[index % COLORS.length]!;
  const path = points
    .filter((p) => Number.isFinite(p.value))
    .map((p) => `${x(p.step).toFixed(1)},${y(p.value).toFixed(1)}`)
    .join(' ');
  const last = points.at(-1);
  const left = x0 + PANEL.left;
  const bottom = y0 + PANEL.top + plotHeight;
  return [
    `<text x="${left}" y="${y0 + 16}" font-weight="600">${escapeXml(series.key)}${last ? ` = ${escapeXml(String(Number(last.value.toPrecision(4))))}` : ''}</text>`,
    `<path d="M${left},${y0 + PANEL.top}V${bottom}H${left + plotWidth}" fill="none" stroke="#8c959f"/>`,
    `<text x="${left - 4}" y="${y0 + PANEL.top + 4}" text-anchor="end">${escapeXml(label(maxValue, maxValue - minValue))}</text>`,
    `<text x="${left - 4}" y="${bottom}" text-anchor="end">${escapeXml(label(minValue, maxValue - minValue))}</text>`,
    `<text x="${left}" y="${bottom + 16}">step ${minStep}</text>`,
    `<text x="${left + plotWidth}" y="${bottom + 16}" text-anchor="end">${maxStep}</text>`,
    `<polyline points="${path}" fill="none" stroke="${color}" stroke-width="2"/>`,
  ].join('');
}

/**
 * Metric curves as one SVG, a small panel per metric with its own scale; a metric logged once is a number,
 * not a curve, and is left to the table. Undefined when there is no curve to draw.
 */
export function renderMetricChart(series: readonly MetricSeries[]): string | undefined {
  const drawable = series.filter((s) => s.points.filter((p) => Number.isFinite(p.value)).length >= 2);
  if (drawable.length === 0) return undefined;
  const width = Math.min(drawable.length, COLUMNS) * PANEL.width;
  const height = Math.ceil(drawable.length / COLUMNS) * PANEL.height;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ` +
    `font-family="sans-serif" font-size="11" fill="#1f2328" role="img" aria-label="metric curves">` +
    drawable.map(panel).join('') +
    '</svg>'
  );
}
