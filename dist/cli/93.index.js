export const id = 93;
export const ids = [93];
export const modules = {

/***/ 46093:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  startMlflowServer: () => (/* reexport */ startMlflowServer)
});

// UNUSED EXPORTS: pythonJsonDumps, resolveArtifactPath, signDelivery

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: ./packages/common/src/index.ts + 18 modules
var src = __webpack_require__(22349);
// EXTERNAL MODULE: ./packages/mlflow-server/node_modules/content-disposition/dist/index.js
var dist = __webpack_require__(54003);
// EXTERNAL MODULE: ./packages/mlflow-server/node_modules/mime-types/index.js
var mime_types = __webpack_require__(96376);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(57075);
// EXTERNAL MODULE: external "node:stream/promises"
var external_node_stream_promises_ = __webpack_require__(46466);
;// CONCATENATED MODULE: ./packages/mlflow-server/src/errors.ts
/** MLflow's error codes and the HTTP status each maps to (mlflow/protos/databricks.proto, ERROR_CODE_TO_HTTP_STATUS). */
const STATUS_BY_CODE = {
    INVALID_PARAMETER_VALUE: 400,
    RESOURCE_ALREADY_EXISTS: 400,
    BAD_REQUEST: 400,
    RESOURCE_DOES_NOT_EXIST: 404,
    NOT_FOUND: 404,
    ENDPOINT_NOT_FOUND: 404,
    ABORTED: 409,
    RESOURCE_CONFLICT: 409,
    ALREADY_EXISTS: 409,
    PERMISSION_DENIED: 403,
    UNAUTHENTICATED: 401,
    REQUEST_LIMIT_EXCEEDED: 429,
    RESOURCE_EXHAUSTED: 429,
    INTERNAL_ERROR: 500,
    INVALID_STATE: 500,
    NOT_IMPLEMENTED: 501,
    TEMPORARILY_UNAVAILABLE: 503,
};
/** An error answered as MLflow does: `{"error_code", "message"}` with the code's HTTP status. */
class MlflowError extends Error {
    errorCode;
    status;
    constructor(errorCode, message) {
        super(message);
        this.errorCode = errorCode;
        this.status = STATUS_BY_CODE[errorCode] ?? 500;
    }
    toJSON() {
        return { error_code: this.errorCode, message: this.message };
    }
}
const invalid = (message) => new MlflowError('INVALID_PARAMETER_VALUE', message);
const notFound = (message) => new MlflowError('RESOURCE_DOES_NOT_EXIST', message);
const alreadyExists = (message) => new MlflowError('RESOURCE_ALREADY_EXISTS', message);

;// CONCATENATED MODULE: ./packages/mlflow-server/src/routing.ts


/** Every REST path the server knows, for answering 405 to a known path with a wrong method. */
const knownPaths = new Set();
/**
 * Registers an MLflow endpoint at `/api/2.0/<path>` and its UI twin `/ajax-api/2.0/<path>`. GET reads only
 * the query string; other methods read the JSON body (MLflow ignores the query for them).
 */
function endpoint(app, method, path, handler) {
    for (const prefix of ['/api/2.0/', '/ajax-api/2.0/']) {
        const url = `${prefix}${path}`;
        knownPaths.add(url.replace(/:[^/]+/g, ':'));
        app.route({
            method,
            url,
            handler: async (request, reply) => {
                // MLflow reads a body as JSON whatever its Content-Type, and takes one that does not parse as empty
                // (`request.get_json(force=True, silent=True)`); only POST and PUT must say application/json (see server.ts).
                if ((method === 'PATCH' || method === 'DELETE') && (request.body instanceof external_node_stream_.Readable || typeof request.body === 'string'))
                    request.body = await readJsonLeniently(request.body);
                const params = (method === 'GET' ? request.query : (request.body ?? {}));
                const pathParams = request.params;
                const result = await handler({ ...params, ...pathParams }, request);
                return reply.type('application/json').send(`${JSON.stringify(compact(result ?? {}), null, 2)}\n`);
            },
        });
    }
}
/** A raw or text body read as JSON, `{}` when it is not a JSON object; at most 64 MiB, as JSON bodies are. */
async function readJsonLeniently(body) {
    let text = typeof body === 'string' ? body : '';
    if (body instanceof external_node_stream_.Readable) {
        const chunks = [];
        let size = 0;
        for await (const chunk of body) {
            size += chunk.length;
            if (size > 64 * 1024 * 1024)
                throw new MlflowError('INVALID_PARAMETER_VALUE', 'the request body is too large');
            chunks.push(chunk);
        }
        text = Buffer.concat(chunks).toString('utf8');
    }
    try {
        const parsed = JSON.parse(text);
        return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? parsed : {};
    }
    catch {
        return {};
    }
}
/** MLflow's JSON omits unset fields and empty lists. */
function compact(value) {
    if (Array.isArray(value))
        return value.map(compact);
    if (value === null || typeof value !== 'object')
        return value;
    const out = {};
    for (const [key, item] of Object.entries(value)) {
        if (item === undefined || item === null || (Array.isArray(item) && item.length === 0))
            continue;
        out[key] = compact(item);
    }
    return out;
}

;// CONCATENATED MODULE: ./packages/mlflow-server/src/validation.ts


const missing = (field) => invalid(`Missing value for required parameter '${field}'. See the API docs for more information about request parameters.`);
function requiredString(params, field) {
    const value = params[field];
    if (value === undefined || value === null || value === '')
        throw missing(field);
    if (typeof value !== 'string')
        throw invalid(`Invalid value ${JSON.stringify(value)} for parameter '${field}' supplied: expected a string`);
    return value;
}
function optionalString(params, field) {
    const value = params[field];
    if (value === undefined || value === null)
        return undefined;
    if (typeof value !== 'string')
        throw invalid(`Invalid value ${JSON.stringify(value)} for parameter '${field}' supplied: expected a string`);
    return value;
}
/** An int64: a JSON number or a numeric string, as proto3 JSON allows. */
function optionalInt64(params, field) {
    const value = params[field];
    if (value === undefined || value === null || value === '')
        return undefined;
    const number = typeof value === 'number' ? value : typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : Number.NaN;
    if (!Number.isSafeInteger(number))
        throw invalid(`Invalid value ${JSON.stringify(value)} for parameter '${field}' supplied: expected an integer`);
    return number;
}
function requiredInt64(params, field) {
    const value = optionalInt64(params, field);
    if (value === undefined)
        throw missing(field);
    return value;
}
/** A double: a number, a numeric string, or NaN / Infinity / -Infinity. */
function requiredDouble(params, field) {
    const value = params[field];
    if (value === undefined || value === null)
        throw missing(field);
    if (typeof value === 'number')
        return value;
    if (value === 'NaN')
        return Number.NaN;
    if (value === 'Infinity')
        return Number.POSITIVE_INFINITY;
    if (value === '-Infinity')
        return Number.NEGATIVE_INFINITY;
    if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)))
        return Number(value);
    throw invalid(`Invalid value ${JSON.stringify(value)} for parameter '${field}' supplied: expected a number`);
}
/** A list parameter (a repeated query parameter arrives as one string when given once). */
function optionalList(params, field) {
    const value = params[field];
    if (value === undefined || value === null)
        return undefined;
    if (Array.isArray(value))
        return value;
    if (typeof value === 'string')
        return [value];
    throw invalid(`Invalid value ${JSON.stringify(value)} for parameter '${field}' supplied: expected a list`);
}
/** `[{key, value}]` entries (tags, params), each checked. */
function keyValues(params, field) {
    return (optionalList(params, field) ?? []).map((entry) => {
        if (typeof entry !== 'object' || entry === null)
            throw invalid(`Invalid value ${JSON.stringify(entry)} in '${field}': expected {"key", "value"}`);
        const item = entry;
        return { key: requiredString(item, 'key'), value: optionalString(item, 'value') ?? '' };
    });
}
/** MLflow's rules for metric, param and tag names: length ≤ 250, `[/\w.\- :]`, and a normalised relative path. */
function validateKey(key, what) {
    if (key.length > 250)
        throw invalid(`'${what}' exceeds the maximum length of 250 characters`);
    const normalised = external_node_path_.posix.normalize(key);
    if (!/^[/\w.\- :]*$/.test(key) || key.startsWith('/') || normalised !== key || key === '.' || key.includes('..')) {
        throw invalid(`Invalid ${what} '${key}'. Names may only contain alphanumerics, underscores (_), dashes (-), periods (.), spaces ( ), colon(:) and slashes (/), and must be a normalized path.`);
    }
    return key;
}
/** Over-long values are cut, as MLflow does by default (MLFLOW_TRUNCATE_LONG_VALUES). */
function truncate(value, limit) {
    return value.length > limit ? value.slice(0, limit) : value;
}
function maxResults(params, defaultValue, limit) {
    const value = optionalInt64(params, 'max_results') ?? defaultValue;
    if (value < 1 || value > limit)
        throw invalid(`Invalid value ${value} for parameter 'max_results' supplied. It must be at most ${limit}, and at least 1.`);
    return value;
}

;// CONCATENATED MODULE: ./packages/mlflow-server/src/routes/artifacts.ts












const PROXY = '/api/2.0/mlflow-artifacts/artifacts';
/** Resolves a proxy path to a file under the root; `..`, absolute paths and NULs are refused as MLflow does. */
function resolveArtifactPath(store, path) {
    const segments = path.split('/').filter((s) => s !== '');
    if (path.includes('\0') || path.includes('\\') || path.startsWith('/') || segments.some((s) => s === '..' || s === '.'))
        throw invalid('Invalid path');
    const resolved = (0,external_node_path_.join)(store.root, ...segments);
    if (resolved !== store.root && !resolved.startsWith(store.root + external_node_path_.sep))
        throw invalid('Invalid path');
    return resolved;
}
/**
 * Refuses a path whose real location — symbolic links followed, from the nearest part that exists — lies outside the
 * store: a link placed inside the store must not serve, list, replace or delete files elsewhere.
 */
async function assertInsideStore(store, target) {
    const inside = await (0,src/* realPathInside */.oG)(store.root, target).catch((error) => {
        throw pathRefusal(error);
    });
    if (!inside)
        throw invalid('Invalid path');
}
/** The file a proxy path names, checked: its syntax, then where it really lies. */
async function storePath(store, path, options = {}) {
    if (typeof path !== 'string')
        throw invalid(`Invalid value ${JSON.stringify(path)} for parameter 'path' supplied: expected a string`);
    const target = resolveArtifactPath(store, path);
    if (options.notRoot && target === store.root)
        throw invalid('Invalid path: the artifact root itself cannot be written or deleted');
    await assertInsideStore(store, target);
    return target;
}
/** A file-system refusal caused by the path asked for (too long, a file where a folder is needed): the client's error. */
function pathRefusal(error) {
    const code = error.code;
    return code && ['ENAMETOOLONG', 'ELOOP', 'ENOTDIR', 'EISDIR', 'EEXIST', 'ENOTEMPTY'].includes(code)
        ? invalid(`Invalid path (${code})`)
        : error;
}
async function listDirectory(directory) {
    let entries;
    try {
        entries = await (0,promises_.readdir)(directory, { withFileTypes: true });
    }
    catch {
        return [];
    }
    const files = await Promise.all(
    // Symbolic links are not artifacts: they are left out, not followed.
    entries
        .filter((entry) => entry.isDirectory() || entry.isFile())
        .map(async (entry) => entry.isDirectory()
        ? { path: entry.name, is_dir: true }
        : { path: entry.name, is_dir: false, file_size: (await (0,promises_.stat)((0,external_node_path_.join)(directory, entry.name))).size }));
    return files.sort((a, b) => a.path.localeCompare(b.path));
}
/**
 * Werkzeug's `send_file(as_attachment=True)` header: `filename=<name>` for a plain name, and for any other an ASCII
 * fallback plus RFC 5987's `filename*=UTF-8''…` (a raw non-Latin-1 name is not a valid header value at all).
 */
function attachmentHeader(name) {
    return /^[\w.-]+$/.test(name) ? `attachment; filename=${name}` : (0,dist/* create */.vt)(name);
}
// mlflow/utils/mime_type_utils.py: files MLflow serves as text/plain; any other type comes from the extension.
const TEXT_EXTENSIONS = new Set('txt log err cfg conf cnf cf ini properties prop hocon toml yaml yml xml json js py py3 csv tsv md rst MLmodel mlproject'.split(' '));
/** `_guess_mime_type`: text/plain for the text extensions (and MLmodel, MLproject), else by extension, else binary. */
function mimeType(name) {
    const dot = name.lastIndexOf('.');
    const extension = dot > 0 ? name.slice(dot + 1) : name;
    if (TEXT_EXTENSIONS.has(extension))
        return 'text/plain';
    return (0,mime_types.lookup)(name) || 'application/octet-stream';
}
/** The store path of an artifact URI this server proxies (`mlflow-artifacts:[//host]/<path>`), else undefined. */
function proxiedPath(artifactUri) {
    return /^mlflow-artifacts:(?:\/\/[^/]*)?\/(.*)$/.exec(artifactUri)?.[1];
}
/** Sends one stored file as MLflow's artifact download does. */
async function sendArtifact(reply, target, store) {
    const info = await (0,promises_.stat)(target).catch(() => undefined);
    // Real MLflow answers a missing artifact with 500 INTERNAL_ERROR, not 404.
    if (!info?.isFile())
        throw new MlflowError('INTERNAL_ERROR', `The following failures occurred while downloading one or more artifacts: ${(0,external_node_path_.relative)(store.root, target)}: No such file or directory`);
    // MLflow streams the file whole from a generator (mlflow/server/handlers.py, _download_artifact): no Range, no
    // 206, no Accept-Ranges. A client that resumes must cope with a full answer to a range request.
    return reply
        .type(mimeType((0,external_node_path_.basename)(target)))
        .header('content-disposition', attachmentHeader((0,external_node_path_.basename)(target)))
        .header('x-content-type-options', 'nosniff')
        .header('content-length', info.size)
        .send((0,external_node_fs_.createReadStream)(target));
}
async function registerArtifactRoutes(app, db, store, loggedModels) {
    await (0,promises_.mkdir)(store.root, { recursive: true });
    // Uploads cut off by a crash leave their partial files here, never among the artifacts.
    await (0,promises_.rm)(store.staging, { recursive: true, force: true });
    await (0,promises_.mkdir)(store.staging, { recursive: true });
    knownPaths.add(`${PROXY}/*`);
    // An upload is the file's bytes, whatever Content-Type it names (MLflow's proxy streams request.stream to the
    // store): in a scope of its own, no parser reads JSON or text out of it, and no body limit applies. An empty
    // upload without a Content-Type has no body at all: an empty file.
    await app.register((scope, _options, registered) => {
        scope.removeAllContentTypeParsers();
        scope.addContentTypeParser('*', (_request, payload, done) => done(null, payload));
        scope.put(`${PROXY}/*`, async (request, reply) => {
            const target = await storePath(store, request.params['*'], { notRoot: true });
            const temporary = (0,external_node_path_.join)(store.staging, (0,external_node_crypto_.randomUUID)());
            try {
                await (0,external_node_stream_promises_.pipeline)(request.body ?? external_node_stream_.Readable.from([]), (0,external_node_fs_.createWriteStream)(temporary));
                await (0,promises_.mkdir)((0,external_node_path_.dirname)(target), { recursive: true });
                if ((await (0,promises_.stat)(target).catch(() => undefined))?.isDirectory())
                    throw invalid('Invalid path: it is a directory of artifacts');
                await (0,promises_.rename)(temporary, target);
            }
            catch (error) {
                await (0,promises_.rm)(temporary, { force: true });
                throw pathRefusal(error);
            }
            return reply.type('application/json').send('{}\n');
        });
        registered();
    });
    app.get(`${PROXY}/*`, async (request, reply) => sendArtifact(reply, await storePath(store, request.params['*']), store));
    app.get(PROXY, async (request, reply) => {
        const files = await listDirectory(await storePath(store, request.query.path ?? ''));
        return reply.type('application/json').send(JSON.stringify(files.length ? { files } : {}));
    });
    app.delete(`${PROXY}/*`, async (request, reply) => {
        await (0,promises_.rm)(await storePath(store, request.params['*'], { notRoot: true }), { recursive: true, force: true });
        return reply.type('application/json').send('{}\n');
    });
    for (const step of ['create', 'complete', 'abort']) {
        app.post(`/api/2.0/mlflow-artifacts/mpu/${step}/*`, () => {
            throw new MlflowError('NOT_IMPLEMENTED', 'Multipart upload is not supported for the current artifact repository');
        });
    }
    /** The files under `sub` of an artifact URI this server proxies, with paths relative to that URI. */
    const listUnder = async (artifactUri, sub) => {
        const root = proxiedPath(artifactUri);
        if (root === undefined)
            return { root_uri: artifactUri };
        const files = await listDirectory(await storePath(store, [root, sub].filter(Boolean).join('/')));
        // Unlike the proxy's list, these paths are relative to the artifact root asked about.
        return { root_uri: artifactUri, files: files.map((f) => ({ ...f, path: [sub, f.path].filter(Boolean).join('/') })) };
    };
    endpoint(app, 'GET', 'mlflow/artifacts/list', async (params) => {
        const runId = optionalString(params, 'run_id') || requiredString(params, 'run_uuid');
        const run = db.prepare('SELECT artifact_uri FROM runs WHERE run_id = ?').get(runId);
        if (!run)
            throw notFound(`Run with id=${runId} not found`);
        return listUnder(run.artifact_uri, optionalString(params, 'path') ?? '');
    });
    // A logged model's files (handlers.py `_list_logged_model_artifacts`, `get_logged_model_artifact_handler`): the
    // path is checked as `validate_path_is_safe` does; the download route exists only under /ajax-api in MLflow 3.6.
    const safeRelative = (path) => {
        resolveArtifactPath(store, path);
        // validate_path_is_safe: no fragment, and no file: URI (its path is absolute).
        if (path.includes('#') || /^file:/i.test(path))
            throw invalid('Invalid path');
        return path.replace(/\/+$/, '');
    };
    endpoint(app, 'GET', 'mlflow/logged-models/:model_id/artifacts/directories', async (params) => {
        const model = loggedModels.row(String(params.model_id));
        const sub = safeRelative(optionalString(params, 'artifact_directory_path') ?? '');
        return listUnder(model.artifact_location, sub);
    });
    app.get('/ajax-api/2.0/mlflow/logged-models/:model_id/artifacts/files', async (request, reply) => {
        const query = request.query;
        if (typeof query.artifact_file_path !== 'string' || query.artifact_file_path === '')
            throw new MlflowError('BAD_REQUEST', 'Request must include the "artifact_file_path" query parameter.');
        const path = safeRelative(query.artifact_file_path);
        const model = loggedModels.row(request.params.model_id);
        const root = proxiedPath(model.artifact_location);
        if (root === undefined)
            throw new MlflowError('INTERNAL_ERROR', `The artifacts of ${model.model_id} are not served by this server`);
        return sendArtifact(reply, await storePath(store, `${root}/${path}`), store);
    });
}

