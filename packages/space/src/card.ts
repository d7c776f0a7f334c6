import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { VERSION_TAGS, type GithubRunContext } from '@mlops-actions/common';
import { wilsonInterval } from '@mlops-actions/gate';
import { downloadArtifactFile, getRun, runPageUrl, type MlflowHttp, type ModelVersion, type Run } from '@mlops-actions/mlflow';

// What the model card says comes from a version's tags and the runs they name. Anyone who can tag a version writes
// those, and can point the evaluation tag at a run of their own: every figure is checked to be a finite number, and
// every link is an http(s) URL this module builds from checked ids, never a URL taken from a tag.

/** A value shown as text, with the page it links to when there is one. */
export interface SpaceLink {
  text: string;
  url: string | null;
}

/** One clause of the promotion gate: its left side (`n - o`), its interval and the confidence the decision used. */
export interface SpaceClause {
  expression: string;
  interval: [number, number] | null;
  confidence: number | null;
}

/** One calibration figure of this version, and of the version it replaced on the same items (null: none, or unknown). */
export interface SpaceCalibrationFigure {
  new: number;
  old: number | null;
}

/** How well this version's confidence matches how often it is right, as the gate measured it on the held-out items. */
export interface SpaceCalibration {
  /** Expected calibration error, in [0, 1]. */
  ece: SpaceCalibrationFigure | null;
  /** Multiclass Brier score, in [0, 2]. */
  brier: SpaceCalibrationFigure | null;
}

/** The promotion gate's figures for a version, each with what it is; null where missing or not a finite number. */
export interface SpaceGate {
  /** This version's accuracy on the held-out items, and their number. */
  accuracy: number | null;
  items: number | null;
  /** The accuracy's two-sided Wilson interval on those items, at `accuracyConfidence` (the gate's reliability). */
  accuracyInterval: [number, number] | null;
  accuracyConfidence: number | null;
  /** ECE and Brier score, when the gate result has them (a condition with an ece or brier clause); null otherwise. */
  calibration: SpaceCalibration | null;
  clauses: SpaceClause[];
  condition: string;
  reason: string;
}

export interface SpaceLinks {
  commit: SpaceLink | null;
  trainingRun: SpaceLink | null;
  evaluationRun: SpaceLink | null;
}

/** The evaluation run's artifact with the gate's whole result (written by promotion's recordEvaluation). */
const GATE_RESULT = 'gate-result.json';
/** A gate result is a few kilobytes; a bigger file is not one. */
const GATE_RESULT_MAX_BYTES = 1 << 20;
/** Conditions have a clause or two; more is not shown. */
const MAX_CLAUSES = 8;

/** A tag, param, metric or JSON value as a finite number, or null. */
export function finite(value: unknown): number | null {
  if (typeof value !== 'number' && (typeof value !== 'string' || value.trim() === '')) return null;
  const number = Number(value);
  return Number.isFinite(number) ? number : null;
}

const probability = (value: unknown): number | null => {
  const number = finite(value);
  return number !== null && number > 0 && number < 1 ? number : null;
};

function pair(value: unknown): [number, number] | null {
  if (!Array.isArray(value) || value.length !== 2) return null;
  const [low, high] = [finite(value[0]), finite(value[1])];
  return low !== null && high !== null && low <= high ? [low, high] : null;
}

/** A figure of the gate result's `metrics` (`{ new, old }`), each side a finite number in [0, `max`]; null when `new` is not. */
function calibrationFigure(value: unknown, max: number): SpaceCalibrationFigure | null {
  if (typeof value !== 'object' || value === null) return null;
  const inRange = (side: unknown): number | null => {
    const number = finite(side);
    return number !== null && number >= 0 && number <= max ? number : null;
  };
  const figure = value as Record<string, unknown>;
  const current = inRange(figure.new);
  return current === null ? null : { new: current, old: inRange(figure.old) };
}

/** The gate result's calibration metrics (ECE at most 1, Brier at most 2), or null when it recorded neither. */
function calibrationOf(metrics: unknown): SpaceCalibration | null {
  if (typeof metrics !== 'object' || metrics === null) return null;
  const { ece, brier } = metrics as Record<string, unknown>;
  const calibration = { ece: calibrationFigure(ece, 1), brier: calibrationFigure(brier, 2) };
  return calibration.ece || calibration.brier ? calibration : null;
}

