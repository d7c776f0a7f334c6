export const id = 209;
export const ids = [209];
export const modules = {

/***/ 45209:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  startRelay: () => (/* reexport */ startRelay)
});

// UNUSED EXPORTS: DEFAULT_TOLERANCE_SECONDS, DELIVERY_HEADERS, RelayQueue, classifyDelivery, verifyDelivery

// EXTERNAL MODULE: ./packages/common/src/index.ts + 18 modules
var src = __webpack_require__(22349);
// EXTERNAL MODULE: ./packages/dispatch/src/poll.ts
var poll = __webpack_require__(27455);
;// CONCATENATED MODULE: ./packages/dispatch/src/relay/events.ts


const events_text = (value) => (typeof value === 'string' && value !== '' ? value : undefined);
/**
 * What a verified delivery asks for: a dispatch of one model version, or nothing (with the reason). Throws on a body
 * that is not an MLflow webhook payload.
 */
function classifyDelivery(body, filter) {
    if (typeof body !== 'object' || body === null)
        throw new Error('the body is not a JSON object');
    const { entity, action, data } = body;
    if (typeof entity !== 'string' || typeof action !== 'string' || typeof data !== 'object' || data === null)
        throw new Error('the body has no entity, action and data: not an MLflow webhook payload');
    const type = `${entity}.${action}`;
    const fields = data;
    let event;
    if (type === 'model_version.created')
        event = { kind: 'created' };
    else if (type === 'model_version_alias.created') {
        const alias = events_text(fields.alias);
        if (!alias)
            throw new Error('a model_version_alias.created payload without data.alias');
        event = { kind: 'alias', alias };
    }
    else
        return { kind: 'ignore', reason: `${type} does not start evaluations` };
    const name = events_text(fields.name);
    // A version number as MLflow writes it: digits, no sign, no leading zero, no exponent or hex ("1e3" is not 1000).
    const versionText = typeof fields.version === 'number' ? String(fields.version) : events_text(fields.version);
    const version = versionText !== undefined && /^[1-9]\d{0,14}$/.test(versionText) ? Number(versionText) : undefined;
    if (!name || version === undefined)
        throw new Error(`a ${type} payload without data.name and a data.version that is a positive whole number (got ${JSON.stringify(fields.version)})`);
    const wanted = filter.events.some((candidate) => (0,poll/* eventName */.eq)(candidate) === (0,poll/* eventName */.eq)(event));
    if (!wanted)
        return { kind: 'ignore', reason: `${(0,poll/* eventName */.eq)(event)} is not among the events this relay acts on` };
    if (filter.modelPattern !== undefined && !(0,src/* likeMatches */.BN)(name, filter.modelPattern, { escape: true }))
        return { kind: 'ignore', reason: `model ${name} does not match ${filter.modelPattern}` };
    return { kind: 'dispatch', request: { modelName: name, version, event: (0,poll/* eventName */.eq)(event) } };
}

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
;// CONCATENATED MODULE: ./packages/dispatch/src/relay/queue.ts



/**
 * The relay's durable state in SQLite (WAL, synchronous=FULL: a delivery answered 2xx survives a crash or power loss):
 * the delivery ids seen (replay protection) and the queue of dispatches with their retry schedule. Arrivals that come
 * together are written in one transaction — one disk flush for many deliveries (group commit).
 */
