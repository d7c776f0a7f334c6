export const id = 127;
export const ids = [127];
export const modules = {

/***/ 84127:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   uiCommand: () => (/* binding */ uiCommand)
/* harmony export */ });
/* harmony import */ var _mlops_actions_common__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(22349);
/* harmony import */ var _mlops_actions_mlflow__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(49800);
/* harmony import */ var commander__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(48179);
/* harmony import */ var _listings_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(91836);
/* harmony import */ var _options_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(11428);





/** `mlops ui`: the read-only page over any MLflow server, forwarding only its reads with this environment's credentials. */
function uiCommand(context) {
    return new commander__WEBPACK_IMPORTED_MODULE_2__/* .Command */ .uB('ui')
        .description((0,_listings_js__WEBPACK_IMPORTED_MODULE_3__/* .commandDescription */ .ET)('ui'))
        .option('--tracking-uri <uri>', 'the MLflow server (default: MLFLOW_TRACKING_URI)')
        .option('--host <host>', 'address to listen on', '127.0.0.1')
        .option('--port <port>', 'port (0 picks a free one)', '5001')
        .action(async (options) => {
        const reader = (0,_options_js__WEBPACK_IMPORTED_MODULE_4__/* .optionReader */ .hr)(options);
        const port = reader.number('port', 5001, { integer: true, min: 0, max: 65_535 });
        const host = reader.requiredString('host');
        const trackingUri = reader.optionalString('tracking-uri') ?? context.env.MLFLOW_TRACKING_URI?.trim();
        if (!trackingUri)
            throw new _mlops_actions_common__WEBPACK_IMPORTED_MODULE_0__/* .ConfigurationError */ .j1('give the MLflow server to read: --tracking-uri https://mlflow.example.com, or set MLFLOW_TRACKING_URI', {
                subject: 'tracking-uri',
            });
        const clientOptions = (0,_mlops_actions_mlflow__WEBPACK_IMPORTED_MODULE_1__/* .clientOptionsFromEnvironment */ .Xd)({ ...context.env, MLFLOW_TRACKING_URI: trackingUri });
        // A page waits on each answer: a couple of retries, not the five with backoff a pipeline step can afford.
        const http = (0,_mlops_actions_mlflow__WEBPACK_IMPORTED_MODULE_1__/* .createMlflowHttp */ .OY)({ retry: { maxRetries: 2 }, ...clientOptions });
        const shownUri = (0,_mlops_actions_mlflow__WEBPACK_IMPORTED_MODULE_1__/* .redactUrl */ .BO)(http.trackingUri).replace(/\/$/, '');
        const stopped = context.untilStopped();
        const { startUiServer } = await Promise.all(/* import() */[__webpack_require__.e(703), __webpack_require__.e(625), __webpack_require__.e(265)]).then(__webpack_require__.bind(__webpack_require__, 69646));
        const server = await startUiServer({ http, host, port, log: (line) => context.logger.warning(line) });
        const credentials = clientOptions.auth?.kind === 'basic'
            ? `as ${clientOptions.auth.username} (MLFLOW_TRACKING_USERNAME)`
            : clientOptions.auth?.kind === 'bearer'
                ? 'with MLFLOW_TRACKING_TOKEN'
                : 'without credentials';
        context.stdout(`Reading ${shownUri} ${credentials}, read-only: only the page's own reads are forwarded.\nOpen ${server.url}/\n`);
        if (!(0,_mlops_actions_common__WEBPACK_IMPORTED_MODULE_0__/* .isLoopback */ .U9)(host))
            context.logger.warning(`listening on ${host}: anyone who can reach port ${new URL(server.url).port} reads every run, model and ledger entry of ` +
                `${shownUri} ${clientOptions.auth ? 'with the credentials of this environment' : 'through this machine'}. ` +
                'Listen on 127.0.0.1 unless that is what you want.');
        await stopped;
        context.logger.info('stopping the page');
        await server.close();
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
