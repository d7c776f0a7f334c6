import { mkdirSync, mkdtempSync, readFileSync, writeFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { MNIST_PREPROCESSING } from '@mlops-actions/example-mnist-mlp';
import { inspectModelDirectory, parsePreprocessing, type ImagePreprocessing } from '@mlops-actions/model-format';
import {
  exampleFiles,
  MANIFEST,
  pickExamples,
  publishToFolder,
  renderReadme,
  serveSpace,
  spaceFiles,
  type ExampleSource,
  type SpaceGate,
  type SpaceModelData,
} from '@mlops-actions/space';
import sharp from 'sharp';
import { parse } from 'yaml';
import { mnistModel } from '../../helpers/registered-models.js';

const dir = mkdtempSync(join(tmpdir(), 'space-'));
const data = (version: number, description = 'Handwritten digits'): SpaceModelData => ({
  modelName: 'digits',
  version,
  title: `Digits v${version}`,
  description,
  gate: null,
  links: { commit: null, trainingRun: null, evaluationRun: null },
  examples: [],
});
const IMAGE = parsePreprocessing(JSON.stringify(MNIST_PREPROCESSING)) as ImagePreprocessing;
/** A promoted version's gate figures as the card reads them, without calibration. */
const GATE: SpaceGate = {
  accuracy: 0.9434,
  items: 1996,
  accuracyInterval: [0.9291, 0.9552],
  accuracyConfidence: 0.99,
  calibration: null,
  clauses: [{ expression: 'n - o', interval: [0.0381, 0.0767], confidence: 0.9967 }],
  condition: 'n - o > 0.01 +/- 0.03',
  reason: 'passed',
};
const frontMatter = (readme: string) => parse(/^---\n([\s\S]*?)---/.exec(readme)![1]!) as Record<string, unknown>;
async function modelDir(name: string, bytes: Uint8Array) {
  const path = join(dir, name);
  mkdirSync(path);
  writeFileSync(join(path, 'model.onnx'), bytes);
  writeFileSync(join(path, 'preprocessing.json'), JSON.stringify(MNIST_PREPROCESSING));
  return inspectModelDirectory(path);
}

describe('the Space files', () => {
  test('a static Space: front matter, the app, onnxruntime-web, the model, its data and a manifest', async () => {
    const files = spaceFiles(await modelDir('m1', mnistModel(8, 300)), data(1));
    expect(files.map((file) => file.path).sort()).toEqual(
      [
        MANIFEST,
        'README.md',
        'app.js',
        'index.html',
        'model.json',
        'model.onnx',
        'ort/ort-wasm-simd-threaded.mjs',
        'ort/ort-wasm-simd-threaded.wasm',
        'ort/ort.wasm.min.mjs',
        'preprocessing.json',
        'style.css',
      ].sort(),
    );
    const readme = renderReadme(data(1));
    expect(frontMatter(readme)).toMatchObject({ sdk: 'static', app_file: 'index.html', title: 'Digits v1' });
  });

  test("the front matter is complete, with a short_description within the Hub's 60 characters", () => {
    const front = frontMatter(renderReadme({ ...data(3), modelName: 'a-registered-model-with-a-very-long-name-indeed' }));
    expect(front).toMatchObject({ tags: expect.arrayContaining(['image-classification', 'onnx']), license: 'other' });
    expect(front.short_description).toMatch(/^a-registered-model-with-a-very-long-name-indeed v3: classi.*…$/);
    expect((front.short_description as string).length).toBeLessThanOrEqual(60);
    expect(frontMatter(renderReadme(data(1))).short_description).toBe('digits v1: classify images in your browser');
  });

  test('the card says what each figure is: the accuracy with its Wilson interval, the gate interval with its own confidence, links', () => {
    const readme = renderReadme({
      ...data(2),
      gate: GATE,
      links: {
        commit: { text: '4f2b9c0d', url: 'https://github.com/acme/models/commit/4f2b9c0d' },
        trainingRun: { text: 'abc', url: 'http://127.0.0.1:5000/#/experiments/1/runs/abc' },
        evaluationRun: { text: 'def', url: null },
      },
    });
    expect(readme).toContain('- Accuracy 0.9434 on 1996 held-out test items; 99% Wilson interval [0.9291, 0.9552].');
    expect(readme).toContain('- Gate interval of `n - o`: [0.0381, 0.0767] at 99.67% confidence, the one the decision used.');
    expect(readme).toContain('- Trained from commit [`4f2b9c0d`](<https://github.com/acme/models/commit/4f2b9c0d>).');
    expect(readme).toContain('- Training run [`abc`](<http://127.0.0.1:5000/#/experiments/1/runs/abc>).');
    expect(readme).toContain('- Evaluation run `def`.');
    expect(readme).not.toContain('reliability');
    expect(readme).not.toContain('Calibration');
  });

  test('calibration beside the accuracy when the gate measured it: ECE and Brier score, the replaced version’s, what they are', () => {
    const readme = renderReadme({
      ...data(2),
      gate: { ...GATE, calibration: { ece: { new: 0.0312, old: 0.0451 }, brier: { new: 0.1234, old: null } } },
    });
    const lines = readme.split('\n');
    const accuracy = lines.findIndex((line) => line.startsWith('- Accuracy 0.9434'));
    expect(lines[accuracy + 1]).toBe(
      '- Calibration on the same items: ECE 0.0312 (the version it replaced: 0.0451), Brier score 0.1234: ECE is the mean gap between the model’s confidence and how often it is right (15 confidence bins), the Brier score the mean squared error of its class probabilities (0 to 2); lower is better, 0 is perfect.',
    );
  });

  test('a table model’s Space says so: front matter, and no image leaving the browser', () => {
    const readme = renderReadme(data(1), 'table');
    expect(frontMatter(readme)).toMatchObject({
      short_description: 'digits v1: classify table rows in your browser',
      tags: expect.arrayContaining(['tabular-classification', 'onnx']),
    });
    expect(readme).toContain('no input leaves the visitor’s browser');
    expect(readme).not.toContain('image');
  });

  test('the README front matter and card cannot be broken by a title or description', () => {
    const readme = renderReadme({ ...data(1), title: 'a: b\n---\nsdk: docker', description: '<img src=x onerror=alert(1)> | table' });
    expect(parse(/^---\n([\s\S]*?)\n---/.exec(readme)![1]!)).toMatchObject({ sdk: 'static', title: 'a: b\n---\nsdk: docker' });
    expect(readme).toContain('&lt;img src=x onerror=alert(1)> \\| table');
  });
});

describe('the examples', () => {
  test('the first item of each class, then the second of each: the same pick on every deploy', () => {
    const labels = Int32Array.from([2, 2, 0, 1, 0, 2, 1, 1]);
    expect(pickExamples(labels, 3, 10)).toEqual([2, 3, 0, 4, 6, 1, 7, 5]);
    expect(pickExamples(labels, 3, 4)).toEqual([2, 3, 0, 4]);
    expect(
      pickExamples(
        Int32Array.from({ length: 100 }, (_, i) => i % 20),
        20,
      ),
    ).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  test('PNG files in the model’s shape, labelled with the test set’s class names', async () => {
    const source: ExampleSource = {
      classes: ['cat', 'dog'],
      labels: Int32Array.from([1, 0, 1]),
      // Item i is a 2×2 RGB image of value 10·i + channel.
      read: async (start, end, [channels, height, width]) =>
        Uint8Array.from({ length: (end - start) * channels * height * width }, (_, p) => 10 * start + Math.floor(p / (height * width))),
    };
    const { files, examples } = await exampleFiles(source, { ...IMAGE, shape: [3, 2, 2], mean: [0, 0, 0], std: [1, 1, 1] });
    expect(examples).toEqual([
      { file: 'examples/0.png', label: 'cat' },
      { file: 'examples/1.png', label: 'dog' },
      { file: 'examples/2.png', label: 'dog' },
    ]);
    expect(files.map((file) => file.path)).toEqual(['examples/0.png', 'examples/1.png', 'examples/2.png']);
    const second = files[1]!.source as { content: Buffer };
    expect(await exampleFiles({ ...source, kind: 'table', columns: ['x'], readFeatures: async () => new Float32Array(3) }, IMAGE)).toEqual({
      files: [],
      examples: [],
    });
    const { data: pixels, info } = await sharp(second.content).raw().toBuffer({ resolveWithObject: true });
    expect(info).toMatchObject({ width: 2, height: 2, channels: 3 });
    expect([...pixels.subarray(0, 3)]).toEqual([0, 1, 2]);
  });

  test('rows of a table test set: the model’s features in its order, as the shortest decimals of the same float32', async () => {
    const rows = [
      [5.1, 3.5, 0.2],
      [7, 3.2, 1.4],
      [6.3, 3.3, 2.5],
    ];
    const columns = ['petal_width', 'sepal_length', 'sepal_width'];
    const source: ExampleSource = {
      kind: 'table',
      classes: ['setosa', 'versicolor', 'virginica'],
      labels: Int32Array.from([0, 1, 2]),
      columns,
      readFeatures: async (start, end, features) =>
        Float32Array.from(rows.slice(start, end).flatMap((row) => features.map((feature) => row[columns.indexOf(feature)]!))),
    };
    const table = {
      kind: 'table' as const,
      inputName: 'input',
      labels: ['setosa', 'versicolor', 'virginica'],
      output: 'probabilities' as const,
    };
    expect(await exampleFiles(source, { ...table, features: ['sepal_length', 'sepal_width', 'petal_width'] })).toEqual({
      files: [],
      examples: [
        { values: [3.5, 0.2, 5.1], label: 'setosa' },
        { values: [3.2, 1.4, 7], label: 'versicolor' },
        { values: [3.3, 2.5, 6.3], label: 'virginica' },
      ],
    });
    // A feature the test set lacks, or a test set of images: no examples (the deploy says why).
    expect(await exampleFiles(source, { ...table, features: ['sepal_length', 'petal_length'] })).toEqual({ files: [], examples: [] });
    expect(await exampleFiles(source, IMAGE)).toEqual({ files: [], examples: [] });
  });
});

describe('serve-space', () => {
  test('a missing folder, or one that is not a Space, is refused with what is missing', async () => {
    await expect(serveSpace(join(dir, 'no-such-folder'), { port: 0 })).rejects.toThrow(
      `${join(dir, 'no-such-folder')} is not a folder: give the folder a deploy wrote (mlops deploy-hf --space folder:<dir>)`,
    );
    const half = join(dir, 'half');
    mkdirSync(half);
    writeFileSync(join(half, 'index.html'), '<!doctype html>');
    await expect(serveSpace(half, { port: 0 })).rejects.toThrow(`${half} is not a Space: it has no model.onnx`);
    rmSync(half, { recursive: true });
  });
});

describe('publishing to a folder', () => {
  test('the same version again writes nothing; a new version writes only what changed and removes what it no longer makes', async () => {
    const target = join(dir, 'space');
    const v1 = await modelDir('v1', mnistModel(8, 300));
    const first = await publishToFolder(spaceFiles(v1, data(1)), target);
    expect(first.changed).toHaveLength(11);
    expect(await publishToFolder(spaceFiles(v1, data(1)), target)).toEqual({ changed: [], deleted: [] });

    writeFileSync(join(target, 'notes-from-a-person.txt'), 'kept');
    const manifest = JSON.parse(readFileSync(join(target, MANIFEST), 'utf8')) as { files: string[] };
    writeFileSync(join(target, 'old-asset.js'), 'made by an older deploy');
    writeFileSync(join(target, MANIFEST), JSON.stringify({ ...manifest, files: [...manifest.files, 'old-asset.js'] }));

    const v2 = await modelDir('v2', mnistModel(16, 600));
    const second = await publishToFolder(spaceFiles(v2, data(2)), target);
    expect(second.changed.sort()).toEqual([MANIFEST, 'README.md', 'model.json', 'model.onnx'].sort());
    expect(second.deleted).toEqual(['old-asset.js']);
    expect(existsSync(join(target, 'old-asset.js'))).toBe(false);
    expect(readFileSync(join(target, 'notes-from-a-person.txt'), 'utf8')).toBe('kept');
    expect(JSON.parse(readFileSync(join(target, 'model.json'), 'utf8'))).toMatchObject({ modelName: 'digits', version: 2 });
  });
});