class RelayQueue {
    db;
    statements;
    waiting = [];
    flushScheduled = false;
    /** Opens (creating when new) the queue's database under dataDir. */
    static async open(dataDir) {
        const { default: Sqlite } = await (0,src/* importExternal */.JH)('better-sqlite3');
        (0,external_node_fs_.mkdirSync)(dataDir, { recursive: true });
        return new RelayQueue(new Sqlite((0,external_node_path_.join)(dataDir, 'relay.sqlite')));
    }
    constructor(db) {
        this.db = db;
        this.db.pragma('journal_mode = WAL');
        this.db.pragma('synchronous = FULL');
        this.db.pragma('busy_timeout = 5000');
        this.db.exec(`
      CREATE TABLE IF NOT EXISTS deliveries (
        delivery_id TEXT PRIMARY KEY,
        received_at INTEGER NOT NULL
      );
      CREATE TABLE IF NOT EXISTS events (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        delivery_id TEXT NOT NULL,
        model_name TEXT NOT NULL,
        version INTEGER NOT NULL,
        event TEXT NOT NULL,
        received_at INTEGER NOT NULL,
        state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'dispatched', 'abandoned')),
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at INTEGER NOT NULL,
        last_error TEXT,
        target TEXT,
        finished_at INTEGER
      );
      CREATE INDEX IF NOT EXISTS events_due ON events (state, next_attempt_at);
      CREATE INDEX IF NOT EXISTS events_pending ON events (model_name, version, event) WHERE state = 'pending';
    `);
        this.statements = {
            seen: this.db.prepare('INSERT OR IGNORE INTO deliveries (delivery_id, received_at) VALUES (?, ?)'),
            pendingTwin: this.db.prepare(`SELECT 1 FROM events WHERE state = 'pending' AND model_name = ? AND version = ? AND event = ?`),
            enqueue: this.db.prepare('INSERT INTO events (delivery_id, model_name, version, event, received_at, next_attempt_at) VALUES (?, ?, ?, ?, ?, ?)'),
            due: this.db.prepare(`SELECT id, delivery_id, model_name, version, event, received_at, attempts FROM events
         WHERE state = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?`),
            nextDue: this.db.prepare(`SELECT MIN(next_attempt_at) AS at FROM events WHERE state = 'pending'`),
            dispatched: this.db.prepare(`UPDATE events SET state = 'dispatched', attempts = attempts + 1, target = ?, finished_at = ? WHERE id = ?`),
            retry: this.db.prepare('UPDATE events SET attempts = attempts + 1, last_error = ?, next_attempt_at = ? WHERE id = ?'),
            abandon: this.db.prepare(`UPDATE events SET state = 'abandoned', attempts = attempts + 1, last_error = ?, finished_at = ? WHERE id = ?`),
            counts: this.db.prepare('SELECT state, COUNT(*) AS count FROM events GROUP BY state'),
            allDue: this.db.prepare(`UPDATE events SET next_attempt_at = ? WHERE state = 'pending'`),
            pendingCount: this.db.prepare(`SELECT COUNT(*) AS count FROM events WHERE state = 'pending'`),
            oldestPending: this.db.prepare(`SELECT MIN(received_at) AS at FROM events WHERE state = 'pending'`),
            prune: this.db.prepare('DELETE FROM deliveries WHERE received_at < ?'),
            pruneFinished: this.db.prepare(`DELETE FROM events WHERE state != 'pending' AND finished_at < ?`),
        };
    }
    /**
     * Stores a verified delivery durably; resolves once it is on disk. `replayed`: the delivery id was already accepted
     * (nothing stored); `coalesced`: the same dispatch is already waiting in the queue.
     */
    store(arrival, now) {
        return new Promise((resolve, reject) => {
            this.waiting.push({ arrival, now, resolve, reject });
            if (!this.flushScheduled) {
                this.flushScheduled = true;
                setImmediate(() => this.flush());
            }
        });
    }
    flush() {
        this.flushScheduled = false;
        const batch = this.waiting;
        this.waiting = [];
        let outcomes;
        try {
            outcomes = this.db.transaction(() => batch.map(({ arrival, now }) => {
                if (this.statements.seen.run(arrival.deliveryId, now).changes === 0)
                    return 'replayed';
                const request = arrival.request;
                if (!request)
                    return 'recorded';
                if (this.statements.pendingTwin.get(request.modelName, request.version, request.event))
                    return 'coalesced';
                this.statements.enqueue.run(arrival.deliveryId, request.modelName, request.version, request.event, now, now);
                return 'queued';
            }))();
        }
        catch (error) {
            for (const waiter of batch)
                waiter.reject(error);
            return;
        }
        batch.forEach((waiter, index) => waiter.resolve(outcomes[index]));
    }
    /** Pending events whose next attempt is due, earliest first. */
    due(now, limit) {
        return this.statements.due.all(now, limit).map((row) => ({
            id: row.id,
            deliveryId: row.delivery_id,
            request: { modelName: row.model_name, version: row.version, event: row.event },
            receivedAt: row.received_at,
            attempts: row.attempts,
        }));
    }
    /** When the next pending event is due, if any. */
    nextDueAt() {
        return this.statements.nextDue.get()?.at ?? undefined;
    }
    markDispatched(id, target, now) {
        this.statements.dispatched.run(target, now, id);
    }
    markRetry(id, error, nextAttemptAt) {
        this.statements.retry.run(error, nextAttemptAt, id);
    }
    markAbandoned(id, error, now) {
        this.statements.abandon.run(error, now, id);
    }
    /** Makes every pending event due at `now`; returns how many there are. */
    makeAllDue(now) {
        return this.statements.allDue.run(now).changes;
    }
    /** Events waiting to be dispatched. */
    pendingCount() {
        return this.statements.pendingCount.get().count;
    }
    /** Events by state, and when the oldest pending one arrived. */
    stats() {
        const counts = { pending: 0, dispatched: 0, abandoned: 0 };
        for (const row of this.statements.counts.all())
            counts[row.state] = row.count;
        return { ...counts, oldestPendingAt: this.statements.oldestPending.get()?.at ?? undefined };
    }
    /** Forgets delivery ids older than `deliveriesBefore` (their timestamps are stale by then) and finished events before `eventsBefore`. */
    prune(deliveriesBefore, eventsBefore) {
        this.statements.prune.run(deliveriesBefore);
        this.statements.pruneFinished.run(eventsBefore);
    }
    close() {
        this.db.close();
    }
}

