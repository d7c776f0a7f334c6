export const id = 962;
export const ids = [962];
export const modules = {

/***/ 93108:
/***/ ((__unused_webpack_module, exports) => {



(function (exports) {

    // control sequences for coloring

    exports.black = "\x1b[30m"
    exports.red = "\x1b[31m"
    exports.green = "\x1b[32m"
    exports.yellow = "\x1b[33m"
    exports.blue = "\x1b[34m"
    exports.magenta = "\x1b[35m"
    exports.cyan = "\x1b[36m"
    exports.lightgray = "\x1b[37m"
    exports.default = "\x1b[39m"
    exports.darkgray = "\x1b[90m"
    exports.lightred = "\x1b[91m"
    exports.lightgreen = "\x1b[92m"
    exports.lightyellow = "\x1b[93m"
    exports.lightblue = "\x1b[94m"
    exports.lightmagenta = "\x1b[95m"
    exports.lightcyan = "\x1b[96m"
    exports.white = "\x1b[97m"
    exports.reset = "\x1b[0m"

    function colored (char, color) {
        // do not color it if color is not specified
        return (color === undefined) ? char : (color + char + exports.reset)
    }

    exports.colored = colored

    exports.plot = function (series, cfg = undefined) {
        // this function takes oth one array and array of arrays
        // if an array of numbers is passed it is transfored to
        // an array of exactly one array with numbers
        if (typeof(series[0]) == "number"){
            series = [series]
        }

        cfg = (typeof cfg !== 'undefined') ? cfg : {}

        let min = (typeof cfg.min !== 'undefined') ? cfg.min : series[0][0]
        let max = (typeof cfg.max !== 'undefined') ? cfg.max : series[0][0]

        for (let j = 0; j < series.length; j++) {
            for (let i = 0; i < series[j].length; i++) {
                min = Math.min(min, series[j][i])
                max = Math.max(max, series[j][i])
            }
        }

        let defaultSymbols = [ '┼', '┤', '╶', '╴', '─', '╰', '╭', '╮', '╯', '│' ]
        let range   = Math.abs (max - min)
        let offset  = (typeof cfg.offset  !== 'undefined') ? cfg.offset  : 3
        let padding = (typeof cfg.padding !== 'undefined') ? cfg.padding : '           '
        let height  = (typeof cfg.height  !== 'undefined') ? cfg.height  : range
        let colors  = (typeof cfg.colors !== 'undefined') ? cfg.colors : []
        let ratio   = range !== 0 ? height / range : 1;
        let min2    = Math.round (min * ratio)
        let max2    = Math.round (max * ratio)
        let rows    = Math.abs (max2 - min2)
        let width = 0
        for (let i = 0; i < series.length; i++) {
            width = Math.max(width, series[i].length)
        }
        width = width + offset
        let symbols = (typeof cfg.symbols !== 'undefined') ? cfg.symbols : defaultSymbols
        let format  = (typeof cfg.format !== 'undefined') ? cfg.format : function (x) {
            return (padding + x.toFixed (2)).slice (-padding.length)
        }

        let result = new Array (rows + 1) // empty space
        for (let i = 0; i <= rows; i++) {
            result[i] = new Array (width)
            for (let j = 0; j < width; j++) {
                result[i][j] = ' '
            }
        }
        for (let y = min2; y <= max2; ++y) { // axis + labels
            let label = format (rows > 0 ? max - (y - min2) * range / rows : y, y - min2)
            result[y - min2][Math.max (offset - label.length, 0)] = label
            result[y - min2][offset - 1] = (y == 0) ? symbols[0] : symbols[1]
        }

        for (let j = 0; j < series.length; j++) {
            let currentColor = colors[j % colors.length]
            let y0 = Math.round (series[j][0] * ratio) - min2
            result[rows - y0][offset - 1] = colored(symbols[0], currentColor) // first value

            for (let x = 0; x < series[j].length - 1; x++) { // plot the line
                let y0 = Math.round (series[j][x + 0] * ratio) - min2
                let y1 = Math.round (series[j][x + 1] * ratio) - min2
                if (y0 == y1) {
                    result[rows - y0][x + offset] = colored(symbols[4], currentColor)
                } else {
                    result[rows - y1][x + offset] = colored((y0 > y1) ? symbols[5] : symbols[6], currentColor)
                    result[rows - y0][x + offset] = colored((y0 > y1) ? symbols[7] : symbols[8], currentColor)
                    let from = Math.min (y0, y1)
                    let to = Math.max (y0, y1)
                    for (let y = from + 1; y < to; y++) {
                        result[rows - y][x + offset] = colored(symbols[9], currentColor)
                    }
                }
            }
        }
        return result.map (function (x) { return x.join ('') }).join ('\n')
    }

}) ( false ? /* istanbul ignore next */ 0 : exports);


/***/ }),

/***/ 12962:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  trainCommand: () => (/* binding */ trainCommand)
});

// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(48161);
// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(57075);
// EXTERNAL MODULE: ./packages/mlflow/src/index.ts + 12 modules
var src = __webpack_require__(49800);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: ./packages/common/src/index.ts + 18 modules
var common_src = __webpack_require__(22349);
;// CONCATENATED MODULE: ./packages/training/src/file-cache.ts

// The Actions cache around the command (datasets, downloads): a failure to restore or save only costs time.
async function restoreCache(options, deps) {
    if (!options.cache || !deps.fileCache)
        return undefined;
    try {
        const key = await deps.fileCache.restore(options.cache.paths, options.cache.key);
        deps.logger.info(key ? `cache restored (${key})` : `no cache for ${options.cache.key} yet`);
        return key;
    }
    catch (error) {
        deps.logger.warning(`restoring the cache failed, training without it: ${(0,common_src/* errorMessage */.gJ)(error)}`);
        return undefined;
    }
}
async function saveCache(options, deps) {
    if (!options.cache || !deps.fileCache)
        return;
    try {
        await deps.fileCache.save(options.cache.paths, options.cache.key);
        deps.logger.info(`cache saved (${options.cache.key})`);
    }
    catch (error) {
        deps.logger.warning(`saving the cache failed: ${(0,common_src/* errorMessage */.gJ)(error)}`);
    }
}

// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(31421);
;// CONCATENATED MODULE: ./packages/training/src/gpu.ts

const execProgram = (file, args) => new Promise((resolve, reject) => {
    (0,external_node_child_process_.execFile)(file, args, { timeout: 10_000, encoding: 'utf8' }, (error, stdout) => {
        if (error)
            reject(new Error(`${file}: ${error.message}`, { cause: error }));
        else
            resolve(stdout);
    });
});
const NVIDIA_SMI_QUERY = [
    '--query-gpu=index,name,utilization.gpu,memory.used,memory.total,power.draw,power.limit',
    '--format=csv,noheader,nounits',
];
const figure = (text) => {
    const value = Number(text?.trim());
    return text === undefined || text.trim() === '' || !Number.isFinite(value) ? undefined : value; // "[N/A]" and friends
};
/** Parses `nvidia-smi --query-gpu=… --format=csv,noheader,nounits` output. */
function parseNvidiaSmi(text) {
    return text
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => {
        const [index, name, utilization, used, total, power, limit] = line.split(',').map((field) => field.trim());
        return {
            index: figure(index) ?? 0,
            name: name ?? 'unknown GPU',
            utilizationPercent: figure(utilization),
            memoryUsedMb: figure(used),
            memoryTotalMb: figure(total),
            powerWatts: figure(power),
            powerLimitWatts: figure(limit),
        };
    });
}
/** The GPUs `nvidia-smi` sees now; undefined when it is not installed or fails (no driver, no GPU). */
async function queryGpus(exec = execProgram) {
    try {
        return parseNvidiaSmi(await exec('nvidia-smi', NVIDIA_SMI_QUERY));
    }
    catch {
        return undefined;
    }
}
/** "2 × NVIDIA H100 80GB HBM3", "NVIDIA A10G + Tesla T4", or "none". */
function describeGpus(gpus) {
    if (!gpus || gpus.length === 0)
        return 'none';
    const counts = new Map();
    for (const gpu of gpus)
        counts.set(gpu.name, (counts.get(gpu.name) ?? 0) + 1);
    return [...counts].map(([name, count]) => (count > 1 ? `${count} × ${name}` : name)).join(' + ');
}

;// CONCATENATED MODULE: ./packages/training/src/lineage.ts