// EXTERNAL MODULE: ./node_modules/fastify/fastify.js
var fastify = __webpack_require__(16703);
var fastify_default = /*#__PURE__*/__webpack_require__.n(fastify);
;// CONCATENATED MODULE: ./packages/mlflow-server/src/database.ts



const SCHEMA = `
CREATE TABLE IF NOT EXISTS experiments (
  experiment_id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  artifact_location TEXT NOT NULL,
  lifecycle_stage TEXT NOT NULL DEFAULT 'active',
  creation_time INTEGER NOT NULL,
  last_update_time INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS experiment_tags (
  experiment_id INTEGER NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL,
  PRIMARY KEY (experiment_id, key)
);
CREATE TABLE IF NOT EXISTS runs (
  run_id TEXT PRIMARY KEY,
  experiment_id INTEGER NOT NULL,
  run_name TEXT NOT NULL,
  user_id TEXT NOT NULL,
  status TEXT NOT NULL,
  start_time INTEGER,
  end_time INTEGER,
  artifact_uri TEXT NOT NULL,
  lifecycle_stage TEXT NOT NULL DEFAULT 'active'
);
CREATE INDEX IF NOT EXISTS runs_by_experiment ON runs (experiment_id);
CREATE TABLE IF NOT EXISTS datasets (
  dataset_uuid TEXT PRIMARY KEY, experiment_id INTEGER NOT NULL, name TEXT NOT NULL, digest TEXT NOT NULL,
  source_type TEXT NOT NULL, source TEXT NOT NULL, schema TEXT, profile TEXT,
  UNIQUE (experiment_id, name, digest)
);
CREATE TABLE IF NOT EXISTS inputs (run_id TEXT NOT NULL, dataset_uuid TEXT NOT NULL, PRIMARY KEY (run_id, dataset_uuid));
CREATE TABLE IF NOT EXISTS input_tags (
  run_id TEXT NOT NULL, dataset_uuid TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (run_id, dataset_uuid, key)
);
CREATE TABLE IF NOT EXISTS params (run_id TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (run_id, key));
CREATE TABLE IF NOT EXISTS tags (run_id TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (run_id, key));
CREATE TABLE IF NOT EXISTS metrics (
  run_id TEXT NOT NULL, key TEXT NOT NULL, value REAL NOT NULL, is_nan INTEGER NOT NULL,
  timestamp INTEGER NOT NULL, step INTEGER NOT NULL,
  PRIMARY KEY (run_id, key, timestamp, step, value, is_nan)
);
CREATE TABLE IF NOT EXISTS registered_models (
  name TEXT PRIMARY KEY,
  creation_timestamp INTEGER NOT NULL,
  last_updated_timestamp INTEGER NOT NULL,
  description TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS registered_model_tags (name TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (name, key));
CREATE TABLE IF NOT EXISTS model_versions (
  name TEXT NOT NULL,
  version INTEGER NOT NULL,
  creation_timestamp INTEGER NOT NULL,
  last_updated_timestamp INTEGER NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  source TEXT NOT NULL,
  run_id TEXT NOT NULL DEFAULT '',
  run_link TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL DEFAULT 'READY',
  current_stage TEXT NOT NULL DEFAULT 'None',
  deleted INTEGER NOT NULL DEFAULT 0,
  storage_location TEXT,
  PRIMARY KEY (name, version)
);
CREATE TABLE IF NOT EXISTS model_version_tags (name TEXT NOT NULL, version INTEGER NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (name, version, key));
CREATE TABLE IF NOT EXISTS aliases (name TEXT NOT NULL, alias TEXT NOT NULL, version INTEGER NOT NULL, PRIMARY KEY (name, alias));
CREATE TABLE IF NOT EXISTS logged_models (
  model_id TEXT PRIMARY KEY,
  experiment_id INTEGER NOT NULL,
  name TEXT NOT NULL,
  artifact_location TEXT NOT NULL,
  creation_timestamp_ms INTEGER NOT NULL,
  last_updated_timestamp_ms INTEGER NOT NULL,
  status INTEGER NOT NULL,
  lifecycle_stage TEXT NOT NULL DEFAULT 'active',
  model_type TEXT,
  source_run_id TEXT,
  status_message TEXT
);
CREATE INDEX IF NOT EXISTS logged_models_by_experiment ON logged_models (experiment_id);
CREATE TABLE IF NOT EXISTS logged_model_params (model_id TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (model_id, key));
CREATE TABLE IF NOT EXISTS logged_model_tags (model_id TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (model_id, key));
CREATE TABLE IF NOT EXISTS logged_model_metrics (
  model_id TEXT NOT NULL, key TEXT NOT NULL, value REAL NOT NULL, timestamp INTEGER NOT NULL, step INTEGER NOT NULL,
  run_id TEXT NOT NULL, dataset_name TEXT, dataset_digest TEXT,
  PRIMARY KEY (model_id, key, timestamp, step, run_id)
);
-- A run's logged-model inputs and outputs (MLflow's "inputs" table rows of type MODEL_INPUT / MODEL_OUTPUT), kept
-- in the order logged and, as MLflow keeps them, not de-duplicated.
CREATE TABLE IF NOT EXISTS run_models (run_id TEXT NOT NULL, model_id TEXT NOT NULL, direction TEXT NOT NULL, step INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS run_models_by_run ON run_models (run_id);
CREATE TABLE IF NOT EXISTS webhooks (
  webhook_id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  url TEXT NOT NULL,
  events TEXT NOT NULL,
  secret TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL,
  creation_timestamp INTEGER NOT NULL,
  last_updated_timestamp INTEGER NOT NULL,
  deleted_timestamp INTEGER
);
`;
/** Opens (creating when new) the server's SQLite database under dataDir, in WAL mode. */
async function openDatabase(dataDir) {
    const { default: Sqlite } = await (0,src/* importExternal */.JH)('better-sqlite3');
    (0,external_node_fs_.mkdirSync)(dataDir, { recursive: true });
    const db = new Sqlite((0,external_node_path_.join)(dataDir, 'mlflow.sqlite'));
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 5000');
    db.exec(SCHEMA);
    // Added with logged models: where a version registered from `models:/<model id>` really lies (its download URI).
    const versionColumns = db.prepare('PRAGMA table_info(model_versions)').all();
    if (!versionColumns.some((column) => column.name === 'storage_location'))
        db.exec('ALTER TABLE model_versions ADD COLUMN storage_location TEXT');
    const now = Date.now();
    db.prepare("INSERT OR IGNORE INTO experiments (experiment_id, name, artifact_location, creation_time, last_update_time) VALUES (0, 'Default', 'mlflow-artifacts:/0', ?, ?)").run(now, now);
    return db;
}

;// CONCATENATED MODULE: ./packages/mlflow-server/src/filter.ts


const ENTITY_ALIASES = {
    metric: 'metrics',
    metrics: 'metrics',
    param: 'params',
    params: 'params',
    parameter: 'params',
    parameters: 'params',
    tag: 'tags',
    tags: 'tags',
    attr: 'attributes',
    attribute: 'attributes',
    attributes: 'attributes',
    run: 'attributes',
    dataset: 'datasets',
    datasets: 'datasets',
};
/** Parses `a and b and …` (MLflow's filters are conjunctions only). */
function parseFilter(filter) {
    const text = (filter ?? '').trim();
    if (text === '')
        return [];
    const tokens = text.match(/\s*(`[^`]*`|"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|\(|\)|,|!=|>=|<=|=|>|<|[^\s=<>!(),]+)/g) ?? [];
    const list = tokens.map((t) => t.trim());
    const comparisons = [];
    let i = 0;
    const fail = () => {
        throw invalid(`Invalid filter '${filter}': expected comparisons such as metrics.acc > 0.5 joined by 'and'`);
    };
    while (i < list.length) {
        const identifier = list[i++] ?? fail();
        const dot = identifier.search(/\.(?=[`"\w])/);
        let entity = '';
        let key = identifier;
        if (dot > 0 && ENTITY_ALIASES[identifier.slice(0, dot).toLowerCase()]) {
            entity = ENTITY_ALIASES[identifier.slice(0, dot).toLowerCase()];
            key = identifier.slice(dot + 1);
        }
        key = unquote(key);
        const op = (list[i++] ?? fail()).toUpperCase();
        if (op === 'NOT') {
            if ((list[i++] ?? '').toUpperCase() !== 'IN')
                fail();
        }
        let value;
        if (op === 'IN' || op === 'NOT') {
            if (list[i++] !== '(')
                fail();
            const items = [];
            while (list[i] !== ')') {
                items.push(literal(list[i++] ?? fail()));
                if (list[i] === ',')
                    i++;
            }
            i++;
            value = items;
        }
        else {
            value = literal(list[i++] ?? fail());
        }
        comparisons.push({ identifier, entity, key, op: op === 'NOT' ? 'NOT IN' : op, value });
        if (i < list.length && (list[i++].toUpperCase() !== 'AND' || i >= list.length))
            fail();
    }
    return comparisons;
}
function unquote(text) {
    if (/^(`.*`|".*")$/.test(text))
        return text.slice(1, -1).replace(/\\(.)/g, '$1');
    return text;
}
function literal(text) {
    if (/^'.*'$/.test(text) || /^".*"$/.test(text))
        return text.slice(1, -1).replace(/\\(.)/g, '$1');
    const number = Number(text);
    if (text !== '' && Number.isFinite(number))
        return number;
    throw invalid(`Invalid value ${text} in filter: strings must be quoted with single quotes`);
}
// search-runs' rules (mlflow/utils/search_utils.py, SearchUtils): which comparators and value types each kind of key
// takes. The embedded server refuses what MLflow refuses, with MLflow's messages.
const METRIC_COMPARATORS = ['>', '>=', '!=', '=', '<', '<='];
const STRING_COMPARATORS = ['!=', '=', 'LIKE', 'ILIKE'];
const STRING_ATTRIBUTE_COMPARATORS = [...STRING_COMPARATORS, 'IN', 'NOT IN'];
const DATASET_KEYS = ['name', 'digest', 'context'];
const NUMERIC_RUN_ATTRIBUTES = ['start_time', 'end_time', 'created', 'Created'];
const RUN_ATTRIBUTES = [
    'artifact_uri',
    'end_time',
    'run_id',
    'run_name',
    'start_time',
    'status',
    'user_id',
    'created',
    'Created',
    'run name',
    'Run name',
    'Run Name',
];
/** MLflow's name for a run attribute spelled with one of its aliases (`SearchUtils.translate_key_alias`). */
function runAttributeKey(key) {
    if (key === 'created' || key === 'Created')
        return 'start_time';
    if (['run name', 'Run name', 'Run Name'].includes(key))
        return 'run_name';
    return key;
}
/** A value as the filter wrote it (MLflow's messages show the token: a string in its quotes). */
function written(value) {
    if (Array.isArray(value))
        return `(${value.map(written).join(', ')})`;
    return typeof value === 'string' ? `'${value}'` : String(value);
}
/** Refuses a search-runs filter MLflow refuses (unknown attribute, wrong comparator or value type, a list not on run_id). */
function checkRunFilter(comparisons) {
    const comparatorIn = (allowed, op) => {
        if (!allowed.includes(op))
            throw invalid(`Invalid comparator '${op}' not one of '{${allowed.map((a) => `'${a}'`).join(', ')}}'`);
    };
    for (const { entity, key, op, value } of comparisons) {
        if (entity === 'metrics') {
            if (typeof value !== 'number')
                throw invalid(`Expected numeric value type for metric. Found ${written(value)}`);
            comparatorIn(METRIC_COMPARATORS, op);
        }
        else if (entity === 'datasets') {
            if (!DATASET_KEYS.includes(key))
                throw invalid(`Invalid dataset key '${key}' specified. Valid keys are '{'name', 'digest', 'context'}'`);
            if (typeof value === 'number')
                throw invalid(`Expected a quoted string value for dataset attributes. Got value ${value}`);
            comparatorIn(STRING_ATTRIBUTE_COMPARATORS, op);
        }
        else if (entity === 'params' || entity === 'tags') {
            const kind = entity === 'params' ? 'parameter' : 'tag';
            if (typeof value !== 'string')
                throw invalid(`Expected a quoted string value for ${kind} (e.g. 'my-value'). Got value ${String(value)}`);
            comparatorIn(STRING_COMPARATORS, op);
        }
        else {
            if (!RUN_ATTRIBUTES.includes(key))
                throw invalid(`Invalid attribute key '${key}' specified. Valid keys are '{${RUN_ATTRIBUTES.map((a) => `'${a}'`).join(', ')}}'`);
            if (NUMERIC_RUN_ATTRIBUTES.includes(key)) {
                if (typeof value !== 'number')
                    throw invalid(`Expected numeric value type for numeric attribute: ${key}. Found ${written(value)}`);
                comparatorIn(METRIC_COMPARATORS, op);
            }
            else {
                if (Array.isArray(value) && key !== 'run_id')
                    throw invalid("Only the 'run_id' attribute supports comparison with a list of quoted string values.");
                if (typeof value === 'number')
                    throw invalid(`Expected a quoted string value for attributes. Got value ${value}`);
                comparatorIn(STRING_ATTRIBUTE_COMPARATORS, op);
            }
        }
    }
}
/** Whether an actual value satisfies one comparison (numbers compare as numbers, LIKE with % and _). */
function matches(actual, op, expected) {
    if (actual === undefined)
        return op === '!=' || op === 'NOT IN';
    if (Array.isArray(expected)) {
        const found = expected.some((e) => String(e) === String(actual));
        return op === 'IN' ? found : !found;
    }
    if (op === 'LIKE' || op === 'ILIKE')
        return (0,src/* likeMatches */.BN)(String(actual), String(expected), { caseInsensitive: op === 'ILIKE' });
    const a = typeof expected === 'number' ? Number(actual) : String(actual);
    const b = expected;
    switch (op) {
        case '=':
            return a === b;
        case '!=':
            return a !== b;
        case '>':
            return a > b;
        case '>=':
            return a >= b;
        case '<':
            return a < b;
        case '<=':
            return a <= b;
        default:
            throw invalid(`Invalid comparator '${op}' in filter`);
    }
}
/** MLflow's page tokens for the SQL store: base64 JSON `{"offset": N}`. */
function encodePageToken(offset) {
    return Buffer.from(JSON.stringify({ offset })).toString('base64');
}
function decodePageToken(token) {
    if (!token)
        return 0;
    try {
        const parsed = JSON.parse(Buffer.from(token, 'base64').toString('utf8'));
        if (typeof parsed.offset === 'number' && Number.isInteger(parsed.offset) && parsed.offset >= 0)
            return parsed.offset;
    }
    catch {
        // fall through
    }
    throw invalid('Invalid page token, could not base64-decode');
}
/** One page of items and the token of the next, as MLflow returns it (a token may lead to an empty page). */
function paginate(items, maxResults, pageToken) {
    const offset = decodePageToken(pageToken);
    const page = items.slice(offset, offset + maxResults);
    return {
        page,
        nextPageToken: offset + maxResults < items.length || (page.length === maxResults && page.length > 0)
            ? encodePageToken(offset + maxResults)
            : undefined,
    };
}