// EXTERNAL MODULE: external "node:http"
var external_node_http_ = __webpack_require__(37067);
var external_node_http_default = /*#__PURE__*/__webpack_require__.n(external_node_http_);
// EXTERNAL MODULE: ./node_modules/fastify/fastify.js
var fastify = __webpack_require__(16703);
var fastify_default = /*#__PURE__*/__webpack_require__.n(fastify);
// EXTERNAL MODULE: ./node_modules/prom-client/index.js
var prom_client = __webpack_require__(95222);
// EXTERNAL MODULE: ./packages/dispatch/src/inputs.ts
var inputs = __webpack_require__(37331);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
;// CONCATENATED MODULE: ./packages/dispatch/src/relay/signature.ts

/** MLflow's webhook headers (lower-case, as Node presents them). */
const DELIVERY_HEADERS = {
    id: 'x-mlflow-delivery-id',
    timestamp: 'x-mlflow-timestamp',
    signature: 'x-mlflow-signature',
};
/** How far a delivery's timestamp may be from the relay's clock (MLflow's own guidance: 5 minutes). */
const DEFAULT_TOLERANCE_SECONDS = 300;
const header = (headers, name) => {
    const value = headers[name];
    return Array.isArray(value) ? value[0] : value;
};
/** `v1,` + base64 HMAC-SHA256(secret, "{delivery id}.{timestamp}.{raw body}"): how MLflow signs a delivery. */
function expectedSignature(secret, deliveryId, timestamp, rawBody) {
    return (0,external_node_crypto_.createHmac)('sha256', secret).update(`${deliveryId}.${timestamp}.`).update(rawBody).digest();
}
/**
 * Checks a delivery as MLflow sends it: the signature over the raw bytes (constant-time; the header may list several
 * space-separated `v1,` signatures), then the timestamp within `toleranceSeconds` of `nowSeconds`.
 */
