import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { escapeMarkdown, markdownCode } from '@mlops-actions/common';
import { MODEL_FILES, type ModelDirectory } from '@mlops-actions/model-format';
import { stringify } from 'yaml';

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
  /** The gate's result for this version, when it was evaluated. */
  gate: {
    /** Numbers read from tags and metrics anyone can set: null when missing, not a number, or not finite. */
    accuracy: number | null;
    items: number | null;
    interval: [number, number] | null;
    reliability: number | null;
    condition: string;
    reason: string;
  } | null;
  lineage: { commit: string | null; trainingRun: string | null };
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

/** A number for the README, or '—' when there is none. */
const shown = (value: number | null, digits: number): string => (value === null ? '—' : String(Number(value.toFixed(digits))));

/** The Space's README: front matter for a static Space, then the model card as Markdown (escaped). */
export function renderReadme(data: SpaceModelData): string {
  const front = stringify({
    title: data.title.slice(0, 60),
    emoji: '🔎',
    colorFrom: 'blue',
    colorTo: 'indigo',
    sdk: 'static',
    app_file: 'index.html',
    pinned: false,
  });
  const lines = [`---\n${front}---`, '', `# ${escapeMarkdown(data.title)}`, '', escapeMarkdown(data.description), ''];
  lines.push(`Model ${markdownCode(data.modelName)} version ${data.version}, run in the browser with onnxruntime-web.`, '');
  if (data.gate) {
    const { gate } = data;
    const interval = gate.interval ? ` (interval [${shown(gate.interval[0], 4)}, ${shown(gate.interval[1], 4)}])` : '';
    lines.push(
      `Accuracy ${shown(gate.accuracy, 4)} on ${shown(gate.items, 0)} held-out items${interval}; promoted by ${markdownCode(gate.condition)} at reliability ${shown(gate.reliability, 4)}.`,
      '',
    );
  }
  if (data.lineage.commit) lines.push(`Trained from commit ${markdownCode(data.lineage.commit)}.`, '');
  return lines.join('\n');
}

/** Every file of the Space for a model: the app (built-in or `appDir`), onnxruntime-web, the model and its data. */
export function spaceFiles(model: ModelDirectory, data: SpaceModelData, appDir?: string): SpaceFile[] {
  const app = appDir ?? defaultAppDir();
  const ort = onnxruntimeWebDir();
  const files: SpaceFile[] = [
    { path: 'README.md', source: { content: Buffer.from(renderReadme(data)) } },
    ...APP_FILES.map((name) => ({ path: name, source: { file: join(app, name) } })),
    ...ORT_FILES.map((name) => ({ path: `ort/${name}`, source: { file: join(ort, name) } })),
    { path: 'model.onnx', source: { file: join(model.path, MODEL_FILES.onnx) } },
    { path: 'preprocessing.json', source: { file: join(model.path, MODEL_FILES.preprocessing) } },
    { path: 'model.json', source: { content: Buffer.from(`${JSON.stringify(data, null, 2)}\n`) } },
  ];
  const manifest = { model: data.modelName, version: data.version, files: [...files.map((file) => file.path), MANIFEST].sort() };
  files.push({ path: MANIFEST, source: { content: Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`) } });
  return files;
}
