import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { isPlainRelativePath, resolveInside } from '@mlops-actions/common';
import { MANIFEST, type SpaceFile } from './space-files.js';

export interface PublishReport {
  /** Files written because their content differed (or they were new). */
  changed: string[];
  /** Files a previous deploy made that this one no longer does. */
  deleted: string[];
}

export const readSource = async (file: SpaceFile): Promise<Buffer> =>
  'content' in file.source ? file.source.content : readFile(file.source.file);

/**
 * Writes the Space into a local folder: only files whose content differs, and removes what an earlier deploy made
 * and this one does not. A dry run reports the same and writes nothing.
 */
export async function publishToFolder(
  files: readonly SpaceFile[],
  dir: string,
  options: { dryRun?: boolean } = {},
): Promise<PublishReport> {
  const report: PublishReport = { changed: [], deleted: [] };
  const previous = await previousFiles(dir);
  for (const file of files) {
    const bytes = await readSource(file);
    const target = join(dir, ...file.path.split('/'));
    const existing = await readFile(target).catch(() => undefined);
    if (existing?.equals(bytes)) continue;
    report.changed.push(file.path);
    if (options.dryRun) continue;
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, bytes);
  }
  const current = new Set(files.map((file) => file.path));
  for (const path of previous) {
    if (current.has(path)) continue;
    // A folder inside may be a link to elsewhere: the path is resolved, links followed, and left alone if outside.
    const target = await resolveInside(dir, path, 'the manifest entry').catch(() => undefined);
    if (target === undefined) continue;
    report.deleted.push(path);
    if (!options.dryRun) await rm(target, { force: true });
  }
  return report;
}

/**
 * The files an earlier deploy made, from its manifest. The manifest lies in the folder, where anyone with access may
 * have edited it: only plain relative paths of files inside the folder are taken from it, so nothing else is ever
 * deleted; a manifest that is not one is taken as none.
 */
async function previousFiles(dir: string): Promise<string[]> {
  let files: unknown;
  try {
    files = (JSON.parse(await readFile(join(dir, MANIFEST), 'utf8')) as { files?: unknown }).files;
  } catch {
    return [];
  }
  return Array.isArray(files) ? files.filter((path): path is string => typeof path === 'string' && isPlainRelativePath(path)) : [];
}
