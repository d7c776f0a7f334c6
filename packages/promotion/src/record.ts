import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { VERSION_TAGS } from '@mlops-actions/common';
import type { GateResult } from '@mlops-actions/gate';
import {
  createRun,
  downloadArtifactFile,
  escapeFilter,
  getOrCreateExperiment,
  getRun,
  logBatch,
  searchRuns,
  setModelVersionTag,
  updateRun,
  uploadArtifactFile,
  type MlflowHttp,
} from '@mlops-actions/mlflow';

/** Tags that tie evaluation runs to the model and the test set. */
export const EVALUATION_TAGS = {
  model: 'mlops.model',
  testset: 'mlops.testset',
  decision: 'mlops.decision',
  /** Whether the evaluation moved the champion alias. */
  promoted: 'mlops.promoted',
} as const;

/** The evaluation run's artifact with the gate's whole result. */
const GATE_RESULT = 'gate-result.json';

/** The experiment that holds a registered model's evaluation runs. */
export const evaluationExperiment = (modelName: string): string => `${modelName}-evaluations`;

/** The key of one champion comparison: which challenger was compared with which champion. */
export const comparisonKey = (challengerVersion: number, championVersion: number): string => `v${challengerVersion} vs v${championVersion}`;

/**
 * The champion comparisons this test set has decided for this model: the distinct (challenger, champion) pairs of its
 * finished evaluation runs. A re-run or a dry run of a pair counts once, and a first model (no champion) not at all:
 * only comparisons spend the test set's reuse budget (`steps`).
 */
export async function testSetComparisons(http: MlflowHttp, modelName: string, fingerprint: string): Promise<Set<string>> {
  const experiment = await getOrCreateExperiment(http, evaluationExperiment(modelName));
  const runs = await searchRuns(http, {
    experimentIds: [experiment.id],
    filter: `tags."${EVALUATION_TAGS.testset}" = '${fingerprint}' and tags."${EVALUATION_TAGS.model}" = '${escapeFilter(modelName)}'`,
  });
  const pairs = new Set<string>();
  for (const run of runs) {
    const [challenger, champion] = [Number(run.params.challenger_version), Number(run.params.champion_version)];
    if (
      run.status === 'FINISHED' &&
      run.tags[EVALUATION_TAGS.decision] !== undefined &&
      Number.isInteger(challenger) &&
      Number.isInteger(champion)
    )
      pairs.add(comparisonKey(challenger, champion));
  }
  return pairs;
}

export interface EvaluationRecord {
  modelName: string;
  challengerVersion: number;
  championVersion: number | undefined;
  championAlias: string;
  dataset: string;
  fingerprint: string;
  providers: { challenger: string; champion: string | undefined };
  gate: GateResult;
  labels: Int32Array;
  challengerPredictions: Int32Array;
  championPredictions: Int32Array | undefined;
  seconds: number;
  tags: Record<string, string>;
}

/** Opens the evaluation run before the decision is known, so a crash still leaves a FAILED run behind. */
export async function startEvaluationRun(
  http: MlflowHttp,
  modelName: string,
  runName: string,
  tags: Record<string, string>,
): Promise<{ id: string; artifactUri: string; experimentId: string }> {
  const experiment = await getOrCreateExperiment(http, evaluationExperiment(modelName));
  const run = await createRun(http, { experimentId: experiment.id, runName, tags: { ...tags, [EVALUATION_TAGS.model]: modelName } });
  return { id: run.id, artifactUri: run.artifactUri, experimentId: experiment.id };
}

