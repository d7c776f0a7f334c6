// The Space's page: runs the model in the browser with onnxruntime-web, following preprocessing.json.
// Everything about the model reaches the page as data (model.json) and is shown with textContent and DOM attributes only.
import * as ort from './ort/ort.wasm.min.mjs';

ort.env.wasm.wasmPaths = new URL('./ort/', import.meta.url).href;
// One thread: a static Space is not cross-origin isolated, so there is no SharedArrayBuffer for more.
ort.env.wasm.numThreads = 1;

const $ = (id) => document.getElementById(id);
// model.json is made from a version's tags, which anyone who can tag a version writes: every value is checked here.
const isNumber = (value) => typeof value === 'number' && Number.isFinite(value);
const text = (value) => (typeof value === 'string' && value !== '' ? value : '—');
/** Up to 4 decimals, no trailing zeros (as the gate's reports write figures). */
const figure = (value) => (isNumber(value) ? String(Number(value.toFixed(4))) : '—');
/** 0.99 → 99%, 0.9967 → 99.67%: the decimals that tell it from 100%. */
function percent(value) {
  if (!isNumber(value) || value <= 0 || value >= 1) return '—';
  const decimals = Math.min(12, Math.max(0, Math.ceil(-Math.log10((1 - value) * 100)) + 1));
  return `${Number((value * 100).toFixed(decimals))}%`;
}
const pairOf = (value) => (Array.isArray(value) && value.length === 2 && value.every(isNumber) ? value : null);
const interval = (value) => (value ? `[${figure(value[0])}, ${figure(value[1])}]` : '[—, —]');
/** Only http(s) pages are linked; anything else in model.json is shown as text. */
function webUrl(value) {
  if (typeof value !== 'string') return null;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
  } catch {
    return null;
  }
}
const status = $('status');

/** A value of the card: text, or a link when model.json gives an http(s) URL for it. */
function cardValue(value) {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const url = webUrl(value.url);
    if (url) {
      const link = document.createElement('a');
      link.href = url;
      link.rel = 'noopener noreferrer';
      link.target = '_blank';
      link.textContent = text(value.text);
      return link;
    }
    return document.createTextNode(text(value.text));
  }
  return document.createTextNode(typeof value === 'string' ? value : '—');
}

/** `ECE 0.031 (the version it replaced: 0.045)`, or null when model.json has no such figure. */
function calibrationFigure(name, value) {
  if (!value || typeof value !== 'object' || !isNumber(value.new)) return null;
  return `${name} ${figure(value.new)}${isNumber(value.old) ? ` (the version it replaced: ${figure(value.old)})` : ''}`;
}

/** The card's calibration row, as the README's card says it, or none when the gate measured no calibration. */
function calibrationRows(calibration) {
  if (!calibration || typeof calibration !== 'object') return [];
  const figures = [calibrationFigure('ECE', calibration.ece), calibrationFigure('Brier score', calibration.brier)].filter(Boolean);
  if (figures.length === 0) return [];
  return [
    [
      'Calibration',
      `${figures.join(', ')} on the same items: ECE is the mean gap between the model’s confidence and how often it is right (15 confidence bins), the Brier score the mean squared error of its class probabilities (0 to 2); lower is better, 0 is perfect`,
    ],
  ];
}

function showCard(info) {
  document.title = text(info.title);
  $('title').textContent = text(info.title);
  $('description').textContent = text(info.description);
  const gate = info.gate && typeof info.gate === 'object' ? info.gate : null;
  const links = info.links && typeof info.links === 'object' ? info.links : {};
  const clauses = gate && Array.isArray(gate.clauses) ? gate.clauses.filter((clause) => clause && typeof clause === 'object') : [];
  const rows = [['Model', `${text(info.modelName)} version ${isNumber(info.version) ? String(info.version) : '—'}`]];
  if (gate) {
    rows.push(
      ['Accuracy', `${figure(gate.accuracy)} on ${figure(gate.items)} held-out test items`],
      ['Accuracy interval', `${interval(pairOf(gate.accuracyInterval))}, ${percent(gate.accuracyConfidence)} Wilson interval`],
      ...calibrationRows(gate.calibration),
      ['Promoted by the gate', `${text(gate.condition)}: ${text(gate.reason)}`],
      ...clauses.map((clause) => [
        `Gate interval of ${text(clause.expression)}`,
        `${interval(pairOf(clause.interval))} at ${percent(clause.confidence)} confidence, the one the decision used`,
      ]),
    );
    if (clauses.length > 0)
      rows.push([
        'In the gate',
        'n is this version’s accuracy, o the accuracy of the version it replaced, d the share of items on which they disagree',
      ]);
  } else rows.push(['Promotion gate', 'not evaluated']);
  rows.push(['Commit', links.commit ?? '—'], ['Training run', links.trainingRun ?? '—'], ['Evaluation run', links.evaluationRun ?? '—']);
  const card = $('card');
  for (const [term, value] of rows) {
    const dt = document.createElement('dt');
    dt.textContent = term;
    const dd = document.createElement('dd');
    dd.append(cardValue(value));
    card.append(dt, dd);
  }
}

