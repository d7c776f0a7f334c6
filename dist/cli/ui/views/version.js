// #/models/<name>/versions/<version>: a version's aliases, description, tags, source run and its evaluation.
import { experimentByName, filterString, get, MlflowError, post, tagValue } from '../api.js';
import { details, el, link, section, table } from '../dom.js';
import { formatTime, NONE, text } from '../format.js';
import { href } from '../routes.js';
import { evaluationDetails } from './evaluation.js';
import { emptyNote, errorBox } from './states.js';

/** The source run as a link (its experiment read from the run), or its id as text when it cannot be read. */
async function sourceRun(runId) {
  if (!runId) return emptyNote('This version names no source run.');
  try {
    const { run } = await get('mlflow/runs/get', { run_id: runId });
    return el(
      'p',
      {},
      'Trained in ',
      link(href.run(run.info.experiment_id, runId), text(run.info.run_name || runId), { id: 'source-run' }),
      '.',
    );
  } catch (error) {
    if (error instanceof MlflowError && error.status === 404) return el('p', {}, `Source run ${runId}, which this server does not have.`);
    throw error;
  }
}

/** The run that evaluated this version: the one its tag names, else the newest in the model's evaluations experiment. */
async function evaluationRun(modelName, version, tags) {
  const tagged = tagValue(tags, 'mlops.gate.evaluation_run');
  if (tagged) return (await get('mlflow/runs/get', { run_id: tagged })).run;
  const experiment = await experimentByName(`${modelName}-evaluations`);
  if (!experiment) return undefined;
  const { runs } = await post('mlflow/runs/search', {
    experiment_ids: [experiment.experiment_id],
    filter: `params.challenger_version = ${filterString(String(version))} and tags.\`mlops.model\` = ${filterString(modelName)}`,
    order_by: ['attributes.start_time DESC'],
    max_results: 1,
  });
  return runs?.[0];
}

async function evaluation(modelName, version, tags) {
  const run = await evaluationRun(modelName, version, tags);
  if (!run) return emptyNote('This version has not been evaluated by the promotion gate.');
  return evaluationDetails(run, run.info?.experiment_id);
}

export async function versionView({ modelName, version }) {
  const { model_version: modelVersion } = await get('mlflow/model-versions/get', { name: modelName, version });
  const tags = modelVersion?.tags ?? [];
  const aliases = (modelVersion?.aliases ?? []).filter((alias) => typeof alias === 'string');
  return {
    title: `${text(modelVersion?.name ?? modelName)} v${text(modelVersion?.version ?? version)}`,
    kicker: 'Model version',
    content: [
      el('p', { class: 'back' }, link(href.model(modelName), `All versions and the ledger of ${modelName}`)),
      details([
        ['Aliases', aliases.length ? aliases.map((alias) => `@${alias}`).join(' ') : NONE],
        ['Description', el('p', { class: 'description', id: 'version-description' }, modelVersion?.description || NONE)],
        ['Registered', formatTime(modelVersion?.creation_timestamp)],
        ['Status', text(modelVersion?.status)],
        ['Source', el('code', {}, text(modelVersion?.source))],
      ]),
      section('source', 'Source run', () => sourceRun(modelVersion?.run_id), errorBox),
      section('evaluation', 'Evaluation', () => evaluation(modelName, version, tags), errorBox),
      section(
        'version-tags',
        'Tags',
        () =>
          tags.length === 0
            ? emptyNote('No tags.')
            : table(
                null,
                ['Key', 'Value'],
                [...tags]
                  .sort((a, b) => String(a.key).localeCompare(String(b.key)))
                  .map((tag) => [text(tag.key), el('span', { class: 'value' }, text(tag.value))]),
                {
                  class: 'list key-values',
                },
              ),
        errorBox,
      ),
    ],
  };
}
