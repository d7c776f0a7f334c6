#!/usr/bin/env -S npx tsx
// `npm run demo`: the whole pipeline on this machine, with no network and no Python. The embedded MLflow server and
// the webhook relay (local dispatcher) run here; three MNIST models are trained by the train action's code; each
// registration's webhook reaches the relay, which runs evaluate-promote, and every promotion is deployed to a
// folder Space. `--example iris` tells the same story with a table model (examples/tabular-softmax, a CSV test set,
// a Space with a form). `--keep` continues from the last run's data instead of starting clean.
import { randomBytes } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { SingleBar } from 'cli-progress';
import { createInputReader, errorMessage, type Logger } from '@mlops-actions/common';
import { dispatchRecord, localDispatcher, type DispatchRequest } from '@mlops-actions/dispatch';
import { loadDataset } from '@mlops-actions/evaluation/datasets';
import { startRelay } from '@mlops-actions/dispatch/relay';
import { formatCondition, loadGate } from '@mlops-actions/gate';
import { createMlflowHttp, createWebhook, deleteWebhook, getVersionByAlias, listWebhooks } from '@mlops-actions/mlflow';
import { startMlflowServer } from '@mlops-actions/mlflow-server';
import { evaluateAndPromote, readLedger, rollbackChampion, type EvaluatePromoteResult } from '@mlops-actions/promotion';
import { deployModel } from '@mlops-actions/space';
import { readTrainInputs, train, trainOptionsFromInputs } from '@mlops-actions/training';

const root = resolve(import.meta.dirname, '..');
const { values: flags } = parseArgs({
  options: { keep: { type: 'boolean', default: false }, example: { type: 'string', default: 'mnist' } },
  strict: true,
});

/** What each example trains, on which test set, with which gate; the story is the same. */
interface Example {
  model: string;
  /** Where its data lives, under the repository. */
  data: string;
  trainer: string;
  /** The test set evaluate-promote and the Space's examples read. */
  dataset: string;
  labelColumn?: string;
  /** What the test items are called in progress lines. */
  unit: string;
  /** The trainer's progress lines, and what they count. */
  progress: { line: RegExp; unit: string; total: (params: Record<string, string>) => number };
  /** The condition (empty: the repository's configs/test_condition.txt). */
  condition: string;
  /** The three trainings: a first model, a stronger one, and a deliberately weaker one. */
  models: { story: string; params: Record<string, string> }[];
  describe: (params: Record<string, string>) => string;
}

