export const id = 800;
export const ids = [800];
export const modules = {

/***/ 49800:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  ge: () => (/* reexport */ MlflowApiError),
  tj: () => (/* reexport */ aliasNameProblem),
  Xd: () => (/* reexport */ clientOptionsFromEnvironment),
  OY: () => (/* reexport */ createMlflowHttp),
  CL: () => (/* reexport */ createModelVersion),
  Qq: () => (/* reexport */ createRegisteredModel),
  ut: () => (/* reexport */ createRun),
  z_: () => (/* reexport */ deleteModelVersionTag),
  zo: () => (/* reexport */ deleteRegisteredModel),
  Mc: () => (/* reexport */ downloadArtifactDirectory),
  $9: () => (/* reexport */ downloadArtifactFile),
  kI: () => (/* reexport */ endRunAsFailed),
  kP: () => (/* reexport */ escapeFilter),
  tS: () => (/* reexport */ findModelVersionOfRun),
  Q2: () => (/* reexport */ getExperimentByName),
  LF: () => (/* reexport */ getMetricHistory),
  Af: () => (/* reexport */ getModelVersion),
  IU: () => (/* reexport */ getModelVersionDownloadUri),
  DV: () => (/* reexport */ getOrCreateExperiment),
  B7: () => (/* reexport */ getOrCreateRegisteredModel),
  mA: () => (/* reexport */ getRegisteredModel),
  Mh: () => (/* reexport */ getRun),
  Sy: () => (/* reexport */ getVersionByAlias),
  Rk: () => (/* reexport */ isConnectionError),
  hT: () => (/* reexport */ logBatch),
  sP: () => (/* reexport */ modelVersionUri),
  i0: () => (/* reexport */ notFoundError),
  BO: () => (/* reexport */ redactUrl),
  m4: () => (/* reexport */ renameRegisteredModel),
  g4: () => (/* reexport */ runPageUrl),
  p3: () => (/* reexport */ searchModelVersions),
  BH: () => (/* reexport */ searchRegisteredModels),
  xz: () => (/* reexport */ searchRuns),
  Tp: () => (/* reexport */ setAlias),
  Ke: () => (/* reexport */ setModelVersionTag),
  or: () => (/* reexport */ setRegisteredModelTag),
  gL: () => (/* reexport */ setRunTag),
  e_: () => (/* reexport */ unknownModelError),
  ve: () => (/* reexport */ unregisteredModelError),
  lt: () => (/* reexport */ updateModelVersionDescription),
  PF: () => (/* reexport */ updateRun),
  tW: () => (/* reexport */ uploadArtifactFile),
  b2: () => (/* reexport */ waitForModelVersionReady),
  NE: () => (/* reexport */ withDeadline)
});

// UNUSED EXPORTS: BATCH_LIMITS, MLFLOW_ENVIRONMENT, REQUEST_ID_TAG, chunkBatch, createApiError, createExperiment, createWebhook, deleteAlias, deleteModelVersion, deleteRegisteredModelTag, deleteRunTag, deleteWebhook, eventFromWire, eventToWire, formatDouble, getExperiment, listArtifacts, listWebhooks, metricFromWire, modelAliasUri, modelVersionFromWire, modelVersionPageUrl, parseDouble, parseModelUri, resolveArtifactLocation, retryAfterMs, runArtifactUri, runFromWire, testWebhook, updateWebhook, uploadArtifactDirectory

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(57075);
// EXTERNAL MODULE: external "node:stream/promises"
var external_node_stream_promises_ = __webpack_require__(46466);
// EXTERNAL MODULE: ./packages/common/src/index.ts + 18 modules
var src = __webpack_require__(22349);
;// CONCATENATED MODULE: ./packages/mlflow/src/errors.ts

/** Removes credentials (user:password@) and secret-looking query values from a URL for messages and logs. */
function redactUrl(url) {
    try {
        const parsed = new URL(url);
        if (parsed.username || parsed.password) {
            parsed.username = '***';
            parsed.password = '';
        }
        for (const key of [...parsed.searchParams.keys()]) {
            if (/token|secret|password|key|signature|credential/i.test(key))
                parsed.searchParams.set(key, '***');
        }
        return parsed.toString();
    }
    catch {
        return url.replace(/\/\/[^/@]*@/, '//***@');
    }
}
/** What to check when MLflow failed or refused a request this way, for the failure boundary. */
function hintFor(params) {
    if (params.status === 0)
        return params.errorCode === 'DEADLINE_PASSED'
            ? 'MLflow did not answer within the time the operation had left (a lock lease): check how loaded the server is'
            : 'check MLFLOW_TRACKING_URI and that the server is reachable from this machine (a GitHub-hosted runner needs an address on the internet)';
    if (params.status === 401 || params.status === 403)
        return 'check the credentials: MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD, or MLFLOW_TRACKING_TOKEN';
    if (params.status === 429 || params.status >= 500)
        return "MLflow failed on its side: retrying later may work, and the server's log says why";
    if (params.status === 404 && params.errorCode.startsWith('HTTP_'))
        return 'the address answers, but not as MLflow: check MLFLOW_TRACKING_URI (the server root, without /api/2.0)';
    return undefined;
}
/** A request MLflow answered with an error, or one that never got an answer (status 0): an operational failure. */
class MlflowApiError extends src/* OperationalError */.LE {
    name = 'MlflowApiError';
    errorCode;
    status;
    method;
    url;
    serverMessage;
    constructor(params, options) {
        const url = redactUrl(params.url);
        const status = params.status === 0 ? 'no response' : `HTTP ${params.status}`;
        super(`MLflow ${params.method} ${url} failed: ${status} ${params.errorCode}: ${params.serverMessage}`, {
            service: 'MLflow',
            hint: hintFor(params),
            cause: options?.cause,
        });
        this.errorCode = params.errorCode;
        this.status = params.status;
        this.method = params.method;
        this.url = url;
        this.serverMessage = params.serverMessage;
    }
}
/** Builds the error from a failed response: MLflow's JSON body when there is one, else the text (HTML 404/405/500, text 403). */
async function createApiError(response, method, url) {
    const text = await response.text().catch(() => '');
    const isJson = (response.headers.get('content-type') ?? '').includes('application/json');
    if (isJson) {
        try {
            const body = JSON.parse(text);
            if (typeof body.error_code === 'string') {
                return new MlflowApiError({
                    errorCode: body.error_code,
                    status: response.status,
                    method,
                    url,
                    serverMessage: typeof body.message === 'string' ? body.message : '',
                });
            }
        }
        catch {
            // Not JSON after all: fall through to the text form.
        }
    }
    return new MlflowApiError({
        errorCode: `HTTP_${response.status}`,
        status: response.status,
        method,
        url,
        serverMessage: summarizeBody(text, response.statusText),
    });
}
/** The readable part of an error body: HTML tags stripped, whitespace collapsed, at most 300 characters. */
function summarizeBody(text, fallback) {
    const plain = text
        .replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
        .replace(/<[^>]+>/g, ' ')
        .replace(/\s+/g, ' ')
        .trim();
    const summary = plain === '' ? fallback : plain;
    return summary.length > 300 ? `${summary.slice(0, 297)}...` : summary;
}

;// CONCATENATED MODULE: ./packages/mlflow/src/http.ts



