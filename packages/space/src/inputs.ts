import { isAbsolute, resolve } from 'node:path';
import { ConfigurationError, type GithubRunContext, type InputReader, type InputSpec } from '@mlops-actions/common';
import { aliasNameProblem } from '@mlops-actions/mlflow';
import type { DeployOptions, DeployResult } from './deploy.js';
import { SPACE_NAME } from './hub.js';

/** The deploy-hf action's inputs, which are also `mlops deploy-hf`'s flags. */
export const DEPLOY_INPUTS = {
  modelName: 'model-name',
  alias: 'alias',
  version: 'version',
  space: 'space',
  hfToken: 'hf-token',
  hubUrl: 'hub-url',
  title: 'title',
  description: 'description',
  createSpace: 'create-space',
  private: 'private',
  appDir: 'app-dir',
  examplesDataset: 'examples-dataset',
  examplesLabelColumn: 'examples-label-column',
  dryRun: 'dry-run',
  cacheDir: 'cache-dir',
} as const;

/** The action's inputs, which are also the CLI's flags: action.yml states the same (a test compares them). */
export const DEPLOY_INPUT_SPECS = {
  'model-name': { description: 'The registered model in MLflow.', required: true, placeholder: '<name>' },
  alias: { description: 'The alias whose version is deployed (default production); give this or version.', placeholder: '<alias>' },
  version: { description: 'A version number to deploy instead of the alias.', placeholder: '<n>' },
  space: {
    description: "The Space, 'owner/name'; or 'folder:<path>' to write the same files into a local folder.",
    required: true,
    placeholder: '<owner/name|folder:path>',
  },
  'hf-token': {
    description:
      'A Hugging Face token with write access to the Space (a fine-grained token with "write" on that repo, or a write token), e.g. secrets.HF_TOKEN.',
    secret: true,
    placeholder: '<token>',
  },
  'hub-url': { description: 'The Hub.', default: 'https://huggingface.co', placeholder: '<url>' },
  title: { description: "The page's title. Default: '<model> v<version>'.", placeholder: '<title>' },
  description: { description: "The page's description. Default: the version's description.", placeholder: '<text>' },
  'create-space': { description: 'Create the Space (sdk: static) when it does not exist.', default: 'true', placeholder: '<bool>' },
  private: { description: 'Create the Space private.', default: 'false', placeholder: '<bool>' },
  'app-dir': { description: 'A custom app folder (index.html, app.js, style.css) instead of the built-in page.', placeholder: '<dir>' },
  'examples-dataset': {
    description:
      "A test set whose items the page offers as examples to click, up to 10, one per class: images, or a table model's rows (the forms evaluate-promote's dataset takes: cifar10, mnist, image-folder:<path>, csv:<path>…). Default: none.",
    placeholder: '<dataset>',
  },
  'examples-label-column': {
    description: "For a csv: or parquet: examples-dataset, the column that holds each row's class.",
    default: 'label',
    placeholder: '<column>',
  },
  'dry-run': { description: 'Render and compare with the Space, publish nothing.', default: 'false', placeholder: '<bool>' },
  'cache-dir': { description: 'Where downloaded models are kept.', default: '.mlops-cache', placeholder: '<dir>' },
} as const satisfies Record<(typeof DEPLOY_INPUTS)[keyof typeof DEPLOY_INPUTS], InputSpec>;

export const DEPLOY_OUTPUTS = {
  spaceUrl: 'space-url',
  commitSha: 'commit-sha',
  changedFiles: 'changed-files',
  version: 'version',
} as const;

export const DEPLOY_DEFAULTS = {
  alias: 'production',
  hubUrl: 'https://huggingface.co',
  cacheDir: '.mlops-cache',
  examplesLabelColumn: 'label',
} as const;

const FOLDER = 'folder:';

/** Where the program runs: relative paths start at `cwd`; `hfToken` is HF_TOKEN for the CLI; `github` the run's context. */
export interface DeployContext {
  cwd: string;
  hfToken?: string | undefined;
  github: Pick<GithubRunContext, 'serverUrl' | 'repository'>;
}

