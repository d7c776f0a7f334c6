import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { escapeMarkdown, markdownCode } from '@mlops-actions/common';
import { formatNumber, formatPercent } from '@mlops-actions/gate';
import { MODEL_FILES, type ModelDirectory, type Preprocessing } from '@mlops-actions/model-format';
import { stringify } from 'yaml';
import type { SpaceCalibration, SpaceGate, SpaceLink, SpaceLinks } from './card.js';
import type { SpaceExample } from './examples.js';

/** One file of the Space: its path in the Space and where its bytes come from. */
export interface SpaceFile {
  path: string;
  /** A local file to copy, or the content itself. */
  source: { file: string } | { content: Buffer };
}

/** What the page shows about the model: data, never code or markup. */
export interface SpaceModelData {
  modelName: string;
  version: number;
  title: string;
  description: string;
  /** The promotion gate's figures for this version, when it was evaluated and promoted. */
  gate: SpaceGate | null;
  links: SpaceLinks;
  /** Test-set images shipped in the Space, with their true class. */
  examples: SpaceExample[];
}

/** The manifest a deploy leaves in the Space: which files it made, so the next one can delete what it no longer makes. */
export const MANIFEST = '.mlops-space.json';

/** The onnxruntime-web files the page loads (the WASM build, one thread), copied into the Space under `ort/`. */
const ORT_FILES = ['ort.wasm.min.mjs', 'ort-wasm-simd-threaded.mjs', 'ort-wasm-simd-threaded.wasm'];
const APP_FILES = ['index.html', 'app.js', 'style.css'];

/** The built-in app: `app/` beside the bundle, or beside this package's sources. */
export function defaultAppDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  for (const candidate of [join(here, 'app'), join(here, '..', 'app')]) if (existsSync(join(candidate, 'index.html'))) return candidate;
  throw new Error(`the Space app template was not found beside ${here}`);
}

/** onnxruntime-web's dist folder, from its installed package (its entry point for Node lies there). */
export function onnxruntimeWebDir(): string {
  return dirname(createRequire(import.meta.url).resolve('onnxruntime-web'));
}

/** A figure as the gate's reports write it (up to 4 decimals), or '—' when there is none. */
const shown = (value: number | null): string => (value === null ? '—' : formatNumber(value));
const percent = (value: number | null): string => (value === null ? '—' : formatPercent(value));
const interval = (value: [number, number] | null): string => (value ? `[${shown(value[0])}, ${shown(value[1])}]` : '[—, —]');

/** What the gate's variables are, for a reader who has not seen the condition language. */
export const GATE_VARIABLES =
  'n is this version’s accuracy, o the accuracy of the version it replaced, d the share of items on which they disagree';

/** How the Space speaks of a model's input, by preprocessing.json's `kind`. */
export const INPUT_WORDS = {
  image: { classifier: 'An image classifier', task: 'classify images', hubTask: 'image-classification', item: 'image' },
  table: { classifier: 'A classifier of table rows', task: 'classify table rows', hubTask: 'tabular-classification', item: 'input' },
} as const;

/** What ECE and the Brier score are, in a line, for a reader who knows accuracy. */
const CALIBRATION_EXPLAINED =
  'ECE is the mean gap between the model’s confidence and how often it is right (15 confidence bins), the Brier score the mean squared error of its class probabilities (0 to 2); lower is better, 0 is perfect';

/** `Calibration on the same items: ECE 0.031 (the version it replaced: 0.045), Brier score 0.12 (…)`. */
function calibrationLine(calibration: SpaceCalibration): string {
  const figure = (name: string, value: SpaceCalibration['ece']): string[] =>
    value ? [`${name} ${shown(value.new)}${value.old === null ? '' : ` (the version it replaced: ${shown(value.old)})`}`] : [];
  return `Calibration on the same items: ${[...figure('ECE', calibration.ece), ...figure('Brier score', calibration.brier)].join(', ')}`;
}

