// A metric's history as a curve: its points in step order, and the curve in words.
import { formatNumber } from './format.js';

/** A history's points by step, in order; MLflow's "NaN" and infinities become gaps. */
export function curvePoints(history) {
  return history
    .filter((point) => Number.isFinite(Number(point?.step)))
    .map((point) => ({
      step: Number(point.step),
      value: typeof point.value === 'number' && Number.isFinite(point.value) ? point.value : null,
    }))
    .sort((a, b) => a.step - b.step);
}

/** Whether a history is a curve: more than one step. */
export const isCurve = (history) => new Set(curvePoints(history).map((point) => point.step)).size > 1;

/** The curve in one sentence: from where to where, its lowest and highest. */
export function describeCurve(key, points) {
  const values = points.map((point) => point.value).filter((value) => value !== null);
  const first = points.find((point) => point.value !== null);
  const last = points.findLast((point) => point.value !== null);
  if (!first || !last) return `${key}: ${points.length} points, none a finite number`;
  return (
    `${key} over ${points.length} points: ${formatNumber(first.value)} at step ${first.step}, ${formatNumber(last.value)} at step ${last.step}; ` +
    `lowest ${formatNumber(Math.min(...values))}, highest ${formatNumber(Math.max(...values))}`
  );
}
