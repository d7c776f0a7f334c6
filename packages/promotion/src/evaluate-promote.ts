import { stat } from 'node:fs/promises';
import type { Logger } from '@mlops-actions/common';
import { ConfigurationError, errorMessage, escapeMarkdown, terminalText, VERSION_TAGS } from '@mlops-actions/common';
import {
  datasetPart,
  evaluateModels,
  loadDataset,
  loadGroups,
  openModel,
  timeModels,
  type EvaluationTimes,
  type Dataset,
  type ItemGroups,
  type ModelOutcomes,
  type ModelRun,
  type ProviderChoice,
  shardName,
  shardRange,
  type ShardSpec,
} from '@mlops-actions/evaluation';
import {
  conditionLatencyBatches,
  countPairs,
  evaluateGate,
  noGroupsError,
  requiredItems,
  sliceCountsOf,
  type Clause,
  type Condition,
  type GateResult,
  type GateSettings,
  type SliceCounts,
} from '@mlops-actions/gate';
import { endRunAsFailed, runPageUrl, setRunTag, type MlflowHttp, type ModelVersion } from '@mlops-actions/mlflow';
import { fetchModelVersion, type ModelDirectory } from '@mlops-actions/model-format';
import { DeployDispatchError, dispatchAfterMove } from './control-run.js';
import { promotedDescription, promoteIfStillChampion } from './promote.js';
import {
  comparisonKey,
  EVALUATION_TAGS,
  readRecordedGate,
  recordEvaluation,
  startEvaluationRun,
  tagChallenger,
  testSetComparisons,
} from './record.js';
import { resolveVersions } from './resolve.js';
import { ledgerForSummary, renderLedgerSection } from './ledger.js';
import { chooseShardRuns, findShardRuns, mergeShards, readShard, recordShard, type MergedShards, type ShardRecord } from './shards.js';
import { renderAlreadyChampionSummary, renderEvaluationSummary, renderShardSummary } from './summary.js';

export interface EvaluatePromoteOptions {
  modelName: string;
  /** A version number, an alias, or undefined for the newest version. */
  challenger: string | undefined;
  championAlias: string;
  /** `cifar10`, `cifar10:<path>`, `mnist`, `image-folder:<path>`, `csv:<path>` or `parquet:<path>`. */
  dataset: string;
  /** The class column of a table test set (default `label`). */
  labelColumn?: string | undefined;
  /** Where the test items' groups come from (`column:<name>` or a CSV file), for `forall group:` clauses. */
  groups?: string | undefined;
  condition: Condition;
  settings: GateSettings;
  executionProvider: ProviderChoice;
  batchSize: number;
  /**
   * Items per batch of the timing pass that latency clauses are decided on (default 1: single requests, as a server or
   * the Space sees them). The pass runs only when the condition the gate decides has a latency clause.
   */
  latencyBatchSize?: number;
  /**
   * Batches the timing pass times per model: a number, or `auto` (default): at least 200, and 3 times the batches the
   * condition's latency clauses need to be decidable at all.
   */
  latencyRounds?: number | 'auto';
  /** False: evaluate and record, promote nothing (a dry run). */
  promote: boolean;
  /** Models and downloaded test sets are kept here between runs. */
  cacheDir: string;
  /** Who runs this (a workflow run URL): on the lock, and as a tag of the evaluation run. */
  holder: string;
  /** Who the ledger names for a promotion (GITHUB_ACTOR, or this machine's user); default the holder. */
  actor?: string | undefined;
  /** Extra tags for the evaluation run (lineage of the evaluating job). */
  tags?: Record<string, string>;
  /** How long the promotion lock's claim lasts unless renewed (default LEASE_MS). */
  lockLeaseMs?: number;
  cifar10Source?: { url: string; md5: string };
  /**
   * A matrix's share: `{ index, count }` evaluates the index-th of count parts of the test set and records its per-item
   * outcomes for the merge (evaluateShard); `merge` gates on every part's outcomes and promotes as a whole evaluation does.
   */
  shard?: ShardSpec | 'merge' | undefined;
  /** What ties the shards of one evaluation and their merge together: in GitHub Actions, the workflow run's URL. */
  shardGroup?: string | undefined;
  /** The attempt of the workflow run (GITHUB_RUN_ATTEMPT, default 1): a re-run's shards supersede an earlier attempt's. */
  shardAttempt?: number | undefined;
  /**
   * The shard group is this workflow run (shard-group left to its default): a merge then refuses parts that claim a
   * later attempt than its own, which this run cannot have made.
   */
  shardGroupIsRun?: boolean | undefined;
}

