import { isAbsolute, resolve } from 'node:path';
import { ConfigurationError, type InputReader } from '@mlops-actions/common';
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
  dryRun: 'dry-run',
  cacheDir: 'cache-dir',
} as const;

export const DEPLOY_OUTPUTS = {
  spaceUrl: 'space-url',
  commitSha: 'commit-sha',
  changedFiles: 'changed-files',
  version: 'version',
} as const;

export const DEPLOY_DEFAULTS = { alias: 'production', hubUrl: 'https://huggingface.co', cacheDir: '.mlops-cache' } as const;

const FOLDER = 'folder:';

/** Reads and checks the inputs; `hfToken` comes from the input or, for the CLI, HF_TOKEN. */
export function readDeployInputs(reader: InputReader, describe: (name: string) => string, cwd: string, hfToken?: string): DeployOptions {
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
