import { ConfigurationError, errorMessage, importExternal, startProgress, type Logger } from '@mlops-actions/common';
import type { Preprocessing } from '@mlops-actions/model-format';
import type * as Ort from 'onnxruntime-node';
import type { Dataset } from './datasets/dataset.js';
import { modelInput } from './preprocess.js';
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
  /** The first output: the one read unless preprocessing.json names another (`output_name`). */
  outputName: string;
  outputNames: readonly string[];
  /** Runs one batch of `count` items and returns the output with the class scores, item after item. */
  run(input: Float32Array, count: number, preprocessing: Preprocessing): Promise<Float32Array>;
  release(): Promise<void>;
}

async function openWith(modelPath: string, provider: 'cpu' | 'cuda' | 'webgpu'): Promise<ModelSession> {
  const ort = await importExternal<typeof Ort>('onnxruntime-node');
  const session = await ort.InferenceSession.create(modelPath, { executionProviders: [provider], graphOptimizationLevel: 'all' });
  const inputName = session.inputNames[0]!;
  const outputName = session.outputNames[0]!;
  return {
    provider,
    inputName,
    outputName,
    outputNames: session.outputNames,
    async run(input, count, preprocessing) {
      const dims = preprocessing.kind === 'table' ? [count, preprocessing.features.length] : [count, ...preprocessing.shape];
      const tensor = new ort.Tensor('float32', input, dims);
      const wanted = preprocessing.outputName ?? outputName;
      if (!session.outputNames.includes(wanted))
        throw new ConfigurationError(
          `preprocessing.json names the output '${wanted}', but the model's outputs are ${session.outputNames.map((name) => `'${name}'`).join(', ')}`,
          { subject: 'model' },
        );
      const result = await session.run({ [preprocessing.inputName]: tensor }, [wanted]).catch((error: unknown) => {
        // skl2onnx's and onnxmltools' default ZipMap output (a sequence of maps) is no tensor: onnxruntime-node cannot
        // hand it over, and says so as "Non tensor type is temporarily not supported" (1.30).
        if (/non[- ]tensor/i.test(errorMessage(error)))
          throw new ConfigurationError(
            `the model's output '${wanted}' is not a tensor (a ZipMap sequence of maps, as skl2onnx and onnxmltools export by default): ` +
              "export the classifier with zipmap=False (skl2onnx: options={id(model): {'zipmap': False}}; onnxmltools: zipmap=False) and name 'probabilities' in preprocessing.json's output_name",
            { subject: 'model' },
          );
        throw error;
      });
      const output = result[wanted]!;
      if (output.type !== 'float32')
        throw new ConfigurationError(
          `the model's output '${wanted}' holds ${output.type} values, not float32 scores: name the output with the class scores in preprocessing.json's output_name ` +
            "(for classifiers exported by skl2onnx or onnxmltools: 'probabilities', exported with zipmap=False)",
          { subject: 'model' },
        );
      return output.data as Float32Array;
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

/** A model to evaluate: its open session, its preprocessing.json, and its name in the log ("challenger v3"). */
export interface ModelRun {
  session: ModelSession;
  preprocessing: Preprocessing;
  label: string;
}

/** What one model did on every item of the test set: what the gate's clauses are computed from. */
export interface ModelOutcomes {
  /** Top-1 prediction per item, as the dataset's class number. */
  predictions: Int32Array;
  /** Per item: how many classes scored strictly above the item's label (0: the top-1 prediction is right). */
  labelRank: Int32Array;
  /** Per item: the probability the model gives its top-1 class (softmax of logits, or the model's probabilities). */
  confidence: Float32Array;
  /** Per item: the multiclass Brier score Σ_c (p_c − y_c)², in [0, 2]. */
  brier: Float64Array;
  /**
   * Inference time of every full batch but the first (which warms onnxruntime up), in ms; the models' batches
   * interleaved, so drift hits both alike.
   */
  batchMs: Float64Array;
  /** Items per batch of batchMs. */
  batchSize: number;
  /** The execution provider that ran it. */
  provider: ModelSession['provider'];
}

/** Where a scoring pass's time went (evaluateModels), in ms. */
export interface EvaluationTimes {
  /** Reading, decoding and preprocessing every batch: after the first, done while the models run the one before. */
  inputMs: number;
  /** Of that, what the models waited for: what preparing the input added to the pass. */
  inputWaitMs: number;
  /** Inference, per model in the order of the runs. */
  inferenceMs: number[];
  /** Turning the models' scores into per-item outcomes (top-1, label rank, confidence, Brier score). */
  scoreMs: number;
  /** The whole pass. */
  totalMs: number;
}

/**
 * Runs every model on every item of the test set, batch by batch and interleaved — batch i on each model in turn, the
 * order alternating — so that each batch is read and decoded once and a machine that slows down mid-run slows every
 * model alike (what a latency comparison needs). The next batch is read and preprocessed while the models run this
 * one (onnxruntime runs off the JavaScript thread), so decoding shows in the pass's time only where it is slower than
 * inference. The models' labels must be the dataset's classes (in any order); anything else is an error, not a guess.
 */
export async function evaluateModels(
  runs: readonly ModelRun[],
  dataset: Dataset,
  options: Omit<PredictOptions, 'label'> & { label?: string; onTimes?: (times: EvaluationTimes) => void },
): Promise<ModelOutcomes[]> {
  const total = dataset.labels.length;
  const batches = Math.ceil(total / options.batchSize);
  const fullBatches = Math.floor(total / options.batchSize);
  const states = runs.map((run) => {
    const toDataset = classMapping(run.preprocessing.labels, dataset);
    const fromDataset = new Int32Array(toDataset.length);
    toDataset.forEach((datasetClass, output) => (fromDataset[datasetClass] = output));
    return {
      run,
      toDataset,
      fromDataset,
      inputKey: inputKey(run.preprocessing),
      inferenceMs: 0,
      outcomes: {
        predictions: new Int32Array(total),
        labelRank: new Int32Array(total),
        confidence: new Float32Array(total),
        brier: new Float64Array(total),
        batchMs: new Float64Array(Math.max(0, fullBatches - 1)),
        batchSize: options.batchSize,
        provider: run.session.provider,
      } satisfies ModelOutcomes,
    };
  });
  const label = options.label ?? runs.map((run) => run.label).join(' and ');
  const started = performance.now();
  const times: EvaluationTimes = { inputMs: 0, inputWaitMs: 0, inferenceMs: [], scoreMs: 0, totalMs: 0 };
  const prepare = async (batch: number): Promise<Map<string, Float32Array>> => {
    const before = performance.now();
    const start = batch * options.batchSize;
    const end = Math.min(start + options.batchSize, total);
    const inputs = await inputsOf(states, async (preprocessing) => (await modelInput(dataset, preprocessing, start, end)).data);
    times.inputMs += performance.now() - before;
    return inputs;
  };
  const progress = startProgress(options.logger, { label, total, unit: 'items' });
  let next = batches > 0 ? prepare(0) : undefined;
  try {
    for (let batch = 0; batch < batches; batch++) {
      const start = batch * options.batchSize;
      const end = Math.min(start + options.batchSize, total);
      const waited = performance.now();
      const inputs = await next!;
      times.inputWaitMs += performance.now() - waited;
      next = batch + 1 < batches ? prepare(batch + 1) : undefined;
      // Awaited at the next batch; until then a failure must not count as unhandled (it is thrown there).
      next?.catch(() => undefined);
      await runInTurn(states, batch, inputs, async (state, input) => {
        const { preprocessing, session } = state.run;
        const before = performance.now();
        const scores = await session.run(input, end - start, preprocessing);
        const elapsed = performance.now() - before;
        state.inferenceMs += elapsed;
        // The first batch warms onnxruntime up (allocations, kernel choice): it is no sample of the steady state.
        if (batch > 0 && end - start === options.batchSize) state.outcomes.batchMs[batch - 1] = elapsed;
        const scoring = performance.now();
        scoreBatch(scores, start, end, dataset.labels, state, state.run.label);
        times.scoreMs += performance.now() - scoring;
      });
      progress.update(end);
      options.onProgress?.(end, total);
    }
  } finally {
    progress.end();
  }
  times.inferenceMs = states.map((state) => state.inferenceMs);
  times.totalMs = performance.now() - started;
  options.onTimes?.(times);
  for (const state of states)
    options.logger.info(
      `${state.run.label}: ${total.toLocaleString('en-US')} items, ${(state.inferenceMs / 1000).toFixed(1)} s of inference` +
        (state.outcomes.batchMs.length > 0
          ? `, median ${median(state.outcomes.batchMs).toFixed(1)} ms per batch of ${options.batchSize}`
          : ''),
    );
  options.logger.info(`${label}: ${total.toLocaleString('en-US')} items in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return states.map((state) => state.outcomes);
}

/** How a timing pass runs (timeModels). */
export interface TimingOptions {
  /** Items per timed batch: 1 times single requests, as a server or the Space sees them. */
  batchSize: number;
  /** Timed batches per model, after one untimed warm-up batch each. */
  rounds: number;
  logger: Logger;
  /** A label for the progress and summary lines; default "timing" and the models' labels. */
  label?: string;
  /** Called after every round with the items timed per model so far (for a progress bar). */
  onProgress?: (done: number, total: number) => void;
}

/** One model's timing pass: what latency clauses are decided on. */
export interface ModelTimes {
  /** Inference time of every timed batch in ms, round after round. */
  batchMs: Float64Array;
  /** Items per batch of batchMs. */
  batchSize: number;
}

/**
 * Times the models on batches of the test set, apart from scoring them: one untimed warm-up batch per model, then
 * `rounds` rounds, each the next batchSize items of the test set (from its start again when it runs out), read and
 * preprocessed before any model runs, then one inference per model, the order alternating by round as in
 * evaluateModels. Only the inference call is timed.
 */
export async function timeModels(runs: readonly ModelRun[], dataset: Dataset, options: TimingOptions): Promise<ModelTimes[]> {
  const { batchSize, rounds, logger } = options;
  if (!Number.isInteger(batchSize) || batchSize < 1 || !Number.isInteger(rounds) || rounds < 1)
    throw new ConfigurationError(`a timing pass needs whole numbers ≥ 1 of items per batch and of rounds, got ${batchSize} and ${rounds}`, {
      subject: Number.isInteger(batchSize) && batchSize >= 1 ? 'latency-rounds' : 'latency-batch-size',
    });
  if (dataset.labels.length === 0)
    throw new ConfigurationError(`test set '${dataset.name}' has no items to time the models on`, { subject: 'dataset' });
  const models = runs.map((run) => ({ run, inputKey: inputKey(run.preprocessing), batchMs: new Float64Array(rounds) }));
  const label = options.label ?? `timing ${runs.map((run) => run.label).join(' and ')}`;
  const readFrom = (start: number) => (preprocessing: Preprocessing) => cyclicInput(dataset, preprocessing, start, batchSize);
  const started = performance.now();
  // Untimed: the first call allocates and chooses kernels for this batch size.
  await runInTurn(models, 0, await inputsOf(models, readFrom(0)), async ({ run }, input) => {
    await run.session.run(input, batchSize, run.preprocessing);
  });
  const total = rounds * batchSize;
  const progress = startProgress(logger, { label, total, unit: 'items' });
  try {
    for (let round = 0; round < rounds; round++) {
      await runInTurn(models, round, await inputsOf(models, readFrom((round + 1) * batchSize)), async (model, input) => {
        const before = performance.now();
        await model.run.session.run(input, batchSize, model.run.preprocessing);
        model.batchMs[round] = performance.now() - before;
      });
      progress.update((round + 1) * batchSize);
      options.onProgress?.((round + 1) * batchSize, total);
    }
  } finally {
    progress.end();
  }
  const items = `${batchSize} item${batchSize === 1 ? '' : 's'}`;
  logger.info(
    `${label}: ${rounds.toLocaleString('en-US')} batches of ${items} per model in ${((performance.now() - started) / 1000).toFixed(1)} s; median ` +
      models.map((model) => `${formatMs(median(model.batchMs))} (${model.run.label})`).join(', '),
  );
  return models.map((model) => ({ batchMs: model.batchMs, batchSize }));
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
  const [outcomes] = await evaluateModels([{ session, preprocessing, label: options.label }], dataset, options);
  return outcomes!.predictions;
}

/** A model run with the key of the input it takes. */
interface TurnTaker {
  run: ModelRun;
  inputKey: string;
}

/**
 * One batch on every model, its input read before any model runs (inputsOf): the models in turn, the order alternating
 * with the batch number, so that a machine that slows down mid-run slows every model alike.
 */
async function runInTurn<T extends TurnTaker>(
  models: readonly T[],
  batch: number,
  inputs: Map<string, Float32Array>,
  step: (model: T, input: Float32Array) => Promise<void>,
): Promise<void> {
  for (const model of batch % 2 === 0 ? models : [...models].reverse()) await step(model, inputs.get(model.inputKey)!);
}

/** A batch's input for every preprocessing the models have, each read once (models alike in it share one). */
async function inputsOf(
  models: readonly TurnTaker[],
  read: (preprocessing: Preprocessing) => Promise<Float32Array>,
): Promise<Map<string, Float32Array>> {
  const inputs = new Map<string, Float32Array>();
  for (const model of models) if (!inputs.has(model.inputKey)) inputs.set(model.inputKey, await read(model.run.preprocessing));
  return inputs;
}

/** `count` items' model input from item `start` on, going on from the test set's first item when it runs out. */
async function cyclicInput(dataset: Dataset, preprocessing: Preprocessing, start: number, count: number): Promise<Float32Array> {
  const total = dataset.labels.length;
  const parts: Float32Array[] = [];
  for (let at = start % total, left = count; left > 0; at = 0) {
    const end = Math.min(total, at + left);
    parts.push((await modelInput(dataset, preprocessing, at, end)).data);
    left -= end - at;
  }
  if (parts.length === 1) return parts[0]!;
  const input = new Float32Array(parts.reduce((length, part) => length + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    input.set(part, offset);
    offset += part.length;
  }
  return input;
}

/** What decides a model's input from a batch: models alike in it can share one. */
function inputKey(preprocessing: Preprocessing): string {
  return preprocessing.kind === 'table'
    ? JSON.stringify(['table', preprocessing.features])
    : JSON.stringify(['image', preprocessing.shape, preprocessing.pixelScale, preprocessing.mean, preprocessing.std]);
}

/** Turns one batch of class scores into predictions, label ranks, confidences and Brier scores. */
function scoreBatch(
  scores: Float32Array,
  start: number,
  end: number,
  labels: Int32Array,
  state: { toDataset: Int32Array; fromDataset: Int32Array; run: ModelRun; outcomes: ModelOutcomes },
  label: string,
): void {
  const { preprocessing } = state.run;
  const classes = preprocessing.labels.length;
  const count = end - start;
  if (scores.length !== count * classes)
    throw new ConfigurationError(
      `the model's output has ${scores.length / count} values per item, but preprocessing.json lists ${classes} labels`,
      { subject: 'model' },
    );
  const probabilities = new Float64Array(classes);
  for (let item = 0; item < count; item++) {
    const row = item * classes;
    let best = 0;
    for (let c = 0; c < classes; c++) {
      const value = scores[row + c]!;
      // A NaN would lose every comparison and quietly predict class 0: a broken model must never be scored.
      if (!Number.isFinite(value))
        throw new ConfigurationError(
          `${label}: the model's output for item ${start + item} is ${value} (class '${preprocessing.labels[c]}'): ` +
            'a model whose outputs are not finite numbers is broken (diverged weights, or a division by zero in the graph) and is never scored or promoted',
          { subject: 'model' },
        );
      if (value > scores[row + best]!) best = c;
    }
    const index = start + item;
    const labelOutput = state.fromDataset[labels[index]!]!;
    const labelScore = scores[row + labelOutput]!;
    // Classes ahead of the label as the top-1 prediction ranks them: higher scores, and equal ones earlier in the output
    // (the prediction is the first highest), so rank 0 is exactly "the top-1 prediction is right".
    let above = 0;
    for (let c = 0; c < classes; c++) {
      const score = scores[row + c]!;
      if (score > labelScore || (score === labelScore && c < labelOutput)) above++;
    }
    toProbabilities(scores, row, classes, preprocessing.output, probabilities, () => `${label}: item ${index}`);
    let brier = 0;
    for (let c = 0; c < classes; c++) brier += (probabilities[c]! - (c === labelOutput ? 1 : 0)) ** 2;
    state.outcomes.predictions[index] = state.toDataset[best]!;
    state.outcomes.labelRank[index] = above;
    state.outcomes.confidence[index] = probabilities[best]!;
    state.outcomes.brier[index] = brier;
  }
}

/** How far a row of probabilities may sum from 1 (float32 sums over a thousand classes stay well within it). */
const PROBABILITY_SUM_TOLERANCE = 1e-3;

/** One item's class probabilities: the softmax of logits, or the model's own probabilities, checked to be ones. */
function toProbabilities(
  scores: Float32Array,
  row: number,
  classes: number,
  output: Preprocessing['output'],
  into: Float64Array,
  where: () => string,
): void {
  if (output === 'probabilities') {
    let sum = 0;
    for (let c = 0; c < classes; c++) {
      const p = scores[row + c]!;
      if (p < -PROBABILITY_SUM_TOLERANCE || p > 1 + PROBABILITY_SUM_TOLERANCE)
        throw new ConfigurationError(
          `${where()}: preprocessing.json says the output holds probabilities, but one is ${p}: set "output": "logits" if the model outputs scores`,
          { subject: 'model' },
        );
      into[c] = Math.min(1, Math.max(0, p));
      sum += into[c]!;
    }
    if (Math.abs(sum - 1) > PROBABILITY_SUM_TOLERANCE)
      throw new ConfigurationError(
        `${where()}: preprocessing.json says the output holds probabilities, but they sum to ${sum}: set "output": "logits" if the model outputs scores`,
        { subject: 'model' },
      );
    // float32 rounding leaves them a little off: made exact, so confidences and Brier scores lie in their ranges.
    for (let c = 0; c < classes; c++) into[c] = into[c]! / sum;
    return;
  }
  let max = -Infinity;
  for (let c = 0; c < classes; c++) max = Math.max(max, scores[row + c]!);
  let sum = 0;
  for (let c = 0; c < classes; c++) sum += into[c] = Math.exp(scores[row + c]! - max);
  for (let c = 0; c < classes; c++) into[c] = into[c]! / sum;
}

/** Milliseconds to about three significant digits: one item may take a few microseconds, a large batch seconds. */
const formatMs = (ms: number): string => `${ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms.toPrecision(3)} ms`;

function median(values: Float64Array): number {
  const sorted = Float64Array.from(values).sort();
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
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
