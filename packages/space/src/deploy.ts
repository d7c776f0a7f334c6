import { ConfigurationError, VERSION_TAGS, type Logger } from '@mlops-actions/common';
import { getModelVersion, getRun, getVersionByAlias, setModelVersionTag, type MlflowHttp, type ModelVersion } from '@mlops-actions/mlflow';
import { fetchModelVersion } from '@mlops-actions/model-format';
import { publishToFolder } from './folder.js';
import { publishToHub, type HubTarget } from './hub.js';
import { spaceFiles, type SpaceModelData } from './space-files.js';

export type DeployTarget = { kind: 'hub'; hub: HubTarget } | { kind: 'folder'; dir: string };

export interface DeployOptions {
  modelName: string;
  /** A version number; when absent, the version `alias` points to. */
  version?: number | undefined;
  alias: string;
  target: DeployTarget;
  title?: string | undefined;
  description?: string | undefined;
  /** A custom app folder (index.html, app.js, style.css) instead of the built-in one. */
  appDir?: string | undefined;
  /** Render and compare, publish nothing. */
  dryRun: boolean;
  cacheDir: string;
}

export interface DeployResult {
  version: number;
  spaceUrl: string;
  commitSha: string | undefined;
  changedFiles: string[];
  deletedFiles: string[];
  dryRun: boolean;
}

/** The version to deploy, resolved once: a number, or the version the alias points to now. */
async function resolveVersion(http: MlflowHttp, options: DeployOptions): Promise<ModelVersion> {
  if (options.version !== undefined) {
    const version = await getModelVersion(http, options.modelName, options.version);
    if (!version) throw new ConfigurationError(`${options.modelName} has no version ${options.version}`, { subject: 'version' });
    return version;
  }
  const version = await getVersionByAlias(http, options.modelName, options.alias);
  if (!version)
    throw new ConfigurationError(
      `${options.modelName} has no alias @${options.alias}: nothing to deploy (has a version been promoted yet?)`,
      {
        subject: 'alias',
      },
    );
  return version;
}

/** What the page shows: the gate's result from the version's evaluation run, and its lineage. */
/** A tag, param or metric as a finite number, or null: anyone who can tag a version can write anything there. */
function finite(value: string | number | undefined): number | null {
  if (value === undefined || (typeof value === 'string' && value.trim() === '')) return null;
  const number = Number(value);
  return Number.isFinite(number) ? number : null;
}

async function modelData(http: MlflowHttp, options: DeployOptions, version: ModelVersion): Promise<SpaceModelData> {
  const tags = version.tags;
  let gate: SpaceModelData['gate'] = null;
  const evaluationRun = tags[VERSION_TAGS.evaluationRun];
  if (evaluationRun && tags[VERSION_TAGS.decision] === 'promote') {
    const run = await getRun(http, evaluationRun).catch(() => undefined);
    const lower = run?.metrics.interval_lower?.value;
    const upper = run?.metrics.interval_upper?.value;
    const [low, high] = [finite(lower), finite(upper)];
    gate = {
      accuracy: finite(tags[VERSION_TAGS.accuracy] ?? run?.metrics.n?.value),
      items: finite(run?.metrics.items?.value),
      interval: low !== null && high !== null ? [low, high] : null,
      reliability: finite(run?.params.reliability),
      condition: tags[VERSION_TAGS.condition] ?? '',
      reason: tags[VERSION_TAGS.reason] ?? '',
    };
  }
  return {
    modelName: options.modelName,
    version: version.version,
    title: options.title ?? `${options.modelName} v${version.version}`,
    description: options.description ?? (version.description || `An image classifier: ${options.modelName} version ${version.version}.`),
    gate,
    lineage: { commit: tags['mlops.git.commit'] ?? null, trainingRun: version.runId ?? null },
  };
}

/**
 * Deploys a registered version as a static Space: resolve the version once, download its model directory, render
 * the app and publish it — to the Hub in one commit of what changed, or to a local folder — then tag the version
 * with where it went.
 */
export async function deployModel(options: DeployOptions, deps: { http: MlflowHttp; logger: Logger }): Promise<DeployResult> {
  const { http, logger } = deps;
  const version = await resolveVersion(http, options);
  logger.info(`deploying ${options.modelName} v${version.version}${options.version === undefined ? ` (@${options.alias})` : ''}`);
  const model = await fetchModelVersion(http, options.modelName, version.version, options.cacheDir, (line) => logger.info(line));
  const files = spaceFiles(model, await modelData(http, options, version), options.appDir);
  const title = `Deploy ${options.modelName} v${version.version}`;
  const dryRun = { dryRun: options.dryRun };
  const published =
    options.target.kind === 'hub'
      ? await publishToHub(files, options.target.hub, title, dryRun)
      : { ...(await publishToFolder(files, options.target.dir, dryRun)), spaceUrl: options.target.dir, commit: undefined };
  const result: DeployResult = {
    version: version.version,
    spaceUrl: published.spaceUrl,
    commitSha: published.commit?.sha,
    changedFiles: published.changed,
    deletedFiles: published.deleted,
    dryRun: options.dryRun,
  };
  const summary = `${published.changed.length} files changed, ${published.deleted.length} deleted`;
  if (options.dryRun) {
    logger.info(`dry run: ${summary}; nothing was published`);
    return result;
  }
  logger.info(
    result.commitSha
      ? `published to ${result.spaceUrl} (commit ${result.commitSha}): ${summary}`
      : `${result.spaceUrl} already had v${version.version}: ${summary}`,
  );
  await setModelVersionTag(http, options.modelName, version.version, VERSION_TAGS.space, result.spaceUrl);
  if (result.commitSha) await setModelVersionTag(http, options.modelName, version.version, VERSION_TAGS.spaceCommit, result.commitSha);
  return result;
}
