export const id = 817;
export const ids = [817];
export const modules = {

/***/ 68817:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  CG: () => (/* reexport */ COMMAND_TIMEOUT_MINUTES),
  E2: () => (/* reexport */ inputs/* DISPATCH_DEFAULTS */.E2),
  bF: () => (/* reexport */ inputs/* DISPATCH_INPUTS */.bF),
  J3: () => (/* reexport */ inputs/* DISPATCH_INPUT_SPECS */.J3),
  Ng: () => (/* reexport */ inputs/* RELAY_DEFAULTS */.Ng),
  bq: () => (/* reexport */ commandDispatcher),
  _1: () => (/* reexport */ deployWorkflowDispatcher),
  j_: () => (/* reexport */ inputs/* dispatchOutputs */.j_),
  b2: () => (/* reexport */ poll/* dispatchReadyVersions */.b2),
  yb: () => (/* reexport */ poll/* dispatchRecord */.yb),
  lX: () => (/* reexport */ githubDispatcher),
  wj: () => (/* reexport */ inputs/* parseEvent */.wj),
  $g: () => (/* reexport */ inputs/* readGithubTarget */.$g),
  pe: () => (/* reexport */ inputs/* readPollInputs */.pe)
});

// UNUSED EXPORTS: DISPATCH_OUTPUTS, dispatchedTag, eventName, githubFailure, localDispatcher, readDispatchInputs, runReviews

// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(31421);
// EXTERNAL MODULE: external "node:readline"
var external_node_readline_ = __webpack_require__(80481);
// EXTERNAL MODULE: ./packages/common/src/index.ts + 18 modules
var src = __webpack_require__(22349);
;// CONCATENATED MODULE: ./packages/dispatch/src/dispatcher.ts



/** A dispatcher that calls a function on this machine (the demo runs evaluation in-process with it). */
function localDispatcher(run) {
    return {
        async dispatch(request) {
            await run(request);
            return `ran locally for ${request.modelName} v${request.version}`;
        },
    };
}
/**
 * Runs the command ($1) in this shell's process group, and beside it a watcher that reads the pipe from the relay on
 * fd 3: when the relay is gone — killed outright included, which no exit hook sees — the pipe closes, and the watcher
 * stops the whole group (TERM, then KILL 10 s later). The relay also closes the pipe once the command has exited, so
 * whatever the command left running in the background is stopped too.
 */
const GROUP_WATCHER = [
    'exec 3<&0',
    '( trap "" TERM; cat <&3 >/dev/null; kill -TERM 0 2>/dev/null; sleep 10; kill -KILL 0 2>/dev/null ) >/dev/null 2>&1 &',
    '/bin/sh -c "$1" </dev/null',
].join('\n');
/** How long a local command may run by default. */
const COMMAND_TIMEOUT_MINUTES = 60;
const KILL_GRACE_MS = 10_000;
/** The process groups of commands still running: stopped when this process exits. */
const liveGroups = new Set();
let exitHook = false;
function trackGroup(pid) {
    if (!exitHook)
        process.on('exit', stopLiveGroups);
    exitHook = true;
    liveGroups.add(pid);
}
function stopLiveGroups() {
    for (const pid of liveGroups)
        (0,src/* signalGroup */.i8)(pid, 'SIGTERM');
}
/**
 * A dispatcher that runs a shell command on this machine for each version, with `MLOPS_MODEL_NAME`,
 * `MLOPS_MODEL_VERSION` and `MLOPS_EVENT` set; a non-zero exit, or running past the timeout, is a failed dispatch
 * (retried by the relay). The command runs in a process group of its own, so a timeout stops everything it started,
 * and so does this process's exit.
 */
