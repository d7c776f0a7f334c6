// A metric's history as a curve over its steps, drawn by uPlot (pinned in packages/ui, served from this server), with
// the same history in words beside it for those who do not see the canvas.
import uPlot from './vendor/uPlot.esm.js';
import { curvePoints, describeCurve } from './curve.js';
import { el } from './dom.js';

/** A figure with the curve of one metric. */
export function metricChart(key, history) {
  const points = curvePoints(history);
  const plot = el('div', { class: 'plot', 'aria-hidden': 'true' });
  const figure = el('figure', { class: 'metric-chart', 'data-metric': key }, plot, el('figcaption', {}, describeCurve(key, points)));
  // uPlot measures nothing: the size is given, and the canvas is made before the figure is in the page.
  new uPlot(
    {
      width: 340,
      height: 170,
      legend: { show: false },
      cursor: { drag: { x: false, y: false } },
      scales: { x: { time: false } },
      axes: [{ label: 'step', size: 40 }, { size: 72 }],
      series: [{}, { label: key, stroke: '#0969da', width: 2, spanGaps: false, points: { show: points.length <= 40 } }],
    },
    [points.map((point) => point.step), points.map((point) => point.value)],
    plot,
  );
  return figure;
}
