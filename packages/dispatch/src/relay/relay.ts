import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '@mlops-actions/common';
import { errorMessage } from '@mlops-actions/common';
import Fastify from 'fastify';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Dispatcher } from '../dispatcher.js';
import { RELAY_DEFAULTS } from '../inputs.js';
import type { DispatchRecord } from '../poll.js';
import { classifyDelivery, type RelayFilter } from './events.js';
import { RelayQueue, type QueuedEvent } from './queue.js';
import { DEFAULT_TOLERANCE_SECONDS, verifyDelivery } from './signature.js';

export interface RelayOptions {
  /** The secret given when the MLflow webhook was created. */
  secret: string;
  dispatcher: Dispatcher;
  filter: RelayFilter;
  /** Where the queue lives (`relay.sqlite`); it survives restarts. */
  dataDir: string;
  /** Default 127.0.0.1; 0.0.0.0 in a container. */
  host?: string;
  /** Default 8080; 0 picks a free port. */
  port?: number;
  /** Largest body accepted (default 256 KiB; MLflow's payloads are well under 10 KiB). */
  maxBodyBytes?: number;
  /** Connections held at once (default 256); more are closed as they arrive, so a flood cannot use up file descriptors. */
  maxConnections?: number;
  /** Allowed clock difference for X-MLflow-Timestamp (default 300 s). */
  toleranceSeconds?: number;
  retry?: {
    /** First retry delay (default 1 s), doubled each attempt up to `maxDelayMs` (default 5 min), with jitter. */
    baseDelayMs?: number;
    maxDelayMs?: number;
    /** How long an event is retried before it is abandoned (default 24 h). */
    giveUpAfterMs?: number;
  };
  /**
   * The registry's record of dispatches (`dispatchRecord`): a version already dispatched for the event (by the
   * polling action) is skipped, and each dispatch is tagged on the version. Absent: the relay keeps its own queue only.
   */
  record?: DispatchRecord;
  /** Dispatches in flight at once (default 1: versions are dispatched in the order they arrived). */
  concurrency?: number;
  logger: Logger;
  now?: () => number;
  random?: () => number;
}

export interface Relay {
  /** `http://host:port`; MLflow's webhook URL is `${url}/webhook`. */
  url: string;
  /** Resolves once no event is waiting in the queue or being dispatched (for tests, benchmarks and the demo). */
  drained(): Promise<void>;
  close(): Promise<void>;
}

const RETRY_DEFAULTS = { baseDelayMs: 1000, maxDelayMs: 5 * 60_000, giveUpAfterMs: 24 * 3_600_000 };
/** How long a client has for its headers, for the whole request, and how long a connection may sit idle. */
const HEADERS_TIMEOUT_MS = 5_000;
const REQUEST_TIMEOUT_MS = 15_000;
const IDLE_TIMEOUT_MS = 10_000;
const CHECK_INTERVAL_MS = 1_000;

function relayMetrics(queue: RelayQueue) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'mlops_relay_' });
  return {
    registry,
    deliveries: new Counter({
      name: 'mlops_relay_deliveries_total',
      help: 'Webhook deliveries received, by outcome (queued, coalesced, ignored, rejected, duplicate, invalid, too_large)',
      labelNames: ['outcome'] as const,
      registers: [registry],
    }),
    acceptSeconds: new Histogram({
      name: 'mlops_relay_accept_duration_seconds',
      help: 'Time from a delivery arriving to its answer (stored durably first)',
      buckets: [0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
      registers: [registry],
    }),
    dispatches: new Counter({
      name: 'mlops_relay_dispatch_attempts_total',
      help: 'Dispatch attempts, by result (success, failure, abandoned, skipped: already dispatched by the polling action)',
      labelNames: ['result'] as const,
      registers: [registry],
    }),
    dispatchLatency: new Histogram({
      name: 'mlops_relay_dispatch_latency_seconds',
      help: 'Time from a delivery being queued to its successful dispatch',
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 5, 30, 120, 600, 3600],
      registers: [registry],
    }),
    queued: new Gauge({
      name: 'mlops_relay_queue_events',
      help: 'Events in the queue, by state (pending, dispatched, abandoned)',
      labelNames: ['state'] as const,
      registers: [registry],
      collect() {
        const stats = queue.stats();
        for (const state of ['pending', 'dispatched', 'abandoned'] as const) this.set({ state }, stats[state]);
      },
    }),
  };
}