/** The lineage of a GitHub Actions job, from the variables the runner sets. */
function lineageFromGithub(env, command, gpu) {
    if (env.GITHUB_ACTIONS !== 'true')
        return undefined;
    const run = (0,common_src/* githubRunContext */.oO)(env);
    const server = run.serverUrl;
    const ref = run.ref;
    const runUrl = run.attemptUrl;
    const runnerParts = [env.RUNNER_OS, env.RUNNER_ARCH].filter(Boolean).join(' ');
    return {
        commit: env.GITHUB_SHA,
        ref,
        tag: ref?.startsWith('refs/tags/') ? ref.slice('refs/tags/'.length) : undefined,
        repository: env.GITHUB_REPOSITORY ? `${server}/${env.GITHUB_REPOSITORY}` : undefined,
        workflow: env.GITHUB_WORKFLOW_REF ?? env.GITHUB_WORKFLOW,
        runUrl,
        runId: env.GITHUB_RUN_ID,
        runAttempt: env.GITHUB_RUN_ATTEMPT,
        job: env.GITHUB_JOB,
        actor: env.GITHUB_ACTOR,
        runner: `${env.RUNNER_NAME ?? (0,external_node_os_.hostname)()}${runnerParts ? ` (${runnerParts})` : ''}`,
        gpu,
        command,
    };
}
/** The lineage of a local checkout (outside Actions): commit, branch or tag from git, when it is a repository. */
async function lineageFromGit(exec, cwd, command, gpu) {
    const git = async (...args) => {
        try {
            return (await exec('git', ['-C', cwd, ...args])).trim() || undefined;
        }
        catch {
            return undefined;
        }
    };
    const [commit, branch, tag] = await Promise.all([
        git('rev-parse', 'HEAD'),
        git('symbolic-ref', '-q', 'HEAD'),
        git('describe', '--tags', '--exact-match', 'HEAD'),
    ]);
    return { commit, ref: tag ? `refs/tags/${tag}` : branch, tag, runner: (0,external_node_os_.hostname)(), gpu, command };
}
/** The lineage as tags: MLflow's own source tags, where they exist, and `mlops.*` for the rest. */
function lineageTags(lineage) {
    const tags = {
        'mlflow.source.type': 'JOB',
        'mlflow.source.name': lineage.workflow ?? lineage.command,
        'mlflow.source.git.commit': lineage.commit,
        'mlflow.source.git.repoURL': lineage.repository,
        'mlflow.user': lineage.actor,
        'mlops.git.commit': lineage.commit,
        'mlops.git.ref': lineage.ref,
        'mlops.git.tag': lineage.tag,
        'mlops.github.repository': lineage.repository,
        'mlops.github.workflow': lineage.workflow,
        'mlops.github.run_url': lineage.runUrl,
        'mlops.github.run_id': lineage.runId,
        'mlops.github.run_attempt': lineage.runAttempt,
        'mlops.github.job': lineage.job,
        'mlops.runner': lineage.runner,
        'mlops.gpu': lineage.gpu,
        // MLflow caps tag values at 8,000 characters.
        'mlops.command': lineage.command.length > 8000 ? `${lineage.command.slice(0, 7990)}…` : lineage.command,
    };
    return Object.fromEntries(Object.entries(tags).filter((entry) => entry[1] !== undefined && entry[1] !== ''));
}

;// CONCATENATED MODULE: ./packages/training/src/session.ts
/** How long MLflow failing after a successful command is waited out, by default. */
const PUBLISH_PATIENCE_MS = 10 * 60_000;
/** The tag that ties a registered version to the job that made it. */
const IDEMPOTENCY_TAG = 'mlops.idempotency_key';

;// CONCATENATED MODULE: ./packages/training/src/preflight.ts




