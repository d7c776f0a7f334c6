import { ConfigurationError, errorMessage, startProgress, type Logger } from '@mlops-actions/common';
import type { Preprocessing } from '@mlops-actions/model-format';
import * as ort from 'onnxruntime-node';
import type { Dataset } from './datasets/dataset.js';
import { preprocessBatch } from './preprocess.js';
import { probeProviders, type ProbeResult } from './provider-probe.js';

export type ProviderChoice = 'auto' | 'cpu' | 'cuda' | 'webgpu';
export const PROVIDER_CHOICES: readonly ProviderChoice[] = ['auto', 'cpu', 'cuda', 'webgpu'];

/** Why each provider `auto` tries may be missing, for the log. */
const PROVIDER_NEEDS: Record<Exclude<ProviderChoice, 'auto' | 'cpu'>, string> = {
  cuda: 'needs CUDA 12 and cuDNN 9 on the runner and onnxruntime-node installed with its CUDA libraries',
  webgpu: 'needs a GPU Vulkan driver with libvulkan1 and, for NVIDIA, libglvnd (libglx0, libegl1)',
};

export interface ModelSession {
  /** The execution provider that runs the model. */
  provider: 'cpu' | 'cuda' | 'webgpu';
  inputName: string;
  outputName: string;
  run(input: Float32Array, count: number, preprocessing: Preprocessing): Promise<Float32Array>;
  release(): Promise<void>;
}

async function openWith(modelPath: string, provider: 'cpu' | 'cuda' | 'webgpu'): Promise<ModelSession> {
  const session = await ort.InferenceSession.create(modelPath, { executionProviders: [provider], graphOptimizationLevel: 'all' });
  const inputName = session.inputNames[0]!;
  const outputName = session.outputNames[0]!;
  return {
    provider,
    inputName,
    outputName,
    async run(input, count, preprocessing) {
      const tensor = new ort.Tensor('float32', input, [count, ...preprocessing.shape]);
      const result = await session.run({ [preprocessing.inputName]: tensor });
      return result[outputName]!.data as Float32Array;
    },
    release: () => session.release(),
  };
}

/** What `auto` found on this machine: probed once per process (the providers a machine has do not change). */
let probed: Promise<ProbeResult> | undefined;

/**
 * Opens an ONNX model on the chosen execution provider. `auto` tries CUDA, then WebGPU, then the CPU, and logs one line
 * per provider tried — which one runs, why the others did not — without the native libraries' own error output; a
 * provider named explicitly must work.
 */
export async function openModel(modelPath: string, choice: ProviderChoice, logger: Logger): Promise<ModelSession> {
  if (choice !== 'auto') {
    try {
      return await openWith(modelPath, choice);
    } catch (error) {
      const reason = errorMessage(error);
      if (choice === 'cpu') throw new ConfigurationError(`${modelPath} cannot be loaded by onnxruntime: ${reason}`, { subject: 'model' });
      throw new ConfigurationError(
        `execution provider '${choice}' is not available here (${reason}); it ${PROVIDER_NEEDS[choice]}, or use 'auto' or 'cpu'`,
        {
          subject: 'execution-provider',
        },
      );
    }
  }
  probed ??= probeProviders(modelPath, ['cuda', 'webgpu']);
  const probe = await probed;
  for (const { provider, reason } of probe.unavailable)
    logger.info(`execution provider ${provider}: not available (${reason}; it ${PROVIDER_NEEDS[provider]})`);
  if (probe.usable) {
    try {
      const session = await openWith(modelPath, probe.usable);
      logger.info(`execution provider ${probe.usable}: used`);
      return session;
    } catch (error) {
      logger.info(`execution provider ${probe.usable}: not available (${firstLine(error)}; it ${PROVIDER_NEEDS[probe.usable]})`);
    }
  }
  try {
    const session = await openWith(modelPath, 'cpu');
    logger.info('execution provider cpu: used');
    return session;
  } catch (error) {
    throw new ConfigurationError(`${modelPath} cannot be loaded by onnxruntime: ${firstLine(error)}`, { subject: 'model' });
  }
}

const firstLine = (error: unknown): string => errorMessage(error).split('\n')[0]!;

export interface PredictOptions {
  batchSize: number;
  logger: Logger;
  /** A label for progress lines, e.g. "challenger v3". */
  label: string;
  /** Called after every batch with the items done so far (for a progress bar). */
  onProgress?: (done: number, total: number) => void;
}

/**
 * The model's top-1 prediction for every item, as class numbers of the dataset. The model's labels must be
 * the dataset's classes (in any order); anything else is an error, not a guess.
 */
export async function predictDataset(
  session: ModelSession,
  preprocessing: Preprocessing,
  dataset: Dataset,
  options: PredictOptions,
): Promise<Int32Array> {
  const toDataset = classMapping(preprocessing.labels, dataset);
  const classes = preprocessing.labels.length;
  const predictions = new Int32Array(dataset.labels.length);
  const started = performance.now();
  const progress = startProgress(options.logger, { label: options.label, total: predictions.length, unit: 'items' });
  try {
    for (let start = 0; start < predictions.length; start += options.batchSize) {
      const end = Math.min(start + options.batchSize, predictions.length);
      const pixels = await dataset.read(start, end, preprocessing.shape);
      const logits = await session.run(preprocessBatch(pixels, preprocessing), end - start, preprocessing);
      if (logits.length !== (end - start) * classes)
        throw new ConfigurationError(
          `the model's output has ${logits.length / (end - start)} values per item, but preprocessing.json lists ${classes} labels`,
          { subject: 'model' },
        );
      for (let item = 0; item < end - start; item++) {
        let best = 0;
        for (let c = 0; c < classes; c++) {
          const value = logits[item * classes + c]!;
          // A NaN would lose every comparison and quietly predict class 0: a broken model must never be scored.
          if (!Number.isFinite(value))
            throw new ConfigurationError(
              `${options.label}: the model's output for item ${start + item} is ${value} (class '${preprocessing.labels[c]}'): ` +
                'a model whose outputs are not finite numbers is broken (diverged weights, or a division by zero in the graph) and is never scored or promoted',
              { subject: 'model' },
            );
          if (value > logits[item * classes + best]!) best = c;
        }
        predictions[start + item] = toDataset[best]!;
      }
      progress.update(end);
      options.onProgress?.(end, predictions.length);
    }
  } finally {
    progress.end();
  }
  options.logger.info(
    `${options.label}: ${predictions.length.toLocaleString('en-US')} items in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  return predictions;
}

/** Model output index → dataset class number; an error naming the differences when the two sets of names differ. */
export function classMapping(labels: readonly string[], dataset: Dataset): Int32Array {
  const datasetIndex = new Map(dataset.classes.map((name, index) => [name, index]));
  const missing = labels.filter((label) => !datasetIndex.has(label));
  const extra = dataset.classes.filter((name) => !labels.includes(name));
  if (missing.length > 0 || extra.length > 0) {
    const parts = [
      missing.length ? `labels not in the dataset: ${missing.slice(0, 10).join(', ')}` : '',
      extra.length ? `dataset classes the model does not know: ${extra.slice(0, 10).join(', ')}` : '',
    ].filter(Boolean);
    throw new ConfigurationError(
      `the model's labels (preprocessing.json) are not the classes of dataset '${dataset.name}': ${parts.join('; ')}`,
      {
        subject: 'dataset',
      },
    );
  }
  return Int32Array.from(labels.map((label) => datasetIndex.get(label)!));
}
