export const id = 265;
export const ids = [265,646];
export const modules = {

/***/ 69646:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  registerUiRoutes: () => (/* reexport */ registerUiRoutes),
  startUiServer: () => (/* reexport */ startUiServer)
});

// UNUSED EXPORTS: PAGE_READS

// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(57075);
// EXTERNAL MODULE: ./packages/common/src/index.ts + 18 modules
var src = __webpack_require__(22349);
// EXTERNAL MODULE: ./packages/mlflow/src/index.ts + 12 modules
var mlflow_src = __webpack_require__(49800);
// EXTERNAL MODULE: ./packages/ui/node_modules/@fastify/static/index.js
var _fastify_static = __webpack_require__(14625);
var static_default = /*#__PURE__*/__webpack_require__.n(_fastify_static);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: external "node:module"
var external_node_module_ = __webpack_require__(98995);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: external "node:url"
var external_node_url_ = __webpack_require__(73136);
;// CONCATENATED MODULE: ./packages/ui/src/app-files.ts




/** The uPlot files the page loads, served under /ui/vendor/ and nothing else of that package. */
const VENDOR_FILES = ['uPlot.esm.js', 'uPlot.min.css'];
/**
 * The page's folders: `ui/` beside the CLI bundle (scripts/bundle.mjs copies the app there, uPlot into `ui/vendor/`),
 * or this package's `app/` and the installed uPlot when running from the sources.
 */
function uiFolders() {
    const here = (0,external_node_path_.dirname)((0,external_node_url_.fileURLToPath)(import.meta.url));
    const bundled = (0,external_node_path_.join)(here, 'ui');
    if ((0,external_node_fs_.existsSync)((0,external_node_path_.join)(bundled, 'index.html')) && VENDOR_FILES.every((name) => (0,external_node_fs_.existsSync)((0,external_node_path_.join)(bundled, 'vendor', name))))
        return { app: bundled, vendor: (0,external_node_path_.join)(bundled, 'vendor') };
    const app = (0,external_node_path_.join)(here, '..', 'app');
    if (!(0,external_node_fs_.existsSync)((0,external_node_path_.join)(app, 'index.html')))
        throw new Error(`the MLflow page's files were not found beside ${here}`);
    // uPlot's package has no exports map: its main file lies in dist/, beside the ES module and the styles.
    return { app, vendor: (0,external_node_path_.dirname)((0,external_node_module_.createRequire)(import.meta.url).resolve('uplot')) };
}

;// CONCATENATED MODULE: ./packages/ui/src/page-routes.ts


/**
 * The page's headers: its scripts and styles only from this origin, requests only to this origin, no frames, no
 * plugins, no base or form targets; nosniff; no Referer to the links it shows.
 */
const PAGE_HEADERS = {
    'content-security-policy': "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
    'cross-origin-opener-policy': 'same-origin',
};
/** Where the page's own files are served: a prefix none of MLflow's routes uses. */
const UI_PREFIX = '/ui/';
/**
 * Serves the page at `/` and its files under `/ui/` (uPlot's under `/ui/vendor/`), every answer with PAGE_HEADERS.
 * Hooks the app already has (basic auth) apply to these routes as to the rest.
 */
