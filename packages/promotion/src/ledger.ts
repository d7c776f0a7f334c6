import { errorMessage, escapeMarkdown, markdownCode, markdownTable, type Logger } from '@mlops-actions/common';
import {
  createRun,
  escapeFilter,
  getExperimentByName,
  getOrCreateExperiment,
  searchRuns,
  updateRun,
  type MlflowHttp,
  type Run,
} from '@mlops-actions/mlflow';

/**
 * The ledger of a guarded alias: every move of it, who made it, when and on what evidence — kept in MLflow itself, so
 * it works with any MLflow server. Each entry is a run of its own in the `mlops-ledger` experiment, written once and
 * never changed (MLflow keeps aliases last-writer-wins, with no history of their own). Entries are written under the
 * model's promotion lock, so they are in the order the moves happened.
 */
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
} as const;

/**
 * `promotion`: the gate passed and the pipeline moved the alias. `approval`: the gate passed and a person approved
 * the move (the approval workflow's second job). `rollback`: a person moved it back, with a reason. `manual`: the
 * alias was found moved by someone outside the pipeline since the last entry. `found`: where the alias stood when its
 * ledger began.
 */
export type LedgerKind = 'promotion' | 'approval' | 'rollback' | 'manual' | 'found';
const KINDS: readonly LedgerKind[] = ['promotion', 'approval', 'rollback', 'manual', 'found'];

export interface LedgerEntry {
  modelName: string;
  alias: string;
  kind: LedgerKind;
  /** The version the alias pointed to before; undefined: none. */
  from: number | undefined;
  /** The version it points to after; undefined: none. */
  to: number | undefined;
  /** When (ms since the epoch); for a move found later, when it was found. */
  at: number;
  /** Who: the workflow run or machine that moved it, or who found a move made by hand. */
  actor: string;
  /** The workflow run that moved it, when on GitHub. */
  runUrl?: string | undefined;
  /** The MLflow run holding the evidence: the evaluation whose gate passed. */
  evidenceRunId?: string | undefined;
  reason: string;
}

/** MLflow keeps at most 5,000 characters of a tag value. */
const tagValue = (text: string): string => text.slice(0, 5000);
const versionText = (version: number | undefined): string => (version === undefined ? 'none' : `v${version}`);

/** Appends an entry (the caller holds the model's promotion lock). */
export async function appendLedgerEntry(http: MlflowHttp, entry: LedgerEntry): Promise<void> {
  const experiment = await getOrCreateExperiment(http, LEDGER_EXPERIMENT);
  const tags: Record<string, string> = {
    [LEDGER_TAGS.model]: tagValue(entry.modelName),
    [LEDGER_TAGS.alias]: entry.alias,
    [LEDGER_TAGS.kind]: entry.kind,
    [LEDGER_TAGS.from]: entry.from === undefined ? '' : String(entry.from),
    [LEDGER_TAGS.to]: entry.to === undefined ? '' : String(entry.to),
    [LEDGER_TAGS.actor]: tagValue(entry.actor),
    [LEDGER_TAGS.reason]: tagValue(entry.reason),
  };
  if (entry.runUrl) tags[LEDGER_TAGS.runUrl] = tagValue(entry.runUrl);
  if (entry.evidenceRunId) tags[LEDGER_TAGS.evidenceRun] = entry.evidenceRunId;
  const run = await createRun(http, {
    experimentId: experiment.id,
    runName: `@${entry.alias}: ${versionText(entry.from)} → ${versionText(entry.to)} (${entry.kind})`,
    startTime: entry.at,
    tags,
  });
  await updateRun(http, { runId: run.id, status: 'FINISHED', endTime: entry.at });
}

/** Enters a move just made (under the lock): a failure to write is said, not thrown — the move itself stands. */
export async function enterMove(http: MlflowHttp, entry: LedgerEntry, logger: Logger): Promise<void> {
  await appendLedgerEntry(http, entry).catch((error: unknown) =>
    logger.warning(`the ${entry.kind} was made, but its ledger entry could not be written: ${errorMessage(error)}`),
  );
}

/** The latest time a JavaScript Date can hold (ms since the epoch). */
const LATEST_TIME = 8.64e15;

const parseVersion = (text: string | undefined): number | undefined => (text && /^\d+$/.test(text) ? Number(text) : undefined);

function entryFromRun(run: Run): LedgerEntry | undefined {
  const tag = (key: string): string | undefined => run.tags[key];
  const kind = tag(LEDGER_TAGS.kind) as LedgerKind | undefined;
  const modelName = tag(LEDGER_TAGS.model);
  const alias = tag(LEDGER_TAGS.alias);
  // Runs in the experiment that are no entries (someone logged there by hand) are passed over.
  if (!kind || !KINDS.includes(kind) || modelName === undefined || alias === undefined) return undefined;
  return {
    modelName,
    alias,
    kind,
    from: parseVersion(tag(LEDGER_TAGS.from)),
    to: parseVersion(tag(LEDGER_TAGS.to)),
    // Anyone with write access can log a run here: a time no Date can hold is clamped, never thrown on later.
    at: Math.min(Math.max(run.startTime ?? 0, 0), LATEST_TIME),
    actor: tag(LEDGER_TAGS.actor) ?? '',
    runUrl: tag(LEDGER_TAGS.runUrl),
    evidenceRunId: tag(LEDGER_TAGS.evidenceRun),
    reason: tag(LEDGER_TAGS.reason) ?? '',
  };
}