/** The HF Hub shows `short_description` on the Space's card and cuts it at 60 characters. */
const SHORT_DESCRIPTION_LENGTH = 60;
const shortened = (text: string, length: number): string => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= length ? flat : `${flat.slice(0, length - 1).trimEnd()}…`;
};

/** A Markdown link whose text is escaped and whose URL this package built (ids checked): text alone without a URL. */
function markdownLink(link: SpaceLink, code = false): string {
  const text = code ? markdownCode(link.text) : escapeMarkdown(link.text);
  return link.url ? `[${text}](<${link.url.replace(/[\s<>]/g, encodeURIComponent)}>)` : text;
}

/** The model card's lines: every figure says what it is, and the gate's interval is labelled as the gate's. */
function cardLines(data: SpaceModelData): string[] {
  const lines: string[] = [];
  const { gate, links } = data;
  if (gate) {
    lines.push(
      `- Accuracy ${shown(gate.accuracy)} on ${shown(gate.items)} held-out test items; ${percent(gate.accuracyConfidence)} Wilson interval ${interval(gate.accuracyInterval)}.`,
      ...(gate.calibration ? [`- ${calibrationLine(gate.calibration)}: ${CALIBRATION_EXPLAINED}.`] : []),
      `- Promoted by the gate ${markdownCode(gate.condition)}: ${escapeMarkdown(gate.reason)}`,
      ...gate.clauses.map(
        (clause) =>
          `- Gate interval of ${markdownCode(clause.expression)}: ${interval(clause.interval)} at ${percent(clause.confidence)} confidence, the one the decision used.`,
      ),
    );
    if (gate.clauses.length > 0) lines.push(`- In the gate, ${GATE_VARIABLES}.`);
  } else lines.push('- Not evaluated by the promotion gate.');
  if (links.commit) lines.push(`- Trained from commit ${markdownLink(links.commit, true)}.`);
  if (links.trainingRun) lines.push(`- Training run ${markdownLink(links.trainingRun, true)}.`);
  if (links.evaluationRun) lines.push(`- Evaluation run ${markdownLink(links.evaluationRun, true)}.`);
  return lines;
}

/** The Space's README: front matter for a static Space, then the model card as Markdown (escaped). */
export function renderReadme(data: SpaceModelData, kind: Preprocessing['kind'] = 'image'): string {
  const words = INPUT_WORDS[kind];
  const front = stringify({
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
    `# ${escapeMarkdown(data.title)}`,
    '',
    escapeMarkdown(data.description),
    '',
    `Model ${markdownCode(data.modelName)} version ${data.version}, run in the browser with onnxruntime-web: no ${words.item} leaves the visitor’s browser.`,
    '',
    ...cardLines(data),
    '',
    'The page (mlops-actions) and onnxruntime-web are MIT-licensed; the model is under its owner’s terms.',
    '',
  ].join('\n');
}

/** Every file of the Space for a model: the app (built-in or `appDir`), onnxruntime-web, the model, its data and examples. */
export function spaceFiles(model: ModelDirectory, data: SpaceModelData, appDir?: string, examples: readonly SpaceFile[] = []): SpaceFile[] {
  const app = appDir ?? defaultAppDir();
  const ort = onnxruntimeWebDir();
  const files: SpaceFile[] = [
    { path: 'README.md', source: { content: Buffer.from(renderReadme(data, model.preprocessing.kind)) } },
    ...APP_FILES.map((name) => ({ path: name, source: { file: join(app, name) } })),
    ...ORT_FILES.map((name) => ({ path: `ort/${name}`, source: { file: join(ort, name) } })),
    { path: 'model.onnx', source: { file: join(model.path, MODEL_FILES.onnx) } },
    { path: 'preprocessing.json', source: { file: join(model.path, MODEL_FILES.preprocessing) } },
    { path: 'model.json', source: { content: Buffer.from(`${JSON.stringify(data, null, 2)}\n`) } },
    ...examples,
  ];
  const manifest = { model: data.modelName, version: data.version, files: [...files.map((file) => file.path), MANIFEST].sort() };
  files.push({ path: MANIFEST, source: { content: Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`) } });
  return files;
}
