import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { MlflowError } from './errors.js';
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
        // MLflow reads a body as JSON whatever its Content-Type, and takes one that does not parse as empty
        // (`request.get_json(force=True, silent=True)`); only POST and PUT must say application/json (see server.ts).
        if ((method === 'PATCH' || method === 'DELETE') && (request.body instanceof Readable || typeof request.body === 'string'))
          request.body = await readJsonLeniently(request.body);
        const params = (method === 'GET' ? request.query : (request.body ?? {})) as Params;
        const pathParams = request.params as Params;
        const result = await handler({ ...params, ...pathParams }, request);
        return reply.type('application/json').send(`${JSON.stringify(compact(result ?? {}), null, 2)}\n`);
      },
    });
  }
}

/** A raw or text body read as JSON, `{}` when it is not a JSON object; at most 64 MiB, as JSON bodies are. */
async function readJsonLeniently(body: Readable | string): Promise<Params> {
  let text = typeof body === 'string' ? body : '';
  if (body instanceof Readable) {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of body) {
      size += (chunk as Buffer).length;
      if (size > 64 * 1024 * 1024) throw new MlflowError('INVALID_PARAMETER_VALUE', 'the request body is too large');
      chunks.push(chunk as Buffer);
    }
    text = Buffer.concat(chunks).toString('utf8');
  }
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Params) : {};
  } catch {
    return {};
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