/** A model's ledger, oldest entry first; only one alias's with `alias`. */
export async function readLedger(http: MlflowHttp, modelName: string, alias?: string): Promise<LedgerEntry[]> {
  const experiment = await getExperimentByName(http, LEDGER_EXPERIMENT);
  if (!experiment) return [];
  const filters = [`tags.\`${LEDGER_TAGS.model}\` = '${escapeFilter(modelName)}'`];
  if (alias !== undefined) filters.push(`tags.\`${LEDGER_TAGS.alias}\` = '${escapeFilter(alias)}'`);
  const runs = await searchRuns(http, {
    experimentIds: [experiment.id],
    filter: filters.join(' and '),
    orderBy: ['attributes.start_time ASC'],
  });
  return runs.flatMap((run) => entryFromRun(run) ?? []);
}

/**
 * Right after the pipeline moved an alias (under the lock), before entering its own move: an alias that was not where
 * the ledger last left it (`current`, read at `foundAt`) was moved by hand, and that move is entered first, found by
 * `actor`; an alias with no ledger yet gets an entry saying where it stood when the ledger began. A failure to read or
 * write is said, not thrown: the move itself stands.
 */
export async function enterMovesMadeByHand(
  http: MlflowHttp,
  modelName: string,
  alias: string,
  current: number | undefined,
  actor: string,
  foundAt: number,
  logger: Logger,
): Promise<void> {
  let last: LedgerEntry | undefined;
  try {
    last = (await readLedger(http, modelName, alias)).at(-1);
  } catch (error) {
    logger.warning(`the ledger of ${modelName} could not be read to check for moves made by hand: ${errorMessage(error)}`);
    return;
  }
  if (last === undefined) {
    if (current === undefined) return;
    await enterMove(
      http,
      {
        modelName,
        alias,
        kind: 'found',
        from: undefined,
        to: current,
        at: foundAt,
        actor,
        reason: `@${alias} pointed to v${current} when its ledger began`,
      },
      logger,
    );
    return;
  }
  if (last.to === current) return;
  await enterMove(
    http,
    {
      modelName,
      alias,
      kind: 'manual',
      from: last.to,
      to: current,
      at: foundAt,
      actor: `someone outside the pipeline (found by ${actor})`,
      reason: `@${alias} was moved from ${versionText(last.to)} to ${versionText(current)} outside the pipeline, after the entry of ${new Date(last.at).toISOString()}`,
    },
    logger,
  );
}

/** How many of the newest entries a job summary shows. */
export const SUMMARY_ENTRIES = 5;

/**
 * The newest entries of an alias's ledger as a job-summary section, newest first. Every value came from MLflow tags
 * that anyone with write access can set: the table shows them as text (no links, no Markdown).
 */
export function renderLedgerSection(modelName: string, alias: string, entries: readonly LedgerEntry[] | undefined): string {
  const heading = `### Ledger of ${escapeMarkdown(modelName)} ${markdownCode(`@${alias}`)}`;
  if (entries === undefined) return `${heading}\n\nThe ledger could not be read (see the log).\n`;
  if (entries.length === 0) return `${heading}\n\nNo entries yet: the ledger begins with the first promotion.\n`;
  const newest = entries.slice(-SUMMARY_ENTRIES).reverse();
  const rows = newest.map((entry) => [
    new Date(entry.at)
      .toISOString()
      .replace('T', ' ')
      .replace(/\.\d+Z$/, ' UTC'),
    `${versionText(entry.from)} → ${versionText(entry.to)}`,
    entry.kind,
    entry.actor,
    entry.evidenceRunId ? `${entry.reason} (evidence: run ${entry.evidenceRunId})` : entry.reason,
  ]);
  const more = entries.length > newest.length ? ` (the newest ${newest.length} of ${entries.length}; all: \`mlops ledger\`)` : '';
  return `${heading}${more}\n\n${markdownTable(['when', 'move', 'kind', 'who', 'why'], rows)}\n`;
}

/** The ledger of one alias for a summary: undefined (said in the log) when it cannot be read. */
export async function ledgerForSummary(
  http: MlflowHttp,
  modelName: string,
  alias: string,
  logger: Logger,
): Promise<LedgerEntry[] | undefined> {
  try {
    return await readLedger(http, modelName, alias);
  } catch (error) {
    logger.warning(`the ledger of ${modelName} could not be read for the summary: ${errorMessage(error)}`);
    return undefined;
  }
}