// What is checked before anything runs: the GPU the job asked for, MLflow, and whether an earlier attempt of this job
// registered the version already.
async function checkGpus(requirement, exec, logger) {
    if (requirement === 'none')
        return undefined;
    const gpus = await queryGpus(exec);
    if (gpus && gpus.length > 0) {
        logger.info(`GPU: ${describeGpus(gpus)}`);
        return gpus;
    }
    if (requirement === 'required')
        throw (0,common_src/* inputError */.Xu)('gpu', "is 'required', but nvidia-smi found no GPU on this runner: run the job on a GPU runner (e.g. runs-on: [self-hosted, gpu]) or set input 'gpu' to optional");
    logger.info('GPU: none found (gpu: optional), training on CPU');
    return undefined;
}
async function reachMlflow(http, experiment) {
    try {
        return await (0,src/* getOrCreateExperiment */.DV)(http, experiment);
    }
    catch (error) {
        if ((0,common_src/* isConfigurationError */.p0)(error))
            throw error;
        throw new common_src/* OperationalError */.LE(`MLflow at ${http.trackingUri} cannot be used, so the training command was not started: ${(0,common_src/* errorMessage */.gJ)(error)}`, {
            service: 'MLflow',
            hint: (0,common_src/* isOperationalError */.ZX)(error) ? error.hint : undefined,
            cause: error,
        });
    }
}
async function findRegisteredByEarlierAttempt(http, options) {
    if (!options.register || !options.idempotencyKey)
        return undefined;
    const versions = await (0,src/* searchModelVersions */.p3)(http, {
        filter: `name='${(0,src/* escapeFilter */.kP)(options.modelName)}' and tags.\`${IDEMPOTENCY_TAG}\`='${(0,src/* escapeFilter */.kP)(options.idempotencyKey)}'`,
    });
    return versions.find((version) => version.status === 'READY');
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
// EXTERNAL MODULE: external "node:timers/promises"
var external_node_timers_promises_ = __webpack_require__(58500);
// EXTERNAL MODULE: ./packages/model-format/src/index.ts + 5 modules
var model_format_src = __webpack_require__(57963);
;// CONCATENATED MODULE: ./packages/training/src/publish.ts








// Publishing what the command made: the model logged to the run, the version registered, the run ended — each step
// safe to repeat while MLflow fails in a way that passes.
/**
 * Runs `publish` — every step of it safe to repeat, and told whether an earlier attempt failed — again while MLflow
 * fails in a way that passes (no answer, 429, 5xx), with a growing pause, until `patienceMs` have gone; anything
 * else (a bad model, a refused token) fails at once.
 */
async function waitOutMlflow(patienceMs, logger, signal, publish) {
    const deadline = Date.now() + patienceMs;
    for (let attempt = 1;; attempt++) {
        try {
            return await publish(attempt > 1);
        }
        catch (error) {
            const left = deadline - Date.now();
            if (!isPassingMlflowFailure(error) || left <= 0 || signal?.aborted)
                throw error;
            const pause = Math.min(60_000, 2_000 * 2 ** (attempt - 1), left);
            logger.warning(`MLflow did not take the trained model (${(0,common_src/* errorMessage */.gJ)(error)}); trying again in ${Math.round(pause / 1000)} s, for up to ${Math.ceil(left / 60_000)} more min`);
            await (0,external_node_timers_promises_.setTimeout)(pause, undefined, { signal }).catch(() => undefined);
        }
    }
}
const isPassingMlflowFailure = (error) => error instanceof src/* MlflowApiError */.ge ? error.status === 0 || error.status === 429 || error.status >= 500 : (0,src/* isConnectionError */.Rk)(error);
/** Checks the model directory and uploads it as the run's `model/` artifact with an MLmodel file. */
async function logModel(session, modelDir, startedAt) {
    const { http, run, scratch, now } = session;
    const model = await (0,model_format_src/* inspectModelDirectory */.Le)(modelDir);
    const written = (await (0,promises_.stat)((0,external_node_path_.join)(modelDir, model_format_src/* MODEL_FILES */.AS.onnx))).mtimeMs;
    if (written < startedAt - 1000)
        throw new common_src/* ConfigurationError */.j1(`${(0,external_node_path_.join)(modelDir, model_format_src/* MODEL_FILES */.AS.onnx)} is older than this training run: the command did not write a new model (a stale file from an earlier run is never registered)`, { subject: 'model-dir' });
    const mlmodel = (0,model_format_src/* renderMlmodel */.bR)({
        runId: run.id,
        onnx: model.onnx,
        sizeBytes: model.sizeBytes,
        modelUuid: (0,external_node_crypto_.randomUUID)().replace(/-/g, ''),
        createdAt: new Date(now()),
    });
    for (const file of model.files) {
        if (file !== model_format_src/* MODEL_FILES */.AS.mlmodel)
            await (0,src/* uploadArtifactFile */.tW)(http, run.artifactUri, (0,external_node_path_.join)(modelDir, file), `model/${file}`);
    }
    const mlmodelPath = (0,external_node_path_.join)(scratch, model_format_src/* MODEL_FILES */.AS.mlmodel);
    await (0,promises_.writeFile)(mlmodelPath, mlmodel);
    await (0,src/* uploadArtifactFile */.tW)(http, run.artifactUri, mlmodelPath, `model/${model_format_src/* MODEL_FILES */.AS.mlmodel}`);
    return model;
}
/** Registers the logged model: version created with its tags, READY, tags checked, and only then the alias. */
async function register(session, model, 
/** An earlier attempt failed part-way: the version may exist already. */
repeated) {
    const { http, options, run, logger } = session;
    const name = options.modelName;
    await (0,src/* getOrCreateRegisteredModel */.B7)(http, { name });
    const tags = {
        ...session.tags,
        'mlops.model.input': `${model.preprocessing.inputName} ${JSON.stringify(model.preprocessing.kind === 'table' ? [model.preprocessing.features.length] : model.preprocessing.shape)}`,
        'mlops.model.classes': String(model.preprocessing.labels.length),
    };
    if (model.onnx.opsetVersion !== undefined)
        tags['mlops.onnx.opset'] = String(model.onnx.opsetVersion);
    if (options.idempotencyKey)
        tags[IDEMPOTENCY_TAG] = options.idempotencyKey;
    // A repeated attempt (MLflow failed after creating the version) takes the version this run already has.
    const source = `${run.artifactUri}/model`;
    const earlier = repeated ? await (0,src/* findModelVersionOfRun */.tS)(http, name, run.id, source) : undefined;
    const created = earlier ?? (await (0,src/* createModelVersion */.CL)(http, { name, source, runId: run.id, tags }));
    const ready = await (0,src/* waitForModelVersionReady */.b2)(http, name, created.version);
    for (const [key, value] of Object.entries(tags)) {
        if (ready.tags[key] !== value)
            await (0,src/* setModelVersionTag */.Ke)(http, name, ready.version, key, value);
    }
    if (options.alias)
        await (0,src/* setAlias */.Tp)(http, name, options.alias, ready.version);
    const uri = (0,src/* modelVersionUri */.sP)(name, ready.version);
    await (0,src/* setRunTag */.gL)(http, run.id, 'mlops.model_version', `${name}/${ready.version}`);
    logger.info(`registered ${uri}${options.alias ? ` as @${options.alias}` : ''}`);
    return { version: ready, uri };
}

;// CONCATENATED MODULE: ./packages/training/src/chart.ts
const PANEL = { width: 320, height: 170, left: 52, right: 12, top: 26, bottom: 28 };
const COLUMNS = 2;
const COLORS = ['#0969da', '#1a7f37', '#bf3989', '#9a6700', '#8250df', '#cf222e'];
const escapeXml = (text) => text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]);
/** A tick label with as many decimals as the axis range needs to tell its two ends apart. */
function label(value, range) {
    if (Math.abs(value) >= 1e5 || (value !== 0 && Math.abs(value) < 1e-4))
        return value.toExponential(2);
    const decimals = Math.min(8, Math.max(0, Math.ceil(-Math.log10(range)) + 1));
    return value.toFixed(decimals);
}
function panel(series, index) {
    const x0 = (index % COLUMNS) * PANEL.width;
    const y0 = Math.floor(index / COLUMNS) * PANEL.height;
    const points = [...series.points].sort((a, b) => a.step - b.step);
    const steps = points.map((p) => p.step);
    const values = points.map((p) => p.value).filter(Number.isFinite);
    const [minStep, maxStep] = [Math.min(...steps), Math.max(...steps)];
    let [minValue, maxValue] = [Math.min(...values), Math.max(...values)];
    if (minValue === maxValue)
        [minValue, maxValue] = [minValue - 0.5, maxValue + 0.5];
    const plotWidth = PANEL.width - PANEL.left - PANEL.right;
    const plotHeight = PANEL.height - PANEL.top - PANEL.bottom;
    const x = (step) => x0 + PANEL.left + (maxStep === minStep ? plotWidth / 2 : ((step - minStep) / (maxStep - minStep)) * plotWidth);
    const y = (value) => y0 + PANEL.top + (1 - (value - minValue) / (maxValue - minValue)) * plotHeight;
    const color = COLORS[index % COLORS.length];
    const path = points
        .filter((p) => Number.isFinite(p.value))
        .map((p) => `${x(p.step).toFixed(1)},${y(p.value).toFixed(1)}`)
        .join(' ');
    const last = points.at(-1);
    const left = x0 + PANEL.left;
    const bottom = y0 + PANEL.top + plotHeight;
    return [
        `<text x="${left}" y="${y0 + 16}" font-weight="600">${escapeXml(series.key)}${last ? ` = ${escapeXml(String(Number(last.value.toPrecision(4))))}` : ''}</text>`,
        `<path d="M${left},${y0 + PANEL.top}V${bottom}H${left + plotWidth}" fill="none" stroke="#8c959f"/>`,
        `<text x="${left - 4}" y="${y0 + PANEL.top + 4}" text-anchor="end">${escapeXml(label(maxValue, maxValue - minValue))}</text>`,
        `<text x="${left - 4}" y="${bottom}" text-anchor="end">${escapeXml(label(minValue, maxValue - minValue))}</text>`,
        `<text x="${left}" y="${bottom + 16}">step ${minStep}</text>`,
        `<text x="${left + plotWidth}" y="${bottom + 16}" text-anchor="end">${maxStep}</text>`,
        `<polyline points="${path}" fill="none" stroke="${color}" stroke-width="2"/>`,
    ].join('');
}
/**
 * Metric curves as one SVG, a small panel per metric with its own scale; a metric logged once is a number,
 * not a curve, and is left to the table. Undefined when there is no curve to draw.
 */
function renderMetricChart(series) {
    const drawable = series.filter((s) => s.points.filter((p) => Number.isFinite(p.value)).length >= 2);
    if (drawable.length === 0)
        return undefined;
    const width = Math.min(drawable.length, COLUMNS) * PANEL.width;
    const height = Math.ceil(drawable.length / COLUMNS) * PANEL.height;
    return (`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ` +
        `font-family="sans-serif" font-size="11" fill="#1f2328" role="img" aria-label="metric curves">` +
        drawable.map(panel).join('') +
        '</svg>');
}

;// CONCATENATED MODULE: ./packages/training/src/summary.ts

const OUTCOME_TEXT = {
    succeeded: 'succeeded',
    failed: 'failed',
    'timed-out': 'stopped at its time limit',
    cancelled: 'cancelled',
};
const formatValue = (value) => (Number.isInteger(value) ? String(value) : value.toPrecision(4));
/** The job summary of a training step: outcome, registered version, params, final metrics and their curves. */
function renderTrainSummary(summary) {
    const lines = [`## Training: ${(0,common_src/* escapeMarkdown */.FV)(summary.runName)}`, ''];
    const seconds = (summary.durationMs / 1000).toFixed(1);
    lines.push(summary.reused
        ? `An earlier attempt of this job already registered this model; nothing was trained again. [MLflow run](${summary.runUrl})`
        : `The command ${OUTCOME_TEXT[summary.outcome]} after ${seconds} s (exit status ${summary.exitCode}). [MLflow run](${summary.runUrl})`, '');
    if (summary.modelVersion !== undefined && summary.modelName !== undefined) {
        lines.push(`**Registered** ${(0,common_src/* markdownCode */.D9)(summary.modelName)} version **${summary.modelVersion}**` +
            `${summary.alias ? ` with alias ${(0,common_src/* markdownCode */.D9)(`@${summary.alias}`)}` : ''} — ${(0,common_src/* markdownCode */.D9)(summary.modelUri ?? '')}`, '');
    }
    const params = Object.entries(summary.params);
    if (params.length > 0)
        lines.push('### Params', '', (0,common_src/* markdownTable */.Qj)(['param', 'value'], params), '');
    const metrics = Object.entries(summary.metrics).filter(([key]) => !key.startsWith('system/'));
    if (metrics.length > 0)
        lines.push('### Final metrics', '', (0,common_src/* markdownTable */.Qj)(['metric', 'value'], metrics.map(([k, v]) => [k, formatValue(v)])), '');
    if (summary.curves) {
        lines.push('### Metric curves', '', summary.curves, '');
        if (summary.chartArtifact)
            lines.push(`The same curves as an image: ${(0,common_src/* markdownCode */.D9)(summary.chartArtifact)} in the MLflow run.`, '');
    }
    return lines.join('\n');
}

