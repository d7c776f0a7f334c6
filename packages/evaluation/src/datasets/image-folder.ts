import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { ConfigurationError, errorMessage } from '@mlops-actions/common';
import sharp from 'sharp';
import { toShape } from './convert.js';
import type { ImageDataset } from './dataset.js';

const IMAGE_EXTENSIONS = new Set(['.png', '.jpg', '.jpeg']);

/** A folder with one sub-folder per class holding PNG or JPEG images; classes in name order. */
export async function imageFolderDataset(root: string): Promise<ImageDataset> {
  let entries;
  try {
    entries = await readdir(root, { withFileTypes: true });
  } catch {
    throw new ConfigurationError(`image folder '${root}' cannot be read: check the path in 'dataset: image-folder:<path>'`, {
      subject: 'dataset',
    });
  }
  const classes = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  if (classes.length < 2)
    throw new ConfigurationError(`image folder '${root}' needs one sub-folder per class (at least two)`, { subject: 'dataset' });
  const files: { path: string; item: string; label: number }[] = [];
  const digest = createHash('sha256');
  for (const [label, name] of classes.entries()) {
    const images = (await readdir(join(root, name))).filter((file) => IMAGE_EXTENSIONS.has(extname(file).toLowerCase())).sort();
    if (images.length === 0)
      throw new ConfigurationError(`image folder '${root}': class '${name}' has no PNG or JPEG images`, { subject: 'dataset' });
    for (const image of images) {
      const path = join(root, name, image);
      files.push({ path, item: `${name}/${image}`, label });
      digest.update(`${name}/${image}\0`).update(
        createHash('sha256')
          .update(await readFile(path))
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
    async read(start, end, shape) {
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