const RETRY_STATUSES = new Set([408, 429, 500, 502, 503, 504]);
const RETRY_ERROR_CODES = new Set([
    'ECONNRESET',
    'ECONNREFUSED',
    'EPIPE',
    'ETIMEDOUT',
    'UND_ERR_SOCKET',
    'UND_ERR_CONNECT_TIMEOUT',
    'EAI_AGAIN',
]);
/** Whether an error from fetch is a connection failure worth retrying. */
function isConnectionError(error) {
    let current = error;
    for (let depth = 0; depth < 5 && current; depth++) {
        const code = current.code;
        if (typeof code === 'string' && RETRY_ERROR_CODES.has(code))
            return true;
        if (current.name === 'TimeoutError')
            return true;
        current = current.cause;
    }
    return error instanceof TypeError && /fetch failed|terminated|socket/i.test(error.message);
}
/** Parses Retry-After (seconds or an HTTP date) into ms, or undefined. */
function retryAfterMs(header, now = Date.now()) {
    if (!header)
        return undefined;
    const seconds = Number(header);
    if (Number.isFinite(seconds) && seconds >= 0)
        return seconds * 1000;
    const date = Date.parse(header);
    return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
function createMlflowHttp(options) {
    if (!/^https?:\/\//i.test(options.trackingUri)) {
        throw new src/* ConfigurationError */.j1(`the MLflow tracking URI must start with http:// or https://, got '${redactUrl(options.trackingUri)}'`);
    }
    // Credentials written into the URI (http://user:pass@host) become basic auth and leave the URL,
    // so they never reach a log line or an error message.
    const parsedUri = new URL(options.trackingUri);
    const uriAuth = parsedUri.username
        ? { kind: 'basic', username: decodeURIComponent(parsedUri.username), password: decodeURIComponent(parsedUri.password) }
        : undefined;
    parsedUri.username = '';
    parsedUri.password = '';
    const trackingUri = parsedUri.toString().replace(/\/+$/, '');
    const fetchImpl = options.fetch ?? globalThis.fetch;
    const sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    const random = options.random ?? Math.random;
    const maxRetries = options.retry?.maxRetries ?? 5;
    const baseDelay = options.retry?.baseDelayMs ?? 500;
    const maxDelay = options.retry?.maxDelayMs ?? 30_000;
    const timeoutMs = options.timeoutMs ?? 120_000;
    const authHeader = authorization(options.auth ?? uriAuth);
    const trackingOrigin = parsedUri.origin;
    const allowedArtifactHosts = (options.allowedArtifactHosts ?? []).map((host) => host.toLowerCase());
    const dispatcher = options.insecureTls ? insecureDispatcher() : undefined;
    const logger = options.logger ?? src/* silentLogger */.qq;
    // Each wait is said, with why: a server that is down shows at once instead of after a minute of silence.
    const sayRetry = (method, url, reason, attempt, delayMs) => logger.info(`MLflow ${method} ${pathOf(url)}: ${(0,src/* retryLine */.Rn)(reason, { delayMs, attempt: attempt + 2, attempts: maxRetries + 1 })}`);
    const backoff = (attempt, response) => {
        const exponential = Math.min(maxDelay, baseDelay * 2 ** attempt);
        const jittered = exponential / 2 + random() * (exponential / 2);
        const serverAsked = response ? retryAfterMs(response.headers.get('retry-after')) : undefined;
        return Math.min(maxDelay, Math.max(jittered, serverAsked ?? 0));
    };
    const send = async (method, url, init = {}) => {
        const idempotent = init.idempotent ?? true;
        const pastDeadline = () => new MlflowApiError({ errorCode: 'DEADLINE_PASSED', status: 0, method, url, serverMessage: 'not sent: the time it had ran out' });
        for (let attempt = 0;; attempt++) {
            const left = init.deadline === undefined ? timeoutMs : Math.min(timeoutMs, init.deadline - Date.now());
            if (left <= 0)
                throw pastDeadline();
            const headers = { 'User-Agent': 'mlops-actions', ...init.headers };
            // Credentials go to the tracking server and nowhere else, whatever URL a caller was handed.
            if (authHeader && sameOrigin(url, trackingOrigin))
                headers.Authorization = authHeader;
            let response;
            try {
                const body = init.body ? await init.body() : undefined;
                if (body instanceof external_node_stream_.Readable) {
                    response = await streamRequest(url, {
                        method,
                        headers,
                        body,
                        watch: stallWatch(timeoutMs, init.deadline),
                        dispatcher: await dispatcher,
                    });
                }
                else {
                    // The timeout is a stall timeout, as in MLflow's own client (a read timeout): no answer, or no byte of the
                    // body, for timeoutMs. A slow transfer that keeps moving is never cut; a deadline is a hard limit.
                    const watch = stallWatch(timeoutMs, init.deadline);
                    try {
                        if (dispatcher) {
                            // undici's own fetch takes undici's own agent (the one that skips certificate checks).
                            const { fetch: undiciFetch } = await __webpack_require__.e(/* import() */ 932).then(__webpack_require__.t.bind(__webpack_require__, 8932, 19));
                            const answer = await undiciFetch(url, {
                                method,
                                headers,
                                body: body,
                                signal: watch.signal,
                                dispatcher: await dispatcher,
                            });
                            response = watched(new Response(answer.body, { status: answer.status, headers: [...answer.headers.entries()] }), watch);
                        }
                        else {
                            const request = { method, headers, body, signal: watch.signal };
                            // fetch refuses a web stream body unless told it is sent half-duplex.
                            if (body instanceof ReadableStream)
                                request.duplex = 'half';
                            response = watched(await fetchImpl(url, request), watch);
                        }
                    }
                    catch (error) {
                        watch.stop();
                        throw error;
                    }
                }
            }
            catch (error) {
                // A connection failure may have reached the server: only idempotent calls are repeated here.
                if (idempotent && attempt < maxRetries && isConnectionError(error)) {
                    const delay = backoff(attempt);
                    sayRetry(method, url, connectionFailure(error), attempt, delay);
                    await sleep(delay);
                    continue;
                }
                const failure = (0,src/* networkFailure */.rd)(error);
                const message = failure
                    ? `could not reach ${(0,src/* hostOf */.w4)(url)} (${failure.detail})`
                    : error instanceof Error
                        ? `${error.message}${error.cause instanceof Error ? ` (${error.cause.message})` : ''}`
                        : String(error);
                throw new MlflowApiError({ errorCode: 'CONNECTION_FAILED', status: 0, method, url, serverMessage: message }, { cause: error });
            }
            const retryable = response.status === 429 || (idempotent && RETRY_STATUSES.has(response.status));
            if (retryable && attempt < maxRetries) {
                const delay = backoff(attempt, response);
                // The body says which error MLflow had (its error_code): read, it also frees the connection.
                sayRetry(method, url, answerFailure(await createApiError(response, method, url)), attempt, delay);
                await sleep(delay);
                continue;
            }
            return response;
        }
    };
    const call = async (method, path, request = {}) => {
        const url = new URL(`${trackingUri}/api/2.0/${path.replace(/^\//, '')}`);
        for (const [key, value] of Object.entries(request.query ?? {})) {
            if (value === undefined)
                continue;
            if (Array.isArray(value))
                for (const item of value)
                    url.searchParams.append(key, String(item));
            else
                url.searchParams.set(key, String(value));
        }
        const hasBody = request.body !== undefined;
        const json = hasBody ? JSON.stringify(request.body) : undefined;
        const response = await send(method, url.toString(), {
            body: json === undefined ? undefined : () => json,
            headers: hasBody ? { 'Content-Type': 'application/json' } : {},
            idempotent: request.idempotent ?? true,
            deadline: request.deadline,
        });
        if (!response.ok)
            throw await createApiError(response, method, url.toString());
        const text = await response.text();
        return (text.trim() === '' ? {} : JSON.parse(text));
    };
    const createOnce = async (create, findExisting) => {
        for (let attempt = 0;; attempt++) {
            try {
                return await create();
            }
            catch (error) {
                const outcomeUnknown = error instanceof MlflowApiError && (error.status === 0 || error.status >= 500);
                if (!outcomeUnknown)
                    throw error;
                const existing = await findExisting();
                if (existing !== undefined)
                    return existing;
                if (attempt >= maxRetries)
                    throw error;
                const delay = backoff(attempt);
                sayRetry(error.method, error.url, answerFailure(error), attempt, delay);
                await sleep(delay);
            }
        }
    };
    return { trackingUri, allowedArtifactHosts, logger, call, send, createOnce };
}
/** A URL's path, for a line about a request (the query may hold values not for a log). */
function pathOf(url) {
    try {
        return new URL(url).pathname;
    }
    catch {
        return url;
    }
}
/** Why a request got no answer, in a few words: the system's cause (`connect ECONNREFUSED 127.0.0.1:5000`) or the stall. */
function connectionFailure(error) {
    return (0,src/* networkFailure */.rd)(error)?.detail ?? (0,src/* errorMessage */.gJ)(error).split('\n')[0];
}
/** Why an answer was a failure: `HTTP 503 TEMPORARILY_UNAVAILABLE`, `HTTP 502` (not MLflow's JSON), or no answer's cause. */
function answerFailure(error) {
    if (error.status === 0)
        return error.serverMessage;
    return error.errorCode === `HTTP_${error.status}` ? `HTTP ${error.status}` : `HTTP ${error.status} ${error.errorCode}`;
}
/** Node's timers take at most 2^31 − 1 ms; a deadline farther away than that gets no timer of its own. */
const MAX_TIMER_MS = 2_147_483_647;
function stallWatch(stallMs, deadline) {
    const controller = new AbortController();
    const fire = (message) => controller.abort(new DOMException(message, 'TimeoutError'));
    let stall;
    const untilDeadline = deadline === undefined ? undefined : Math.max(0, deadline - Date.now());
    const hard = untilDeadline === undefined || untilDeadline > MAX_TIMER_MS ? undefined : setTimeout(() => fire('the deadline passed'), untilDeadline);
    hard?.unref();
    const disarm = () => {
        clearTimeout(stall);
        stall = undefined;
    };
    const watch = {
        signal: controller.signal,
        arm: () => {
            disarm();
            stall = setTimeout(() => fire(`no answer or data for ${stallMs / 1000} s`), stallMs);
            stall.unref();
        },
        disarm,
        stop: () => {
            disarm();
            clearTimeout(hard);
        },
    };
    watch.arm();
    return watch;
}
/** The response with a body read through the watchdog: armed while a read waits, stopped at the end or on cancel. */
function watched(response, watch) {
    watch.disarm();
    if (!response.body) {
        watch.stop();
        return response;
    }
    const reader = response.body.getReader();
    const body = new ReadableStream({
        async pull(controller) {
            watch.arm();
            try {
                const { done, value } = (await reader.read());
                watch.disarm();
                if (done) {
                    watch.stop();
                    controller.close();
                }
                else
                    controller.enqueue(value);
            }
            catch (error) {
                watch.stop();
                controller.error(error);
            }
        },
        cancel(reason) {
            watch.stop();
            return reader.cancel(reason);
        },
    }, { highWaterMark: 0 });
    return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
}
/** The same client, whose every request must be done by `deadline` (ms since the epoch): none starts or runs past it. */
function withDeadline(http, deadline) {
    return {
        ...http,
        call: (method, path, options = {}) => http.call(method, path, { ...options, deadline: Math.min(deadline, options.deadline ?? Infinity) }),
        send: (method, url, init = {}) => http.send(method, url, { ...init, deadline: Math.min(deadline, init.deadline ?? Infinity) }),
    };
}
function sameOrigin(url, origin) {
    try {
        return new URL(url).origin === origin;
    }
    catch {
        return false;
    }
}
/**
 * Sends a Node stream with undici's request, which waits for the socket before reading more (Node 20's
 * fetch reads a streamed body ahead without bound), and answers with a web Response holding the (small) answer.
 * The stall timer restarts with every piece of the body the socket takes, then waits for the answer: a slow upload
 * that keeps moving is never cut (undici's own headers timeout would count the whole upload).
 */
async function streamRequest(url, options) {
    const { request } = await __webpack_require__.e(/* import() */ 932).then(__webpack_require__.t.bind(__webpack_require__, 8932, 19));
    const { watch } = options;
    // Each piece the socket takes restarts the timer; the last one starts the wait for the answer.
    const body = new external_node_stream_.Transform({
        transform(chunk, _encoding, done) {
            watch.arm();
            done(null, chunk);
        },
        flush(done) {
            watch.arm();
            done();
        },
    });
    options.body.on('error', (error) => body.destroy(error));
    options.body.pipe(body);
    try {
        const answer = await request(url, {
            method: options.method,
            headers: options.headers,
            body,
            signal: watch.signal,
            headersTimeout: 0,
            bodyTimeout: 0,
            ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}),
        });
        const headers = new Headers();
        for (const [name, value] of Object.entries(answer.headers)) {
            if (Array.isArray(value))
                for (const item of value)
                    headers.append(name, item);
            else if (value !== undefined)
                headers.set(name, value);
        }
        // Upload answers are small JSON documents: read them whole, under the same stall timer.
        watch.arm();
        const text = await answer.body.text();
        const empty = [101, 204, 205, 304].includes(answer.statusCode);
        return new Response(empty ? null : text, { status: answer.statusCode, headers });
    }
    catch (error) {
        // An abort by the watchdog carries its reason (a TimeoutError), which the retry rule knows.
        throw watch.signal.aborted && watch.signal.reason instanceof Error ? watch.signal.reason : error;
    }
    finally {
        watch.stop();
        // The source is done with, however the request ended (an early answer, a stall, a reset): close its file.
        options.body.unpipe(body);
        options.body.destroy();
        body.destroy();
    }
}
function authorization(auth) {
    if (!auth)
        return undefined;
    if (auth.kind === 'basic')
        return `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`;
    return `Bearer ${auth.token}`;
}
/** An undici agent that skips certificate checks, loaded only when asked for. */
async function insecureDispatcher() {
    const { Agent } = await __webpack_require__.e(/* import() */ 932).then(__webpack_require__.t.bind(__webpack_require__, 8932, 19));
    return new Agent({ connect: { rejectUnauthorized: false } });
}