function commandDispatcher(command, options = {}) {
    const output = options.output ?? ((line) => void process.stderr.write(`${line}\n`));
    const timeoutMs = options.timeoutMs ?? COMMAND_TIMEOUT_MINUTES * 60_000;
    return {
        dispatch: (request) => new Promise((resolve, reject) => {
            const child = (0,external_node_child_process_.spawn)('/bin/sh', ['-c', GROUP_WATCHER, 'mlops-dispatch', command], {
                cwd: options.cwd,
                env: {
                    ...(options.env ?? process.env),
                    MLOPS_MODEL_NAME: request.modelName,
                    MLOPS_MODEL_VERSION: String(request.version),
                    MLOPS_EVENT: request.event,
                },
                stdio: ['pipe', 'pipe', 'pipe'],
                detached: true,
            });
            // The watcher's pipe: open while this process lives and the command runs.
            child.once('exit', () => child.stdin.end());
            const pid = child.pid;
            if (pid !== undefined)
                trackGroup(pid);
            let timedOut = false;
            let cancelKill;
            const timer = setTimeout(() => {
                if (pid === undefined)
                    return;
                timedOut = true;
                cancelKill = (0,src/* terminateGroup */.TK)(pid, KILL_GRACE_MS);
            }, timeoutMs);
            let last = '';
            for (const stream of [child.stdout, child.stderr]) {
                (0,external_node_readline_.createInterface)({ input: stream }).on('line', (line) => {
                    last = line;
                    output(line);
                });
            }
            child.on('error', (error) => {
                clearTimeout(timer);
                reject(error);
            });
            child.on('close', (code, signal) => {
                clearTimeout(timer);
                cancelKill?.();
                if (pid !== undefined)
                    liveGroups.delete(pid);
                if (timedOut)
                    reject(new Error(`'${command}' ran longer than ${formatMinutes(timeoutMs)} and was stopped`));
                else if (code === 0)
                    resolve(`ran '${command}' for ${request.modelName} v${request.version}`);
                else
                    reject(new Error(`'${command}' ${signal ? `was killed by ${signal}` : `exited with ${code}`}${last ? `: ${last}` : ''}`));
            });
        }),
    };
}
function formatMinutes(ms) {
    const minutes = ms / 60_000;
    return minutes >= 1 ? `${Number(minutes.toFixed(2))} min` : `${Number((ms / 1000).toFixed(2))} s`;
}

// EXTERNAL MODULE: ./packages/dispatch/src/poll.ts
var poll = __webpack_require__(27455);
// EXTERNAL MODULE: ./packages/dispatch/src/inputs.ts
var inputs = __webpack_require__(37331);
// EXTERNAL MODULE: ./node_modules/@octokit/core/dist-src/index.js + 13 modules
var dist_src = __webpack_require__(35194);
// EXTERNAL MODULE: ./node_modules/undici/index.js
var undici = __webpack_require__(24371);
;// CONCATENATED MODULE: ./packages/dispatch/src/proxy.ts

/**
 * The proxy a request to `url` goes through, by the rules the runner's own tools follow (`@actions/http-client`'s
 * lib/proxy.js, which `@actions/github` uses): https goes through `https_proxy`/`HTTPS_PROXY` and http through
 * `http_proxy`/`HTTP_PROXY` (the lower-case name first, an empty one counting as unset); a proxy without a scheme is
 * `http://`; loopback hosts never go through one; `no_proxy`/`NO_PROXY` lists hosts (also as `host:port`) that do not,
 * each matching itself and its subdomains, `*` matching all.
 */
function proxyFor(url, env) {
    if (bypassesProxy(url, env))
        return undefined;
    const names = url.protocol === 'https:' ? ['https_proxy', 'HTTPS_PROXY'] : ['http_proxy', 'HTTP_PROXY'];
    const name = names.find((candidate) => env[candidate]);
    if (name === undefined)
        return undefined;
    const value = env[name].trim();
    for (const text of /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? [value] : [`http://${value}`]) {
        try {
            return new URL(text);
        }
        catch {
            // said below
        }
    }
    throw new src/* ConfigurationError */.j1(`${name} is not a proxy address such as http://proxy.example:3128, got '${value}'`, { subject: name });
}
function bypassesProxy(url, env) {
    const host = url.hostname.toUpperCase();
    if (host === 'LOCALHOST' || host.startsWith('127.') || host === '[::1]' || host === '[0:0:0:0:0:0:0:1]')
        return true;
    const noProxy = env.no_proxy || env.NO_PROXY || '';
    const port = url.port || (url.protocol === 'https:' ? '443' : '80');
    const hosts = [host, `${host}:${port}`];
    return noProxy
        .split(',')
        .map((entry) => entry.trim().toUpperCase())
        .filter((entry) => entry !== '')
        .some((entry) => entry === '*' ||
        hosts.some((candidate) => candidate === entry || candidate.endsWith(`.${entry}`) || (entry.startsWith('.') && candidate.endsWith(entry))));
}

