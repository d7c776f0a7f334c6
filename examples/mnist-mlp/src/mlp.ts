import { CLASSES, PIXELS, type DigitSet } from './data.js';
import { normal } from './random.js';

/** A one-hidden-layer perceptron: logits = relu(x·W1 + b1)·W2 + b2, weights stored input-major as ONNX Gemm wants them. */
export interface Mlp {
  hidden: number;
  /** [784, hidden] */
  w1: Float32Array;
  b1: Float32Array;
  /** [hidden, 10] */
  w2: Float32Array;
  b2: Float32Array;
}

export function createMlp(hidden: number, random: () => number): Mlp {
  const w1 = new Float32Array(PIXELS * hidden).map(() => normal(random) * Math.sqrt(2 / PIXELS));
  const w2 = new Float32Array(hidden * CLASSES).map(() => normal(random) * Math.sqrt(2 / hidden));
  return { hidden, w1, b1: new Float32Array(hidden), w2, b2: new Float32Array(CLASSES) };
}

/** The non-zero pixels of one image: MNIST digits are mostly background, so the first layer skips it. */
function nonZeroPixels(images: Float32Array, item: number, into: Uint16Array): number {
  let count = 0;
  const base = item * PIXELS;
  for (let p = 0; p < PIXELS; p++) if (images[base + p] !== 0) into[count++] = p;
  return count;
}

/** Forward pass of one item; fills `hiddenOut` and `logits`. */
function forward(
  model: Mlp,
  images: Float32Array,
  item: number,
  pixels: Uint16Array,
  count: number,
  hiddenOut: Float32Array,
  logits: Float32Array,
): void {
  const { hidden, w1, b1, w2, b2 } = model;
  hiddenOut.set(b1);
  const base = item * PIXELS;
  for (let k = 0; k < count; k++) {
    const p = pixels[k]!;
    const x = images[base + p]!;
    const row = p * hidden;
    for (let h = 0; h < hidden; h++) hiddenOut[h]! += x * w1[row + h]!;
  }
  for (let h = 0; h < hidden; h++) if (hiddenOut[h]! < 0) hiddenOut[h] = 0;
  logits.set(b2);
  for (let h = 0; h < hidden; h++) {
    const a = hiddenOut[h]!;
    if (a === 0) continue;
    const row = h * CLASSES;
    for (let c = 0; c < CLASSES; c++) logits[c]! += a * w2[row + c]!;
  }
}

/** Softmax in place; returns the cross-entropy loss for `label`. */
function softmaxLoss(logits: Float32Array, label: number): number {
  let max = -Infinity;
  for (let c = 0; c < CLASSES; c++) max = Math.max(max, logits[c]!);
  let sum = 0;
  for (let c = 0; c < CLASSES; c++) {
    logits[c] = Math.exp(logits[c]! - max);
    sum += logits[c]!;
  }
  for (let c = 0; c < CLASSES; c++) logits[c]! /= sum;
  return -Math.log(Math.max(logits[label]!, 1e-12));
}

export interface EpochResult {
  loss: number;
  accuracy: number;
}

/** One epoch of mini-batch SGD with momentum over `set` in the given order. */
export function trainEpoch(
  model: Mlp,
  set: DigitSet,
  order: ArrayLike<number>,
  options: { learningRate: number; batchSize: number; momentum: number; velocity: Mlp },
): EpochResult {
  const { hidden, w1, b1, w2, b2 } = model;
  const velocity = options.velocity;
  const grad = {
    w1: new Float32Array(w1.length),
    b1: new Float32Array(hidden),
    w2: new Float32Array(w2.length),
    b2: new Float32Array(CLASSES),
  };
  const pixels = new Uint16Array(PIXELS);
  const activations = new Float32Array(hidden);
  const probabilities = new Float32Array(CLASSES);
  const hiddenGrad = new Float32Array(hidden);
  let lossSum = 0;
  let correct = 0;
  const touched = new Uint8Array(PIXELS);

  for (let start = 0; start < order.length; start += options.batchSize) {
    const end = Math.min(start + options.batchSize, order.length);
    grad.b1.fill(0);
    grad.w2.fill(0);
    grad.b2.fill(0);
    touched.fill(0);
    for (let i = start; i < end; i++) {
      const item = order[i]!;
      const label = set.labels[item]!;
      const count = nonZeroPixels(set.images, item, pixels);
      forward(model, set.images, item, pixels, count, activations, probabilities);
      let best = 0;
      for (let c = 1; c < CLASSES; c++) if (probabilities[c]! > probabilities[best]!) best = c;
      if (best === label) correct++;
      lossSum += softmaxLoss(probabilities, label);
      probabilities[label]! -= 1; // d loss / d logits
      hiddenGrad.fill(0);
      for (let h = 0; h < hidden; h++) {
        const a = activations[h]!;
        const row = h * CLASSES;
        let back = 0;
        for (let c = 0; c < CLASSES; c++) {
          grad.w2[row + c]! += a * probabilities[c]!;
          back += w2[row + c]! * probabilities[c]!;
        }
        if (a > 0) hiddenGrad[h] = back;
      }
      for (let c = 0; c < CLASSES; c++) grad.b2[c]! += probabilities[c]!;
      for (let h = 0; h < hidden; h++) grad.b1[h]! += hiddenGrad[h]!;
      const base = item * PIXELS;
      for (let k = 0; k < count; k++) {
        const p = pixels[k]!;
        const x = set.images[base + p]!;
        const row = p * hidden;
        if (!touched[p]) {
          grad.w1.fill(0, row, row + hidden);
          touched[p] = 1;
        }
        for (let h = 0; h < hidden; h++) grad.w1[row + h]! += x * hiddenGrad[h]!;
      }
    }
    const scale = options.learningRate / (end - start);
    const step = (weights: Float32Array, gradient: Float32Array, v: Float32Array, from = 0, to = weights.length): void => {
      for (let j = from; j < to; j++) {
        v[j] = options.momentum * v[j]! - scale * gradient[j]!;
        weights[j]! += v[j]!;
      }
    };
    for (let p = 0; p < PIXELS; p++) {
      const row = p * hidden;
      if (touched[p]) step(w1, grad.w1, velocity.w1, row, row + hidden);
      else
        for (let j = row; j < row + hidden; j++) {
          // No gradient for a pixel that was background in the whole batch: momentum alone moves its weights.
          velocity.w1[j] = options.momentum * velocity.w1[j]!;
          w1[j]! += velocity.w1[j]!;
        }
    }
    step(b1, grad.b1, velocity.b1);
    step(w2, grad.w2, velocity.w2);
    step(b2, grad.b2, velocity.b2);
  }
  return { loss: lossSum / order.length, accuracy: correct / order.length };
}

/** The predicted digit of every item. */
export function predict(model: Mlp, set: DigitSet): Uint8Array {
  const pixels = new Uint16Array(PIXELS);
  const activations = new Float32Array(model.hidden);
  const logits = new Float32Array(CLASSES);
  const predictions = new Uint8Array(set.length);
  for (let item = 0; item < set.length; item++) {
    forward(model, set.images, item, pixels, nonZeroPixels(set.images, item, pixels), activations, logits);
    let best = 0;
    for (let c = 1; c < CLASSES; c++) if (logits[c]! > logits[best]!) best = c;
    predictions[item] = best;
  }
  return predictions;
}

export function accuracy(predictions: Uint8Array, labels: Uint8Array): number {
  let correct = 0;
  for (let i = 0; i < labels.length; i++) if (predictions[i] === labels[i]) correct++;
  return correct / labels.length;
}
