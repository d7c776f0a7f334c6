import type { IncomingMessage, RequestListener } from 'node:http';
import { listenOnLoopback } from './loopback-server.js';

export type Fault = 'none' | 'fail-500' | 'fail-503' | 'reset' | 'processed-then-500' | 'processed-then-reset' | 'down';

export interface FaultProxyOptions {
  /** Where requests go when they are let through. */
  upstream: string;
  /** Share of requests that fail (0..1). */
  failureRate: number;
  /** Seed of the proxy's choices, so a failing run can be replayed. */
  seed: number;
  /** Every request but a GET reaches the server this much later: an MLflow whose writes are slow. */
  writeDelayMs?: number;
}

export interface FaultProxy {
  url: string;
  /** What happened to each request, in order. */
  log: { method: string; path: string; fault: Fault }[];
  /** While true, every request is answered 503, as by a load balancer while MLflow restarts. */
  down: boolean;
  close(): Promise<void>;
}

const FAULTS: Fault[] = ['fail-500', 'fail-503', 'reset', 'processed-then-500', 'processed-then-reset'];

/**
 * An HTTP proxy on loopback that fails a share of requests: before they reach the server (500, 503, a reset
 * connection) or after the server has acted on them (the answer replaced by a 500 or a reset) — the case
 * that turns a blind retry into a duplicate.
 */
export function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  let state = options.seed >>> 0 || 1;
  const random = (): number => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4_294_967_296;
  };
  const log: FaultProxy['log'] = [];
  const readBody = (request: IncomingMessage): Promise<Buffer> =>
    new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => resolve(Buffer.concat(chunks)));
      request.on('error', reject);
    });
  const proxy: FaultProxy = { url: '', log, down: false, close: () => Promise.resolve() };
  const handler: RequestListener = (request, response) => {
    void (async () => {
      const fault: Fault = proxy.down ? 'down' : random() < options.failureRate ? FAULTS[Math.floor(random() * FAULTS.length)]! : 'none';
      log.push({ method: request.method ?? 'GET', path: request.url ?? '/', fault });
      const body = await readBody(request);
      if (options.writeDelayMs && request.method !== 'GET') await new Promise((resolve) => setTimeout(resolve, options.writeDelayMs));
      if (fault === 'reset') return request.socket.destroy();
      if (fault === 'fail-500' || fault === 'fail-503' || fault === 'down') {
        response.writeHead(fault === 'fail-500' ? 500 : 503, { 'content-type': 'text/html' }).end('<h1>injected failure</h1>');
        return;
      }
      const headers: Record<string, string> = {};
      for (const [key, value] of Object.entries(request.headers))
        if (typeof value === 'string' && key !== 'host' && key !== 'connection') headers[key] = value;
      const upstream = await fetch(`${options.upstream}${request.url ?? '/'}`, {
        method: request.method ?? 'GET',
        headers,
        body: ['GET', 'HEAD'].includes(request.method ?? 'GET') ? undefined : body,
      });
      const answer = Buffer.from(await upstream.arrayBuffer());
      if (fault === 'processed-then-reset') return request.socket.destroy();
      if (fault === 'processed-then-500') {
        response.writeHead(500, { 'content-type': 'text/html' }).end('<h1>injected failure after processing</h1>');
        return;
      }
      response
        .writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/octet-stream' })
        .end(answer);
    })().catch(() => request.socket.destroy());
  };
  return listenOnLoopback(handler).then((listening) => {
    proxy.url = listening.url;
    proxy.close = listening.close;
    return proxy;
  });
}