/** Reads and checks the inputs; the token comes from the input or, for the CLI, HF_TOKEN. */
export function readDeployInputs(reader: InputReader, describe: (name: string) => string, context: DeployContext): DeployOptions {
  const { cwd, hfToken } = context;
  const absolute = (path: string): string => (isAbsolute(path) ? path : resolve(cwd, path));
  const space = reader.requiredString(DEPLOY_INPUTS.space);
  const versionText = reader.optionalString(DEPLOY_INPUTS.version);
  const alias = reader.optionalString(DEPLOY_INPUTS.alias);
  if (versionText !== undefined && alias !== undefined)
    throw new ConfigurationError(`give ${describe(DEPLOY_INPUTS.alias)} or ${describe(DEPLOY_INPUTS.version)}, not both`, {
      subject: DEPLOY_INPUTS.version,
    });
  const aliasProblem = alias === undefined ? undefined : aliasNameProblem(alias);
  if (aliasProblem) throw new ConfigurationError(`${describe(DEPLOY_INPUTS.alias)}: ${aliasProblem}`, { subject: DEPLOY_INPUTS.alias });
  const version = reader.optionalNumber(DEPLOY_INPUTS.version, { integer: true, min: 1 });
  const appDir = reader.optionalString(DEPLOY_INPUTS.appDir);
  const common = {
    modelName: reader.requiredString(DEPLOY_INPUTS.modelName),
    version,
    alias: alias ?? DEPLOY_DEFAULTS.alias,
    title: reader.optionalString(DEPLOY_INPUTS.title),
    description: reader.optionalString(DEPLOY_INPUTS.description),
    appDir: appDir === undefined ? undefined : absolute(appDir),
    examplesDataset: reader.optionalString(DEPLOY_INPUTS.examplesDataset),
    examplesLabelColumn: reader.optionalString(DEPLOY_INPUTS.examplesLabelColumn) ?? DEPLOY_DEFAULTS.examplesLabelColumn,
    github: context.github,
    dryRun: reader.boolean(DEPLOY_INPUTS.dryRun, false),
    cacheDir: absolute(reader.optionalString(DEPLOY_INPUTS.cacheDir) ?? DEPLOY_DEFAULTS.cacheDir),
  };
  if (space.startsWith(FOLDER)) return { ...common, target: { kind: 'folder', dir: absolute(space.slice(FOLDER.length)) } };
  if (!SPACE_NAME.test(space))
    throw new ConfigurationError(
      `${describe(DEPLOY_INPUTS.space)}: '${space}' is not a Space name such as 'my-org/digits-demo' (or folder:<path> for a local folder)`,
      { subject: DEPLOY_INPUTS.space },
    );
  const token = reader.optionalString(DEPLOY_INPUTS.hfToken) ?? hfToken;
  if (!token)
    throw new ConfigurationError(
      `${describe(DEPLOY_INPUTS.hfToken)} is required to publish to a Space: a Hugging Face token with write access (hf_…)`,
      {
        subject: DEPLOY_INPUTS.hfToken,
      },
    );
  if (!token.startsWith('hf_'))
    throw new ConfigurationError(`${describe(DEPLOY_INPUTS.hfToken)} is not a Hugging Face token: those start with 'hf_'`, {
      subject: DEPLOY_INPUTS.hfToken,
    });
  return {
    ...common,
    target: {
      kind: 'hub',
      hub: {
        space,
        token,
        hubUrl: (reader.optionalString(DEPLOY_INPUTS.hubUrl) ?? DEPLOY_DEFAULTS.hubUrl).replace(/\/+$/, ''),
        createSpace: reader.boolean(DEPLOY_INPUTS.createSpace, true),
        private: reader.boolean(DEPLOY_INPUTS.private, false),
      },
    },
  };
}

/** The outputs of a deploy, by output name. */
export function deployOutputs(result: DeployResult): Record<string, string | number | undefined> {
  return {
    [DEPLOY_OUTPUTS.spaceUrl]: result.spaceUrl,
    [DEPLOY_OUTPUTS.commitSha]: result.commitSha,
    [DEPLOY_OUTPUTS.changedFiles]: JSON.stringify(result.changedFiles),
    [DEPLOY_OUTPUTS.version]: result.version,
  };
}
