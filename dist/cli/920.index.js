export const id = 920;
export const ids = [920];
export const modules = {

/***/ 55920:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  EXIT_NOT_PASSED: () => (/* binding */ EXIT_NOT_PASSED),
  gateCommand: () => (/* binding */ gateCommand)
});

// EXTERNAL MODULE: ./packages/common/src/index.ts + 18 modules
var src = __webpack_require__(22349);
// EXTERNAL MODULE: ./packages/gate/src/index.ts + 22 modules
var gate_src = __webpack_require__(44375);
// EXTERNAL MODULE: ./node_modules/commander/esm.mjs
var esm = __webpack_require__(48179);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: external "node:readline"
var external_node_readline_ = __webpack_require__(80481);
;// CONCATENATED MODULE: ./packages/cli/src/predictions.ts




/** A value from the file as an error shows it: escaped for the terminal, and cut short. */
function shown(value) {
    const text = (0,src/* terminalText */.eR)(value === undefined ? 'nothing' : JSON.stringify(value));
    return text.length > 80 ? `${text.slice(0, 80)}…` : text;
}
const JSONL_EXAMPLE = '{"label": 3, "new": 3, "old": 5, "group": "north"}';
/**
 * Streams a predictions file into paired counts and per-item evidence: CSV with a header naming `label`, `new` and
 * optionally `old` and `group`, or JSON lines with those keys. Labels and predictions are class indices; the classes
 * are the distinct indices seen, in numeric order. An empty or absent `old` means no production model; an empty or
 * absent `group`, an item in no group.
 */
