// #/experiments and #/experiments/<id>: the experiments, and an experiment's runs with their key metrics.
import { allPages, get, post } from '../api.js';
import { el, link, table } from '../dom.js';
import { formatDuration, formatNumber, formatTime, NONE, text } from '../format.js';
import { href } from '../routes.js';
import { emptyNote, errorBox } from './states.js';

const RUNS_PER_PAGE = 50;
const KEY_METRICS = 5;

export async function experimentsView() {
  const experiments = await allPages(
    (token) => get('mlflow/experiments/search', { max_results: 1000, page_token: token, view_type: 'ACTIVE_ONLY' }),
    'experiments',
  );
  const rows = experiments.map((experiment) => [
    link(href.experiment(experiment.experiment_id), text(experiment.name)),
    text(experiment.experiment_id),
    formatTime(experiment.last_update_time ?? experiment.creation_time),
  ]);
  return {
    title: 'Experiments',
    content:
      rows.length === 0 ? emptyNote('No experiments yet.') : table(null, ['Experiment', 'ID', 'Last updated'], rows, { class: 'list' }),
  };
}

/** The metrics most runs of the page have, system metrics last: the columns of the runs table. */
function keyMetrics(runs) {
  const counts = new Map();
  for (const run of runs)
    for (const metric of run.data?.metrics ?? [])
      if (typeof metric.key === 'string') counts.set(metric.key, (counts.get(metric.key) ?? 0) + 1);
  return [...counts.entries()]
    .sort(
      ([a, countA], [b, countB]) =>
        Number(a.startsWith('system/')) - Number(b.startsWith('system/')) || countB - countA || a.localeCompare(b),
    )
    .slice(0, KEY_METRICS)
    .map(([key]) => key);
}

function runRows(experimentId, runs, metrics) {
  return runs.map((run) => {
    const info = run.info ?? {};
    const values = new Map((run.data?.metrics ?? []).map((metric) => [metric.key, metric.value]));
    return [
      link(href.run(experimentId, info.run_id), text(info.run_name || info.run_id)),
      text(info.status),
      formatTime(info.start_time),
      formatDuration(info.start_time, info.end_time),
      ...metrics.map((key) => (values.has(key) ? formatNumber(values.get(key)) : NONE)),
    ];
  });
}

export async function experimentView({ experimentId }) {
  const { experiment } = await get('mlflow/experiments/get', { experiment_id: experimentId });
  const search = (token) =>
    post('mlflow/runs/search', {
      experiment_ids: [experimentId],
      max_results: RUNS_PER_PAGE,
      order_by: ['attributes.start_time DESC'],
      ...(token ? { page_token: token } : {}),
    });
  const first = await search();
  const runs = first.runs ?? [];
  const metrics = keyMetrics(runs);
  const headers = ['Run', 'Status', 'Started', 'Duration', ...metrics];
  const list = table(null, headers, runRows(experimentId, runs, metrics), { class: 'list', id: 'runs' });
  const more = el('div', { class: 'more' });
  let token = first.next_page_token;
  const addMoreButton = () => {
    if (!token) return;
    const button = el('button', { type: 'button' }, `Show ${RUNS_PER_PAGE} more runs`);
    button.addEventListener('click', async () => {
      button.disabled = true;
      try {
        const page = await search(token);
        token = page.next_page_token;
        const body = list.querySelector('tbody');
        for (const cells of runRows(experimentId, page.runs ?? [], metrics))
          body.append(
            el(
              'tr',
              {},
              cells.map((cell) => el('td', {}, cell)),
            ),
          );
        more.replaceChildren();
        addMoreButton();
      } catch (error) {
        more.replaceChildren(errorBox(error));
      }
    });
    more.append(button);
  };
  addMoreButton();
  return {
    title: text(experiment?.name),
    kicker: `Experiment ${experimentId}`,
    content: [
      runs.length === 0 ? emptyNote('No runs in this experiment yet.') : list,
      more,
      el('p', { class: 'note' }, 'Newest first. Key metrics: the metrics most of these runs logged, their latest values.'),
    ],
  };
}
