// A gate clause's confidence interval against its threshold on a number line, as SVG — the drawing of
// packages/promotion/src/interval-chart.ts (the text version in job summaries): the same range, padding and ticks.
import { svg } from './dom.js';

export const WIDTH = 560;
/** Where the axis starts and ends, inside the drawing's width. */
export const MARGIN = 28;
const AXIS_Y = 46;

const VERDICT = { true: 'holds', false: 'fails', unknown: 'not decided' };

/** A number from gate-result.json: JSON writes ±Infinity as null, so a missing end of the interval is unbounded. */
function bound(value, unbounded) {
  return typeof value === 'number' && Number.isFinite(value) ? value : unbounded;
}

/** As many decimals as the axis needs to tell its ticks apart, at least two (interval-chart.ts's decimalsFor). */
export const decimalsFor = (range) => Math.min(6, Math.max(2, Math.ceil(-Math.log10(range / 4)) + 1));

/** A clause of gate-result.json checked: undefined when it has no threshold or interval to draw. */
export function readClause(clause) {
  if (!clause || typeof clause !== 'object' || !Array.isArray(clause.interval) || clause.interval.length !== 2) return undefined;
  if (typeof clause.threshold !== 'number' || !Number.isFinite(clause.threshold)) return undefined;
  return {
    clause: typeof clause.clause === 'string' ? clause.clause : '',
    comparison: clause.comparison === '<' ? '<' : '>',
    threshold: clause.threshold,
    estimate: typeof clause.estimate === 'number' && Number.isFinite(clause.estimate) ? clause.estimate : undefined,
    lower: bound(clause.interval[0], -Infinity),
    upper: bound(clause.interval[1], Infinity),
    confidence: typeof clause.confidence === 'number' && Number.isFinite(clause.confidence) ? clause.confidence : undefined,
    value: ['true', 'false', 'unknown'].includes(clause.value) ? clause.value : 'unknown',
  };
}

/**
 * Where everything goes, in SVG units across WIDTH: the axis from the smallest to the largest finite value among the
 * interval's ends, the threshold and the estimate, padded by 15% (at least 0.005) each side; an unbounded end lies at
 * the axis's edge, open.
 */
export function numberLineGeometry(clause) {
  const finite = [clause.lower, clause.upper, clause.threshold, clause.estimate].filter((v) => typeof v === 'number' && Number.isFinite(v));
  let low = Math.min(...finite);
  let high = Math.max(...finite);
  const pad = Math.max((high - low) * 0.15, 0.005);
  low -= pad;
  high += pad;
  const x = (value) => {
    const clamped = Math.min(Math.max(Number.isFinite(value) ? value : value > 0 ? high : low, low), high);
    return MARGIN + ((clamped - low) / (high - low)) * (WIDTH - 2 * MARGIN);
  };
  return {
    low,
    high,
    decimals: decimalsFor(high - low),
    lowerX: x(clause.lower),
    upperX: x(clause.upper),
    openLower: !Number.isFinite(clause.lower),
    openUpper: !Number.isFinite(clause.upper),
    thresholdX: x(clause.threshold),
    estimateX: clause.estimate === undefined ? undefined : x(clause.estimate),
  };
}

const shown = (value, digits = 4) => (Number.isFinite(value) ? String(Number(value.toPrecision(digits))) : value > 0 ? '∞' : '−∞');

/** What the drawing shows, in words (its accessible name). */
export function describeClause(clause) {
  const interval = `[${shown(clause.lower)}, ${shown(clause.upper)}]`;
  const confidence = clause.confidence === undefined ? '' : ` ${Number((clause.confidence * 100).toPrecision(4))}%`;
  const estimate = clause.estimate === undefined ? '' : `, estimate ${shown(clause.estimate)}`;
  return `${clause.clause} ${VERDICT[clause.value]}:${confidence} interval ${interval}${estimate}, threshold ${clause.comparison} ${clause.threshold}`;
}

/** The number line as an SVG element. */
export function numberLine(clause) {
  const g = numberLineGeometry(clause);
  const verdict = VERDICT[clause.value];
  const label = describeClause(clause);
  const y = AXIS_Y;
  return svg(
    'svg',
    {
      class: `number-line verdict-${clause.value}`,
      viewBox: `0 0 ${WIDTH} 92`,
      role: 'img',
      'aria-label': label,
      'data-lower': clause.lower,
      'data-upper': clause.upper,
      'data-threshold': clause.threshold,
    },
    svg('title', {}, label),
    svg('line', { class: 'axis', x1: 4, x2: WIDTH - 4, y1: y, y2: y }),
    svg('rect', {
      class: 'interval',
      x: g.lowerX,
      y: y - 7,
      width: Math.max(g.upperX - g.lowerX, 2),
      height: 14,
      rx: 3,
      'data-open-lower': g.openLower,
      'data-open-upper': g.openUpper,
    }),
    g.openLower
      ? svg('path', { class: 'open-end', d: `M ${g.lowerX + 8} ${y - 10} L ${g.lowerX} ${y} L ${g.lowerX + 8} ${y + 10}` })
      : null,
    g.openUpper
      ? svg('path', { class: 'open-end', d: `M ${g.upperX - 8} ${y - 10} L ${g.upperX} ${y} L ${g.upperX - 8} ${y + 10}` })
      : null,
    g.estimateX === undefined ? null : svg('circle', { class: 'estimate', cx: g.estimateX, cy: y, r: 4.5 }),
    svg('line', { class: 'threshold', x1: g.thresholdX, x2: g.thresholdX, y1: y - 20, y2: y + 20 }),
    svg(
      'text',
      {
        class: 'threshold-label',
        x: g.thresholdX,
        y: y - 25,
        'text-anchor': g.thresholdX > WIDTH * 0.7 ? 'end' : g.thresholdX < WIDTH * 0.3 ? 'start' : 'middle',
      },
      `threshold ${clause.threshold}`,
    ),
    svg('text', { class: 'tick', x: 4, y: y + 36, 'text-anchor': 'start' }, g.low.toFixed(g.decimals)),
    svg('text', { class: 'tick', x: WIDTH - 4, y: y + 36, 'text-anchor': 'end' }, g.high.toFixed(g.decimals)),
    svg(
      'text',
      { class: 'interval-label', x: (g.lowerX + g.upperX) / 2, y: y + 24, 'text-anchor': 'middle' },
      `[${shown(clause.lower)}, ${shown(clause.upper)}] ${verdict}`,
    ),
  );
}
