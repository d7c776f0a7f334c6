// The Space is made from what registry users wrote: a version's description and tags. None of it may become
// Markdown that renders, break the page, or make a folder deploy touch files outside its folder.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { VERSION_TAGS } from '@mlops-actions/common';
import {
  createRun,
  getOrCreateExperiment,
  logBatch,
  setAlias,
  setModelVersionTag,
  updateModelVersionDescription,
  uploadArtifactFile,
} from '@mlops-actions/mlflow';
import { deployModel, publishToFolder, type SpaceFile } from '@mlops-actions/space';
import type { Root, RootContent } from 'hast';
import { toText } from 'hast-util-to-text';
import { useMlflowServer } from '../helpers/mlflow-server.js';
import { renderSummary } from '../helpers/github-markdown.js';
import { recordingLogger } from '../helpers/recording-logger.js';
import { mnistModel, registerModel } from '../helpers/registered-models.js';

const mlflow = useMlflowServer('hostile-space-');
const HOSTILE = '[click me](https://evil.example) ![tracker](https://evil.example/p.png) <img src=x onerror=alert(1)> **loud** `code`';

const tagNames = (node: Root | RootContent): string[] => [
  ...(node.type === 'element' ? [node.tagName] : []),
  ...('children' in node ? (node.children as RootContent[]).flatMap(tagNames) : []),
];

const links = (node: Root | RootContent): { href: string; text: string }[] => [
  ...(node.type === 'element' && node.tagName === 'a' ? [{ href: String(node.properties.href), text: toText(node) }] : []),
  ...('children' in node ? (node.children as RootContent[]).flatMap(links) : []),
];

describe('a deploy of a version whose description and gate tags are hostile', () => {
  test('the README shows the description as text (a bare URL too, unlinked), non-numeric gate figures as —, and links only to pages it built', async () => {
    const version = await registerModel(mlflow.http, 'tagged', { onnx: mnistModel(8, 300) });
    await updateModelVersionDescription(mlflow.http, 'tagged', version, HOSTILE);
    const experiment = await getOrCreateExperiment(mlflow.http, 'evaluations');
    const run = await createRun(mlflow.http, { experimentId: experiment.id });
    await logBatch(mlflow.http, { runId: run.id, params: { reliability: 'very' }, metrics: [] });
    // A gate result forged by whoever can write the run: a clause that is a link, figures that are not numbers.
    const forged = join(mlflow.dir, 'gate-result.json');
    writeFileSync(
      forged,
      JSON.stringify({
        n: 'high',
        items: null,
        settings: { reliability: 7 },
        clauses: [{ clause: '[x](https://evil.example) > 0', interval: ['a', 1], confidence: 5 }, 'junk'],
      }),
    );
    await uploadArtifactFile(mlflow.http, run.artifactUri, forged, 'gate-result.json');
    for (const [key, value] of <[string, string][]>[
      [VERSION_TAGS.decision, 'promote'],
      [VERSION_TAGS.evaluationRun, run.id],
      [VERSION_TAGS.accuracy, 'NaN-ish'],
      [VERSION_TAGS.condition, '`) ![x](y)'],
      [VERSION_TAGS.reason, HOSTILE],
      ['mlops.git.commit', 'javascript:alert(1)'],
      ['mlops.github.repository', 'https://evil.example/acme/models'],
    ])
      await setModelVersionTag(mlflow.http, 'tagged', version, key, value);
    await setAlias(mlflow.http, 'tagged', 'production', version);
    const folder = join(mlflow.dir, 'space');
    await deployModel(
      {
        modelName: 'tagged',
        alias: 'production',
        target: { kind: 'folder', dir: folder },
        github: { serverUrl: 'https://github.com', repository: 'acme/models' },
        dryRun: false,
        cacheDir: join(mlflow.dir, 'cache'),
      },
      { http: mlflow.http, logger: recordingLogger() },
    );
    const readme = readFileSync(join(folder, 'README.md'), 'utf8');
    const { sanitized } = renderSummary(readme.replace(/^---[\s\S]*?---\n/, ''));
    // Headings, paragraphs, the card's list, code spans and the links the deploy built: no Markdown link, image,
    // emphasis or HTML element came out of the text, and no bare URL became a link either (a zero-width space breaks
    // the renderer's autolinks; the text reads the same).
    expect(new Set(tagNames(sanitized))).toEqual(new Set(['h1', 'p', 'code', 'ul', 'li', 'a']));
    expect(links(sanitized).map((link) => link.text)).toEqual([expect.stringMatching(/^[0-9a-f]{32}$/), run.id]);
    for (const link of links(sanitized))
      expect(link.href).toMatch(new RegExp(`^${mlflow.server.url}/#/experiments/\\d+/runs/[0-9a-f]{32}$`));
    expect(readme).toContain('- Accuracy — on — held-out test items; — Wilson interval [—, —].');
    expect(readme).toContain('- Gate interval of `[x](https://evil.example)`: [—, —] at — confidence');
    expect(readme).toContain('- Trained from commit `javascript:alert(1)`.');
    const data = JSON.parse(readFileSync(join(folder, 'model.json'), 'utf8')) as {
      gate: Record<string, unknown>;
      links: Record<string, unknown>;
    };
    expect(data.gate).toMatchObject({
      accuracy: null,
      items: null,
      accuracyInterval: null,
      accuracyConfidence: null,
      clauses: [{ expression: '[x](https://evil.example)', interval: null, confidence: null }],
    });
    expect(data.links.commit).toEqual({ text: 'javascript:alert(1)', url: null });
  });

  test("a commit recorded on another server than this run's links to this run's repository, never to the recorded one", async () => {
    const version = await registerModel(mlflow.http, 'lineage', { onnx: mnistModel(8, 300) });
    await setModelVersionTag(mlflow.http, 'lineage', version, 'mlops.git.commit', '4F2B9C0D1E');
    await setModelVersionTag(mlflow.http, 'lineage', version, 'mlops.github.repository', 'https://evil.example/acme/models');
    const folder = join(mlflow.dir, 'lineage-space');
    const deploy = (github: { serverUrl: string; repository: string | undefined }) =>
      deployModel(
        {
          modelName: 'lineage',
          version,
          alias: 'production',
          target: { kind: 'folder', dir: folder },
          github,
          dryRun: false,
          cacheDir: join(mlflow.dir, 'cache'),
        },
        { http: mlflow.http, logger: recordingLogger() },
      );
    const commitLink = () => (JSON.parse(readFileSync(join(folder, 'model.json'), 'utf8')) as { links: { commit: unknown } }).links.commit;
    await deploy({ serverUrl: 'https://github.com', repository: 'acme/models' });
    expect(commitLink()).toEqual({ text: '4F2B9C0D1E', url: 'https://github.com/acme/models/commit/4f2b9c0d1e' });
    await deploy({ serverUrl: 'https://github.com', repository: undefined });
    expect(commitLink()).toEqual({ text: '4F2B9C0D1E', url: null });
    await setModelVersionTag(mlflow.http, 'lineage', version, 'mlops.github.repository', 'https://github.com/trained/here');
    await deploy({ serverUrl: 'https://github.com', repository: 'acme/models' });
    expect(commitLink()).toEqual({ text: '4F2B9C0D1E', url: 'https://github.com/trained/here/commit/4f2b9c0d1e' });
  });
});