/** Logs the evaluation — params, metrics, the gate's result and every prediction — and finishes the run. */
export async function recordEvaluation(
  http: MlflowHttp,
  run: { id: string; artifactUri: string },
  record: EvaluationRecord,
): Promise<void> {
  const { gate } = record;
  const first = gate.clauses[0];
  const now = Date.now();
  const metric = (key: string, value: number | null | undefined) =>
    value === null || value === undefined || !Number.isFinite(value) ? [] : [{ key, value, timestamp: now, step: 0 }];
  await logBatch(http, {
    runId: run.id,
    params: {
      model_name: record.modelName,
      challenger_version: String(record.challengerVersion),
      champion_version: record.championVersion === undefined ? 'none' : String(record.championVersion),
      champion_alias: record.championAlias,
      dataset: record.dataset,
      testset_fingerprint: record.fingerprint,
      condition: gate.condition,
      reliability: String(gate.settings.reliability),
      mode: gate.settings.mode,
      adaptivity: gate.settings.adaptivity,
      steps: String(gate.settings.steps),
      method: gate.settings.method,
      samples: String(gate.settings.samples),
      seed: String(gate.settings.seed),
      execution_provider:
        record.providers.champion && record.providers.champion !== record.providers.challenger
          ? `${record.providers.challenger}/${record.providers.champion}`
          : record.providers.challenger,
    },
    metrics: [
      ...metric('n', gate.n),
      ...metric('o', gate.o),
      ...metric('d', gate.d),
      ...metric('items', gate.items),
      ...metric('items_required', gate.itemsRequired),
      ...metric('labelled_items_required', gate.labelledItemsRequired),
      ...metric('interval_lower', first?.interval[0]),
      ...metric('interval_upper', first?.interval[1]),
      ...metric('passed', gate.passed ? 1 : 0),
      ...metric('seconds', record.seconds),
    ],
    tags: {
      [EVALUATION_TAGS.testset]: record.fingerprint,
      [EVALUATION_TAGS.decision]: gate.decision,
      'mlops.reason': gate.reason.slice(0, 5000),
    },
  });
  const scratch = await mkdtemp(join(tmpdir(), 'mlops-evaluation-'));
  try {
    await writeFile(join(scratch, GATE_RESULT), `${JSON.stringify(gate, null, 2)}\n`);
    const lines = ['index,label,new,old'];
    for (let i = 0; i < record.labels.length; i++)
      lines.push(
        `${i},${record.labels[i]},${record.challengerPredictions[i]},${record.championPredictions ? record.championPredictions[i] : ''}`,
      );
    await writeFile(join(scratch, 'predictions.csv'), `${lines.join('\n')}\n`);
    await uploadArtifactFile(http, run.artifactUri, join(scratch, GATE_RESULT), GATE_RESULT);
    await uploadArtifactFile(http, run.artifactUri, join(scratch, 'predictions.csv'), 'predictions.csv');
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
  await updateRun(http, { runId: run.id, status: 'FINISHED', endTime: Date.now() });
}

/** The gate's result as an evaluation run recorded it (its `gate-result.json` artifact), and whether it promoted. */
export async function readRecordedGate(http: MlflowHttp, runId: string): Promise<{ gate: GateResult; promoted: boolean }> {
  const run = await getRun(http, runId);
  const scratch = await mkdtemp(join(tmpdir(), 'mlops-evaluation-'));
  try {
    await downloadArtifactFile(http, run.artifactUri, GATE_RESULT, join(scratch, GATE_RESULT));
    const gate = JSON.parse(await readFile(join(scratch, GATE_RESULT), 'utf8')) as GateResult;
    return { gate, promoted: run.tags[EVALUATION_TAGS.promoted] === 'true' };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/** The decision on the challenger version itself, whatever it was: what, why, on which test set, which run. */
export async function tagChallenger(http: MlflowHttp, record: EvaluationRecord, runId: string): Promise<void> {
  const tags: Record<string, string> = {
    [VERSION_TAGS.decision]: record.gate.decision,
    [VERSION_TAGS.passed]: String(record.gate.passed),
    [VERSION_TAGS.reason]: record.gate.reason.slice(0, 5000),
    [VERSION_TAGS.condition]: record.gate.condition,
    [VERSION_TAGS.testset]: `${record.dataset} ${record.fingerprint}`,
    [VERSION_TAGS.evaluationRun]: runId,
    [VERSION_TAGS.championVersion]: record.championVersion === undefined ? 'none' : String(record.championVersion),
    [VERSION_TAGS.accuracy]: String(record.gate.n),
  };
  for (const [key, value] of Object.entries(tags)) await setModelVersionTag(http, record.modelName, record.challengerVersion, key, value);
}
