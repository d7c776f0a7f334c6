// Runs a composite action from its action.yml as the GitHub runner does: `${{ }}` evaluated by GitHub's own
// expression library (@actions/expressions), inputs with their defaults, each `run:` step a bash script
// (`bash --noprofile --norc -eo pipefail {0}`, the runner's command for `shell: bash`) with its own GITHUB_OUTPUT,
// `actions/cache` steps restored up front and saved after the last step, as its post step does; a step's `if:` evaluated
// with the same library (only after success here: the run stops at the first failure, so `success()` is implied).
import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { data, Evaluator, Lexer, Parser } from '@actions/expressions';
import { truthy } from '@actions/expressions/result';
import { parse } from 'yaml';
import { parseOutputFile } from './action-env.js';

const run = promisify(execFile);

interface Step {
  id?: string;
  if?: string;
  name?: string;
  uses?: string;
  run?: string;
  shell?: string;
  with?: Record<string, string>;
  env?: Record<string, string>;
}
interface CompositeDefinition {
  inputs?: Record<string, { default?: string }>;
  outputs?: Record<string, { value: string }>;
  runs: { using: string; steps: Step[] };
}

const CONTEXTS = ['inputs', 'steps', 'runner', 'github', 'env', 'matrix'];

/** One expression's value, by GitHub's expression evaluator. */
function evaluateExpression(expression: string, context: Record<string, unknown>): data.ExpressionData {
  const dictionary = JSON.parse(JSON.stringify(context), data.reviver) as data.Dictionary;
  const tree = new Parser(new Lexer(expression.trim()).lex().tokens, CONTEXTS, []).parse();
  return new Evaluator(tree, dictionary).evaluate();
}

/** Evaluates every `${{ expression }}` in a string with GitHub's expression evaluator, as the runner does. */
export function evaluateTemplate(template: string, context: Record<string, unknown>): string {
  return template.replace(/\$\{\{(.*?)\}\}/gs, (_, expression: string) => evaluateExpression(expression, context).coerceString());
}

/**
 * Whether a step's `if:` holds: an expression with or without `${{ }}`, true when truthy, as the runner reads it. Status
 * functions (`success()`, `always()`, `failure()`) are not known here: a step that uses one is refused by the parser.
 */
export function stepCondition(condition: string, context: Record<string, unknown>): boolean {
  const bare = /^\s*\$\{\{([\s\S]*)\}\}\s*$/.exec(condition)?.[1] ?? condition;
  return truthy(evaluateExpression(bare, context));
}

// The module is internal to @actions/cache (its exports map hides it), so it is reached by its file.
const cacheUtilsUrl = pathToFileURL(
  join(import.meta.dirname, '..', '..', 'node_modules', '@actions', 'cache', 'lib', 'internal', 'cacheUtils.js'),
).href;

/**
 * The paths `actions/cache` saves for a `path:` input, computed by `@actions/cache`'s own `resolvePaths` (the function
 * its save step calls, which refuses '.' and '..' segments), in a process of its own with the runner's workspace.
 */
export async function resolveCachePaths(path: string, workspace: string): Promise<string[]> {
  const script =
    `const { resolvePaths } = await import(${JSON.stringify(cacheUtilsUrl)});` +
    `const lines = process.argv[1].split('\\n').map((l) => l.trim()).filter(Boolean);` +
    `try { console.log('RESULT ' + JSON.stringify({ paths: await resolvePaths(lines) })); }` +
    `catch (error) { console.log('RESULT ' + JSON.stringify({ error: error.message })); }`;
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script, path], {
    env: { PATH: process.env.PATH, GITHUB_WORKSPACE: workspace },
    cwd: workspace,
  });
  const result = JSON.parse(/^RESULT (.*)$/m.exec(stdout)![1]!) as { paths?: string[]; error?: string };
  if (result.error !== undefined) throw new Error(result.error);
  return result.paths!;
}

/**
 * A cache service for `actions/cache` steps on this machine: entries are tar archives of the paths `@actions/cache`
 * resolves, relative to the workspace as its tar call makes them, keyed by key and by the paths (its cache version).
 */
export interface LocalActionsCache {
  /** What was restored and saved so far: the key, and the `path:` input exactly as the action handed it over. */
  restored: { key: string; path: string }[];
  saved: { key: string; path: string }[];
  restore(paths: string, key: string, workspace: string): Promise<boolean>;
  save(paths: string, key: string, workspace: string): Promise<void>;
}

export function createLocalActionsCache(): LocalActionsCache {
  const store = mkdtempSync(join(tmpdir(), 'actions-cache-'));
  const archive = (paths: string, key: string): string =>
    join(store, `${createHash('sha256').update(`${key}\n${paths}`).digest('hex')}.tgz`);
  const cache: LocalActionsCache = {
    restored: [],
    saved: [],
    async restore(paths, key, workspace) {
      const file = archive(paths, key);
      if (!existsSync(file)) return false;
      await run('tar', ['-xzf', file, '-P', '-C', workspace]);
      cache.restored.push({ key, path: paths });
      return true;
    },
    async save(paths, key, workspace) {
      const resolved = await resolveCachePaths(paths, workspace);
      // actions/cache warns and saves nothing when no path exists ("Path Validation Error").
      if (resolved.length === 0) return;
      await run('tar', ['-czf', archive(paths, key), '-P', '-C', workspace, ...resolved]);
      cache.saved.push({ key, path: paths });
    },
  };
  return cache;
}

