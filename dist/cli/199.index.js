export const id = 199;
export const ids = [199];
export const modules = {

/***/ 12199:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   dispatchOnRegistrationCommand: () => (/* binding */ dispatchOnRegistrationCommand),
/* harmony export */   relayCommand: () => (/* binding */ relayCommand)
/* harmony export */ });
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(48161);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_os__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _mlops_actions_dispatch__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(68817);
/* harmony import */ var _mlops_actions_common__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(22349);
/* harmony import */ var _mlops_actions_mlflow__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(49800);
/* harmony import */ var commander__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(48179);
/* harmony import */ var _listings_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(91836);
/* harmony import */ var _options_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(11428);









/** The GitHub dispatcher (`--github-repo` with `--workflow` or `--event-type`), or a local command (`--run`). */
function dispatcherFromOptions(options, context) {
    const command = typeof options.run === 'string' && options.run !== '' ? options.run : undefined;
    if (command) {
        if (options.workflow !== undefined || options.eventType !== undefined || options.githubRepo !== undefined)
            throw new _mlops_actions_common__WEBPACK_IMPORTED_MODULE_3__/* .ConfigurationError */ .j1('give --run (a local command) or --github-repo with --workflow/--event-type, not both');
        const reader = (0,_options_js__WEBPACK_IMPORTED_MODULE_7__/* .optionReader */ .hr)(options);
        const timeout = reader.number('run-timeout', _mlops_actions_dispatch__WEBPACK_IMPORTED_MODULE_2__/* .COMMAND_TIMEOUT_MINUTES */ .CG, { min: 0.01, max: 7 * 24 * 60 });
        const keep = reader.list('run-env');
        const unknown = keep.filter((name) => !_mlops_actions_common__WEBPACK_IMPORTED_MODULE_3__/* .WITHHELD_VARIABLES */ .aG.includes(name));
        if (unknown.length > 0)
            throw new _mlops_actions_common__WEBPACK_IMPORTED_MODULE_3__/* .ConfigurationError */ .j1(`--run-env: ${unknown.join(', ')} not withheld in the first place; name only these: ${_mlops_actions_common__WEBPACK_IMPORTED_MODULE_3__/* .WITHHELD_VARIABLES */ .aG.join(', ')}`);
        // The command gets MLflow's variables, not the webhook secret or the GitHub token, unless --run-env names them.
        return (0,_mlops_actions_dispatch__WEBPACK_IMPORTED_MODULE_2__/* .commandDispatcher */ .bq)(command, {
            env: (0,_mlops_actions_common__WEBPACK_IMPORTED_MODULE_3__/* .withoutWithheldCredentials */ .OT)(context.env, keep),
            output: (line) => context.stderr(`${line}\n`),
            timeoutMs: timeout * 60_000,
        });
    }
    for (const [option, flagName] of [
        [options.runTimeout, '--run-timeout'],
        [options.runEnv, '--run-env'],
    ])
        if (option !== undefined)
            throw new _mlops_actions_common__WEBPACK_IMPORTED_MODULE_3__/* .ConfigurationError */ .j1(`${flagName} applies to a local --run command only`);
    const repository = options.githubRepo ?? context.env.GITHUB_REPOSITORY;
    if (!repository || !/^[\w.-]+\/[\w.-]+$/.test(repository))
        throw new _mlops_actions_common__WEBPACK_IMPORTED_MODULE_3__/* .ConfigurationError */ .j1(repository
            ? `--github-repo must be owner/repo, got '${repository}'`
            : 'give --github-repo owner/repo (or set GITHUB_REPOSITORY), or --run <command> to dispatch on this machine');
    // Tokens come from the environment or a file: a flag would show in `ps` to every user of the machine.
    const tokenFile = typeof options.githubTokenFile === 'string' ? options.githubTokenFile : undefined;
    const token = tokenFile ? (0,_options_js__WEBPACK_IMPORTED_MODULE_7__/* .readSecretFile */ .fW)(tokenFile, '--github-token-file') : context.env.GITHUB_TOKEN;
    if (!token)
        throw new _mlops_actions_common__WEBPACK_IMPORTED_MODULE_3__/* .ConfigurationError */ .j1('set GITHUB_TOKEN (Actions: read and write on the repository), or give --github-token-file <path>', {
            subject: 'GITHUB_TOKEN',
        });
    const target = (0,_mlops_actions_dispatch__WEBPACK_IMPORTED_MODULE_2__/* .readGithubTarget */ .$g)((0,_options_js__WEBPACK_IMPORTED_MODULE_7__/* .optionReader */ .hr)(options), _options_js__WEBPACK_IMPORTED_MODULE_7__/* .flag */ .Jt, token);
    return (0,_mlops_actions_dispatch__WEBPACK_IMPORTED_MODULE_2__/* .githubDispatcher */ .lX)({
        token: target.token,
        repository,
        workflow: target.workflow,
        eventType: target.eventType,
        ref: target.ref ?? _mlops_actions_dispatch__WEBPACK_IMPORTED_MODULE_2__/* .DISPATCH_DEFAULTS */ .E2.ref,
        apiUrl: context.env.GITHUB_API_URL,
        env: context.env,
    });
}
/** Adds options to a command; with `envPrefix`, each also reads `<envPrefix><FLAG>` (a flag given wins). */
function addOptions(command, options, envPrefix) {
    for (const [flags, description] of options) {
        const option = new commander__WEBPACK_IMPORTED_MODULE_5__/* .Option */ .c$(flags, description);
        if (envPrefix)
            option.env(`${envPrefix}${option.long.slice(2).toUpperCase().replace(/-/g, '_')}`);
        command.addOption(option);
    }
    return command;
}
/** The inputs of dispatch-on-registration that say where on GitHub to dispatch, as TARGET_OPTIONS give them. */
const GITHUB_TARGET_INPUTS = [_mlops_actions_dispatch__WEBPACK_IMPORTED_MODULE_2__/* .DISPATCH_INPUTS */ .bF.workflow, _mlops_actions_dispatch__WEBPACK_IMPORTED_MODULE_2__/* .DISPATCH_INPUTS */ .bF.eventType, _mlops_actions_dispatch__WEBPACK_IMPORTED_MODULE_2__/* .DISPATCH_INPUTS */ .bF.ref, _mlops_actions_dispatch__WEBPACK_IMPORTED_MODULE_2__/* .DISPATCH_INPUTS */ .bF.githubToken];
const TARGET_OPTIONS = [
    ['--github-repo <owner/repo>', 'the repository whose workflow evaluates (default GITHUB_REPOSITORY)'],
    ['--workflow <file>', 'start this workflow with workflow_dispatch (inputs model-name, version)'],
    ['--event-type <type>', 'or send a repository_dispatch of this type (client payload model-name, version, event)'],
    ['--ref <ref>', `the ref the workflow runs on (default ${_mlops_actions_dispatch__WEBPACK_IMPORTED_MODULE_2__/* .DISPATCH_DEFAULTS */ .E2.ref})`],
    ['--github-token-file <path>', 'a file holding the token for the dispatch (default: the GITHUB_TOKEN variable)'],
    ['--run <command>', 'instead of GitHub: run this shell command per version (MLOPS_MODEL_NAME, MLOPS_MODEL_VERSION, MLOPS_EVENT)'],
    ['--run-timeout <minutes>', `stop a --run command after this long; it counts as a failed dispatch (default ${_mlops_actions_dispatch__WEBPACK_IMPORTED_MODULE_2__/* .COMMAND_TIMEOUT_MINUTES */ .CG})`],
    ['--run-env <names>', 'withheld variables the --run command gets after all, e.g. GITHUB_TOKEN (default: none)'],
];
/** `mlops dispatch-on-registration`: the polling action, once, on this machine. */
function dispatchOnRegistrationCommand(context) {
    return addOptions((0,_options_js__WEBPACK_IMPORTED_MODULE_7__/* .addInputFlags */ .hN)(new commander__WEBPACK_IMPORTED_MODULE_5__/* .Command */ .uB('dispatch-on-registration').description((0,_listings_js__WEBPACK_IMPORTED_MODULE_6__/* .commandDescription */ .ET)('dispatch-on-registration')), _mlops_actions_dispatch__WEBPACK_IMPORTED_MODULE_2__/* .DISPATCH_INPUT_SPECS */ .J3, 
    // The GitHub target's flags are the relay's too (below); the token comes from a file or GITHUB_TOKEN.
    { omit: GITHUB_TARGET_INPUTS }), TARGET_OPTIONS)
        .option('--json', 'print the outputs as JSON')
        .action(async (options) => {
        const poll = (0,_mlops_actions_dispatch__WEBPACK_IMPORTED_MODULE_2__/* .readPollInputs */ .pe)((0,_options_js__WEBPACK_IMPORTED_MODULE_7__/* .optionReader */ .hr)(options), _options_js__WEBPACK_IMPORTED_MODULE_7__/* .flag */ .Jt);
        const dispatcher = dispatcherFromOptions(options, context);
        const dispatched = await (0,_mlops_actions_dispatch__WEBPACK_IMPORTED_MODULE_2__/* .dispatchReadyVersions */ .b2)((0,_mlops_actions_mlflow__WEBPACK_IMPORTED_MODULE_4__/* .createMlflowHttp */ .OY)({ ...(0,_mlops_actions_mlflow__WEBPACK_IMPORTED_MODULE_4__/* .clientOptionsFromEnvironment */ .Xd)(context.env), logger: context.logger }), dispatcher, { ...poll, holder: (0,_mlops_actions_common__WEBPACK_IMPORTED_MODULE_3__/* .localHolder */ .E_)() }, context.logger);
        if (options.json)
            context.stdout(`${JSON.stringify((0,_mlops_actions_dispatch__WEBPACK_IMPORTED_MODULE_2__/* .dispatchOutputs */ .j_)(dispatched), null, 2)}\n`);
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
    return addOptions(new commander__WEBPACK_IMPORTED_MODULE_5__/* .Command */ .uB('relay').description((0,_listings_js__WEBPACK_IMPORTED_MODULE_6__/* .commandDescription */ .ET)('relay')), [
        ['--host <host>', `address to listen on (default ${_mlops_actions_dispatch__WEBPACK_IMPORTED_MODULE_2__/* .RELAY_DEFAULTS */ .Ng.host}; 0.0.0.0 in a container)`],
        ['--port <port>', `port (default ${_mlops_actions_dispatch__WEBPACK_IMPORTED_MODULE_2__/* .RELAY_DEFAULTS */ .Ng.port}; 0 picks a free one)`],
        ['--data <dir>', `where the queue lives (default ${_mlops_actions_dispatch__WEBPACK_IMPORTED_MODULE_2__/* .RELAY_DEFAULTS */ .Ng.data})`],
        ['--events <events>', `comma-separated: created and/or alias:<name> (default ${_mlops_actions_dispatch__WEBPACK_IMPORTED_MODULE_2__/* .RELAY_DEFAULTS */ .Ng.events})`],
        ['--model-pattern <pattern>', "only models matching this MLflow LIKE pattern, e.g. 'vision-%' (default every model)"],
        ['--max-body-bytes <n>', `largest delivery accepted (default ${_mlops_actions_dispatch__WEBPACK_IMPORTED_MODULE_2__/* .RELAY_DEFAULTS */ .Ng.maxBodyBytes})`],
        ['--max-connections <n>', `connections held at once; more are closed on arrival (default ${_mlops_actions_dispatch__WEBPACK_IMPORTED_MODULE_2__/* .RELAY_DEFAULTS */ .Ng.maxConnections})`],
        ...TARGET_OPTIONS,
    ], 'MLOPS_RELAY_').action(async (options) => {
        const inputs = (0,_options_js__WEBPACK_IMPORTED_MODULE_7__/* .optionReader */ .hr)(options);
        const secret = context.env.MLFLOW_WEBHOOK_SECRET;
        if (!secret)
            throw new _mlops_actions_common__WEBPACK_IMPORTED_MODULE_3__/* .ConfigurationError */ .j1('set MLFLOW_WEBHOOK_SECRET to the secret given when the MLflow webhook was created', {
                subject: 'MLFLOW_WEBHOOK_SECRET',
            });
        const events = (inputs.optionalString('events') ?? _mlops_actions_dispatch__WEBPACK_IMPORTED_MODULE_2__/* .RELAY_DEFAULTS */ .Ng.events)
            .split(',')
            .map((text) => text.trim())
            .filter((text) => text !== '')
            .map((text) => (0,_mlops_actions_dispatch__WEBPACK_IMPORTED_MODULE_2__/* .parseEvent */ .wj)(text, () => '--events'));
        if (events.length === 0)
            throw new _mlops_actions_common__WEBPACK_IMPORTED_MODULE_3__/* .ConfigurationError */ .j1('--events names no event; give created and/or alias:<name>');
        const dispatcher = dispatcherFromOptions(options, context);
        const port = inputs.number('port', _mlops_actions_dispatch__WEBPACK_IMPORTED_MODULE_2__/* .RELAY_DEFAULTS */ .Ng.port, { integer: true, min: 0, max: 65_535 });
        const maxBodyBytes = inputs.number('max-body-bytes', _mlops_actions_dispatch__WEBPACK_IMPORTED_MODULE_2__/* .RELAY_DEFAULTS */ .Ng.maxBodyBytes, { integer: true, min: 1024, max: 64 * 1024 * 1024 });
        const maxConnections = inputs.number('max-connections', _mlops_actions_dispatch__WEBPACK_IMPORTED_MODULE_2__/* .RELAY_DEFAULTS */ .Ng.maxConnections, { integer: true, min: 1, max: 100_000 });
        const dataDir = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.resolve)(inputs.optionalString('data') ?? _mlops_actions_dispatch__WEBPACK_IMPORTED_MODULE_2__/* .RELAY_DEFAULTS */ .Ng.data);
        const stopped = context.untilStopped();
        // With MLflow reachable, dispatches are tagged on the versions, so the polling action skips them (and vice versa).
        const mlflow = context.env.MLFLOW_TRACKING_URI ? (0,_mlops_actions_mlflow__WEBPACK_IMPORTED_MODULE_4__/* .clientOptionsFromEnvironment */ .Xd)(context.env) : undefined;
        const record = mlflow
            ? (0,_mlops_actions_dispatch__WEBPACK_IMPORTED_MODULE_2__/* .dispatchRecord */ .yb)((0,_mlops_actions_mlflow__WEBPACK_IMPORTED_MODULE_4__/* .createMlflowHttp */ .OY)({ ...mlflow, logger: context.logger }), `mlops relay on ${(0,node_os__WEBPACK_IMPORTED_MODULE_0__.hostname)()}`)
            : undefined;
        const { startRelay } = await Promise.all(/* import() */[__webpack_require__.e(703), __webpack_require__.e(222), __webpack_require__.e(209)]).then(__webpack_require__.bind(__webpack_require__, 45209));
        const relay = await startRelay({
            secret,
            dispatcher,
            filter: { events, modelPattern: inputs.optionalString(_mlops_actions_dispatch__WEBPACK_IMPORTED_MODULE_2__/* .DISPATCH_INPUTS */ .bF.modelPattern) },
            dataDir,
            host: inputs.optionalString('host') ?? _mlops_actions_dispatch__WEBPACK_IMPORTED_MODULE_2__/* .RELAY_DEFAULTS */ .Ng.host,
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
                ? `dispatches are tagged on the versions in MLflow at ${(0,_mlops_actions_mlflow__WEBPACK_IMPORTED_MODULE_4__/* .redactUrl */ .BO)(mlflow.trackingUri)}\n`
                : 'MLFLOW_TRACKING_URI is not set: dispatches are not tagged in MLflow (the polling action would dispatch them again)\n'));
        await stopped;
        context.logger.info('stopping the relay');
        await relay.close();
    });
}


/***/ }),