;// CONCATENATED MODULE: ./packages/mlflow/src/artifacts.ts








const PROXY_PATH = '/api/2.0/mlflow-artifacts/artifacts';
/** How deep and how many folders a recursive listing may have: far beyond any model directory. */
const MAX_LISTING_DEPTH = 32;
const MAX_LISTINGS = 10_000;
/**
 * Maps an artifact URI to the proxy as MLflow's own client does: `mlflow-artifacts:/1/<run>/artifacts` on
 * tracking `http://host:5000/prefix` → `http://host:5000/prefix/api/2.0/mlflow-artifacts/artifacts/1/<run>/artifacts`.
 * Whoever can register a version or create an experiment chooses its artifact URI: one that names a host other than
 * the tracking server's is refused unless that host is in `allowedHosts` (and even then gets no credentials).
 */
function resolveArtifactLocation(trackingUri, artifactUri, allowedHosts = []) {
    const tracking = new URL(trackingUri);
    const prefix = tracking.pathname.replace(/\/+$/, '');
    let location;
    if (/^https?:\/\//i.test(artifactUri)) {
        const url = new URL(artifactUri);
        const at = url.pathname.indexOf(PROXY_PATH);
        if (at < 0)
            throw notProxied(artifactUri);
        location = {
            baseUrl: `${url.origin}${url.pathname.slice(0, at + PROXY_PATH.length)}`,
            path: trimSlashes(url.pathname.slice(at + PROXY_PATH.length)),
        };
    }
    else {
        const match = /^mlflow-artifacts:(?:\/\/([^/]*))?(\/.*)?$/.exec(artifactUri);
        if (!match)
            throw notProxied(artifactUri);
        const host = match[1] ? match[1] : tracking.host;
        location = { baseUrl: `${tracking.protocol}//${host}${prefix}${PROXY_PATH}`, path: trimSlashes(match[2] ?? '') };
    }
    // A '.' or '..' segment would leave the artifact proxy for any other path of the server, credentials and all.
    if (hasDotSegment(location.path))
        throw new src/* ConfigurationError */.j1(`the artifact URI '${redactUrl(artifactUri)}' holds a '.' or '..' segment: refused`);
    const target = new URL(location.baseUrl);
    if (target.origin !== tracking.origin && !allowedHosts.includes(target.host.toLowerCase()))
        throw new src/* ConfigurationError */.j1(`the artifact URI '${redactUrl(artifactUri)}' points at ${target.origin}, not at the MLflow server (${tracking.origin}): ` +
            'artifacts are read and written only through the tracking server, which alone gets your credentials. ' +
            `If ${target.host} really serves this server's artifacts, add it to MLOPS_ALLOWED_ARTIFACT_HOSTS (it then gets no credentials).`, { subject: 'MLOPS_ALLOWED_ARTIFACT_HOSTS' });
    return location;
}
/**
 * A file name from a server's artifact listing, checked before it becomes part of a local path: one name, not empty,
 * not `.` or `..`, no separator or NUL. A listing is the server's word, and the server may be someone else's.
 */
