export const id = 907;
export const ids = [907];
export const modules = {

/***/ 71907:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   EXIT_NOT_PROMOTED: () => (/* binding */ EXIT_NOT_PROMOTED),
/* harmony export */   evaluatePromoteCommand: () => (/* binding */ evaluatePromoteCommand),
/* harmony export */   sayNotice: () => (/* binding */ sayNotice)
/* harmony export */ });
/* harmony import */ var _mlops_actions_dispatch__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(68817);
/* harmony import */ var _mlops_actions_common__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(22349);
/* harmony import */ var _mlops_actions_mlflow__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(49800);
/* harmony import */ var _mlops_actions_promotion__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(19261);
/* harmony import */ var commander__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(48179);
/* harmony import */ var _listings_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(91836);
/* harmony import */ var _options_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(11428);







/** Exit code when the evaluation ran and the challenger was not promoted. */
const EXIT_NOT_PROMOTED = 3;
/** The line an action annotates its run with (a notice), said plainly beside the log. */
function sayNotice(context, line) {
    if (line)
        context.logger.info(`notice: ${(0,_mlops_actions_common__WEBPACK_IMPORTED_MODULE_1__/* .terminalText */ .eR)(line)}`);
}
/** `mlops evaluate-promote`: the evaluate-promote action on this machine, with the action's inputs as flags. */
function evaluatePromoteCommand(context) {
    return (0,_options_js__WEBPACK_IMPORTED_MODULE_6__/* .addInputFlags */ .hN)(new commander__WEBPACK_IMPORTED_MODULE_4__/* .Command */ .uB('evaluate-promote').description((0,_listings_js__WEBPACK_IMPORTED_MODULE_5__/* .commandDescription */ .ET)('evaluate-promote')), _mlops_actions_promotion__WEBPACK_IMPORTED_MODULE_3__/* .EVALUATE_INPUT_SPECS */ .kS, {
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
        const inputs = await (0,_mlops_actions_promotion__WEBPACK_IMPORTED_MODULE_3__/* .readEvaluateInputs */ .rU)((0,_options_js__WEBPACK_IMPORTED_MODULE_6__/* .optionReader */ .hr)(options), _options_js__WEBPACK_IMPORTED_MODULE_6__/* .flag */ .Jt, process.cwd(), context.env);
        for (const warning of inputs.warnings)
            context.logger.warning(warning);
        const run = { ...inputs.options, holder: (0,_mlops_actions_common__WEBPACK_IMPORTED_MODULE_1__/* .localHolder */ .E_)(), actor: (0,_mlops_actions_common__WEBPACK_IMPORTED_MODULE_1__/* .localActor */ .Z0)() };
        const deps = {
            http: (0,_mlops_actions_mlflow__WEBPACK_IMPORTED_MODULE_2__/* .createMlflowHttp */ .OY)({ ...(0,_mlops_actions_mlflow__WEBPACK_IMPORTED_MODULE_2__/* .clientOptionsFromEnvironment */ .Xd)(context.env), logger: context.logger }),
            logger: context.logger,
            dispatchDeploy: (0,_mlops_actions_dispatch__WEBPACK_IMPORTED_MODULE_0__/* .deployWorkflowDispatcher */ ._1)(inputs.deploy, {
                repository: context.env.GITHUB_REPOSITORY,
                runRef: context.env.GITHUB_REF_NAME,
                apiUrl: context.env.GITHUB_API_URL,
            }),
        };
        const { shard } = run;
        if (shard !== undefined && shard !== 'merge') {
            const part = await (0,_mlops_actions_promotion__WEBPACK_IMPORTED_MODULE_3__/* .evaluateShard */ .i7)({ ...run, shard }, deps);
            if (options.json)
                context.stdout(`${JSON.stringify((0,_mlops_actions_promotion__WEBPACK_IMPORTED_MODULE_3__/* .shardOutputs */ .rI)(part), null, 2)}\n`);
            else
                context.stdout(`${part.reason}\n`);
            return;
        }
        const result = await (0,_mlops_actions_promotion__WEBPACK_IMPORTED_MODULE_3__/* .evaluateAndPromote */ .$P)(run, deps);
        const { modelName, championAlias, promote } = inputs.options;
        sayNotice(context, (0,_mlops_actions_promotion__WEBPACK_IMPORTED_MODULE_3__/* .evaluationNotice */ .tR)({ ...result, modelName, championAlias, dryRun: !promote }));
        if (options.json)
            context.stdout(`${JSON.stringify((0,_mlops_actions_promotion__WEBPACK_IMPORTED_MODULE_3__/* .evaluateOutputs */ .sj)(result), null, 2)}\n`);
        else
            context.stdout(`${(0,_mlops_actions_promotion__WEBPACK_IMPORTED_MODULE_3__/* .outcomeLine */ .RW)(result)}\n`);
        if (!result.promoted && !result.alreadyChampion)
            context.setExitCode(EXIT_NOT_PROMOTED);
    });
}


/***/ })

};