/** The timing pass's defaults: single requests, and as many rounds as the condition's latency clauses call for. */
export const LATENCY_TIMING_DEFAULTS = { batchSize: 1, rounds: 'auto' } as const;

export interface EvaluatePromoteDependencies {
  http: MlflowHttp;
  logger: Logger;
  fetch?: typeof fetch;
  /** Dispatches the deploy workflow after a promotion (absent: nothing to dispatch). */
  dispatchDeploy?: (modelName: string, version: number) => Promise<string>;
  /** Inference progress of each model ("challenger v3", items done, items in all), for a progress bar. */
  onProgress?: (label: string, done: number, total: number) => void;
  /** Where the step's time went, phase by phase (bench:evaluate's breakdown). */
  onPhase?: (phase: StepPhase, ms: number) => void;
  /** The scoring pass's own breakdown: input, inference per model, scoring. */
  onInferenceTimes?: (times: EvaluationTimes) => void;
}

/** The phases of an evaluate-promote step; `mlflow` is every MLflow call but the models' download, said once per call. */
export type StepPhase = 'mlflow' | 'test set' | 'model download' | 'open models' | 'scoring pass' | 'timing pass' | 'gate';

/** Runs `work` as a phase of the step, reporting its time to onPhase. */
async function inPhase<T>(deps: Pick<EvaluatePromoteDependencies, 'onPhase'>, phase: StepPhase, work: () => Promise<T> | T): Promise<T> {
  const started = performance.now();
  try {
    return await work();
  } finally {
    deps.onPhase?.(phase, performance.now() - started);
  }
}

export interface EvaluatePromoteResult {
  passed: boolean;
  promoted: boolean;
  /** Why it was or was not promoted, in one line. */
  reason: string;
  challengerVersion: number;
  championVersion: number | undefined;
  gate: GateResult;
  evaluationRunId: string;
  /** What the deploy dispatch said, when there was one. */
  deploy?: string;
  /**
   * The challenger already was the champion (a re-run after its promotion, or an alias set by hand): nothing was
   * evaluated, and `gate` and `evaluationRunId` are those of its recorded evaluation.
   */
  alreadyChampion: boolean;
  summary: string;
}

/**
 * Evaluates the challenger against the champion on the test set, records everything in MLflow, and promotes
 * the challenger when the gate passes: versions resolved once, the alias moved by compare-and-set. With `shard: 'merge'`
 * the evidence is the matrix's shards' outcomes instead of inference here (a shard itself is evaluateShard's).
 */
export async function evaluateAndPromote(
  options: EvaluatePromoteOptions,
  deps: EvaluatePromoteDependencies,
): Promise<EvaluatePromoteResult> {
  if (options.shard !== undefined && options.shard !== 'merge')
    throw new Error("evaluateAndPromote evaluates a whole test set or merges shards: one shard is evaluateShard's");
  const { http, logger } = deps;
  const started = performance.now();
  const { challenger, champion } = await resolveEvaluated(options, deps);
  if (champion?.version === challenger.version) return await alreadyChampion(options, deps, challenger);

  if (options.shard === 'merge') {
    const { merged, shardRuns } = await inPhase(deps, 'mlflow', () => gatherShards(http, options, challenger, champion, logger));
    const evaluation = {
      challenger,
      champion,
      testSet: merged.testSet,
      groups: merged.groups,
      started,
      shards: shardRuns,
      providers: merged.providers,
    };
    requireGroups(decidedClauses(options, champion !== undefined), merged.groups);
    const run = await openEvaluation(options, deps, evaluation);
    return await concludeEvaluation(options, deps, evaluation, run, () => ({ challenger: merged.challenger, champion: merged.champion }));
  }

  const { dataset, groups } = await loadTestSet(options, deps);
  requireGroups(decidedClauses(options, champion !== undefined), groups);
  const evaluation = { challenger, champion, testSet: dataset, groups, started, shards: undefined };
  const run = await openEvaluation(options, deps, evaluation);
  return await concludeEvaluation(options, deps, evaluation, run, async () => {
    const models = await downloadModels(options, deps, challenger, champion);
    const labels = modelLabels(challenger, champion);
    const timing = latencyTiming(options, sliceCountsOf({ classes: dataset.classes, groups }), champion !== undefined);
    return await logger.group('Inference', () => predict(models, labels, dataset, { ...options, timing }, deps));
  });
}

