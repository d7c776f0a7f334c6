import type { Preprocessing } from '@mlops-actions/model-format';

/** Raw 0–255 pixels (C×H×W per item) to the model's input: divided by pixel_scale, then per channel (x − mean) / std. */
export function preprocessBatch(pixels: Uint8Array, preprocessing: Preprocessing): Float32Array {
  const [channels, height, width] = preprocessing.shape;
  const plane = height * width;
  const out = new Float32Array(pixels.length);
  const scale = 1 / preprocessing.pixelScale;
  for (let start = 0; start < pixels.length; start += channels * plane) {
    for (let c = 0; c < channels; c++) {
      const mean = preprocessing.mean[c]!;
      const inverseStd = 1 / preprocessing.std[c]!;
      const base = start + c * plane;
      for (let p = base; p < base + plane; p++) out[p] = (pixels[p]! * scale - mean) * inverseStd;
    }
  }
  return out;
}
