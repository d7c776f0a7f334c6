export const id = 173;
export const ids = [173];
export const modules = {

/***/ 88173:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  deployHfCommand: () => (/* binding */ deployHfCommand),
  serveSpaceCommand: () => (/* binding */ serveSpaceCommand)
});

// EXTERNAL MODULE: ./packages/common/src/index.ts + 18 modules
var src = __webpack_require__(22349);
// EXTERNAL MODULE: ./packages/evaluation/src/datasets/index.ts + 2 modules
var datasets = __webpack_require__(27619);
// EXTERNAL MODULE: ./packages/mlflow/src/index.ts + 12 modules
var mlflow_src = __webpack_require__(49800);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: external "node:module"
var external_node_module_ = __webpack_require__(98995);
// EXTERNAL MODULE: external "node:url"
var external_node_url_ = __webpack_require__(73136);
// EXTERNAL MODULE: ./packages/gate/src/index.ts + 22 modules
var gate_src = __webpack_require__(44375);
// EXTERNAL MODULE: ./packages/model-format/src/index.ts + 5 modules
var model_format_src = __webpack_require__(57963);
// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var dist = __webpack_require__(38815);
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
const shown = (value) => (value === null ? '—' : (0,gate_src/* formatNumber */.ZV)(value));
const percent = (value) => (value === null ? '—' : (0,gate_src/* formatPercent */.l9)(value));
const interval = (value) => (value ? `[${shown(value[0])}, ${shown(value[1])}]` : '[—, —]');
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
        lines.push(`- Accuracy ${shown(gate.accuracy)} on ${shown(gate.items)} held-out test items; ${percent(gate.accuracyConfidence)} Wilson interval ${interval(gate.accuracyInterval)}.`, ...(gate.calibration ? [`- ${calibrationLine(gate.calibration)}: ${CALIBRATION_EXPLAINED}.`] : []), `- Promoted by the gate ${(0,src/* markdownCode */.D9)(gate.condition)}: ${(0,src/* escapeMarkdown */.FV)(gate.reason)}`, ...gate.clauses.map((clause) => `- Gate interval of ${(0,src/* markdownCode */.D9)(clause.expression)}: ${interval(clause.interval)} at ${percent(clause.confidence)} confidence, the one the decision used.`));
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
        { path: 'model.onnx', source: { file: (0,external_node_path_.join)(model.path, model_format_src/* MODEL_FILES */.AS.onnx) } },
        { path: 'preprocessing.json', source: { file: (0,external_node_path_.join)(model.path, model_format_src/* MODEL_FILES */.AS.preprocessing) } },
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
    const { default: sharp } = await (0,src/* importExternal */.JH)('sharp');
    return sharp(interleaved, { raw: { width, height, channels: channels } })
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
    if ((0,model_format_src/* isImagePreprocessing */.kb)(preprocessing) !== (source.kind !== 'table'))
        return `it holds ${sourceKind}, and the model takes ${(0,model_format_src/* isImagePreprocessing */.kb)(preprocessing) ? 'images' : 'table rows'}`;
    if ((0,model_format_src/* isImagePreprocessing */.kb)(preprocessing) && preprocessing.shape[0] !== 1 && preprocessing.shape[0] !== 3)
        return `the model takes ${preprocessing.shape[0]} channels (examples are made for 1 or 3)`;
    if (source.kind === 'table' && !(0,model_format_src/* isImagePreprocessing */.kb)(preprocessing)) {
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
        return (0,model_format_src/* isImagePreprocessing */.kb)(preprocessing) ? { files: [], examples: [] } : tableExamples(source, preprocessing.features);
    return (0,model_format_src/* isImagePreprocessing */.kb)(preprocessing) ? imageExamples(source, preprocessing.shape) : { files: [], examples: [] };
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

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
// EXTERNAL MODULE: ./node_modules/@huggingface/hub/dist/index.mjs + 16 modules
var hub_dist = __webpack_require__(1429);
;// CONCATENATED MODULE: ./packages/space/src/hub.ts





/** `owner/name` as the Hub accepts it. */
const SPACE_NAME = /^[A-Za-z0-9][\w.-]{0,95}\/[A-Za-z0-9][\w.-]{0,95}$/;
/** The git blob id of a file, as the Hub lists regular files: sha1("blob <size>\0" + bytes). */
const gitBlobSha1 = (bytes) => (0,external_node_crypto_.createHash)('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
const sha256 = (bytes) => (0,external_node_crypto_.createHash)('sha256').update(bytes).digest('hex');
function explain(error, target) {
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
        throw explain(error, target);
    }
}

// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(48161);
;// CONCATENATED MODULE: ./packages/space/src/card.ts






/** The evaluation run's artifact with the gate's whole result (written by promotion's recordEvaluation). */
const GATE_RESULT = 'gate-result.json';
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
        const path = (0,external_node_path_.join)(scratch, GATE_RESULT);
        await (0,mlflow_src/* downloadArtifactFile */.$9)(http, run.artifactUri, GATE_RESULT, path, { maxBytes: GATE_RESULT_MAX_BYTES });
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
        accuracyInterval: countable && reliability !== null ? (0,gate_src/* wilsonInterval */.YV)(Math.round(accuracy * items), items, reliability) : null,
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
function runLink(http, runId, run) {
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
        trainingRun: version.runId ? runLink(http, version.runId, training) : null,
        evaluationRun: evaluationRun ? runLink(http, evaluationRun, evaluation) : null,
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
    const model = await (0,model_format_src/* fetchModelVersion */.sJ)(http, options.modelName, version.version, options.cacheDir, (line) => logger.info(line));
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
const DEPLOY_INPUT_SPECS = {
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








// EXTERNAL MODULE: ./node_modules/commander/esm.mjs
var esm = __webpack_require__(48179);
// EXTERNAL MODULE: ./packages/cli/src/commands/listings.ts
var listings = __webpack_require__(91836);
// EXTERNAL MODULE: ./packages/cli/src/options.ts
var src_options = __webpack_require__(11428);
;// CONCATENATED MODULE: ./packages/cli/src/commands/space.ts







/** `mlops deploy-hf`: the deploy-hf action on this machine, with the action's inputs as flags. */
function deployHfCommand(context) {
    return (0,src_options/* addInputFlags */.hN)(new esm/* Command */.uB('deploy-hf').description((0,listings/* commandDescription */.ET)('deploy-hf')), DEPLOY_INPUT_SPECS, {
        help: { 'hf-token': 'a token with write access to the Space (or HF_TOKEN)' },
    })
        .option('--json', 'print the outputs as JSON')
        .action(async (options) => {
        const deploy = readDeployInputs((0,src_options/* optionReader */.hr)(options), src_options/* flag */.Jt, {
            cwd: process.cwd(),
            hfToken: context.env.HF_TOKEN,
            github: (0,src/* githubRunContext */.oO)(context.env),
        });
        const result = await deployModel(deploy, {
            http: (0,mlflow_src/* createMlflowHttp */.OY)({ ...(0,mlflow_src/* clientOptionsFromEnvironment */.Xd)(context.env), logger: context.logger }),
            logger: context.logger,
            loadExamples: (spec) => (0,datasets/* loadDataset */.Zh)(spec, {
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
        .description((0,listings/* commandDescription */.ET)('serve-space'))
        .argument((0,listings/* commandListing */.My)('serve-space').arguments, 'the folder')
        .option('--port <port>', 'port (0 picks a free one)', '7860')
        .option('--host <host>', 'address to listen on', '127.0.0.1')
        .action(async (dir, options) => {
        const reader = (0,src_options/* optionReader */.hr)(options);
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


/***/ })

};