;// CONCATENATED MODULE: ./packages/dispatch/src/github.ts




/**
 * Node's fetch, through the proxy the environment names for the API's address (HTTPS_PROXY and NO_PROXY, by the rules
 * `@actions/github` follows on a self-hosted runner behind a proxy); none named, Node's fetch itself.
 */
function environmentFetch(apiUrl, env) {
    const proxy = proxyFor(new URL(apiUrl), env);
    if (!proxy)
        return undefined;
    const dispatcher = new undici/* ProxyAgent */.kT(proxy.href);
    return ((url, init) => (0,undici/* fetch */.hd)(url, { ...init, dispatcher }));
}
function githubRepository(token, repository, apiUrl, env = process.env) {
    const [owner, repo, rest] = repository.split('/');
    if (!owner || !repo || rest !== undefined)
        throw new src/* ConfigurationError */.j1(`'${repository}' is not owner/repo: set GITHUB_REPOSITORY (the runner sets it in a workflow)`, {
            subject: 'GITHUB_REPOSITORY',
        });
    const baseUrl = (apiUrl ?? 'https://api.github.com').replace(/\/+$/, '');
    if (!URL.canParse(baseUrl) || !/^https?:$/.test(new URL(baseUrl).protocol))
        throw new src/* ConfigurationError */.j1(`GITHUB_API_URL must be the API's http(s) address (https://api.github.com), got '${baseUrl}'`, {
            subject: 'GITHUB_API_URL',
        });
    const octokit = new dist_src/* Octokit */.E({ auth: token, baseUrl, userAgent: 'mlops-actions', request: { fetch: environmentFetch(baseUrl, env) } });
    return { octokit, owner, repo, name: repository };
}
/** What to check when GitHub's API refused a dispatch with this status (none: it was not reached). */
function githubHint(status) {
    if (status === undefined)
        return 'check that the runner reaches the GitHub API (GITHUB_API_URL on GitHub Enterprise Server)';
    if (status === 401)
        return 'the token is not valid: check the secret given as the GitHub token';
    if (status === 403)
        return 'the token may not dispatch: it needs the actions: write permission (workflow_dispatch) or contents: write (repository_dispatch)';
    if (status === 404)
        return 'check the repository and the workflow file name, and that the token can see the repository';
    if (status === 422)
        return 'check that the ref exists and that the workflow has a workflow_dispatch trigger taking these inputs';
    return 'GitHub failed on its side: retrying later may work';
}
/** A failed call to GitHub's API as an operational failure: the status, GitHub's message and what to check. */
function githubFailure(error, what) {
    // Octokit gives a fetch that failed (no host, a timeout) status 500 too, but no response: that is not GitHub's answer.
    const answered = error.response !== undefined;
    const status = answered && typeof error.status === 'number' ? error.status : undefined;
    const unreached = status === undefined
        ? (0,src/* unreachableError */.DZ)(error, {
            url: error.request?.url ?? 'https://api.github.com',
            service: 'GitHub',
            purpose: what,
            hint: 'and GITHUB_API_URL on GitHub Enterprise Server',
        })
        : undefined;
    if (unreached)
        return unreached;
    return new src/* OperationalError */.LE(status === undefined
        ? `GitHub could not be reached for ${what}: ${(0,src/* errorMessage */.gJ)(error)}`
        : `GitHub refused ${what} (HTTP ${status}): ${(0,src/* errorMessage */.gJ)(error)}`, { service: 'GitHub', hint: githubHint(status), cause: error });
}
/** `workflow_dispatch` of `workflow` on `ref`; with `signal`, the request fails when it fires. */
async function startWorkflow(target, workflow, ref, inputs, signal) {
    try {
        await target.octokit.request('POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches', {
            owner: target.owner,
            repo: target.repo,
            workflow_id: workflow,
            ref,
            inputs,
            request: signal ? { signal } : undefined,
        });
    }
    catch (error) {
        throw githubFailure(error, `the workflow_dispatch of ${workflow} on ${ref} in ${target.name}`);
    }
}
/** `repository_dispatch` of `eventType` with `payload`. */
async function sendRepositoryDispatch(target, eventType, payload, signal) {
    try {
        await target.octokit.request('POST /repos/{owner}/{repo}/dispatches', {
            owner: target.owner,
            repo: target.repo,
            event_type: eventType,
            client_payload: payload,
            request: { signal },
        });
    }
    catch (error) {
        throw githubFailure(error, `the repository_dispatch '${eventType}' to ${target.name}`);
    }
}
/** The inputs every workflow we dispatch takes: the model and the version. */
const versionInputs = (modelName, version) => ({
    'model-name': modelName,
    version: String(version),
});
/**
 * The deploy dispatch after a promotion, the same for the action and the CLI: `workflow_dispatch` of the deploy
 * workflow with the model name and version, on the ref given, else the ref of the run that promoted (unless that is a
 * pull request's merge ref), else `main`. Returns a line saying what was dispatched.
 */