const iris = (file: string): string => join(root, 'examples', 'tabular-softmax', 'data', file);
const EXAMPLES: Record<string, Example> = {
  mnist: {
    model: 'mnist-demo',
    data: '.mlops',
    trainer: 'examples/mnist-mlp/src/train.ts',
    dataset: 'mnist',
    unit: 'digits',
    progress: { line: /^epoch (\d+)\//, unit: 'epochs', total: (params) => Number(params.epochs) },
    condition: '',
    models: [
      { story: 'a first, small model', params: { hidden: '16', epochs: '2', samples: '3000' } },
      { story: 'a stronger model', params: { hidden: '96', epochs: '6', samples: '7000' } },
      { story: 'a deliberately weaker model', params: { hidden: '8', epochs: '1', samples: '400' } },
    ],
    describe: (params) => `hidden ${params.hidden}, ${params.epochs} epoch${params.epochs === '1' ? '' : 's'}, ${params.samples} digits`,
  },
  iris: {
    model: 'iris-demo',
    data: '.mlops/iris',
    trainer: 'examples/tabular-softmax/src/train.ts',
    dataset: `csv:${iris('iris-test.csv')}`,
    labelColumn: 'species',
    unit: 'rows',
    progress: { line: /^step (\d+)\//, unit: 'steps', total: (params) => Number(params.iterations) },
    // 48 test rows: a gate that asks only that the challenger is not worse, with a tolerance such a test set can give.
    condition: 'n - o > 0 +/- 0.1',
    models: [
      { story: 'a first, briefly trained model', params: { iterations: '3' } },
      { story: 'a fully trained model', params: { iterations: '300' } },
      { story: 'a deliberately weaker model', params: { iterations: '1' } },
    ].map((model) => ({
      ...model,
      params: { train: iris('iris-train.csv'), test: iris('iris-test.csv'), 'label-column': 'species', ...model.params },
    })),
    describe: (params) => `${params.iterations} gradient step${params.iterations === '1' ? '' : 's'} on 102 iris flowers`,
  },
};
const example: Example =
  (Object.hasOwn(EXAMPLES, flags.example) ? EXAMPLES[flags.example] : undefined) ??
  (() => {
    console.error(`--example ${flags.example}: the demo's examples are ${Object.keys(EXAMPLES).join(' and ')}`);
    process.exit(2);
  })();
const MODEL = example.model;
const ROLLBACK_REASON = 'the demo rolls back its last promotion';
// The gate every evaluation uses: the example's condition or the repository's condition file; three decisions share one
// test set.
const gate = await loadGate(
  createInputReader({
    get: (name) => (name === 'steps' ? '3' : name === 'condition' ? example.condition : ''),
    describe: (name) => name,
  }),
  {
    describe: (name) => name,
    defaultConditionFile: join(root, 'configs', 'test_condition.txt'),
  },
);
const CONDITION = formatCondition(gate.config.condition);
const data = join(root, example.data);
const paths = {
  mlflow: join(data, 'mlflow'),
  relay: join(data, 'relay'),
  cache: join(data, 'cache'),
  space: join(data, 'space'),
  work: join(data, 'work'),
  log: join(data, 'demo.log'),
};

const bold = (text: string) => (process.stdout.isTTY ? `\x1b[1m${text}\x1b[0m` : text);
let stage = 0;
const heading = (title: string) => console.log(`\n${bold(`== ${++stage}. ${title}`)}`);
const log = (line: string) => appendFileSync(paths.log, `${line}\n`);

/** Package progress goes to the log file; warnings and errors to the terminal as well. */
const logger: Logger = {
  debug: (message) => log(`debug: ${message}`),
  info: (message) => log(message),
  warning: (message) => {
    log(`warning: ${message}`);
    console.log(`   warning: ${message}`);
  },
  error: (message) => {
    log(`error: ${message}`);
    console.log(`   error: ${message}`);
  },
  group: async (title, fn) => {
    log(`== ${title}`);
    return fn();
  },
};

function progressBar(label: string, total: number): SingleBar {
  const bar = new SingleBar({
    format: `   ${label.padEnd(22)} [{bar}] {value}/{total} {unit}`,
    barsize: 30,
    hideCursor: true,
    clearOnComplete: false,
  });
  bar.start(total, 0, { unit: '' });
  return bar;
}

interface Outcome {
  version: number;
  story: string;
  evaluation?: EvaluatePromoteResult;
  deployed?: string;
  error?: string;
}
const outcomes = new Map<number, Outcome>();
const decision = (outcome: Outcome): string =>
  outcome.error ? 'error' : !outcome.evaluation ? 'not evaluated' : outcome.evaluation.promoted ? 'promoted' : 'rejected';
let trainingReported: Promise<void> = Promise.resolve();

if (!flags.keep)
  for (const dir of [paths.mlflow, paths.relay, paths.cache, paths.space, paths.work, paths.log])
    rmSync(dir, { recursive: true, force: true });
mkdirSync(data, { recursive: true });
const started = performance.now();

heading('Starting the local MLflow server and the webhook relay');
const server = await startMlflowServer({ dataDir: paths.mlflow, port: 0, log });
const http = createMlflowHttp({ trackingUri: server.url });
const secret = randomBytes(24).toString('base64url');

/** Deploys a version to the Space folder, as the deploy workflow would after a promotion or a rollback. */
async function deployToSpace(version: number): Promise<string> {
  heading(`Deploying v${version} to the Space in ${relative(root, paths.space)}/`);
  const deployed = await deployModel(
    {
      modelName: MODEL,
      version,
      alias: 'production',
      target: { kind: 'folder', dir: paths.space },
      // The held-out test set the gate evaluated on: the page offers one item of each class to click.
      examplesDataset: example.dataset,
      dryRun: false,
      cacheDir: paths.cache,
    },
    { http, logger, loadExamples: (spec) => loadDataset(spec, { cacheDir: paths.cache, logger, labelColumn: example.labelColumn }) },
  );
  console.log(`   wrote ${deployed.changedFiles.join(', ') || 'nothing (already current)'}`);
  return deployed.changedFiles.length ? `${deployed.changedFiles.length} files changed` : 'unchanged';
}

/** What the relay's local dispatcher runs for each version that receives the challenger alias. */
async function evaluateAndDeploy(request: DispatchRequest): Promise<void> {
  // The webhook can arrive before the training step has printed its last line; keep the story in order.
  await trainingReported;
  const outcome = outcomes.get(request.version) ?? { version: request.version, story: 'registered before this run' };
  outcomes.set(request.version, outcome);
  const champion = await getVersionByAlias(http, MODEL, 'production');
  heading(`Evaluating v${request.version} against ${champion ? `production v${champion.version}` : 'no production model yet'}`);
  const bars = new Map<string, SingleBar>();
  try {
    const result = await evaluateAndPromote(
      {
        modelName: MODEL,
        challenger: String(request.version),
        championAlias: 'production',
        dataset: example.dataset,
        labelColumn: example.labelColumn,
        condition: gate.config.condition,
        settings: gate.settings,
        executionProvider: 'cpu',
        batchSize: 256,
        promote: true,
        cacheDir: paths.cache,
        holder: 'npm run demo',
      },
      {
        http,
        logger,
        onProgress: (label, done, total) => {
          let bar = bars.get(label);
          if (!bar) bars.set(label, (bar = progressBar(label, total)));
          bar.update(done, { unit: example.unit });
          if (done === total) bar.stop();
        },
      },
    );
    outcome.evaluation = result;
    console.log(`   ${result.reason}`);
    if (result.promoted) outcome.deployed = await deployToSpace(request.version);
  } catch (error) {
    outcome.error = errorMessage(error);
    console.log(`   error: ${outcome.error}`);
  } finally {
    for (const bar of bars.values()) bar.stop();
  }
}

const relay = await startRelay({
  secret,
  dispatcher: localDispatcher(evaluateAndDeploy),
  record: dispatchRecord(http, 'npm run demo'),
  filter: { events: [{ kind: 'alias', alias: 'challenger' }] },
  dataDir: paths.relay,
  port: 0,
  logger,
});
// With --keep, the last run's webhook points at a relay that is gone: replace it.
for (const webhook of await listWebhooks(http)) if (webhook.name === 'demo-relay') await deleteWebhook(http, webhook.id);
await createWebhook(http, {
  name: 'demo-relay',
  url: `${relay.url}/webhook`,
  events: ['model_version_alias.created'],
  secret,
});
console.log(`   MLflow-compatible server ${server.url} (data in ${relative(root, paths.mlflow)}/)`);
console.log(`   relay ${relay.url}/webhook ← MLflow webhook on model_version_alias.created (queue in ${relative(root, paths.relay)}/)`);
console.log(`   gate: ${CONDITION}`);

try {
  for (const model of example.models) {
    heading(`Training ${model.story} (${example.describe(model.params)})`);
    let reported!: () => void;
    trainingReported = new Promise((resolve) => (reported = resolve));
    const workingDirectory = join(paths.work, `${Date.now()}`);
    mkdirSync(workingDirectory, { recursive: true });
    const bar = progressBar('training', example.progress.total(model.params));
    const output = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString().split('\n').filter(Boolean)) {
          log(line);
          const done = example.progress.line.exec(line)?.[1];
          if (done) bar.update(Number(done), { unit: example.progress.unit });
        }
        done();
      },
    });
    const inputs = readTrainInputs(
      createInputReader({
        get: (name) =>
          ({
            command: `"${process.execPath}" --import tsx "${join(root, example.trainer)}"`,
            'working-directory': workingDirectory,
            'model-name': MODEL,
            params: Object.entries(model.params)
              .map(([key, value]) => `${key}: ${value}`)
              .join('\n'),
          })[name] ?? '',
        describe: (name) => name,
      }),
    );
    const trained = await train(
      trainOptionsFromInputs(inputs, {
        env: { ...process.env, GITHUB_ACTIONS: '' },
        cwd: root,
        tempDir: tmpdir(),
        trackingUri: server.url,
      }),
      { http, logger, output },
    );
    bar.stop();
    if (trained.modelVersion === undefined) throw new Error(`training ended ${trained.outcome}; see ${relative(root, paths.log)}`);
    outcomes.set(trained.modelVersion, { ...outcomes.get(trained.modelVersion), version: trained.modelVersion, story: model.story });
    const accuracy = trained.metrics.test_accuracy;
    console.log(
      `   registered ${MODEL} v${trained.modelVersion}${accuracy === undefined ? '' : ` (the trainer's own test accuracy ${accuracy.toFixed(3)})`} and set @challenger`,
    );
    reported();
    // The alias fired MLflow's webhook; the relay queued it and its local dispatcher evaluates (and deploys).
    await server.webhooks.settle();
    await relay.drained();
  }
  // Someone finds a problem with the model in production: one step back, with the reason, and the Space follows.
  heading(`Rolling back the last promotion (mlops rollback --model-name ${MODEL} --reason "…")`);
  const rolledBack = await rollbackChampion(
    http,
    { modelName: MODEL, alias: 'production', reason: ROLLBACK_REASON, lock: { holder: 'npm run demo', timeoutMs: 0 } },
    logger,
  );
  console.log(`   @production: v${rolledBack.from} → v${rolledBack.to} (${ROLLBACK_REASON})`);
  await deployToSpace(rolledBack.to);
  heading(`The ledger of ${MODEL} (mlops ledger --model-name ${MODEL})`);
  for (const entry of await readLedger(http, MODEL))
    console.log(
      `   ${new Date(entry.at).toISOString()}  @${entry.alias}  ${entry.from === undefined ? 'none' : `v${entry.from}`} → ${entry.to === undefined ? 'none' : `v${entry.to}`}  ${entry.kind}: ${entry.reason.replace(/ \(.*\)$/, '')}`,
    );
} finally {
  await relay.close();
  await server.close();
}