/** What one shard of a matrix did (evaluateShard). */
export interface ShardResult {
  shard: ShardSpec;
  challengerVersion: number;
  championVersion: number | undefined;
  /** The shard run that holds the part's outcomes; undefined when there was nothing to evaluate (already the champion). */
  shardRunId: string | undefined;
  /** The part's items of the test set: [start, end) of total. */
  items: { start: number; end: number; total: number } | undefined;
  /** What the shard did, in one line. */
  reason: string;
  summary: string;
}

/**
 * Evaluates one part of the test set (`shard: i/k`) with the challenger and the champion and records the per-item
 * outcomes in a shard run of the evaluation experiment, for the merge to gate on. Nothing is decided or promoted here.
 * The versions are resolved here as in a whole evaluation; the merge refuses parts that saw other versions. The latency
 * clauses' timing pass runs on shard 1 only, so that every timed batch comes from one machine.
 */
export async function evaluateShard(
  options: EvaluatePromoteOptions & { shard: ShardSpec },
  deps: EvaluatePromoteDependencies,
): Promise<ShardResult> {
  const { http, logger } = deps;
  const { shard } = options;
  const group = shardGroupOf(options);
  const { challenger, champion } = await resolveEvaluated(options, deps);
  const versions = { shard, challengerVersion: challenger.version, championVersion: champion?.version };
  if (champion?.version === challenger.version) {
    const reason = `v${challenger.version} already is @${options.championAlias}: nothing to evaluate (the merge says the same)`;
    logger.info(reason);
    return {
      ...versions,
      shardRunId: undefined,
      items: undefined,
      reason,
      summary: `## Shard ${shardName(shard)}: ${escapeMarkdown(reason)}\n`,
    };
  }
  const { dataset, groups } = await loadTestSet(options, deps);
  const clauses = decidedClauses(options, champion !== undefined);
  requireGroups(clauses, groups);
  const slices = sliceCountsOf({ classes: dataset.classes, groups });
  // Said by every shard before its inference, not only by the merge after all of them.
  if (champion)
    await inPhase(deps, 'mlflow', () =>
      checkTestSetReuse(http, options, dataset, slices, comparisonKey(challenger.version, champion.version), logger),
    );
  const part = datasetPart(dataset, shard);
  const items = { ...shardRange(shard, dataset.labels.length), total: dataset.labels.length };
  logger.info(
    `shard ${shardName(shard)}: items ${items.start.toLocaleString('en-US')}–${(items.end - 1).toLocaleString('en-US')} of ${items.total.toLocaleString('en-US')}`,
  );
  const models = await downloadModels(options, deps, challenger, champion);
  const timing = shard.index === 1 ? latencyTiming(options, slices, champion !== undefined) : undefined;
  const predictions = await logger.group('Inference', () =>
    predict(models, modelLabels(challenger, champion), part, { ...options, timing }, deps),
  );
  const withVersion = (outcomes: PredictedModel, version: number) => ({ ...outcomes, version });
  const shardRun = await inPhase(deps, 'mlflow', () =>
    recordShard(
      http,
      {
        modelName: options.modelName,
        shard,
        items,
        testSet: { name: dataset.name, fingerprint: dataset.fingerprint, classes: dataset.classes },
        groups: groups && { names: groups.names, ofItem: groups.ofItem.subarray(items.start, items.end) },
        labels: part.labels,
        challenger: withVersion(predictions.challenger, challenger.version),
        champion: predictions.champion && champion ? withVersion(predictions.champion, champion.version) : undefined,
      },
      { group, attempt: options.shardAttempt ?? 1, tags: { ...options.tags, 'mlops.holder': options.holder } },
    ),
  );
  const shardRunId = shardRun.id;
  const reason = `shard ${shardName(shard)} evaluated (${part.labels.length.toLocaleString('en-US')} items), recorded in shard run ${shardRunId}: the merge decides`;
  logger.info(reason);
  return {
    ...versions,
    shardRunId,
    items,
    reason,
    summary: renderShardSummary({
      ...versions,
      modelName: options.modelName,
      championAlias: options.championAlias,
      items,
      dataset,
      shardRunId,
      shardRunUrl: runPageUrl(http, shardRun.experimentId, shardRunId),
    }),
  };
}