function deployWorkflowDispatcher(deploy, target) {
    if (!deploy)
        return undefined;
    // A pull request's run is on refs/pull/<n>/merge (GITHUB_REF_NAME `<n>/merge`), which no workflow can run on.
    const ref = deploy.ref ?? (target.runRef && !/^\d+\/merge$/.test(target.runRef) ? target.runRef : undefined) ?? 'main';
    return async (modelName, version) => {
        const repository = githubRepository(deploy.token, target.repository ?? '', target.apiUrl);
        const inputs = versionInputs(modelName, version);
        // A GitHub that never answers must not hold the step after the promotion: the dispatch fails after 30 s instead.
        await startWorkflow(repository, deploy.workflow, ref, inputs, AbortSignal.timeout(30_000));
        return `dispatched ${deploy.workflow} on ${ref} in ${repository.name} with ${Object.entries(inputs)
            .map(([key, value]) => `${key}=${value}`)
            .join(', ')}`;
    };
}
/** Starts the evaluation workflow on GitHub for a model version. */
function githubDispatcher(options) {
    const target = githubRepository(options.token, options.repository, options.apiUrl, options.env);
    return {
        async dispatch(request) {
            const signal = AbortSignal.timeout(options.timeoutMs ?? 30_000);
            if (options.eventType) {
                await sendRepositoryDispatch(target, options.eventType, { ...versionInputs(request.modelName, request.version), event: request.event }, signal);
                return `repository_dispatch '${options.eventType}' to ${options.repository}`;
            }
            if (!options.workflow)
                throw new Error('give a workflow to dispatch, or an event type for repository_dispatch');
            await startWorkflow(target, options.workflow, options.ref, versionInputs(request.modelName, request.version), signal);
            return `workflow_dispatch of ${options.workflow} on ${options.ref} in ${options.repository}`;
        },
    };
}
/**
 * The review history of a workflow run — who approved or rejected its jobs' environments, with their comments:
 * `GET /repos/{owner}/{repo}/actions/runs/{run_id}/approvals` (anyone with read access; `actions: read`).
 */
async function runReviews(token, repository, runId, apiUrl, env = process.env) {
    const target = githubRepository(token, repository, apiUrl, env);
    if (!/^\d+$/.test(runId))
        throw new ConfigurationError(`GITHUB_RUN_ID '${runId}' is not a run id`, { subject: 'GITHUB_RUN_ID' });
    let data;
    try {
        ({ data } = await target.octokit.request('GET /repos/{owner}/{repo}/actions/runs/{run_id}/approvals', {
            owner: target.owner,
            repo: target.repo,
            run_id: Number(runId),
            request: { signal: AbortSignal.timeout(30_000) },
        }));
    }
    catch (error) {
        throw githubFailure(error, `the review history of run ${runId} in ${target.name}`);
    }
    const text = (value) => (typeof value === 'string' ? value : '');
    return (Array.isArray(data) ? data : []).flatMap((review) => {
        const entry = review;
        const login = text(entry?.user?.login);
        if (!login)
            return [];
        const environments = Array.isArray(entry?.environments)
            ? entry.environments.map((environment) => text(environment?.name))
            : [];
        return [{ login, state: text(entry?.state), environments: environments.filter(Boolean), comment: text(entry?.comment) }];
    });
}

;// CONCATENATED MODULE: ./packages/dispatch/src/index.ts






/***/ }),