/** The gate result the evaluation run recorded, or undefined when it has none that can be read. */
async function recordedGate(http: MlflowHttp, run: Run): Promise<Record<string, unknown> | undefined> {
  const scratch = await mkdtemp(join(tmpdir(), 'mlops-space-'));
  try {
    const path = join(scratch, GATE_RESULT);
    await downloadArtifactFile(http, run.artifactUri, GATE_RESULT, path, { maxBytes: GATE_RESULT_MAX_BYTES });
    const document: unknown = JSON.parse(await readFile(path, 'utf8'));
    return typeof document === 'object' && document !== null && !Array.isArray(document)
      ? (document as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/** `n - o > 0.01 +/- 0.02` → `n - o`: the quantity the interval is about. */
function clauseOf(value: unknown): SpaceClause | null {
  if (typeof value !== 'object' || value === null) return null;
  const clause = value as Record<string, unknown>;
  if (typeof clause.clause !== 'string') return null;
  const expression = clause.clause
    .split(/\s[<>]\s/)[0]!
    .trim()
    .slice(0, 200);
  return { expression, interval: pair(clause.interval), confidence: probability(clause.confidence) };
}

/**
 * The gate's figures for a promoted version, from its evaluation run: the recorded gate result for the clauses'
 * intervals and confidence, and the accuracy with its Wilson interval computed as the gate computes it.
 */
export async function gateCard(http: MlflowHttp, tags: Record<string, string>, run: Run | undefined): Promise<SpaceGate | null> {
  if (!tags[VERSION_TAGS.evaluationRun] || tags[VERSION_TAGS.decision] !== 'promote') return null;
  const recorded = run ? await recordedGate(http, run) : undefined;
  const settings = recorded?.settings as Record<string, unknown> | undefined;
  const accuracy = finite(recorded?.n ?? tags[VERSION_TAGS.accuracy] ?? run?.metrics.n?.value);
  const itemCount = finite(recorded?.items ?? run?.metrics.items?.value);
  const items = itemCount !== null && Number.isSafeInteger(itemCount) && itemCount > 0 ? itemCount : null;
  const reliability = probability(settings?.reliability ?? run?.params.reliability);
  const countable = accuracy !== null && accuracy >= 0 && accuracy <= 1 && items !== null;
  const clauses = Array.isArray(recorded?.clauses) ? recorded.clauses.slice(0, MAX_CLAUSES).map(clauseOf) : [];
  return {
    accuracy,
    items,
    accuracyInterval: countable && reliability !== null ? wilsonInterval(Math.round(accuracy * items), items, reliability) : null,
    accuracyConfidence: reliability,
    calibration: calibrationOf(recorded?.metrics),
    clauses: clauses.filter((clause): clause is SpaceClause => clause !== null),
    condition: tags[VERSION_TAGS.condition] ?? '',
    reason: tags[VERSION_TAGS.reason] ?? '',
  };
}

/** MLflow's run ids are hex; our server's too. Experiment ids are numbers. Anything else is shown unlinked. */
const RUN_ID = /^[A-Za-z0-9_-]{1,64}$/;
const EXPERIMENT_ID = /^[A-Za-z0-9_-]{1,64}$/;
const COMMIT = /^[0-9a-f]{7,64}$/i;
const REPOSITORY = /^[A-Za-z0-9][A-Za-z0-9-]{0,38}\/[A-Za-z0-9._-]{1,100}$/;

const isWebUrl = (url: string): boolean => {
  try {
    return ['http:', 'https:'].includes(new URL(url).protocol);
  } catch {
    return false;
  }
};

/** A run as text, linked to its page on the tracking server when the server is a web address and the ids are ids. */
export function runLink(http: MlflowHttp, runId: string, run: Run | undefined): SpaceLink {
  const linkable = run && RUN_ID.test(runId) && EXPERIMENT_ID.test(run.experimentId) && isWebUrl(http.trackingUri);
  return { text: runId, url: linkable ? runPageUrl(http, run.experimentId, runId) : null };
}

/**
 * The commit a version was trained from, linked on the repository's server: the repository recorded at training
 * (`mlops.github.repository`) when it lies on the trusted server, else the one this deploy runs in.
 */
export function commitLink(
  tags: Record<string, string>,
  github: Pick<GithubRunContext, 'serverUrl' | 'repository'> | undefined,
): SpaceLink | null {
  const sha = tags['mlops.git.commit'];
  if (!sha) return null;
  if (!COMMIT.test(sha) || !github || !isWebUrl(github.serverUrl)) return { text: sha, url: null };
  const server = github.serverUrl.replace(/\/+$/, '');
  const recorded = tags['mlops.github.repository']?.startsWith(`${server}/`)
    ? tags['mlops.github.repository'].slice(server.length + 1)
    : undefined;
  const repository = [recorded, github.repository].find((name) => name !== undefined && REPOSITORY.test(name));
  return { text: sha, url: repository ? `${server}/${repository}/commit/${sha.toLowerCase()}` : null };
}

/** The links of the card: the commit, the training run and the evaluation run. */
export async function cardLinks(
  http: MlflowHttp,
  version: ModelVersion,
  evaluation: Run | undefined,
  github: Pick<GithubRunContext, 'serverUrl' | 'repository'> | undefined,
): Promise<SpaceLinks> {
  const evaluationRun = version.tags[VERSION_TAGS.evaluationRun];
  const training = version.runId ? await getRun(http, version.runId).catch(() => undefined) : undefined;
  return {
    commit: commitLink(version.tags, github),
    trainingRun: version.runId ? runLink(http, version.runId, training) : null,
    evaluationRun: evaluationRun ? runLink(http, evaluationRun, evaluation) : null,
  };
}