describe('a folder deploy', () => {
  test('deletes only files inside its folder, whatever the manifest left there says', async () => {
    const base = mkdtempSync(join(tmpdir(), 'space-folder-'));
    const folder = join(base, 'space');
    mkdirSync(folder);
    writeFileSync(join(base, 'outside.txt'), 'keep me');
    writeFileSync(join(folder, 'stale.txt'), 'made by an earlier deploy');
    writeFileSync(
      join(folder, '.mlops-space.json'),
      JSON.stringify({ files: ['../outside.txt', `${base}/outside.txt`, 'a/../../outside.txt', 'stale.txt', 42] }),
    );
    const files: SpaceFile[] = [{ path: 'index.html', source: { content: Buffer.from('<p>hi</p>') } }];
    const report = await publishToFolder(files, folder);
    expect(report.deleted).toEqual(['stale.txt']);
    expect(readFileSync(join(base, 'outside.txt'), 'utf8')).toBe('keep me');
    expect(existsSync(join(folder, 'stale.txt'))).toBe(false);
  });

  test('does not delete through a folder inside that links elsewhere', async () => {
    const base = mkdtempSync(join(tmpdir(), 'space-link-'));
    const folder = join(base, 'space');
    mkdirSync(folder);
    mkdirSync(join(base, 'elsewhere'));
    writeFileSync(join(base, 'elsewhere', 'x.txt'), 'keep me');
    symlinkSync(join(base, 'elsewhere'), join(folder, 'link'));
    writeFileSync(join(folder, '.mlops-space.json'), JSON.stringify({ files: ['link/x.txt'] }));
    const report = await publishToFolder([{ path: 'index.html', source: { content: Buffer.from('x') } }], folder);
    expect(report.deleted).toEqual([]);
    expect(readFileSync(join(base, 'elsewhere', 'x.txt'), 'utf8')).toBe('keep me');
  });

  test('a manifest that is not JSON deletes nothing and does not stop the deploy', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'space-folder-'));
    writeFileSync(join(folder, '.mlops-space.json'), '{ not json');
    const report = await publishToFolder([{ path: 'index.html', source: { content: Buffer.from('x') } }], folder);
    expect(report).toEqual({ changed: ['index.html'], deleted: [] });
  });
});