function listedName(name, listed) {
    if (name === '' || name === '.' || name === '..' || /[\\/\0]/.test(name))
        throw new src/* ConfigurationError */.j1(`the artifact listing of '${listed}' holds an entry named '${JSON.stringify(name).slice(1, -1)}': refused, it is not a file name`);
    return name;
}
function notProxied(artifactUri) {
    const scheme = /^([a-z][\w+.-]*):/i.exec(artifactUri)?.[1] ?? 'unknown';
    return new src/* ConfigurationError */.j1(`the artifact URI '${artifactUri}' (${scheme}) is not served by the MLflow server's artifact proxy. ` +
        "Start the server with artifact proxying (mlflow server --serve-artifacts, the default since MLflow 2.0) and create the experiment without an s3:// or file: artifact location, so runs get 'mlflow-artifacts:/' URIs.");
}
function trimSlashes(path) {
    return path.replace(/\/{2,}/g, '/').replace(/^\/+|\/+$/g, '');
}
function joinPath(...parts) {
    return trimSlashes(parts.filter((p) => p !== undefined && p !== '').join('/'));
}
/** Whether a `/`-separated path has a `.` or `..` segment, written plainly or percent-encoded. */
function hasDotSegment(path) {
    return path.split('/').some((segment) => /^(\.|%2e){1,2}$/i.test(segment));
}
function fileUrl(location, artifactPath) {
    if (hasDotSegment(artifactPath))
        throw new src/* ConfigurationError */.j1(`the artifact path '${artifactPath}' holds a '.' or '..' segment: refused`);
    const path = joinPath(location.path, artifactPath);
    return `${location.baseUrl}/${path.split('/').map(encodeURIComponent).join('/')}`;
}
/** Uploads one local file as a stream (never held in memory), overwriting what is there. */
async function uploadArtifactFile(http, artifactUri, localPath, artifactPath) {
    const location = resolveArtifactLocation(http.trackingUri, artifactUri, http.allowedArtifactHosts);
    const { size } = await (0,promises_.stat)(localPath);
    const url = fileUrl(location, artifactPath);
    const response = await http.send('PUT', url, {
        body: () => (0,external_node_fs_.createReadStream)(localPath, { highWaterMark: 1024 * 1024 }),
        headers: { 'Content-Type': 'application/octet-stream', 'Content-Length': String(size) },
    });
    if (!response.ok)
        throw await createApiError(response, 'PUT', url);
    await response.body?.cancel();
}
/** Uploads a local directory (recursively) under `artifactPath`; returns the uploaded paths, relative to it. */
async function uploadArtifactDirectory(http, artifactUri, localDir, artifactPath = '') {
    const files = await listLocalFiles(localDir);
    await forEachLimited(files, 4, (file) => uploadArtifactFile(http, artifactUri, join(localDir, file), joinPath(artifactPath, file.split(sep).join('/'))));
    return files.map((file) => file.split(sep).join('/'));
}
/** Lists artifacts under `artifactPath`; with `recursive`, every file below it (directories left out). */
async function listArtifacts(http, artifactUri, artifactPath = '', options = {}) {
    const location = resolveArtifactLocation(http.trackingUri, artifactUri, http.allowedArtifactHosts);
    const listOne = async (sub) => {
        const listed = joinPath(location.path, artifactPath, sub);
        const url = `${location.baseUrl}?path=${encodeURIComponent(listed)}`;
        const response = await http.send('GET', url);
        if (!response.ok)
            throw await createApiError(response, 'GET', url);
        // Each field is checked: the listing is the server's word, and the server may not be ours.
        const body = (await response.json());
        // The proxy returns paths whose last segment is the entry's name in the listed directory.
        return (body.files ?? []).map((f) => ({
            path: joinPath(sub, listedName(String(f.path).split('/').pop(), listed)),
            isDir: f.is_dir === true,
            fileSize: typeof f.file_size === 'number' ? f.file_size : undefined,
        }));
    };
    const top = await listOne('');
    if (!options.recursive)
        return top;
    const files = [];
    const pending = [...top];
    let listings = 1;
    while (pending.length > 0) {
        const entry = pending.shift();
        if (!entry.isDir)
            files.push(entry);
        // A server that lists a directory inside itself forever is stopped, not followed.
        else if (entry.path.split('/').length > MAX_LISTING_DEPTH || ++listings > MAX_LISTINGS)
            throw new src/* ConfigurationError */.j1(`the artifacts under '${joinPath(location.path, artifactPath)}' go deeper than ${MAX_LISTING_DEPTH} folders or past ${MAX_LISTINGS} folders: refused`);
        else
            pending.push(...(await listOne(entry.path)));
    }
    return files.sort((a, b) => a.path.localeCompare(b.path));
}
/** How many times a download that broke off mid-file is tried again before it fails. */
const DOWNLOAD_RETRIES = 5;
/** A download MLflow's artifact proxy did not complete: an outage, with MLflow's hint for a lost connection. */
function downloadFailed(url, why, cause) {
    return new MlflowApiError({ errorCode: 'DOWNLOAD_FAILED', status: 0, method: 'GET', url, serverMessage: why }, { cause });
}
function tooLarge(url, maxBytes) {
    const file = (0,src/* terminalText */.eR)(decodeURIComponent(new URL(url).pathname.split('/').pop() ?? ''));
    return new src/* ConfigurationError */.j1(`the artifact ${file} is larger than ${maxBytes} bytes, the most read for it: refused`);
}
/**
 * Downloads one artifact to a local path as a stream; the file appears whole (temp file + rename) or not at all. A
 * transfer that breaks off (a dropped connection, a stall longer than the client's timeout) is tried again: from where
 * the file on disk stops, with a Range request, when the server answers ranges (206 for exactly the rest of the same
 * file, checked with If-Range when it gave an ETag or Last-Modified), and from the start otherwise — MLflow's own
 * artifact proxy streams every download whole. The result must have the size the server announced. Its progress goes
 * to the client's logger.
 */
async function downloadArtifactFile(http, artifactUri, artifactPath, localPath, options = {}) {
    const location = resolveArtifactLocation(http.trackingUri, artifactUri, http.allowedArtifactHosts);
    let progress;
    try {
        await fetchArtifact(http, fileUrl(location, artifactPath), localPath, (bytes, total) => {
            progress ??= (0,src/* startProgress */.ot)(http.logger, {
                label: options.label ?? `downloading ${(0,src/* terminalText */.eR)(artifactPath)}`,
                total,
                unit: 'bytes',
            });
            progress.update(bytes);
        }, options.maxBytes);
    }
    finally {
        progress?.end();
    }
}
/** Downloads `url` to `localPath` (see downloadArtifactFile), saying how many bytes are on disk as they arrive. */
async function fetchArtifact(http, url, localPath, onDisk, maxBytes = Number.POSITIVE_INFINITY) {
    await (0,promises_.mkdir)((0,external_node_path_.dirname)(localPath), { recursive: true });
    const temporary = `${localPath}.${process.pid}.${Date.now()}.part`;
    const bytesOnDisk = async () => (await (0,promises_.stat)(temporary).catch(() => undefined))?.size ?? 0;
    let total;
    let validator;
    let rangesWork = true;
    try {
        for (let attempt = 0;; attempt++) {
            const have = attempt === 0 ? 0 : await bytesOnDisk();
            if (total !== undefined && have === total)
                break;
            const headers = {};
            if (have > 0 && rangesWork) {
                headers.Range = `bytes=${have}-`;
                if (validator)
                    headers['If-Range'] = validator;
            }
            const response = await http.send('GET', url, { headers });
            if (!response.ok || !response.body)
                throw await createApiError(response, 'GET', url);
            let append = false;
            if (response.status === 206) {
                const range = contentRange(response.headers.get('content-range'));
                append = headers.Range !== undefined && range?.start === have && range.end === range.total - 1 && range.total === total;
                if (!append) {
                    // Not the rest of the file asked for: start again from the beginning, without ranges.
                    await response.body.cancel().catch(() => undefined);
                    await (0,promises_.rm)(temporary, { force: true });
                    rangesWork = false;
                    if (attempt >= DOWNLOAD_RETRIES)
                        throw downloadFailed(url, 'the server answered a range request with another range');
                    continue;
                }
            }
            else {
                const length = Number(response.headers.get('content-length') ?? NaN);
                total = Number.isSafeInteger(length) && length >= 0 ? length : undefined;
                validator = response.headers.get('etag') ?? response.headers.get('last-modified') ?? undefined;
                if (total !== undefined && total > maxBytes) {
                    await response.body.cancel().catch(() => undefined);
                    throw tooLarge(url, maxBytes);
                }
            }
            let received = append ? have : 0;
            onDisk(received, total);
            const counted = new external_node_stream_.Transform({
                transform(chunk, _encoding, done) {
                    received += chunk.length;
                    // Stops reading at once: a server that announces no size (or the wrong one) cannot fill the disk.
                    if (received > maxBytes) {
                        done(tooLarge(url, maxBytes));
                        return;
                    }
                    onDisk(received, total);
                    done(null, chunk);
                },
            });
            try {
                await (0,external_node_stream_promises_.pipeline)(external_node_stream_.Readable.fromWeb(response.body), counted, (0,external_node_fs_.createWriteStream)(temporary, { flags: append ? 'a' : 'w' }));
            }
            catch (error) {
                if (!isConnectionError(error))
                    throw error;
                const why = (0,src/* networkFailure */.rd)(error)?.detail ?? (0,src/* errorMessage */.gJ)(error);
                if (attempt >= DOWNLOAD_RETRIES)
                    throw downloadFailed(url, `the connection broke ${DOWNLOAD_RETRIES + 1} times (${why})`, error);
                sayResume(http, url, `the connection broke after ${received} bytes (${why})`, attempt);
                continue;
            }
            if (total === undefined || (await bytesOnDisk()) === total)
                break;
            if (attempt >= DOWNLOAD_RETRIES)
                throw downloadFailed(url, `the download ended at ${await bytesOnDisk()} of ${total} bytes, ${DOWNLOAD_RETRIES + 1} times`);
            sayResume(http, url, `the download ended at ${await bytesOnDisk()} of ${total} bytes`, attempt);
        }
        await (0,promises_.rename)(temporary, localPath);
    }
    catch (error) {
        await (0,promises_.rm)(temporary, { force: true });
        throw error;
    }
}
/** A download that broke off is tried again at once (the client's own retries wait when the server is down): said. */
function sayResume(http, url, reason, attempt) {
    // The name is whoever logged the artifact's choice: shown, never acted on (a newline would forge a log line).
    const file = (0,src/* terminalText */.eR)(decodeURIComponent(new URL(url).pathname.split('/').pop() ?? ''));
    http.logger.info(`downloading ${file}: ${(0,src/* retryLine */.Rn)(reason, { delayMs: 0, attempt: attempt + 2, attempts: DOWNLOAD_RETRIES + 1 })}`);
}
/** `Content-Range: bytes start-end/total`, or undefined. */
function contentRange(header) {
    const match = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(header?.trim() ?? '');
    return match ? { start: Number(match[1]), end: Number(match[2]), total: Number(match[3]) } : undefined;
}
/**
 * Downloads every file under `artifactPath` into `localDir`, keeping the layout; returns the relative paths. Its
 * progress, all files together (out of the sizes the listing gave), goes to the client's logger.
 */
