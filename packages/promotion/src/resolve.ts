import { ConfigurationError } from '@mlops-actions/common';
import {
  escapeFilter,
  getModelVersion,
  getRegisteredModel,
  getVersionByAlias,
  notFoundError,
  searchModelVersions,
  unknownModelError,
  type MlflowHttp,
  type ModelVersion,
} from '@mlops-actions/mlflow';

export interface ResolvedVersions {
  challenger: ModelVersion;
  /**
   * The version the champion alias pointed to at the start; undefined when there is none yet. It can be the
   * challenger itself (a re-run after the promotion).
   */
  champion: ModelVersion | undefined;
}

/**
 * Resolves the challenger (a version number, an alias, or the newest version) and the champion alias to version
 * numbers, once: everything after uses the numbers, so an alias that moves meanwhile cannot change what is
 * evaluated or promoted.
 */
export async function resolveVersions(
  http: MlflowHttp,
  modelName: string,
  challenger: string | undefined,
  championAlias: string,
): Promise<ResolvedVersions> {
  if (!(await getRegisteredModel(http, modelName))) throw await unknownModelError(http, modelName);
  const challengerVersion = await resolveChallenger(http, modelName, challenger);
  if (challengerVersion.status !== 'READY')
    throw new ConfigurationError(
      `${modelName} version ${challengerVersion.version} is ${challengerVersion.status}, not READY: it cannot be evaluated yet`,
      {
        subject: 'challenger',
      },
    );
  const champion = await getVersionByAlias(http, modelName, championAlias);
  return { challenger: challengerVersion, champion };
}

async function resolveChallenger(http: MlflowHttp, modelName: string, challenger: string | undefined): Promise<ModelVersion> {
  if (challenger === undefined) {
    const [newest] = await searchModelVersions(http, { filter: `name='${escapeFilter(modelName)}'`, orderBy: ['version_number DESC'] });
    if (!newest) throw new ConfigurationError(`registered model '${modelName}' has no versions yet`, { subject: 'challenger' });
    return newest;
  }
  if (/^\d+$/.test(challenger)) {
    const version = await getModelVersion(http, modelName, Number(challenger));
    if (!version) throw new ConfigurationError(`${modelName} has no version ${challenger}`, { subject: 'challenger' });
    return version;
  }
  const version = await getVersionByAlias(http, modelName, challenger);
  if (!version)
    throw await notFoundError(http, {
      modelName,
      alias: challenger,
      subject: 'challenger',
      message: (suggestion) =>
        `${modelName} has no alias @${challenger}${suggestion}: give a version number, an existing alias, or nothing for the newest version`,
    });
  return version;
}
