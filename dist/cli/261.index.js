export const id = 261;
export const ids = [261];
export const modules = {

/***/ 19261:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  kS: () => (/* reexport */ EVALUATE_INPUT_SPECS),
  vK: () => (/* reexport */ PROMOTE_INPUT_SPECS),
  Zi: () => (/* reexport */ ROLLBACK_INPUT_SPECS),
  Ao: () => (/* reexport */ dispatchAfterMove),
  $P: () => (/* reexport */ evaluateAndPromote),
  sj: () => (/* reexport */ evaluateOutputs),
  i7: () => (/* reexport */ evaluateShard),
  tR: () => (/* reexport */ evaluationNotice),
  jA: () => (/* reexport */ moveContext),
  RW: () => (/* reexport */ outcomeLine),
  K_: () => (/* reexport */ promoteEvaluated),
  rU: () => (/* reexport */ readEvaluateInputs),
  SC: () => (/* reexport */ readLedger),
  QO: () => (/* reexport */ readPromoteInputs),
  KA: () => (/* reexport */ readRollbackInputs),
  yd: () => (/* reexport */ rollbackChampion),
  bV: () => (/* reexport */ rollbackNotice),
  rI: () => (/* reexport */ shardOutputs)
});

// UNUSED EXPORTS: DeployDispatchError, EVALUATE_DEFAULTS, EVALUATE_INPUTS, EVALUATE_OUTPUTS, GATE_SETTING_INPUTS, LEDGER_EXPERIMENT, PROMOTE_OUTPUTS, ROLLBACK_OUTPUTS, deployAfterMove, ledgerForSummary, renderApprovalSummary, renderLedgerSection, renderRollbackSummary

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: ./packages/common/src/index.ts + 18 modules
var src = __webpack_require__(22349);
// EXTERNAL MODULE: ./packages/evaluation/src/datasets/cifar10.ts
var cifar10 = __webpack_require__(10520);
// EXTERNAL MODULE: ./packages/evaluation/src/datasets/image-folder.ts
var image_folder = __webpack_require__(4426);
// EXTERNAL MODULE: ./packages/evaluation/src/datasets/index.ts + 2 modules
var datasets = __webpack_require__(27619);
// EXTERNAL MODULE: ./packages/evaluation/src/datasets/csv.ts
var csv = __webpack_require__(47724);
// EXTERNAL MODULE: ./packages/evaluation/src/datasets/table.ts
var table = __webpack_require__(25828);
;// CONCATENATED MODULE: ./packages/evaluation/src/datasets/groups.ts



const GROUPS_FILE = { input: 'groups', what: 'the groups file', form: 'groups: <path to a CSV file item,group>' };
function groupsError(message) {
    return (0,table/* inputFileError */.Z4)('groups', message);
}
/** Group numbers from each item's group name; an empty name is no group. */
function numbered(groupOfItem) {
    const names = (0,table/* sortedDistinct */._E)(groupOfItem.filter((name) => name !== ''));
    const number = new Map(names.map((name, index) => [name, index]));
    return { names, ofItem: Int32Array.from(groupOfItem, (name) => (name === '' ? -1 : number.get(name))) };
}
/** The `groups` input that takes an image folder's group sub-folders as the groups. */
const FOLDER_GROUPS = 'folders';
/**
 * The groups the `groups` input names: `folders`, the group sub-folders of an image folder (`<class>/<group>/<image>`;
 * an image directly in its class folder is in no group); `column:<name>`, a column of a table test set (an empty cell:
 * in no group); or the path of a CSV file with the header `item,group`, one row per item in a group, where `item` is the
 * item's 0-based index or, for an image folder, the image's path relative to the folder (`cat/001.png`). A CSV file
 * named `folders` is given as `./folders`.
 */
async function loadGroups(spec, dataset) {
    if (spec === FOLDER_GROUPS)
        return numbered(folderGroups(dataset));
    if (spec.startsWith('column:')) {
        const column = spec.slice('column:'.length);
        if (dataset.kind !== 'table')
            throw groupsError(`'${(0,src/* terminalText */.eR)(spec)}' names a column, but the test set '${dataset.name}' holds images: give ` +
                `${dataset.folderGroups ? `'${FOLDER_GROUPS}' (for images in <class>/<group>/ sub-folders) or ` : ''}a CSV file with the header item,group instead`);
        const texts = await dataset.readColumn(column);
        if (!texts)
            throw (0,table/* missingColumn */.JA)(dataset.name, column, dataset.columns, "the input 'groups'", 'groups');
        return numbered(texts.map((text) => text.trim()));
    }
    return numbered(await groupsFile(spec, dataset));
}
function folderGroups(dataset) {
    const layout = 'images in <class>/<group>/<image> sub-folders of an image folder (dataset: image-folder:<path>)';
    if (dataset.kind === 'table')
        throw groupsError(`'groups: ${FOLDER_GROUPS}' needs ${layout}, but the test set '${dataset.name}' is a table: give column:<name> or a CSV file with the header item,group instead`);
    if (!dataset.folderGroups)
        throw groupsError(`'groups: ${FOLDER_GROUPS}' needs ${layout}, but the test set '${dataset.name}' is not an image folder: give a CSV file with the header item,group instead`);
    if (dataset.folderGroups.every((group) => group === ''))
        throw groupsError(`'groups: ${FOLDER_GROUPS}' needs ${layout}, but every image of '${dataset.name}' is directly in its class folder: ` +
            'put the images of each group in <class>/<group>/, or give a CSV file with the header item,group');
    return dataset.folderGroups;
}
async function groupsFile(path, dataset) {
    const items = dataset.labels.length;
    const itemPaths = dataset.kind === 'image' ? dataset.itemPaths : undefined;
    const paths = itemPaths && new Map(itemPaths.map((item, index) => [item, index]));
    const records = (0,csv/* csvRecords */.Xc)(path, GROUPS_FILE);
    const header = await (0,csv/* readHeader */.ay)(records, path, GROUPS_FILE);
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

// EXTERNAL MODULE: ./packages/evaluation/src/datasets/mnist.ts
var mnist = __webpack_require__(10905);
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
            throw kindMismatch(dataset, 'a table model (preprocessing.json kind "table")', "a table test set: 'csv:<path>', 'parquet:<path>' or 'npy:<folder>' of rows");
        const missing = preprocessing.features.filter((feature) => !dataset.columns.includes(feature));
        if (missing.length > 0)
            throw new src/* ConfigurationError */.j1(`the test set '${dataset.name}' lacks the model's feature column${missing.length === 1 ? '' : 's'} ` +
                `${(0,table/* quotedColumns */.i8)(missing)} (preprocessing.json 'features'); its columns: ${(0,table/* quotedColumns */.i8)(dataset.columns)}`, { subject: 'dataset', inputs: ['dataset'] });
        return { data: await dataset.readFeatures(start, end, preprocessing.features), dims: [count, preprocessing.features.length] };
    }
    if (dataset.kind !== 'image')
        throw kindMismatch(dataset, 'an image model', "an image test set: 'cifar10', 'mnist', 'image-folder:<path>' or 'npy:<folder>' of images");
    const pixels = await dataset.read(start, end, preprocessing.shape);
    return { data: preprocessBatch(pixels, preprocessing), dims: [count, ...preprocessing.shape] };
}
function kindMismatch(dataset, model, wanted) {
    return new src/* ConfigurationError */.j1(`the test set '${dataset.name}' holds ${dataset.kind === 'table' ? 'table rows' : 'images'}, but the model is ${model}: use ${wanted}`, { subject: 'dataset', inputs: ['dataset'] });
}

// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(31421);
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
    const ort = await (0,src/* importExternal */.JH)('onnxruntime-node');
    const session = await ort.InferenceSession.create(modelPath, { executionProviders: [provider], graphOptimizationLevel: 'all' });
    const inputName = session.inputNames[0];
    const outputName = session.outputNames[0];
    return {
        provider,
        inputName,
        outputName,
        outputNames: session.outputNames,
        async run(input, count, preprocessing) {
            const dims = preprocessing.kind === 'table' ? [count, preprocessing.features.length] : [count, ...preprocessing.shape];
            const tensor = new ort.Tensor('float32', input, dims);
            const wanted = preprocessing.outputName ?? outputName;
            if (!session.outputNames.includes(wanted))
                throw new src/* ConfigurationError */.j1(`preprocessing.json names the output '${wanted}', but the model's outputs are ${session.outputNames.map((name) => `'${name}'`).join(', ')}`, { subject: 'model' });
            const result = await session.run({ [preprocessing.inputName]: tensor }, [wanted]).catch((error) => {
                // skl2onnx's and onnxmltools' default ZipMap output (a sequence of maps) is no tensor: onnxruntime-node cannot
                // hand it over, and says so as "Non tensor type is temporarily not supported" (1.30).
                if (/non[- ]tensor/i.test((0,src/* errorMessage */.gJ)(error)))
                    throw new src/* ConfigurationError */.j1(`the model's output '${wanted}' is not a tensor (a ZipMap sequence of maps, as skl2onnx and onnxmltools export by default): ` +
                        "export the classifier with zipmap=False (skl2onnx: options={id(model): {'zipmap': False}}; onnxmltools: zipmap=False) and name 'probabilities' in preprocessing.json's output_name", { subject: 'model' });
                throw error;
            });
            const output = result[wanted];
            if (output.type !== 'float32')
                throw new src/* ConfigurationError */.j1(`the model's output '${wanted}' holds ${output.type} values, not float32 scores: name the output with the class scores in preprocessing.json's output_name ` +
                    "(for classifiers exported by skl2onnx or onnxmltools: 'probabilities', exported with zipmap=False)", { subject: 'model' });
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
 * model alike (what a latency comparison needs). The next batch is read and preprocessed while the models run this
 * one (onnxruntime runs off the JavaScript thread), so decoding shows in the pass's time only where it is slower than
 * inference. The models' labels must be the dataset's classes (in any order); anything else is an error, not a guess.
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
    const times = { inputMs: 0, inputWaitMs: 0, inferenceMs: [], scoreMs: 0, totalMs: 0 };
    const prepare = async (batch) => {
        const before = performance.now();
        const start = batch * options.batchSize;
        const end = Math.min(start + options.batchSize, total);
        const inputs = await inputsOf(states, async (preprocessing) => (await modelInput(dataset, preprocessing, start, end)).data);
        times.inputMs += performance.now() - before;
        return inputs;
    };
    const progress = (0,src/* startProgress */.ot)(options.logger, { label, total, unit: 'items' });
    let next = batches > 0 ? prepare(0) : undefined;
    try {
        for (let batch = 0; batch < batches; batch++) {
            const start = batch * options.batchSize;
            const end = Math.min(start + options.batchSize, total);
            const waited = performance.now();
            const inputs = await next;
            times.inputWaitMs += performance.now() - waited;
            next = batch + 1 < batches ? prepare(batch + 1) : undefined;
            // Awaited at the next batch; until then a failure must not count as unhandled (it is thrown there).
            next?.catch(() => undefined);
            await runInTurn(states, batch, inputs, async (state, input) => {
                const { preprocessing, session } = state.run;
                const before = performance.now();
                const scores = await session.run(input, end - start, preprocessing);
                const elapsed = performance.now() - before;
                state.inferenceMs += elapsed;
                // The first batch warms onnxruntime up (allocations, kernel choice): it is no sample of the steady state.
                if (batch > 0 && end - start === options.batchSize)
                    state.outcomes.batchMs[batch - 1] = elapsed;
                const scoring = performance.now();
                scoreBatch(scores, start, end, dataset.labels, state, state.run.label);
                times.scoreMs += performance.now() - scoring;
            });
            progress.update(end);
            options.onProgress?.(end, total);
        }
    }
    finally {
        progress.end();
    }
    times.inferenceMs = states.map((state) => state.inferenceMs);
    times.totalMs = performance.now() - started;
    options.onTimes?.(times);
    for (const state of states)
        options.logger.info(`${state.run.label}: ${total.toLocaleString('en-US')} items, ${(state.inferenceMs / 1000).toFixed(1)} s of inference` +
            (state.outcomes.batchMs.length > 0
                ? `, median ${median(state.outcomes.batchMs).toFixed(1)} ms per batch of ${options.batchSize}`
                : ''));
    options.logger.info(`${label}: ${total.toLocaleString('en-US')} items in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    return states.map((state) => state.outcomes);
}
/**
 * Times the models on batches of the test set, apart from scoring them: one untimed warm-up batch per model, then
 * `rounds` rounds, each the next batchSize items of the test set (from its start again when it runs out), read and
 * preprocessed before any model runs, then one inference per model, the order alternating by round as in
 * evaluateModels. Only the inference call is timed.
 */
async function timeModels(runs, dataset, options) {
    const { batchSize, rounds, logger } = options;
    if (!Number.isInteger(batchSize) || batchSize < 1 || !Number.isInteger(rounds) || rounds < 1)
        throw new src/* ConfigurationError */.j1(`a timing pass needs whole numbers ≥ 1 of items per batch and of rounds, got ${batchSize} and ${rounds}`, {
            subject: Number.isInteger(batchSize) && batchSize >= 1 ? 'latency-rounds' : 'latency-batch-size',
        });
    if (dataset.labels.length === 0)
        throw new src/* ConfigurationError */.j1(`test set '${dataset.name}' has no items to time the models on`, { subject: 'dataset' });
    const models = runs.map((run) => ({ run, inputKey: inputKey(run.preprocessing), batchMs: new Float64Array(rounds) }));
    const label = options.label ?? `timing ${runs.map((run) => run.label).join(' and ')}`;
    const readFrom = (start) => (preprocessing) => cyclicInput(dataset, preprocessing, start, batchSize);
    const started = performance.now();
    // Untimed: the first call allocates and chooses kernels for this batch size.
    await runInTurn(models, 0, await inputsOf(models, readFrom(0)), async ({ run }, input) => {
        await run.session.run(input, batchSize, run.preprocessing);
    });
    const total = rounds * batchSize;
    const progress = (0,src/* startProgress */.ot)(logger, { label, total, unit: 'items' });
    try {
        for (let round = 0; round < rounds; round++) {
            await runInTurn(models, round, await inputsOf(models, readFrom((round + 1) * batchSize)), async (model, input) => {
                const before = performance.now();
                await model.run.session.run(input, batchSize, model.run.preprocessing);
                model.batchMs[round] = performance.now() - before;
            });
            progress.update((round + 1) * batchSize);
            options.onProgress?.((round + 1) * batchSize, total);
        }
    }
    finally {
        progress.end();
    }
    const items = `${batchSize} item${batchSize === 1 ? '' : 's'}`;
    logger.info(`${label}: ${rounds.toLocaleString('en-US')} batches of ${items} per model in ${((performance.now() - started) / 1000).toFixed(1)} s; median ` +
        models.map((model) => `${formatMs(median(model.batchMs))} (${model.run.label})`).join(', '));
    return models.map((model) => ({ batchMs: model.batchMs, batchSize }));
}
/**
 * The model's top-1 prediction for every item, as class numbers of the dataset. The model's labels must be
 * the dataset's classes (in any order); anything else is an error, not a guess.
 */
async function predictDataset(session, preprocessing, dataset, options) {
    const [outcomes] = await evaluateModels([{ session, preprocessing, label: options.label }], dataset, options);
    return outcomes.predictions;
}
/**
 * One batch on every model, its input read before any model runs (inputsOf): the models in turn, the order alternating
 * with the batch number, so that a machine that slows down mid-run slows every model alike.
 */
async function runInTurn(models, batch, inputs, step) {
    for (const model of batch % 2 === 0 ? models : [...models].reverse())
        await step(model, inputs.get(model.inputKey));
}
/** A batch's input for every preprocessing the models have, each read once (models alike in it share one). */
async function inputsOf(models, read) {
    const inputs = new Map();
    for (const model of models)
        if (!inputs.has(model.inputKey))
            inputs.set(model.inputKey, await read(model.run.preprocessing));
    return inputs;
}
/** `count` items' model input from item `start` on, going on from the test set's first item when it runs out. */
async function cyclicInput(dataset, preprocessing, start, count) {
    const total = dataset.labels.length;
    const parts = [];
    for (let at = start % total, left = count; left > 0; at = 0) {
        const end = Math.min(total, at + left);
        parts.push((await modelInput(dataset, preprocessing, at, end)).data);
        left -= end - at;
    }
    if (parts.length === 1)
        return parts[0];
    const input = new Float32Array(parts.reduce((length, part) => length + part.length, 0));
    let offset = 0;
    for (const part of parts) {
        input.set(part, offset);
        offset += part.length;
    }
    return input;
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
/** Milliseconds to about three significant digits: one item may take a few microseconds, a large batch seconds. */
const formatMs = (ms) => `${ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms.toPrecision(3)} ms`;
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

;// CONCATENATED MODULE: ./packages/evaluation/src/datasets/shard.ts

/** The most parts a test set may be split into: a GitHub Actions matrix runs at most 256 jobs. */
const MAX_SHARDS = 256;
/**
 * The items of a shard: [start, end), contiguous and in item order, the parts' sizes differing by at most one. The same
 * spec and test-set size always give the same range, and the k ranges of a split cover every item exactly once.
 */
function shardRange(shard, total) {
    return { start: Math.floor(((shard.index - 1) * total) / shard.count), end: Math.floor((shard.index * total) / shard.count) };
}
/** `i/k`, as the `shard` input writes it. */
const shardName = (shard) => `${shard.index}/${shard.count}`;
/**
 * Items [start, end) of a test set as a test set of their own: item 0 of the part is item `start` of the whole. Its
 * name, classes and fingerprint stay the whole test set's (the part is of that test set).
 */
function datasetPart(dataset, shard) {
    const total = dataset.labels.length;
    const { start, end } = shardRange(shard, total);
    const testSet = `test set '${(0,src/* terminalText */.eR)(dataset.name)}'`;
    if (total === 0)
        throw new src/* ConfigurationError */.j1(`${testSet} has no items: there is nothing to split into shards`, { subject: 'dataset' });
    if (end <= start)
        throw new src/* ConfigurationError */.j1(`shard ${shardName(shard)} has no items: ${testSet} has ${total} item${total === 1 ? '' : 's'}, ` +
            `fewer than the ${shard.count} shards; split it into at most ${total}`, { subject: 'shard' });
    const within = (from, to) => {
        if (!(Number.isInteger(from) && Number.isInteger(to) && from >= 0 && from <= to && to <= end - start))
            throw new RangeError(`items ${from}–${to} are outside shard ${shardName(shard)}, which has ${end - start}`);
        return [start + from, start + to];
    };
    const common = {
        name: dataset.name,
        classes: dataset.classes,
        fingerprint: dataset.fingerprint,
        labels: dataset.labels.subarray(start, end),
    };
    if (dataset.kind === 'image')
        return {
            ...common,
            kind: 'image',
            read: async (from, to, shape) => await dataset.read(...within(from, to), shape),
            ...(dataset.itemPaths ? { itemPaths: dataset.itemPaths.slice(start, end) } : {}),
            ...(dataset.folderGroups ? { folderGroups: dataset.folderGroups.slice(start, end) } : {}),
        };
    return {
        ...common,
        kind: 'table',
        columns: dataset.columns,
        readFeatures: async (from, to, features) => await dataset.readFeatures(...within(from, to), features),
        readColumn: async (column) => (await dataset.readColumn(column))?.slice(start, end),
    };
}

;// CONCATENATED MODULE: ./packages/evaluation/src/index.ts









// EXTERNAL MODULE: ./packages/gate/src/index.ts + 22 modules
var gate_src = __webpack_require__(44375);
// EXTERNAL MODULE: ./packages/mlflow/src/index.ts + 12 modules
var mlflow_src = __webpack_require__(49800);
// EXTERNAL MODULE: ./packages/model-format/src/index.ts + 5 modules
var model_format_src = __webpack_require__(57963);
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

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
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
        ? `: ${first.clause.split(/ [<>] /)[0]} in [${first.interval[0].toFixed(4)}, ${first.interval[1].toFixed(4)}] at ${(0,gate_src/* formatPercent */.l9)(first.confidence)} confidence`
        : '';
    return (`Model accuracy: ${gate.n.toFixed(4)} ± ${((upper - lower) / 2).toFixed(4)} (confidence: ${gate.wilson.confidence}) on ${gate.items} test items; ` +
        `passed '${gate.condition}'${interval}${championVersion === undefined ? ' (first model)' : `, against v${championVersion}`}.`);
}

// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(48161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
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

;// CONCATENATED MODULE: ./packages/promotion/src/shards.ts
// Sharded evaluation: each job of a matrix evaluates its part of the test set and records its per-item outcomes in a
// shard run of the model's evaluation experiment; the merge finds the parts of its evaluation, checks that they are
// exactly the k parts of one test set evaluated with one pair of versions, and puts them back together in item order.







/** Tags of a shard run: which evaluation it belongs to, which part it is, and which attempt of the workflow run made it. */
const SHARD_TAGS = {
    group: 'mlops.shard.group',
    shard: 'mlops.shard',
    attempt: 'mlops.shard.attempt',
};
/** The shard run's artifact with its per-item outcomes. */
const SHARD_ARTIFACT = 'shard-outcomes.json';
const FORMAT = 'mlops-shard-outcomes/1';
/** A bound on what a merge reads: about 60 bytes per item with a champion (44 bytes of numbers, in base64), so 4 million items per shard. */
const MAX_ARTIFACT_BYTES = 256 * 1024 * 1024;
/** `i/k`, 1 ≤ i ≤ k ≤ MAX_SHARDS, or undefined for anything else. */
function parseShard(text) {
    const match = /^(\d{1,3})\/(\d{1,3})$/.exec(text.trim());
    if (!match)
        return undefined;
    const [index, count] = [Number(match[1]), Number(match[2])];
    return index >= 1 && index <= count && count <= MAX_SHARDS ? { index, count } : undefined;
}
function encodeArray(array) {
    return Buffer.from(array.buffer, array.byteOffset, array.byteLength).toString('base64');
}
if ((0,external_node_os_.endianness)() !== 'LE')
    throw new Error('shard outcomes are stored little-endian, and this machine is big-endian');
/** Writes a shard's record as JSON, its arrays as base64 of their little-endian bytes (exact, and a fifth the size of numbers). */
function encodeShard(record) {
    const model = (outcomes) => outcomes && {
        version: outcomes.version,
        provider: outcomes.provider,
        bytes: outcomes.bytes,
        batchSize: outcomes.batchSize,
        predictions: encodeArray(outcomes.predictions),
        labelRank: encodeArray(outcomes.labelRank),
        confidence: encodeArray(outcomes.confidence),
        brier: encodeArray(outcomes.brier),
        batchMs: encodeArray(outcomes.batchMs),
    };
    return JSON.stringify({
        format: FORMAT,
        model: record.modelName,
        shard: shardName(record.shard),
        items: record.items,
        testSet: record.testSet,
        groups: record.groups ? { names: record.groups.names, ofItem: encodeArray(record.groups.ofItem) } : null,
        labels: encodeArray(record.labels),
        challenger: model(record.challenger),
        champion: model(record.champion) ?? null,
    });
}
/**
 * Reads a shard's record back, refusing anything evaluate-promote's shard step would not have written: the file comes
 * from MLflow, where anyone who can log to the evaluation experiment can write. Every number the gate reads is checked
 * (lengths, classes and groups in range, finite confidences, Brier scores and times).
 */
function decodeShard(text, where) {
    const fail = (problem) => {
        throw new src/* ConfigurationError */.j1(`${where}: ${problem}; it was not written by evaluate-promote's shard step, or was changed since. Re-run that shard's job.`, { subject: 'shard' });
    };
    let raw;
    try {
        raw = JSON.parse(text);
    }
    catch {
        return fail('its outcomes file is not JSON');
    }
    const record = object(raw, 'the outcomes file', fail);
    if (record.format !== FORMAT)
        fail(`its outcomes file is not of format ${FORMAT}`);
    const shard = typeof record.shard === 'string' ? parseShard(record.shard) : undefined;
    if (!shard)
        return fail("its outcomes file names no shard 'i/k'");
    const items = object(record.items, 'items', fail);
    const total = count(items.total, 'items.total', fail);
    const range = shardRange(shard, total);
    const [start, end] = [count(items.start, 'items.start', fail), count(items.end, 'items.end', fail)];
    if (start !== range.start || end !== range.end)
        fail(`shard ${shardName(shard)} of ${total} items is items ${range.start}–${range.end}, and it says ${start}–${end}`);
    const length = range.end - range.start;
    const testSet = object(record.testSet, 'testSet', fail);
    const classes = strings(testSet.classes, 'testSet.classes', fail);
    if (classes.length === 0)
        fail('its test set has no classes');
    if (typeof testSet.name !== 'string' || typeof testSet.fingerprint !== 'string' || !/^[0-9a-f]{16,128}$/.test(testSet.fingerprint))
        fail('its test set has no name or fingerprint');
    const labels = int32s(record.labels, length, 'labels', fail);
    inRange(labels, 0, classes.length - 1, 'labels', fail);
    let groups;
    if (record.groups !== null) {
        const given = object(record.groups, 'groups', fail);
        const names = strings(given.names, 'groups.names', fail);
        const ofItem = int32s(given.ofItem, length, 'groups.ofItem', fail);
        inRange(ofItem, -1, names.length - 1, 'groups.ofItem', fail);
        groups = { names, ofItem };
    }
    const model = (value, name) => {
        const given = object(value, name, fail);
        const version = count(given.version, `${name}.version`, fail);
        if (version < 1)
            fail(`${name}.version is not a version number`);
        if (given.provider !== 'cpu' && given.provider !== 'cuda' && given.provider !== 'webgpu')
            fail(`${name}.provider is not cpu, cuda or webgpu`);
        const batchSize = count(given.batchSize, `${name}.batchSize`, fail);
        if (batchSize < 1)
            fail(`${name}.batchSize is below 1`);
        const outcomes = {
            version,
            provider: given.provider,
            bytes: count(given.bytes, `${name}.bytes`, fail),
            batchSize,
            predictions: int32s(given.predictions, length, `${name}.predictions`, fail),
            labelRank: int32s(given.labelRank, length, `${name}.labelRank`, fail),
            confidence: floats(given.confidence, Float32Array, length, `${name}.confidence`, fail),
            brier: floats(given.brier, Float64Array, length, `${name}.brier`, fail),
            batchMs: floats(given.batchMs, Float64Array, undefined, `${name}.batchMs`, fail),
        };
        inRange(outcomes.predictions, 0, classes.length - 1, `${name}.predictions`, fail);
        inRange(outcomes.labelRank, 0, classes.length - 1, `${name}.labelRank`, fail);
        inRange(outcomes.confidence, 0, 1, `${name}.confidence`, fail);
        inRange(outcomes.brier, 0, 2, `${name}.brier`, fail);
        inRange(outcomes.batchMs, 0, Number.MAX_VALUE, `${name}.batchMs`, fail);
        return outcomes;
    };
    if (typeof record.model !== 'string')
        fail('its outcomes file names no model');
    return {
        modelName: record.model,
        shard,
        items: { start: range.start, end: range.end, total },
        testSet: { name: testSet.name, fingerprint: testSet.fingerprint, classes },
        groups,
        labels,
        challenger: model(record.challenger, 'challenger'),
        champion: record.champion === null ? undefined : model(record.champion, 'champion'),
    };
}
function object(value, name, fail) {
    if (typeof value !== 'object' || value === null || Array.isArray(value))
        return fail(`${name} is not an object`);
    return value;
}
function count(value, name, fail) {
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0)
        return fail(`${name} is not a whole number`);
    return value;
}
function strings(value, name, fail) {
    if (!Array.isArray(value) || !value.every((item) => typeof item === 'string'))
        return fail(`${name} is not a list of names`);
    return value;
}
function bytesOf(value, elementBytes, length, name, fail) {
    if (typeof value !== 'string' || value.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(value))
        return fail(`${name} is not base64`);
    const bytes = Buffer.from(value, 'base64');
    if (bytes.length % elementBytes !== 0 || (length !== undefined && bytes.length !== length * elementBytes))
        fail(`${name} holds ${bytes.length / elementBytes} values, not ${length ?? 'whole ones'}`);
    return bytes;
}
function int32s(value, length, name, fail) {
    const bytes = bytesOf(value, 4, length, name, fail);
    const array = new Int32Array(length);
    new Uint8Array(array.buffer).set(bytes);
    return array;
}
function floats(value, type, length, name, fail) {
    const bytes = bytesOf(value, type.BYTES_PER_ELEMENT, length, name, fail);
    const array = new type(bytes.length / type.BYTES_PER_ELEMENT);
    new Uint8Array(array.buffer).set(bytes);
    return array;
}
/** Every value finite and within [low, high]: NaN fails too. */
function inRange(values, low, high, name, fail) {
    for (let i = 0; i < values.length; i++)
        if (!(values[i] >= low && values[i] <= high))
            fail(`${name}[${i}] is ${values[i]}, outside ${low}–${high}`);
}
/** Opens a shard run in the model's evaluation experiment: `v5 vs v4 · shard 2/4`, tagged with its group and attempt. */
async function recordShard(http, record, context) {
    const experiment = await (0,mlflow_src/* getOrCreateExperiment */.DV)(http, evaluationExperiment(record.modelName));
    const versions = `v${record.challenger.version} vs ${record.champion ? `v${record.champion.version}` : 'no champion'}`;
    const run = await (0,mlflow_src/* createRun */.ut)(http, {
        experimentId: experiment.id,
        runName: `${versions} · shard ${shardName(record.shard)}`,
        tags: {
            ...context.tags,
            [EVALUATION_TAGS.model]: record.modelName,
            [SHARD_TAGS.group]: context.group,
            [SHARD_TAGS.shard]: shardName(record.shard),
            [SHARD_TAGS.attempt]: String(context.attempt),
        },
    });
    const scratch = await (0,promises_.mkdtemp)((0,external_node_path_.join)((0,external_node_os_.tmpdir)(), 'mlops-shard-'));
    try {
        await (0,promises_.writeFile)((0,external_node_path_.join)(scratch, SHARD_ARTIFACT), encodeShard(record));
        await (0,mlflow_src/* uploadArtifactFile */.tW)(http, run.artifactUri, (0,external_node_path_.join)(scratch, SHARD_ARTIFACT), SHARD_ARTIFACT);
        await (0,mlflow_src/* updateRun */.PF)(http, { runId: run.id, status: 'FINISHED', endTime: Date.now() });
    }
    catch (error) {
        // Never left RUNNING: the merge takes FINISHED runs only, and the experiment says what became of this one.
        await (0,mlflow_src/* endRunAsFailed */.kI)(http, run.id, { status: 'FAILED', reason: (0,src/* errorMessage */.gJ)(error), endTime: Date.now() }).catch(() => undefined);
        throw error;
    }
    finally {
        await (0,promises_.rm)(scratch, { recursive: true, force: true });
    }
    return { id: run.id, experimentId: experiment.id };
}
/**
 * The runs the merge takes, one per part, in part order: for a part evaluated by several attempts of the workflow run
 * (a re-run), the latest attempt's. Refused: parts of different splits (`2/4` beside `3/3`), a part evaluated twice in
 * one attempt (two matrix jobs with the same shard), a part missing, or none at all.
 */
function chooseShardRuns(runs, group, attempt) {
    // A merge in the workflow run its shards belong to runs in the run's latest attempt: a part from a later one was not
    // made by this run. (Given when the group is the run itself; a group shared by several runs has no such bound.)
    const later = attempt === undefined ? undefined : runs.find((run) => run.attempt > attempt);
    if (later)
        throw new src/* ConfigurationError */.j1(`shard run ${(0,src/* terminalText */.eR)(later.id)} says it is shard ${shardName(later.shard)} of attempt ${later.attempt}, and this merge is attempt ${attempt}: ` +
            'it was not made by this workflow run. Find out who logged it to the evaluation experiment; nothing was promoted.', { subject: 'shard' });
    if (runs.length === 0)
        throw new src/* ConfigurationError */.j1(`no finished shard of this evaluation was found (shard-group ${(0,src/* terminalText */.eR)(group)}): run the matrix's shard jobs, ` +
            "each with shard 'i/k', before the merge, with the same shard-group", { subject: 'shard' });
    const counts = [...new Set(runs.map((run) => run.shard.count))];
    if (counts.length > 1)
        throw new src/* ConfigurationError */.j1(`the shards of this evaluation split the test set in different ways: ${runs.map((run) => shardName(run.shard)).join(', ')}; ` +
            "every job of the matrix must give the same k in 'i/k'", { subject: 'shard' });
    const count = counts[0];
    const chosen = [];
    const superseded = [];
    const missing = [];
    for (let index = 1; index <= count; index++) {
        const part = runs.filter((run) => run.shard.index === index).sort((a, b) => b.attempt - a.attempt);
        if (part.length === 0) {
            missing.push(`${index}/${count}`);
            continue;
        }
        if (part.length > 1 && part[0].attempt === part[1].attempt)
            throw new src/* ConfigurationError */.j1(`shard ${index}/${count} was evaluated twice in attempt ${part[0].attempt} (runs ${(0,src/* terminalText */.eR)(part[0].id)} and ${(0,src/* terminalText */.eR)(part[1].id)}): ` +
                "two jobs of the matrix gave the same 'i/k', or shard-group was used for an earlier evaluation too: give each job its own i " +
                'from 1 to k, and each evaluation its own shard-group', { subject: 'shard' });
        chosen.push(part[0]);
        superseded.push(...part.slice(1));
    }
    if (missing.length > 0)
        throw new src/* ConfigurationError */.j1(`shard${missing.length === 1 ? '' : 's'} ${missing.join(', ')} of this evaluation ${missing.length === 1 ? 'is' : 'are'} missing ` +
            `(found ${chosen.map((run) => shardName(run.shard)).join(', ')}): ` +
            `${missing.length === 1 ? 'its job failed, was' : 'their jobs failed, were'} cancelled or never ran. ` +
            'Re-run the failed jobs of the workflow run; the merge runs again after them.', { subject: 'shard' });
    return { chosen, superseded };
}
/** The finished shard runs of one evaluation (its group) of a model. */
async function findShardRuns(http, modelName, group) {
    const experiment = await (0,mlflow_src/* getOrCreateExperiment */.DV)(http, evaluationExperiment(modelName));
    const runs = await (0,mlflow_src/* searchRuns */.xz)(http, {
        experimentIds: [experiment.id],
        filter: `tags."${SHARD_TAGS.group}" = '${(0,mlflow_src/* escapeFilter */.kP)(group)}' and tags."${EVALUATION_TAGS.model}" = '${(0,mlflow_src/* escapeFilter */.kP)(modelName)}'`,
    });
    return runs
        .filter((run) => run.status === 'FINISHED')
        .flatMap((run) => {
        const shard = parseShard(run.tags[SHARD_TAGS.shard] ?? '');
        const attempt = Number(run.tags[SHARD_TAGS.attempt]);
        return shard && Number.isSafeInteger(attempt) && attempt >= 1 ? [{ id: run.id, artifactUri: run.artifactUri, shard, attempt }] : [];
    });
}
/** Downloads and checks a shard run's outcomes. */
async function readShard(http, run) {
    const scratch = await (0,promises_.mkdtemp)((0,external_node_path_.join)((0,external_node_os_.tmpdir)(), 'mlops-shard-'));
    try {
        const path = (0,external_node_path_.join)(scratch, SHARD_ARTIFACT);
        await (0,mlflow_src/* downloadArtifactFile */.$9)(http, run.artifactUri, SHARD_ARTIFACT, path, { label: `shard run ${run.id}`, maxBytes: MAX_ARTIFACT_BYTES });
        return decodeShard(await (0,promises_.readFile)(path, 'utf8'), `shard run ${run.id}`);
    }
    finally {
        await (0,promises_.rm)(scratch, { recursive: true, force: true });
    }
}
/**
 * Puts the parts back together, item after item: the result is what one runner evaluating the whole test set would have
 * had. The parts must be of one test set (fingerprint, classes, groups), evaluated with one pair of versions; times
 * (latency clauses' batches) are the first part's, so that every timed batch comes from one machine.
 */
function mergeShards(records) {
    const first = records[0];
    if (first === undefined)
        throw new src/* ConfigurationError */.j1('there are no shards to merge', { subject: 'shard' });
    const parts = records.map((record) => shardName(record.shard)).join(', ');
    if (records.some((record, i) => record.shard.index !== i + 1 || record.shard.count !== records.length))
        throw new src/* ConfigurationError */.j1(`the parts ${parts} are not the k parts of one split, in order`, { subject: 'shard' });
    const same = (what, value) => {
        const expected = JSON.stringify(value(first));
        const other = records.find((record) => JSON.stringify(value(record)) !== expected);
        if (other)
            throw new src/* ConfigurationError */.j1(`shards ${shardName(first.shard)} and ${shardName(other.shard)} were evaluated with different ${what}: ` +
                `${(0,src/* terminalText */.eR)(expected.slice(0, 200))} and ${(0,src/* terminalText */.eR)(JSON.stringify(value(other)).slice(0, 200))}. ` +
                'The parts of one evaluation must see the same test set and versions: re-run all the jobs of the workflow run.', { subject: 'shard' });
    };
    same('models', (record) => record.modelName);
    same('test sets', (record) => [record.testSet.fingerprint, record.items.total]);
    same('classes', (record) => record.testSet.classes);
    same('groups', (record) => record.groups?.names ?? null);
    same('challenger versions', (record) => record.challenger.version);
    same('champion versions', (record) => record.champion?.version ?? null);
    const total = first.items.total;
    const join = (type, part) => {
        const whole = new type(total);
        for (const record of records)
            whole.set(part(record), record.items.start);
        return whole;
    };
    const model = (pick) => ({
        ...pick(first),
        predictions: join(Int32Array, (record) => pick(record).predictions),
        labelRank: join(Int32Array, (record) => pick(record).labelRank),
        confidence: join(Float32Array, (record) => pick(record).confidence),
        brier: join(Float64Array, (record) => pick(record).brier),
    });
    return {
        testSet: {
            name: first.testSet.name,
            fingerprint: first.testSet.fingerprint,
            classes: first.testSet.classes,
            labels: join(Int32Array, (record) => record.labels),
        },
        groups: first.groups && { names: first.groups.names, ofItem: join(Int32Array, (record) => record.groups.ofItem) },
        challenger: model((record) => record.challenger),
        champion: first.champion && model((record) => record.champion),
        providers: {
            challenger: [...new Set(records.map((record) => record.challenger.provider))].join('+'),
            champion: first.champion && [...new Set(records.map((record) => record.champion.provider))].join('+'),
        },
    };
}

;// CONCATENATED MODULE: ./packages/promotion/src/interval-chart.ts


/** Cells of the number line. */
const WIDTH = 56;
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
        const [lower, upper] = clause.interval.map(gate_src/* formatNumber */.ZV);
        const heading = `${(0,src/* escapeMarkdown */.FV)(clause.clause)} **${(0,gate_src/* valueWord */.QO)(clause.value, clause.slice)}**: estimate ${(0,gate_src/* formatNumber */.ZV)(clause.estimate)}, ` +
            `${(0,gate_src/* formatPercent */.l9)(clause.confidence)} interval [${lower}, ${upper}]`;
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
    return (0,src/* markdownTable */.Qj)(['', 'version', 'accuracy', `${(0,gate_src/* formatPercent */.l9)(gate.wilson.confidence)} interval (Wilson)`], [
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
    const tables = gate.slices ?? [];
    let table = -1;
    let rowsLeft = 0;
    return gate.clauses.filter((clause) => {
        if (!clause.slice)
            return true;
        // A forall clause's slices follow one another, one per row of its table, tables in the condition's order: so the
        // worst is its own clause's, and two `forall class` clauses each chart their own worst class.
        while (rowsLeft === 0 && table < tables.length - 1)
            rowsLeft = tables[++table].rows.length;
        rowsLeft--;
        return clause.slice.name === tables[table]?.rows[0]?.name;
    });
}
/** Rows of a slice table shown before the fold; the rest follow in the statistics. */
const SLICE_ROWS_SHOWN = 10;
/** Each forall clause as a table, worst slice first: what a reviewer checks first when one class got worse. */
function sliceTables(gate, alias) {
    return (gate.slices ?? []).flatMap((table) => {
        const shown = table.rows.slice(0, SLICE_ROWS_SHOWN);
        const rows = shown
            .map(gate_src/* sliceRowCells */.oJ)
            .map((cells) => [cells.name, cells.items, cells.n, cells.o, cells.estimate, cells.interval, cells.verdict]);
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
    const rows = (0,gate_src/* metricRowCells */.iu)(gate.metrics).map(({ label, challenger, production }) => [label, challenger, production ?? '—']);
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
    lines.push(why(decisionSentence(summary)), '', ...sliceTables(gate, summary.championAlias), ...metricsTable(gate, summary.championAlias));
    lines.push(...deployLine(summary.deploy));
    const providers = `execution provider ${(0,src/* markdownCode */.D9)(summary.providers.challenger)}${summary.providers.champion ? ` (challenger), ${(0,src/* markdownCode */.D9)(summary.providers.champion)} (@${(0,src/* escapeMarkdown */.FV)(summary.championAlias)})` : ''}`;
    lines.push(...details('The statistics: condition, intervals, notes', `Test set ${(0,src/* markdownCode */.D9)(summary.dataset.name)}: ${gate.items} items, fingerprint ${(0,src/* markdownCode */.D9)(summary.dataset.fingerprint.slice(0, 12))}${summary.shards ? `, merged from ${summary.shards} shards` : ''} · ${providers} · MLflow evaluation run ${runLink(summary.evaluationRunId, summary.evaluationRunUrl)}`, '', (0,gate_src/* renderGateMarkdown */.N5)(gate)));
    return lines.join('\n');
}
/** The job summary of one shard of a matrix: which items it evaluated with which versions, and where they are recorded. */
function renderShardSummary(summary) {
    const { start, end, total } = summary.items;
    const champion = summary.championVersion === undefined ? 'no champion' : `${(0,src/* markdownCode */.D9)(`@${summary.championAlias}`)} v${summary.championVersion}`;
    return [
        `## Shard ${shardName(summary.shard)} evaluated: ${(0,src/* escapeMarkdown */.FV)(summary.modelName)} v${summary.challengerVersion} against ${champion}`,
        '',
        `Items ${start.toLocaleString('en-US')}–${(end - 1).toLocaleString('en-US')} of ${total.toLocaleString('en-US')} of test set ${(0,src/* markdownCode */.D9)(summary.dataset.name)} ` +
            `(fingerprint ${(0,src/* markdownCode */.D9)(summary.dataset.fingerprint.slice(0, 12))}); their outcomes are in MLflow shard run ${runLink(summary.shardRunId, summary.shardRunUrl)}. ` +
            'The merge job gates on every shard and promotes.',
        '',
    ].join('\n');
}
/** The job summary of a re-run on a version that already is the champion: the recorded decision, nothing new. */
function renderAlreadyChampionSummary(summary) {
    return [
        `## Nothing to do: ${(0,src/* escapeMarkdown */.FV)(summary.modelName)} v${summary.version} already is ${(0,src/* markdownCode */.D9)(summary.alias)}`,
        '',
        why(summary.reason),
        '',
        ...deployLine(summary.deploy),
        ...details('Its recorded decision', (0,gate_src/* renderGateMarkdown */.N5)(summary.gate)),
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
    const chart = renderIntervalChart(chartedClauses(summary.gate));
    if (chart)
        lines.push(chart, '');
    lines.push(why(summary.reason), '', ...deployLine(summary.deploy), ...details('The statistics of the approved evaluation', `MLflow evaluation run ${markdownCode(summary.evaluationRunId)}`, '', renderGateMarkdown(summary.gate)), summary.ledger);
    return lines.join('\n');
}

;// CONCATENATED MODULE: ./packages/promotion/src/evaluate-promote.ts













/** The timing pass's defaults: single requests, and as many rounds as the condition's latency clauses call for. */
const LATENCY_TIMING_DEFAULTS = { batchSize: 1, rounds: 'auto' };
/** Runs `work` as a phase of the step, reporting its time to onPhase. */
async function inPhase(deps, phase, work) {
    const started = performance.now();
    try {
        return await work();
    }
    finally {
        deps.onPhase?.(phase, performance.now() - started);
    }
}
/**
 * Evaluates the challenger against the champion on the test set, records everything in MLflow, and promotes
 * the challenger when the gate passes: versions resolved once, the alias moved by compare-and-set. With `shard: 'merge'`
 * the evidence is the matrix's shards' outcomes instead of inference here (a shard itself is evaluateShard's).
 */
async function evaluateAndPromote(options, deps) {
    if (options.shard !== undefined && options.shard !== 'merge')
        throw new Error("evaluateAndPromote evaluates a whole test set or merges shards: one shard is evaluateShard's");
    const { http, logger } = deps;
    const started = performance.now();
    const { challenger, champion } = await resolveEvaluated(options, deps);
    if (champion?.version === challenger.version)
        return await alreadyChampion(options, deps, challenger);
    if (options.shard === 'merge') {
        const { merged, shardRuns } = await inPhase(deps, 'mlflow', () => gatherShards(http, options, challenger, champion, logger));
        const evaluation = {
            challenger,
            champion,
            testSet: merged.testSet,
            groups: merged.groups,
            started,
            shards: shardRuns,
            providers: merged.providers,
        };
        requireGroups(decidedClauses(options, champion !== undefined), merged.groups);
        const run = await openEvaluation(options, deps, evaluation);
        return await concludeEvaluation(options, deps, evaluation, run, () => ({ challenger: merged.challenger, champion: merged.champion }));
    }
    const { dataset, groups } = await loadTestSet(options, deps);
    requireGroups(decidedClauses(options, champion !== undefined), groups);
    const evaluation = { challenger, champion, testSet: dataset, groups, started, shards: undefined };
    const run = await openEvaluation(options, deps, evaluation);
    return await concludeEvaluation(options, deps, evaluation, run, async () => {
        const models = await downloadModels(options, deps, challenger, champion);
        const labels = modelLabels(challenger, champion);
        const timing = latencyTiming(options, (0,gate_src/* sliceCountsOf */.Y$)({ classes: dataset.classes, groups }), champion !== undefined);
        return await logger.group('Inference', () => predict(models, labels, dataset, { ...options, timing }, deps));
    });
}
/**
 * Evaluates one part of the test set (`shard: i/k`) with the challenger and the champion and records the per-item
 * outcomes in a shard run of the evaluation experiment, for the merge to gate on. Nothing is decided or promoted here.
 * The versions are resolved here as in a whole evaluation; the merge refuses parts that saw other versions. The latency
 * clauses' timing pass runs on shard 1 only, so that every timed batch comes from one machine.
 */
async function evaluateShard(options, deps) {
    const { http, logger } = deps;
    const { shard } = options;
    const group = shardGroupOf(options);
    const { challenger, champion } = await resolveEvaluated(options, deps);
    const versions = { shard, challengerVersion: challenger.version, championVersion: champion?.version };
    if (champion?.version === challenger.version) {
        const reason = `v${challenger.version} already is @${options.championAlias}: nothing to evaluate (the merge says the same)`;
        logger.info(reason);
        return {
            ...versions,
            shardRunId: undefined,
            items: undefined,
            reason,
            summary: `## Shard ${shardName(shard)}: ${(0,src/* escapeMarkdown */.FV)(reason)}\n`,
        };
    }
    const { dataset, groups } = await loadTestSet(options, deps);
    const clauses = decidedClauses(options, champion !== undefined);
    requireGroups(clauses, groups);
    const slices = (0,gate_src/* sliceCountsOf */.Y$)({ classes: dataset.classes, groups });
    // Said by every shard before its inference, not only by the merge after all of them.
    if (champion)
        await inPhase(deps, 'mlflow', () => checkTestSetReuse(http, options, dataset, slices, comparisonKey(challenger.version, champion.version), logger));
    const part = datasetPart(dataset, shard);
    const items = { ...shardRange(shard, dataset.labels.length), total: dataset.labels.length };
    logger.info(`shard ${shardName(shard)}: items ${items.start.toLocaleString('en-US')}–${(items.end - 1).toLocaleString('en-US')} of ${items.total.toLocaleString('en-US')}`);
    const models = await downloadModels(options, deps, challenger, champion);
    const timing = shard.index === 1 ? latencyTiming(options, slices, champion !== undefined) : undefined;
    const predictions = await logger.group('Inference', () => predict(models, modelLabels(challenger, champion), part, { ...options, timing }, deps));
    const withVersion = (outcomes, version) => ({ ...outcomes, version });
    const shardRun = await inPhase(deps, 'mlflow', () => recordShard(http, {
        modelName: options.modelName,
        shard,
        items,
        testSet: { name: dataset.name, fingerprint: dataset.fingerprint, classes: dataset.classes },
        groups: groups && { names: groups.names, ofItem: groups.ofItem.subarray(items.start, items.end) },
        labels: part.labels,
        challenger: withVersion(predictions.challenger, challenger.version),
        champion: predictions.champion && champion ? withVersion(predictions.champion, champion.version) : undefined,
    }, { group, attempt: options.shardAttempt ?? 1, tags: { ...options.tags, 'mlops.holder': options.holder } }));
    const shardRunId = shardRun.id;
    const reason = `shard ${shardName(shard)} evaluated (${part.labels.length.toLocaleString('en-US')} items), recorded in shard run ${shardRunId}: the merge decides`;
    logger.info(reason);
    return {
        ...versions,
        shardRunId,
        items,
        reason,
        summary: renderShardSummary({
            ...versions,
            modelName: options.modelName,
            championAlias: options.championAlias,
            items,
            dataset,
            shardRunId,
            shardRunUrl: (0,mlflow_src/* runPageUrl */.g4)(http, shardRun.experimentId, shardRunId),
        }),
    };
}
/** The shard group a shard or a merge needs: what ties the parts of one evaluation together. */
function shardGroupOf(options) {
    if (options.shardGroup)
        return options.shardGroup;
    throw new src/* ConfigurationError */.j1('a sharded evaluation needs shard-group, which ties its shards and their merge together: outside a GitHub Actions run ' +
        '(where it is the workflow run), give the same shard-group to every shard and to the merge', { subject: 'shard-group' });
}
/** The challenger and the champion, resolved once and said. */
async function resolveEvaluated(options, deps) {
    const versions = await inPhase(deps, 'mlflow', () => resolveVersions(deps.http, options.modelName, options.challenger, options.championAlias));
    if (versions.champion?.version !== versions.challenger.version) {
        const championText = versions.champion ? `v${versions.champion.version}` : 'none yet';
        deps.logger.info(`${options.modelName}: challenger v${versions.challenger.version}, @${options.championAlias} ${championText}`);
    }
    return versions;
}
/** The test set and its groups, as the options name them. */
async function loadTestSet(options, deps) {
    const { logger } = deps;
    const loaded = await inPhase(deps, 'test set', async () => {
        const dataset = await logger.group(`Test set: ${options.dataset}`, () => (0,datasets/* loadDataset */.Zh)(options.dataset, {
            cacheDir: options.cacheDir,
            logger,
            fetch: deps.fetch,
            cifar10Source: options.cifar10Source,
            labelColumn: options.labelColumn,
        }));
        return { dataset, groups: options.groups === undefined ? undefined : await loadGroups(options.groups, dataset) };
    });
    const { dataset } = loaded;
    logger.info(`${dataset.labels.length} items, ${dataset.classes.length} classes, fingerprint ${dataset.fingerprint.slice(0, 12)}`);
    return loaded;
}
async function downloadModels(options, deps, challenger, champion) {
    const { http, logger } = deps;
    const fetchVersion = (version) => (0,model_format_src/* fetchModelVersion */.sJ)(http, options.modelName, version, options.cacheDir, (line) => logger.info(line));
    return await inPhase(deps, 'model download', () => logger.group('Models', async () => ({
        challenger: await fetchVersion(challenger.version),
        champion: champion ? await fetchVersion(champion.version) : undefined,
    })));
}
const modelLabels = (challenger, champion) => ({
    challenger: `challenger v${challenger.version}`,
    champion: champion ? `champion v${champion.version}` : undefined,
});
/** Checks the test set's reuse budget (comparisons only) and opens the evaluation run. */
async function openEvaluation(options, deps, evaluation) {
    const { challenger, champion, testSet, groups } = evaluation;
    const runName = `v${challenger.version} vs ${champion ? `v${champion.version}` : 'no champion'}`;
    const slices = (0,gate_src/* sliceCountsOf */.Y$)({ classes: testSet.classes, groups });
    const tags = { ...options.tags, 'mlops.holder': options.holder };
    if (evaluation.shards)
        tags[MERGED_SHARDS_TAG] = String(evaluation.shards.length);
    return await inPhase(deps, 'mlflow', async () => {
        if (champion)
            await checkTestSetReuse(deps.http, options, testSet, slices, comparisonKey(challenger.version, champion.version), deps.logger);
        return await startEvaluationRun(deps.http, options.modelName, runName, tags);
    });
}
/** The tag of an evaluation run merged from shards: how many. */
const MERGED_SHARDS_TAG = 'mlops.merged_shards';
/**
 * Gets the models' outcomes, decides, records the evaluation, promotes when the gate passes and says so; a failure
 * before the decision is recorded marks the evaluation run FAILED.
 */
async function concludeEvaluation(options, deps, evaluation, run, outcomes) {
    const { http, logger } = deps;
    const { challenger, champion, testSet, groups } = evaluation;
    try {
        const predictions = await outcomes();
        const gate = await inPhase(deps, 'gate', () => (0,gate_src/* evaluateGate */.DR)({
            condition: options.condition,
            settings: options.settings,
            counts: (0,gate_src/* countPairs */.rZ)(testSet.labels, predictions.challenger.predictions, predictions.champion?.predictions),
            evidence: {
                classes: testSet.classes,
                labels: testSet.labels,
                new: predictions.challenger,
                ...(predictions.champion ? { old: predictions.champion } : {}),
                ...(groups ? { groups } : {}),
            },
        }));
        logger.info(`gate: ${gate.reason}`);
        const record = {
            modelName: options.modelName,
            challengerVersion: challenger.version,
            championVersion: champion?.version,
            championAlias: options.championAlias,
            dataset: testSet.name,
            fingerprint: testSet.fingerprint,
            providers: evaluation.providers ?? { challenger: predictions.challenger.provider, champion: predictions.champion?.provider },
            gate,
            labels: testSet.labels,
            challengerPredictions: predictions.challenger.predictions,
            championPredictions: predictions.champion?.predictions,
            seconds: (performance.now() - evaluation.started) / 1000,
            tags: options.tags ?? {},
        };
        const outcome = await inPhase(deps, 'mlflow', async () => {
            await recordEvaluation(http, run, record);
            await tagChallenger(http, record, run.id);
            const decided = await decide(http, options, gate, challenger, champion, run.id, logger);
            await (0,mlflow_src/* setRunTag */.gL)(http, run.id, EVALUATION_TAGS.promoted, String(decided.promoted));
            // The shard runs show as the evaluation run's children in MLflow's UI: a nicety, never a reason to fail.
            for (const shardRun of evaluation.shards ?? [])
                await (0,mlflow_src/* setRunTag */.gL)(http, shardRun, 'mlflow.parentRunId', run.id).catch((error) => logger.warning(`shard run ${shardRun} could not be nested under evaluation run ${run.id}: ${(0,src/* errorMessage */.gJ)(error)}`));
            return decided;
        });
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
                dataset: testSet,
                shards: evaluation.shards?.length,
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
 * A merge's evidence: the finished shard runs of its group, one per part (a re-run's latest), each checked, put back
 * together in item order, and evaluated with the versions this merge resolved (the alias moved, or a newer version
 * came, while the shards ran: refused, nothing promoted).
 */
async function gatherShards(http, options, challenger, champion, logger) {
    const group = shardGroupOf(options);
    const bound = options.shardGroupIsRun ? (options.shardAttempt ?? 1) : undefined;
    const { chosen, superseded } = chooseShardRuns(await findShardRuns(http, options.modelName, group), group, bound);
    for (const run of superseded)
        logger.info(`shard ${shardName(run.shard)}: run ${run.id} of attempt ${run.attempt} is superseded by a later attempt's`);
    const records = [];
    for (const run of chosen) {
        const record = await readShard(http, run);
        if (shardName(record.shard) !== shardName(run.shard))
            throw new src/* ConfigurationError */.j1(`shard run ${run.id} is tagged shard ${shardName(run.shard)} and holds shard ${shardName(record.shard)}`, {
                subject: 'shard',
            });
        records.push(record);
    }
    const merged = mergeShards(records);
    const said = (version) => (version === undefined ? 'no champion' : `v${version}`);
    if (merged.challenger.version !== challenger.version || merged.champion?.version !== champion?.version)
        throw new src/* ConfigurationError */.j1(`the shards evaluated v${merged.challenger.version} against ${said(merged.champion?.version)}, and now the challenger is ` +
            `v${challenger.version} and @${options.championAlias} is ${said(champion?.version)}: a version was registered or the alias moved ` +
            'while the shards ran. Re-run all the jobs of the workflow run; nothing was promoted.', { subject: 'shard' });
    if (merged.testSet.name !== options.dataset)
        logger.warning(`the shards evaluated test set '${(0,src/* terminalText */.eR)(merged.testSet.name)}', and this merge names '${(0,src/* terminalText */.eR)(options.dataset)}'`);
    logger.info(`merged ${chosen.length} shards: ${merged.testSet.labels.length.toLocaleString('en-US')} items of test set ${merged.testSet.fingerprint.slice(0, 12)}`);
    return { merged, shardRuns: chosen.map((run) => run.id) };
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
/** The clauses the gate will decide: the condition against a champion, the first-model rule's condition without one. */
function decidedClauses(options, hasChampion) {
    if (hasChampion)
        return options.condition.clauses;
    const rule = options.settings.firstModel;
    return rule.kind === 'condition' ? rule.condition.clauses : [];
}
/**
 * A `forall group` clause needs groups with items: said before the models run, not after (the gate would refuse it then,
 * and a forall over no group must never hold vacuously).
 */
function requireGroups(clauses, groups) {
    const clause = clauses.find((c) => c.slice === 'group');
    if (clause === undefined)
        return;
    if (groups === undefined)
        throw (0,gate_src/* noGroupsError */.Ap)(clause, 'the test set has none');
    if (!groups.ofItem.some((group) => group >= 0))
        throw (0,gate_src/* noGroupsError */.Ap)(clause, 'the groups given put no test item in a group');
}
/** `auto` rounds: at least this many, and this many times the batches the latency clauses need to be decidable at all. */
const AUTO_ROUNDS = { least: 200, margin: 3 };
/**
 * The timing pass latency clauses are decided on, or undefined when the gate decides none. The scoring pass times too
 * few batches for them: every full batch but the first, 38 batches of 256 on a 10,000-item test set, where a p95 at
 * reliability 0.99 needs at least 90.
 */
function latencyTiming(options, slices, hasChampion) {
    const clauses = decidedClauses(options, hasChampion);
    if (!clauses.some((clause) => clause.metric.kind === 'latency'))
        return undefined;
    const rounds = options.latencyRounds ?? LATENCY_TIMING_DEFAULTS.rounds;
    const batchSize = options.latencyBatchSize ?? LATENCY_TIMING_DEFAULTS.batchSize;
    if (rounds !== 'auto')
        return { batchSize, rounds };
    // Slices as the gate counts them (forall group rows only for groups that hold items), so the δ share is the gate's.
    const needed = (0,gate_src/* conditionLatencyBatches */.Oi)(clauses, options.settings, { hasOld: hasChampion, slices });
    return { batchSize, rounds: Math.max(AUTO_ROUNDS.least, AUTO_ROUNDS.margin * needed) };
}
/**
 * Runs the challenger and the champion on the test set, their batches interleaved (see evaluateModels), and adds what
 * the size clauses need, each model file's bytes, and what the latency clauses need: the timing pass's batch times,
 * when there is one.
 */
async function predict(models, labels, dataset, options, deps) {
    const { logger, onProgress } = deps;
    const entries = [
        { model: models.challenger, label: labels.challenger },
        ...(models.champion && labels.champion ? [{ model: models.champion, label: labels.champion }] : []),
    ];
    const runs = [];
    try {
        await inPhase(deps, 'open models', async () => {
            for (const { model, label } of entries)
                runs.push({
                    session: await openModel(`${model.path}/model.onnx`, options.executionProvider, logger),
                    preprocessing: model.preprocessing,
                    label,
                });
        });
        const progressLabel = runs.map((run) => run.label).join(' and ');
        const outcomes = await inPhase(deps, 'scoring pass', () => evaluateModels(runs, dataset, {
            batchSize: options.batchSize,
            logger,
            label: progressLabel,
            onProgress: onProgress && ((done, total) => onProgress(progressLabel, done, total)),
            onTimes: deps.onInferenceTimes,
        }));
        const timingLabel = `timing ${progressLabel}`;
        const timing = options.timing;
        const times = timing
            ? await inPhase(deps, 'timing pass', () => timeModels(runs, dataset, {
                ...timing,
                logger,
                label: timingLabel,
                onProgress: onProgress && ((done, total) => onProgress(timingLabel, done, total)),
            }))
            : undefined;
        const sized = await Promise.all(outcomes.map(async (outcome, i) => ({
            ...outcome,
            ...times?.[i],
            bytes: (await (0,promises_.stat)(`${entries[i].model.path}/model.onnx`)).size,
        })));
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
async function checkTestSetReuse(http, options, dataset, slices, pair, logger) {
    const earlier = await testSetComparisons(http, options.modelName, dataset.fingerprint);
    const { steps, adaptivity } = options.settings;
    const number = earlier.has(pair) ? earlier.size : earlier.size + 1;
    const testSet = `test set ${dataset.fingerprint.slice(0, 12)}`;
    if (number <= steps) {
        logger.info(`${testSet}: this is comparison ${number} of the ${steps} its guarantee covers (steps, adaptivity ${adaptivity}); ${steps - number} left`);
        return;
    }
    const larger = Math.max(steps * 2, number * 2);
    const needed = (h) => (0,gate_src/* requiredItems */.WA)(options.condition.clauses, { ...options.settings, steps: h }, slices).items;
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
    latencyBatchSize: 'latency-batch-size',
    latencyRounds: 'latency-rounds',
    promote: 'promote',
    deployWorkflow: 'deploy-workflow',
    deployRef: 'deploy-ref',
    githubToken: 'github-token',
    cacheDir: 'cache-dir',
    shard: 'shard',
    shardGroup: 'shard-group',
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
        description: "The held-out test set: 'cifar10' (the official test batch, downloaded and MD5-checked, cached), 'cifar10:<path>', 'mnist', 'image-folder:<path>' (one sub-folder per class), a table for table models: 'csv:<path>' or 'parquet:<path>', or 'npy:<folder>' (NumPy arrays inputs.npy and labels.npy with classes.txt, read from disk batch by batch).",
        required: true,
        placeholder: '<dataset>',
    },
    'label-column': {
        description: "For a csv: or parquet: test set, the column that holds each row's class.",
        default: 'label',
        placeholder: '<column>',
    },
    groups: {
        description: "Groups of test items for 'forall group:' clauses: 'folders' (the <class>/<group>/ sub-folders of an image-folder test set), 'column:<name>' (a column of a table test set) or a CSV file with the header 'item,group' (item: the 0-based item number, or an image's path inside an image-folder test set).",
        placeholder: '<groups>',
    },
    condition: { description: "The promotion condition, e.g. 'n - o > 0.02 +/- 0.01' (give this or condition-file).", placeholder: '<text>' },
    'condition-file': {
        description: 'A condition file: plain condition lines, the reference format, or YAML with settings. Default: configs/test_condition.txt when condition is not given.',
        placeholder: '<file>',
    },
    ...gate_src/* SETTING_INPUT_SPECS */.RB,
    'execution-provider': {
        description: 'auto (CUDA, then WebGPU, then CPU), cpu, cuda (needs CUDA 12 + cuDNN 9) or webgpu (needs a GPU Vulkan driver).',
        default: 'auto',
        placeholder: '<p>',
    },
    'batch-size': { description: 'Items per inference batch.', default: '256', placeholder: '<n>' },
    'latency-batch-size': {
        description: 'Items per batch of the timing pass that latency clauses are decided on (run after scoring, only for a condition with a latency clause). 1 times single requests, as a server or the Space sees them.',
        default: String(LATENCY_TIMING_DEFAULTS.batchSize),
        placeholder: '<n>',
    },
    'latency-rounds': {
        description: "Batches the timing pass times per model: 'auto' (at least 200, and 3 times the batches the condition's latency clauses need to be decided at all) or a whole number.",
        default: LATENCY_TIMING_DEFAULTS.rounds,
        placeholder: '<n|auto>',
    },
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
    shard: {
        description: "For a matrix of runners: 'i/k' evaluates the i-th of k equal parts of the test set (its items in order) and records their per-item outcomes in MLflow; 'merge', in a job after them, gates on all k parts and promotes as a whole evaluation does. Empty: the whole test set here.",
        placeholder: '<i/k|merge>',
    },
    'shard-group': {
        description: 'What ties the shards of one evaluation and their merge together. Default: the workflow run, so every job of one run (and of its re-runs) belongs to one evaluation; needed outside GitHub Actions.',
        placeholder: '<id>',
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
    latencyBatchSize: LATENCY_TIMING_DEFAULTS.batchSize,
    latencyRounds: LATENCY_TIMING_DEFAULTS.rounds,
    cacheDir: '.mlops-cache',
};
/** The most batches a timing pass may time per model: a bound on what a mistyped number costs. */
const MAX_LATENCY_ROUNDS = 1_000_000;
/**
 * Reads and checks the inputs (action inputs or CLI flags, through the same reader); `cwd` is the workspace, `env` the
 * GITHUB_* variables that give a sharded evaluation its default group (the workflow run) and attempt.
 */
async function readEvaluateInputs(reader, describe, cwd, env = {}) {
    const modelName = reader.requiredString(EVALUATE_INPUTS.modelName);
    const { config, settings } = await (0,gate_src/* loadGate */.WF)(reader, { describe, defaultConditionFile: EVALUATE_DEFAULTS.conditionFile, cwd });
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
            latencyBatchSize: reader.number(EVALUATE_INPUTS.latencyBatchSize, EVALUATE_DEFAULTS.latencyBatchSize, {
                integer: true,
                min: 1,
                max: 65_536,
            }),
            latencyRounds: readLatencyRounds(reader, describe),
            promote: reader.boolean(EVALUATE_INPUTS.promote, true),
            cacheDir: (0,external_node_path_.isAbsolute)(cacheDir) ? cacheDir : (0,external_node_path_.resolve)(cwd, cacheDir),
            ...readSharding(reader, describe, env),
        },
        deploy: workflow && token ? { workflow, ref: reader.optionalString(EVALUATE_INPUTS.deployRef), token } : undefined,
        warnings: config.warnings,
    };
}
/** The longest shard-group: it is a tag value, and the workflow run's URL is far shorter. */
const MAX_SHARD_GROUP = 1000;
/** `shard` (i/k or merge), with its group (default the workflow run's URL) and the run's attempt. */
function readSharding(reader, describe, env) {
    const text = reader.optionalString(EVALUATE_INPUTS.shard);
    const given = reader.optionalString(EVALUATE_INPUTS.shardGroup);
    if (text === undefined) {
        if (given !== undefined)
            throw new src/* ConfigurationError */.j1(`${describe(EVALUATE_INPUTS.shardGroup)} is for a sharded evaluation: give ${describe(EVALUATE_INPUTS.shard)} too`, {
                subject: EVALUATE_INPUTS.shard,
            });
        return {};
    }
    const shard = text === 'merge' ? 'merge' : parseShard(text);
    if (shard === undefined)
        throw new src/* ConfigurationError */.j1(`${describe(EVALUATE_INPUTS.shard)} must be 'i/k' (the i-th of k parts, 1 ≤ i ≤ k ≤ ${MAX_SHARDS}, e.g. '\${{ matrix.shard }}/4') or 'merge', got '${(0,src/* terminalText */.eR)(text).slice(0, 80)}'`, { subject: EVALUATE_INPUTS.shard });
    const group = given ?? (0,src/* githubRunContext */.oO)(env).runUrl;
    if (group === undefined)
        throw new src/* ConfigurationError */.j1(`${describe(EVALUATE_INPUTS.shard)} needs ${describe(EVALUATE_INPUTS.shardGroup)} outside a GitHub Actions run: the same name for every shard of one evaluation and its merge`, { subject: EVALUATE_INPUTS.shardGroup });
    if (group.length > MAX_SHARD_GROUP || (0,src/* terminalText */.eR)(group) !== group)
        throw new src/* ConfigurationError */.j1(`${describe(EVALUATE_INPUTS.shardGroup)} must be one line of plain text, at most ${MAX_SHARD_GROUP} characters`, {
            subject: EVALUATE_INPUTS.shardGroup,
        });
    const attempt = Number(env.GITHUB_RUN_ATTEMPT ?? '1');
    return {
        shard,
        shardGroup: group,
        shardAttempt: Number.isSafeInteger(attempt) && attempt >= 1 ? attempt : 1,
        shardGroupIsRun: given === undefined,
    };
}
/** The outputs of one shard, by output name: the versions, what it did, and its shard run (as evaluation-run-id). */
function shardOutputs(result) {
    return {
        [EVALUATE_OUTPUTS.challengerVersion]: result.challengerVersion,
        [EVALUATE_OUTPUTS.championVersion]: result.championVersion,
        [EVALUATE_OUTPUTS.reason]: result.reason,
        [EVALUATE_OUTPUTS.evaluationRunId]: result.shardRunId,
    };
}
/** `auto`, or a whole number of batches from 1 to MAX_LATENCY_ROUNDS. */
function readLatencyRounds(reader, describe) {
    const name = EVALUATE_INPUTS.latencyRounds;
    const text = reader.optionalString(name) ?? EVALUATE_DEFAULTS.latencyRounds;
    if (text === 'auto')
        return 'auto';
    const rounds = /^\d+$/.test(text) ? Number(text) : Number.NaN;
    if (rounds >= 1 && rounds <= MAX_LATENCY_ROUNDS)
        return rounds;
    throw new src/* ConfigurationError */.j1(`${describe(name)} must be 'auto' or a whole number of batches from 1 to ${MAX_LATENCY_ROUNDS.toLocaleString('en-US')}, got '${text}'`, { subject: name });
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





/***/ })

};
