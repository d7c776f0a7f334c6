import type { Table } from './table.js';

/** A softmax (multinomial logistic) regression on standardised features. */
export interface SoftmaxModel {
  features: string[];
  classes: string[];
  /** Per feature: the training mean and standard deviation the input is standardised with. */
  mean: Float64Array;
  std: Float64Array;
  /** `features × classes`, row-major (Gemm's B). */
  weights: Float64Array;
  bias: Float64Array;
}

export interface FitOptions {
  /** Full-batch gradient steps. */
  iterations: number;
  learningRate: number;
  /** L2 penalty on the weights (not the bias). */
  l2: number;
  /** Called every `every` steps (and after the last) with the training loss and accuracy. */
  onProgress?: (step: number, loss: number, accuracy: number) => void;
  every?: number;
}

/** Per-column mean and standard deviation (population); a constant column gets 1, so it standardises to 0. */
function standardisation(table: Table): { mean: Float64Array; std: Float64Array } {
  const width = table.features.length;
  const mean = new Float64Array(width);
  const std = new Float64Array(width);
  for (let row = 0; row < table.rows; row++) for (let f = 0; f < width; f++) mean[f]! += table.values[row * width + f]! / table.rows;
  for (let row = 0; row < table.rows; row++)
    for (let f = 0; f < width; f++) std[f]! += (table.values[row * width + f]! - mean[f]!) ** 2 / table.rows;
  for (let f = 0; f < width; f++) std[f] = Math.sqrt(std[f]!) || 1;
  return { mean, std };
}

/** Class probabilities of every row, row-major `rows × classes`, computed as the ONNX graph does. */
export function predictProbabilities(model: SoftmaxModel, values: Float64Array, rows: number): Float64Array {
  const width = model.features.length;
  const classes = model.classes.length;
  const out = new Float64Array(rows * classes);
  for (let row = 0; row < rows; row++) {
    const scores = out.subarray(row * classes, (row + 1) * classes);
    scores.set(model.bias);
    for (let f = 0; f < width; f++) {
      const x = (values[row * width + f]! - model.mean[f]!) / model.std[f]!;
      for (let c = 0; c < classes; c++) scores[c]! += x * model.weights[f * classes + c]!;
    }
    const max = Math.max(...scores);
    let sum = 0;
    for (let c = 0; c < classes; c++) sum += scores[c] = Math.exp(scores[c]! - max);
    for (let c = 0; c < classes; c++) scores[c]! /= sum;
  }
  return out;
}

/** Each row's most probable class number (the first on a tie, as ONNX ArgMax). */
export function predictClasses(probabilities: Float64Array, classes: number): Int32Array {
  const rows = probabilities.length / classes;
  return Int32Array.from({ length: rows }, (_, row) => {
    let best = 0;
    for (let c = 1; c < classes; c++) if (probabilities[row * classes + c]! > probabilities[row * classes + best]!) best = c;
    return best;
  });
}

/** Fraction of rows whose predicted class number is the label's. */
export function accuracy(predicted: Int32Array, labels: Int32Array): number {
  let right = 0;
  for (let i = 0; i < labels.length; i++) if (predicted[i] === labels[i]) right++;
  return right / labels.length;
}

/** Each row's class number in `classes`; a label the model does not know is an error. */
export function classNumbers(labels: readonly string[], classes: readonly string[], source: string): Int32Array {
  return Int32Array.from(labels, (label) => {
    const index = classes.indexOf(label);
    if (index < 0) throw new Error(`${source}: the label '${label}' is not one of the training classes (${classes.join(', ')})`);
    return index;
  });
}

/**
 * Fits the model by full-batch gradient descent on the mean cross-entropy plus L2, from zero weights: the same data
 * and options always give the same model.
 */
export function fitSoftmax(table: Table, classes: string[], options: FitOptions): SoftmaxModel {
  const width = table.features.length;
  const k = classes.length;
  const labels = classNumbers(table.labels, classes, 'training table');
  const model: SoftmaxModel = {
    features: table.features,
    classes,
    ...standardisation(table),
    weights: new Float64Array(width * k),
    bias: new Float64Array(k),
  };
  const every = options.every ?? 50;
  const gradWeights = new Float64Array(width * k);
  const gradBias = new Float64Array(k);
  for (let step = 1; step <= options.iterations; step++) {
    const probabilities = predictProbabilities(model, table.values, table.rows);
    gradWeights.fill(0);
    gradBias.fill(0);
    let loss = 0;
    for (let row = 0; row < table.rows; row++) {
      loss -= Math.log(Math.max(probabilities[row * k + labels[row]!]!, 1e-12)) / table.rows;
      for (let c = 0; c < k; c++) {
        const error = (probabilities[row * k + c]! - (labels[row] === c ? 1 : 0)) / table.rows;
        gradBias[c]! += error;
        for (let f = 0; f < width; f++)
          gradWeights[f * k + c]! += error * ((table.values[row * width + f]! - model.mean[f]!) / model.std[f]!);
      }
    }
    for (let i = 0; i < model.weights.length; i++) {
      loss += (options.l2 / 2) * model.weights[i]! ** 2;
      model.weights[i]! -= options.learningRate * (gradWeights[i]! + options.l2 * model.weights[i]!);
    }
    for (let c = 0; c < k; c++) model.bias[c]! -= options.learningRate * gradBias[c]!;
    if (options.onProgress && (step % every === 0 || step === options.iterations))
      options.onProgress(step, loss, accuracy(predictClasses(probabilities, k), labels));
  }
  return model;
}