/***/ 37331:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $g: () => (/* binding */ readGithubTarget),
/* harmony export */   E2: () => (/* binding */ DISPATCH_DEFAULTS),
/* harmony export */   J3: () => (/* binding */ DISPATCH_INPUT_SPECS),
/* harmony export */   Ng: () => (/* binding */ RELAY_DEFAULTS),
/* harmony export */   bF: () => (/* binding */ DISPATCH_INPUTS),
/* harmony export */   j_: () => (/* binding */ dispatchOutputs),
/* harmony export */   pe: () => (/* binding */ readPollInputs),
/* harmony export */   wj: () => (/* binding */ parseEvent)
/* harmony export */ });
/* unused harmony exports DISPATCH_OUTPUTS, readDispatchInputs */
/* harmony import */ var _mlops_actions_common__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(22349);
/* harmony import */ var _mlops_actions_mlflow__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(49800);


/** The dispatch-on-registration action's inputs, which are also `mlops dispatch-on-registration`'s flags. */
const DISPATCH_INPUTS = {
    modelName: 'model-name',
    modelPattern: 'model-pattern',
    event: 'event',
    workflow: 'workflow',
    ref: 'ref',
    eventType: 'event-type',
    maxDispatches: 'max-dispatches',
    githubToken: 'github-token',
};
/** The action's inputs, which are also the CLI's flags: action.yml states the same (a test compares them). */
const DISPATCH_INPUT_SPECS = {
    'model-name': { description: 'The registered model to watch (this or model-pattern).', placeholder: '<name>' },
    'model-pattern': {
        description: "Watch every registered model whose name matches this MLflow LIKE pattern, e.g. 'vision-%'.",
        placeholder: '<pattern>',
    },
    event: {
        description: "What makes a version ready: 'created' (a new version) or 'alias:<name>' (a version receiving that alias, e.g. alias:challenger).",
        default: 'created',
        placeholder: '<event>',
    },
    workflow: {
        description: 'The evaluation workflow file to start with workflow_dispatch (inputs model-name and version); this or event-type.',
        placeholder: '<file>',
    },
    ref: { description: 'The ref the workflow runs on. Default: the ref of this run.', placeholder: '<ref>' },
    'event-type': {
        description: 'Send a repository_dispatch of this type instead (client payload: model-name, version, event).',
        placeholder: '<type>',
    },
    'max-dispatches': {
        description: 'The most versions dispatched in one run; the rest wait for the next.',
        default: '10',
        placeholder: '<n>',
    },
    'github-token': {
        description: 'Token for the dispatch (needs actions: write for workflow_dispatch, contents: write for repository_dispatch).',
        default: '${{ github.token }}',
        secret: true,
    },
};
const DISPATCH_OUTPUTS = { dispatched: 'dispatched' };
const DISPATCH_DEFAULTS = { event: 'created', maxDispatches: 10, ref: 'main' };
/** The relay's defaults, for `startRelay` and `mlops relay` alike. */
const RELAY_DEFAULTS = {
    host: '127.0.0.1',
    port: 8080,
    data: '.mlops/relay',
    /** The alias the train action sets last, once the version is READY and tagged. */
    events: 'alias:challenger',
    maxBodyBytes: 256 * 1024,
    maxConnections: 256,
    /** One dispatch at a time: versions go out in the order they arrived. */
    concurrency: 1,
};
/** `created` or `alias:<name>`, checked. */
function parseEvent(text, describe) {
    if (text === 'created')
        return { kind: 'created' };
    const alias = /^alias:([\w-]+)$/.exec(text)?.[1];
    const problem = alias === undefined ? undefined : (0,_mlops_actions_mlflow__WEBPACK_IMPORTED_MODULE_1__/* .aliasNameProblem */ .tj)(alias);
    if (problem)
        throw new _mlops_actions_common__WEBPACK_IMPORTED_MODULE_0__/* .ConfigurationError */ .j1(`${describe(DISPATCH_INPUTS.event)}: ${problem}`, { subject: DISPATCH_INPUTS.event });
    if (alias)
        return { kind: 'alias', alias };
    throw new _mlops_actions_common__WEBPACK_IMPORTED_MODULE_0__/* .ConfigurationError */ .j1(`${describe(DISPATCH_INPUTS.event)} must be 'created' or 'alias:<name>' (e.g. alias:challenger), got '${text}'`, {
        subject: DISPATCH_INPUTS.event,
    });
}
/** Which versions to dispatch: the model (or pattern), the event and the bound per run. */
function readPollInputs(reader, describe) {
    const modelName = reader.optionalString(DISPATCH_INPUTS.modelName);
    const modelPattern = reader.optionalString(DISPATCH_INPUTS.modelPattern);
    if ((modelName === undefined) === (modelPattern === undefined))
        throw new _mlops_actions_common__WEBPACK_IMPORTED_MODULE_0__/* .ConfigurationError */ .j1(`give ${describe(DISPATCH_INPUTS.modelName)} or ${describe(DISPATCH_INPUTS.modelPattern)} (one of the two)`, {
            subject: DISPATCH_INPUTS.modelName,
        });
    return {
        modelName,
        modelPattern,
        event: parseEvent(reader.optionalString(DISPATCH_INPUTS.event) ?? DISPATCH_DEFAULTS.event, describe),
        maxDispatches: reader.number(DISPATCH_INPUTS.maxDispatches, DISPATCH_DEFAULTS.maxDispatches, { integer: true, min: 1, max: 1000 }),
    };
}
/** Where to dispatch on GitHub: a workflow (workflow_dispatch) or an event type (repository_dispatch), and the token. */
function readGithubTarget(reader, describe, githubToken) {
    const workflow = reader.optionalString(DISPATCH_INPUTS.workflow);
    const eventType = reader.optionalString(DISPATCH_INPUTS.eventType);
    if ((workflow === undefined) === (eventType === undefined))
        throw new _mlops_actions_common__WEBPACK_IMPORTED_MODULE_0__/* .ConfigurationError */ .j1(`give ${describe(DISPATCH_INPUTS.workflow)} (workflow_dispatch) or ${describe(DISPATCH_INPUTS.eventType)} (repository_dispatch), one of the two`, { subject: DISPATCH_INPUTS.workflow });
    const token = reader.optionalString(DISPATCH_INPUTS.githubToken) ?? githubToken;
    if (!token)
        throw new _mlops_actions_common__WEBPACK_IMPORTED_MODULE_0__/* .ConfigurationError */ .j1(`${describe(DISPATCH_INPUTS.githubToken)} is required (e.g. \${{ github.token }} with actions: write)`, {
            subject: DISPATCH_INPUTS.githubToken,
        });
    return { workflow, eventType, ref: reader.optionalString(DISPATCH_INPUTS.ref), token };
}
/** Reads and checks the inputs; the token comes from the input or GITHUB_TOKEN. */
function readDispatchInputs(reader, describe, githubToken) {
    return { poll: readPollInputs(reader, describe), target: readGithubTarget(reader, describe, githubToken) };
}
/** The outputs of a run, by output name. */
function dispatchOutputs(dispatched) {
    return {
        [DISPATCH_OUTPUTS.dispatched]: JSON.stringify(dispatched.map((entry) => ({ 'model-name': entry.modelName, version: entry.version }))),
    };
}