// EXTERNAL MODULE: ./node_modules/asciichart/asciichart.js
var asciichart = __webpack_require__(93108);
;// CONCATENATED MODULE: ./packages/training/src/text-chart.ts


/** Columns of a curve: more points than this are averaged into this many equal step ranges. */
const WIDTH = 60;
/** Fewer points than this are each drawn over several columns, so that a short curve still reads as one. */
const MIN_WIDTH = 24;
const HEIGHT = 8;
/** A tick label with as many decimals as the axis range needs to tell its two ends apart. */
function tickFormat(min, max) {
    const range = max - min || Math.abs(max) || 1;
    const exponential = Math.max(Math.abs(min), Math.abs(max)) >= 1e5 || range < 1e-4;
    const decimals = Math.min(8, Math.max(0, Math.ceil(-Math.log10(range)) + 2));
    const labels = [min, max].map((value) => (exponential ? value.toExponential(2) : value.toFixed(decimals)));
    const width = Math.max(...labels.map((label) => label.length));
    return (value) => (exponential ? value.toExponential(2) : value.toFixed(decimals)).padStart(width);
}
/** The finite points in step order, averaged into at most WIDTH equal step ranges. */
function columns(series) {
    const points = series.points.filter((p) => Number.isFinite(p.value)).sort((a, b) => a.step - b.step);
    const first = points[0].step;
    const last = points.at(-1).step;
    if (points.length < MIN_WIDTH) {
        const repeat = Math.ceil(MIN_WIDTH / points.length);
        return { steps: [first, last], values: points.flatMap((p) => new Array(repeat).fill(p.value)) };
    }
    if (points.length <= WIDTH)
        return { steps: [first, last], values: points.map((p) => p.value) };
    const sums = new Array(WIDTH).fill(0);
    const counts = new Array(WIDTH).fill(0);
    for (const { step, value } of points) {
        const column = last === first ? 0 : Math.min(WIDTH - 1, Math.floor(((step - first) / (last - first)) * WIDTH));
        sums[column] += value;
        counts[column] += 1;
    }
    const values = [];
    for (let i = 0; i < WIDTH; i++)
        if (counts[i] > 0)
            values.push(sums[i] / counts[i]);
    return { steps: [first, last], values };
}
/** One curve: its name and last value, then a text plot in a fenced block with the value axis and the step range. */
function curve(series) {
    const { steps, values } = columns(series);
    let [min, max] = [Math.min(...values), Math.max(...values)];
    // A flat curve gets an axis around its value, with the line in the middle.
    if (min === max)
        [min, max] = [min - (Math.abs(min) * 0.1 || 1), max + (Math.abs(max) * 0.1 || 1)];
    const format = tickFormat(min, max);
    const chart = (0,asciichart.plot)(values, { height: HEIGHT, format, min, max });
    const margin = format(min).length + 1;
    const axis = `${' '.repeat(margin)}└${'─'.repeat(values.length)}`;
    const stepLabels = `${' '.repeat(margin + 1)}step ${steps[0]}`;
    const lastLabel = `${steps[1]}`;
    const labelLine = `${stepLabels}${' '.repeat(Math.max(1, margin + 2 + values.length - stepLabels.length - lastLabel.length))}${lastLabel}`;
    const last = series.points
        .filter((p) => Number.isFinite(p.value))
        .sort((a, b) => a.step - b.step)
        .at(-1);
    return [`**${(0,common_src/* escapeMarkdown */.FV)(series.key)}** = ${Number(last.value.toPrecision(4))}`, '', '```text', chart, axis, labelLine, '```'].join('\n');
}
/**
 * Metric curves as text plots in Markdown — what GitHub's job summary keeps (its sanitizer removes inline SVG). A metric
 * logged once is a number, not a curve, and is left to the table. Undefined when there is no curve to draw.
 */
function renderMetricCurvesMarkdown(series) {
    const drawable = series.filter((s) => s.points.filter((p) => Number.isFinite(p.value)).length >= 2);
    if (drawable.length === 0)
        return undefined;
    return drawable.map(curve).join('\n\n');
}

;// CONCATENATED MODULE: ./packages/training/src/result.ts








// What a training run gives back: the step's exit status, the run, the version, the final metrics and the summary.
const CHART_METRICS = 8;
/** The metric curves as an image, saved with the run (MLflow's artifact viewer shows SVG). */
const CHART_ARTIFACT = 'charts/metrics.svg';
async function reuseVersion(http, options, version, logger) {
    logger.info(`${options.modelName} version ${version.version} was registered by an earlier attempt of this job; not training again`);
    if (options.alias)
        await (0,src/* setAlias */.Tp)(http, options.modelName, options.alias, version.version);
    const run = version.runId ? await (0,src/* getRun */.Mh)(http, version.runId) : undefined;
    const metrics = run ? finalMetrics(run) : {};
    const runUrl = run ? (0,src/* runPageUrl */.g4)(http, run.experimentId, run.id) : '';
    const modelUri = (0,src/* modelVersionUri */.sP)(options.modelName, version.version);
    return {
        exitCode: 0,
        outcome: 'succeeded',
        runId: version.runId ?? '',
        experimentId: run?.experimentId ?? '',
        runUrl,
        modelVersion: version.version,
        modelUri,
        metrics,
        reused: true,
        summary: renderTrainSummary({
            runName: run?.name ?? options.runName ?? '',
            runUrl,
            outcome: 'succeeded',
            exitCode: 0,
            durationMs: 0,
            params: run?.params ?? {},
            metrics,
            modelName: options.modelName,
            modelVersion: version.version,
            modelUri,
            alias: options.alias,
            reused: true,
        }),
    };
}
function finalMetrics(run) {
    return Object.fromEntries(Object.values(run.metrics)
        .filter((metric) => !metric.key.startsWith('system/'))
        .map((metric) => [metric.key, metric.value]));
}
/** Reads the run's final metrics and curves, saves the chart with the run, and assembles the result. */
async function finish(session, command, registered) {
    const { http, options, run, runUrl, scratch, logger } = session;
    const finished = await (0,src/* getRun */.Mh)(http, run.id);
    const metrics = finalMetrics(finished);
    const keys = Object.keys(metrics).sort().slice(0, CHART_METRICS);
    const series = await Promise.all(keys.map(async (key) => ({ key, points: await (0,src/* getMetricHistory */.LF)(http, run.id, key) })));
    const chart = renderMetricChart(series);
    let chartArtifact;
    if (chart) {
        const chartPath = (0,external_node_path_.join)(scratch, 'metrics.svg');
        await (0,promises_.writeFile)(chartPath, chart);
        chartArtifact = await (0,src/* uploadArtifactFile */.tW)(http, run.artifactUri, chartPath, CHART_ARTIFACT).then(() => CHART_ARTIFACT, (error) => {
            logger.warning(`the metric chart could not be saved to the run: ${(0,common_src/* errorMessage */.gJ)(error)}`);
            return undefined;
        });
    }
    const result = {
        exitCode: command.exitCode,
        outcome: command.outcome,
        runId: run.id,
        experimentId: run.experimentId,
        runUrl,
        metrics,
        reused: false,
        summary: renderTrainSummary({
            runName: finished.name,
            runUrl,
            outcome: command.outcome,
            exitCode: command.exitCode,
            durationMs: command.durationMs,
            params: options.params,
            metrics,
            curves: renderMetricCurvesMarkdown(series),
            chartArtifact,
            modelName: options.modelName,
            modelVersion: registered.version?.version,
            modelUri: registered.uri,
            alias: options.alias,
        }),
    };
    if (registered.version)
        result.modelVersion = registered.version.version;
    if (registered.uri)
        result.modelUri = registered.uri;
    return result;
}

// EXTERNAL MODULE: external "node:events"
var external_node_events_ = __webpack_require__(78474);
// EXTERNAL MODULE: external "node:stream/promises"
var external_node_stream_promises_ = __webpack_require__(46466);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
;// CONCATENATED MODULE: ./packages/training/src/command.ts