/** The shard group a shard or a merge needs: what ties the parts of one evaluation together. */
function shardGroupOf(options: EvaluatePromoteOptions): string {
  if (options.shardGroup) return options.shardGroup;
  throw new ConfigurationError(
    'a sharded evaluation needs shard-group, which ties its shards and their merge together: outside a GitHub Actions run ' +
      '(where it is the workflow run), give the same shard-group to every shard and to the merge',
    { subject: 'shard-group' },
  );
}

/** The challenger and the champion, resolved once and said. */
async function resolveEvaluated(
  options: EvaluatePromoteOptions,
  deps: EvaluatePromoteDependencies,
): Promise<{ challenger: ModelVersion; champion: ModelVersion | undefined }> {
  const versions = await inPhase(deps, 'mlflow', () =>
    resolveVersions(deps.http, options.modelName, options.challenger, options.championAlias),
  );
  if (versions.champion?.version !== versions.challenger.version) {
    const championText = versions.champion ? `v${versions.champion.version}` : 'none yet';
    deps.logger.info(`${options.modelName}: challenger v${versions.challenger.version}, @${options.championAlias} ${championText}`);
  }
  return versions;
}

/** The test set and its groups, as the options name them. */
async function loadTestSet(
  options: EvaluatePromoteOptions,
  deps: EvaluatePromoteDependencies,
): Promise<{ dataset: Dataset; groups: ItemGroups | undefined }> {
  const { logger } = deps;
  const loaded = await inPhase(deps, 'test set', async () => {
    const dataset = await logger.group(`Test set: ${options.dataset}`, () =>
      loadDataset(options.dataset, {
        cacheDir: options.cacheDir,
        logger,
        fetch: deps.fetch,
        cifar10Source: options.cifar10Source,
        labelColumn: options.labelColumn,
      }),
    );
    return { dataset, groups: options.groups === undefined ? undefined : await loadGroups(options.groups, dataset) };
  });
  const { dataset } = loaded;
  logger.info(`${dataset.labels.length} items, ${dataset.classes.length} classes, fingerprint ${dataset.fingerprint.slice(0, 12)}`);
  return loaded;
}

async function downloadModels(
  options: EvaluatePromoteOptions,
  deps: EvaluatePromoteDependencies,
  challenger: ModelVersion,
  champion: ModelVersion | undefined,
): Promise<{ challenger: ModelDirectory; champion: ModelDirectory | undefined }> {
  const { http, logger } = deps;
  const fetchVersion = (version: number) =>
    fetchModelVersion(http, options.modelName, version, options.cacheDir, (line) => logger.info(line));
  return await inPhase(deps, 'model download', () =>
    logger.group('Models', async () => ({
      challenger: await fetchVersion(challenger.version),
      champion: champion ? await fetchVersion(champion.version) : undefined,
    })),
  );
}

const modelLabels = (challenger: ModelVersion, champion: ModelVersion | undefined) => ({
  challenger: `challenger v${challenger.version}`,
  champion: champion ? `champion v${champion.version}` : undefined,
});

/** What an evaluation decides on, beside the models' outcomes: the versions, the test set's labels and groups. */
interface Evaluation {
  challenger: ModelVersion;
  champion: ModelVersion | undefined;
  testSet: { name: string; fingerprint: string; classes: readonly string[]; labels: Int32Array };
  groups: ItemGroups | undefined;
  started: number;
  /** The shard runs a merge took its outcomes from. */
  shards: string[] | undefined;
  /** The execution providers, when the models' outcomes do not say them all (a merge of parts from several runners). */
  providers?: { challenger: string; champion: string | undefined };
}

