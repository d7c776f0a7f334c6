import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { MNIST_PREPROCESSING } from '@mlops-actions/example-mnist-mlp';
import { inspectModelDirectory } from '@mlops-actions/model-format';
import { MANIFEST, publishToHub, spaceFiles, type HubTarget, type SpaceModelData } from '@mlops-actions/space';
import { startHubStandIn, type HubStandIn } from '../helpers/hf-hub.js';
import { mnistModel } from '../helpers/registered-models.js';

const TOKEN = 'hf_test_write_token';
const dir = mkdtempSync(join(tmpdir(), 'space-hub-'));
let hub: HubStandIn;
beforeAll(async () => {
  hub = await startHubStandIn(TOKEN);
});
afterAll(async () => {
  await hub.close();
});

const data = (version: number): SpaceModelData => ({
  modelName: 'digits',
  version,
  title: `Digits v${version}`,
  description: 'Handwritten digits',
  gate: null,
  links: { commit: null, trainingRun: null, evaluationRun: null },
  examples: [],
});
async function files(version: number, bytes: Uint8Array) {
  const path = join(dir, `v${version}`);
  mkdirSync(path, { recursive: true });
  writeFileSync(join(path, 'model.onnx'), bytes);
  writeFileSync(join(path, 'preprocessing.json'), JSON.stringify(MNIST_PREPROCESSING));
  return spaceFiles(await inspectModelDirectory(path), data(version));
}
const target = (overrides: Partial<HubTarget> = {}): HubTarget => ({
  space: 'acme/digits-demo',
  token: TOKEN,
  hubUrl: hub.url,
  createSpace: true,
  private: false,
  ...overrides,
});

describe('publishing a Space to the Hub (a stand-in that follows the protocol)', () => {
  test('creates the Space and commits once; the same version again uploads nothing and commits nothing; a new version commits only what changed', async () => {
    const v1 = await files(1, mnistModel(8, 300));
    const first = await publishToHub(v1, target(), 'Deploy digits v1');
    expect(first).toMatchObject({ created: true, deleted: [], spaceUrl: `${hub.url}/spaces/acme/digits-demo` });
    expect(first.changed).toHaveLength(11);
    expect(first.commit?.sha).toMatch(/^[0-9a-f]{40}$/);
    const lfsPuts = hub.requests.filter((line) => line.startsWith('PUT /lfs-upload/'));
    expect(lfsPuts).toHaveLength(2); // model.onnx and the onnxruntime-web .wasm
    expect(hub.requests.filter((line) => !line.startsWith('PUT /lfs-upload/'))).toEqual([
      'GET /api/spaces/acme/digits-demo',
      'POST /api/repos/create',
      'GET /api/spaces/acme/digits-demo/tree/main',
      `GET /spaces/acme/digits-demo/resolve/main/${MANIFEST}`,
      'POST /api/spaces/acme/digits-demo/preupload/main',
      'POST /spaces/acme/digits-demo.git/info/lfs/objects/batch',
      'POST /api/spaces/acme/digits-demo/commit/main',
    ]);
    const space = hub.spaces.get('acme/digits-demo')!;
    expect(space.sdk).toBe('static');
    expect(space.commits).toEqual([
      { summary: 'Deploy digits v1', paths: expect.arrayContaining(['index.html', 'model.onnx', 'ort/ort-wasm-simd-threaded.wasm']) },
    ]);

    hub.requests.length = 0;
    const again = await publishToHub(v1, target(), 'Deploy digits v1');
    expect(again).toMatchObject({ created: false, changed: [], deleted: [], commit: undefined });
    expect(hub.requests).toEqual([
      'GET /api/spaces/acme/digits-demo',
      'GET /api/spaces/acme/digits-demo/tree/main',
      `GET /spaces/acme/digits-demo/resolve/main/${MANIFEST}`,
    ]);

    // A file an older deploy made that this one no longer makes.
    const manifest = JSON.parse(space.files.get(MANIFEST)!.content.toString()) as { files: string[] };
    space.files.set('old.js', { content: Buffer.from('old'), lfs: false });
    space.files.set(MANIFEST, { content: Buffer.from(JSON.stringify({ ...manifest, files: [...manifest.files, 'old.js'] })), lfs: false });
    space.files.set('notes.md', { content: Buffer.from('a person wrote this'), lfs: false });

    hub.requests.length = 0;
    const v2 = await publishToHub(await files(2, mnistModel(16, 600)), target(), 'Deploy digits v2');
    expect(v2.changed.sort()).toEqual([MANIFEST, 'README.md', 'model.json', 'model.onnx'].sort());
    expect(v2.deleted).toEqual(['old.js']);
    expect(hub.requests.filter((line) => line.endsWith('/commit/main'))).toHaveLength(1);
    expect(hub.requests.filter((line) => line.startsWith('PUT /lfs-upload/'))).toHaveLength(1);
    expect(space.commits.at(-1)).toEqual({ summary: 'Deploy digits v2', paths: expect.arrayContaining(['model.onnx', 'old.js']) });
    expect(space.files.has('old.js')).toBe(false);
    expect(space.files.get('notes.md')?.content.toString()).toBe('a person wrote this');
  });

  test('a token the Hub does not accept is named as the problem, and nothing is published', async () => {
    const before = hub.spaces.size;
    await expect(publishToHub(await files(3, mnistModel(8, 300)), target({ space: 'acme/other', token: 'hf_wrong' }), 'x')).rejects.toThrow(
      `the Hub at ${hub.url} refused the token for Space 'acme/other' (HTTP 401): use a token with write access to it (input 'hf-token')`,
    );
    expect(hub.spaces.size).toBe(before);
  });

  test.each([
    [{ space: 'not a space' }, "input 'space': 'not a space' is not a Space name"],
    [{ space: 'acme/missing', createSpace: false }, "Space 'acme/missing' does not exist"],
  ])('%j is refused before anything is published', async (overrides, message) => {
    await expect(publishToHub(await files(4, mnistModel(8, 300)), target(overrides), 'x')).rejects.toThrow(message);
  });
});