;// CONCATENATED MODULE: ./packages/mlflow-server/src/store.ts

const statements = new WeakMap();
/**
 * The database's prepared statement for `sql`, prepared on first use. Only for SQL from a bounded set of texts. A
 * statement is shared by every caller: run it with .get, .all or .run (which finish before they return), never
 * .iterate, and never switch its modes (.raw, .pluck, .expand, .safeIntegers).
 */
function statement(db, sql) {
    let cache = statements.get(db);
    if (!cache)
        statements.set(db, (cache = new Map()));
    let prepared = cache.get(sql);
    if (!prepared)
        cache.set(sql, (prepared = db.prepare(sql)));
    return prepared;
}
function experimentById(db, id) {
    const row = /^\d+$/.test(id)
        ? statement(db, 'SELECT * FROM experiments WHERE experiment_id = ?').get(Number(id))
        : undefined;
    if (!row)
        throw notFound(`No Experiment with id=${id} exists`);
    return row;
}
function runRow(db, runId) {
    const row = statement(db, 'SELECT * FROM runs WHERE run_id = ?').get(runId);
    if (!row)
        throw notFound(`Run with id=${runId} not found`);
    return row;
}
function activeRun(db, runId) {
    const row = runRow(db, runId);
    if (row.lifecycle_stage !== 'active')
        throw invalid(`The run ${runId} must be in the 'active' state. Current state is ${row.lifecycle_stage}.`);
    return row;
}
function metricValue(row) {
    return row.is_nan ? 'NaN' : row.value;
}
/**
 * The value a metric is stored as. MLflow's SQL store keeps NaN as 0 with a flag and replaces ±Infinity by the largest
 * finite double of that sign (`SqlAlchemyStore._get_metric_value_details`: "Sql can not represent Infs"), so an
 * infinite metric reads back as ±1.7976931348623157e308.
 */
function storedMetricValue(value) {
    if (Number.isNaN(value))
        return 0;
    if (value === Number.POSITIVE_INFINITY)
        return Number.MAX_VALUE;
    if (value === Number.NEGATIVE_INFINITY)
        return -Number.MAX_VALUE;
    return value;
}
function modelRow(db, name) {
    const row = statement(db, 'SELECT * FROM registered_models WHERE name = ?').get(name);
    if (!row)
        throw notFound(`Registered Model with name=${name} not found`);
    return row;
}
function versionRow(db, name, version) {
    const row = /^\d+$/.test(version)
        ? statement(db, 'SELECT * FROM model_versions WHERE name = ? AND version = ? AND deleted = 0').get(name, Number(version))
        : undefined;
    if (!row)
        throw notFound(`Model Version (name=${name}, version=${version}) not found`);
    return row;
}
function versionJson(db, row) {
    return {
        name: row.name,
        version: String(row.version),
        creation_timestamp: row.creation_timestamp,
        last_updated_timestamp: row.last_updated_timestamp,
        current_stage: row.current_stage,
        description: row.description,
        source: row.source,
        run_id: row.run_id,
        status: row.status,
        tags: statement(db, 'SELECT key, value FROM model_version_tags WHERE name = ? AND version = ? ORDER BY key').all(row.name, row.version),
        run_link: row.run_link,
        aliases: statement(db, 'SELECT alias FROM aliases WHERE name = ? AND version = ? ORDER BY alias').all(row.name, row.version).map((a) => a.alias),
    };
}
function touchModel(db, name, now = Date.now()) {
    statement(db, 'UPDATE registered_models SET last_updated_timestamp = ? WHERE name = ?').run(now, name);
}
/** A registered model's or model version's tag: the key at most 250 characters, the value cut to 100,000. */
function checkRegistryTag(tag) {
    if (tag.key.length > 250)
        throw invalid(`'tag key' exceeds the maximum length of 250 characters`);
    return { key: tag.key, value: tag.value.slice(0, 100_000) };
}

;// CONCATENATED MODULE: ./packages/mlflow-server/src/routes/experiments.ts





// MLflow answers with the proto's JSON, which leaves out an empty repeated field: an experiment without tags has no
// "tags" key (mlflow-python-client-flows.jsonl, seq 14).
function experimentJson(db, row) {
    const tags = statement(db, 'SELECT key, value FROM experiment_tags WHERE experiment_id = ? ORDER BY rowid').all(row.experiment_id);
    return {
        experiment_id: String(row.experiment_id),
        name: row.name,
        artifact_location: row.artifact_location,
        lifecycle_stage: row.lifecycle_stage,
        last_update_time: row.last_update_time,
        creation_time: row.creation_time,
        ...(tags.length > 0 ? { tags } : {}),
    };
}
function activeExperiment(db, id) {
    const row = experimentById(db, id);
    // _check_experiment_is_active raises INVALID_PARAMETER_VALUE (400); only the rename uses INVALID_STATE.
    if (row.lifecycle_stage !== 'active')
        throw invalid(`The experiment ${row.experiment_id} must be in the 'active' state. Current state is ${row.lifecycle_stage}.`);
    return row;
}
function touchExperiment(db, id) {
    statement(db, 'UPDATE experiments SET last_update_time = ? WHERE experiment_id = ?').run(Date.now(), id);
}
function moveExperiment(db, from, to) {
    return (params) => {
        const row = experimentById(db, requiredString(params, 'experiment_id'));
        // The SQL store looks the experiment up among those in the state it leaves: one in the other state is not found.
        if (row.lifecycle_stage !== from)
            throw notFound(`No Experiment with id=${requiredString(params, 'experiment_id')} exists`);
        db.transaction(() => {
            statement(db, 'UPDATE experiments SET lifecycle_stage = ? WHERE experiment_id = ?').run(to, row.experiment_id);
            statement(db, 'UPDATE runs SET lifecycle_stage = ? WHERE experiment_id = ?').run(to, row.experiment_id);
            touchExperiment(db, row.experiment_id);
        }).immediate();
        return {};
    };
}
function searchExperiments(db, params) {
    const limit = maxResults(params, 1000, 50_000);
    const filters = parseFilter(optionalString(params, 'filter'));
    const view = optionalString(params, 'view_type') ?? 'ACTIVE_ONLY';
    const rows = statement(db, 'SELECT * FROM experiments ORDER BY experiment_id DESC').all()
        .filter((row) => view === 'ALL' || (view === 'DELETED_ONLY' ? row.lifecycle_stage === 'deleted' : row.lifecycle_stage === 'active'))
        .map((row) => experimentJson(db, row))
        .filter((exp) => filters.every((f) => matches(f.entity === 'tags' ? exp.tags?.find((t) => t.key === f.key)?.value : f.key === 'name' ? exp.name : undefined, f.op, f.value)));
    const { page, nextPageToken } = paginate(rows, limit, optionalString(params, 'page_token'));
    return { experiments: page, next_page_token: nextPageToken };
}
/** The experiments endpoints (`/mlflow/experiments/…`). */
function registerExperimentRoutes(app, db) {
    endpoint(app, 'GET', 'mlflow/experiments/get-by-name', (params) => {
        const name = requiredString(params, 'experiment_name');
        const row = statement(db, 'SELECT * FROM experiments WHERE name = ?').get(name);
        if (!row)
            throw notFound(`Could not find experiment with name '${name}'`);
        return { experiment: experimentJson(db, row) };
    });
    endpoint(app, 'GET', 'mlflow/experiments/get', (params) => ({
        experiment: experimentJson(db, experimentById(db, requiredString(params, 'experiment_id'))),
    }));
    endpoint(app, 'POST', 'mlflow/experiments/create', (params) => {
        const name = requiredString(params, 'name');
        if (name.length > 500)
            throw invalid(`Experiment name exceeds the maximum length of 500 characters`);
        const tags = keyValues(params, 'tags');
        const now = Date.now();
        const id = db
            .transaction(() => {
            if (statement(db, 'SELECT 1 FROM experiments WHERE name = ?').get(name))
                throw alreadyExists(`Experiment(name=${name}) already exists.`);
            const next = statement(db, 'SELECT COALESCE(MAX(experiment_id), 0) + 1 AS id FROM experiments').get().id;
            const location = optionalString(params, 'artifact_location') ?? `mlflow-artifacts:/${next}`;
            statement(db, 'INSERT INTO experiments (experiment_id, name, artifact_location, creation_time, last_update_time) VALUES (?, ?, ?, ?, ?)').run(next, name, location, now, now);
            for (const tag of tags)
                statement(db, 'INSERT OR REPLACE INTO experiment_tags VALUES (?, ?, ?)').run(next, validateKey(tag.key, 'tag key'), truncate(tag.value, 5000));
            return next;
        })
            .immediate();
        return { experiment_id: String(id) };
    });
    // Experiment tags, rename, delete and restore, as MLflow's SQL store does them (mlflow/store/tracking/
    // sqlalchemy_store.py): a deleted experiment takes no tags and no new name, deleting one deletes its
    // runs and restoring it restores them, and each change moves last_update_time. Exchanges: the recording, seq 6–16.
    endpoint(app, 'POST', 'mlflow/experiments/set-experiment-tag', (params) => {
        const row = activeExperiment(db, requiredString(params, 'experiment_id'));
        const key = validateKey(requiredString(params, 'key'), 'tag key');
        // The handler asserts a string only: a missing or empty value is stored as "".
        const value = optionalString(params, 'value') ?? '';
        if (value.length > 5000)
            throw invalid(`'value' exceeds the maximum length of 5000 characters`);
        statement(db, 'INSERT INTO experiment_tags VALUES (?, ?, ?) ON CONFLICT (experiment_id, key) DO UPDATE SET value = excluded.value').run(row.experiment_id, key, value);
        return {};
    });
    endpoint(app, 'POST', 'mlflow/experiments/delete-experiment-tag', (params) => {
        const row = activeExperiment(db, requiredString(params, 'experiment_id'));
        const key = requiredString(params, 'key');
        const deleted = statement(db, 'DELETE FROM experiment_tags WHERE experiment_id = ? AND key = ?').run(row.experiment_id, key);
        if (deleted.changes === 0)
            throw notFound(`No tag with name: ${key} in experiment with id ${row.experiment_id}`);
        return {};
    });
    endpoint(app, 'POST', 'mlflow/experiments/update', (params) => {
        const row = experimentById(db, requiredString(params, 'experiment_id'));
        const name = requiredString(params, 'new_name');
        if (row.lifecycle_stage !== 'active')
            throw new MlflowError('INVALID_STATE', 'Cannot rename a non-active experiment.');
        if (name.length > 500)
            throw invalid(`Experiment name exceeds the maximum length of 500 characters`);
        db.transaction(() => {
            const other = statement(db, 'SELECT experiment_id FROM experiments WHERE name = ?').get(name);
            if (other && other.experiment_id !== row.experiment_id)
                throw alreadyExists(`Experiment(name=${name}) already exists.`);
            statement(db, 'UPDATE experiments SET name = ?, last_update_time = ? WHERE experiment_id = ?').run(name, Date.now(), row.experiment_id);
        }).immediate();
        return {};
    });
    endpoint(app, 'POST', 'mlflow/experiments/delete', moveExperiment(db, 'active', 'deleted'));
    endpoint(app, 'POST', 'mlflow/experiments/restore', moveExperiment(db, 'deleted', 'active'));
    endpoint(app, 'POST', 'mlflow/experiments/search', (params) => searchExperiments(db, params));
    endpoint(app, 'GET', 'mlflow/experiments/search', (params) => searchExperiments(db, params));
}

;// CONCATENATED MODULE: ./packages/mlflow-server/src/python-json.ts
/**
 * JSON exactly as Python's json.dumps writes it with default arguments (", " and ": " separators,
 * ensure_ascii): MLflow signs the bytes of that text, so webhook bodies must match it byte for byte.
 */
