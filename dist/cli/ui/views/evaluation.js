// An evaluation run's decision, as packages/promotion/src/record.ts logs it: the gate's verdict, its reason, the
// estimates, and each clause's interval drawn against its threshold (from the run's gate-result.json).
import { gateResultOf, keyed, MlflowError, tagValue } from '../api.js';
import { details, el, link } from '../dom.js';
import { formatNumber, text } from '../format.js';
import { numberLine, readClause } from '../number-line.js';
import { href } from '../routes.js';
import { errorBox } from './states.js';

/** Whether a run is an evaluation the promotion recorded. */
export const isEvaluationRun = (run) =>
  tagValue(run.data?.tags, 'mlops.decision') !== undefined || keyed(run.data?.params).has('challenger_version');

/** A version link when the text is a version number of the model, else the text. */
const versionLink = (modelName, version) =>
  modelName && /^\d+$/.test(version ?? '') ? link(href.version(modelName, version), `v${version}`) : text(version);

async function clauseDrawings(run) {
  let gate;
  try {
    gate = await gateResultOf(run);
  } catch (error) {
    if (error instanceof MlflowError)
      return [el('p', { class: 'note' }, 'The gate result (gate-result.json) could not be read:'), errorBox(error)];
    throw error;
  }
  const metrics = keyed(run.data?.metrics);
  if (gate === undefined) {
    const [lower, upper] = ['interval_lower', 'interval_upper'].map((key) => formatNumber(metrics.get(key)?.value));
    return [
      el(
        'p',
        { class: 'note' },
        `Interval of the first clause: [${lower}, ${upper}]. The thresholds are in the run's gate-result.json, which this server does not serve through its artifact proxy.`,
      ),
    ];
  }
  const clauses = (Array.isArray(gate.clauses) ? gate.clauses : []).map(readClause);
  if (clauses.length === 0) return [el('p', { class: 'note' }, 'The gate result has no clause to draw.')];
  return clauses.map((clause, index) =>
    clause === undefined
      ? el('p', { class: 'note' }, `Clause ${index + 1} has no threshold or interval to draw.`)
      : el(
          'figure',
          { class: 'clause' },
          numberLine(clause),
          el(
            'figcaption',
            {},
            el('code', {}, clause.clause),
            ` ${clause.value === 'true' ? 'holds' : clause.value === 'false' ? 'fails' : 'is not decided'}`,
          ),
        ),
  );
}

/** The decision section of an evaluation run. */
export async function evaluationDetails(run, experimentId) {
  const params = keyed(run.data?.params);
  const metrics = keyed(run.data?.metrics);
  const param = (key) => params.get(key)?.value;
  const metric = (key) => (metrics.has(key) ? formatNumber(metrics.get(key).value) : undefined);
  const modelName = param('model_name') ?? tagValue(run.data?.tags, 'mlops.model');
  const decision = tagValue(run.data?.tags, 'mlops.decision');
  return [
    el('p', { class: `decision decision-${decision === 'promote' ? 'promote' : 'other'}` }, `Decision: ${text(decision)}`),
    details([
      ['Reason', tagValue(run.data?.tags, 'mlops.reason')],
      ['Model', modelName ? link(href.model(modelName), modelName) : undefined],
      ['Challenger', param('challenger_version') === undefined ? undefined : versionLink(modelName, param('challenger_version'))],
      ['Champion', param('champion_version') === undefined ? undefined : versionLink(modelName, param('champion_version'))],
      ['Condition', param('condition') === undefined ? undefined : el('code', {}, param('condition'))],
      ['Reliability', param('reliability')],
      ['Accuracy of the challenger (n)', metric('n')],
      ['Accuracy of the champion (o)', metric('o')],
      ['Disagreement (d)', metric('d')],
      ['Test items', metric('items')],
      [
        'Evaluation run',
        run.info?.run_id && experimentId
          ? link(href.run(experimentId, run.info.run_id), text(run.info.run_name || run.info.run_id))
          : undefined,
      ],
    ]),
    ...(await clauseDrawings(run)),
  ];
}
