import { acquireClaimLock, LockHeldError, type Logger } from '@mlops-actions/common';
import {
  deleteModelVersionTag,
  escapeFilter,
  getModelVersion,
  getVersionByAlias,
  searchModelVersions,
  searchRegisteredModels,
  setModelVersionTag,
  type MlflowHttp,
  type ModelVersion,
} from '@mlops-actions/mlflow';
import type { DispatchRequest, Dispatcher } from './dispatcher.js';

/** What counts as ready: every new version, or a version receiving an alias. */
export type ReadyEvent = { kind: 'created' } | { kind: 'alias'; alias: string };

export interface PollOptions {
  /** One registered model, or every one whose name matches `modelPattern` (MLflow's LIKE, e.g. `vision-%`). */
  modelName?: string | undefined;
  modelPattern?: string | undefined;
  event: ReadyEvent;
  /** The most dispatches one run makes (the rest wait for the next run). */
  maxDispatches: number;
  /** Who polls (a workflow run URL), recorded on each dispatched version. */
  holder: string;
  /** How long a version claim must settle before dispatching (default 2 s). */
  claimSettleMs?: number;
  now?: () => number;
}

export interface Dispatched {
  modelName: string;
  version: number;
  /** What the dispatcher said. */
  target: string;
}

/** The version tag saying a version was dispatched for an event (when, where, by whom). */
export const dispatchedTag = (event: ReadyEvent): string => tagForEvent(eventName(event));
const tagForEvent = (name: string): string => (name === 'created' ? 'mlops.dispatched' : `mlops.dispatched.${name.slice('alias:'.length)}`);

/**
 * The registry's record of dispatches, shared by the polling action and the relay: a version tagged for an event
 * (`created` or `alias:<name>`) was dispatched for it, so the other path leaves it alone.
 */
export interface DispatchRecord {
  /** What the tag says when the version was dispatched for the event already; undefined otherwise. */
  find(request: DispatchRequest): Promise<string | undefined>;
  record(request: DispatchRequest, target: string): Promise<void>;
}

/** The record kept as version tags in MLflow. */
export function dispatchRecord(http: MlflowHttp, holder: string, now: () => number = Date.now): DispatchRecord {
  return {
    async find(request): Promise<string | undefined> {
      return (await getModelVersion(http, request.modelName, request.version))?.tags[tagForEvent(request.event)];
    },
    async record(request, target) {
      await setModelVersionTag(
        http,
        request.modelName,
        request.version,
        tagForEvent(request.event),
        JSON.stringify({ at: new Date(now()).toISOString(), target, by: holder }),
      );
    },
  };
}

/** An event as the action's `event` input names it: `created` or `alias:<name>`. */
export const eventName = (event: ReadyEvent): string => (event.kind === 'created' ? 'created' : `alias:${event.alias}`);
const CLAIM_TAG = 'mlops.dispatch_claim';

async function modelNames(http: MlflowHttp, options: PollOptions): Promise<string[]> {
  if (options.modelName) return [options.modelName];
  const models = await searchRegisteredModels(http, { filter: `name LIKE '${escapeFilter(options.modelPattern ?? '%')}'` });
  return models.map((model) => model.name).sort();
}

/** The versions ready for the event and not yet dispatched for it, oldest first. */
async function pending(http: MlflowHttp, name: string, options: PollOptions): Promise<ModelVersion[]> {
  const tag = dispatchedTag(options.event);
  if (options.event.kind === 'alias') {
    const holder = await getVersionByAlias(http, name, options.event.alias);
    return holder && holder.status === 'READY' && holder.tags[tag] === undefined ? [holder] : [];
  }
  const versions = await searchModelVersions(http, { filter: `name='${escapeFilter(name)}'`, orderBy: ['version_number ASC'] });
  return versions.filter((version) => version.status === 'READY' && version.tags[tag] === undefined).sort((a, b) => a.version - b.version);
}

/**
 * Dispatches the evaluation of every version that became ready and was not dispatched yet, oldest first, then tags
 * the version with when and where. A claim on the version keeps overlapping runs from dispatching it twice; a run
 * killed between dispatch and tag dispatches that version at most once more (evaluation tolerates a duplicate).
 */
export async function dispatchReadyVersions(
  http: MlflowHttp,
  dispatcher: Dispatcher,
  options: PollOptions,
  logger: Logger,
): Promise<Dispatched[]> {
  const now = options.now ?? Date.now;
  const record = dispatchRecord(http, options.holder, now);
  const dispatched: Dispatched[] = [];
  for (const name of await modelNames(http, options)) {
    for (const candidate of await pending(http, name, options)) {
      if (dispatched.length >= options.maxDispatches) {
        logger.info(`max-dispatches (${options.maxDispatches}) reached; the rest wait for the next run`);
        return dispatched;
      }
      const store = {
        read: async () => (await getModelVersion(http, name, candidate.version))?.tags[CLAIM_TAG],
        write: (value: string) => setModelVersionTag(http, name, candidate.version, CLAIM_TAG, value),
        remove: () => deleteModelVersionTag(http, name, candidate.version, CLAIM_TAG),
      };
      let claim;
      try {
        claim = await acquireClaimLock(store, `${name} v${candidate.version}`, {
          holder: options.holder,
          settleMs: options.claimSettleMs,
          timeoutMs: 0,
          now,
        });
      } catch (error) {
        if (!(error instanceof LockHeldError)) throw error;
        logger.info(`${name} v${candidate.version} is being dispatched by ${error.holder}; skipped`);
        continue;
      }
      try {
        // Another run may have finished it between our listing and our claim.
        const request = { modelName: name, version: candidate.version, event: eventName(options.event) };
        if ((await record.find(request)) !== undefined) continue;
        const target = await dispatcher.dispatch(request);
        await record.record(request, target);
        logger.info(`${name} v${candidate.version}: ${target}`);
        dispatched.push({ modelName: name, version: candidate.version, target });
      } finally {
        await claim.release().catch(() => undefined);
      }
    }
  }
  return dispatched;
}
