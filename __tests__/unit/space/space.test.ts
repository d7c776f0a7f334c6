import { mkdirSync, mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { MNIST_PREPROCESSING } from '@mlops-actions/example-mnist-mlp';
import { inspectModelDirectory } from '@mlops-actions/model-format';
import { MANIFEST, publishToFolder, renderReadme, spaceFiles, type SpaceModelData } from '@mlops-actions/space';
import { parse } from 'yaml';
import { mnistModel } from '../../helpers/registered-models.js';

const dir = mkdtempSync(join(tmpdir(), 'space-'));
const data = (version: number, description = 'Handwritten digits'): SpaceModelData => ({
  modelName: 'digits',
  version,
  title: `Digits v${version}`,
  description,
  gate: null,
  lineage: { commit: null, trainingRun: null },
});
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
    expect(parse(/^---\n([\s\S]*?)---/.exec(readme)![1]!)).toMatchObject({ sdk: 'static', app_file: 'index.html', title: 'Digits v1' });
  });

  test('the README front matter and card cannot be broken by a title or description', () => {
    const readme = renderReadme({ ...data(1), title: 'a: b\n---\nsdk: docker', description: '<img src=x onerror=alert(1)> | table' });
    expect(parse(/^---\n([\s\S]*?)\n---/.exec(readme)![1]!)).toMatchObject({ sdk: 'static', title: 'a: b\n---\nsdk: docker' });
    expect(readme).toContain('&lt;img src=x onerror=alert(1)> \\| table');
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