heading('Summary');
const rows = [...outcomes.values()].sort((a, b) => a.version - b.version);
const table = [
  ['version', 'model', 'accuracy [Wilson interval]', 'decision', 'reason', 'deploy'],
  ...rows.map((row) => {
    const gate = row.evaluation?.gate;
    return [
      `v${row.version}`,
      row.story,
      gate ? `${gate.n.toFixed(3)} [${gate.wilson.n[0].toFixed(3)}, ${gate.wilson.n[1].toFixed(3)}]` : '—',
      decision(row),
      row.error ?? row.evaluation?.reason.replace(/ \(.*\)$/, '') ?? 'not evaluated',
      row.deployed ?? '—',
    ];
  }),
];
const widths = table[0]!.map((_, column) => Math.max(...table.map((row) => row[column]!.length)));
for (const [index, row] of table.entries()) {
  console.log(`   ${row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ')}`);
  if (index === 0) console.log(`   ${widths.map((width) => '-'.repeat(width)).join('  ')}`);
}
console.log(`\nfinished in ${((performance.now() - started) / 1000).toFixed(0)} s; the full log is ${relative(root, paths.log)}`);
console.log(`serve the Space: npm run mlops -- serve-space ${relative(root, paths.space)}   → http://127.0.0.1:7860`);
console.log(
  `see the runs, the models and the ledger: npm run mlops -- server --data ${relative(root, paths.mlflow)}   → http://127.0.0.1:5000/#/models/${MODEL}`,
);

// The story the demo tells on a clean start: the first model promoted by the first-model rule, the stronger one
// promoted, the weaker one rejected.
const decisions = rows.slice(-3).map(decision);
const expected = ['promoted', 'promoted', 'rejected'];
if (
  rows.some((row) => ['error', 'not evaluated'].includes(decision(row))) ||
  (!flags.keep && JSON.stringify(decisions) !== JSON.stringify(expected)) ||
  !existsSync(join(paths.space, 'index.html'))
) {
  console.error(`the demo did not go as it should: decisions ${decisions.join(', ')}, expected ${expected.join(', ')}`);
  process.exitCode = 1;
}