async function readPredictions(file) {
    const counter = (0,gate_src/* createPairCounter */.t7)();
    const collected = createCollector();
    const lines = (0,external_node_readline_.createInterface)({ input: (0,external_node_fs_.createReadStream)(file), crlfDelay: Infinity });
    let header;
    let format;
    let lineNumber = 0;
    const fail = (message) => {
        throw new src/* ConfigurationError */.j1(`${file}:${lineNumber}: ${message}`, { subject: file });
    };
    try {
        for await (const line of lines) {
            lineNumber++;
            if (line.trim() === '')
                continue;
            format ??= line.trimStart().startsWith('{') ? 'jsonl' : 'csv';
            let row;
            if (format === 'jsonl')
                row = jsonRow(line, fail);
            else if (header === undefined) {
                header = csvHeader(line, fail);
                continue;
            }
            else
                row = csvRow(line, header, fail);
            counter.add(row.label, row.new, row.old);
            collected.add(row);
        }
    }
    catch (error) {
        if (error.code === 'ENOENT')
            throw new src/* ConfigurationError */.j1(`predictions file not found: ${file}`, { subject: file });
        if (error.code === 'EISDIR')
            throw new src/* ConfigurationError */.j1(`${file} is a directory: --predictions takes a CSV or JSON-lines file`, { subject: file });
        throw error;
    }
    let counts;
    try {
        counts = counter.counts();
    }
    catch (error) {
        throw new src/* ConfigurationError */.j1(`${file}: ${error.message}`, { subject: file });
    }
    return { counts, evidence: collected.evidence(counts.hasOld) };
}
// Class indices are compared as their digits, not as numbers: 9007199254740993 and 9007199254740992 are two classes,
// though a double cannot tell them apart. Leading zeros are dropped, so 007 is 7.
function classIndex(value, column, fail) {
    const text = typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : typeof value === 'string' ? value.trim() : undefined;
    if (text === undefined || !/^\d+$/.test(text))
        return fail(`'${column}' must be a class index (a whole number ≥ 0${typeof value === 'number' ? ', written as a string when above 2^53' : ''}), got ${shown(value)}`);
    return text.replace(/^0+(?=\d)/, '');
}
function jsonRow(line, fail) {
    let item;
    try {
        item = JSON.parse(line);
    }
    catch {
        return fail(`not valid JSON: each line must be an object such as ${JSONL_EXAMPLE}`);
    }
    if (typeof item !== 'object' || item === null || Array.isArray(item))
        return fail(`each line must be a JSON object such as ${JSONL_EXAMPLE}, not ${Array.isArray(item) ? 'a list' : JSON.stringify(item)}`);
    const fields = item;
    const group = fields.group;
    if (group !== undefined && group !== null && typeof group !== 'string')
        fail(`'group' must be a group's name as a string, such as "north" (null or "" for an item in no group), got ${typeof group === 'object' ? 'an object' : shown(group)}`);
    return {
        label: classIndex(fields.label, 'label', fail),
        new: classIndex(fields.new, 'new', fail),
        old: fields.old === undefined || fields.old === null ? undefined : classIndex(fields.old, 'old', fail),
        group: typeof group === 'string' ? group.trim() : undefined,
    };
}
function csvHeader(line, fail) {
    const cells = line.split(',').map((cell) => cell.trim());
    const repeated = cells.find((name, index) => cells.indexOf(name) !== index);
    if (repeated !== undefined)
        fail(`the CSV header names the column '${(0,src/* terminalText */.eR)(repeated)}' twice: which one holds the data is unclear`);
    const header = new Map(cells.map((name, index) => [name, index]));
    for (const required of ['label', 'new'])
        if (!header.has(required))
            fail(`the CSV header must name the columns label,new,old,group (old and group optional); found '${(0,src/* terminalText */.eR)(line)}'`);
    return header;
}
function csvRow(line, header, fail) {
    const cells = line.split(',').map((cell) => cell.trim());
    // A row that is too short leaves its last columns empty (no old prediction, no group); one too long has lost a comma
    // among its cells, and which cell belongs to which column is anyone's guess.
    // Empty cells past the header's columns (`1,1,0,`, as some exporters write rows) hold nothing: they are dropped.
    while (cells.length > header.size && cells[cells.length - 1] === '')
        cells.pop();
    if (cells.length > header.size)
        fail(`${cells.length} cells, but the header names ${header.size} columns: a CSV cell cannot hold a comma (quotes are not read)` +
            (header.has('group')
                ? `; for group names with commas, write JSON lines such as {"label": 3, "new": 3, "group": "north, coast"}`
                : ''));
    const at = (name) => {
        const index = header.get(name);
        return index === undefined ? undefined : cells[index];
    };
    const oldText = at('old');
    return {
        label: classIndex(at('label'), 'label', fail),
        new: classIndex(at('new'), 'new', fail),
        old: oldText === undefined || oldText === '' ? undefined : classIndex(oldText, 'old', fail),
        group: at('group'),
    };
}
/** Accumulates rows as class and group numbers in typed arrays: a large file costs 16 bytes an item, not an object. */
function createCollector() {
    const classes = new Map();
    const groups = new Map();
    const numberOf = (names, name) => {
        let number = names.get(name);
        if (number === undefined)
            names.set(name, (number = names.size));
        return number;
    };
    const labels = growableInt32();
    const newPredictions = growableInt32();
    const oldPredictions = growableInt32();
    const groupOfItem = growableInt32();
    return {
        add(row) {
            labels.push(numberOf(classes, row.label));
            newPredictions.push(numberOf(classes, row.new));
            oldPredictions.push(row.old === undefined ? -1 : numberOf(classes, row.old));
            groupOfItem.push(row.group === undefined || row.group === '' ? -1 : numberOf(groups, row.group));
        },
        evidence(hasOld) {
            // Numbered in order of appearance while reading; renumbered so that class k is the k-th smallest index.
            const classNames = sortedNames(classes, byDigits);
            const classNumber = renumbering(classes, classNames);
            const groupNames = sortedNames(groups, byCodeUnit);
            const groupNumber = renumbering(groups, groupNames);
            return {
                classes: classNames,
                labels: renumber(labels.values(), classNumber),
                new: { predictions: renumber(newPredictions.values(), classNumber) },
                ...(hasOld ? { old: { predictions: renumber(oldPredictions.values(), classNumber) } } : {}),
                ...(groups.size > 0 ? { groups: { names: groupNames, ofItem: renumber(groupOfItem.values(), groupNumber) } } : {}),
            };
        },
    };
}
/** Digit strings without leading zeros in numeric order, however long: shorter is smaller, then digit by digit. */
const byDigits = (a, b) => a.length - b.length || byCodeUnit(a, b);
/** The same order everywhere, unlike a locale's. */
const byCodeUnit = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
function sortedNames(numbers, order) {
    return [...numbers.keys()].sort(order);
}
/** For each number given while reading, its number in the sorted names. */
function renumbering(numbers, sorted) {
    const renumbered = new Int32Array(numbers.size);
    sorted.forEach((name, index) => (renumbered[numbers.get(name)] = index));
    return renumbered;
}
/** Replaces each number (−1, none, stays) by its new one, in place: a copy would double a large file's memory. */
function renumber(values, renumbered) {
    for (let i = 0; i < values.length; i++)
        if (values[i] >= 0)
            values[i] = renumbered[values[i]];
    return values;
}
/** An Int32Array that grows by doubling as values are pushed. */
function growableInt32() {
    let buffer = new Int32Array(1024);
    let length = 0;
    return {
        push(value) {
            if (length === buffer.length) {
                const larger = new Int32Array(buffer.length * 2);
                larger.set(buffer);
                buffer = larger;
            }
            buffer[length++] = value;
        },
        values: () => buffer.subarray(0, length),
    };
}

