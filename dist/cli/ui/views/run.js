// #/experiments/<id>/runs/<runId>: a run's facts, lineage, decision (for an evaluation), metrics with their curves,
// params, tags and artifacts.
import { allPages, filterString, get, tagValue } from '../api.js';
import { metricChart } from '../chart.js';
import { isCurve } from '../curve.js';
import { details, el, link, section, table } from '../dom.js';
import { formatDuration, formatNumber, formatTime, text } from '../format.js';
import { LEDGER_TAGS } from '../ledger.js';
import { href } from '../routes.js';
import { artifactTree } from './artifacts.js';
import { evaluationDetails, isEvaluationRun } from './evaluation.js';
import { emptyNote, errorBox } from './states.js';

/** Histories fetched for curves, at most: a run with hundreds of metrics shows the first ones' curves. */
const CURVES = 40;
const HISTORY_POINTS = 25_000;

const sortedByKey = (list) =>
  Array.isArray(list) ? [...list].filter((item) => typeof item?.key === 'string').sort((a, b) => a.key.localeCompare(b.key)) : [];

/** The run's metrics by name, the system metrics (CPU, memory, disk) after the model's own. */
const metricsInOrder = (list) => {
  const sorted = sortedByKey(list);
  const system = (metric) => metric.key.startsWith('system/');
  return [...sorted.filter((metric) => !system(metric)), ...sorted.filter(system)];
};

async function lineage(run, experimentId) {
  const runId = run.info.run_id;
  const versions = await allPages(
    (token) => get('mlflow/model-versions/search', { filter: `run_id = ${filterString(runId)}`, max_results: 1000, page_token: token }),
    'model_versions',
  );
  const items = versions.map((version) =>
    el(
      'li',
      {},
      link(href.version(version.name, version.version), `${text(version.name)} v${text(version.version)}`),
      ' registered from this run',
    ),
  );
  const ledgerModel = tagValue(run.data?.tags, LEDGER_TAGS.model);
  if (ledgerModel !== undefined) items.push(el('li', {}, 'A ledger entry of ', link(href.model(ledgerModel), ledgerModel)));
  const parent = tagValue(run.data?.tags, 'mlflow.parentRunId');
  if (parent) items.push(el('li', {}, 'Child of run ', link(href.run(experimentId, parent), parent)));
  return items.length === 0 ? emptyNote('No model version was registered from this run.') : el('ul', { class: 'lineage' }, items);
}

async function metricsSection(run) {
  const metrics = metricsInOrder(run.data?.metrics);
  if (metrics.length === 0) return emptyNote('No metrics.');
  const histories = await Promise.all(
    metrics.slice(0, CURVES).map(async (metric) => {
      const history = await get('mlflow/metrics/get-history', {
        run_id: run.info.run_id,
        metric_key: metric.key,
        max_results: HISTORY_POINTS,
      });
      return [metric.key, Array.isArray(history.metrics) ? history.metrics : []];
    }),
  );
  const curves = histories.filter(([, history]) => isCurve(history));
  return [
    table(
      null,
      ['Metric', 'Latest value', 'Step', 'Logged'],
      metrics.map((metric) => [metric.key, formatNumber(metric.value), text(metric.step ?? 0), formatTime(metric.timestamp)]),
      { class: 'list', id: 'metrics-table' },
    ),
    curves.length === 0
      ? null
      : el(
          'div',
          { class: 'charts', id: 'metric-charts' },
          curves.map(([key, history]) => metricChart(key, history)),
        ),
    metrics.length > CURVES ? el('p', { class: 'note' }, `Curves of the first ${CURVES} metrics in this order.`) : null,
  ];
}

const keyValueTable = (list, name) =>
  sortedByKey(list).length === 0
    ? emptyNote(`No ${name}.`)
    : table(
        null,
        ['Key', 'Value'],
        sortedByKey(list).map((item) => [item.key, el('span', { class: 'value' }, text(item.value))]),
        { class: 'list key-values' },
      );

/** The experiment's name for the link to it; its id when it cannot be read (the run still shows). */
async function experimentName(experimentId) {
  try {
    return text((await get('mlflow/experiments/get', { experiment_id: experimentId })).experiment?.name);
  } catch {
    return `Experiment ${experimentId}`;
  }
}

export async function runView({ experimentId, runId }) {
  const { run } = await get('mlflow/runs/get', { run_id: runId });
  const info = run.info ?? {};
  // The run's own experiment, whatever the link said.
  const runExperiment = typeof info.experiment_id === 'string' ? info.experiment_id : experimentId;
  const sections = [
    details([
      ['Run ID', el('code', {}, text(info.run_id))],
      ['Experiment', link(href.experiment(runExperiment), await experimentName(runExperiment))],
      ['Status', text(info.status)],
      ['Started', formatTime(info.start_time)],
      ['Ended', info.end_time ? formatTime(info.end_time) : undefined],
      ['Duration', info.end_time ? formatDuration(info.start_time, info.end_time) : undefined],
      ['User', tagValue(run.data?.tags, 'mlflow.user')],
      ['Source', tagValue(run.data?.tags, 'mlflow.source.name')],
    ]),
    section('lineage', 'Lineage', () => lineage(run, runExperiment), errorBox),
  ];
  if (isEvaluationRun(run)) sections.push(section('evaluation', 'Decision', () => evaluationDetails(run, runExperiment), errorBox));
  sections.push(
    section('metrics', 'Metrics', () => metricsSection(run), errorBox),
    section('params', 'Parameters', () => keyValueTable(run.data?.params, 'parameters'), errorBox),
    section('tags', 'Tags', () => keyValueTable(run.data?.tags, 'tags'), errorBox),
    section('artifacts', 'Artifacts', () => artifactTree(info.run_id, info.artifact_uri), errorBox),
  );
  return { title: text(info.run_name || info.run_id), kicker: 'Run', content: sections };
}