const DEFAULT_SHELL = ['bash', '--noprofile', '--norc', '-eo', 'pipefail', '-c'];
/** The exit status of a command stopped by its time limit, as coreutils `timeout` reports it. */
const TIMEOUT_EXIT_CODE = 124;
/**
 * Runs a shell command in its own process group, streaming its output live and into a file with
 * backpressure (memory stays flat however much it prints). A time limit or an abort sends SIGTERM to the
 * whole group, then SIGKILL after the grace period.
 */
async function runCommand(options) {
    const started = performance.now();
    const [shell, ...shellArgs] = options.shell ?? DEFAULT_SHELL;
    const log = (0,external_node_fs_.createWriteStream)(options.logPath);
    await (0,external_node_events_.once)(log, 'open');
    const child = (0,external_node_child_process_.spawn)(shell, [...shellArgs, options.command], {
        cwd: options.cwd,
        env: options.env,
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: true,
    });
    const closed = new Promise((resolve, reject) => {
        child.once('error', reject);
        child.once('close', (code, signal) => resolve([code, signal]));
    });
    // Each source is masked on its own (a secret split across two stdout chunks with stderr between them still matches),
    // then both go into the log as they come.
    const maskers = [child.stdout, child.stderr].map((stream) => {
        const masker = (0,common_src/* createMaskingStream */.xj)(options.secrets ?? []);
        stream.pipe(masker).pipe(log, { end: false });
        if (options.output)
            stream.pipe(options.output, { end: false });
        return (0,external_node_stream_promises_.finished)(masker).catch(() => undefined);
    });
    let stoppedBy;
    let cancelKill;
    const stop = (reason) => {
        if (stoppedBy || child.exitCode !== null || child.pid === undefined)
            return;
        stoppedBy = reason;
        cancelKill = (0,common_src/* terminateGroup */.TK)(child.pid, options.killGraceMs ?? 10_000);
    };
    const timeout = options.timeoutMs === undefined ? undefined : setTimeout(() => stop('timed-out'), options.timeoutMs);
    const onAbort = () => stop('cancelled');
    if (options.signal?.aborted)
        onAbort();
    options.signal?.addEventListener('abort', onAbort);
    let code;
    let signal;
    try {
        [code, signal] = await closed;
    }
    catch (error) {
        throw new Error(`could not start '${shell}': ${(0,common_src/* errorMessage */.gJ)(error)}`, { cause: error });
    }
    finally {
        clearTimeout(timeout);
        cancelKill?.();
        options.signal?.removeEventListener('abort', onAbort);
        await Promise.all(maskers);
        log.end();
        await (0,external_node_events_.once)(log, 'finish');
    }
    const exitCode = stoppedBy === 'timed-out' ? TIMEOUT_EXIT_CODE : (code ?? 128 + (signal ? external_node_os_.constants.signals[signal] : 0));
    const outcome = stoppedBy ?? (exitCode === 0 ? 'succeeded' : 'failed');
    return { outcome, exitCode, durationMs: performance.now() - started, outputBytes: log.bytesWritten };
}

;// CONCATENATED MODULE: ./packages/training/src/metric-sender.ts

function createMetricSender(http, runId) {
    let pending = [];
    return {
        add(points) {
            if (points.length > 0)
                pending = pending.concat(points);
        },
        async flush() {
            if (pending.length === 0)
                return 0;
            const sending = pending;
            const requests = await (0,src/* logBatch */.hT)(http, { runId, metrics: sending });
            pending = pending.slice(sending.length);
            return requests;
        },
        get pending() {
            return pending.length;
        },
    };
}

;// CONCATENATED MODULE: ./packages/training/src/metrics-file.ts



const WARNINGS_SHOWN = 5;
/** Sends of what is left at the end before giving up (each with the client's own retries). */
const FINAL_ATTEMPTS = 3;
/**
 * Forwards the metric lines a trainer appends to a file into the MLflow run while it trains: new complete
 * lines are read every interval and sent in batches. A malformed line is skipped with a warning; it never
 * interrupts training.
 */
function startMetricsForwarder(options) {
    const now = options.now ?? Date.now;
    const report = { forwarded: 0, skipped: 0, requests: 0 };
    let offset = 0;
    let partial = '';
    let lineNumber = 0;
    let busy = Promise.resolve();
    const parse = (line) => {
        lineNumber++;
        if (line.trim() === '')
            return undefined;
        let point;
        try {
            point = JSON.parse(line);
        }
        catch {
            point = undefined;
        }
        const record = typeof point === 'object' && point !== null ? point : {};
        const { key, value, step, timestamp } = record;
        const valid = typeof key === 'string' &&
            key !== '' &&
            typeof value === 'number' &&
            (step === undefined || Number.isSafeInteger(step)) &&
            (timestamp === undefined || Number.isSafeInteger(timestamp));
        if (!valid) {
            report.skipped++;
            if (report.skipped <= WARNINGS_SHOWN) {
                options.logger.warning(`${options.path}:${lineNumber}: skipped, not a metric line such as {"key": "loss", "value": 0.42, "step": 3}: ${line.slice(0, 120)}`);
            }
            return undefined;
        }
        return { key, value, step: step ?? 0, timestamp: timestamp ?? now() };
    };
    const readNew = async (final) => {
        let handle;
        try {
            handle = await (0,promises_.open)(options.path, 'r');
        }
        catch {
            return []; // The trainer has not written any metric yet.
        }
        try {
            const chunks = [];
            for (;;) {
                const buffer = Buffer.alloc(1024 * 1024);
                const { bytesRead } = await handle.read(buffer, 0, buffer.length, offset);
                if (bytesRead === 0)
                    break;
                chunks.push(buffer.subarray(0, bytesRead));
                offset += bytesRead;
            }
            const lines = (partial + Buffer.concat(chunks).toString('utf8')).split('\n');
            partial = final ? '' : lines.pop();
            return lines.flatMap((line) => parse(line) ?? []);
        }
        finally {
            await handle.close();
        }
    };
    // Points read but not yet accepted by MLflow stay pending and go with the next send.
    const sender = createMetricSender(options.http, options.runId);
    const forward = async (final) => {
        const points = await readNew(final);
        sender.add(points);
        report.forwarded += points.length;
        report.requests += await sender.flush();
    };
    const tick = () => {
        // One read at a time: a slow MLflow delays the next read instead of sending points twice.
        busy = busy
            .then(() => forward(false))
            .catch((error) => options.logger.warning(`forwarding metrics failed, will retry: ${(0,common_src/* errorMessage */.gJ)(error)}`));
    };
    const timer = setInterval(tick, options.intervalMs ?? 1000);
    return {
        async stop() {
            clearInterval(timer);
            await busy;
            for (let attempt = 1;; attempt++) {
                try {
                    await forward(true);
                    break;
                }
                catch (error) {
                    if (attempt >= FINAL_ATTEMPTS)
                        throw new common_src/* OperationalError */.LE(`${sender.pending} metric points could not be sent to MLflow yet: ${(0,common_src/* errorMessage */.gJ)(error)}`, {
                            service: 'MLflow',
                            hint: (0,common_src/* isOperationalError */.ZX)(error) ? error.hint : undefined,
                            cause: error,
                        });
                    await new Promise((resolve) => setTimeout(resolve, 250 * attempt));
                }
            }
            if (report.skipped > WARNINGS_SHOWN)
                options.logger.warning(`${report.skipped} malformed metric lines were skipped in all (the first ${WARNINGS_SHOWN} are shown above)`);
            return { ...report };
        },
        async flush() {
            await sender.flush();
        },
    };
}

;// CONCATENATED MODULE: ./packages/training/src/params.ts