/***/ }),

/***/ 27455:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   b2: () => (/* binding */ dispatchReadyVersions),
/* harmony export */   eq: () => (/* binding */ eventName),
/* harmony export */   yb: () => (/* binding */ dispatchRecord)
/* harmony export */ });
/* unused harmony export dispatchedTag */
/* harmony import */ var _mlops_actions_common__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(22349);
/* harmony import */ var _mlops_actions_mlflow__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(49800);


/** The version tag saying a version was dispatched for an event (when, where, by whom). */
const dispatchedTag = (event) => tagForEvent(eventName(event));
const tagForEvent = (name) => (name === 'created' ? 'mlops.dispatched' : `mlops.dispatched.${name.slice('alias:'.length)}`);
/** The record kept as version tags in MLflow. */
function dispatchRecord(http, holder, now = Date.now) {
    return {
        async find(request) {
            return (await (0,_mlops_actions_mlflow__WEBPACK_IMPORTED_MODULE_1__/* .getModelVersion */ .Af)(http, request.modelName, request.version))?.tags[tagForEvent(request.event)];
        },
        async record(request, target) {
            await (0,_mlops_actions_mlflow__WEBPACK_IMPORTED_MODULE_1__/* .setModelVersionTag */ .Ke)(http, request.modelName, request.version, tagForEvent(request.event), JSON.stringify({ at: new Date(now()).toISOString(), target, by: holder }));
        },
    };
}
/** An event as the action's `event` input names it: `created` or `alias:<name>`. */
const eventName = (event) => (event.kind === 'created' ? 'created' : `alias:${event.alias}`);
const CLAIM_TAG = 'mlops.dispatch_claim';
async function modelNames(http, options) {
    if (options.modelName)
        return [options.modelName];
    const models = await (0,_mlops_actions_mlflow__WEBPACK_IMPORTED_MODULE_1__/* .searchRegisteredModels */ .BH)(http, { filter: `name LIKE '${(0,_mlops_actions_mlflow__WEBPACK_IMPORTED_MODULE_1__/* .escapeFilter */ .kP)(options.modelPattern ?? '%')}'` });
    return models.map((model) => model.name).sort();
}
/** The versions ready for the event and not yet dispatched for it, oldest first. */
async function pending(http, name, options) {
    const tag = dispatchedTag(options.event);
    if (options.event.kind === 'alias') {
        const holder = await (0,_mlops_actions_mlflow__WEBPACK_IMPORTED_MODULE_1__/* .getVersionByAlias */ .Sy)(http, name, options.event.alias);
        return holder && holder.status === 'READY' && holder.tags[tag] === undefined ? [holder] : [];
    }
    const versions = await (0,_mlops_actions_mlflow__WEBPACK_IMPORTED_MODULE_1__/* .searchModelVersions */ .p3)(http, { filter: `name='${(0,_mlops_actions_mlflow__WEBPACK_IMPORTED_MODULE_1__/* .escapeFilter */ .kP)(name)}'`, orderBy: ['version_number ASC'] });
    return versions.filter((version) => version.status === 'READY' && version.tags[tag] === undefined).sort((a, b) => a.version - b.version);
}
/**
 * Dispatches the evaluation of every version that became ready and was not dispatched yet, oldest first, then tags
 * the version with when and where. A claim on the version keeps overlapping runs from dispatching it twice; a run
 * killed between dispatch and tag dispatches that version at most once more (evaluation tolerates a duplicate).
 */
