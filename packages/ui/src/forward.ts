import { Readable } from 'node:stream';
import { errorMessage } from '@mlops-actions/common';
import { redactUrl, type MlflowHttp } from '@mlops-actions/mlflow';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { PAGE_HEADERS } from './page-routes.js';

/** One MLflow REST call, under /api/2.0/. */
export interface PageRead {
  method: 'GET' | 'POST';
  path: string;
}

/**
 * Every MLflow call the page makes — all of them reads — and so the only calls `mlops ui` forwards. A test keeps this
 * list and the page's modules in step.
 */
export const PAGE_READS: readonly PageRead[] = [
  { method: 'GET', path: 'mlflow/experiments/search' },
  { method: 'GET', path: 'mlflow/experiments/get' },
  { method: 'GET', path: 'mlflow/experiments/get-by-name' },
  { method: 'POST', path: 'mlflow/runs/search' },
  { method: 'GET', path: 'mlflow/runs/get' },
  { method: 'GET', path: 'mlflow/metrics/get-history' },
  { method: 'GET', path: 'mlflow/artifacts/list' },
  { method: 'GET', path: 'mlflow/registered-models/search' },
  { method: 'GET', path: 'mlflow/registered-models/get' },
  { method: 'GET', path: 'mlflow/model-versions/search' },
  { method: 'GET', path: 'mlflow/model-versions/get' },
];

/** The one artifact the page downloads: an evaluation run's gate result (through MLflow's artifact proxy). */
const PAGE_ARTIFACT = 'gate-result.json';
const ARTIFACTS = 'mlflow-artifacts/artifacts';

/** An artifact path the page may ask for: `<segments>/gate-result.json`, with no `..`, `.`, empty or odd segment. */
function isPageArtifact(path: string): boolean {
  const segments = path.split('/');
  return (
    segments.length > 1 &&
    segments.at(-1) === PAGE_ARTIFACT &&
    // No control character either: URL parsing drops tabs and newlines, which would turn `.\t.` back into `..`.
    segments.every(
      (segment) =>
        segment !== '' &&
        segment !== '.' &&
        segment !== '..' &&
        !/[\\?#%]/.test(segment) &&
        !Array.from(segment, (char) => char.charCodeAt(0)).some((code) => code < 0x20 || code === 0x7f),
    )
  );
}

interface Refusal {
  error_code: string;
  message: string;
}

const refusal = (reply: FastifyReply, status: number, body: Refusal): FastifyReply =>
  reply.code(status).headers(PAGE_HEADERS).type('application/json').send(JSON.stringify(body));

/** What MLflow answered, streamed back as JSON or plain text (never markup from another server on this origin). */
async function relay(reply: FastifyReply, response: Response, forceJson: boolean): Promise<FastifyReply> {
  const json = forceJson || (response.headers.get('content-type') ?? '').startsWith('application/json');
  void reply
    .code(response.status)
    .headers(PAGE_HEADERS)
    .type(json ? 'application/json' : 'text/plain; charset=utf-8');
  return reply.send(response.body ? Readable.fromWeb(response.body) : '');
}

/**
 * Forwards one read to the tracking server: the URL is the tracking URI and a fixed path, the query is re-encoded
 * from its parameters, a body is re-serialised JSON; the client adds the credentials, which go to that server only.
 */
async function forward(http: MlflowHttp, method: PageRead['method'], path: string, request: FastifyRequest, reply: FastifyReply) {
  const url = new URL(`${http.trackingUri}/api/2.0/${path}`);
  const artifact = path.startsWith(`${ARTIFACTS}/`);
  // Once parsed, the URL must still be under the fixed path (nothing in the path may climb out of it).
  const fixed = `${new URL(http.trackingUri).pathname.replace(/\/$/, '')}/api/2.0/${artifact ? `${ARTIFACTS}/` : path}`;
  if (!url.pathname.startsWith(fixed)) return refuse(request, reply);
  const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?') + 1) : '';
  if (!artifact) for (const [key, value] of new URLSearchParams(query)) url.searchParams.append(key, value);
  const body = method === 'POST' ? JSON.stringify(request.body ?? {}) : undefined;
  let response: Response;
  try {
    response = await http.send(method, url.toString(), {
      body: body === undefined ? undefined : () => body,
      headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
      idempotent: true,
    });
  } catch (error) {
    return refusal(reply, 502, {
      error_code: 'TEMPORARILY_UNAVAILABLE',
      message: `mlops ui could not reach the MLflow server at ${redactUrl(http.trackingUri).replace(/\/$/, '')}: ${errorMessage(error)}`,
    });
  }
  return relay(reply, response, artifact);
}

/** What a browser is told about a call the page never makes. */
function refuse(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const path = request.url.split('?')[0]!;
  if (/^\/(ajax-)?api\//.test(path))
    return refusal(reply, 403, {
      error_code: 'PERMISSION_DENIED',
      message: `mlops ui forwards only the read-only MLflow calls its page makes (${PAGE_READS.map((read) => `${read.method} ${read.path}`).join(', ')}, and GET ${ARTIFACTS}/…/${PAGE_ARTIFACT}); ${request.method} ${path} is not one of them`,
    });
  return refusal(reply, 404, { error_code: 'ENDPOINT_NOT_FOUND', message: `mlops ui serves its page at / and nothing at ${path}` });
}

/** The forwarding routes: each read of PAGE_READS, the gate result's download; anything else is refused. */
export function registerForwarding(app: FastifyInstance, http: MlflowHttp): void {
  for (const read of PAGE_READS)
    app.route({
      method: read.method,
      url: `/api/2.0/${read.path}`,
      handler: (request, reply) => forward(http, read.method, read.path, request, reply),
    });
  app.get(`/api/2.0/${ARTIFACTS}/*`, (request, reply) => {
    const path = (request.params as { '*': string })['*'];
    if (!isPageArtifact(path)) return refuse(request, reply);
    return forward(http, 'GET', `${ARTIFACTS}/${path}`, request, reply);
  });
  app.setNotFoundHandler(refuse);
}
