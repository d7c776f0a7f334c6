import { createHash } from 'node:crypto';
import type { Dirent } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { ConfigurationError, errorMessage, terminalText } from '@mlops-actions/common';
import { loadSharp, toShape } from './convert.js';
import type { ImageDataset } from './dataset.js';

const IMAGE_EXTENSIONS = new Set(['.png', '.jpg', '.jpeg']);

/** The layouts an image folder may have, for messages. */
const LAYOUT = '<class>/<image>, or <class>/<group>/<image> for images in a group';

/** An image of a class folder: its path relative to the class folder, and its group sub-folder ('' for none). */
interface ClassImage {
  relative: string;
  group: string;
}

function folderError(message: string): ConfigurationError {
  return new ConfigurationError(message, { subject: 'dataset' });
}

/**
 * A folder's visible entries. Dirents describe the entry itself, so a symbolic link to a folder is no directory here
 * and is never followed out of the image folder.
 */
async function visibleEntries(path: string, root: string): Promise<Dirent[]> {
  let entries;
  try {
    entries = await readdir(path, { withFileTypes: true });
  } catch (error) {
    throw folderError(
      `image folder '${root}': '${terminalText(path)}' cannot be read (${(error as NodeJS.ErrnoException).code ?? errorMessage(error)})`,
    );
  }
  return entries.filter((entry) => !entry.name.startsWith('.'));
}

function isImage(entry: Dirent): boolean {
  return !entry.isDirectory() && IMAGE_EXTENSIONS.has(extname(entry.name).toLowerCase());
}

/** A class folder's images, directly in it or in its group sub-folders, sorted by their path (by code unit). */
async function classImages(root: string, className: string): Promise<ClassImage[]> {
  const images: ClassImage[] = [];
  for (const entry of await visibleEntries(join(root, className), root)) {
    if (!entry.isDirectory()) {
      if (isImage(entry)) images.push({ relative: entry.name, group: '' });
      continue;
    }
    for (const inner of await visibleEntries(join(root, className, entry.name), root)) {
      if (inner.isDirectory())
        throw folderError(
          `image folder '${root}': '${terminalText(`${className}/${entry.name}/${inner.name}`)}' is a folder inside a group folder; ` +
            `images go in ${LAYOUT}: move its images up a level or out of the image folder`,
        );
      if (isImage(inner)) images.push({ relative: `${entry.name}/${inner.name}`, group: entry.name });
    }
  }
  return images.sort((a, b) => (a.relative < b.relative ? -1 : a.relative > b.relative ? 1 : 0));
}

async function imageBytes(path: string, root: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (error) {
    throw folderError(
      `image folder '${root}': '${terminalText(path)}' cannot be read (${(error as NodeJS.ErrnoException).code ?? errorMessage(error)})`,
    );
  }
}

/**
 * A folder with one sub-folder per class holding PNG or JPEG images, classes in name order. A class folder may hold
 * group sub-folders, `<class>/<group>/<image>`: such an image is in that group (`groups: folders`); an image directly in
 * the class folder is in none. Items are in class order, then by their path in the class folder. Entries whose names
 * start with '.' are skipped, and symbolic links to folders are not followed.
 */
export async function imageFolderDataset(root: string): Promise<ImageDataset> {
  let entries;
  try {
    entries = await readdir(root, { withFileTypes: true });
  } catch {
    throw folderError(`image folder '${root}' cannot be read: check the path in 'dataset: image-folder:<path>'`);
  }
  const classes = entries
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.'))
    .map((entry) => entry.name)
    .sort();
  if (classes.length < 2) throw folderError(`image folder '${root}' needs one sub-folder per class (at least two)`);
  const files: { path: string; item: string; label: number; group: string }[] = [];
  const digest = createHash('sha256');
  for (const [label, name] of classes.entries()) {
    const images = await classImages(root, name);
    if (images.length === 0) throw folderError(`image folder '${root}': class '${terminalText(name)}' has no PNG or JPEG images`);
    for (const { relative, group } of images) {
      const path = join(root, name, relative);
      const item = `${name}/${relative}`;
      files.push({ path, item, label, group });
      digest.update(`${item}\0`).update(
        createHash('sha256')
          .update(await imageBytes(path, root))
          .digest(),
      );
    }
  }
  return {
    kind: 'image',
    name: `image-folder:${root}`,
    classes,
    labels: Int32Array.from(files.map((file) => file.label)),
    fingerprint: digest.digest('hex'),
    itemPaths: files.map((file) => file.item),
    folderGroups: files.map((file) => file.group),
    async read(start, end, shape) {
      const sharp = await loadSharp();
      const size = shape[0] * shape[1] * shape[2];
      const out = new Uint8Array((end - start) * size);
      for (let i = start; i < end; i++) {
        const { path } = files[i]!;
        let item: Uint8Array;
        try {
          item = await toShape(sharp(path), shape);
        } catch (error) {
          throw new ConfigurationError(`${path} could not be decoded as an image: ${errorMessage(error)}`, {
            subject: 'dataset',
          });
        }
        out.set(item, (i - start) * size);
      }
      return out;
    },
  };
}
