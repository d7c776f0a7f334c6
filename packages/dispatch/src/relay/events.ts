import { likeMatches } from '@mlops-actions/common';
import type { DispatchRequest } from '../dispatcher.js';
import { eventName, type ReadyEvent } from '../poll.js';

/** Which deliveries start an evaluation. */
export interface RelayFilter {
  /** `created` (model_version.created) and/or `alias:<name>` (model_version_alias.created for that alias). */
  events: readonly ReadyEvent[];
  /** Model names to act on, in MLflow's LIKE syntax (`%` any run, `_` one character); default every model. */
  modelPattern?: string | undefined;
}

export type Classified = { kind: 'dispatch'; request: DispatchRequest } | { kind: 'ignore'; reason: string };

const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

/**
 * What a verified delivery asks for: a dispatch of one model version, or nothing (with the reason). Throws on a body
 * that is not an MLflow webhook payload.
 */
export function classifyDelivery(body: unknown, filter: RelayFilter): Classified {
  if (typeof body !== 'object' || body === null) throw new Error('the body is not a JSON object');
  const { entity, action, data } = body as { entity?: unknown; action?: unknown; data?: unknown };
  if (typeof entity !== 'string' || typeof action !== 'string' || typeof data !== 'object' || data === null)
    throw new Error('the body has no entity, action and data: not an MLflow webhook payload');
  const type = `${entity}.${action}`;
  const fields = data as Record<string, unknown>;
  let event: ReadyEvent;
  if (type === 'model_version.created') event = { kind: 'created' };
  else if (type === 'model_version_alias.created') {
    const alias = text(fields.alias);
    if (!alias) throw new Error('a model_version_alias.created payload without data.alias');
    event = { kind: 'alias', alias };
  } else return { kind: 'ignore', reason: `${type} does not start evaluations` };
  const name = text(fields.name);
  // A version number as MLflow writes it: digits, no sign, no leading zero, no exponent or hex ("1e3" is not 1000).
  const versionText = typeof fields.version === 'number' ? String(fields.version) : text(fields.version);
  const version = versionText !== undefined && /^[1-9]\d{0,14}$/.test(versionText) ? Number(versionText) : undefined;
  if (!name || version === undefined)
    throw new Error(
      `a ${type} payload without data.name and a data.version that is a positive whole number (got ${JSON.stringify(fields.version)})`,
    );
  const wanted = filter.events.some((candidate) => eventName(candidate) === eventName(event));
  if (!wanted) return { kind: 'ignore', reason: `${eventName(event)} is not among the events this relay acts on` };
  if (filter.modelPattern !== undefined && !likeMatches(name, filter.modelPattern, { escape: true }))
    return { kind: 'ignore', reason: `model ${name} does not match ${filter.modelPattern}` };
  return { kind: 'dispatch', request: { modelName: name, version, event: eventName(event) } };
}