/** Checks the test set's reuse budget (comparisons only) and opens the evaluation run. */
async function openEvaluation(
  options: EvaluatePromoteOptions,
  deps: EvaluatePromoteDependencies,
  evaluation: Evaluation,
): Promise<{ id: string; artifactUri: string; experimentId: string }> {
  const { challenger, champion, testSet, groups } = evaluation;
  const runName = `v${challenger.version} vs ${champion ? `v${champion.version}` : 'no champion'}`;
  const slices = sliceCountsOf({ classes: testSet.classes, groups });
  const tags: Record<string, string> = { ...options.tags, 'mlops.holder': options.holder };
  if (evaluation.shards) tags[MERGED_SHARDS_TAG] = String(evaluation.shards.length);
  return await inPhase(deps, 'mlflow', async () => {
    if (champion)
      await checkTestSetReuse(deps.http, options, testSet, slices, comparisonKey(challenger.version, champion.version), deps.logger);
    return await startEvaluationRun(deps.http, options.modelName, runName, tags);
  });
}

/** The tag of an evaluation run merged from shards: how many. */
const MERGED_SHARDS_TAG = 'mlops.merged_shards';

/**
 * Gets the models' outcomes, decides, records the evaluation, promotes when the gate passes and says so; a failure
 * before the decision is recorded marks the evaluation run FAILED.
 */
async function concludeEvaluation(
  options: EvaluatePromoteOptions,
  deps: EvaluatePromoteDependencies,
  evaluation: Evaluation,
  run: { id: string; artifactUri: string; experimentId: string },
  outcomes: () => Promise<Predicted> | Predicted,
): Promise<EvaluatePromoteResult> {
  const { http, logger } = deps;
  const { challenger, champion, testSet, groups } = evaluation;
  try {
    const predictions = await outcomes();
    const gate = await inPhase(deps, 'gate', () =>
      evaluateGate({
        condition: options.condition,
        settings: options.settings,
        counts: countPairs(testSet.labels, predictions.challenger.predictions, predictions.champion?.predictions),
        evidence: {
          classes: testSet.classes,
          labels: testSet.labels,
          new: predictions.challenger,
          ...(predictions.champion ? { old: predictions.champion } : {}),
          ...(groups ? { groups } : {}),
        },
      }),
    );
    logger.info(`gate: ${gate.reason}`);
    const record = {
      modelName: options.modelName,
      challengerVersion: challenger.version,
      championVersion: champion?.version,
      championAlias: options.championAlias,
      dataset: testSet.name,
      fingerprint: testSet.fingerprint,
      providers: evaluation.providers ?? { challenger: predictions.challenger.provider, champion: predictions.champion?.provider },
      gate,
      labels: testSet.labels,
      challengerPredictions: predictions.challenger.predictions,
      championPredictions: predictions.champion?.predictions,
      seconds: (performance.now() - evaluation.started) / 1000,
      tags: options.tags ?? {},
    };
    const outcome = await inPhase(deps, 'mlflow', async () => {
      await recordEvaluation(http, run, record);
      await tagChallenger(http, record, run.id);
      const decided = await decide(http, options, gate, challenger, champion, run.id, logger);
      await setRunTag(http, run.id, EVALUATION_TAGS.promoted, String(decided.promoted));
      // The shard runs show as the evaluation run's children in MLflow's UI: a nicety, never a reason to fail.
      for (const shardRun of evaluation.shards ?? [])
        await setRunTag(http, shardRun, 'mlflow.parentRunId', run.id).catch((error: unknown) =>
          logger.warning(`shard run ${shardRun} could not be nested under evaluation run ${run.id}: ${errorMessage(error)}`),
        );
      return decided;
    });
    const deploy = outcome.promoted ? await dispatchDeploy(deps, options.modelName, challenger.version, options.championAlias) : undefined;
    const result: EvaluatePromoteResult = {
      passed: gate.passed,
      promoted: outcome.promoted,
      reason: outcome.reason,
      challengerVersion: challenger.version,
      championVersion: champion?.version,
      gate,
      evaluationRunId: run.id,
      alreadyChampion: false,
      summary: '',
    };
    if (deploy) result.deploy = deploy;
    const ledger = await ledgerForSummary(http, options.modelName, options.championAlias, logger);
    result.summary = [
      renderEvaluationSummary({
        ...result,
        modelName: options.modelName,
        championAlias: options.championAlias,
        dryRun: !options.promote,
        dataset: testSet,
        shards: evaluation.shards?.length,
        providers: record.providers,
        evaluationRunUrl: runPageUrl(http, run.experimentId, run.id),
      }),
      renderLedgerSection(options.modelName, options.championAlias, ledger),
    ].join('\n');
    return result;
  } catch (error) {
    if (error instanceof DeployDispatchError) throw error; // the evaluation itself finished
    await endRunAsFailed(http, run.id, { status: 'FAILED', reason: errorMessage(error), endTime: Date.now() }).catch(() => undefined);
    throw error;
  }
}

