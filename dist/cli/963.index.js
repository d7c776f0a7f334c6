export const id = 963;
export const ids = [963];
export const modules = {

/***/ 57963:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  AS: () => (/* reexport */ MODEL_FILES),
  sJ: () => (/* reexport */ fetchModelVersion),
  Le: () => (/* reexport */ inspectModelDirectory),
  kb: () => (/* reexport */ isImagePreprocessing),
  bR: () => (/* reexport */ renderMlmodel)
});

// UNUSED EXPORTS: cachedModelDirectory, inspectOnnxModel, parsePreprocessing, renderPreprocessing

// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var dist = __webpack_require__(38815);
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
            // An ONNX model of ai.onnx.ml operators alone (XGBoost from onnxmltools) has no default-domain opset: left out.
            ...(options.onnx.opsetVersion === undefined ? {} : { onnx_opset: options.onnx.opsetVersion }),
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

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: ./packages/common/src/index.ts + 18 modules
var src = __webpack_require__(22349);
// EXTERNAL MODULE: ./packages/mlflow/src/index.ts + 12 modules
var mlflow_src = __webpack_require__(49800);
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
    const nodes = graph.node ?? [];
    if (nodes.length === 0)
        fail('the graph has no nodes');
    const isDefaultDomain = (domain) => !domain || domain === 'ai.onnx';
    const opset = model.opsetImport.find((entry) => isDefaultDomain(entry.domain));
    if (!opset && nodes.some((node) => isDefaultDomain(node.domain)))
        fail('the model uses default-domain operators but imports no default-domain operator set (opset_import)');
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
        opsetVersion: opset ? toNumber(opset.version) : undefined,
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







/***/ })

};