function pythonJsonDumps(value) {
    if (value === null || value === undefined)
        return 'null';
    if (typeof value === 'boolean')
        return value ? 'true' : 'false';
    if (typeof value === 'number')
        return Number.isInteger(value)
            ? String(value)
            : Number.isFinite(value)
                ? String(value)
                : Number.isNaN(value)
                    ? 'NaN'
                    : value > 0
                        ? 'Infinity'
                        : '-Infinity';
    if (typeof value === 'string')
        return asciiString(value);
    if (Array.isArray(value))
        return `[${value.map(pythonJsonDumps).join(', ')}]`;
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    return `{${entries.map(([k, v]) => `${asciiString(k)}: ${pythonJsonDumps(v)}`).join(', ')}}`;
}
function asciiString(text) {
    return JSON.stringify(text).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

;// CONCATENATED MODULE: ./packages/mlflow-server/src/routes/logged-models.ts







// service.proto, enum LoggedModelStatus.
const STATUSES = ['LOGGED_MODEL_STATUS_UNSPECIFIED', 'LOGGED_MODEL_PENDING', 'LOGGED_MODEL_READY', 'LOGGED_MODEL_UPLOAD_FAILED'];
// The columns of SqlLoggedModel a filter or order_by may name (mlflow/store/tracking/dbmodels/models.py).
const COLUMNS = [
    'model_id',
    'experiment_id',
    'name',
    'artifact_location',
    'creation_timestamp_ms',
    'last_updated_timestamp_ms',
    'status',
    'lifecycle_stage',
    'model_type',
    'source_run_id',
    'status_message',
];
const NUMERIC_COLUMNS = ['creation_timestamp_ms', 'last_updated_timestamp_ms'];
const ALIASES = new Map([
    ['creation_time', 'creation_timestamp_ms'],
    ['creation_timestamp', 'creation_timestamp_ms'],
    ['last_updated_timestamp', 'last_updated_timestamp_ms'],
]);
const NUMERIC_OPERATORS = ['<', '<=', '>', '>=', '=', '!='];
const STRING_OPERATORS = ['=', '!=', 'LIKE', 'ILIKE', 'IN', 'NOT IN'];
const ADJECTIVES = ['brave', 'calm', 'clever', 'eager', 'gentle', 'bold', 'bright', 'quick', 'quiet', 'wise'];
const NOUNS = ['otter', 'heron', 'lynx', 'stork', 'fox', 'owl', 'panda', 'wren', 'seal', 'crane'];
/** `SqlAlchemyStore._raise_model_not_found`. */
const modelNotFound = (modelId) => notFound(`Logged model with ID '${modelId}' not found.`);
/** Python's repr() of a string, as MLflow's messages quote names. */
function pythonRepr(text) {
    return text.includes("'") && !text.includes('"') ? `"${text}"` : `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}
/** Python's repr() of a value from JSON, as MLflow's messages print lists and strings. */
function pythonValue(value) {
    if (typeof value === 'string')
        return pythonRepr(value);
    if (Array.isArray(value))
        return `[${value.map(pythonValue).join(', ')}]`;
    if (value === null || value === undefined)
        return 'None';
    if (typeof value === 'number' || typeof value === 'boolean')
        return String(value);
    return JSON.stringify(value);
}
/** An experiment id: a string, or a number turned into one (handlers.py `_stringify_all_experiment_ids`). */
function experimentIdOf(value, field) {
    if (typeof value === 'number' && Number.isInteger(value))
        return String(value);
    return requiredString({ [field]: value }, field);
}
/** A proto enum given by name, number or numeric string; undefined for an unknown one, as the proto parser drops it. */
function statusNumber(value) {
    if (typeof value === 'string' && STATUSES.includes(value))
        return STATUSES.indexOf(value);
    const number = typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : Number.NaN;
    return Number.isInteger(number) && number >= 0 && number < STATUSES.length ? number : undefined;
}
function registerLoggedModelRoutes(app, db) {
    const row = (modelId, options = {}) => {
        const found = db.prepare('SELECT * FROM logged_models WHERE model_id = ?').get(modelId);
        if (!found || (!options.deleted && found.lifecycle_stage === 'deleted'))
            throw modelNotFound(modelId);
        return found;
    };
    const tagsOf = (modelId) => db.prepare('SELECT key, value FROM logged_model_tags WHERE model_id = ? ORDER BY key').all(modelId);
    const setTags = (modelId, tags) => {
        const insert = db.prepare('INSERT OR REPLACE INTO logged_model_tags VALUES (?, ?, ?)');
        for (const tag of tags)
            insert.run(modelId, tag.key, tag.value);
    };
    // LoggedModel.to_proto: status_message, creator_id and registrations are never written; model_type and
    // source_run_id when stored (the create handler stores "" when the client sends none); `data` always.
    const modelJson = (model) => ({
        info: {
            model_id: model.model_id,
            experiment_id: String(model.experiment_id),
            name: model.name,
            creation_timestamp_ms: model.creation_timestamp_ms,
            last_updated_timestamp_ms: model.last_updated_timestamp_ms,
            artifact_uri: model.artifact_location,
            status: STATUSES[model.status],
            model_type: model.model_type ?? undefined,
            source_run_id: model.source_run_id ?? undefined,
            tags: tagsOf(model.model_id),
        },
        data: {
            params: db.prepare('SELECT key, value FROM logged_model_params WHERE model_id = ? ORDER BY key').all(model.model_id),
            // Every metric row the model has (the SQL store's relationship), not only the latest of each key.
            metrics: db.prepare('SELECT * FROM logged_model_metrics WHERE model_id = ? ORDER BY key, timestamp, step, rowid').all(model.model_id).map((m) => ({
                key: m.key,
                value: m.value,
                timestamp: m.timestamp,
                step: m.step,
                dataset_name: m.dataset_name || undefined,
                dataset_digest: m.dataset_digest || undefined,
                model_id: model.model_id,
                run_id: m.run_id || undefined,
            })),
        },
    });
    endpoint(app, 'POST', 'mlflow/logged-models', (params) => {
        const experimentId = experimentIdOf(params.experiment_id, 'experiment_id');
        const name = optionalString(params, 'name') || undefined;
        const modelType = optionalString(params, 'model_type') ?? '';
        const sourceRunId = optionalString(params, 'source_run_id') ?? '';
        const modelParams = keyValues(params, 'params');
        const tags = keyValues(params, 'tags');
        // mlflow/utils/validation.py `_validate_logged_model_name`.
        if (name !== undefined && /[/:.%"']/.test(name))
            throw invalid(`Invalid model name (${pythonRepr(name)}) provided. Model name must be a non-empty string and cannot contain the following characters: ('/', ':', '.', '%', '"', "'")`);
        // The SQL store turns the id into an int inside its session: a non-number is Python's ValueError, a 500.
        if (!/^-?\d+$/.test(experimentId.trim()))
            throw new MlflowError('INTERNAL_ERROR', `invalid literal for int() with base 10: ${pythonRepr(experimentId)}`);
        const experiment = db.prepare('SELECT * FROM experiments WHERE experiment_id = ?').get(Number(experimentId));
        if (!experiment)
            throw notFound(`No Experiment with id=${experimentId} exists`);
        if (experiment.lifecycle_stage !== 'active')
            throw invalid(`The experiment ${experimentId} must be in the 'active' state. Current state is ${experiment.lifecycle_stage}.`);
        const modelId = `m-${(0,external_node_crypto_.randomUUID)().replace(/-/g, '')}`;
        const now = Date.now();
        const pick = (items) => items[Math.floor(Math.random() * items.length)];
        db.transaction(() => {
            db.prepare('INSERT INTO logged_models (model_id, experiment_id, name, artifact_location, creation_timestamp_ms, last_updated_timestamp_ms, status, model_type, source_run_id) VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?)').run(modelId, experiment.experiment_id, name ?? `${pick(ADJECTIVES)}-${pick(NOUNS)}-${Math.floor(Math.random() * 1000)}`, `${experiment.artifact_location.replace(/\/+$/, '')}/models/${modelId}/artifacts`, now, now, modelType, sourceRunId);
            insertRows('logged_model_params', modelId, modelParams);
            insertRows('logged_model_tags', modelId, tags);
        })();
        return { model: modelJson(row(modelId)) };
    });
    /**
     * Params (and a new model's tags) are inserted, not merged: a key given twice is the SQL store's integrity error
     * (400 BAD_REQUEST).
     */
    const insertRows = (table, modelId, entries) => {
        const insert = db.prepare(`INSERT INTO ${table} VALUES (?, ?, ?)`);
        for (const entry of entries) {
            try {
                insert.run(modelId, entry.key, entry.value);
            }
            catch (error) {
                throw new MlflowError('BAD_REQUEST', `(sqlite3.IntegrityError) ${(0,src/* errorMessage */.gJ)(error)}`);
            }
        }
    };
    endpoint(app, 'GET', 'mlflow/logged-models/:model_id', (params) => ({ model: modelJson(row(String(params.model_id))) }));
    // The handler finalizes the model the body names (its `model_id` is required), whatever the path says; any status
    // 0–3 is taken, with no check of the transition.
    endpoint(app, 'PATCH', 'mlflow/logged-models/:model_id', (params, request) => {
        const body = (request.body ?? {});
        const modelId = requiredString(body, 'model_id');
        if (body.status === undefined || body.status === null || body.status === '')
            requiredString(body, 'status');
        const status = statusNumber(body.status);
        // The proto parser drops what it cannot read; `_assert_intlike` then refuses what int() refuses.
        const pythonType = Array.isArray(body.status)
            ? 'list'
            : typeof body.status === 'object'
                ? 'dict'
                : typeof body.status === 'string'
                    ? 'str'
                    : undefined;
        if (status === undefined && pythonType !== undefined && !(pythonType === 'str' && /^\d+$/.test(String(body.status))))
            throw invalid(`Invalid value ${JSON.stringify(body.status)} for parameter 'status' supplied:  Hint: Value was of type '${pythonType}'. See the API docs for more information about request parameters.`);
        row(modelId, { deleted: true });
        db.prepare('UPDATE logged_models SET status = ?, last_updated_timestamp_ms = ? WHERE model_id = ?').run(status ?? 0, Date.now(), modelId);
        return { model: modelJson(row(modelId, { deleted: true })) };
    });
    // A soft delete: the model leaves get and search, its rows stay; deleting again succeeds.
    endpoint(app, 'DELETE', 'mlflow/logged-models/:model_id', (params) => {
        const modelId = String(params.model_id);
        row(modelId, { deleted: true });
        db.prepare("UPDATE logged_models SET lifecycle_stage = 'deleted', last_updated_timestamp_ms = ? WHERE model_id = ?").run(Date.now(), modelId);
        return {};
    });
    endpoint(app, 'PATCH', 'mlflow/logged-models/:model_id/tags', (params) => {
        const modelId = String(params.model_id);
        const tags = keyValues(params, 'tags');
        row(modelId, { deleted: true });
        setTags(modelId, tags);
        return {};
    });
    endpoint(app, 'DELETE', 'mlflow/logged-models/:model_id/tags/:tag_key', (params) => {
        const modelId = String(params.model_id);
        const key = String(params.tag_key);
        row(modelId, { deleted: true });
        if (db.prepare('DELETE FROM logged_model_tags WHERE model_id = ? AND key = ?').run(modelId, key).changes === 0)
            throw notFound(`No tag with key ${pythonRepr(key)} found for model with ID ${pythonRepr(modelId)}.`);
        return {};
    });
    // The body's `model_id` is required but the path's is the one used.
    endpoint(app, 'POST', 'mlflow/logged-models/:model_id/params', (params, request) => {
        requiredString((request.body ?? {}), 'model_id');
        const modelId = String(params.model_id);
        const entries = keyValues(params, 'params');
        row(modelId, { deleted: true });
        db.transaction(() => insertRows('logged_model_params', modelId, entries))();
        return {};
    });
    endpoint(app, 'POST', 'mlflow/logged-models/search', (params) => searchLoggedModels(db, params, modelJson));
    return {
        row,
        setTags,
        recordVersion(modelId, name, version) {
            row(modelId);
            const current = tagsOf(modelId).find((t) => t.key === 'mlflow.modelVersions');
            let versions = [];
            try {
                const parsed = current ? JSON.parse(current.value) : [];
                if (Array.isArray(parsed))
                    versions = parsed;
            }
            catch {
                // a tag someone set to something else: MLflow would fail here; starting a new list loses nothing of ours
            }
            if (!versions.some((v) => JSON.stringify(v) === JSON.stringify({ name, version })))
                setTags(modelId, [{ key: 'mlflow.modelVersions', value: pythonJsonDumps([...versions, { name, version }]) }]);
        },
    };
}
/** SearchLoggedModels: `parse_filter_string`, `_apply_order_by_search_logged_models` and the offset page token. */
function searchLoggedModels(db, params, modelJson) {
    const ids = optionalList(params, 'experiment_ids');
    if (ids === undefined)
        throw invalid("Missing value for required parameter 'experiment_ids'. See the API docs for more information about request parameters.");
    const experimentIds = ids.map((id) => experimentIdOf(id, 'experiment_ids'));
    const filter = optionalString(params, 'filter') || null;
    const datasets = optionalList(params, 'datasets')?.map((entry) => {
        const item = (entry ?? {});
        const name = optionalString(item, 'dataset_name') ?? '';
        if (name === '')
            throw invalid('`dataset_name` in the `datasets` clause must be specified.');
        return { name, digest: optionalString(item, 'dataset_digest') || null };
    });
    // The proto's default page size is 50, and 0 means the store's default of 100; there is no upper bound.
    const requested = optionalInt64(params, 'max_results');
    if (requested !== undefined && requested < 0)
        throw invalid(`Invalid value ${requested} for parameter 'max_results' supplied: it must not be negative.`);
    const maxResults = requested === undefined ? 50 : requested === 0 ? 100 : requested;
    const orderBy = (optionalList(params, 'order_by') ?? []).map((entry) => {
        const item = (entry ?? {});
        return {
            field_name: requiredString(item, 'field_name'),
            ascending: item.ascending === undefined ? true : Boolean(item.ascending),
            dataset_name: optionalString(item, 'dataset_name') || null,
            dataset_digest: optionalString(item, 'dataset_digest') || null,
        };
    });
    let parsed;
    try {
        parsed = parseFilter(filter ?? undefined);
    }
    catch (error) {
        if (error instanceof MlflowError && error.message.startsWith('Invalid filter'))
            throw invalid(`Invalid filter string: '${filter}'. Expected a list of comparisons separated by 'AND' (e.g. 'metrics.loss > 0.1 AND params.lr = 0.01').`);
        throw error;
    }
    const comparisons = parsed.map(checkComparison);
    let offset = 0;
    const token = optionalString(params, 'page_token');
    if (token) {
        let decoded;
        try {
            decoded = JSON.parse(Buffer.from(token, 'base64').toString('utf8'));
        }
        catch (error) {
            throw invalid(`Invalid page token: ${token}. ${(0,src/* errorMessage */.gJ)(error)}`);
        }
        if (decoded === null || typeof decoded !== 'object' || Array.isArray(decoded))
            throw invalid(`Invalid page token: ${token}.`);
        const given = decoded;
        // SearchLoggedModelsPaginationToken.validate: the token holds the query it pages through.
        if (JSON.stringify(given.experiment_ids) !== JSON.stringify(experimentIds))
            throw invalid(`Experiment IDs in the page token do not match the requested experiment IDs. Expected: ${pythonValue(experimentIds)}. Found: ${pythonValue(given.experiment_ids)}`);
        if ((given.filter_string ?? null) !== filter)
            throw invalid(`Filter string in the page token does not match the requested filter string. Expected: ${pythonValue(filter)}. Found: ${pythonValue(given.filter_string)}`);
        const expectedOrder = orderBy.length ? orderBy : null;
        if (JSON.stringify(given.order_by ?? null) !== JSON.stringify(expectedOrder))
            throw invalid(`Order by in the page token does not match the requested order by. Expected: ${JSON.stringify(expectedOrder)}. Found: ${JSON.stringify(given.order_by ?? null)}`);
        if (typeof given.offset !== 'number' || !Number.isInteger(given.offset) || given.offset < 0)
            throw invalid(`Invalid page token: ${token}.`);
        offset = given.offset;
    }
    const numericIds = experimentIds.filter((id) => /^\d+$/.test(id)).map(Number);
    if (numericIds.length !== experimentIds.length)
        throw new MlflowError('INTERNAL_ERROR', `invalid literal for int() with base 10: ${pythonRepr(experimentIds.find((id) => !/^\d+$/.test(id)))}`);
    const rows = numericIds.length === 0
        ? []
        : db
            .prepare(`SELECT *, rowid FROM logged_models WHERE lifecycle_stage != 'deleted' AND experiment_id IN (${numericIds.map(() => '?').join(',')})`)
            .all(...numericIds);
    // Each model's metric rows are read once, for the filter and the sort alike.
    const metricRows = new Map();
    const metricsOf = (modelId) => {
        let rows = metricRows.get(modelId);
        if (!rows) {
            rows = db.prepare('SELECT * FROM logged_model_metrics WHERE model_id = ?').all(modelId);
            metricRows.set(modelId, rows);
        }
        return rows;
    };
    const onDatasets = (m) => !datasets || datasets.some((d) => m.dataset_name === d.name && (m.dataset_digest ?? null) === d.digest);
    const keyValue = (table, modelId, key) => db.prepare(`SELECT value FROM ${table} WHERE model_id = ? AND key = ?`).get(modelId, key)?.value;
    const kept = rows.filter((model) => {
        const metrics = metricsOf(model.model_id);
        if (datasets && !comparisons.some((c) => c.entity === 'metrics') && !metrics.some(onDatasets))
            return false;
        return comparisons.every((c) => {
            if (c.entity === 'metrics')
                return metrics.some((m) => m.key === c.key && onDatasets(m) && matches(m.value, c.op, c.value));
            if (c.entity === 'params' || c.entity === 'tags') {
                const actual = keyValue(c.entity === 'params' ? 'logged_model_params' : 'logged_model_tags', model.model_id, c.key);
                return actual !== undefined && matches(actual, c.op, c.value);
            }
            const actual = model[c.key];
            return actual !== null && actual !== undefined && matches(c.key === 'status' ? String(actual) : actual, c.op, c.value);
        });
    });
    const latest = (modelId, key, name, digest) => metricsOf(modelId)
        .filter((m) => m.key === key && (!name || m.dataset_name === name) && (!digest || m.dataset_digest === digest))
        .sort((a, b) => b.timestamp - a.timestamp || b.step - a.step)[0]?.value;
    const sortKeys = orderBy.map((clause) => {
        const field = ALIASES.get(clause.field_name) ?? clause.field_name;
        if (field.includes('.')) {
            if (!field.startsWith('metrics.'))
                throw invalid(`Invalid order by field name: ${clause.field_name}. Only metrics are supported.`);
            const key = field.slice('metrics.'.length);
            return {
                field,
                ascending: clause.ascending,
                value: (m) => latest(m.model_id, key, clause.dataset_name, clause.dataset_digest),
            };
        }
        if (!COLUMNS.includes(field))
            throw invalid(`Invalid order by field name: ${clause.field_name}`);
        return {
            field,
            ascending: clause.ascending,
            value: (m) => m[field] ?? undefined,
        };
    });
    if (!sortKeys.some((k) => k.field === 'creation_timestamp_ms'))
        sortKeys.push({ field: 'creation_timestamp_ms', ascending: false, value: (m) => m.creation_timestamp_ms });
    // Each model's sort values are worked out once, not at every comparison.
    const decorated = kept.map((model) => ({ model, values: sortKeys.map((key) => key.value(model)) }));
    decorated.sort((a, b) => {
        for (const [index, key] of sortKeys.entries()) {
            const x = a.values[index];
            const y = b.values[index];
            if (x === y)
                continue;
            // NULLs last, in both directions.
            if (x === undefined)
                return 1;
            if (y === undefined)
                return -1;
            const order = x < y ? -1 : 1;
            return key.ascending ? order : -order;
        }
        return b.model.rowid - a.model.rowid;
    });
    const ordered = decorated.map((entry) => entry.model);
    const page = ordered.slice(offset, offset + maxResults);
    const next = ordered.length > offset + maxResults
        ? Buffer.from(pythonJsonDumps({
            experiment_ids: experimentIds,
            filter_string: filter,
            order_by: orderBy.length ? orderBy : null,
            offset: offset + maxResults,
        })).toString('base64')
        : undefined;
    return { models: page.map(modelJson), next_page_token: next };
}
/** mlflow/utils/search_logged_model_utils.py: the entity, key, operator and value a comparison may have. */
function checkComparison(comparison) {
    const match = /^([a-z]+)\.(.+)$/.exec(comparison.identifier);
    let entity = 'attributes';
    let key = ALIASES.get(comparison.identifier) ?? unquote(comparison.identifier);
    if (match) {
        if (!['attributes', 'metrics', 'params', 'tags'].includes(match[1]))
            throw invalid(`Invalid entity type: '${match[1]}'. Expected one of ['attributes', 'metrics', 'params', 'tags'].`);
        entity = match[1];
        key = unquote(match[2]);
    }
    if (entity === 'attributes' && !COLUMNS.includes(key))
        throw new MlflowError('INTERNAL_ERROR', `type object 'SqlLoggedModel' has no attribute '${key}'`);
    const numeric = entity === 'metrics' || (entity === 'attributes' && NUMERIC_COLUMNS.includes(key));
    if (!(numeric ? NUMERIC_OPERATORS : STRING_OPERATORS).includes(comparison.op))
        throw invalid(`Invalid comparison operator for ${entity === 'attributes' ? 'attribute' : entity.replace(/s$/, '')}: '${comparison.op}'. Expected one of ('=', '!=', 'LIKE', 'ILIKE', 'IN', 'NOT IN').`);
    if (numeric && typeof comparison.value !== 'number')
        throw new MlflowError('INTERNAL_ERROR', `could not convert string to float: ${pythonRepr(`'${String(comparison.value)}'`)}`);
    return { ...comparison, entity, key };
}

;// CONCATENATED MODULE: ./packages/mlflow-server/src/source.ts


const SCHEME_CHARS = /^[A-Za-z][A-Za-z0-9+.-]*$/;
// Schemes whose last path segment may carry `;params`, which Python's urlparse splits off the path.
const USES_PARAMS = new Set([
    '',
    'ftp',
    'hdl',
    'prospero',
    'http',
    'imap',
    'https',
    'shttp',
    'rtsp',
    'rtspu',
    'sip',
    'sips',
    'mms',
    'sftp',
    'tel',
]);
/** Python's `urllib.parse.urlparse`, for the parts these checks read. */
function pythonUrlParse(uri) {
    // urlsplit drops tabs and line breaks anywhere, and leading control characters and spaces.
    let rest = uri.replace(/[\t\r\n]/g, '');
    while (rest !== '' && rest.charCodeAt(0) <= 0x20)
        rest = rest.slice(1);
    let scheme = '';
    const colon = rest.indexOf(':');
    if (colon > 0 && SCHEME_CHARS.test(rest.slice(0, colon))) {
        scheme = rest.slice(0, colon).toLowerCase();
        rest = rest.slice(colon + 1);
    }
    let netloc = '';
    if (rest.startsWith('//')) {
        const end = rest.slice(2).search(/[/?#]/);
        netloc = end < 0 ? rest.slice(2) : rest.slice(2, end + 2);
        rest = end < 0 ? '' : rest.slice(end + 2);
    }
    rest = rest.split('#')[0].split('?')[0];
    if (USES_PARAMS.has(scheme)) {
        const semicolon = rest.indexOf(';', Math.max(0, rest.lastIndexOf('/')));
        if (semicolon >= 0)
            rest = rest.slice(0, semicolon);
    }
    return { scheme, netloc, path: rest };
}
/** `urlparse(uri).hostname`: the netloc without user info and port, lowercased; empty when there is none. */
function hostname(netloc) {
    const host = netloc.slice(netloc.lastIndexOf('@') + 1);
    const name = host.startsWith('[') ? host.slice(1, Math.max(1, host.indexOf(']'))) : host.split(':')[0];
    return name.toLowerCase();
}
/** Python's `urllib.parse.unquote`: `%XX` runs are UTF-8 bytes; malformed escapes stay as they are. */
function source_unquote(text) {
    return text.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => Buffer.from(run.replace(/%/g, ''), 'hex').toString('utf8'));
}
/** `unquote_plus`: `unquote`, with `+` read as a space. */
const unquotePlus = (text) => source_unquote(text.replace(/\+/g, ' '));
/** `is_local_uri` on a POSIX server: no scheme, or `file:` on this host (a remote `file:` host is an error). */
function isLocalUri(uri) {
    const parsed = pythonUrlParse(uri);
    if (parsed.scheme === '')
        return true;
    const host = hostname(parsed.netloc);
    const remote = host !== '' && !(host === '.' || host.startsWith('localhost') || host.startsWith('127.0.0.1'));
    if (parsed.scheme === 'file') {
        if (remote)
            throw new MlflowError('INTERNAL_ERROR', `${uri} is not a valid remote uri. For remote access on windows, please consider using a different scheme such as SMB (e.g. smb://<hostname>/<path>).`);
        return true;
    }
    return false;
}
/** `local_file_uri_to_path`: a `file:` URI's path, or the path itself, percent-decoded (`url2pathname`). */
function localPath(uri) {
    const parsed = pythonUrlParse(uri);
    return source_unquote(parsed.scheme === 'file' ? parsed.path : uri);
}
/** True when `inner` is `outer` or lies inside it (both absolute, normalised). */
function within(inner, outer) {
    return inner === outer || inner.startsWith(outer.endsWith('/') ? outer : `${outer}/`);
}
const MAX_DECODE_PASSES = 16;
function checkNoRelativeParts(source) {
    const message = `Invalid model version source: '${source}'. If supplying a source as an http, https, local file path, ftp, objectstore, or mlflow-artifacts uri, an absolute path must be provided without relative path references present. Please provide an absolute path.`;
    // MLflow decodes until nothing changes. Each pass can take off one layer of `%25`, so the passes are counted: a
    // source still changing after MAX_DECODE_PASSES is refused rather than decoded for ever (quadratic in its length).
    let decoded = source;
    let passes = 0;
    for (let next = unquotePlus(decoded); next !== decoded; next = unquotePlus(decoded)) {
        if (++passes > MAX_DECODE_PASSES)
            throw invalid(message);
        decoded = next;
    }
    const path = pythonUrlParse(decoded).path.replace(/\/+$/, '').replace(/\/+/g, '/');
    if (path.includes('\0') || decoded.split('/').includes('..'))
        throw invalid(message);
    // pathlib's resolve() makes a relative path absolute and drops `.` segments: the path must already be that.
    if ((0,external_node_path_.resolve)(path) !== path)
        throw invalid(message);
}
/**
 * Refuses a source MLflow refuses. `owner` is the run (or, with `kind: 'model'`, the logged model) the request names,
 * and `artifactUri` looks its artifact location up (throwing MLflow's not-found error when it does not exist).
 */
function validateVersionSource(source, owner, artifactUri) {
    if (isLocalUri(source)) {
        let shown = source;
        if (owner.id !== '') {
            const location = artifactUri(owner.id);
            shown = (0,external_node_path_.resolve)(localPath(source));
            if (isLocalUri(location) && within(shown, (0,external_node_path_.resolve)(localPath(location))))
                return;
        }
        const which = owner.kind === 'run'
            ? 'the run_id request parameter has to be specified and the local path has to be contained within the artifact directory of the run specified by the run_id.'
            : 'the model_id request parameter has to be specified and the local path has to be contained within the artifact directory of the run specified by the model_id.';
        throw invalid(`Invalid model version source: '${shown}'. To use a local path as a model version source, ${which}`);
    }
    checkNoRelativeParts(source);
}

;// CONCATENATED MODULE: ./packages/mlflow-server/src/routes/model-versions.ts







/** The tag that marks a registered model version as a prompt (mlflow/entities/model_registry/prompt_version.py). */
const PROMPT_TAG = 'mlflow.prompt.is_prompt';
/**
 * Where a `models:/…` source really lies and the run it came from (the SQL registry's `create_model_version`):
 * `models:/<model id>` is that logged model's artifact location and source run, `models:/<name>/<version>` that
 * version's download URI. A source that names nothing is MLflow's 500 "Unable to fetch model…".
 */
function resolveModelsSource(db, loggedModels, source) {
    const match = /^models:\/([^/]+)(?:\/([^/]+))?\/?$/.exec(source);
    if (!match)
        return { storageLocation: null, runId: '' };
    try {
        if (match[2] === undefined && !match[1].includes('@')) {
            const model = loggedModels.row(match[1]);
            return { storageLocation: model.artifact_location, runId: model.source_run_id ?? '' };
        }
        if (match[2] !== undefined && /^\d+$/.test(match[2])) {
            const version = versionRow(db, match[1], match[2]);
            return { storageLocation: version.storage_location ?? version.source, runId: '' };
        }
    }
    catch (error) {
        throw new MlflowError('INTERNAL_ERROR', `Unable to fetch model from model URI source artifact location '${source}'.Error: ${(0,src/* errorMessage */.gJ)(error)}`);
    }
    return { storageLocation: null, runId: '' };
}
function createVersion(db, events, loggedModels, params) {
    const name = requiredString(params, 'name');
    const source = requiredString(params, 'source');
    const requestedRunId = optionalString(params, 'run_id') ?? '';
    const modelId = optionalString(params, 'model_id') ?? '';
    const requestedTags = keyValues(params, 'tags');
    // A prompt version (MLflow's prompt registry keeps prompts as registered models) has no model files: MLflow does
    // not check its source, tell webhooks, or tag a logged model (handlers.py `_is_prompt_request`).
    const prompt = requestedTags.some((tag) => tag.key === PROMPT_TAG);
    if (!prompt) {
        if (modelId !== '')
            validateVersionSource(source, { kind: 'model', id: modelId }, (id) => loggedModels.row(id).artifact_location);
        else
            validateVersionSource(source, { kind: 'run', id: requestedRunId }, (id) => runRow(db, id).artifact_uri);
    }
    const tags = requestedTags.map(checkRegistryTag);
    const description = optionalString(params, 'description') ?? '';
    const now = Date.now();
    const version = db
        .transaction(() => {
        modelRow(db, name);
        const resolved = resolveModelsSource(db, loggedModels, source);
        const runId = requestedRunId || resolved.runId || (modelId !== '' ? (loggedModels.row(modelId).source_run_id ?? '') : '');
        // Numbers are never reused, also after a delete.
        const next = statement(db, 'SELECT COALESCE(MAX(version), 0) + 1 AS v FROM model_versions WHERE name = ?').get(name).v;
        statement(db, "INSERT INTO model_versions (name, version, creation_timestamp, last_updated_timestamp, description, source, run_id, run_link, status, storage_location) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'READY', ?)").run(name, next, now, now, description, source, runId, optionalString(params, 'run_link') ?? '', resolved.storageLocation);
        for (const tag of tags)
            statement(db, 'INSERT OR REPLACE INTO model_version_tags VALUES (?, ?, ?, ?)').run(name, next, tag.key, tag.value);
        touchModel(db, name, now);
        return next;
    })
        .immediate();
    // After the version exists, as MLflow does it: a model id that names no model fails here, the version stays.
    if (!prompt && modelId !== '')
        loggedModels.recordVersion(modelId, name, version);
    if (!prompt)
        events.emit('model_version', 'created', {
            name,
            version: String(version),
            source,
            run_id: requestedRunId === '' ? null : requestedRunId,
            tags: Object.fromEntries(tags.map((t) => [t.key, t.value])),
            description: description === '' ? null : description,
        });
    return { model_version: versionJson(db, versionRow(db, name, String(version))) };
}
function searchVersions(db, params) {
    const limit = maxResults(params, 10_000, 200_000);
    const filters = parseFilter(optionalString(params, 'filter'));
    const orderBy = (optionalList(params, 'order_by') ?? []).map(String);
    const descending = orderBy.some((o) => /^version_number\s+DESC$/i.test(o.trim())) || orderBy.length === 0;
    const rows = statement(db, `SELECT * FROM model_versions WHERE deleted = 0 ORDER BY name, version ${descending ? 'DESC' : 'ASC'}`).all();
    const versions = rows
        .map((row) => versionJson(db, row))
        .filter((v) => filters.every((f) => {
        const actual = f.entity === 'tags'
            ? v.tags.find((t) => t.key === f.key)?.value
            : f.key === 'source_path'
                ? v.source
                : f.key === 'version_number'
                    ? Number(v.version)
                    : v[f.key];
        return matches(actual, f.op, f.value);
    }));
    const { page, nextPageToken } = paginate(versions, limit, optionalString(params, 'page_token'));
    return { model_versions: page, next_page_token: nextPageToken };
}
// Stages (deprecated in MLflow 2.9, still served): the SQL store's transition_model_version_stage — the stage matched
// case-insensitively to its canonical spelling, archive_existing_versions only for Staging or Production, the
// version and its registered model both touched.
const STAGES = ['None', 'Staging', 'Production', 'Archived'];
function transitionStage(db, params) {
    const row = versionRow(db, requiredString(params, 'name'), requiredString(params, 'version'));
    const requested = requiredString(params, 'stage');
    const stage = STAGES.find((s) => s.toLowerCase() === requested.toLowerCase());
    if (!stage)
        throw invalid(`Invalid Model Version stage: ${requested}. Value must be one of ${STAGES.join(', ')}.`);
    const archive = params.archive_existing_versions;
    if (archive !== undefined && archive !== null && typeof archive !== 'boolean')
        throw invalid(`Invalid value ${JSON.stringify(archive)} for parameter 'archive_existing_versions' supplied: expected a boolean`);
    const archiveOthers = archive === true;
    if (archiveOthers && stage !== 'Staging' && stage !== 'Production')
        throw invalid(`Model version transition cannot archive existing model versions because '${requested}' is not an Active stage. Valid stages are ['Staging', 'Production']`);
    const now = Date.now();
    db.transaction(() => {
        if (archiveOthers)
            statement(db, "UPDATE model_versions SET current_stage = 'Archived', last_updated_timestamp = ? WHERE name = ? AND version != ? AND current_stage = ? AND deleted = 0").run(now, row.name, row.version, stage);
        statement(db, 'UPDATE model_versions SET current_stage = ?, last_updated_timestamp = ? WHERE name = ? AND version = ?').run(stage, now, row.name, row.version);
        touchModel(db, row.name, now);
    }).immediate();
    return { model_version: versionJson(db, versionRow(db, row.name, String(row.version))) };
}
/** The model versions endpoints (`/mlflow/model-versions/…`). */
function registerModelVersionRoutes(app, db, events, loggedModels) {
    endpoint(app, 'POST', 'mlflow/model-versions/create', (params) => createVersion(db, events, loggedModels, params));
    endpoint(app, 'GET', 'mlflow/model-versions/get', (params) => ({
        model_version: versionJson(db, versionRow(db, requiredString(params, 'name'), requiredString(params, 'version'))),
    }));
    endpoint(app, 'GET', 'mlflow/model-versions/search', (params) => searchVersions(db, params));
    endpoint(app, 'PATCH', 'mlflow/model-versions/update', (params) => {
        const row = versionRow(db, requiredString(params, 'name'), requiredString(params, 'version'));
        const description = optionalString(params, 'description');
        if (description !== undefined)
            statement(db, 'UPDATE model_versions SET description = ?, last_updated_timestamp = ? WHERE name = ? AND version = ?').run(description, Date.now(), row.name, row.version);
        return { model_version: versionJson(db, versionRow(db, row.name, String(row.version))) };
    });
    endpoint(app, 'POST', 'mlflow/model-versions/transition-stage', (params) => transitionStage(db, params));
    endpoint(app, 'DELETE', 'mlflow/model-versions/delete', (params) => {
        const row = versionRow(db, requiredString(params, 'name'), requiredString(params, 'version'));
        db.transaction(() => {
            statement(db, 'UPDATE model_versions SET deleted = 1 WHERE name = ? AND version = ?').run(row.name, row.version);
            statement(db, 'DELETE FROM aliases WHERE name = ? AND version = ?').run(row.name, row.version);
        })();
        return {};
    });
    endpoint(app, 'POST', 'mlflow/model-versions/set-tag', (params) => {
        const row = versionRow(db, requiredString(params, 'name'), requiredString(params, 'version'));
        const tag = checkRegistryTag({ key: requiredString(params, 'key'), value: optionalString(params, 'value') ?? '' });
        statement(db, 'INSERT OR REPLACE INTO model_version_tags VALUES (?, ?, ?, ?)').run(row.name, row.version, tag.key, tag.value);
        events.emit('model_version_tag', 'set', { name: row.name, version: String(row.version), key: tag.key, value: tag.value });
        return {};
    });
    endpoint(app, 'DELETE', 'mlflow/model-versions/delete-tag', (params) => {
        const row = versionRow(db, requiredString(params, 'name'), requiredString(params, 'version'));
        const key = requiredString(params, 'key');
        statement(db, 'DELETE FROM model_version_tags WHERE name = ? AND version = ? AND key = ?').run(row.name, row.version, key);
        events.emit('model_version_tag', 'deleted', { name: row.name, version: String(row.version), key });
        return {};
    });
    endpoint(app, 'GET', 'mlflow/model-versions/get-download-uri', (params) => ({
        artifact_uri: ((row) => row.storage_location ?? row.source)(versionRow(db, requiredString(params, 'name'), requiredString(params, 'version'))),
    }));
}

;// CONCATENATED MODULE: ./packages/mlflow-server/src/routes/registered-models.ts





/** The tables that hold a registered model by name: a rename or delete goes through all of them. */
const MODEL_TABLES = ['registered_models', 'registered_model_tags', 'model_versions', 'model_version_tags', 'aliases'];
const latestVersion = (db, name) => statement(db, 'SELECT * FROM model_versions WHERE name = ? AND deleted = 0 ORDER BY version DESC LIMIT 1').get(name);
function modelJson(db, row) {
    const latest = latestVersion(db, row.name);
    return {
        name: row.name,
        creation_timestamp: row.creation_timestamp,
        last_updated_timestamp: row.last_updated_timestamp,
        // A registered model created without a description has none in MLflow's answer (recording, seq 266); a model
        // version always has one, empty or not.
        ...(row.description ? { description: row.description } : {}),
        tags: statement(db, 'SELECT key, value FROM registered_model_tags WHERE name = ? ORDER BY key').all(row.name),
        aliases: statement(db, 'SELECT alias, version FROM aliases WHERE name = ? ORDER BY alias').all(row.name).map((a) => ({ alias: a.alias, version: String(a.version) })),
        latest_versions: latest ? [versionJson(db, latest)] : [],
    };
}
function searchModels(db, params) {
    const limit = maxResults(params, 100, 1000);
    const filters = parseFilter(optionalString(params, 'filter'));
    const models = statement(db, 'SELECT * FROM registered_models ORDER BY name').all()
        .map((row) => modelJson(db, row))
        .filter((model) => filters.every((f) => matches(f.entity === 'tags' ? model.tags.find((t) => t.key === f.key)?.value : f.key === 'name' ? model.name : undefined, f.op, f.value)));
    const { page, nextPageToken } = paginate(models, limit, optionalString(params, 'page_token'));
    return { registered_models: page, next_page_token: nextPageToken };
}
function checkAlias(alias) {
    if (alias.length > 255 || !/^[\w-]*$/.test(alias))
        throw invalid(`Invalid alias name '${alias}'. Aliases may only contain alphanumerics, underscores and dashes, at most 255 characters.`);
    if (/^latest$/i.test(alias) || /^v\d+$/i.test(alias))
        throw invalid(`'${alias}' alias name (case insensitive) is reserved.`);
    return alias;
}
/** The registered models endpoints (`/mlflow/registered-models/…`), their aliases and latest versions included. */
function registerRegisteredModelRoutes(app, db, events) {
    endpoint(app, 'POST', 'mlflow/registered-models/create', (params) => {
        const name = requiredString(params, 'name');
        const tags = keyValues(params, 'tags').map(checkRegistryTag);
        const description = optionalString(params, 'description') ?? '';
        const now = Date.now();
        db.transaction(() => {
            if (statement(db, 'SELECT 1 FROM registered_models WHERE name = ?').get(name))
                throw alreadyExists(`Registered Model (name=${name}) already exists.`);
            statement(db, 'INSERT INTO registered_models VALUES (?, ?, ?, ?)').run(name, now, now, description);
            for (const tag of tags)
                statement(db, 'INSERT OR REPLACE INTO registered_model_tags VALUES (?, ?, ?)').run(name, tag.key, tag.value);
        }).immediate();
        events.emit('registered_model', 'created', { name, tags: Object.fromEntries(tags.map((t) => [t.key, t.value])), description });
        return { registered_model: modelJson(db, modelRow(db, name)) };
    });
    endpoint(app, 'GET', 'mlflow/registered-models/get', (params) => ({
        registered_model: modelJson(db, modelRow(db, requiredString(params, 'name'))),
    }));
    endpoint(app, 'GET', 'mlflow/registered-models/search', (params) => searchModels(db, params));
    endpoint(app, 'PATCH', 'mlflow/registered-models/update', (params) => {
        const name = requiredString(params, 'name');
        modelRow(db, name);
        statement(db, 'UPDATE registered_models SET description = ?, last_updated_timestamp = ? WHERE name = ?').run(optionalString(params, 'description') ?? '', Date.now(), name);
        return { registered_model: modelJson(db, modelRow(db, name)) };
    });
    // MLflow's rename moves the model with its versions, tags and aliases in one transaction (recorded from MLflow 3.6:
    // the model and its versions get a new last_updated_timestamp).
    endpoint(app, 'POST', 'mlflow/registered-models/rename', (params) => {
        const name = requiredString(params, 'name');
        const newName = requiredString(params, 'new_name');
        const now = Date.now();
        db.transaction(() => {
            modelRow(db, name);
            if (statement(db, 'SELECT 1 FROM registered_models WHERE name = ?').get(newName))
                throw alreadyExists(`Registered Model (name=${newName}) already exists.`);
            for (const table of MODEL_TABLES)
                statement(db, `UPDATE ${table} SET name = ? WHERE name = ?`).run(newName, name);
            statement(db, 'UPDATE registered_models SET last_updated_timestamp = ? WHERE name = ?').run(now, newName);
            statement(db, 'UPDATE model_versions SET last_updated_timestamp = ? WHERE name = ? AND deleted = 0').run(now, newName);
        }).immediate();
        return { registered_model: modelJson(db, modelRow(db, newName)) };
    });
    endpoint(app, 'DELETE', 'mlflow/registered-models/delete', (params) => {
        const name = requiredString(params, 'name');
        modelRow(db, name);
        db.transaction(() => {
            for (const table of MODEL_TABLES)
                statement(db, `DELETE FROM ${table} WHERE name = ?`).run(name);
        })();
        return {};
    });
    endpoint(app, 'POST', 'mlflow/registered-models/set-tag', (params) => {
        const name = requiredString(params, 'name');
        modelRow(db, name);
        const tag = checkRegistryTag({ key: requiredString(params, 'key'), value: optionalString(params, 'value') ?? '' });
        statement(db, 'INSERT OR REPLACE INTO registered_model_tags VALUES (?, ?, ?)').run(name, tag.key, tag.value);
        return {};
    });
    endpoint(app, 'DELETE', 'mlflow/registered-models/delete-tag', (params) => {
        const name = requiredString(params, 'name');
        modelRow(db, name);
        statement(db, 'DELETE FROM registered_model_tags WHERE name = ? AND key = ?').run(name, requiredString(params, 'key'));
        return {};
    });
    registerAliasRoutes(app, db, events);
    const latestVersions = (params) => {
        const name = requiredString(params, 'name');
        modelRow(db, name);
        const latest = latestVersion(db, name);
        return { model_versions: latest ? [versionJson(db, latest)] : [] };
    };
    endpoint(app, 'POST', 'mlflow/registered-models/get-latest-versions', latestVersions);
    endpoint(app, 'GET', 'mlflow/registered-models/get-latest-versions', latestVersions);
}
function registerAliasRoutes(app, db, events) {
    endpoint(app, 'POST', 'mlflow/registered-models/alias', (params) => {
        const name = requiredString(params, 'name');
        const alias = checkAlias(requiredString(params, 'alias'));
        const row = versionRow(db, name, requiredString(params, 'version'));
        statement(db, 'INSERT OR REPLACE INTO aliases VALUES (?, ?, ?)').run(name, alias, row.version);
        touchModel(db, name);
        events.emit('model_version_alias', 'created', { name, alias, version: String(row.version) });
        return {};
    });
    endpoint(app, 'DELETE', 'mlflow/registered-models/alias', (params) => {
        const name = requiredString(params, 'name');
        const alias = requiredString(params, 'alias');
        modelRow(db, name);
        statement(db, 'DELETE FROM aliases WHERE name = ? AND alias = ?').run(name, alias);
        events.emit('model_version_alias', 'deleted', { name, alias });
        return {};
    });
    endpoint(app, 'GET', 'mlflow/registered-models/alias', (params) => {
        const name = requiredString(params, 'name');
        const alias = requiredString(params, 'alias');
        modelRow(db, name);
        const found = statement(db, 'SELECT version FROM aliases WHERE name = ? AND alias = ?').get(name, alias);
        // MLflow answers a missing alias with 400, not 404.
        if (!found)
            throw invalid(`Registered model alias ${alias} not found.`);
        return { model_version: versionJson(db, versionRow(db, name, String(found.version))) };
    });
}

;// CONCATENATED MODULE: ./packages/mlflow-server/src/routes/run-data.ts





// An exact duplicate (same key, step, timestamp and value) is ignored, so a retried batch never doubles a point.
const INSERT_METRIC = 'INSERT OR IGNORE INTO metrics (run_id, key, value, is_nan, timestamp, step) VALUES (?, ?, ?, ?, ?, ?)';
function logParams(db, runId, entries) {
    const seen = new Set();
    const duplicates = entries.filter((p) => (seen.has(p.key) ? true : (seen.add(p.key), false))).map((p) => p.key);
    if (duplicates.length)
        throw invalid(`Duplicate parameter keys have been submitted: ${JSON.stringify(duplicates)}. Please ensure the request contains only one param value per param key.`);
    for (const param of entries) {
        const value = truncate(param.value, 6000);
        const existing = statement(db, 'SELECT value FROM params WHERE run_id = ? AND key = ?').get(runId, validateKey(param.key, 'param name'));
        if (existing && existing.value !== value) {
            throw invalid(`Changing param values is not allowed. Param with key='${param.key}' was already logged with value='${existing.value}' for run ID='${runId}'. Attempted logging new value '${value}'.`);
        }
        if (!existing)
            statement(db, 'INSERT INTO params VALUES (?, ?, ?)').run(runId, param.key, value);
    }
}
/** Checks a metric's fields before anything is looked up, as MLflow validates the request first. */
const parseMetric = (entry) => ({
    key: validateKey(requiredString(entry, 'key'), 'metric name'),
    value: requiredDouble(entry, 'value'),
    timestamp: requiredInt64(entry, 'timestamp'),
    step: optionalInt64(entry, 'step') ?? 0,
    modelId: optionalString(entry, 'model_id') || undefined,
    datasetName: optionalString(entry, 'dataset_name') || null,
    datasetDigest: optionalString(entry, 'dataset_digest') || null,
});
// A metric that names a logged model is also the model's (SqlAlchemyStore._log_model_metrics): NaN as 0, ±Infinity
// as ±max double, an exact repeat skipped; a model that does not exist breaks the foreign key (400 BAD_REQUEST).
const INSERT_MODEL_METRIC = 'INSERT OR IGNORE INTO logged_model_metrics VALUES (?, ?, ?, ?, ?, ?, ?, ?)';
function logMetric(db, runId, metric) {
    statement(db, INSERT_METRIC).run(runId, metric.key, storedMetricValue(metric.value), Number.isNaN(metric.value) ? 1 : 0, metric.timestamp, metric.step);
    if (metric.modelId === undefined)
        return;
    if (!statement(db, 'SELECT 1 FROM logged_models WHERE model_id = ?').get(metric.modelId))
        throw new MlflowError('BAD_REQUEST', '(sqlite3.IntegrityError) FOREIGN KEY constraint failed');
    statement(db, INSERT_MODEL_METRIC).run(metric.modelId, metric.key, storedMetricValue(metric.value), metric.timestamp, metric.step, runId, metric.datasetName, metric.datasetDigest);
}
function setTag(db, runId, tag) {
    statement(db, 'INSERT OR REPLACE INTO tags VALUES (?, ?, ?)').run(runId, validateKey(tag.key, 'tag key'), truncate(tag.value, 8000));
    if (tag.key === 'mlflow.runName')
        statement(db, 'UPDATE runs SET run_name = ? WHERE run_id = ?').run(tag.value, runId);
}
function logBatch(db, params) {
    const runId = requiredString(params, 'run_id');
    const metrics = optionalList(params, 'metrics') ?? [];
    const paramsList = keyValues(params, 'params');
    const tags = keyValues(params, 'tags');
    if (paramsList.length > 100)
        throw invalid(`A batch logging request can contain at most 100 params. Got ${paramsList.length} params. Please split up params across multiple requests and try again.`);
    if (tags.length > 100)
        throw invalid(`A batch logging request can contain at most 100 tags. Got ${tags.length} tags. Please split up tags across multiple requests and try again.`);
    if (metrics.length > 1000)
        throw invalid(`A batch logging request can contain at most 1000 metrics. Got ${metrics.length} metrics. Please split up metrics across multiple requests and try again.`);
    const total = metrics.length + paramsList.length + tags.length;
    if (total > 1000)
        throw invalid(`A batch logging request can contain at most 1000 metrics, params, and tags. Got ${total} total. Please split up metrics, params, and tags across multiple requests and try again.`);
    const parsedMetrics = metrics.map((metric) => {
        if (typeof metric !== 'object' || metric === null)
            throw invalid(`Invalid metric ${JSON.stringify(metric)}: expected {"key", "value", "timestamp", "step"}`);
        return parseMetric(metric);
    });
    activeRun(db, runId);
    db.transaction(() => {
        logParams(db, runId, paramsList);
        for (const metric of parsedMetrics)
            logMetric(db, runId, metric);
        for (const tag of tags)
            setTag(db, runId, tag);
    })();
    return {};
}
/** What a run logs, its metrics, params and tags (MLflow's RunData), and a metric's history. */
function registerRunDataRoutes(app, db) {
    endpoint(app, 'POST', 'mlflow/runs/log-metric', (params) => {
        const runId = optionalString(params, 'run_id') || requiredString(params, 'run_uuid');
        const metric = parseMetric(params);
        activeRun(db, runId);
        logMetric(db, runId, metric);
        return {};
    });
    endpoint(app, 'POST', 'mlflow/runs/log-parameter', (params) => {
        const runId = optionalString(params, 'run_id') || requiredString(params, 'run_uuid');
        activeRun(db, runId);
        db.transaction(() => logParams(db, runId, [{ key: requiredString(params, 'key'), value: optionalString(params, 'value') ?? '' }]))();
        return {};
    });
    endpoint(app, 'POST', 'mlflow/runs/set-tag', (params) => {
        const runId = optionalString(params, 'run_id') || requiredString(params, 'run_uuid');
        activeRun(db, runId);
        setTag(db, runId, { key: requiredString(params, 'key'), value: optionalString(params, 'value') ?? '' });
        return {};
    });
    endpoint(app, 'POST', 'mlflow/runs/delete-tag', (params) => {
        const runId = requiredString(params, 'run_id');
        activeRun(db, runId);
        const key = requiredString(params, 'key');
        if (statement(db, 'DELETE FROM tags WHERE run_id = ? AND key = ?').run(runId, key).changes === 0)
            throw notFound(`No tag with name: ${key} in run with id ${runId}`);
        return {};
    });
    endpoint(app, 'POST', 'mlflow/runs/log-batch', (params) => logBatch(db, params));
    endpoint(app, 'GET', 'mlflow/metrics/get-history', (params) => {
        const runId = optionalString(params, 'run_id') || requiredString(params, 'run_uuid');
        runRow(db, runId);
        const key = requiredString(params, 'metric_key');
        const limit = optionalInt64(params, 'max_results') ?? 25_000;
        const rows = statement(db, 'SELECT key, value, is_nan, timestamp, step FROM metrics WHERE run_id = ? AND key = ? ORDER BY step, timestamp, rowid').all(runId, key);
        const { page, nextPageToken } = paginate(rows, Math.max(1, limit), optionalString(params, 'page_token'));
        return {
            metrics: page.map((m) => ({ key: m.key, value: metricValue(m), timestamp: m.timestamp, step: m.step })),
            next_page_token: nextPageToken,
        };
    });
}

;// CONCATENATED MODULE: ./packages/mlflow-server/src/routes/runs.ts






const RUN_STATUSES = ['RUNNING', 'SCHEDULED', 'FINISHED', 'FAILED', 'KILLED'];
const runs_ADJECTIVES = ['brave', 'calm', 'clever', 'eager', 'gentle', 'bold', 'bright', 'quick', 'quiet', 'wise', 'lucky', 'merry'];
const ANIMALS = ['otter', 'heron', 'lynx', 'stork', 'fox', 'owl', 'panda', 'wren', 'seal', 'crane', 'moth', 'hare'];
const runInfo = (row) => ({
    run_uuid: row.run_id,
    experiment_id: String(row.experiment_id),
    run_name: row.run_name,
    user_id: row.user_id,
    status: row.status,
    start_time: row.start_time ?? undefined,
    end_time: row.end_time ?? undefined,
    artifact_uri: row.artifact_uri,
    lifecycle_stage: row.lifecycle_stage,
    run_id: row.run_id,
});
const LATEST_METRICS = `
    SELECT key, value, is_nan, timestamp, step FROM (
      SELECT *, ROW_NUMBER() OVER (PARTITION BY key ORDER BY step DESC, timestamp DESC, rowid DESC) AS rank FROM metrics WHERE run_id = ?
    ) WHERE rank = 1 ORDER BY key`;
// Dataset inputs (runs/log-inputs), as MLflow's SQL store keeps them: a dataset is one per (experiment, name,
// digest), linked to a run once, with the link's tags; limits from mlflow/utils/validation.py.
function datasetInputs(db, runId) {
    const rows = statement(db, 'SELECT d.* FROM inputs i JOIN datasets d ON d.dataset_uuid = i.dataset_uuid WHERE i.run_id = ? ORDER BY i.rowid').all(runId);
    if (rows.length === 0)
        return {};
    return {
        dataset_inputs: rows.map((row) => ({
            tags: statement(db, 'SELECT key, value FROM input_tags WHERE run_id = ? AND dataset_uuid = ? ORDER BY key').all(runId, row.dataset_uuid),
            dataset: {
                name: row.name,
                digest: row.digest,
                source_type: row.source_type,
                source: row.source,
                ...(row.schema === null ? {} : { schema: row.schema }),
                ...(row.profile === null ? {} : { profile: row.profile }),
            },
        })),
    };
}
function logInputs(db, params) {
    const run = runRow(db, requiredString(params, 'run_id'));
    if (run.lifecycle_stage !== 'active')
        throw invalid(`The run ${run.run_id} must be in the 'active' state. Current state is ${run.lifecycle_stage}.`);
    const models = (optionalList(params, 'models') ?? []).map((entry) => requiredString((entry ?? {}), 'model_id'));
    const datasets = optionalList(params, 'datasets') ?? [];
    if (datasets.length > 1000)
        throw invalid(`A batch logging request can contain at most 1000 datasets. Got ${datasets.length} datasets.`);
    const limited = (value, field, limit, required) => {
        if (value === undefined || value === null || value === '') {
            if (required)
                throw invalid(`Missing value for required parameter 'dataset.${field}'.`);
            return null;
        }
        if (typeof value !== 'string')
            throw invalid(`Invalid value ${JSON.stringify(value)} for parameter 'dataset.${field}': expected a string`);
        if (value.length > limit)
            throw invalid(`Dataset ${field} exceeds the maximum length of ${limit} characters`);
        return value;
    };
    const entries = datasets.map((entry) => {
        const input = (entry ?? {});
        const dataset = (input.dataset ?? {});
        const tags = keyValues(input, 'tags').map((tag) => {
            if (tag.key.length > 255)
                throw invalid(`Input tag key exceeds the maximum length of 255 characters`);
            if (tag.value.length > 500)
                throw invalid(`Input tag value exceeds the maximum length of 500 characters`);
            return tag;
        });
        return {
            tags,
            name: limited(dataset.name, 'name', 500, true),
            digest: limited(dataset.digest, 'digest', 36, true),
            sourceType: limited(dataset.source_type, 'source_type', 65535, true),
            source: limited(dataset.source, 'source', 65535, true),
            schema: limited(dataset.schema, 'schema', 1048575, false),
            profile: limited(dataset.profile, 'profile', 16777215, false),
        };
    });
    db.transaction(() => {
        for (const modelId of models)
            statement(db, "INSERT INTO run_models VALUES (?, ?, 'input', 0)").run(run.run_id, modelId);
        for (const entry of entries) {
            statement(db, 'INSERT OR IGNORE INTO datasets (dataset_uuid, experiment_id, name, digest, source_type, source, schema, profile) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run((0,external_node_crypto_.randomUUID)().replace(/-/g, ''), run.experiment_id, entry.name, entry.digest, entry.sourceType, entry.source, entry.schema, entry.profile);
            const { dataset_uuid: uuid } = statement(db, 'SELECT dataset_uuid FROM datasets WHERE experiment_id = ? AND name = ? AND digest = ?').get(run.experiment_id, entry.name, entry.digest);
            const linked = statement(db, 'INSERT OR IGNORE INTO inputs (run_id, dataset_uuid) VALUES (?, ?)').run(run.run_id, uuid);
            if (linked.changes > 0)
                for (const tag of entry.tags)
                    statement(db, 'INSERT OR REPLACE INTO input_tags VALUES (?, ?, ?, ?)').run(run.run_id, uuid, tag.key, tag.value);
        }
    }).immediate();
    return {};
}
// The logged models a run took in (runs/log-inputs `models`) or produced (runs/outputs), in the order logged.
const runModels = (db, runId, direction) => statement(db, 'SELECT model_id, step FROM run_models WHERE run_id = ? AND direction = ? ORDER BY rowid').all(runId, direction);
// MLflow 3 answers runs/get and runs/search with an "outputs" object (the logged models a run produced, empty
// without), runs/create without one (mlflow-python-client-flows.jsonl); only runs/get lists model inputs
// (SqlAlchemyStore.get_run; search fills outputs alone, `_get_model_outputs_bulk`).
const runJson = (db, row, options = {}) => ({
    info: runInfo(row),
    data: {
        metrics: statement(db, LATEST_METRICS).all(row.run_id).map((m) => ({
            key: m.key,
            value: metricValue(m),
            timestamp: m.timestamp,
            step: m.step,
        })),
        params: statement(db, 'SELECT key, value FROM params WHERE run_id = ? ORDER BY key').all(row.run_id),
        tags: statement(db, 'SELECT key, value FROM tags WHERE run_id = ? ORDER BY key').all(row.run_id),
    },
    inputs: {
        ...datasetInputs(db, row.run_id),
        model_inputs: options.modelInputs ? runModels(db, row.run_id, 'input').map((m) => ({ model_id: m.model_id })) : undefined,
    },
    ...(options.outputs ? { outputs: { model_outputs: runModels(db, row.run_id, 'output') } } : {}),
});
function searchRuns(db, params) {
    const experimentIds = (optionalList(params, 'experiment_ids') ?? []).map(String);
    const limit = maxResults(params, 1000, 50_000);
    const view = optionalString(params, 'run_view_type') ?? 'ACTIVE_ONLY';
    const filters = parseFilter(optionalString(params, 'filter'));
    checkRunFilter(filters);
    const orderBy = (optionalList(params, 'order_by') ?? []).map(String);
    // The number of placeholders follows the request: prepared each time rather than cached.
    const rows = experimentIds.length === 0
        ? []
        : db
            .prepare(`SELECT * FROM runs WHERE experiment_id IN (${experimentIds.map(() => '?').join(',')})`)
            .all(...experimentIds.map(Number));
    const runs = rows
        .filter((row) => view === 'ALL' || (view === 'DELETED_ONLY' ? row.lifecycle_stage === 'deleted' : row.lifecycle_stage === 'active'))
        .map((row) => runJson(db, row, { outputs: true }))
        .filter((run) => filters.every((f) => f.entity === 'datasets'
        ? datasetValues(run, f.key).some((value) => matches(value, f.op, f.value))
        : matches(runField(run, f.entity || 'attributes', f.key), f.op, f.value)));
    runs.sort(compareRuns(orderBy));
    const { page, nextPageToken } = paginate(runs, limit, optionalString(params, 'page_token'));
    return { runs: page, next_page_token: nextPageToken };
}
/**
 * The runs endpoints that create, read, move and search runs and record their inputs and outputs; what a run logs
 * (metrics, params, tags) is in run-data.ts.
 */
function registerRunRoutes(app, db) {
    endpoint(app, 'POST', 'mlflow/runs/log-inputs', (params) => logInputs(db, params));
    // runs/outputs (SqlAlchemyStore.log_outputs): `models` is required but may be empty; the models are not looked up
    // and a repeat is kept.
    endpoint(app, 'POST', 'mlflow/runs/outputs', (params) => {
        const runId = requiredString(params, 'run_id');
        const models = optionalList(params, 'models');
        if (models === undefined)
            throw invalid("Missing value for required parameter 'models'. See the API docs for more information about request parameters.");
        const outputs = models.map((entry) => {
            const model = (entry ?? {});
            return { modelId: requiredString(model, 'model_id'), step: optionalInt64(model, 'step') ?? 0 };
        });
        activeRun(db, runId);
        db.transaction(() => {
            for (const output of outputs)
                statement(db, "INSERT INTO run_models VALUES (?, ?, 'output', ?)").run(runId, output.modelId, output.step);
        })();
        return {};
    });
    endpoint(app, 'POST', 'mlflow/runs/create', (params) => {
        const experimentId = optionalString(params, 'experiment_id') ?? '0';
        const experiment = experimentById(db, experimentId);
        if (experiment.lifecycle_stage !== 'active')
            throw invalid(`The experiment ${experimentId} must be in the 'active' state. Current state is ${experiment.lifecycle_stage}.`);
        const tags = keyValues(params, 'tags');
        const runId = (0,external_node_crypto_.randomUUID)().replace(/-/g, '');
        const runName = optionalString(params, 'run_name') || tags.find((t) => t.key === 'mlflow.runName')?.value || generateRunName();
        const start = optionalInt64(params, 'start_time') ?? Date.now();
        db.transaction(() => {
            statement(db, 'INSERT INTO runs VALUES (?, ?, ?, ?, ?, ?, NULL, ?, ?)').run(runId, experiment.experiment_id, runName, optionalString(params, 'user_id') ?? '', 'RUNNING', start, `${experiment.artifact_location.replace(/\/+$/, '')}/${runId}/artifacts`, 'active');
            for (const tag of [...tags.filter((t) => t.key !== 'mlflow.runName'), { key: 'mlflow.runName', value: runName }]) {
                statement(db, 'INSERT OR REPLACE INTO tags VALUES (?, ?, ?)').run(runId, validateKey(tag.key, 'tag key'), truncate(tag.value, 8000));
            }
        })();
        return { run: runJson(db, runRow(db, runId)) };
    });
    endpoint(app, 'GET', 'mlflow/runs/get', (params) => ({
        run: runJson(db, runRow(db, optionalString(params, 'run_id') || requiredString(params, 'run_uuid')), {
            outputs: true,
            modelInputs: true,
        }),
    }));
    endpoint(app, 'POST', 'mlflow/runs/update', (params) => {
        const runId = optionalString(params, 'run_id') || requiredString(params, 'run_uuid');
        const row = activeRun(db, runId);
        const status = optionalString(params, 'status');
        const endTime = optionalInt64(params, 'end_time');
        const runName = optionalString(params, 'run_name');
        db.transaction(() => {
            // An unknown status is dropped, as MLflow's proto parser drops unknown enum values.
            if (status !== undefined && RUN_STATUSES.includes(status))
                statement(db, 'UPDATE runs SET status = ? WHERE run_id = ?').run(status, runId);
            if (endTime !== undefined)
                statement(db, 'UPDATE runs SET end_time = ? WHERE run_id = ?').run(endTime, runId);
            if (runName) {
                statement(db, 'UPDATE runs SET run_name = ? WHERE run_id = ?').run(runName, runId);
                statement(db, "INSERT OR REPLACE INTO tags VALUES (?, 'mlflow.runName', ?)").run(runId, runName);
            }
        })();
        return { run_info: runInfo(runRow(db, row.run_id)) };
    });
    const deleteOrRestore = (stage) => (params) => {
        const runId = requiredString(params, 'run_id');
        runRow(db, runId);
        statement(db, 'UPDATE runs SET lifecycle_stage = ? WHERE run_id = ?').run(stage, runId);
        return {};
    };
    endpoint(app, 'POST', 'mlflow/runs/delete', deleteOrRestore('deleted'));
    endpoint(app, 'POST', 'mlflow/runs/restore', deleteOrRestore('active'));
    endpoint(app, 'POST', 'mlflow/runs/search', (params) => searchRuns(db, params));
}
/** A run's dataset names, digests or contexts (the `mlflow.data.context` input tag): a filter matches any of them. */
function datasetValues(run, key) {
    return (run.inputs.dataset_inputs ?? []).flatMap((input) => key === 'context'
        ? input.tags.filter((tag) => tag.key === 'mlflow.data.context').map((tag) => tag.value)
        : typeof input.dataset[key] === 'string'
            ? [input.dataset[key]]
            : []);
}
function runField(run, entity, key) {
    if (entity === 'metrics') {
        const value = run.data.metrics.find((m) => m.key === key)?.value;
        return typeof value === 'string' ? Number(value) : value;
    }
    if (entity === 'params')
        return run.data.params.find((p) => p.key === key)?.value;
    if (entity === 'tags')
        return run.data.tags.find((t) => t.key === key)?.value;
    return run.info[runAttributeKey(key)];
}
function compareRuns(orderBy) {
    const clauses = [...orderBy, 'attributes.start_time DESC', 'attributes.run_id ASC'].map((clause) => {
        const match = /^\s*(?:(metrics?|params?|tags?|attributes?)\.)?[`"]?([^`"]+?)[`"]?(?:\s+(ASC|DESC))?\s*$/i.exec(clause);
        if (!match)
            throw invalid(`Invalid order_by clause '${clause}'`);
        const entity = (match[1] ?? 'attributes').toLowerCase().replace(/s?$/, 's');
        return { entity, key: match[2], descending: (match[3] ?? 'ASC').toUpperCase() === 'DESC' };
    });
    return (a, b) => {
        for (const clause of clauses) {
            const x = runField(a, clause.entity, clause.key);
            const y = runField(b, clause.entity, clause.key);
            if (x === y)
                continue;
            if (x === undefined)
                return 1;
            if (y === undefined)
                return -1;
            const order = x < y ? -1 : 1;
            return clause.descending ? -order : order;
        }
        return 0;
    };
}
function generateRunName() {
    const pick = (items) => items[Math.floor(Math.random() * items.length)];
    return `${pick(runs_ADJECTIVES)}-${pick(ANIMALS)}-${Math.floor(Math.random() * 1000)}`;
}

;// CONCATENATED MODULE: ./packages/mlflow-server/src/webhooks.ts







/** Entity → the actions MLflow accepts for it (mlflow/entities/webhook.py). */
const VALID_EVENTS = {
    registered_model: ['created'],
    model_version: ['created'],
    model_version_tag: ['set', 'deleted'],
    model_version_alias: ['created', 'deleted'],
};
/** The example payloads MLflow's test deliveries send. */
const EXAMPLES = {
    'registered_model.created': { name: 'example_model', tags: { example_key: 'example_value' }, description: 'An example registered model' },
    'model_version.created': {
        name: 'example_model',
        version: '1',
        source: 'models:/123',
        run_id: '42',
        tags: { example_key: 'example_value' },
        description: 'An example model version',
    },
    'model_version_tag.set': { name: 'example_model', version: '1', key: 'example_key', value: 'example_value' },
    'model_version_tag.deleted': { name: 'example_model', version: '1', key: 'example_key' },
    'model_version_alias.created': { name: 'example_model', alias: 'example_alias', version: '1' },
    'model_version_alias.deleted': { name: 'example_model', alias: 'example_alias' },
};
const compareText = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
/** `v1,` + base64 HMAC-SHA256(secret, "{delivery id}.{timestamp}.{body}"), exactly as MLflow signs. */
function signDelivery(secret, deliveryId, timestamp, body) {
    return `v1,${(0,external_node_crypto_.createHmac)('sha256', secret).update(`${deliveryId}.${timestamp}.${body}`).digest('base64')}`;
}
/** Python's datetime.now(timezone.utc).isoformat(): microseconds and +00:00. */
function isoTimestamp(date) {
    return date.toISOString().replace(/\.(\d{3})Z$/, '.$1000+00:00');
}
function registerWebhooks(app, db, options = {}) {
    const allowedSchemes = options.allowedSchemes ?? ['http', 'https'];
    const maxRetries = options.maxRetries ?? 3;
    const timeoutMs = options.timeoutMs ?? 30_000;
    const backoff = options.backoffMs ?? ((retry) => (retry === 1 ? 0 : 1000 * 2 ** (retry - 1)) + Math.random() * 1000);
    const fetchImpl = options.fetch ?? globalThis.fetch;
    const log = options.log ?? (() => undefined);
    const inFlight = new Set();
    /** One delivery: the same id, timestamp and body on every attempt. */
    const deliver = async (row, entity, action, data) => {
        const body = pythonJsonDumps({ entity, action, timestamp: isoTimestamp(new Date()), data });
        const deliveryId = (0,external_node_crypto_.randomUUID)();
        const timestamp = String(Math.floor(Date.now() / 1000));
        const headers = {
            'Content-Type': 'application/json',
            'X-MLflow-Delivery-Id': deliveryId,
            'X-MLflow-Timestamp': timestamp,
        };
        if (row.secret)
            headers['X-MLflow-Signature'] = signDelivery(row.secret, deliveryId, timestamp, body);
        let result = { success: false, error_message: 'not sent' };
        for (let attempt = 0; attempt <= maxRetries; attempt++) {
            if (attempt > 0)
                await new Promise((resolve) => setTimeout(resolve, backoff(attempt)));
            try {
                const response = await fetchImpl(row.url, { method: 'POST', headers, body, signal: AbortSignal.timeout(timeoutMs) });
                const text = await response.text();
                result = { success: response.ok, response_status: response.status, response_body: text };
                if (![429, 500, 502, 503, 504].includes(response.status))
                    break;
                const retryAfter = Number(response.headers.get('retry-after'));
                if (Number.isFinite(retryAfter) && retryAfter > 0 && attempt < maxRetries)
                    await new Promise((resolve) => setTimeout(resolve, Math.min(60, retryAfter) * 1000));
            }
            catch (error) {
                result = { success: false, error_message: (0,src/* errorMessage */.gJ)(error) };
            }
        }
        if (!result.success)
            log(`webhook ${row.name}: delivery ${deliveryId} of ${entity}.${action} to ${row.url} failed: ${result.error_message ?? `HTTP ${result.response_status}`}`);
        return result;
    };
    const events = {
        emit(entity, action, data) {
            const rows = db.prepare("SELECT * FROM webhooks WHERE status = 'ACTIVE' AND deleted_timestamp IS NULL").all();
            for (const row of rows) {
                const subscribed = JSON.parse(row.events).some((e) => e.entity.toLowerCase() === entity && e.action.toLowerCase() === action);
                if (!subscribed)
                    continue;
                const delivery = deliver(row, entity, action, data).finally(() => inFlight.delete(delivery));
                inFlight.add(delivery);
            }
        },
        async settle() {
            while (inFlight.size > 0)
                await Promise.allSettled([...inFlight]);
        },
    };
    const webhookRow = (id) => {
        const row = db.prepare('SELECT * FROM webhooks WHERE webhook_id = ? AND deleted_timestamp IS NULL').get(id);
        if (!row)
            throw notFound(`Webhook with ID ${id} not found.`);
        return row;
    };
    const webhookJson = (row) => ({
        webhook_id: row.webhook_id,
        name: row.name,
        description: row.description === '' ? undefined : row.description,
        url: row.url,
        events: JSON.parse(row.events),
        status: row.status,
        creation_timestamp: row.creation_timestamp,
        last_updated_timestamp: row.last_updated_timestamp,
    });
    const checkName = (name) => {
        if (!/^(?=.{1,63}$)[a-z0-9]([a-z0-9._-]*[a-z0-9])?$/i.test(name))
            throw invalid(`Invalid webhook name '${name}'. Names must be 1 to 63 characters of letters, digits, '.', '_' and '-', starting and ending with a letter or digit.`);
        return name;
    };
    const checkUrl = (url) => {
        let scheme;
        try {
            scheme = new URL(url).protocol.replace(/:$/, '');
        }
        catch {
            throw invalid(`Invalid webhook URL '${url}'.`);
        }
        if (!allowedSchemes.includes(scheme))
            throw invalid(`Invalid webhook URL scheme: '${scheme}'. Allowed schemes are: ${allowedSchemes.join(', ')}.`);
        return url;
    };
    const checkEvents = (list) => {
        if (list.length === 0)
            throw invalid('Webhook events cannot be empty.');
        const normalised = list.map((event) => {
            if (typeof event !== 'object' || event === null)
                throw invalid(`Invalid webhook event ${JSON.stringify(event)}: expected {"entity": "MODEL_VERSION", "action": "CREATED"}`);
            const entityName = requiredString(event, 'entity');
            const actionName = requiredString(event, 'action');
            // The REST API takes the proto enum names, in capitals: real MLflow 3.6 refuses {"entity": "model_version_alias",
            // "action": "created"} (measured: an HTML 500 page, from the enum parse); here the refusal is a 400 that says why.
            if (entityName !== entityName.toUpperCase() || actionName !== actionName.toUpperCase())
                throw invalid(`Invalid webhook event ${JSON.stringify(event)}: entities and actions are spelled in capitals, such as {"entity": "MODEL_VERSION_ALIAS", "action": "CREATED"}`);
            const entity = entityName.toLowerCase();
            const action = actionName.toLowerCase();
            const valid = VALID_EVENTS[entity];
            if (!valid)
                throw invalid(`Invalid entity '${entity}'. Valid entities are: ${JSON.stringify(Object.keys(VALID_EVENTS))}`);
            if (!valid.includes(action))
                throw invalid(`Invalid action '${action}' for entity '${entity}'. Valid actions are: ${JSON.stringify(valid)}`);
            return { entity: entity.toUpperCase(), action: action.toUpperCase() };
        });
        normalised.sort((a, b) => (a.entity === b.entity ? compareText(a.action, b.action) : compareText(a.entity, b.entity)));
        return JSON.stringify(normalised);
    };
    const checkStatus = (status) => {
        if (status !== undefined && status !== 'ACTIVE' && status !== 'DISABLED')
            throw invalid(`Invalid webhook status '${status}': expected ACTIVE or DISABLED`);
        return status;
    };
    endpoint(app, 'POST', 'mlflow/webhooks', (params) => {
        const id = (0,external_node_crypto_.randomUUID)();
        const now = Date.now();
        db.prepare('INSERT INTO webhooks VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)').run(id, checkName(requiredString(params, 'name')), optionalString(params, 'description') ?? '', checkUrl(requiredString(params, 'url')), checkEvents(optionalList(params, 'events') ?? []), optionalString(params, 'secret') ?? '', checkStatus(optionalString(params, 'status')) ?? 'ACTIVE', now, now);
        return { webhook: webhookJson(webhookRow(id)) };
    });
    endpoint(app, 'GET', 'mlflow/webhooks', (params) => {
        const limit = maxResults(params, 100, 1000);
        const rows = db
            .prepare('SELECT * FROM webhooks WHERE deleted_timestamp IS NULL ORDER BY creation_timestamp, webhook_id')
            .all();
        const { page, nextPageToken } = paginate(rows.map(webhookJson), limit, optionalString(params, 'page_token'));
        return { webhooks: page, next_page_token: nextPageToken };
    });
    endpoint(app, 'GET', 'mlflow/webhooks/:webhook_id', (params) => ({
        webhook: webhookJson(webhookRow(requiredString(params, 'webhook_id'))),
    }));
    endpoint(app, 'PATCH', 'mlflow/webhooks/:webhook_id', (params) => {
        const row = webhookRow(requiredString(params, 'webhook_id'));
        const nonEmpty = (field) => optionalString(params, field) || undefined;
        const events = optionalList(params, 'events');
        db.prepare('UPDATE webhooks SET name = ?, description = ?, url = ?, events = ?, secret = ?, status = ?, last_updated_timestamp = ? WHERE webhook_id = ?').run(nonEmpty('name') ? checkName(nonEmpty('name')) : row.name, nonEmpty('description') ?? row.description, nonEmpty('url') ? checkUrl(nonEmpty('url')) : row.url, events && events.length > 0 ? checkEvents(events) : row.events, nonEmpty('secret') ?? row.secret, checkStatus(nonEmpty('status')) ?? row.status, Date.now(), row.webhook_id);
        return { webhook: webhookJson(webhookRow(row.webhook_id)) };
    });
    endpoint(app, 'DELETE', 'mlflow/webhooks/:webhook_id', (params) => {
        const row = webhookRow(requiredString(params, 'webhook_id'));
        db.prepare('UPDATE webhooks SET deleted_timestamp = ? WHERE webhook_id = ?').run(Date.now(), row.webhook_id);
        return {};
    });
    endpoint(app, 'POST', 'mlflow/webhooks/:webhook_id/test', async (params) => {
        const row = webhookRow(requiredString(params, 'webhook_id'));
        const requested = params.event;
        const first = JSON.parse(row.events)[0];
        const entity = requested ? requiredString(requested, 'entity').toLowerCase() : first.entity.toLowerCase();
        const action = requested ? requiredString(requested, 'action').toLowerCase() : first.action.toLowerCase();
        const example = EXAMPLES[`${entity}.${action}`];
        if (!example)
            throw invalid(`Invalid event ${entity}.${action} for a test delivery`);
        return { result: await deliver(row, entity, action, example) };
    });
    return events;
}

;// CONCATENATED MODULE: ./packages/mlflow-server/src/server.ts















const htmlPage = (status, title, text) => `<!doctype html>\n<html lang=en>\n<title>${status} ${title}</title>\n<h1>${title}</h1>\n<p>${text}</p>\n`;
/** Starts an MLflow-REST-compatible tracking, registry, artifact-proxy and webhook server. */
async function startMlflowServer(options) {
    const db = await openDatabase(options.dataDir);
    const log = options.log ?? (() => undefined);
    // On close, open connections are cut rather than waited for: an upload cut off this way never shows (staging).
    // Path parameters carry tag keys (up to 250 characters in MLflow) and ids: fastify's default of 100 would answer
    // a longer one with its own 414 rather than MLflow's JSON.
    const app = fastify_default()({ bodyLimit: 64 * 1024 * 1024, forceCloseConnections: true, routerOptions: { maxParamLength: 2048 } });
    // Raw bodies (artifact uploads) arrive as streams; JSON is parsed by fastify's own parser.
    app.addContentTypeParser('*', (_request, payload, done) => {
        done(null, payload);
    });
    // As MLflow's server does since 3.5 (its security middleware): a Host that does not name where it listens — a page of
    // another site whose name was made to resolve to this address (DNS rebinding) — is refused, with MLflow's message.
    const host = options.host ?? '127.0.0.1';
    app.addHook('onRequest', async (request, reply) => {
        if (request.url === '/health' || request.url === '/version' || (0,src/* addressedHere */.m)(request.headers.host, host))
            return;
        return reply.code(403).type('text/plain; charset=utf-8').send('Invalid Host header - possible DNS rebinding attack detected');
    });
    if (options.basicAuth) {
        const expected = Buffer.from(`Basic ${Buffer.from(options.basicAuth).toString('base64')}`);
        app.addHook('onRequest', async (request, reply) => {
            const given = Buffer.from(request.headers.authorization ?? '');
            if (given.length !== expected.length || !(0,external_node_crypto_.timingSafeEqual)(given, expected)) {
                return reply
                    .code(401)
                    .header('www-authenticate', 'Basic realm="mlflow"')
                    .type('text/html')
                    .send(htmlPage(401, 'Unauthorized', 'You are not authenticated. Please see the documentation to set up basic authentication.'));
            }
        });
    }
    app.addHook('preHandler', (request, _reply, done) => {
        if (request.method === 'POST' &&
            request.url.startsWith('/api/2.0/mlflow/') &&
            !(request.headers['content-type'] ?? '').startsWith('application/json')) {
            done(new MlflowError('INVALID_PARAMETER_VALUE', "Bad Request. Content-Type must be one of ['application/json']."));
            return;
        }
        done();
    });
    app.setErrorHandler((error, request, reply) => {
        if (error instanceof MlflowError)
            return reply.code(error.status).type('application/json').send(JSON.stringify(error.toJSON()));
        if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
            const code = error.statusCode === 413 ? 'INVALID_PARAMETER_VALUE' : 'BAD_REQUEST';
            return reply
                .code(400)
                .type('application/json')
                .send(JSON.stringify({ error_code: code, message: `Bad Request: ${error.message}` }));
        }
        log(`${request.method} ${request.url}: ${error.stack ?? error.message}`);
        return reply
            .code(500)
            .type('text/html')
            .send(htmlPage(500, 'Internal Server Error', 'The server encountered an internal error and was unable to complete your request.'));
    });
    app.setNotFoundHandler((request, reply) => {
        const path = request.url.split('?')[0];
        const known = [...knownPaths].some((pattern) => new RegExp(`^${pattern
            .replace(/[.+?^${}()|[\]\\]/g, '\\$&')
            .replace(/:/g, '[^/]+')
            .replace(/\*/g, '.*')}$`).test(path));
        if (known)
            return reply
                .code(405)
                .type('text/html')
                .send(htmlPage(405, 'Method Not Allowed', 'The method is not allowed for the requested URL.'));
        return reply
            .code(404)
            .type('text/html')
            .send(htmlPage(404, 'Not Found', 'The requested URL was not found on the server.'));
    });
    app.get('/health', async (_request, reply) => reply.type('text/plain').send('OK'));
    app.get('/version', async (_request, reply) => reply.type('text/plain').send('3.6.0'));
    const webhooks = registerWebhooks(app, db, { log, ...options.webhooks });
    registerExperimentRoutes(app, db);
    registerRunRoutes(app, db);
    registerRunDataRoutes(app, db);
    const loggedModels = registerLoggedModelRoutes(app, db);
    registerRegisteredModelRoutes(app, db, webhooks);
    registerModelVersionRoutes(app, db, webhooks, loggedModels);
    await registerArtifactRoutes(app, db, { root: (0,external_node_path_.join)(options.dataDir, 'artifacts'), staging: (0,external_node_path_.join)(options.dataDir, 'staging') }, loggedModels);
    await options.page?.(app);
    const address = await app.listen({ host, port: options.port ?? 5000 });
    return {
        url: address.replace('[::1]', '127.0.0.1'),
        app,
        db,
        webhooks,
        async close() {
            await app.close();
            await webhooks.settle();
            db.close();
        },
    };
}

;// CONCATENATED MODULE: ./packages/mlflow-server/src/index.ts






/***/ })

};