/** MLflow's rule for param keys (mlflow/utils/validation.py). */
const PARAM_KEY = /^[\w\-. /]+$/;
const PARAM_VALUE_LIMIT = 6000;
/** The params as MLflow stores them (strings), checked against MLflow's rules for keys and values. */
function normalizeParams(params) {
    const normalized = {};
    for (const [key, value] of Object.entries(params)) {
        if (!PARAM_KEY.test(key) || key.length > 250)
            throw (0,common_src/* inputError */.Xu)('params', `: '${key}' is not a valid MLflow param name (letters, digits, '_', '-', '.', ' ' and '/', at most 250 characters)`);
        const text = String(value);
        if (text.length > PARAM_VALUE_LIMIT)
            throw (0,common_src/* inputError */.Xu)('params', `: the value of '${key}' is longer than MLflow's ${PARAM_VALUE_LIMIT} characters`);
        normalized[key] = text;
    }
    return normalized;
}
/** `learning-rate` → `MLOPS_PARAM_LEARNING_RATE`. */
const paramVariableName = (key) => `MLOPS_PARAM_${key.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
/** The params as environment variables for the command; two keys that would share a variable are an error. */
function paramVariables(params) {
    const variables = {};
    const owners = new Map();
    for (const [key, value] of Object.entries(params)) {
        const name = paramVariableName(key);
        const other = owners.get(name);
        if (other !== undefined)
            throw (0,common_src/* inputError */.Xu)('params', `: '${other}' and '${key}' would both be passed as ${name}; rename one`);
        owners.set(name, key);
        variables[name] = value;
    }
    return variables;
}

;// CONCATENATED MODULE: ./packages/training/src/system-metrics.ts




const MB = 1024 * 1024;
function cpuTimes() {
    let idle = 0;
    let total = 0;
    for (const cpu of (0,external_node_os_.cpus)()) {
        idle += cpu.times.idle;
        total += cpu.times.user + cpu.times.nice + cpu.times.sys + cpu.times.irq + cpu.times.idle;
    }
    return { idle, total };
}
/** Bytes received and sent on every interface but loopback since boot (Linux); undefined elsewhere. */
async function networkBytes() {
    try {
        const text = await (0,promises_.readFile)('/proc/net/dev', 'utf8');
        let received = 0;
        let sent = 0;
        for (const line of text.split('\n').slice(2)) {
            const [name, data] = line.split(':');
            if (!data || name?.trim() === 'lo')
                continue;
            const fields = data.trim().split(/\s+/).map(Number);
            received += fields[0] ?? 0;
            sent += fields[8] ?? 0;
        }
        return { received, sent };
    }
    catch {
        return undefined;
    }
}
/**
 * Samples CPU, memory, disk, network and GPU use while a command runs and logs them to the run under
 * MLflow's own system-metric names (`system/cpu_utilization_percentage`, `system/gpu_0_utilization_percentage`, …),
 * one step per sample, as MLflow's system metrics monitor does.
 */
function startSystemMetrics(options) {
    const now = options.now ?? Date.now;
    const sender = createMetricSender(options.http, options.runId);
    let step = 0;
    let lastCpu = cpuTimes();
    const firstNetwork = networkBytes();
    let busy = Promise.resolve();
    const sample = async () => {
        const timestamp = now();
        const values = {};
        const cpu = cpuTimes();
        const elapsed = cpu.total - lastCpu.total;
        if (elapsed > 0)
            values.cpu_utilization_percentage = 100 * (1 - (cpu.idle - lastCpu.idle) / elapsed);
        lastCpu = cpu;
        const total = (0,external_node_os_.totalmem)();
        const used = total - (0,external_node_os_.freemem)();
        values.system_memory_usage_megabytes = used / MB;
        values.system_memory_usage_percentage = (100 * used) / total;
        try {
            const disk = await (0,promises_.statfs)(options.diskPath);
            const diskTotal = disk.blocks * disk.bsize;
            const available = disk.bavail * disk.bsize;
            values.disk_usage_megabytes = (diskTotal - disk.bfree * disk.bsize) / MB;
            values.disk_available_megabytes = available / MB;
            values.disk_usage_percentage = (100 * (diskTotal - disk.bfree * disk.bsize)) / diskTotal;
        }
        catch {
            // A vanished working directory is no reason to stop measuring the rest.
        }
        const [start, network] = await Promise.all([firstNetwork, networkBytes()]);
        if (start && network) {
            values.network_receive_megabytes = (network.received - start.received) / MB;
            values.network_transmit_megabytes = (network.sent - start.sent) / MB;
        }
        for (const gpu of (await options.sampleGpus?.()) ?? []) {
            const prefix = `gpu_${gpu.index}_`;
            if (gpu.utilizationPercent !== undefined)
                values[`${prefix}utilization_percentage`] = gpu.utilizationPercent;
            if (gpu.memoryUsedMb !== undefined)
                values[`${prefix}memory_usage_megabytes`] = gpu.memoryUsedMb;
            if (gpu.memoryUsedMb !== undefined && gpu.memoryTotalMb)
                values[`${prefix}memory_usage_percentage`] = (100 * gpu.memoryUsedMb) / gpu.memoryTotalMb;
            if (gpu.powerWatts !== undefined)
                values[`${prefix}power_usage_watts`] = gpu.powerWatts;
            if (gpu.powerWatts !== undefined && gpu.powerLimitWatts)
                values[`${prefix}power_usage_percentage`] = (100 * gpu.powerWatts) / gpu.powerLimitWatts;
        }
        const points = Object.entries(values).map(([name, value]) => ({ key: `system/${name}`, value, timestamp, step }));
        step++;
        sender.add(points);
        await sender.flush();
    };
    const tick = () => {
        busy = busy.then(sample).catch((error) => options.logger.warning(`system metrics: ${(0,common_src/* errorMessage */.gJ)(error)} (will retry)`));
    };
    const timer = setInterval(tick, options.intervalMs ?? 10_000);
    return {
        async stop() {
            clearInterval(timer);
            tick();
            await busy;
            if (sender.pending > 0) {
                try {
                    await sender.flush();
                }
                catch (error) {
                    options.logger.warning(`${sender.pending} system metric points were not logged yet: ${(0,common_src/* errorMessage */.gJ)(error)}`);
                }
            }
            return step;
        },
        async flush() {
            await sender.flush();
        },
    };
}

;// CONCATENATED MODULE: ./packages/training/src/tracked-command.ts









/** Runs the command with the run's variables, forwarding its metric lines and sampling system metrics meanwhile. */
async function runTracked(session, modelDir, gpus) {
    const { options, deps, http, logger, run, scratch } = session;
    const metricsPath = (0,external_node_path_.join)(scratch, 'metrics.jsonl');
    const paramsPath = (0,external_node_path_.join)(scratch, 'params.json');
    const logPath = (0,external_node_path_.join)(scratch, 'command.log');
    await (0,promises_.writeFile)(paramsPath, `${JSON.stringify(options.params, null, 2)}\n`);
    await (0,promises_.writeFile)(metricsPath, '');
    const env = {
        ...(0,common_src/* withoutWithheldCredentials */.OT)(options.env, options.commandEnv),
        ...paramVariables(options.params),
        MLFLOW_TRACKING_URI: options.trackingUri,
        MLFLOW_RUN_ID: run.id,
        MLFLOW_EXPERIMENT_ID: run.experimentId,
        MLOPS_METRICS_FILE: metricsPath,
        MLOPS_PARAMS_FILE: paramsPath,
        MLOPS_MODEL_DIR: modelDir,
    };
    const forwarder = startMetricsForwarder({
        http,
        runId: run.id,
        path: metricsPath,
        logger,
        intervalMs: options.metricsIntervalMs,
        now: deps.now,
    });
    const system = startSystemMetrics({
        http,
        runId: run.id,
        logger,
        diskPath: options.workingDirectory,
        intervalMs: options.systemMetricsIntervalMs,
        sampleGpus: gpus ? () => queryGpus(deps.exec ?? execProgram) : undefined,
        now: deps.now,
    });
    const startedAt = Date.now();
    let result;
    try {
        result = await logger.group(`Training: ${options.command}`, () => runCommand({
            command: options.command,
            cwd: options.workingDirectory,
            env,
            logPath,
            secrets: (0,common_src/* secretValues */.VX)(options.env),
            output: deps.output,
            timeoutMs: options.timeoutMs,
            signal: deps.signal,
        }));
    }
    finally {
        const [forwarded] = await Promise.allSettled([forwarder.stop(), system.stop()]);
        if (forwarded.status === 'fulfilled' && forwarded.value.forwarded > 0)
            logger.info(`${forwarded.value.forwarded} metric points forwarded to MLflow in ${forwarded.value.requests} requests`);
        if (forwarded.status === 'rejected')
            logger.warning((0,common_src/* errorMessage */.gJ)(forwarded.reason));
    }
    const saveLog = () => (0,src/* uploadArtifactFile */.tW)(http, run.artifactUri, logPath, 'logs/command.log');
    let logSaved = await saveLog().then(() => true, (error) => {
        logger.warning(`the command's output could not be saved to the run yet: ${(0,common_src/* errorMessage */.gJ)(error)}`);
        return false;
    });
    const sendLeftovers = async () => {
        await forwarder.flush();
        await system.flush();
        if (!logSaved)
            await saveLog();
        logSaved = true;
    };
    return { ...result, startedAt, sendLeftovers };
}