const describeError = (error: unknown): string => errorMessage(error).split('\n')[0]!.slice(0, 500);

/**
 * Starts the webhook relay: POST /webhook receives MLflow's signed deliveries, stores the ones that should start an
 * evaluation in a durable queue and answers; a worker dispatches from the queue with retries. GET /healthz and
 * GET /metrics (Prometheus) report its state.
 */
export async function startRelay(options: RelayOptions): Promise<Relay> {
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const retry = { ...RETRY_DEFAULTS, ...options.retry };
  const tolerance = options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  const concurrency = options.concurrency ?? RELAY_DEFAULTS.concurrency;
  const logger = options.logger;
  const queue = await RelayQueue.open(options.dataDir);
  const metrics = relayMetrics(queue);

  // The worker: dispatches due events, up to `concurrency` at once, and sleeps until the next one is due.
  const running = new Set<number>();
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  let drainWaiters: (() => void)[] = [];
  const settleDrained = (): void => {
    if (drainWaiters.length === 0 || running.size > 0 || queue.pendingCount() > 0) return;
    for (const resolve of drainWaiters) resolve();
    drainWaiters = [];
  };
  const attempt = async (event: QueuedEvent): Promise<void> => {
    const { modelName, version } = event.request;
    const record = options.record;
    try {
      const earlier = await record?.find(event.request).catch((error: unknown) => {
        logger.warning(`${modelName} v${version}: cannot read its dispatch tag in MLflow (${describeError(error)}); dispatching`);
        return undefined;
      });
      if (earlier !== undefined) {
        queue.markDispatched(event.id, `already dispatched: ${earlier}`, now());
        metrics.dispatches.inc({ result: 'skipped' });
        logger.info(`${modelName} v${version} (${event.request.event}): already dispatched (${earlier}); skipped`);
        return;
      }
      const target = await options.dispatcher.dispatch(event.request);
      queue.markDispatched(event.id, target, now());
      metrics.dispatches.inc({ result: 'success' });
      metrics.dispatchLatency.observe((now() - event.receivedAt) / 1000);
      logger.info(`${modelName} v${version} (${event.request.event}): ${target}`);
      await record?.record(event.request, target).catch((error: unknown) => {
        logger.warning(`${modelName} v${version}: dispatched, but tagging it in MLflow failed (${describeError(error)})`);
      });
    } catch (error) {
      const reason = describeError(error);
      const attempts = event.attempts + 1;
      if (now() - event.receivedAt >= retry.giveUpAfterMs) {
        queue.markAbandoned(event.id, reason, now());
        metrics.dispatches.inc({ result: 'abandoned' });
        logger.error(
          `${modelName} v${version}: giving up after ${attempts} attempts over ${Math.round(retry.giveUpAfterMs / 60_000)} min: ${reason}`,
        );
      } else {
        const exponential = Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** (attempts - 1));
        const delay = Math.round(exponential / 2 + (random() * exponential) / 2);
        queue.markRetry(event.id, reason, now() + delay);
        metrics.dispatches.inc({ result: 'failure' });
        logger.warning(
          `${modelName} v${version}: dispatch attempt ${attempts} failed (${reason}); retrying in ${(delay / 1000).toFixed(1)} s`,
        );
      }
    }
  };
  const pump = (): void => {
    if (closed) return;
    if (timer) clearTimeout(timer);
    timer = undefined;
    const free = concurrency - running.size;
    if (free > 0) {
      for (const event of queue
        .due(now(), concurrency)
        .filter((candidate) => !running.has(candidate.id))
        .slice(0, free)) {
        running.add(event.id);
        void attempt(event).finally(() => {
          running.delete(event.id);
          pump();
        });
      }
    }
    const next = queue.nextDueAt();
    if (next !== undefined && running.size < concurrency) {
      timer = setTimeout(pump, Math.max(0, Math.min(next - now(), 2 ** 31 - 1)));
      timer.unref();
    }
    settleDrained();
  };
  const prune = setInterval(() => queue.prune(now() - (2 * tolerance + 60) * 1000, now() - 30 * 24 * 3_600_000), 60_000);
  prune.unref();

  // A client that sends its headers or body slowly, or holds a connection idle, is cut off within seconds (Node checks
  // every CHECK_INTERVAL_MS), so slow clients cannot hold the connections MLflow's deliveries need.
  const serverFactory = (handler: http.RequestListener): http.Server => {
    const server = http.createServer(
      {
        headersTimeout: HEADERS_TIMEOUT_MS,
        requestTimeout: REQUEST_TIMEOUT_MS,
        keepAliveTimeout: IDLE_TIMEOUT_MS,
        connectionsCheckingInterval: CHECK_INTERVAL_MS,
      },
      handler,
    );
    server.maxConnections = options.maxConnections ?? RELAY_DEFAULTS.maxConnections;
    return server;
  };
  const app = Fastify({
    bodyLimit: options.maxBodyBytes ?? RELAY_DEFAULTS.maxBodyBytes,
    connectionTimeout: IDLE_TIMEOUT_MS,
    forceCloseConnections: true,
    logger: false,
    serverFactory,
  });
  // The signature covers the exact bytes: keep them raw, parse after verifying.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

  app.setErrorHandler((error: { statusCode?: number; message: string }, _request, reply) => {
    const status = error.statusCode ?? 500;
    if (status === 413) metrics.deliveries.inc({ outcome: 'too_large' });
    else if (status >= 500) logger.error(`request failed: ${error.message}`);
    void reply.code(status).send({ error: status === 413 ? 'body too large' : error.message });
  });

  app.post('/webhook', async (request, reply) => {
    const started = process.hrtime.bigint();
    const answer = (status: number, outcome: string, body: Record<string, unknown>) => {
      metrics.deliveries.inc({ outcome });
      metrics.acceptSeconds.observe(Number(process.hrtime.bigint() - started) / 1e9);
      return reply.code(status).send(body);
    };
    const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    const verified = verifyDelivery(request.headers, raw, options.secret, Math.floor(now() / 1000), tolerance);
    if (!verified.ok) {
      logger.warning(`rejected a delivery from ${request.ip}: ${verified.reason}`);
      return answer(401, 'rejected', { error: verified.reason });
    }
    let classified;
    try {
      classified = classifyDelivery(JSON.parse(raw.toString('utf8')), options.filter);
    } catch (error) {
      logger.warning(`delivery ${verified.deliveryId}: ${describeError(error)}`);
      return answer(400, 'invalid', { error: describeError(error) });
    }
    const dispatchRequest = classified.kind === 'dispatch' ? classified.request : undefined;
    const stored = await queue.store({ deliveryId: verified.deliveryId, request: dispatchRequest }, now());
    // MLflow delivers again when an answer was lost: the delivery is already stored, so this one is answered as a
    // success and dispatches nothing (a replay by anyone else achieves nothing either).
    if (stored === 'replayed') {
      logger.info(`delivery ${verified.deliveryId} arrived again; it was stored before, nothing more to do`);
      return answer(200, 'duplicate', { status: 'duplicate' });
    }
    if (classified.kind === 'ignore') return answer(200, 'ignored', { status: 'ignored', reason: classified.reason });
    setImmediate(pump);
    return answer(202, stored, { status: stored, 'model-name': classified.request.modelName, version: classified.request.version });
  });

  app.get('/healthz', async (_request, reply) => {
    const stats = queue.stats();
    return reply.send({
      status: 'ok',
      pending: stats.pending,
      dispatched: stats.dispatched,
      abandoned: stats.abandoned,
      'oldest-pending-seconds': stats.oldestPendingAt === undefined ? null : Math.round((now() - stats.oldestPendingAt) / 1000),
    });
  });

  app.get('/metrics', async (_request, reply) => {
    return reply.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });

  await app.listen({ host: options.host ?? RELAY_DEFAULTS.host, port: options.port ?? RELAY_DEFAULTS.port });
  const address = app.server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  // Events left from before a restart are due now: a restart (after fixing a token, say) retries at once.
  const left = queue.makeAllDue(now());
  if (left > 0) logger.info(`${left} event(s) queued before this start; dispatching them`);
  pump();

  return {
    url: `http://${host}:${address.port}`,
    drained: () =>
      new Promise<void>((resolve) => {
        drainWaiters.push(resolve);
        settleDrained();
      }),
    close: async () => {
      closed = true;
      if (timer) clearTimeout(timer);
      clearInterval(prune);
      await app.close();
      // Let dispatches in flight finish, so their outcome is recorded rather than repeated after the next start.
      while (running.size > 0) await new Promise((resolve) => setTimeout(resolve, 20));
      for (const resolve of drainWaiters) resolve();
      queue.close();
    },
  };
}
