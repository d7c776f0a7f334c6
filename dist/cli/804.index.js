export const id = 804;
export const ids = [804];
export const modules = {

/***/ 33804:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   ledgerCommand: () => (/* binding */ ledgerCommand)
/* harmony export */ });
/* harmony import */ var _mlops_actions_common__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(22349);
/* harmony import */ var _mlops_actions_mlflow__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(49800);
/* harmony import */ var _mlops_actions_promotion__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(19261);
/* harmony import */ var commander__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(48179);
/* harmony import */ var _listings_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(91836);
/* harmony import */ var _options_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(11428);






const versionText = (version) => (version === undefined ? 'none' : `v${version}`);
/** One entry on one line; everything that came from MLflow is shown as text, never as terminal control. */
function entryLine(entry) {
    const parts = [
        new Date(entry.at).toISOString(),
        `@${entry.alias}`,
        `${versionText(entry.from)} → ${versionText(entry.to)}`,
        entry.kind,
        `by ${entry.actor}`,
    ];
    let line = `${parts.join('  ')}: ${entry.reason}`;
    if (entry.evidenceRunId)
        line += ` (evidence: run ${entry.evidenceRunId})`;
    if (entry.runUrl)
        line += ` ${entry.runUrl}`;
    return (0,_mlops_actions_common__WEBPACK_IMPORTED_MODULE_0__/* .terminalText */ .eR)(line);
}
/** `mlops ledger`: every move of a model's guarded aliases, oldest first. */
function ledgerCommand(context) {
    return new commander__WEBPACK_IMPORTED_MODULE_3__/* .Command */ .uB('ledger')
        .description((0,_listings_js__WEBPACK_IMPORTED_MODULE_4__/* .commandDescription */ .ET)('ledger'))
        .requiredOption('--model-name <name>', 'the registered model')
        .option('--alias <alias>', 'only the moves of this alias (default: every alias)')
        .option('--json', 'print the entries as JSON')
        .action(async (options) => {
        const reader = (0,_options_js__WEBPACK_IMPORTED_MODULE_5__/* .optionReader */ .hr)(options);
        const modelName = reader.requiredString('model-name');
        const http = (0,_mlops_actions_mlflow__WEBPACK_IMPORTED_MODULE_1__/* .createMlflowHttp */ .OY)({ ...(0,_mlops_actions_mlflow__WEBPACK_IMPORTED_MODULE_1__/* .clientOptionsFromEnvironment */ .Xd)(context.env), logger: context.logger });
        const entries = await (0,_mlops_actions_promotion__WEBPACK_IMPORTED_MODULE_2__/* .readLedger */ .SC)(http, modelName, reader.optionalString('alias'));
        if (options.json) {
            context.stdout(`${JSON.stringify(entries.map((entry) => ({ ...entry, at: new Date(entry.at).toISOString() })), null, 2)}\n`);
            return;
        }
        if (entries.length === 0) {
            context.stdout(`${(0,_mlops_actions_common__WEBPACK_IMPORTED_MODULE_0__/* .terminalText */ .eR)(modelName)} has no ledger entries yet: its ledger begins with its first promotion\n`);
            // The ledger outlives its model (a rename, a deletion), so an unknown name is only warned about: a typo, maybe.
            const unknown = await (0,_mlops_actions_mlflow__WEBPACK_IMPORTED_MODULE_1__/* .unregisteredModelError */ .ve)(http, modelName);
            if (unknown)
                context.logger.warning((0,_mlops_actions_common__WEBPACK_IMPORTED_MODULE_0__/* .terminalText */ .eR)(unknown.message));
            return;
        }
        for (const entry of entries)
            context.stdout(`${entryLine(entry)}\n`);
    });
}


/***/ })

};