function verifyDelivery(headers, rawBody, secret, nowSeconds, toleranceSeconds = DEFAULT_TOLERANCE_SECONDS) {
    const deliveryId = header(headers, DELIVERY_HEADERS.id);
    const timestampText = header(headers, DELIVERY_HEADERS.timestamp);
    const signatures = header(headers, DELIVERY_HEADERS.signature);
    if (!deliveryId || !timestampText || !signatures)
        return { ok: false, reason: 'missing X-MLflow-Delivery-Id, -Timestamp or -Signature' };
    if (!/^\d{1,12}$/.test(timestampText))
        return { ok: false, reason: 'X-MLflow-Timestamp is not a Unix time in seconds' };
    const expected = expectedSignature(secret, deliveryId, timestampText, rawBody);
    let matched = false;
    for (const candidate of signatures.split(' ')) {
        if (!candidate.startsWith('v1,'))
            continue;
        const given = Buffer.from(candidate.slice(3), 'base64');
        // Lengths are not secret; the bytes are compared in constant time. Keep looking after a match: no early exit.
        if (given.length === expected.length && (0,external_node_crypto_.timingSafeEqual)(given, expected))
            matched = true;
    }
    if (!matched)
        return { ok: false, reason: 'signature does not match (wrong secret, or the body was changed)' };
    const timestamp = Number(timestampText);
    if (Math.abs(nowSeconds - timestamp) > toleranceSeconds)
        return { ok: false, reason: `timestamp ${timestamp} is more than ${toleranceSeconds} s from the relay's clock` };
    return { ok: true, deliveryId, timestamp };
}

;// CONCATENATED MODULE: ./packages/dispatch/src/relay/relay.ts








const RETRY_DEFAULTS = { baseDelayMs: 1000, maxDelayMs: 5 * 60_000, giveUpAfterMs: 24 * 3_600_000 };
/** How long a client has for its headers, for the whole request, and how long a connection may sit idle. */
const HEADERS_TIMEOUT_MS = 5_000;
const REQUEST_TIMEOUT_MS = 15_000;
const IDLE_TIMEOUT_MS = 10_000;
const CHECK_INTERVAL_MS = 1_000;
function relayMetrics(queue) {
    const registry = new prom_client.Registry();
    (0,prom_client.collectDefaultMetrics)({ register: registry, prefix: 'mlops_relay_' });
    return {
        registry,
        deliveries: new prom_client.Counter({
            name: 'mlops_relay_deliveries_total',
            help: 'Webhook deliveries received, by outcome (queued, coalesced, ignored, rejected, duplicate, invalid, too_large)',
            labelNames: ['outcome'],
            registers: [registry],
        }),
        acceptSeconds: new prom_client.Histogram({
            name: 'mlops_relay_accept_duration_seconds',
            help: 'Time from a delivery arriving to its answer (stored durably first)',
            buckets: [0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
            registers: [registry],
        }),
        dispatches: new prom_client.Counter({
            name: 'mlops_relay_dispatch_attempts_total',
            help: 'Dispatch attempts, by result (success, failure, abandoned, skipped: already dispatched by the polling action)',
            labelNames: ['result'],
            registers: [registry],
        }),
        dispatchLatency: new prom_client.Histogram({
            name: 'mlops_relay_dispatch_latency_seconds',
            help: 'Time from a delivery being queued to its successful dispatch',
            buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 5, 30, 120, 600, 3600],
            registers: [registry],
        }),
        queued: new prom_client.Gauge({
            name: 'mlops_relay_queue_events',
            help: 'Events in the queue, by state (pending, dispatched, abandoned)',
            labelNames: ['state'],
            registers: [registry],
            collect() {
                const stats = queue.stats();
                for (const state of ['pending', 'dispatched', 'abandoned'])
                    this.set({ state }, stats[state]);
            },
        }),
    };
}
const describeError = (error) => (0,src/* errorMessage */.gJ)(error).split('\n')[0].slice(0, 500);
/**
 * Starts the webhook relay: POST /webhook receives MLflow's signed deliveries, stores the ones that should start an
 * evaluation in a durable queue and answers; a worker dispatches from the queue with retries. GET /healthz and
 * GET /metrics (Prometheus) report its state.
 */