async function downloadArtifactDirectory(http, artifactUri, artifactPath, localDir, options = {}) {
    const location = resolveArtifactLocation(http.trackingUri, artifactUri, http.allowedArtifactHosts);
    const files = await listArtifacts(http, artifactUri, artifactPath, { recursive: true });
    await (0,promises_.mkdir)(localDir, { recursive: true });
    const downloads = await Promise.all(files.map(async (file) => ({
        url: fileUrl(location, joinPath(artifactPath, file.path)),
        to: await (0,src/* resolveInside */.LI)(localDir, file.path, 'the artifact path'),
    })));
    // The listing's sizes are the server's word: a total only when it gave every one.
    const sizes = files.map((file) => file.fileSize);
    const total = sizes.every((size) => size !== undefined) ? sizes.reduce((sum, size) => sum + size, 0) : undefined;
    const progress = (0,src/* startProgress */.ot)(http.logger, {
        label: options.label ?? `downloading ${(0,src/* terminalText */.eR)(artifactPath) || 'artifacts'}`,
        total,
        unit: 'bytes',
    });
    const onDisk = new Map();
    let done = 0;
    try {
        await forEachLimited(downloads, 4, ({ url, to }) => fetchArtifact(http, url, to, (bytes) => {
            done += bytes - (onDisk.get(to) ?? 0);
            onDisk.set(to, bytes);
            progress.update(done);
        }));
    }
    finally {
        progress.end();
    }
    return files.map((file) => file.path);
}
async function listLocalFiles(dir) {
    const entries = await readdir(dir, { recursive: true, withFileTypes: true });
    return entries
        .filter((entry) => entry.isFile())
        .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
        .sort();
}
/**
 * Runs `fn` over `items`, `limit` at a time. After a failure no new item starts, and the error is thrown only once the
 * items in flight have finished: a caller cleaning up after it never races a write still under way.
 */
async function forEachLimited(items, limit, fn) {
    let next = 0;
    let failed = false;
    const worker = async () => {
        while (!failed && next < items.length)
            await fn(items[next++]).catch((error) => {
                failed = true;
                throw error;
            });
    };
    const outcomes = await Promise.allSettled(Array.from({ length: Math.min(limit, items.length) }, worker));
    const failure = outcomes.find((outcome) => outcome.status === 'rejected');
    if (failure)
        throw failure.reason;
}

;// CONCATENATED MODULE: ./packages/mlflow/src/environment.ts

/**
 * The variables `clientOptionsFromEnvironment` reads: the secrets, and the settings a workflow passes from `vars.*`.
 * The shipped workflows forward every one of them to the actions (a test compares).
 */
const MLFLOW_ENVIRONMENT = {
    secrets: ['MLFLOW_TRACKING_USERNAME', 'MLFLOW_TRACKING_PASSWORD', 'MLFLOW_TRACKING_TOKEN'],
    settings: ['MLFLOW_TRACKING_URI', 'MLFLOW_TRACKING_INSECURE_TLS', 'MLFLOW_HTTP_REQUEST_MAX_RETRIES', 'MLFLOW_HTTP_REQUEST_TIMEOUT'],
};
/**
 * Client options from MLflow's standard variables, as MLflow's own client reads them: MLFLOW_TRACKING_URI,
 * MLFLOW_TRACKING_USERNAME + MLFLOW_TRACKING_PASSWORD (basic, preferred) or MLFLOW_TRACKING_TOKEN (bearer),
 * MLFLOW_TRACKING_INSECURE_TLS, MLFLOW_HTTP_REQUEST_MAX_RETRIES and MLFLOW_HTTP_REQUEST_TIMEOUT (seconds); and ours,
 * MLOPS_ALLOWED_ARTIFACT_HOSTS (hosts besides the tracking server's that artifact URIs may name, comma-separated).
 * The caller passes the environment; the package never reads process.env.
 */
function clientOptionsFromEnvironment(env, defaultTrackingUri) {
    const trackingUri = env.MLFLOW_TRACKING_URI?.trim() || defaultTrackingUri;
    if (!trackingUri)
        throw new src/* ConfigurationError */.j1('MLFLOW_TRACKING_URI is not set: point it at your MLflow server, e.g. https://mlflow.example.com (or run `mlops server` for a local one)', { subject: 'MLFLOW_TRACKING_URI' });
    const username = env.MLFLOW_TRACKING_USERNAME;
    const password = env.MLFLOW_TRACKING_PASSWORD;
    if (Boolean(username) !== Boolean(password)) {
        throw new src/* ConfigurationError */.j1('set both MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD for basic auth, or neither', {
            subject: 'MLFLOW_TRACKING_USERNAME',
        });
    }
    const options = { trackingUri };
    if (username && password)
        options.auth = { kind: 'basic', username, password };
    else if (env.MLFLOW_TRACKING_TOKEN)
        options.auth = { kind: 'bearer', token: env.MLFLOW_TRACKING_TOKEN };
    const insecure = env.MLFLOW_TRACKING_INSECURE_TLS?.trim().toLowerCase();
    if (insecure !== undefined && insecure !== '') {
        if (!['true', 'false', '1', '0'].includes(insecure))
            throw new src/* ConfigurationError */.j1(`MLFLOW_TRACKING_INSECURE_TLS must be true, false, 1 or 0, got '${env.MLFLOW_TRACKING_INSECURE_TLS}'`, {
                subject: 'MLFLOW_TRACKING_INSECURE_TLS',
            });
        options.insecureTls = insecure === 'true' || insecure === '1';
    }
    const whole = (name) => {
        const text = env[name]?.trim();
        if (text === undefined || text === '')
            return undefined;
        if (!/^\d+$/.test(text))
            throw new src/* ConfigurationError */.j1(`${name} must be a whole number, got '${text}'`, { subject: name });
        return Number(text);
    };
    const retries = whole('MLFLOW_HTTP_REQUEST_MAX_RETRIES');
    if (retries !== undefined)
        options.retry = { maxRetries: retries };
    const timeout = whole('MLFLOW_HTTP_REQUEST_TIMEOUT');
    if (timeout !== undefined)
        options.timeoutMs = timeout * 1000;
    const hosts = (env.MLOPS_ALLOWED_ARTIFACT_HOSTS ?? '')
        .split(',')
        .map((host) => host.trim())
        .filter(Boolean);
    for (const host of hosts)
        if (!/^[a-z0-9.-]+(:\d{1,5})?$|^\[[0-9a-f:]+\](:\d{1,5})?$/i.test(host))
            throw new src/* ConfigurationError */.j1(`MLOPS_ALLOWED_ARTIFACT_HOSTS: '${host}' is not a host or host:port (list them with commas)`, {
                subject: 'MLOPS_ALLOWED_ARTIFACT_HOSTS',
            });
    if (hosts.length > 0)
        options.allowedArtifactHosts = hosts;
    return options;
}

