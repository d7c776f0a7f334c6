export const id = 304;
export const ids = [304];
export const modules = {

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


/***/ }),

/***/ 44375:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  RB: () => (/* reexport */ SETTING_INPUT_SPECS),
  Oi: () => (/* reexport */ conditionLatencyBatches),
  rZ: () => (/* reexport */ countPairs),
  t7: () => (/* reexport */ createPairCounter),
  DR: () => (/* reexport */ evaluateGate),
  Xc: () => (/* reexport */ formatClause),
  ZV: () => (/* reexport */ formatNumber),
  l9: () => (/* reexport */ formatPercent),
  WF: () => (/* reexport */ loadGate),
  iu: () => (/* reexport */ metricRowCells),
  Ap: () => (/* reexport */ noGroupsError),
  N5: () => (/* reexport */ renderGateMarkdown),
  T5: () => (/* reexport */ renderGateText),
  WA: () => (/* reexport */ requiredItems),
  Y$: () => (/* reexport */ sliceCountsOf),
  oJ: () => (/* reexport */ sliceRowCells),
  QO: () => (/* reexport */ valueWord),
  YV: () => (/* reexport */ wilsonInterval)
});

// UNUSED EXPORTS: ADAPTIVITY_NAMES, ConditionSyntaxError, DEFAULT_SETTINGS, INTERVAL_METHODS, MODES, SETTING_NAMES, TOP1_ACCURACY, bennettItems, estimates, formatCondition, formatExpression, formatReliability, hoeffdingItems, kleeneAnd, mcnemarExact, metricName, pairedExact, pairedPValue, parseCondition, parseFirstModelRule, parseGateConfig, proportionExact, readSettingOverrides, resolveSettings, scoreStatistic, supportedReliability

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

