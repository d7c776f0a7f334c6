import { importExternal } from '@mlops-actions/common';
import type SharpModule from 'sharp';
import type { Sharp } from 'sharp';
import type { ItemShape } from './dataset.js';

/** Channel-major (C×H×W) pixels to channel-last (H×W×C), as image libraries hold them. */
export function chwToHwc(chw: Uint8Array, [channels, height, width]: ItemShape): Uint8Array {
  const hwc = new Uint8Array(chw.length);
  const plane = height * width;
  for (let c = 0; c < channels; c++) for (let p = 0; p < plane; p++) hwc[p * channels + c] = chw[c * plane + p]!;
  return hwc;
}

/** Channel-last (H×W×C) pixels to channel-major (C×H×W). */
export function hwcToChw(hwc: Uint8Array, [channels, height, width]: ItemShape): Uint8Array {
  const chw = new Uint8Array(hwc.length);
  const plane = height * width;
  for (let c = 0; c < channels; c++) for (let p = 0; p < plane; p++) chw[c * plane + p] = hwc[p * channels + c]!;
  return chw;
}

/** sharp, loaded on first use: commands that read no image need not load the native library. */
export async function loadSharp(): Promise<typeof SharpModule> {
  return (await importExternal<{ default: typeof SharpModule }>('sharp')).default;
}

/** An image held by sharp brought to a shape: resized to H×W (fill), converted to 1 or 3 channels, as C×H×W. */
export async function toShape(image: Sharp, shape: ItemShape): Promise<Uint8Array> {
  const [channels, height, width] = shape;
  if (channels !== 1 && channels !== 3) throw new Error(`models with ${channels} input channels are not supported (1 or 3)`);
  let pipeline = image.resize(width, height, { fit: 'fill' }).removeAlpha();
  pipeline = channels === 1 ? pipeline.greyscale() : pipeline.toColourspace('srgb');
  const { data, info } = await pipeline.raw().toBuffer({ resolveWithObject: true });
  let hwc = new Uint8Array(data.buffer, data.byteOffset, data.length);
  if (info.channels !== channels) {
    // sharp keeps a single-channel source single-channel under srgb: repeat the grey value.
    const widened = new Uint8Array(height * width * channels);
    for (let p = 0; p < height * width; p++) for (let c = 0; c < channels; c++) widened[p * channels + c] = hwc[p * info.channels]!;
    hwc = widened;
  }
  return hwcToChw(hwc, shape);
}

/** Raw C×H×W pixels of a native shape brought to another shape; the same shape is returned as it is. */
export async function reshapeItem(chw: Uint8Array, native: ItemShape, shape: ItemShape): Promise<Uint8Array> {
  if (native[0] === shape[0] && native[1] === shape[1] && native[2] === shape[2]) return chw;
  const sharp = await loadSharp();
  const image = sharp(chwToHwc(chw, native), { raw: { channels: native[0] as 1 | 3, height: native[1], width: native[2] } });
  return toShape(image, shape);
}

/** Items of a native shape, stored contiguously, read in a requested shape. */
export async function readFixedShape(
  pixels: Uint8Array,
  native: ItemShape,
  start: number,
  end: number,
  shape: ItemShape,
): Promise<Uint8Array> {
  const size = native[0] * native[1] * native[2];
  const slice = pixels.subarray(start * size, end * size);
  if (native[0] === shape[0] && native[1] === shape[1] && native[2] === shape[2]) return slice;
  const out = new Uint8Array((end - start) * shape[0] * shape[1] * shape[2]);
  const outSize = shape[0] * shape[1] * shape[2];
  for (let i = 0; i < end - start; i++) out.set(await reshapeItem(slice.subarray(i * size, (i + 1) * size), native, shape), i * outSize);
  return out;
}