/**
 * A merge's evidence: the finished shard runs of its group, one per part (a re-run's latest), each checked, put back
 * together in item order, and evaluated with the versions this merge resolved (the alias moved, or a newer version
 * came, while the shards ran: refused, nothing promoted).
 */
async function gatherShards(
  http: MlflowHttp,
  options: EvaluatePromoteOptions,
  challenger: ModelVersion,
  champion: ModelVersion | undefined,
  logger: Logger,
): Promise<{ merged: MergedShards; shardRuns: string[] }> {
  const group = shardGroupOf(options);
  const bound = options.shardGroupIsRun ? (options.shardAttempt ?? 1) : undefined;
  const { chosen, superseded } = chooseShardRuns(await findShardRuns(http, options.modelName, group), group, bound);
  for (const run of superseded)
    logger.info(`shard ${shardName(run.shard)}: run ${run.id} of attempt ${run.attempt} is superseded by a later attempt's`);
  const records: ShardRecord[] = [];
  for (const run of chosen) {
    const record = await readShard(http, run);
    if (shardName(record.shard) !== shardName(run.shard))
      throw new ConfigurationError(
        `shard run ${run.id} is tagged shard ${shardName(run.shard)} and holds shard ${shardName(record.shard)}`,
        {
          subject: 'shard',
        },
      );
    records.push(record);
  }
  const merged = mergeShards(records);
  const said = (version: number | undefined) => (version === undefined ? 'no champion' : `v${version}`);
  if (merged.challenger.version !== challenger.version || merged.champion?.version !== champion?.version)
    throw new ConfigurationError(
      `the shards evaluated v${merged.challenger.version} against ${said(merged.champion?.version)}, and now the challenger is ` +
        `v${challenger.version} and @${options.championAlias} is ${said(champion?.version)}: a version was registered or the alias moved ` +
        'while the shards ran. Re-run all the jobs of the workflow run; nothing was promoted.',
      { subject: 'shard' },
    );
  if (merged.testSet.name !== options.dataset)
    logger.warning(
      `the shards evaluated test set '${terminalText(merged.testSet.name)}', and this merge names '${terminalText(options.dataset)}'`,
    );
  logger.info(
    `merged ${chosen.length} shards: ${merged.testSet.labels.length.toLocaleString('en-US')} items of test set ${merged.testSet.fingerprint.slice(0, 12)}`,
  );
  return { merged, shardRuns: chosen.map((run) => run.id) };
}

/**
 * The challenger already is the champion — typically a re-run of the evaluation that promoted it, or a second
 * dispatch for the same version. Nothing is evaluated again: the result is the recorded one, the step succeeds, and
 * a deploy that never happened (no `mlops.space` tag on the version) is dispatched now, so a re-run mends a failed
 * deploy dispatch. A champion without a recorded evaluation (its alias set by hand) has nothing to report.
 */
async function alreadyChampion(
  options: EvaluatePromoteOptions,
  deps: EvaluatePromoteDependencies,
  version: ModelVersion,
): Promise<EvaluatePromoteResult> {
  const { http, logger } = deps;
  const alias = `@${options.championAlias}`;
  const runId = version.tags[VERSION_TAGS.evaluationRun];
  if (!runId)
    throw new ConfigurationError(
      `${options.modelName} version ${version.version} already is ${alias}, and no evaluation of it is recorded (the alias was set outside evaluate-promote): ` +
        'there is nothing to compare it with. Name another version in challenger, or register a new one.',
      { subject: 'challenger' },
    );
  const { gate, promoted } = await readRecordedGate(http, runId);
  const how = promoted
    ? `promoted by evaluation run ${runId}`
    : `set outside evaluate-promote (its last evaluation, run ${runId}, did not promote it)`;
  const reason = `v${version.version} already is ${alias}, ${how}: nothing to evaluate again`;
  logger.info(reason);
  const deployed = version.tags[VERSION_TAGS.space];
  if (deployed) logger.info(`deployed to ${deployed}`);
  const deploy = deployed ? undefined : await dispatchDeploy(deps, options.modelName, version.version, options.championAlias);
  const result: EvaluatePromoteResult = {
    passed: gate.passed,
    promoted: false,
    reason,
    challengerVersion: version.version,
    championVersion: version.version,
    gate,
    evaluationRunId: runId,
    alreadyChampion: true,
    summary: renderAlreadyChampionSummary({ modelName: options.modelName, version: version.version, alias, reason, gate, deploy }),
  };
  if (deploy) result.deploy = deploy;
  return result;
}