// EXTERNAL MODULE: ./packages/common/src/index.ts + 18 modules
var src = __webpack_require__(22349);
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
        throw noGroupsError(clause, 'the test set has none');
    const members = names.map(() => []);
    for (let i = 0; i < ofItem.length; i++)
        if (ofItem[i] >= 0)
            members[ofItem[i]].push(i);
    const slices = names
        // Names come from the test set: their control characters are shown escaped, so a name with a line break cannot start a
        // workflow command (`::warning::…`) in the log lines the gate's reason and notes become.
        .map((name, index) => ({ kind, name: (0,src/* terminalText */.eR)(name), items: Int32Array.from(members[index]) }))
        .filter((slice) => kind === 'class' || slice.items.length > 0);
    // A forall over no slice would hold vacuously: promoting on no evidence at all.
    if (slices.length === 0)
        throw noGroupsError(clause, 'the groups given put no test item in a group');
    return slices;
}
/** What evaluate-promote's user gives for groups. */
const GROUPS_INPUT_REMEDY = 'give the groups input (folders for an image folder with <class>/<group>/ sub-folders, a column:<name> of the table, or a CSV file with header item,group)';
/** The error for a `forall group` clause on a test set without groups (`why`), saying what to give instead. */
function noGroupsError(clause, why, remedy = GROUPS_INPUT_REMEDY, subject = 'condition') {
    return new src/* ConfigurationError */.j1(`the clause '${formatClause(clause)}' ranges over groups, but ${why}: ${remedy}`, { subject });
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
    // Scores first: without them (a predictions file) the class count is only what the file happens to hold.
    const ranksOf = (model, ranks) => {
        if (ranks === undefined)
            throw missingEvidence(clause, `the ${model} model's rank of each item's label (its scores over all classes)`);
        return ranks;
    };
    const newRanks = ranksOf('new', evidence.new.labelRank);
    const oldRanks = old ? ranksOf('old', old.labelRank) : undefined;
    // Every label is within the top K of K or more classes: such a clause would hold whatever the models do.
    if (k >= evidence.classes.length)
        throw new src/* ConfigurationError */.j1(`the clause '${formatClause(clause)}' asks for top-${k} accuracy, but the test set has only ${evidence.classes.length} classes: ` +
            `every label is within the top ${k}, so it would hold for any model. Use a K below ${evidence.classes.length}.`, { subject: 'condition' });
    const rightWithin = (ranks) => picked(ranks).map((rank) => (rank < k ? 0 : 1));
    const newRight = rightWithin(newRanks);
    const oldRight = oldRanks && rightWithin(oldRanks);
    return countPairs(new Int32Array(newRight.length), newRight, oldRight);
}
/** A ConfigurationError unless the test set has two classes: recall and precision are for binary classifiers. */
function requireBinary(clause, evidence) {
    if (evidence.classes.length !== 2)
        throw new src/* ConfigurationError */.j1(`the clause '${formatClause(clause)}' uses ${metricName(clause.metric)}, which is for binary classifiers (2 labels); this test set has ${evidence.classes.length} classes: for per-class recall use 'forall class: n[class] > … +/- …'`, { subject: 'condition' });
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
const SETTING_NAMES = ['reliability', 'mode', 'adaptivity', 'steps', 'method', 'samples', 'seed', 'first-model'];
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
        else if (SETTING_NAMES.includes(key)) {
            if (values.has(key))
                throw new src/* ConfigurationError */.j1(`${file}: '${key}' is given twice`, { subject: file });
            values.set(key, value);
        }
        else {
            throw new src/* ConfigurationError */.j1(`${file}: unknown key '${key}': expected condition, ${SETTING_NAMES.join(', ')}`, { subject: file });
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
/**
 * The paper's required number of test items for a condition under the given settings. Without slice counts every
 * clause is one clause, as in a condition whose forall clauses were expanded into one clause per slice; with them, a
 * forall clause counts as one clause per slice in δ's split, and its requirement is per slice.
 */
function requiredItems(clauses, settings, slices) {
    const sliceCount = (clause) => (slices === undefined ? undefined : slicesOfClause(clause, slices));
    const shares = clauses.reduce((sum, clause) => sum + (takesDeltaShare(clause) ? (sliceCount(clause) ?? 1) : 0), 0);
    const logDelta = logClauseDelta(settings, shares);
    const bennettP = bennettVarianceBound(clauses);
    const requirements = clauses.map((clause) => {
        const count = sliceCount(clause);
        const requirement = clauseRequirement(clause, logDelta, bennettP);
        return count === undefined ? requirement : { ...requirement, perSlice: true, slices: count };
    });
    // Slices are disjoint: when each needs N items of its own, the test set needs N per slice at least.
    const inAll = (r) => r.items * (r.slices ?? 1);
    const largest = (needsLabels) => Math.max(0, ...requirements.filter((r) => r.needsLabels === needsLabels).map(inAll));
    return {
        logClauseDelta: logDelta,
        bennettP,
        clauses: requirements,
        items: Math.max(...requirements.map(inAll)),
        labelledItems: largest(true),
        unlabelledItems: largest(false),
    };
}
/** The slices a forall clause ranges over (undefined for a clause on the whole test set); a ConfigurationError without the count. */
function slicesOfClause(clause, slices) {
    const kind = clause.slice;
    if (kind === undefined)
        return undefined;
    const count = slices[kind];
    if (count === undefined || !Number.isSafeInteger(count) || count < 1)
        throw new src/* ConfigurationError */.j1(`the clause '${formatClause(clause)}' holds in every ${kind}, each its own share of δ: sizing it needs the number of ${pluralOf(kind)}` +
            (count === undefined ? '' : `, a whole number ≥ 1, not ${count}`), { subject: 'condition' });
    return count;
}
const pluralOf = (kind) => (kind === 'class' ? 'classes' : 'groups');
/** One clause's requirement at its share of δ. */
function clauseRequirement(clause, logDelta, bennettP) {
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
}
/**
 * The slices a test set offers forall clauses, counted as the gate counts them: every class (one without items too),
 * and the groups that hold an item. For sizing a condition as written, such as evaluate-promote's reuse message.
 */
function sliceCountsOf(testSet) {
    const groups = testSet.groups;
    if (groups === undefined)
        return { class: testSet.classes.length };
    const used = new Set();
    for (const group of groups.ofItem)
        if (group >= 0)
            used.add(group);
    return { class: testSet.classes.length, group: used.size };
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
/**
 * The fewest i.i.d. samples whose order statistics bound the q-quantile on both sides at delta each (quantileBounds):
 * the largest bound needs qᴺ ≤ δ, the smallest (1 − q)ᴺ ≤ δ. Fewer leave a side unbounded, whatever the samples.
 */
function quantileSamplesRequired(q, delta) {
    requireOpenUnit(q, 'the quantile level');
    requireOpenUnit(delta, 'the error probability δ of a quantile bound');
    const base = Math.max(q, 1 - q);
    let samples = Math.max(1, Math.ceil(Math.log(delta) / Math.log(base)));
    // The logarithms' rounding may land one off at an exact power: settled on the powers themselves.
    while (samples > 1 && base ** (samples - 1) <= delta)
        samples--;
    while (base ** samples > delta)
        samples++;
    return samples;
}
/**
 * Batches per model that a latency clause needs for both ends of its interval to be finite at its δ share (the ln of
 * which is `logDelta`), split as latencyInterval splits it over the clause's terms; 0 for a clause that is no latency
 * clause or has no term to bound (only latency(old), and no production model).
 */
function latencyBatchesRequired(clause, hasOld, logDelta) {
    if (clause.metric.kind !== 'latency')
        return 0;
    const { n, o } = clause.coefficients;
    const terms = Number(n !== 0) + Number(o !== 0 && hasOld);
    if (terms === 0)
        return 0;
    return quantileSamplesRequired(clause.metric.quantile === 'p95' ? 0.95 : 0.5, Math.exp(logDelta) / terms);
}
/**
 * Batches per model that every latency clause of a condition needs to be decidable at all (both ends of its interval
 * finite), at the δ share evaluateGate will give it: δ per step split evenly over the clauses after forall expansion,
 * which is why the slice counts are asked for when the condition has a forall clause. 0 without a latency clause.
 */
function conditionLatencyBatches(clauses, settings, options) {
    if (!clauses.some((clause) => clause.metric.kind === 'latency'))
        return 0;
    const expanded = clauses.filter(takesDeltaShare).reduce((count, clause) => {
        if (clause.slice === undefined)
            return count + 1;
        const slices = options.slices?.[clause.slice];
        if (slices === undefined)
            throw new src/* ConfigurationError */.j1(`the clause '${formatClause(clause)}' ranges over each ${clause.slice}: the batches its latency clauses need depend on how many there are, and none was given`, { subject: 'condition' });
        return count + slices;
    }, 0);
    const logDelta = logClauseDelta(settings, expanded);
    return Math.max(0, ...clauses.map((clause) => latencyBatchesRequired(clause, options.hasOld, logDelta)));
}

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
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
                `${term.model.batchSize === undefined ? '' : ` of ${term.model.batchSize} items`} (the first batch warms up and is not timed). Lower batch-size, or raise latency-rounds (evaluate-promote's timing pass).`, { subject: 'batch-size' });
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
        const batches = latencyBatchesRequired(expanded[i].clause, counts.hasOld, logDelta);
        notes.push(`'${result.clause}' cannot be bounded on ${evidence?.new.batchMs?.length ?? 0} batches per model at its share of δ: ` +
            `a ${metric.quantile} needs at least ${batches} timed batches. Raise latency-rounds (the batches evaluate-promote times per model)${metric.quantile === 'p95' ? ', or bound the median (p50)' : ''}.`);
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
/**
 * A clause's or slice's truth value in words, the same in the report, the job summaries and the chart. A slice too
 * small for its tolerance says so, with the items it would need.
 */
function valueWord(value, slice) {
    if (!slice?.tooSmall)
        return VALUE_WORDS[value];
    // Decided all the same where its interval lies beyond the threshold: its interval holds at its share of δ.
    return value === 'unknown'
        ? `too small to judge (needs ${slice.itemsRequired} items)`
        : `${VALUE_WORDS[value]}, though too small for its tolerance (needs ${slice.itemsRequired} items)`;
}
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
function renderGateMarkdown(result) {
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
            valueWord(c.value, c.slice),
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
        lines.push(`clause     ${c.clause}: ${valueWord(c.value, c.slice)}; estimate ${formatNumber(c.estimate)}, ${formatPercent(c.confidence)} interval [${formatNumber(c.interval[0])}, ${formatNumber(c.interval[1])}] (${c.method})${sizedByItems(c) ? `, ${c.itemsRequired} items required (${c.bound})` : ''}`);
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
/** The text of each cell of a forall clause's row, for every renderer of slice tables. */
function sliceRowCells(row) {
    const measured = !Number.isNaN(row.estimate);
    return {
        name: row.name,
        items: `${row.items}`,
        n: share(row.n),
        o: share(row.o),
        estimate: formatNumber(row.estimate),
        interval: measured ? interval(row.interval) : '—',
        verdict: valueWord(row.value, row),
    };
}
/** A forall clause's table, worst first. Slice names come from the test set: text, never Markdown. */
function sliceMarkdown(table) {
    return [
        `Per ${table.kind}, worst first: ${(0,src/* markdownCode */.D9)(table.clause)}`,
        '',
        (0,src/* markdownTable */.Qj)([table.kind, 'items', 'n', 'o', 'estimate', 'interval', 'value'], table.rows
            .map(sliceRowCells)
            .map((cells) => [cells.name, cells.items, cells.n, cells.o, cells.estimate, cells.interval, cells.verdict])),
    ];
}
function sliceText(table) {
    return [
        `slices     ${table.clause}, per ${table.kind}, worst first:`,
        ...table.rows.map((row) => {
            const cells = sliceRowCells(row);
            return `  ${JSON.stringify(cells.name)}: ${cells.items} items, n = ${cells.n}${row.o === null ? '' : `, o = ${cells.o}`}; estimate ${cells.estimate}, interval ${cells.interval}: ${cells.verdict}`;
        }),
    ];
}
/** Three significant digits: a latency of 0.0423 ms and one of 1230 ms both keep what tells them apart. */
const measurement = (value, unit) => value === null ? '—' : `${formatNumber(Number(value.toPrecision(3)))} ${unit}`;
/** The metrics the evaluation measured beside the gate, one row each, for every renderer of them. */
function metricRowCells(metrics) {
    if (metrics === undefined)
        return [];
    const row = (label, values, format = share) => ({
        label,
        challenger: format(values.new),
        production: values.old === null ? null : format(values.old),
    });
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
        // Timed batches need not be the scoring batches: the per-batch time means nothing without their size.
        const per = `per batch${latency.batchSize === null ? '' : ` of ${latency.batchSize} ${latency.batchSize === 1 ? 'item' : 'items'}`}`;
        const ms = (value) => measurement(value, 'ms');
        rows.push(row(`latency, median ${per} (${latency.batches} batches)`, latency.p50, ms), row(`latency, 95th percentile ${per} (${latency.batches} batches)`, latency.p95, ms));
    }
    if (metrics.size)
        rows.push(row('model size', metrics.size, (value) => measurement(value, 'MB')));
    return rows;
}
function metricsMarkdown(metrics) {
    const rows = metricRowCells(metrics);
    if (rows.length === 0)
        return [];
    return [
        (0,src/* markdownTable */.Qj)(['metric', 'challenger', 'production'], rows.map(({ label, challenger, production }) => [label, challenger, production ?? '—'])),
        '',
    ];
}
function metricsText(metrics) {
    return metricRowCells(metrics).map(({ label, challenger, production }) => `metric     ${label}: new ${challenger}${production === null ? '' : `, old ${production}`}`);
}

;// CONCATENATED MODULE: ./packages/gate/src/index.ts
















/***/ })

};