async function startRelay(options) {
    const now = options.now ?? Date.now;
    const random = options.random ?? Math.random;
    const retry = { ...RETRY_DEFAULTS, ...options.retry };
    const tolerance = options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
    const concurrency = options.concurrency ?? inputs/* RELAY_DEFAULTS */.Ng.concurrency;
    const logger = options.logger;
    const queue = await RelayQueue.open(options.dataDir);
    const metrics = relayMetrics(queue);
    // The worker: dispatches due events, up to `concurrency` at once, and sleeps until the next one is due.
    const running = new Set();
    let timer;
    let closed = false;
    let drainWaiters = [];
    const settleDrained = () => {
        if (drainWaiters.length === 0 || running.size > 0 || queue.pendingCount() > 0)
            return;
        for (const resolve of drainWaiters)
            resolve();
        drainWaiters = [];
    };
    const attempt = async (event) => {
        const { modelName, version } = event.request;
        const record = options.record;
        try {
            const earlier = await record?.find(event.request).catch((error) => {
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
            await record?.record(event.request, target).catch((error) => {
                logger.warning(`${modelName} v${version}: dispatched, but tagging it in MLflow failed (${describeError(error)})`);
            });
        }
        catch (error) {
            const reason = describeError(error);
            const attempts = event.attempts + 1;
            if (now() - event.receivedAt >= retry.giveUpAfterMs) {
                queue.markAbandoned(event.id, reason, now());
                metrics.dispatches.inc({ result: 'abandoned' });
                logger.error(`${modelName} v${version}: giving up after ${attempts} attempts over ${Math.round(retry.giveUpAfterMs / 60_000)} min: ${reason}`);
            }
            else {
                const exponential = Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** (attempts - 1));
                const delay = Math.round(exponential / 2 + (random() * exponential) / 2);
                queue.markRetry(event.id, reason, now() + delay);
                metrics.dispatches.inc({ result: 'failure' });
                logger.warning(`${modelName} v${version}: dispatch attempt ${attempts} failed (${reason}); retrying in ${(delay / 1000).toFixed(1)} s`);
            }
        }
    };
    const pump = () => {
        if (closed)
            return;
        if (timer)
            clearTimeout(timer);
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
    const serverFactory = (handler) => {
        const server = external_node_http_default().createServer({
            headersTimeout: HEADERS_TIMEOUT_MS,
            requestTimeout: REQUEST_TIMEOUT_MS,
            keepAliveTimeout: IDLE_TIMEOUT_MS,
            connectionsCheckingInterval: CHECK_INTERVAL_MS,
        }, handler);
        server.maxConnections = options.maxConnections ?? inputs/* RELAY_DEFAULTS */.Ng.maxConnections;
        return server;
    };
    const app = fastify_default()({
        bodyLimit: options.maxBodyBytes ?? inputs/* RELAY_DEFAULTS */.Ng.maxBodyBytes,
        connectionTimeout: IDLE_TIMEOUT_MS,
        forceCloseConnections: true,
        logger: false,
        serverFactory,
    });
    // The signature covers the exact bytes: keep them raw, parse after verifying.
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
    app.setErrorHandler((error, _request, reply) => {
        const status = error.statusCode ?? 500;
        if (status === 413)
            metrics.deliveries.inc({ outcome: 'too_large' });
        else if (status >= 500)
            logger.error(`request failed: ${error.message}`);
        void reply.code(status).send({ error: status === 413 ? 'body too large' : error.message });
    });
    app.post('/webhook', async (request, reply) => {
        const started = process.hrtime.bigint();
        const answer = (status, outcome, body) => {
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
        }
        catch (error) {
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
        if (classified.kind === 'ignore')
            return answer(200, 'ignored', { status: 'ignored', reason: classified.reason });
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
    await app.listen({ host: options.host ?? inputs/* RELAY_DEFAULTS */.Ng.host, port: options.port ?? inputs/* RELAY_DEFAULTS */.Ng.port });
    const address = app.server.address();
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    // Events left from before a restart are due now: a restart (after fixing a token, say) retries at once.
    const left = queue.makeAllDue(now());
    if (left > 0)
        logger.info(`${left} event(s) queued before this start; dispatching them`);
    pump();
    return {
        url: `http://${host}:${address.port}`,
        drained: () => new Promise((resolve) => {
            drainWaiters.push(resolve);
            settleDrained();
        }),
        close: async () => {
            closed = true;
            if (timer)
                clearTimeout(timer);
            clearInterval(prune);
            await app.close();
            // Let dispatches in flight finish, so their outcome is recorded rather than repeated after the next start.
            while (running.size > 0)
                await new Promise((resolve) => setTimeout(resolve, 20));
            for (const resolve of drainWaiters)
                resolve();
            queue.close();
        },
    };
}

;// CONCATENATED MODULE: ./packages/dispatch/src/relay/index.ts






/***/ })

};