/** A canvas of `width` × `height` and its 2D context. */
function canvasOf(width, height) {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  return [canvas, canvas.getContext('2d', { willReadFrequently: true })];
}

/** The image on a canvas of its own, at most 560 pixels on its longer side. */
function sourceCanvas(image) {
  const scale = Math.min(1, 560 / Math.max(image.width, image.height));
  const [canvas, context] = canvasOf(Math.max(1, Math.round(image.width * scale)), Math.max(1, Math.round(image.height * scale)));
  context.drawImage(image, 0, 0, canvas.width, canvas.height);
  return canvas;
}

/**
 * Copies a region into `target` at (x, y, width, height), halving it step by step first: one large bilinear step
 * would drop thin strokes, where the model was trained on anti-aliased ones.
 */
function drawScaled(target, source, region, x, y, width, height) {
  let [current, sx, sy, sw, sh] = [source, ...region];
  while (sw / 2 >= width && sh / 2 >= height) {
    const [half, context] = canvasOf(Math.max(1, Math.round(sw / 2)), Math.max(1, Math.round(sh / 2)));
    context.imageSmoothingQuality = 'high';
    context.drawImage(current, sx, sy, sw, sh, 0, 0, half.width, half.height);
    [current, sx, sy, sw, sh] = [half, 0, 0, half.width, half.height];
  }
  target.imageSmoothingQuality = 'high';
  target.drawImage(current, sx, sy, sw, sh, x, y, width, height);
}

/**
 * Makes a person's image look like the training images, as preprocessing.json's `input` hints describe them: an image
 * on the other background (a dark digit drawn on white, for a model of white digits on black) is inverted, and then,
 * with `ink_box`, cropped to its ink and fit into a box of that size in the middle (MNIST: 20 × 20 in 28 × 28). An
 * image already on the model's background (a test-set image) is left as it is. As MNIST's digits, the ink's centre of
 * mass is put at the centre of the image (the box's middle would put a 7, heavy at the top, too low for the model).
 * Returns what was done, for the caption.
 */
function adapt(canvas, hints, target, width, height) {
  const background = hints?.background === 'dark' || hints?.background === 'light' ? hints.background : null;
  const context = canvas.getContext('2d', { willReadFrequently: true });
  const pixels = context.getImageData(0, 0, canvas.width, canvas.height);
  const { data } = pixels;
  let sum = 0;
  for (let p = 0; p < data.length; p += 4) sum += 0.299 * data[p] + 0.587 * data[p + 1] + 0.114 * data[p + 2];
  const light = sum / (data.length / 4) > 127.5;
  if (!background || (background === 'dark') !== light) {
    target.drawImage(canvas, 0, 0, width, height);
    return [];
  }
  for (let p = 0; p < data.length; p += 4) for (let c = 0; c < 3; c++) data[p + c] = 255 - data[p + c];
  context.putImageData(pixels, 0, 0);
  const box = Number.isInteger(hints.ink_box) && hints.ink_box > 0 ? Math.min(hints.ink_box, width, height) : null;
  const ink = box ? inkBounds(data, canvas.width, canvas.height, background) : null;
  if (!ink) {
    target.drawImage(canvas, 0, 0, width, height);
    return ['inverted'];
  }
  const scale = box / Math.max(ink.width, ink.height);
  const [w, h] = [ink.width * scale, ink.height * scale];
  const place = (size, drawn, centre) => Math.min(size - drawn, Math.max(0, size / 2 - centre * scale));
  target.fillStyle = background === 'dark' ? '#000' : '#fff';
  target.fillRect(0, 0, width, height);
  drawScaled(target, canvas, [ink.x, ink.y, ink.width, ink.height], place(width, w, ink.massX), place(height, h, ink.massY), w, h);
  return ['inverted', `fit into ${box} × ${box}`];
}

/**
 * The bounding box of the ink (pixels far from the background) and its centre of mass relative to the box, or null
 * when there is no ink.
 */