/***/ 11428:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Jt: () => (/* binding */ flag),
/* harmony export */   fW: () => (/* binding */ readSecretFile),
/* harmony export */   hN: () => (/* binding */ addInputFlags),
/* harmony export */   hr: () => (/* binding */ optionReader)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(73024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _mlops_actions_common__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(22349);
/* harmony import */ var commander__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(48179);



/** How a flag is named in messages: `--model-name`. */
const flag = (name) => `--${name}`;
/** Reads commander's parsed options (camelCased) through the same strict parsers the actions use. */
function optionReader(options) {
    const camel = (name) => name.replace(/-([a-z])/g, (_, c) => c.toUpperCase());
    return (0,_mlops_actions_common__WEBPACK_IMPORTED_MODULE_1__/* .createInputReader */ .ic)({
        get: (name) => (typeof options[camel(name)] === 'string' ? options[camel(name)] : ''),
        describe: flag,
    });
}
/** A secret from the file a flag names (its first line, trimmed): a secret is never a flag itself, flags show in ps. */
function readSecretFile(path, flagName) {
    let text;
    try {
        text = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)(path, 'utf8');
    }
    catch (error) {
        throw new _mlops_actions_common__WEBPACK_IMPORTED_MODULE_1__/* .ConfigurationError */ .j1(`${flagName} ${path}: ${error.code ?? String(error)}`);
    }
    const secret = text.split(/\r?\n/)[0].trim();
    if (!secret)
        throw new _mlops_actions_common__WEBPACK_IMPORTED_MODULE_1__/* .ConfigurationError */ .j1(`${flagName} ${path} is empty`);
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
        const option = new commander__WEBPACK_IMPORTED_MODULE_2__/* .Option */ .c$(`--${name} ${spec.placeholder ?? '<value>'}`, options.help?.[name] ?? flagHelp(spec));
        if (spec.required)
            option.makeOptionMandatory();
        command.addOption(option);
    }
    return command;
}


/***/ })

};