// EXTERNAL MODULE: ./packages/cli/src/commands/listings.ts
var listings = __webpack_require__(91836);
// EXTERNAL MODULE: ./packages/cli/src/options.ts
var src_options = __webpack_require__(11428);
;// CONCATENATED MODULE: ./packages/cli/src/commands/gate.ts






/** Exit code when the gate ran and the condition did not pass. */
const EXIT_NOT_PASSED = 3;
/** Class and group numbers are Int32 in the gate's evidence. */
const MAX_SLICES = 2 ** 31 - 1;
/** Reads the condition and the settings in force (defaults < reference flag < file < flags). */
async function loadGateOptions(options, context) {
    const reader = (0,src_options/* optionReader */.hr)(options);
    const { config, settings } = await (0,gate_src/* loadGate */.WF)(reader, { describe: src_options/* flag */.Jt });
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
/** --classes and --groups; a ConfigurationError when a forall clause ranges over a kind whose count is not given. */
function sliceCountFlags(reader, clauses) {
    const limits = { integer: true, min: 1, max: MAX_SLICES };
    const counts = { class: reader.optionalNumber('classes', limits), group: reader.optionalNumber('groups', limits) };
    const unsized = ['class', 'group'].flatMap((kind) => {
        const clause = clauses.find((c) => c.slice === kind);
        return clause === undefined || counts[kind] !== undefined ? [] : [{ kind, clause }];
    });
    if (unsized.length > 0)
        throw new src/* ConfigurationError */.j1(unsized
            .map(({ kind, clause }) => `the clause '${(0,gate_src/* formatClause */.Xc)(clause)}' holds in every ${kind}, and each ${kind} is a clause of its own (its own share of δ, its own items): ` +
            `give the number of ${kind === 'class' ? 'classes with --classes' : 'groups with --groups'} <n>`)
            .join('; '), { subject: (0,src_options/* flag */.Jt)(unsized[0].kind === 'class' ? 'classes' : 'groups') });
    return counts;
}
/** `5302 items per class for the forall class clauses (10 classes: at least 53020 items in all)`, one line per kind. */
function perSliceLines(requirement, clauses) {
    return ['class', 'group'].flatMap((kind) => {
        const sliced = requirement.clauses.filter((r, i) => r.perSlice && clauses[i].slice === kind);
        if (sliced.length === 0)
            return [];
        const perSlice = Math.max(...sliced.map((r) => r.items));
        const slices = sliced[0].slices;
        const plural = kind === 'class' ? 'classes' : 'groups';
        return [
            `${perSlice} items per ${kind} for the forall ${kind} clauses (${slices} ${plural}: at least ${perSlice * slices} items in all)`,
        ];
    });
}
/**
 * A ConfigurationError when the clauses to decide range over groups the predictions file does not give: the gate's
 * own message speaks of evaluate-promote's groups input, which `mlops gate` does not have.
 */
function requireGroups(clauses, evidence, file) {
    const clause = clauses.find((c) => c.slice === 'group');
    if (clause !== undefined && evidence.groups === undefined)
        throw (0,gate_src/* noGroupsError */.Ap)(clause, `${file} puts no item in a group`, 'add a group column to the CSV (label,new,old,group) or a "group" key to each JSON line', file);
}
function gateCommand(context) {
    const gate = new esm/* Command */.uB('gate').description((0,listings/* commandDescription */.ET)('gate'));
    conditionOptions(gate.command('sample-size').description("how many test items the condition needs (the paper's distribution-free bound)"))
        .option('--classes <n>', 'classes in the test set, for forall class clauses: each class is a clause of its own')
        .option('--groups <n>', 'groups in the test set, for forall group clauses: each group is a clause of its own')
        .option('--json', 'print a JSON object')
        .action(async (options) => {
        const { reader, config, settings } = await loadGateOptions(options, context);
        const clauses = config.condition.clauses;
        const requirement = (0,gate_src/* requiredItems */.WA)(clauses, settings, sliceCountFlags(reader, clauses));
        if (options.json) {
            const described = requirement.clauses.map((c, i) => ({ clause: clauses[i].source, ...c }));
            context.stdout(`${JSON.stringify({ required: requirement.items, reliability: settings.reliability, adaptivity: settings.adaptivity, steps: settings.steps, clauses: described }, null, 2)}\n`);
        }
        else {
            // stdout holds the number alone, for scripts (`n=$(mlops gate sample-size …)`); what each slice needs goes to stderr.
            context.stdout(`${requirement.items}\n`);
            for (const line of perSliceLines(requirement, clauses))
                context.stderr(`${line}\n`);
        }
    });
    conditionOptions(gate
        .command('evaluate')
        .description('decide whether the new model passes the condition on paired predictions')
        .requiredOption('--predictions <file>', 'CSV with header label,new,old[,group] (class indices; a group name, empty for none) or JSON lines with those keys'))
        .option('--mode <m>', 'fp-free | fn-free (default fp-free)')
        .option('--method <m>', 'exact | bootstrap | hoeffding (default exact)')
        .option('--samples <B>', 'bootstrap resamples, for --method bootstrap (default 10000)')
        .option('--seed <s>', 'bootstrap seed, for --method bootstrap (default 0)')
        .option('--first-model <rule>', 'without old predictions: promote | reject | a condition on n (default promote)')
        .option('--json', 'print the result as JSON')
        .addHelpText('after', [
        '',
        'The classes are the class indices the file holds, in numeric order. A class that only a prediction names has no',
        "test items: 'forall class' reports it too small to judge. recall and precision need exactly two classes; the",
        'larger index is the positive one. A CSV cell cannot hold a comma: give group names with commas as JSON lines.',
        'Top-K, ece, brier, latency and size need scores and timings a predictions file does not hold: use evaluate-promote.',
    ].join('\n'))
        .action(async (options) => {
        const { reader, config, settings } = await loadGateOptions(options, context);
        const file = reader.requiredString('predictions');
        const { counts, evidence } = await readPredictions(file);
        const rule = settings.firstModel;
        requireGroups(counts.hasOld ? config.condition.clauses : rule.kind === 'condition' ? rule.condition.clauses : [], evidence, file);
        const result = (0,gate_src/* evaluateGate */.DR)({ condition: config.condition, settings, counts, evidence });
        context.stdout(options.json ? `${JSON.stringify(result, null, 2)}\n` : (0,gate_src/* renderGateText */.T5)(result));
        if (!result.passed)
            context.setExitCode(EXIT_NOT_PASSED);
    });
    return gate;
}


/***/ })

};
