import { VERSION_TAGS, type GithubRunContext, type Logger } from '@mlops-actions/common';
import {
  getModelVersion,
  getRun,
  getVersionByAlias,
  notFoundError,
  setModelVersionTag,
  type MlflowHttp,
  type ModelVersion,
} from '@mlops-actions/mlflow';
import { fetchModelVersion, type ModelDirectory, type Preprocessing } from '@mlops-actions/model-format';
import { cardLinks, gateCard } from './card.js';
import { exampleFiles, whyNoExamples, type ExampleSource } from './examples.js';
import { publishToFolder } from './folder.js';
import { publishToHub, type HubTarget } from './hub.js';
import { INPUT_WORDS, spaceFiles, type SpaceFile, type SpaceModelData } from './space-files.js';

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
  /** The test set whose images the page offers as examples (a `dataset` form such as `mnist`); none when absent. */
  examplesDataset?: string | undefined;
  /** The class column of a table examplesDataset (default `label`). */
  examplesLabelColumn?: string | undefined;
  /** The GitHub server and repository this deploy runs in: where the card links the training commit. */
  github?: Pick<GithubRunContext, 'serverUrl' | 'repository'> | undefined;
  /** Render and compare, publish nothing. */
  dryRun: boolean;
  cacheDir: string;
}

export interface DeployDependencies {
  http: MlflowHttp;
  logger: Logger;
  /** Loads the test set `examplesDataset` names (evaluation's `loadDataset`, given by the program that deploys). */
  loadExamples?: ((spec: string) => Promise<ExampleSource>) | undefined;
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
    if (!version)
      throw await notFoundError(http, {
        modelName: options.modelName,
        subject: 'version',
        message: () => `${options.modelName} has no version ${options.version}`,
      });
    return version;
  }
  const version = await getVersionByAlias(http, options.modelName, options.alias);
  if (!version)
    throw await notFoundError(http, {
      modelName: options.modelName,
      alias: options.alias,
      subject: 'alias',
      message: (suggestion) =>
        `${options.modelName} has no alias @${options.alias}${suggestion}: nothing to deploy (has a version been promoted yet?)`,
    });
  return version;
}

/** What the page shows: the gate's figures from the version's evaluation run, the links, the examples. */
async function modelData(
  http: MlflowHttp,
  options: DeployOptions,
  version: ModelVersion,
  examples: SpaceModelData['examples'],
  kind: Preprocessing['kind'],
): Promise<SpaceModelData> {
  const evaluationRunId = version.tags[VERSION_TAGS.evaluationRun];
  const evaluation = evaluationRunId ? await getRun(http, evaluationRunId).catch(() => undefined) : undefined;
  return {
    modelName: options.modelName,
    version: version.version,
    title: options.title ?? `${options.modelName} v${version.version}`,
    description:
      options.description ?? (version.description || `${INPUT_WORDS[kind].classifier}: ${options.modelName} version ${version.version}.`),
    gate: await gateCard(http, version.tags, evaluation),
    links: await cardLinks(http, version, evaluation, options.github),
    examples,
  };
}

/** The examples from `examplesDataset` (images in the model's input shape, or table rows); none when no test set is named. */
async function examplesFor(
  model: ModelDirectory,
  options: DeployOptions,
  deps: DeployDependencies,
): Promise<Awaited<ReturnType<typeof exampleFiles>>> {
  if (options.examplesDataset === undefined) return { files: [], examples: [] };
  if (!deps.loadExamples) throw new Error('deployModel was given examplesDataset without loadExamples');
  const source = await deps.loadExamples(options.examplesDataset);
  const unusable = whyNoExamples(source, model.preprocessing);
  if (unusable !== undefined) {
    deps.logger.warning(`no examples from ${options.examplesDataset}: ${unusable}`);
    return { files: [], examples: [] };
  }
  const made = await exampleFiles(source, model.preprocessing);
  const known = new Set(model.preprocessing.labels);
  if (!made.examples.some((example) => known.has(example.label)))
    deps.logger.warning(
      `the classes of ${options.examplesDataset} (${source.classes.slice(0, 5).join(', ')}…) are not the model's labels: is it the test set the model was evaluated on?`,
    );
  else
    deps.logger.info(
      `${made.examples.length} examples from ${options.examplesDataset}: ${made.examples.map((example) => example.label).join(', ')}`,
    );
  return made;
}

/**
 * Deploys a registered version as a static Space: resolve the version once, download its model directory, render
 * the app and publish it — to the Hub in one commit of what changed, or to a local folder — then tag the version
 * with where it went.
 */
export async function deployModel(options: DeployOptions, deps: DeployDependencies): Promise<DeployResult> {
  const { http, logger } = deps;
  const version = await resolveVersion(http, options);
  logger.info(`deploying ${options.modelName} v${version.version}${options.version === undefined ? ` (@${options.alias})` : ''}`);
  const model = await fetchModelVersion(http, options.modelName, version.version, options.cacheDir, (line) => logger.info(line));
  const examples = await examplesFor(model, options, deps);
  const files: SpaceFile[] = spaceFiles(
    model,
    await modelData(http, options, version, examples.examples, model.preprocessing.kind),
    options.appDir,
    examples.files,
  );
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
      : published.changed.length + published.deleted.length > 0
        ? `wrote v${version.version} into ${result.spaceUrl}: ${summary}`
        : `${result.spaceUrl} already had v${version.version}: nothing changed`,
  );
  await setModelVersionTag(http, options.modelName, version.version, VERSION_TAGS.space, result.spaceUrl);
  if (result.commitSha) await setModelVersionTag(http, options.modelName, version.version, VERSION_TAGS.spaceCommit, result.commitSha);
  return result;
}