async function dispatchDeploy(
  deps: EvaluatePromoteDependencies,
  modelName: string,
  version: number,
  alias: string,
): Promise<string | undefined> {
  const said = await dispatchAfterMove(deps.dispatchDeploy, modelName, version, `v${version} of ${modelName} is now @${alias}`);
  if (said) deps.logger.info(said);
  return said;
}

/** The clauses the gate will decide: the condition against a champion, the first-model rule's condition without one. */
function decidedClauses(options: EvaluatePromoteOptions, hasChampion: boolean): readonly Clause[] {
  if (hasChampion) return options.condition.clauses;
  const rule = options.settings.firstModel;
  return rule.kind === 'condition' ? rule.condition.clauses : [];
}

/**
 * A `forall group` clause needs groups with items: said before the models run, not after (the gate would refuse it then,
 * and a forall over no group must never hold vacuously).
 */
function requireGroups(clauses: readonly Clause[], groups: ItemGroups | undefined): void {
  const clause = clauses.find((c) => c.slice === 'group');
  if (clause === undefined) return;
  if (groups === undefined) throw noGroupsError(clause, 'the test set has none');
  if (!groups.ofItem.some((group) => group >= 0)) throw noGroupsError(clause, 'the groups given put no test item in a group');
}

/** `auto` rounds: at least this many, and this many times the batches the latency clauses need to be decidable at all. */
const AUTO_ROUNDS = { least: 200, margin: 3 } as const;

/**
 * The timing pass latency clauses are decided on, or undefined when the gate decides none. The scoring pass times too
 * few batches for them: every full batch but the first, 38 batches of 256 on a 10,000-item test set, where a p95 at
 * reliability 0.99 needs at least 90.
 */
function latencyTiming(
  options: EvaluatePromoteOptions,
  slices: SliceCounts,
  hasChampion: boolean,
): { batchSize: number; rounds: number } | undefined {
  const clauses = decidedClauses(options, hasChampion);
  if (!clauses.some((clause) => clause.metric.kind === 'latency')) return undefined;
  const rounds = options.latencyRounds ?? LATENCY_TIMING_DEFAULTS.rounds;
  const batchSize = options.latencyBatchSize ?? LATENCY_TIMING_DEFAULTS.batchSize;
  if (rounds !== 'auto') return { batchSize, rounds };
  // Slices as the gate counts them (forall group rows only for groups that hold items), so the δ share is the gate's.
  const needed = conditionLatencyBatches(clauses, options.settings, { hasOld: hasChampion, slices });
  return { batchSize, rounds: Math.max(AUTO_ROUNDS.least, AUTO_ROUNDS.margin * needed) };
}

/**
 * Runs the challenger and the champion on the test set, their batches interleaved (see evaluateModels), and adds what
 * the size clauses need, each model file's bytes, and what the latency clauses need: the timing pass's batch times,
 * when there is one.
 */
