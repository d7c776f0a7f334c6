// #/models and #/models/<name>: the registered models with their aliases; a model's versions, aliases, description
// and its promotion ledger as a timeline.
import { allPages, experimentByName, filterString, get, post, tagValue } from '../api.js';
import { details, el, externalLink, link, section, table } from '../dom.js';
import { formatTime, isoTime, NONE, text } from '../format.js';
import { KIND_TEXT, LEDGER_EXPERIMENT, ledgerEntries, ledgerSearch, versionText } from '../ledger.js';
import { href } from '../routes.js';
import { emptyNote, errorBox } from './states.js';

/** A model's aliases as links to their versions: `@production → v3`. */
function aliasLinks(modelName, aliases) {
  const list = (Array.isArray(aliases) ? aliases : []).filter((alias) => typeof alias?.alias === 'string');
  if (list.length === 0) return NONE;
  return el(
    'ul',
    { class: 'aliases' },
    list.map((alias) => el('li', {}, link(href.version(modelName, alias.version), `@${alias.alias} → v${text(alias.version)}`))),
  );
}

export async function modelsView() {
  const models = await allPages(
    (token) => get('mlflow/registered-models/search', { max_results: 1000, page_token: token }),
    'registered_models',
  );
  const rows = models.map((model) => {
    const latest = (model.latest_versions ?? []).map((version) => Number(version.version)).filter(Number.isFinite);
    return [
      link(href.model(model.name), text(model.name)),
      aliasLinks(model.name, model.aliases),
      latest.length ? `v${Math.max(...latest)}` : NONE,
      formatTime(model.last_updated_timestamp),
    ];
  });
  return {
    title: 'Registered models',
    content:
      rows.length === 0
        ? emptyNote('No registered models yet.')
        : table(null, ['Model', 'Aliases', 'Latest version', 'Updated'], rows, { class: 'list', id: 'models' }),
  };
}

/** A version of the model as a link, or `none`. */
const versionLink = (modelName, version) => (version === undefined ? 'none' : link(href.version(modelName, version), versionText(version)));

function timelineItem(modelName, entry, evaluationsExperimentId) {
  const evidence = entry.evidenceRunId
    ? evaluationsExperimentId
      ? link(href.run(evaluationsExperimentId, entry.evidenceRunId), `evaluation run ${entry.evidenceRunId}`, { class: 'evidence' })
      : `evaluation run ${entry.evidenceRunId}`
    : undefined;
  return el(
    'li',
    { class: `entry kind-${entry.kind}`, 'data-kind': entry.kind },
    el('time', { datetime: isoTime(entry.at) }, formatTime(entry.at)),
    el(
      'p',
      { class: 'move' },
      el('span', { class: 'kind' }, entry.kind),
      ' ',
      el('span', { class: 'alias' }, `@${entry.alias}`),
      ' ',
      versionLink(modelName, entry.from),
      ' → ',
      versionLink(modelName, entry.to),
    ),
    el('p', { class: 'kind-text' }, KIND_TEXT[entry.kind]),
    details([
      ['Why', el('span', { class: 'reason' }, entry.reason || NONE)],
      ['Who', entry.actor || NONE],
      ['Evidence', evidence],
      ['Workflow run', entry.runUrl ? externalLink(entry.runUrl) : undefined],
    ]),
  );
}

async function ledgerTimeline(modelName) {
  const experiment = await experimentByName(LEDGER_EXPERIMENT);
  if (!experiment) return emptyNote(`No ledger yet: it begins with the first promotion (experiment ${LEDGER_EXPERIMENT}).`);
  const runs = await allPages((token) => post('mlflow/runs/search', ledgerSearch(experiment.experiment_id, modelName, token)), 'runs');
  const entries = ledgerEntries(runs, modelName);
  if (entries.length === 0) return emptyNote('No ledger entries yet: the ledger begins with the first promotion.');
  const evaluations = entries.some((entry) => entry.evidenceRunId) ? await experimentByName(`${modelName}-evaluations`) : undefined;
  return [
    el('p', { class: 'note' }, `Every move of the model's guarded aliases, oldest first (${entries.length}).`),
    el(
      'ol',
      { class: 'timeline', id: 'ledger-timeline' },
      entries.map((entry) => timelineItem(modelName, entry, evaluations?.experiment_id)),
    ),
  ];
}

async function versionsTable(modelName) {
  const versions = await allPages(
    (token) =>
      get('mlflow/model-versions/search', {
        filter: `name = ${filterString(modelName)}`,
        max_results: 1000,
        order_by: 'version_number DESC',
        page_token: token,
      }),
    'model_versions',
  );
  versions.sort((a, b) => Number(b.version) - Number(a.version));
  if (versions.length === 0) return emptyNote('No versions.');
  return table(
    null,
    ['Version', 'Aliases', 'Registered', 'Gate decision', 'Status'],
    versions.map((version) => [
      link(href.version(modelName, version.version), `v${text(version.version)}`),
      (version.aliases ?? []).length ? version.aliases.map((alias) => `@${alias}`).join(' ') : NONE,
      formatTime(version.creation_timestamp),
      text(tagValue(version.tags, 'mlops.gate.decision')),
      text(version.status),
    ]),
    { class: 'list', id: 'versions' },
  );
}

export async function modelView({ modelName }) {
  const { registered_model: model } = await get('mlflow/registered-models/get', { name: modelName });
  return {
    title: text(model?.name ?? modelName),
    kicker: 'Registered model',
    content: [
      details([
        ['Aliases', aliasLinks(modelName, model?.aliases)],
        ['Description', model?.description ? el('p', { class: 'description' }, model.description) : undefined],
        ['Updated', formatTime(model?.last_updated_timestamp)],
      ]),
      section('ledger', 'Ledger', () => ledgerTimeline(modelName), errorBox),
      section('versions-section', 'Versions', () => versionsTable(modelName), errorBox),
    ],
  };
}