;// CONCATENATED MODULE: ./packages/mlflow/src/wire.ts
// MLflow's JSON as it travels: snake_case, int64 as numbers, empty fields omitted.
/** `[{key, value}]` → `{key: value}`. */
function tagsToRecord(tags) {
    return Object.fromEntries((tags ?? []).map((tag) => [tag.key, tag.value]));
}
/** `{key: value}` → `[{key, value}]`, or undefined when empty (MLflow omits empty lists). */
function recordToTags(record) {
    const tags = Object.entries(record ?? {}).map(([key, value]) => ({ key, value }));
    return tags.length === 0 ? undefined : tags;
}
/** MLflow's doubles: numbers, or the strings NaN / Infinity / -Infinity. */
function parseDouble(value) {
    if (typeof value === 'number')
        return value;
    if (value === 'NaN')
        return Number.NaN;
    if (value === 'Infinity')
        return Number.POSITIVE_INFINITY;
    if (value === '-Infinity')
        return Number.NEGATIVE_INFINITY;
    return Number(value);
}
/** A double as MLflow's JSON carries it. */
function formatDouble(value) {
    if (Number.isNaN(value))
        return 'NaN';
    if (value === Number.POSITIVE_INFINITY)
        return 'Infinity';
    if (value === Number.NEGATIVE_INFINITY)
        return '-Infinity';
    return value;
}

;// CONCATENATED MODULE: ./packages/mlflow/src/experiments.ts


function fromWire(wire) {
    return {
        id: wire.experiment_id,
        name: wire.name,
        artifactLocation: wire.artifact_location ?? '',
        lifecycleStage: wire.lifecycle_stage ?? 'active',
        creationTime: wire.creation_time,
        lastUpdateTime: wire.last_update_time,
        tags: tagsToRecord(wire.tags),
    };
}
/** The experiment with this name (deleted ones included), or undefined when there is none. */
async function getExperimentByName(http, name) {
    try {
        const response = await http.call('GET', 'mlflow/experiments/get-by-name', {
            query: { experiment_name: name },
        });
        return fromWire(response.experiment);
    }
    catch (error) {
        if (error instanceof MlflowApiError && error.errorCode === 'RESOURCE_DOES_NOT_EXIST')
            return undefined;
        throw error;
    }
}
async function getExperiment(http, id) {
    const response = await http.call('GET', 'mlflow/experiments/get', { query: { experiment_id: id } });
    return fromWire(response.experiment);
}
/** Creates an experiment and returns its id. */
async function createExperiment(http, params) {
    const response = await http.call('POST', 'mlflow/experiments/create', {
        body: { name: params.name, artifact_location: params.artifactLocation, tags: recordToTags(params.tags) },
        idempotent: false,
    });
    return response.experiment_id;
}
/**
 * The experiment with this name, created when missing. Safe under races and retries: a create whose answer
 * was lost is found by name before it is tried again, and one that finds the name taken (MLflow answers
 * 400 RESOURCE_ALREADY_EXISTS) reads the winner's experiment.
 */
async function getOrCreateExperiment(http, name) {
    const existing = await getExperimentByName(http, name);
    if (existing)
        return existing;
    try {
        return await http.createOnce(async () => getExperiment(http, await createExperiment(http, { name })), () => getExperimentByName(http, name));
    }
    catch (error) {
        const found = error instanceof MlflowApiError && error.errorCode === 'RESOURCE_ALREADY_EXISTS' ? await getExperimentByName(http, name) : undefined;
        if (found)
            return found;
        throw error;
    }
}

;// CONCATENATED MODULE: ./packages/mlflow/src/pages.ts
/**
 * Follows page tokens until MLflow returns none (a token may lead to an empty page), mapping the items and
 * stopping early at `limit`.
 */
async function collectPages(fetchPage, map, limit = Number.POSITIVE_INFINITY) {
    const results = [];
    let pageToken;
    do {
        const page = await fetchPage(pageToken, limit - results.length);
        results.push(...(page.items ?? []).map(map));
        pageToken = page.nextPageToken;
    } while (pageToken && results.length < limit);
    return results.slice(0, limit);
}

;// CONCATENATED MODULE: ./packages/mlflow/src/registry.ts




function modelVersionFromWire(wire) {
    return {
        name: wire.name,
        version: Number(wire.version),
        creationTimestamp: wire.creation_timestamp,
        lastUpdatedTimestamp: wire.last_updated_timestamp,
        description: wire.description ?? '',
        source: wire.source ?? '',
        runId: wire.run_id === '' ? undefined : wire.run_id,
        status: (wire.status ?? 'READY'),
        statusMessage: wire.status_message,
        tags: tagsToRecord(wire.tags),
        aliases: wire.aliases ?? [],
    };
}
function registeredModelFromWire(wire) {
    return {
        name: wire.name,
        creationTimestamp: wire.creation_timestamp,
        lastUpdatedTimestamp: wire.last_updated_timestamp,
        description: wire.description ?? '',
        tags: tagsToRecord(wire.tags),
        aliases: Object.fromEntries((wire.aliases ?? []).map((a) => [a.alias, Number(a.version)])),
        latestVersions: (wire.latest_versions ?? []).map(modelVersionFromWire),
    };
}
const isMissing = (error) => error instanceof MlflowApiError && error.errorCode === 'RESOURCE_DOES_NOT_EXIST';
/** The registered model, or undefined when there is none. */
async function getRegisteredModel(http, name) {
    try {
        return registeredModelFromWire((await http.call('GET', 'mlflow/registered-models/get', { query: { name } }))
            .registered_model);
    }
    catch (error) {
        if (isMissing(error))
            return undefined;
        throw error;
    }
}
async function createRegisteredModel(http, params) {
    const response = await http.call('POST', 'mlflow/registered-models/create', {
        body: { name: params.name, description: params.description, tags: recordToTags(params.tags) },
        idempotent: false,
    });
    return registeredModelFromWire(response.registered_model);
}
/**
 * Renames a registered model with its versions, tags and aliases, in one step of MLflow's: it fails with
 * RESOURCE_DOES_NOT_EXIST when `name` is gone and RESOURCE_ALREADY_EXISTS when `newName` is taken, so of two renames
 * of one model, one succeeds.
 */
async function renameRegisteredModel(http, name, newName) {
    const response = await http.call('POST', 'mlflow/registered-models/rename', {
        body: { name, new_name: newName },
        idempotent: false,
    });
    return registeredModelFromWire(response.registered_model);
}
/** Deletes a registered model with all its versions; MLflow reads DELETE parameters only from the JSON body. */
async function deleteRegisteredModel(http, name) {
    await http.call('DELETE', 'mlflow/registered-models/delete', { body: { name } });
}
/** The registered model, created when missing; a lost answer or a lost race (400 RESOURCE_ALREADY_EXISTS) reads the existing one. */
async function getOrCreateRegisteredModel(http, params) {
    const existing = await getRegisteredModel(http, params.name);
    if (existing)
        return existing;
    try {
        return await http.createOnce(() => createRegisteredModel(http, params), () => getRegisteredModel(http, params.name));
    }
    catch (error) {
        const found = error instanceof MlflowApiError && error.errorCode === 'RESOURCE_ALREADY_EXISTS'
            ? await getRegisteredModel(http, params.name)
            : undefined;
        if (found)
            return found;
        throw error;
    }
}
async function searchRegisteredModels(http, params = {}) {
    return collectPages(async (pageToken) => {
        const response = await http.call('GET', 'mlflow/registered-models/search', {
            query: { filter: params.filter, order_by: params.orderBy, max_results: 1000, page_token: pageToken },
        });
        return { items: response.registered_models, nextPageToken: response.next_page_token };
    }, registeredModelFromWire);
}
/**
 * Registers a model version. A retry after an unknown outcome first looks for a version of this model with
 * the same run and source, so a flaky network never registers the same model twice.
 */