async function predict(
  models: { challenger: ModelDirectory; champion: ModelDirectory | undefined },
  labels: { challenger: string; champion: string | undefined },
  dataset: Dataset,
  options: EvaluatePromoteOptions & { timing: { batchSize: number; rounds: number } | undefined },
  deps: EvaluatePromoteDependencies,
): Promise<{ challenger: PredictedModel; champion: PredictedModel | undefined }> {
  const { logger, onProgress } = deps;
  const entries = [
    { model: models.challenger, label: labels.challenger },
    ...(models.champion && labels.champion ? [{ model: models.champion, label: labels.champion }] : []),
  ];
  const runs: ModelRun[] = [];
  try {
    await inPhase(deps, 'open models', async () => {
      for (const { model, label } of entries)
        runs.push({
          session: await openModel(`${model.path}/model.onnx`, options.executionProvider, logger),
          preprocessing: model.preprocessing,
          label,
        });
    });
    const progressLabel = runs.map((run) => run.label).join(' and ');
    const outcomes = await inPhase(deps, 'scoring pass', () =>
      evaluateModels(runs, dataset, {
        batchSize: options.batchSize,
        logger,
        label: progressLabel,
        onProgress: onProgress && ((done, total) => onProgress(progressLabel, done, total)),
        onTimes: deps.onInferenceTimes,
      }),
    );
    const timingLabel = `timing ${progressLabel}`;
    const timing = options.timing;
    const times = timing
      ? await inPhase(deps, 'timing pass', () =>
          timeModels(runs, dataset, {
            ...timing,
            logger,
            label: timingLabel,
            onProgress: onProgress && ((done, total) => onProgress(timingLabel, done, total)),
          }),
        )
      : undefined;
    const sized = await Promise.all(
      outcomes.map(async (outcome, i) => ({
        ...outcome,
        ...times?.[i],
        bytes: (await stat(`${entries[i]!.model.path}/model.onnx`)).size,
      })),
    );
    return { challenger: sized[0]!, champion: sized[1] };
  } finally {
    for (const run of runs) await run.session.release();
  }
}

type PredictedModel = ModelOutcomes & { bytes: number };
type Predicted = { challenger: PredictedModel; champion: PredictedModel | undefined };

/**
 * The test set's reuse budget: the gate's guarantee covers `steps` champion comparisons on one test set. Says how many
 * this one leaves; past the budget, warns (adaptivity none) or refuses (an adaptive sequence has no guarantee left),
 * naming what to change. A comparison decided before (a re-run, a dry run) spends nothing more.
 */
async function checkTestSetReuse(
  http: MlflowHttp,
  options: EvaluatePromoteOptions,
  dataset: { fingerprint: string; labels: Int32Array },
  slices: SliceCounts,
  pair: string,
  logger: Logger,
): Promise<void> {
  const earlier = await testSetComparisons(http, options.modelName, dataset.fingerprint);
  const { steps, adaptivity } = options.settings;
  const number = earlier.has(pair) ? earlier.size : earlier.size + 1;
  const testSet = `test set ${dataset.fingerprint.slice(0, 12)}`;
  if (number <= steps) {
    logger.info(
      `${testSet}: this is comparison ${number} of the ${steps} its guarantee covers (steps, adaptivity ${adaptivity}); ${steps - number} left`,
    );
    return;
  }
  const larger = Math.max(steps * 2, number * 2);
  const needed = (h: number): number => requiredItems(options.condition.clauses, { ...options.settings, steps: h }, slices).items;
  const message =
    `${testSet} has decided ${earlier.size} champion comparisons for ${options.modelName}; this one is number ${number}, ` +
    `beyond the ${steps} the gate's guarantee covers (steps ${steps}, adaptivity ${adaptivity}). ` +
    `Evaluate on a fresh test set, or set steps to cover more comparisons: steps ${larger} needs ${needed(larger)} items ` +
    `for this condition instead of ${needed(steps)} (this test set has ${dataset.labels.length}).`;
  if (adaptivity !== 'none') throw new ConfigurationError(message, { subject: 'steps' });
  logger.warning(message);
}

async function decide(
  http: MlflowHttp,
  options: EvaluatePromoteOptions,
  gate: GateResult,
  challenger: ModelVersion,
  champion: ModelVersion | undefined,
  evaluationRunId: string,
  logger: Logger,
): Promise<{ promoted: boolean; reason: string }> {
  if (!gate.passed) return { promoted: false, reason: gate.reason };
  if (!options.promote) return { promoted: false, reason: `${gate.reason} (dry run: promote is false, nothing was promoted)` };
  const outcome = await promoteIfStillChampion(
    http,
    {
      modelName: options.modelName,
      championAlias: options.championAlias,
      challengerVersion: challenger.version,
      expectedChampion: champion?.version,
      description: promotedDescription(gate, champion?.version),
      lock: { holder: options.holder, leaseMs: options.lockLeaseMs, logger },
      ledger: { actor: options.actor, runUrl: options.tags?.['mlops.github.run_url'], evidenceRunId: evaluationRunId, reason: gate.reason },
    },
    logger,
  );
  return outcome.promoted ? { promoted: true, reason: gate.reason } : { promoted: false, reason: outcome.reason };
}
