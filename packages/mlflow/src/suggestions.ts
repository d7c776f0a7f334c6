import { closeMatches, ConfigurationError, didYouMean } from '@mlops-actions/common';
import { withDeadline, type MlflowHttp } from './http.js';
import { getRegisteredModel, searchRegisteredModels, type RegisteredModel } from './registry.js';

/** How long the registry may take to suggest names: an error waits for them, and must not wait long. */
const SUGGESTION_TIME_MS = 5_000;

/** The same client, for looking up suggestions: bounded in time, so a slow registry only costs the suggestion. */
const briefly = (http: MlflowHttp): MlflowHttp => withDeadline(http, Date.now() + SUGGESTION_TIME_MS);

/** Registered model names a typo away from `name`, closest first; none when the registry cannot say in time. */
async function similarModelNames(http: MlflowHttp, name: string): Promise<string[]> {
  try {
    return closeMatches(
      name,
      (await searchRegisteredModels(briefly(http))).map((model) => model.name),
    );
  } catch {
    return [];
  }
}

/** The error for a model name the registry does not hold: where it looked, and the registered names a typo away. */
export async function unknownModelError(http: MlflowHttp, modelName: string): Promise<ConfigurationError> {
  return new ConfigurationError(
    `registered model '${modelName}' does not exist in MLflow at ${http.trackingUri}${didYouMean(await similarModelNames(http, modelName))}`,
    { subject: 'model-name' },
  );
}

/** The registered model; undefined when there is none, null when the registry cannot say in time. */
async function registeredModelIfKnown(http: MlflowHttp, modelName: string): Promise<RegisteredModel | undefined | null> {
  try {
    return await getRegisteredModel(briefly(http), modelName);
  } catch {
    return null;
  }
}

/**
 * The error saying `modelName` is not registered (with the names a typo away), for a lookup that found nothing under
 * it; undefined when it is registered, or when the registry cannot say in time.
 */
export async function unregisteredModelError(http: MlflowHttp, modelName: string): Promise<ConfigurationError | undefined> {
  return (await registeredModelIfKnown(http, modelName)) === undefined ? unknownModelError(http, modelName) : undefined;
}

export interface NotFoundLookup {
  modelName: string;
  /** The alias that was looked up, if it was one: the model's aliases a typo away from it are suggested. */
  alias?: string | undefined;
  /** The input the message is about, when the model itself exists. */
  subject: string;
  /** The message when the model exists, given ` (did you mean …?)` or '' to put after what was not found. */
  message: (suggestion: string) => string;
}

/**
 * The error for a version or alias that a lookup did not find. MLflow answers alike when the model itself is missing,
 * so the registry is asked which it was: a missing model is said as such, with the names a typo away; a missing alias
 * comes with the model's aliases a typo away. When the registry cannot say in time, the message stands as it is.
 */
export async function notFoundError(http: MlflowHttp, lookup: NotFoundLookup): Promise<ConfigurationError> {
  const model = await registeredModelIfKnown(http, lookup.modelName);
  if (model === undefined) return unknownModelError(http, lookup.modelName);
  // An alias set since the lookup (or one the lookup was not about) is no typo: nothing to suggest for it.
  const typo = model && lookup.alias !== undefined && !Object.hasOwn(model.aliases, lookup.alias) ? lookup.alias : undefined;
  const aliases = model && typo !== undefined ? closeMatches(typo, Object.keys(model.aliases)) : [];
  return new ConfigurationError(lookup.message(didYouMean(aliases)), { subject: lookup.subject });
}