async function createModelVersion(http, params) {
    const body = {
        name: params.name,
        source: params.source,
        run_id: params.runId,
        description: params.description,
        tags: recordToTags(params.tags),
        run_link: params.runLink,
    };
    return http.createOnce(async () => modelVersionFromWire((await http.call('POST', 'mlflow/model-versions/create', { body, idempotent: false }))
        .model_version), async () => (params.runId ? await findModelVersionOfRun(http, params.name, params.runId, params.source) : undefined));
}
/** The version of `name` a run registered from `source`, if it did. */
async function findModelVersionOfRun(http, name, runId, source) {
    const versions = await searchModelVersions(http, { filter: `name='${escapeFilter(name)}' and run_id='${escapeFilter(runId)}'` });
    return versions.find((v) => v.source === source);
}
/** The model version, or undefined when there is none. */
async function getModelVersion(http, name, version) {
    try {
        return modelVersionFromWire((await http.call('GET', 'mlflow/model-versions/get', {
            query: { name, version: String(version) },
        })).model_version);
    }
    catch (error) {
        if (isMissing(error))
            return undefined;
        throw error;
    }
}
/** Versions matching a filter such as `name='demo'` or `run_id='…'`, across pages, newest first unless ordered otherwise. */
async function searchModelVersions(http, params = {}) {
    return collectPages(async (pageToken) => {
        const response = await http.call('GET', 'mlflow/model-versions/search', {
            query: { filter: params.filter, order_by: params.orderBy ?? ['version_number DESC'], max_results: 10_000, page_token: pageToken },
        });
        return { items: response.model_versions, nextPageToken: response.next_page_token };
    }, modelVersionFromWire);
}
async function updateModelVersionDescription(http, name, version, description) {
    const response = await http.call('PATCH', 'mlflow/model-versions/update', {
        body: { name, version: String(version), description },
    });
    return modelVersionFromWire(response.model_version);
}
async function setRegisteredModelTag(http, name, key, value) {
    await http.call('POST', 'mlflow/registered-models/set-tag', { body: { name, key, value } });
}
/** Deletes a registered model's tag; MLflow reads DELETE parameters only from the JSON body. */
async function deleteRegisteredModelTag(http, name, key) {
    await http.call('DELETE', 'mlflow/registered-models/delete-tag', { body: { name, key } });
}
async function setModelVersionTag(http, name, version, key, value) {
    await http.call('POST', 'mlflow/model-versions/set-tag', { body: { name, version: String(version), key, value } });
}
/** Deletes a version's tag; MLflow reads DELETE parameters only from the JSON body. */
async function deleteModelVersionTag(http, name, version, key) {
    await http.call('DELETE', 'mlflow/model-versions/delete-tag', { body: { name, version: String(version), key } });
}
async function deleteModelVersion(http, name, version) {
    await http.call('DELETE', 'mlflow/model-versions/delete', { body: { name, version: String(version) } });
}
/** Where a version's files can be downloaded from (`storage_location` or `source`). */
async function getModelVersionDownloadUri(http, name, version) {
    return (await http.call('GET', 'mlflow/model-versions/get-download-uri', {
        query: { name, version: String(version) },
    })).artifact_uri;
}
/** Waits while a version is PENDING_REGISTRATION (other registries use it; MLflow's SQL store creates READY). */
async function waitForModelVersionReady(http, name, version, options = {}) {
    const sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    const deadline = Date.now() + (options.timeoutMs ?? 300_000);
    for (;;) {
        const current = await getModelVersion(http, name, version);
        const registry = (message) => new src/* OperationalError */.LE(message, { service: 'MLflow', hint: "MLflow's registry did not finish the version: its server log says why" });
        if (!current)
            throw registry(`model version ${name} v${version} disappeared while waiting for it to become READY`);
        if (current.status === 'READY')
            return current;
        if (current.status === 'FAILED_REGISTRATION')
            throw registry(`model version ${name} v${version} failed to register: ${current.statusMessage ?? 'no message'}`);
        if (Date.now() >= deadline)
            throw registry(`model version ${name} v${version} is still ${current.status} after ${(options.timeoutMs ?? 300_000) / 1000} s`);
        await sleep(options.intervalMs ?? 1000);
    }
}
/** Points the alias at a version (moving it if it exists). */
async function setAlias(http, name, alias, version) {
    await http.call('POST', 'mlflow/registered-models/alias', { body: { name, alias, version: String(version) } });
}
async function deleteAlias(http, name, alias) {
    await http.call('DELETE', 'mlflow/registered-models/alias', { body: { name, alias } });
}
/** The version an alias points to, or undefined when the alias is not set (MLflow answers 400, not 404). */
async function getVersionByAlias(http, name, alias) {
    try {
        return modelVersionFromWire((await http.call('GET', 'mlflow/registered-models/alias', { query: { name, alias } }))
            .model_version);
    }
    catch (error) {
        const aliasMissing = error instanceof MlflowApiError && error.errorCode === 'INVALID_PARAMETER_VALUE' && /alias .* not found/i.test(error.serverMessage);
        if (aliasMissing || isMissing(error))
            return undefined;
        throw error;
    }
}
/** Escapes a value for a single-quoted string in MLflow's filter syntax. */
function escapeFilter(value) {
    return value.replace(/\\/g, '\\\\').replace(/'/g, "\\'");
}
/**
 * Why MLflow would refuse `alias` as an alias name (its own rules: letters, digits, `_` and `-`, at most 255
 * characters, not `latest` or `v<number>`), or undefined when it accepts it. Checked before expensive work, so a
 * bad alias is not found only when it is finally set.
 */
function aliasNameProblem(alias) {
    if (alias.length > 255 || !/^[\w-]+$/.test(alias))
        return `'${alias}' is not an MLflow alias name: use letters, digits, _ and -, at most 255 characters`;
    if (/^latest$/i.test(alias) || /^v\d+$/i.test(alias))
        return `'${alias}' is reserved by MLflow for versions: choose another alias name`;
    return undefined;
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
;// CONCATENATED MODULE: ./packages/mlflow/src/runs.ts



/** MLflow's limits on one log-batch request (mlflow/utils/validation.py). */
const BATCH_LIMITS = { metrics: 1000, params: 100, tags: 100, total: 1000, bytes: 1_000_000 };
/** The tag that lets a retried run creation find the run an earlier attempt may have made. */
const REQUEST_ID_TAG = 'mlops.request_id';
function runFromWire(wire) {
    const info = wire.info;
    return {
        id: info.run_id,
        experimentId: info.experiment_id,
        name: info.run_name ?? '',
        status: (info.status ?? 'RUNNING'),
        startTime: info.start_time,
        endTime: info.end_time,
        artifactUri: info.artifact_uri ?? '',
        lifecycleStage: info.lifecycle_stage ?? 'active',
        userId: info.user_id ?? '',
        metrics: Object.fromEntries((wire.data?.metrics ?? []).map((m) => [m.key, metricFromWire(m)])),
        params: tagsToRecord(wire.data?.params),
        tags: tagsToRecord(wire.data?.tags),
    };
}
function metricFromWire(wire) {
    return { key: wire.key, value: parseDouble(wire.value), timestamp: wire.timestamp, step: wire.step ?? 0 };
}
/** Creates a run; a retry after an unknown outcome finds the run an earlier attempt made instead of making a second. */
async function createRun(http, params, now = Date.now) {
    const requestId = (0,external_node_crypto_.randomUUID)();
    const body = {
        experiment_id: params.experimentId,
        run_name: params.runName,
        user_id: params.userId,
        start_time: params.startTime ?? now(),
        tags: recordToTags({ ...params.tags, [REQUEST_ID_TAG]: requestId }),
    };
    return http.createOnce(async () => runFromWire((await http.call('POST', 'mlflow/runs/create', { body, idempotent: false })).run), async () => (await searchRuns(http, { experimentIds: [params.experimentId], filter: `tags."${REQUEST_ID_TAG}" = '${requestId}'`, maxResults: 1 }))[0]);
}
async function getRun(http, runId) {
    return runFromWire((await http.call('GET', 'mlflow/runs/get', { query: { run_id: runId } })).run);
}
async function updateRun(http, params) {
    await http.call('POST', 'mlflow/runs/update', {
        body: { run_id: params.runId, status: params.status, end_time: params.endTime, run_name: params.runName },
    });
}
/**
 * Ends a run that did not succeed, saying why in its `mlops.failure` tag (MLflow keeps 5,000 characters of a tag);
 * the status is set even when the tag is refused.
 */
async function endRunAsFailed(http, runId, ending) {
    const tagged = await setRunTag(http, runId, 'mlops.failure', ending.reason.slice(0, 5000)).then(() => undefined, (error) => ({ error }));
    await updateRun(http, { runId, status: ending.status, endTime: ending.endTime });
    if (tagged)
        throw tagged.error;
}
async function setRunTag(http, runId, key, value) {
    await http.call('POST', 'mlflow/runs/set-tag', { body: { run_id: runId, key, value } });
}
async function deleteRunTag(http, runId, key) {
    await http.call('POST', 'mlflow/runs/delete-tag', { body: { run_id: runId, key } });
}
/**
 * Logs metrics, params and tags in as few requests as MLflow's limits allow (1000 entities, 100 params,
 * 100 tags, 1 MB a request). Params and tags go first so that a run's configuration lands before its series.
 * Returns the number of requests made.
 */
async function logBatch(http, params) {
    const chunks = chunkBatch((params.metrics ?? []).map((m) => ({ key: m.key, value: formatDouble(m.value), timestamp: m.timestamp, step: m.step })), recordToTags(params.params) ?? [], recordToTags(params.tags) ?? []);
    for (const chunk of chunks) {
        await http.call('POST', 'mlflow/runs/log-batch', { body: { run_id: params.runId, ...chunk } });
    }
    return chunks.length;
}
/** Splits entities into requests that respect every limit of BATCH_LIMITS. */
function chunkBatch(metrics, params, tags) {
    const chunks = [];
    let current = { metrics: [], params: [], tags: [] };
    let bytes = 100;
    const flush = () => {
        const chunk = {};
        if (current.metrics.length)
            chunk.metrics = current.metrics;
        if (current.params.length)
            chunk.params = current.params;
        if (current.tags.length)
            chunk.tags = current.tags;
        if (Object.keys(chunk).length)
            chunks.push(chunk);
        current = { metrics: [], params: [], tags: [] };
        bytes = 100;
    };
    const add = (kind, entity, limit) => {
        const size = Buffer.byteLength(JSON.stringify(entity)) + 1;
        const total = current.metrics.length + current.params.length + current.tags.length;
        if (current[kind].length >= limit || total >= BATCH_LIMITS.total || bytes + size > BATCH_LIMITS.bytes)
            flush();
        current[kind].push(entity);
        bytes += size;
    };
    for (const param of params)
        add('params', param, BATCH_LIMITS.params);
    for (const tag of tags)
        add('tags', tag, BATCH_LIMITS.tags);
    for (const metric of metrics)
        add('metrics', metric, BATCH_LIMITS.metrics);
    flush();
    return chunks;
}
/** Searches runs, following page tokens until MLflow returns none (a token may come with an empty next page). */
async function searchRuns(http, params) {
    return collectPages(async (pageToken, remaining) => {
        const response = await http.call('POST', 'mlflow/runs/search', {
            body: {
                experiment_ids: params.experimentIds,
                filter: params.filter,
                order_by: params.orderBy,
                run_view_type: params.runViewType,
                max_results: Math.min(1000, remaining),
                page_token: pageToken,
            },
        });
        return { items: response.runs, nextPageToken: response.next_page_token };
    }, runFromWire, params.maxResults);
}
/** Every recorded value of one metric, in the server's order, across pages. */
async function getMetricHistory(http, runId, key) {
    return collectPages(async (pageToken) => {
        // Always send max_results: without it some MLflow versions return an empty page.
        const response = await http.call('GET', 'mlflow/metrics/get-history', {
            query: { run_id: runId, metric_key: key, max_results: 25_000, page_token: pageToken },
        });
        return { items: response.metrics, nextPageToken: response.next_page_token };
    }, metricFromWire);
}

;// CONCATENATED MODULE: ./packages/mlflow/src/suggestions.ts



/** How long the registry may take to suggest names: an error waits for them, and must not wait long. */
const SUGGESTION_TIME_MS = 5_000;
/** The same client, for looking up suggestions: bounded in time, so a slow registry only costs the suggestion. */
const briefly = (http) => withDeadline(http, Date.now() + SUGGESTION_TIME_MS);
/** Registered model names a typo away from `name`, closest first; none when the registry cannot say in time. */
async function similarModelNames(http, name) {
    try {
        return (0,src/* closeMatches */.KA)(name, (await searchRegisteredModels(briefly(http))).map((model) => model.name));
    }
    catch {
        return [];
    }
}
/** The error for a model name the registry does not hold: where it looked, and the registered names a typo away. */
async function unknownModelError(http, modelName) {
    return new src/* ConfigurationError */.j1(`registered model '${modelName}' does not exist in MLflow at ${http.trackingUri}${(0,src/* didYouMean */.au)(await similarModelNames(http, modelName))}`, { subject: 'model-name' });
}
/** The registered model; undefined when there is none, null when the registry cannot say in time. */
async function registeredModelIfKnown(http, modelName) {
    try {
        return await getRegisteredModel(briefly(http), modelName);
    }
    catch {
        return null;
    }
}
/**
 * The error saying `modelName` is not registered (with the names a typo away), for a lookup that found nothing under
 * it; undefined when it is registered, or when the registry cannot say in time.
 */
async function unregisteredModelError(http, modelName) {
    return (await registeredModelIfKnown(http, modelName)) === undefined ? unknownModelError(http, modelName) : undefined;
}
/**
 * The error for a version or alias that a lookup did not find. MLflow answers alike when the model itself is missing,
 * so the registry is asked which it was: a missing model is said as such, with the names a typo away; a missing alias
 * comes with the model's aliases a typo away. When the registry cannot say in time, the message stands as it is.
 */
async function notFoundError(http, lookup) {
    const model = await registeredModelIfKnown(http, lookup.modelName);
    if (model === undefined)
        return unknownModelError(http, lookup.modelName);
    // An alias set since the lookup (or one the lookup was not about) is no typo: nothing to suggest for it.
    const typo = model && lookup.alias !== undefined && !Object.hasOwn(model.aliases, lookup.alias) ? lookup.alias : undefined;
    const aliases = model && typo !== undefined ? (0,src/* closeMatches */.KA)(typo, Object.keys(model.aliases)) : [];
    return new src/* ConfigurationError */.j1(lookup.message((0,src/* didYouMean */.au)(aliases)), { subject: lookup.subject });
}

;// CONCATENATED MODULE: ./packages/mlflow/src/uris.ts

/** Parses `models:/name/3` and `models:/name@alias`. */
function parseModelUri(uri) {
    const match = /^models:\/([^/@]+)(?:\/(\d+)|@([\w-]+))$/.exec(uri.trim());
    if (!match)
        throw new ConfigurationError(`'${uri}' is not a model URI: expected models:/<name>/<version> or models:/<name>@<alias>`);
    const name = decodeURIComponent(match[1]);
    return match[2] !== undefined ? { name, version: Number(match[2]) } : { name, alias: match[3] };
}
function modelVersionUri(name, version) {
    return `models:/${name}/${version}`;
}
function modelAliasUri(name, alias) {
    return `models:/${name}@${alias}`;
}
/** `runs:/<run id>/<path>`, the URI MLflow's clients use for a run's artifact. */
function runArtifactUri(runId, path) {
    return `runs:/${runId}/${path.replace(/^\/+/, '')}`;
}

;// CONCATENATED MODULE: ./packages/mlflow/src/ui-links.ts
// Pages of MLflow's UI — and of the page `mlops server` serves, which answers the same routes — on the tracking
// server (its URI never holds credentials: createMlflowHttp takes them out).
/** A run's page. */
const runPageUrl = (http, experimentId, runId) => `${http.trackingUri.replace(/\/+$/, '')}/#/experiments/${encodeURIComponent(experimentId)}/runs/${encodeURIComponent(runId)}`;
/** A registered model version's page. */
const modelVersionPageUrl = (http, modelName, version) => `${http.trackingUri.replace(/\/+$/, '')}/#/models/${encodeURIComponent(modelName)}/versions/${version}`;

;// CONCATENATED MODULE: ./packages/mlflow/src/index.ts














/***/ })

};