function inkBounds(data, width, height, background) {
  let [x0, y0, x1, y1] = [width, height, -1, -1];
  let [mass, sumX, sumY] = [0, 0, 0];
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const p = (y * width + x) * 4;
      const grey = 0.299 * data[p] + 0.587 * data[p + 1] + 0.114 * data[p + 2];
      const ink = background === 'dark' ? grey : 255 - grey;
      if (ink < 64) continue;
      [x0, y0, x1, y1] = [Math.min(x0, x), Math.min(y0, y), Math.max(x1, x), Math.max(y1, y)];
      [mass, sumX, sumY] = [mass + ink, sumX + ink * (x + 0.5), sumY + ink * (y + 0.5)];
    }
  if (x1 < 0) return null;
  return { x: x0, y: y0, width: x1 - x0 + 1, height: y1 - y0 + 1, massX: sumX / mass - x0, massY: sumY / mass - y0 };
}

/** The image as the model's input tensor: adapted, resized to H×W on the preview, grey or RGB, scaled and normalised. */
function toTensor(image, pre) {
  const [channels, height, width] = pre.shape;
  const canvas = $('preview');
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext('2d', { willReadFrequently: true });
  context.clearRect(0, 0, width, height);
  const done = adapt(sourceCanvas(image), pre.input, context, width, height);
  const { data } = context.getImageData(0, 0, width, height);
  const plane = width * height;
  const input = new Float32Array(channels * plane);
  for (let p = 0; p < plane; p++) {
    const [r, g, b] = [data[p * 4], data[p * 4 + 1], data[p * 4 + 2]];
    const values = channels === 1 ? [0.299 * r + 0.587 * g + 0.114 * b] : [r, g, b];
    for (let c = 0; c < channels; c++) input[c * plane + p] = (values[c] / pre.pixel_scale - pre.mean[c]) / pre.std[c];
  }
  $('preview-caption').textContent = `What the model sees: ${width} × ${height}${done.length ? `, ${done.join(' and ')}` : ''}.`;
  return new ort.Tensor('float32', input, [1, channels, height, width]);
}

/** A question mark where the model's view of an image will be, before there is one. */
function showPrompt() {
  const canvas = $('preview');
  const context = canvas.getContext('2d');
  context.fillStyle = '#8c959f';
  context.font = `${canvas.height / 2}px system-ui, sans-serif`;
  context.textAlign = 'center';
  context.textBaseline = 'middle';
  context.fillText('?', canvas.width / 2, canvas.height / 2);
}

function softmax(values) {
  const max = Math.max(...values);
  const exps = values.map((v) => Math.exp(v - max));
  const sum = exps.reduce((a, b) => a + b, 0);
  return exps.map((v) => v / sum);
}

function showPredictions(probabilities, labels, source) {
  const list = $('predictions');
  list.replaceChildren();
  list.dataset.source = source;
  const ranked = probabilities
    .map((p, i) => ({ label: labels[i], p }))
    .sort((a, b) => b.p - a.p)
    .slice(0, 10);
  for (const { label, p } of ranked) {
    const item = document.createElement('li');
    item.dataset.label = label;
    item.dataset.probability = String(p);
    const name = document.createElement('span');
    name.textContent = label;
    const bar = document.createElement('span');
    bar.className = 'bar';
    bar.style.width = `${(p * 100).toFixed(1)}%`;
    bar.setAttribute('role', 'presentation');
    const value = document.createElement('span');
    value.className = 'value';
    value.textContent = `${(p * 100).toFixed(1)}%`;
    item.append(name, bar, value);
    list.append(item);
  }
}

/** The drawing pad: pointer events (mouse, pen, touch) draw dark strokes on white; lifting classifies the drawing. */
function setUpPad(classify) {
  const pad = $('pad');
  const context = pad.getContext('2d', { willReadFrequently: true });
  const clear = () => {
    context.fillStyle = '#fff';
    context.fillRect(0, 0, pad.width, pad.height);
  };
  clear();
  // A stroke about a tenth of a digit's height, as MNIST's strokes are once the digit is fit into 20 pixels.
  context.lineWidth = pad.width / 9;
  context.lineCap = 'round';
  context.lineJoin = 'round';
  context.strokeStyle = '#111';
  let last = null;
  const point = (event) => {
    const box = pad.getBoundingClientRect();
    return [((event.clientX - box.left) * pad.width) / box.width, ((event.clientY - box.top) * pad.height) / box.height];
  };
  const line = (to) => {
    context.beginPath();
    context.moveTo(...(last ?? to));
    context.lineTo(...to);
    context.stroke();
    last = to;
  };
  pad.addEventListener('pointerdown', (event) => {
    event.preventDefault();
    pad.setPointerCapture(event.pointerId);
    last = null;
    line(point(event));
  });
  pad.addEventListener('pointermove', (event) => {
    if (last) line(point(event));
  });
  const lift = () => {
    if (!last) return;
    last = null;
    classify(pad, 'drawing');
  };
  pad.addEventListener('pointerup', lift);
  pad.addEventListener('pointercancel', lift);
  $('clear').addEventListener('click', () => {
    clear();
    status.textContent = 'Cleared: draw again.';
  });
}