;// CONCATENATED MODULE: ./packages/training/src/train.ts












const exists = (path) => (0,promises_.stat)(path).then(() => true, () => false);
/**
 * Runs a training command as an MLflow run — params, live metrics, system metrics, lineage, the output as an
 * artifact — and, when it succeeds, logs its ONNX model with an MLmodel file and registers it: version READY,
 * tags set, and only then the alias.
 */
async function train(options, deps) {
    const { http, logger } = deps;
    const now = deps.now ?? Date.now;
    if (options.register && !options.modelName)
        throw (0,common_src/* inputError */.Xu)('model-name', "is required to register the model: name it, or set input 'register' to false", {
            inputs: ['register'],
        });
    const gpus = await checkGpus(options.gpu, deps.exec ?? execProgram, logger);
    const experiment = await reachMlflow(http, options.experiment);
    const existing = await findRegisteredByEarlierAttempt(http, options);
    if (existing)
        return reuseVersion(http, options, existing, logger);
    const tags = lineageTags(await options.lineage(describeGpus(gpus)));
    const run = await (0,src/* createRun */.ut)(http, { experimentId: experiment.id, runName: options.runName, tags }, now);
    const runUrl = (0,src/* runPageUrl */.g4)(http, experiment.id, run.id);
    logger.info(`MLflow run ${run.name || run.id}: ${runUrl}`);
    const session = {
        options,
        deps,
        http,
        logger,
        now,
        run,
        runUrl,
        tags,
        scratch: await (0,promises_.mkdtemp)((0,external_node_path_.join)(options.tempDir, 'mlops-train-')),
    };
    let ended = false;
    try {
        await (0,src/* logBatch */.hT)(http, { runId: run.id, params: { ...options.params } });
        const restoredKey = await restoreCache(options, deps);
        const modelDir = (0,external_node_path_.resolve)(options.workingDirectory, options.modelDir);
        const command = await runTracked(session, modelDir, gpus);
        if (options.cache && restoredKey !== options.cache.key)
            await saveCache(options, deps);
        if (command.outcome !== 'succeeded') {
            await (0,src/* endRunAsFailed */.kI)(http, run.id, {
                status: command.outcome === 'cancelled' ? 'KILLED' : 'FAILED',
                reason: `command ${command.outcome} (exit status ${command.exitCode})`,
                endTime: now(),
            });
            ended = true;
            logger.error(`the training command ${command.outcome} with exit status ${command.exitCode}; nothing was registered`);
            return await finish(session, command, {});
        }
        const hasModel = options.register || (await exists(modelDir));
        if (!hasModel)
            logger.info(`no model directory at ${modelDir}; nothing to log (register: false)`);
        const registered = await waitOutMlflow(options.publishPatienceMs ?? PUBLISH_PATIENCE_MS, logger, deps.signal, async (repeated) => {
            await command.sendLeftovers();
            let done = {};
            if (hasModel) {
                const model = await logger.group('Logging the model', () => logModel(session, modelDir, command.startedAt));
                if (options.register)
                    done = await logger.group('Registering the model', () => register(session, model, repeated));
            }
            await (0,src/* updateRun */.PF)(http, { runId: run.id, status: 'FINISHED', endTime: now() });
            return done;
        });
        ended = true;
        return await finish(session, command, registered);
    }
    catch (error) {
        // A failure of ours (MLflow unreachable mid-run, a bad model) must not leave the run RUNNING.
        if (!ended)
            await (0,src/* endRunAsFailed */.kI)(http, run.id, {
                status: deps.signal?.aborted ? 'KILLED' : 'FAILED',
                reason: (0,common_src/* errorMessage */.gJ)(error),
                endTime: now(),
            }).catch(() => undefined);
        throw error;
    }
    finally {
        await (0,promises_.rm)(session.scratch, { recursive: true, force: true });
    }
}

;// CONCATENATED MODULE: ./packages/training/src/inputs.ts







