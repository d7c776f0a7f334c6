export const id = 22;
export const ids = [22];
export const modules = {

/***/ 10022:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   serverCommand: () => (/* binding */ serverCommand)
/* harmony export */ });
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _mlops_actions_common__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(22349);
/* harmony import */ var commander__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(48179);
/* harmony import */ var _listings_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(91836);
/* harmony import */ var _options_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(11428);





/** `mlops server`: the embedded MLflow-compatible server, until SIGINT or SIGTERM. */
function serverCommand(context) {
    return new commander__WEBPACK_IMPORTED_MODULE_2__/* .Command */ .uB('server')
        .description((0,_listings_js__WEBPACK_IMPORTED_MODULE_3__/* .commandDescription */ .ET)('server'))
        .option('--host <host>', 'address to listen on', '127.0.0.1')
        .option('--port <port>', 'port (0 picks a free one)', '5000')
        .option('--data <dir>', 'where the database and artifacts live', '.mlops')
        .option('--basic-auth-file <path>', 'require HTTP basic auth with the user:password in this file (or set MLOPS_SERVER_BASIC_AUTH)')
        .action(async (options) => {
        const inputs = (0,_mlops_actions_common__WEBPACK_IMPORTED_MODULE_1__/* .createInputReader */ .ic)({
            get: (name) => options[name === 'basic-auth-file' ? 'basicAuthFile' : name] ?? '',
            describe: (name) => `--${name}`,
        });
        const port = inputs.number('port', 5000, { integer: true, min: 0, max: 65_535 });
        // The credentials come from the environment or a file, never a flag: flags show in `ps` to every user.
        const file = inputs.optionalString('basic-auth-file');
        const basicAuth = file === undefined ? context.env.MLOPS_SERVER_BASIC_AUTH : (0,_options_js__WEBPACK_IMPORTED_MODULE_4__/* .readSecretFile */ .fW)(file, '--basic-auth-file');
        if (basicAuth !== undefined && !/^[^:]+:.+$/.test(basicAuth))
            throw new _mlops_actions_common__WEBPACK_IMPORTED_MODULE_1__/* .ConfigurationError */ .j1(`${file === undefined ? 'MLOPS_SERVER_BASIC_AUTH' : `--basic-auth-file ${file}`} must hold user:password, such as admin:s3cret`);
        const dataDir = (0,node_path__WEBPACK_IMPORTED_MODULE_0__.resolve)(inputs.requiredString('data'));
        // Listen for SIGINT/SIGTERM before announcing the URL, so an early stop is never missed.
        const stopped = context.untilStopped();
        const { startMlflowServer } = await Promise.all(/* import() */[__webpack_require__.e(703), __webpack_require__.e(126), __webpack_require__.e(93)]).then(__webpack_require__.bind(__webpack_require__, 46093));
        const { registerUiRoutes } = await Promise.all(/* import() */[__webpack_require__.e(703), __webpack_require__.e(625), __webpack_require__.e(800), __webpack_require__.e(646)]).then(__webpack_require__.bind(__webpack_require__, 69646));
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
        if (!basicAuth && !(0,_mlops_actions_common__WEBPACK_IMPORTED_MODULE_1__/* .isLoopback */ .U9)(host))
            context.logger.warning(`listening on ${host} without basic auth: anyone who can reach port ${new URL(server.url).port} can read, change and delete ` +
                'every run, model and artifact here. Set MLOPS_SERVER_BASIC_AUTH=user:password, or listen on 127.0.0.1.');
        await stopped;
        context.logger.info('stopping the server');
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