/**
 * The class probabilities of one item: the output preprocessing.json names (`output_name`), else the model's first
 * (a scikit-learn export's first output is `label`: its preprocessing.json names `probabilities`).
 */
function probabilitiesOf(outputs, outputNames, pre) {
  const name = typeof pre.output_name === 'string' ? pre.output_name : outputNames[0];
  const tensor = outputs[name];
  const names = outputNames.join(', ');
  if (!tensor) throw new Error(`the model has no output named ${name} (its outputs: ${names}): fix output_name in preprocessing.json`);
  if (tensor.type !== 'float32' && tensor.type !== 'float64')
    throw new Error(
      `the model's output ${name} holds ${tensor.type} values, not class scores: name the one that does in preprocessing.json's output_name (its outputs: ${names})`,
    );
  const values = Array.from(tensor.data);
  if (values.length !== pre.labels.length)
    throw new Error(`the model's output ${name} has ${values.length} values for ${pre.labels.length} labels in preprocessing.json`);
  return pre.output === 'probabilities' ? values : softmax(values);
}

/** A test-set example of model.json that this page can show: an image file of its own, or a row of the features. */
function usableExample(example, features) {
  if (!example || typeof example !== 'object') return false;
  if (features) return Array.isArray(example.values) && example.values.length === features.length && example.values.every(isNumber);
  return typeof example.file === 'string' && /^examples\/\d+\.png$/.test(example.file);
}

/**
 * The test-set examples as buttons (focusable, so the page works from the keyboard); each classifies its item: an
 * image, or (for a table model, `features` given) a row that is filled into the form first. Returns a function that
 * classifies the first one, or null when there is none.
 */
function setUpExamples(examples, features, classify) {
  const valid = Array.isArray(examples) ? examples.filter((example) => usableExample(example, features)) : [];
  const box = $('examples');
  for (const [index, example] of valid.entries()) {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'example';
    button.dataset.label = text(example.label);
    if (!features) {
      const image = document.createElement('img');
      image.src = example.file;
      image.alt = '';
      button.append(image);
    }
    const caption = document.createElement('span');
    caption.textContent = text(example.label);
    button.setAttribute('aria-label', `Example ${index + 1}, a test ${features ? 'row' : 'image'} of class ${text(example.label)}`);
    button.append(caption);
    button.addEventListener('click', () => show(index));
    box.append(button);
  }
  const show = (index) => {
    const truth = text(valid[index].label);
    if (features) return classify(valid[index].values, `example ${index}`, truth);
    const picture = document.createElement('img');
    picture.src = valid[index].file;
    return picture.decode().then(() => classify(picture, `example ${index}`, truth));
  };
  $('examples-box').hidden = valid.length === 0;
  return valid.length > 0 ? () => show(0) : null;
}

/** A decimal number as people type it: 3, -0.5, .25, 1e-3 (not hex, not Infinity, not a blank). */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/**
 * The form of a table model: one labelled input per feature (the name as text), and Predict. Returns a function that
 * fills it with a row's values; `classify` gets the row as numbers, or the form says which field is wrong.
 */
function setUpForm(features, classify) {
  const inputs = features.map((feature, index) => {
    const field = document.createElement('div');
    field.className = 'feature';
    const label = document.createElement('label');
    label.htmlFor = `feature-${index}`;
    label.textContent = feature;
    const input = document.createElement('input');
    input.id = `feature-${index}`;
    // Text, not a number field: a number field reads '' for anything that is not a number, so the page could not tell
    // an empty field from a mistyped one.
    input.type = 'text';
    input.inputMode = 'decimal';
    input.autocomplete = 'off';
    input.spellcheck = false;
    field.append(label, input);
    $('features').append(field);
    return input;
  });
  const form = $('table-form');
  form.hidden = false;
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const values = [];
    for (const [index, input] of inputs.entries()) {
      const typed = input.value.trim();
      const wrong =
        typed === ''
          ? `${features[index]} is empty: enter a number`
          : DECIMAL.test(typed) && isNumber(Number(typed))
            ? null
            : `${features[index]} is not a number: “${typed}”`;
      input.setAttribute('aria-invalid', String(wrong !== null));
      if (wrong) {
        $('predictions').replaceChildren();
        delete $('predictions').dataset.source;
        status.textContent = `${wrong}.`;
        input.focus();
        return;
      }
      values.push(Number(typed));
    }
    classify(values, 'form');
  });
  return (values) => {
    for (const [index, input] of inputs.entries()) {
      input.value = String(values[index]);
      input.setAttribute('aria-invalid', 'false');
    }
  };
}