async function registerUiRoutes(app, folders = uiFolders()) {
    await app.register(async (scope) => {
        scope.addHook('onSend', async (_request, reply, payload) => {
            void reply.headers(PAGE_HEADERS);
            return payload;
        });
        await scope.register((static_default()), { root: folders.app, prefix: UI_PREFIX, index: false, dotfiles: 'ignore' });
        await scope.register((static_default()), {
            root: folders.vendor,
            prefix: `${UI_PREFIX}vendor/`,
            decorateReply: false,
            index: false,
            allowedPath: (path) => VENDOR_FILES.includes(path.replace(/^\//, '')),
        });
        scope.get('/', (_request, reply) => reply.sendFile('index.html', folders.app));
    });
}

;// CONCATENATED MODULE: ./packages/ui/src/forward.ts




/**
 * Every MLflow call the page makes — all of them reads — and so the only calls `mlops ui` forwards. A test keeps this
 * list and the page's modules in step.
 */
const PAGE_READS = [
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
function isPageArtifact(path) {
    const segments = path.split('/');
    return (segments.length > 1 &&
        segments.at(-1) === PAGE_ARTIFACT &&
        // No control character either: URL parsing drops tabs and newlines, which would turn `.\t.` back into `..`.
        segments.every((segment) => segment !== '' &&
            segment !== '.' &&
            segment !== '..' &&
            !/[\\?#%]/.test(segment) &&
            !Array.from(segment, (char) => char.charCodeAt(0)).some((code) => code < 0x20 || code === 0x7f)));
}
const refusal = (reply, status, body) => reply.code(status).headers(PAGE_HEADERS).type('application/json').send(JSON.stringify(body));
/** What MLflow answered, streamed back as JSON or plain text (never markup from another server on this origin). */
async function relay(reply, response, forceJson) {
    const json = forceJson || (response.headers.get('content-type') ?? '').startsWith('application/json');
    void reply
        .code(response.status)
        .headers(PAGE_HEADERS)
        .type(json ? 'application/json' : 'text/plain; charset=utf-8');
    return reply.send(response.body ? external_node_stream_.Readable.fromWeb(response.body) : '');
}
/**
 * Forwards one read to the tracking server: the URL is the tracking URI and a fixed path, the query is re-encoded
 * from its parameters, a body is re-serialised JSON; the client adds the credentials, which go to that server only.
 */
async function forward(http, method, path, request, reply) {
    const url = new URL(`${http.trackingUri}/api/2.0/${path}`);
    const artifact = path.startsWith(`${ARTIFACTS}/`);
    // Once parsed, the URL must still be under the fixed path (nothing in the path may climb out of it).
    const fixed = `${new URL(http.trackingUri).pathname.replace(/\/$/, '')}/api/2.0/${artifact ? `${ARTIFACTS}/` : path}`;
    if (!url.pathname.startsWith(fixed))
        return refuse(request, reply);
    const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?') + 1) : '';
    if (!artifact)
        for (const [key, value] of new URLSearchParams(query))
            url.searchParams.append(key, value);
    const body = method === 'POST' ? JSON.stringify(request.body ?? {}) : undefined;
    let response;
    try {
        response = await http.send(method, url.toString(), {
            body: body === undefined ? undefined : () => body,
            headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
            idempotent: true,
        });
    }
    catch (error) {
        return refusal(reply, 502, {
            error_code: 'TEMPORARILY_UNAVAILABLE',
            message: `mlops ui could not reach the MLflow server at ${(0,mlflow_src/* redactUrl */.BO)(http.trackingUri).replace(/\/$/, '')}: ${(0,src/* errorMessage */.gJ)(error)}`,
        });
    }
    return relay(reply, response, artifact);
}
/** What a browser is told about a call the page never makes. */
function refuse(request, reply) {
    const path = request.url.split('?')[0];
    if (/^\/(ajax-)?api\//.test(path))
        return refusal(reply, 403, {
            error_code: 'PERMISSION_DENIED',
            message: `mlops ui forwards only the read-only MLflow calls its page makes (${PAGE_READS.map((read) => `${read.method} ${read.path}`).join(', ')}, and GET ${ARTIFACTS}/…/${PAGE_ARTIFACT}); ${request.method} ${path} is not one of them`,
        });
    return refusal(reply, 404, { error_code: 'ENDPOINT_NOT_FOUND', message: `mlops ui serves its page at / and nothing at ${path}` });
}
/** The forwarding routes: each read of PAGE_READS, the gate result's download; anything else is refused. */
function registerForwarding(app, http) {
    for (const read of PAGE_READS)
        app.route({
            method: read.method,
            url: `/api/2.0/${read.path}`,
            handler: (request, reply) => forward(http, read.method, read.path, request, reply),
        });
    app.get(`/api/2.0/${ARTIFACTS}/*`, (request, reply) => {
        const path = request.params['*'];
        if (!isPageArtifact(path))
            return refuse(request, reply);
        return forward(http, 'GET', `${ARTIFACTS}/${path}`, request, reply);
    });
    app.setNotFoundHandler(refuse);
}

// EXTERNAL MODULE: ./node_modules/fastify/fastify.js
var fastify = __webpack_require__(16703);
var fastify_default = /*#__PURE__*/__webpack_require__.n(fastify);
;// CONCATENATED MODULE: ./packages/ui/src/server.ts




/** Serves the page and forwards only its reads to the MLflow server of `http` (`mlops ui`). */
async function startUiServer(options) {
    const log = options.log ?? (() => undefined);
    const app = fastify_default()({ bodyLimit: 1024 * 1024, forceCloseConnections: true });
    app.setErrorHandler((error, request, reply) => {
        const status = error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
        if (status === 500)
            log(`${request.method} ${request.url}: ${error.stack ?? error.message}`);
        return reply
            .code(status)
            .headers(PAGE_HEADERS)
            .type('application/json')
            .send(JSON.stringify({ error_code: status === 500 ? 'INTERNAL_ERROR' : 'BAD_REQUEST', message: error.message }));
    });
    const host = options.host ?? '127.0.0.1';
    app.addHook('onRequest', async (request, reply) => {
        if ((0,src/* addressedHere */.m)(request.headers.host, host))
            return;
        return reply
            .code(403)
            .headers(PAGE_HEADERS)
            .type('application/json')
            .send(JSON.stringify({
            error_code: 'PERMISSION_DENIED',
            message: `mlops ui answers only requests addressed to ${host === '127.0.0.1' ? 'this machine (localhost, 127.0.0.1 or [::1])' : host}: open it by that address, not as ${JSON.stringify(request.headers.host ?? '')}`,
        }));
    });
    await registerUiRoutes(app);
    registerForwarding(app, options.http);
    const address = await app.listen({ host, port: options.port ?? 5001 });
    return { url: address.replace('[::1]', '127.0.0.1'), close: () => app.close() };
}

;// CONCATENATED MODULE: ./packages/ui/src/index.ts
// What the CLI uses (`mlops server` adds the page's routes, `mlops ui` starts the forwarding server), and the list of
// the page's reads its tests compare with the page's code.





/***/ })

};