async function dispatchReadyVersions(http, dispatcher, options, logger) {
    const now = options.now ?? Date.now;
    const record = dispatchRecord(http, options.holder, now);
    const dispatched = [];
    for (const name of await modelNames(http, options)) {
        for (const candidate of await pending(http, name, options)) {
            if (dispatched.length >= options.maxDispatches) {
                logger.info(`max-dispatches (${options.maxDispatches}) reached; the rest wait for the next run`);
                return dispatched;
            }
            const store = {
                read: async () => (await (0,_mlops_actions_mlflow__WEBPACK_IMPORTED_MODULE_1__/* .getModelVersion */ .Af)(http, name, candidate.version))?.tags[CLAIM_TAG],
                write: (value) => (0,_mlops_actions_mlflow__WEBPACK_IMPORTED_MODULE_1__/* .setModelVersionTag */ .Ke)(http, name, candidate.version, CLAIM_TAG, value),
                remove: () => (0,_mlops_actions_mlflow__WEBPACK_IMPORTED_MODULE_1__/* .deleteModelVersionTag */ .z_)(http, name, candidate.version, CLAIM_TAG),
            };
            let claim;
            try {
                claim = await (0,_mlops_actions_common__WEBPACK_IMPORTED_MODULE_0__/* .acquireClaimLock */ .yj)(store, `${name} v${candidate.version}`, {
                    holder: options.holder,
                    settleMs: options.claimSettleMs,
                    timeoutMs: 0,
                    now,
                });
            }
            catch (error) {
                if (!(error instanceof _mlops_actions_common__WEBPACK_IMPORTED_MODULE_0__/* .LockHeldError */ .Rk))
                    throw error;
                logger.info(`${name} v${candidate.version} is being dispatched by ${error.holder}; skipped`);
                continue;
            }
            try {
                // Another run may have finished it between our listing and our claim.
                const request = { modelName: name, version: candidate.version, event: eventName(options.event) };
                if ((await record.find(request)) !== undefined)
                    continue;
                const target = await dispatcher.dispatch(request);
                await record.record(request, target);
                logger.info(`${name} v${candidate.version}: ${target}`);
                dispatched.push({ modelName: name, version: candidate.version, target });
            }
            finally {
                await claim.release().catch(() => undefined);
            }
        }
    }
    return dispatched;
}


/***/ })

};
