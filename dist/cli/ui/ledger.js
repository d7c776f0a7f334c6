// The promotion ledger as packages/promotion/src/ledger.ts writes and reads it: one run per move in the experiment
// `mlops-ledger`, its facts in `mlops.ledger.*` tags, oldest first by the run's start time (the move's time).
import { filterString } from './api.js';

export const LEDGER_EXPERIMENT = 'mlops-ledger';

export const LEDGER_TAGS = {
  model: 'mlops.ledger.model',
  alias: 'mlops.ledger.alias',
  kind: 'mlops.ledger.kind',
  from: 'mlops.ledger.from',
  to: 'mlops.ledger.to',
  actor: 'mlops.ledger.actor',
  runUrl: 'mlops.ledger.run_url',
  evidenceRun: 'mlops.ledger.evidence_run',
  reason: 'mlops.ledger.reason',
};

/** The kinds of entry; a run with any other kind is no entry (someone logged to the experiment by hand). */
export const LEDGER_KINDS = ['promotion', 'approval', 'rollback', 'manual', 'found'];

/** What each kind means, for the timeline. */
export const KIND_TEXT = {
  promotion: 'promoted by the pipeline: the gate passed',
  approval: 'promoted on approval: the gate passed and a person approved',
  rollback: 'rolled back by a person',
  manual: 'moved outside the pipeline (found later)',
  found: 'where the alias stood when its ledger began',
};

/** The filter of a model's entries, as readLedger writes it. */
export const ledgerFilter = (modelName) => `tags.\`${LEDGER_TAGS.model}\` = ${filterString(modelName)}`;

/** The search request for one page of a model's entries, oldest first, as readLedger asks. */
export function ledgerSearch(experimentId, modelName, pageToken) {
  return {
    experiment_ids: [experimentId],
    filter: ledgerFilter(modelName),
    order_by: ['attributes.start_time ASC'],
    max_results: 1000,
    ...(pageToken === undefined ? {} : { page_token: pageToken }),
  };
}

const parseVersion = (text) => (typeof text === 'string' && /^\d+$/.test(text) ? Number(text) : undefined);

/** A ledger entry from a run as MLflow's REST API gives it, or undefined when the run is no entry. */
export function entryFromRun(run) {
  const tags = new Map();
  for (const tag of Array.isArray(run?.data?.tags) ? run.data.tags : [])
    if (typeof tag?.key === 'string' && typeof tag.value === 'string') tags.set(tag.key, tag.value);
  const kind = tags.get(LEDGER_TAGS.kind);
  const modelName = tags.get(LEDGER_TAGS.model);
  const alias = tags.get(LEDGER_TAGS.alias);
  if (!LEDGER_KINDS.includes(kind) || modelName === undefined || alias === undefined) return undefined;
  const start = Number(run.info?.start_time);
  return {
    runId: typeof run.info?.run_id === 'string' ? run.info.run_id : undefined,
    modelName,
    alias,
    kind,
    from: parseVersion(tags.get(LEDGER_TAGS.from)),
    to: parseVersion(tags.get(LEDGER_TAGS.to)),
    at: Number.isFinite(start) ? start : 0,
    actor: tags.get(LEDGER_TAGS.actor) ?? '',
    runUrl: tags.get(LEDGER_TAGS.runUrl),
    evidenceRunId: tags.get(LEDGER_TAGS.evidenceRun),
    reason: tags.get(LEDGER_TAGS.reason) ?? '',
  };
}

/**
 * A model's entries from its ledger runs, oldest first. The server already orders by start time; a stable sort keeps
 * that order for entries of the same time (a move by hand is dated when the alias was read, before the move found it).
 */
export function ledgerEntries(runs, modelName) {
  return runs
    .map(entryFromRun)
    .filter((entry) => entry !== undefined && entry.modelName === modelName)
    .map((entry, index) => ({ entry, index }))
    .sort((a, b) => a.entry.at - b.entry.at || a.index - b.index)
    .map(({ entry }) => entry);
}

/** `v3`, or `none`. */
export const versionText = (version) => (version === undefined ? 'none' : `v${version}`);
