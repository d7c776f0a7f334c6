import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Params } from './validation.js';

export type Handler = (params: Params, request: FastifyRequest) => unknown;

/** Every REST path the server knows, for answering 405 to a known path with a wrong method. */
export const knownPaths = new Set<string>();

/**
 * Registers an MLflow endpoint at `/api/2.0/<path>` and its UI twin `/ajax-api/2.0/<path>`. GET reads only
 * the query string; other methods read the JSON body (MLflow ignores the query for them).
 */
export function endpoint(app: FastifyInstance, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, handler: Handler): void {
  for (const prefix of ['/api/2.0/', '/ajax-api/2.0/']) {
    const url = `${prefix}${path}`;
    knownPaths.add(url.replace(/:[^/]+/g, ':'));
    app.route({
      method,
      url,
      handler: async (request, reply) => {
        const params = (method === 'GET' ? request.query : (request.body ?? {})) as Params;
        const pathParams = request.params as Params;
        const result = await handler({ ...params, ...pathParams }, request);
        return reply.type('application/json').send(`${JSON.stringify(compact(result ?? {}), null, 2)}\n`);
      },
    });
  }
}

/** MLflow's JSON omits unset fields and empty lists. */
export function compact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(compact);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (item === undefined || item === null || (Array.isArray(item) && item.length === 0)) continue;
    out[key] = compact(item);
  }
  return out;
}
