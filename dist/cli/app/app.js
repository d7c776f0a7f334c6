// The Space's page: runs the model in the browser with onnxruntime-web, following preprocessing.json.
// Everything about the model reaches the page as data (model.json) and is shown with textContent only.
import * as ort from './ort/ort.wasm.min.mjs';

ort.env.wasm.wasmPaths = new URL('./ort/', import.meta.url).href;
// One thread: a static Space is not cross-origin isolated, so there is no SharedArrayBuffer for more.
ort.env.wasm.numThreads = 1;

const $ = (id) => document.getElementById(id);
// model.json is made from a version's tags, which anyone who can tag a version writes: every value is checked here.
const number = (value, digits) => (typeof value === 'number' && Number.isFinite(value) ? value.toFixed(digits) : '—');
const text = (value) => (typeof value === 'string' && value !== '' ? value : '—');
const status = $('status');

function showCard(info) {
  document.title = text(info.title);
  $('title').textContent = text(info.title);
  $('description').textContent = text(info.description);
  const gate = info.gate && typeof info.gate === 'object' ? info.gate : null;
  const interval = gate && Array.isArray(gate.interval) && gate.interval.length === 2 ? gate.interval : null;
  const rows = [
    ['Model', `${text(info.modelName)} version ${number(info.version, 0)}`],
    ['Accuracy', gate ? `${number(gate.accuracy, 4)} on ${number(gate.items, 0)} test items` : 'not evaluated'],
    ['Interval', interval ? `[${number(interval[0], 4)}, ${number(interval[1], 4)}] at reliability ${number(gate.reliability, 4)}` : '—'],
    ['Condition passed', gate ? text(gate.condition) : '—'],
    ['Decision', gate ? text(gate.reason) : '—'],
    ['Commit', text(info.lineage?.commit)],
    ['Training run', text(info.lineage?.trainingRun)],
  ];
  const card = $('card');
  for (const [term, value] of rows) {
    const dt = document.createElement('dt');
    dt.textContent = term;
    const dd = document.createElement('dd');
    dd.textContent = value;
    card.append(dt, dd);
  }
}

/** The image as the model's input tensor: resized to H×W, grey or RGB, scaled and normalised per channel. */
function toTensor(image, pre) {
  const [channels, height, width] = pre.shape;
  const canvas = $('preview');
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext('2d', { willReadFrequently: true });
  context.clearRect(0, 0, width, height);
  context.drawImage(image, 0, 0, width, height);
  const { data } = context.getImageData(0, 0, width, height);
  const plane = width * height;
  const input = new Float32Array(channels * plane);
  for (let p = 0; p < plane; p++) {
    const [r, g, b] = [data[p * 4], data[p * 4 + 1], data[p * 4 + 2]];
    const values = channels === 1 ? [0.299 * r + 0.587 * g + 0.114 * b] : [r, g, b];
    for (let c = 0; c < channels; c++) input[c * plane + p] = (values[c] / pre.pixel_scale - pre.mean[c]) / pre.std[c];
  }
  return new ort.Tensor('float32', input, [1, channels, height, width]);
}

function softmax(values) {
  const max = Math.max(...values);
  const exps = values.map((v) => Math.exp(v - max));
  const sum = exps.reduce((a, b) => a + b, 0);
  return exps.map((v) => v / sum);
}

function showPredictions(probabilities, labels) {
  const list = $('predictions');
  list.replaceChildren();
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

async function main() {
  const [info, pre] = await Promise.all([fetch('model.json').then((r) => r.json()), fetch('preprocessing.json').then((r) => r.json())]);
  showCard(info);
  const session = await ort.InferenceSession.create('model.onnx', { executionProviders: ['wasm'] });
  status.textContent = 'Ready: choose, drop or paste an image.';
  document.body.dataset.ready = 'true';

  const classify = async (blob) => {
    status.textContent = 'Classifying…';
    const image = await createImageBitmap(blob);
    const output = await session.run({ [pre.input_name]: toTensor(image, pre) });
    const values = Array.from(output[session.outputNames[0]].data);
    const probabilities = pre.output === 'probabilities' ? values : softmax(values);
    showPredictions(probabilities, pre.labels);
    const best = probabilities.indexOf(Math.max(...probabilities));
    status.textContent = `Most likely: ${pre.labels[best]} (${(probabilities[best] * 100).toFixed(1)}%)`;
  };
  const fail = (error) => {
    status.textContent = `That did not work: ${error instanceof Error ? error.message : String(error)}`;
  };
  $('image').addEventListener('change', (event) => {
    const file = event.target.files?.[0];
    if (file) classify(file).catch(fail);
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
    if (file) classify(file).catch(fail);
  });
  document.addEventListener('paste', (event) => {
    const item = [...(event.clipboardData?.items ?? [])].find((entry) => entry.type.startsWith('image/'));
    const file = item?.getAsFile();
    if (file) classify(file).catch(fail);
  });
}

main().catch((error) => {
  status.textContent = `The model could not be loaded: ${error instanceof Error ? error.message : String(error)}`;
});
