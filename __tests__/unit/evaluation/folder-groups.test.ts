/**
 * @jest-environment ./__tests__/environments/host-typed-arrays.mjs
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { isConfigurationError, silentLogger } from '@mlops-actions/common';
import { loadDataset, loadGroups, type Dataset } from '@mlops-actions/evaluation';
import { countPairs, evaluateGate, parseCondition, resolveSettings, type GateEvidence } from '@mlops-actions/gate';
import sharp from 'sharp';

const dir = mkdtempSync(join(tmpdir(), 'folder-groups-'));
const load = (spec: string): Promise<Dataset> => loadDataset(spec, { cacheDir: dir, logger: silentLogger });

/** An image folder holding a 2×2 PNG at each path. */
async function imageFolder(name: string, paths: readonly string[]): Promise<string> {
  const folder = join(dir, name);
  for (const path of paths) {
    mkdirSync(join(folder, dirname(path)), { recursive: true });
    await sharp({ create: { width: 2, height: 2, channels: 3, background: '#808080' } })
      .png()
      .toFile(join(folder, path));
  }
  return folder;
}

const GROUPED = [
  'cat/4.png',
  'cat/indoor/1.png',
  'cat/indoor/2.png',
  'cat/outdoor/3.png',
  'dog/indoor/5.png',
  'dog/outdoor/6.png',
  'dog/outdoor/7.png',
];

async function failure(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!isConfigurationError(error)) throw new Error(`expected a ConfigurationError, got ${String(error)}`);
  return error.message;
}

describe('groups: folders', () => {
  test("an image folder's group sub-folders are the groups; an image directly in its class folder is in none", async () => {
    const dataset = await load(`image-folder:${await imageFolder('grouped', GROUPED)}`);
    const groups = await loadGroups('folders', dataset);
    expect(groups.names).toEqual(['indoor', 'outdoor']);
    // Items: cat/4, cat/indoor/1, cat/indoor/2, cat/outdoor/3, dog/indoor/5, dog/outdoor/6, dog/outdoor/7.
    expect(Array.from(groups.ofItem)).toEqual([-1, 0, 0, 1, 0, 1, 1]);
  });

  test('forall group ranges over the folder groups in the gate', async () => {
    const dataset = await load(`image-folder:${await imageFolder('gated', GROUPED)}`);
    const groups = await loadGroups('folders', dataset);
    // The new model is right on every indoor image only; the old one on every image.
    const newPredictions = Int32Array.from(dataset.labels, (label, item) => (groups.ofItem[item] === 0 ? label : 1 - label));
    const evidence: GateEvidence = {
      classes: dataset.classes,
      labels: dataset.labels,
      new: { predictions: newPredictions },
      old: { predictions: dataset.labels },
      groups,
    };
    const gate = (withGroups: boolean) =>
      evaluateGate({
        condition: parseCondition('forall group: n[group] > 0.5 +/- 0.1'),
        settings: resolveSettings({ overrides: {} }),
        counts: countPairs(dataset.labels, newPredictions, dataset.labels),
        evidence: withGroups ? evidence : { ...evidence, groups: undefined },
      });
    const result = gate(true);
    // Rows come worst first; sorted by name here.
    const rows = result.slices![0]!.rows.map((row) => [row.name, row.items, row.n]);
    expect(rows.sort()).toEqual([
      ['indoor', 3, 1],
      ['outdoor', 3, 0],
    ]);
    expect(() => gate(false)).toThrow(
      'give the groups input (folders for an image folder with <class>/<group>/ sub-folders, a column:<name> of the table, or a CSV file with header item,group)',
    );
  });

  test('a test set without group folders is refused, saying what layout folders needs', async () => {
    const flat = await imageFolder('flat', ['cat/1.png', 'dog/2.png']);
    expect(await failure(loadGroups('folders', await load(`image-folder:${flat}`)))).toBe(
      `'groups: folders' needs images in <class>/<group>/<image> sub-folders of an image folder (dataset: image-folder:<path>), ` +
        `but every image of 'image-folder:${flat}' is directly in its class folder: put the images of each group in <class>/<group>/, ` +
        'or give a CSV file with the header item,group',
    );
    expect(await failure(loadGroups('folders', await load('mnist')))).toContain(
      "but the test set 'mnist' is not an image folder: give a CSV file with the header item,group instead",
    );
    const csv = join(dir, 'table.csv');
    writeFileSync(csv, 'x,label\n1,a\n2,b\n');
    expect(await failure(loadGroups('folders', await load(`csv:${csv}`)))).toContain(
      `but the test set 'csv:${csv}' is a table: give column:<name> or a CSV file with the header item,group instead`,
    );
  });

  test('column:<name> on an image folder points to folders', async () => {
    const dataset = await load(`image-folder:${await imageFolder('columnless', GROUPED)}`);
    expect(await failure(loadGroups('column:site', dataset))).toBe(
      `'column:site' names a column, but the test set '${dataset.name}' holds images: ` +
        "give 'folders' (for images in <class>/<group>/ sub-folders) or a CSV file with the header item,group instead",
    );
  });

  test('a groups file may still name folder images by their path, group folder included', async () => {
    const dataset = await load(`image-folder:${await imageFolder('by-file', GROUPED)}`);
    const file = join(dir, 'folders');
    writeFileSync(file, 'item,group\ncat/indoor/2.png,bright\ncat/4.png,dark\n');
    const groups = await loadGroups(file, dataset);
    expect(groups.names).toEqual(['bright', 'dark']);
    expect(Array.from(groups.ofItem)).toEqual([1, -1, 0, -1, -1, -1, -1]);
  });
});