/** The train action's inputs, which are also `mlops train`'s flags. */
const TRAIN_INPUTS = {
    command: 'command',
    workingDirectory: 'working-directory',
    experiment: 'experiment',
    runName: 'run-name',
    modelName: 'model-name',
    modelDir: 'model-dir',
    register: 'register',
    alias: 'alias',
    params: 'params',
    cachePaths: 'cache-paths',
    cacheKey: 'cache-key',
    timeoutMinutes: 'timeout-minutes',
    gpu: 'gpu',
    commandEnv: 'command-env',
};
/** The action's inputs, which are also the CLI's flags: action.yml states the same (a test compares them). */
const TRAIN_INPUT_SPECS = {
    command: {
        description: 'The training command, run by bash (-eo pipefail) in working-directory. It gets MLFLOW_TRACKING_URI, MLFLOW_RUN_ID, MLFLOW_EXPERIMENT_ID, MLOPS_METRICS_FILE, MLOPS_PARAMS_FILE, MLOPS_MODEL_DIR and one MLOPS_PARAM_<KEY> per param.',
        required: true,
        placeholder: '<command>',
    },
    'working-directory': {
        description: 'Where the command runs; relative paths start at the workspace.',
        default: '.',
        placeholder: '<dir>',
    },
    experiment: {
        description: 'The MLflow experiment (created if missing). Default: the model name, or "Default" without one.',
        placeholder: '<name>',
    },
    'run-name': {
        description: 'The MLflow run name. Default: the train-v* tag that triggered the workflow, else a name MLflow picks.',
        placeholder: '<name>',
    },
    'model-name': { description: 'The registered model the new version joins (required when register is true).', placeholder: '<name>' },
    'model-dir': {
        description: 'Where the command leaves model.onnx and preprocessing.json, relative to working-directory.',
        default: 'model_artifacts',
        placeholder: '<dir>',
    },
    register: {
        description: 'Register the model as a new version when training succeeds (true or false); with false a model the command wrote is still logged to the run.',
        default: 'true',
        placeholder: '<bool>',
    },
    alias: {
        description: 'The alias set on the new version once it is READY and tagged; "none" sets no alias.',
        default: 'challenger',
        placeholder: '<alias>',
    },
    params: {
        description: 'A YAML map of hyper-parameters: logged as MLflow params, passed as MLOPS_PARAM_<KEY> variables and as the JSON file MLOPS_PARAMS_FILE.',
        placeholder: '<yaml>',
    },
    'cache-paths': {
        description: 'Datasets and other downloads to restore before and save after training with the Actions cache, one path per line (needs cache-key).',
        placeholder: '<paths>',
    },
    'cache-key': { description: 'The cache key for cache-paths, e.g. cifar10-v1.', placeholder: '<key>' },
    'timeout-minutes': {
        description: 'Stop the command after this many minutes (exit status 124, run FAILED). Default: no limit of its own.',
        placeholder: '<minutes>',
    },
    gpu: {
        description: 'required (fail fast when nvidia-smi finds no GPU), optional (use and measure one when present) or none.',
        default: 'optional',
        placeholder: '<requirement>',
    },
    'command-env': {
        description: "Variables the command is not given by default that it needs after all (comma- or line-separated): GITHUB_TOKEN, GH_TOKEN, HF_TOKEN, HUGGING_FACE_HUB_TOKEN, MLFLOW_WEBHOOK_SECRET or the runner's ACTIONS_* tokens. MLflow's own variables always reach it.",
        placeholder: '<names>',
    },
};
/** The train action's outputs. */
const TRAIN_OUTPUTS = {
    runId: 'run-id',
    runUrl: 'run-url',
    experimentId: 'experiment-id',
    modelVersion: 'model-version',
    modelUri: 'model-uri',
    metrics: 'metrics',
};
/** The outputs of a training, by output name. */
function trainOutputs(result) {
    return {
        [TRAIN_OUTPUTS.runId]: result.runId,
        [TRAIN_OUTPUTS.runUrl]: result.runUrl,
        [TRAIN_OUTPUTS.experimentId]: result.experimentId,
        [TRAIN_OUTPUTS.modelVersion]: result.modelVersion,
        [TRAIN_OUTPUTS.modelUri]: result.modelUri,
        [TRAIN_OUTPUTS.metrics]: result.metrics,
    };
}
/** Defaults, documented in action.yml and the README. */
const TRAIN_DEFAULTS = { modelDir: 'model_artifacts', alias: 'challenger', gpu: 'optional', experiment: 'Default' };
/** `alias: none` registers without setting an alias. */
const NO_ALIAS = 'none';
const GPU_CHOICES = ['required', 'optional', 'none'];
/** Reads and checks the inputs (action inputs or CLI flags, through the same reader). */
function readTrainInputs(reader, describe = reader.describe) {
    const inputs = {
        command: reader.requiredString(TRAIN_INPUTS.command),
        workingDirectory: reader.optionalString(TRAIN_INPUTS.workingDirectory) ?? '.',
        experiment: reader.optionalString(TRAIN_INPUTS.experiment),
        runName: reader.optionalString(TRAIN_INPUTS.runName),
        modelName: reader.optionalString(TRAIN_INPUTS.modelName),
        modelDir: reader.optionalString(TRAIN_INPUTS.modelDir) ?? TRAIN_DEFAULTS.modelDir,
        register: reader.boolean(TRAIN_INPUTS.register, true),
        alias: reader.optionalString(TRAIN_INPUTS.alias) ?? TRAIN_DEFAULTS.alias,
        params: normalizeParams(reader.map(TRAIN_INPUTS.params)),
        cachePaths: reader.list(TRAIN_INPUTS.cachePaths),
        cacheKey: reader.optionalString(TRAIN_INPUTS.cacheKey),
        timeoutMinutes: reader.optionalNumber(TRAIN_INPUTS.timeoutMinutes, { above: 0 }),
        gpu: reader.enumeration(TRAIN_INPUTS.gpu, GPU_CHOICES, TRAIN_DEFAULTS.gpu),
        commandEnv: reader.list(TRAIN_INPUTS.commandEnv),
    };
    const unknown = inputs.commandEnv.filter((name) => !common_src/* WITHHELD_VARIABLES */.aG.includes(name));
    if (unknown.length > 0)
        throw new common_src/* ConfigurationError */.j1(`${describe(TRAIN_INPUTS.commandEnv)}: ${unknown.join(', ')} ${unknown.length === 1 ? 'is' : 'are'} not withheld from the command in the first place; ` +
            `name only these: ${common_src/* WITHHELD_VARIABLES */.aG.join(', ')}`, { subject: TRAIN_INPUTS.commandEnv });
    if (inputs.alias === NO_ALIAS)
        inputs.alias = undefined;
    const aliasProblem = inputs.alias === undefined ? undefined : (0,src/* aliasNameProblem */.tj)(inputs.alias);
    if (aliasProblem)
        throw new common_src/* ConfigurationError */.j1(`${describe(TRAIN_INPUTS.alias)}: ${aliasProblem} (or none for no alias)`, {
            subject: TRAIN_INPUTS.alias,
        });
    if (inputs.register && !inputs.modelName)
        throw new common_src/* ConfigurationError */.j1(`${describe(TRAIN_INPUTS.modelName)} is required to register the model: name it, or set ${describe(TRAIN_INPUTS.register)} to false`, { subject: TRAIN_INPUTS.modelName });
    if (inputs.cachePaths.length > 0 !== (inputs.cacheKey !== undefined))
        throw new common_src/* ConfigurationError */.j1(`${describe(TRAIN_INPUTS.cachePaths)} and ${describe(TRAIN_INPUTS.cacheKey)} go together: give both (e.g. cache-key cifar10-v1 with cache-paths data/) or neither`, { subject: TRAIN_INPUTS.cacheKey });
    return inputs;
}
/** Turns the inputs and the job's environment into the options of `train`. */
function trainOptionsFromInputs(inputs, context) {
    const { env } = context;
    const workingDirectory = (0,external_node_path_.isAbsolute)(inputs.workingDirectory) ? inputs.workingDirectory : (0,external_node_path_.resolve)(context.cwd, inputs.workingDirectory);
    const ref = env.GITHUB_REF;
    const tag = ref?.startsWith('refs/tags/') ? ref.slice('refs/tags/'.length) : undefined;
    return {
        command: inputs.command,
        workingDirectory,
        experiment: inputs.experiment ?? inputs.modelName ?? TRAIN_DEFAULTS.experiment,
        runName: inputs.runName ?? tag,
        modelName: inputs.modelName,
        modelDir: inputs.modelDir,
        register: inputs.register,
        alias: inputs.alias,
        params: inputs.params,
        timeoutMs: inputs.timeoutMinutes === undefined ? undefined : inputs.timeoutMinutes * 60_000,
        gpu: inputs.gpu,
        trackingUri: context.trackingUri,
        env: { ...env },
        commandEnv: inputs.commandEnv,
        lineage: async (gpu) => lineageFromGithub(env, inputs.command, gpu) ??
            (await lineageFromGit(context.exec ?? execProgram, workingDirectory, inputs.command, gpu)),
        idempotencyKey: idempotencyKey(env, inputs),
        cache: inputs.cacheKey ? { paths: inputs.cachePaths, key: inputs.cacheKey } : undefined,
        tempDir: context.tempDir,
    };
}
/**
 * One key per job of a workflow run, the same for all its attempts: repository, run id, job, and a digest of
 * what it trains (so matrix legs differ). Outside Actions there is none.
 */
function idempotencyKey(env, inputs) {
    if (env.GITHUB_ACTIONS !== 'true' || !env.GITHUB_RUN_ID)
        return undefined;
    const digest = (0,external_node_crypto_.createHash)('sha256')
        .update(JSON.stringify([inputs.command, inputs.params, inputs.workingDirectory, inputs.modelDir]))
        .digest('hex')
        .slice(0, 12);
    return `${env.GITHUB_REPOSITORY ?? ''}/${env.GITHUB_RUN_ID}/${env.GITHUB_JOB ?? ''}/${digest}`;
}

;// CONCATENATED MODULE: ./packages/training/src/index.ts
// What the train action, the CLI and the demo use. The pieces inside (the command runner, GPU queries, metric
// forwarding, charts, the summary) are for this package and its tests: `@mlops-actions/training/internal`.





// EXTERNAL MODULE: ./node_modules/commander/esm.mjs
var esm = __webpack_require__(48179);
// EXTERNAL MODULE: ./packages/cli/src/commands/listings.ts
var listings = __webpack_require__(91836);
// EXTERNAL MODULE: ./packages/cli/src/options.ts
var src_options = __webpack_require__(11428);
;// CONCATENATED MODULE: ./packages/cli/src/commands/train.ts







const ON_RUNNERS_ONLY = 'only used on GitHub runners (the Actions cache)';
/** `mlops train`: the train action on this machine, with the action's inputs as flags. */
function trainCommand(context) {
    return (0,src_options/* addInputFlags */.hN)(new esm/* Command */.uB('train').description((0,listings/* commandDescription */.ET)('train')), TRAIN_INPUT_SPECS, {
        help: { 'cache-paths': ON_RUNNERS_ONLY, 'cache-key': ON_RUNNERS_ONLY },
    })
        .option('--json', 'print the outputs as JSON')
        .action(async (options) => {
        const inputs = readTrainInputs((0,src_options/* optionReader */.hr)(options), src_options/* flag */.Jt);
        if (inputs.cacheKey)
            context.logger.warning('--cache-paths and --cache-key only take effect on GitHub runners; ignored here');
        const mlflow = (0,src/* clientOptionsFromEnvironment */.Xd)(context.env);
        const trainOptions = trainOptionsFromInputs(inputs, {
            env: context.env,
            cwd: process.cwd(),
            tempDir: (0,external_node_os_.tmpdir)(),
            trackingUri: mlflow.trackingUri,
        });
        const controller = new AbortController();
        let finished = false;
        void context.untilStopped().then(() => {
            if (!finished)
                controller.abort();
        });
        const output = new external_node_stream_.Writable({
            write: (chunk, _encoding, done) => {
                context.stderr(chunk.toString());
                done();
            },
        });
        const result = await train(trainOptions, {
            http: (0,src/* createMlflowHttp */.OY)({ ...mlflow, logger: context.logger }),
            logger: context.logger,
            output,
            signal: controller.signal,
        });
        finished = true;
        if (options.json)
            context.stdout(`${JSON.stringify(trainOutputs(result), null, 2)}\n`);
        else
            context.stdout(result.modelUri
                ? `registered ${result.modelUri} (run ${result.runUrl})\n`
                : `run ${result.runUrl} ended ${result.outcome} (exit status ${result.exitCode})\n`);
        context.setExitCode(result.exitCode);
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