/** The feature names of a table model's preprocessing.json, or null for an image model. */
function featuresOf(pre) {
  if (pre.kind !== 'table') return null;
  if (!Array.isArray(pre.features) || pre.features.length === 0 || !pre.features.every((name) => typeof name === 'string'))
    throw new Error('preprocessing.json of a table model lists no features');
  return pre.features;
}

/** The image inputs: the pad, the file chooser, drop and paste, each classifying what it gets. */
function setUpImageInputs(classify) {
  setUpPad(classify);
  const classifyFile = (file) =>
    createImageBitmap(file)
      .then((image) => classify(image, 'upload'))
      .catch(fail);
  $('image').addEventListener('change', (event) => {
    const file = event.target.files?.[0];
    if (file) classifyFile(file);
  });
  const drop = $('drop');
  drop.addEventListener('dragover', (event) => {
    event.preventDefault();
    drop.classList.add('dragging');
  });
  drop.addEventListener('dragleave', () => drop.classList.remove('dragging'));
  drop.addEventListener('drop', (event) => {
    event.preventDefault();
    drop.classList.remove('dragging');
    const file = event.dataTransfer?.files?.[0];
    if (file) classifyFile(file);
  });
  document.addEventListener('paste', (event) => {
    const item = [...(event.clipboardData?.items ?? [])].find((entry) => entry.type.startsWith('image/'));
    const file = item?.getAsFile();
    if (file) classifyFile(file);
  });
}

function fail(error) {
  status.textContent = `That did not work: ${error instanceof Error ? error.message : String(error)}`;
}

async function main() {
  const [info, pre] = await Promise.all([fetch('model.json').then((r) => r.json()), fetch('preprocessing.json').then((r) => r.json())]);
  showCard(info);
  const features = featuresOf(pre);
  const session = await ort.InferenceSession.create('model.onnx', { executionProviders: ['wasm'] });

  /** Runs the model on one item's input tensor and shows the classes; `truth` is an example's true class. */
  const predict = async (input, source, truth) => {
    status.textContent = 'Classifying…';
    const probabilities = probabilitiesOf(await session.run({ [pre.input_name]: input }), session.outputNames, pre);
    showPredictions(probabilities, pre.labels, source);
    const best = probabilities.indexOf(Math.max(...probabilities));
    const verdict = truth === undefined ? '' : ` — the true class is ${truth}${pre.labels[best] === truth ? ', right' : ', wrong'}`;
    status.textContent = `Most likely: ${pre.labels[best]} (${(probabilities[best] * 100).toFixed(1)}%)${verdict}`;
  };

  let showFirstExample;
  if (features) {
    $('image-inputs').hidden = true;
    $('preview-box').hidden = true;
    $('footer').textContent = 'The model runs in this page with onnxruntime-web; no input leaves your browser.';
    const classifyRow = (values, source, truth) =>
      predict(new ort.Tensor('float32', Float32Array.from(values), [1, values.length]), source, truth).catch(fail);
    const fill = setUpForm(features, classifyRow);
    showFirstExample = setUpExamples(info.examples, features, (values, source, truth) => {
      fill(values);
      return classifyRow(values, source, truth);
    });
  } else {
    /** Classifies an image, bitmap or canvas. */
    const classify = (image, source, truth) => predict(toTensor(image, pre), source, truth).catch(fail);
    setUpImageInputs(classify);
    showFirstExample = setUpExamples(info.examples, null, classify);
  }
  // The result is never an empty box: the first example is classified, or a prompt stands where the result will be.
  if (showFirstExample) await showFirstExample();
  else if (!features) showPrompt();
  const how = features ? 'fill in the features and press Predict' : 'draw, or choose, drop or paste an image';
  status.textContent = showFirstExample
    ? `${status.textContent}. Click another example, ${features ? 'or ' : ''}${how}.`
    : `Ready: ${how}.`;
  document.body.dataset.ready = 'true';
}

main().catch((error) => {
  status.textContent = `The model could not be loaded: ${error instanceof Error ? error.message : String(error)}`;
});