export interface CompositeRun {
  code: number;
  stdout: string;
  /** The action's outputs, evaluated from action.yml's `outputs`. */
  outputs: Record<string, string>;
  summary: string;
}

export interface CompositeRunOptions {
  /** The action's folder in a checkout of this repository: <checkout>/actions/<name>. */
  actionDir: string;
  inputs: Record<string, string>;
  /** The job's environment: what `env:` at job level and the runner give every step (secrets included). */
  env: Record<string, string | undefined>;
  workspace: string;
  cache: LocalActionsCache;
  /** Stop before the step with this id. */
  until?: string;
  /** Each piece of the steps' output as it comes (stdout and stderr), for who watches the run as it goes. */
  onOutput?: (text: string) => void;
}

/** Runs a composite action's steps in order, stopping at the first that fails, then saves the caches it missed. */
export async function runCompositeAction(options: CompositeRunOptions): Promise<CompositeRun> {
  const action = parse(readFileSync(join(options.actionDir, 'action.yml'), 'utf8')) as CompositeDefinition;
  if (action.runs.using !== 'composite') throw new Error(`${options.actionDir} is not a composite action`);
  const files = mkdtempSync(join(tmpdir(), 'composite-run-'));
  const summaryFile = join(files, 'summary');
  writeFileSync(summaryFile, '');
  const inputs = Object.fromEntries(
    Object.entries(action.inputs ?? {}).map(([name, spec]) => [name, options.inputs[name] ?? spec.default ?? '']),
  );
  const steps: Record<string, { outputs: Record<string, string> }> = {};
  const context = (): Record<string, unknown> => ({
    inputs,
    steps,
    runner: { os: 'Linux', arch: 'X64', temp: files },
    github: { run_id: '4242', run_attempt: '1', action_path: options.actionDir, workspace: options.workspace },
    env: options.env,
  });
  const pendingSaves: { path: string; key: string }[] = [];
  let stdout = '';
  let code = 0;
  for (const [index, step] of action.runs.steps.entries()) {
    if (options.until !== undefined && step.id === options.until) break;
    if (step.if !== undefined && !stepCondition(step.if, context())) {
      stdout += `Skipping step ${step.name ?? index}: its condition '${step.if}' is false\n`;
      continue;
    }
    const given = Object.fromEntries(Object.entries(step.with ?? {}).map(([name, value]) => [name, evaluateTemplate(value, context())]));
    if (step.uses !== undefined) {
      if (!/^actions\/cache@v\d+$/.test(step.uses)) throw new Error(`step ${index}: ${step.uses} is not run by this helper`);
      const hit = await options.cache.restore(given.path!, given.key!, options.workspace);
      stdout += `${hit ? 'Cache restored' : 'Cache not found'} for key: ${given.key}\n`;
      if (!hit) pendingSaves.push({ path: given.path!, key: given.key! });
      continue;
    }
    const outputFile = join(files, `output-${index}`);
    writeFileSync(outputFile, '');
    const script = join(files, `step-${index}.sh`);
    writeFileSync(script, evaluateTemplate(step.run!, context()));
    const stepEnv = Object.fromEntries(Object.entries(step.env ?? {}).map(([name, value]) => [name, evaluateTemplate(value, context())]));
    const result = await new Promise<{ code: number; text: string }>((resolve, reject) => {
      const child = spawn('bash', ['--noprofile', '--norc', '-e', '-o', 'pipefail', script], {
        cwd: options.workspace,
        env: {
          ...options.env,
          GITHUB_ACTIONS: 'true',
          GITHUB_ACTION_PATH: options.actionDir,
          GITHUB_WORKSPACE: options.workspace,
          GITHUB_OUTPUT: outputFile,
          GITHUB_STEP_SUMMARY: summaryFile,
          RUNNER_OS: 'Linux',
          RUNNER_ARCH: 'X64',
          RUNNER_TEMP: files,
          ...stepEnv,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let text = '';
      const take = (chunk: Buffer): void => {
        text += chunk.toString();
        options.onOutput?.(chunk.toString());
      };
      child.stdout.on('data', take);
      child.stderr.on('data', take);
      child.once('error', reject);
      child.once('close', (status) => resolve({ code: status ?? 1, text }));
    });
    stdout += result.text;
    const written = readFileSync(outputFile, 'utf8');
    const plain = Object.fromEntries(
      written
        .split('\n')
        .filter((line) => /^[^<=\n]+=/.test(line))
        .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
    );
    if (step.id !== undefined) steps[step.id] = { outputs: { ...plain, ...parseOutputFile(written) } };
    if (result.code !== 0) {
      code = result.code;
      break;
    }
  }
  // actions/cache saves in its post step, which runs only when the job succeeded so far.
  if (code === 0) for (const { path, key } of pendingSaves) await options.cache.save(path, key, options.workspace);
  const outputs = Object.fromEntries(
    Object.entries(action.outputs ?? {}).map(([name, spec]) => [name, evaluateTemplate(spec.value, context())]),
  );
  return { code, stdout, outputs, summary: readFileSync(summaryFile, 'utf8') };
}

/** A checkout of this repository as a runner keeps an action: the action folders, the root manifest and one bundle. */
export function makeActionCheckout(root: string, checkout: string, bundle: string): void {
  mkdirSync(join(checkout, 'dist'), { recursive: true });
  for (const path of ['actions', join('dist', bundle), 'package.json'])
    // Leaves out node_modules a developer's checkout may hold beside a bundle.
    cpSync(join(root, path), join(checkout, path), {
      recursive: true,
      filter: (source) => !source.split(/[\\/]/).includes('node_modules'),
    });
}
