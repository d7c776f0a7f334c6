#!/usr/bin/env node
// Rebuilds every bundle into a temporary folder and fails when dist/ differs from it or a bundle is broken.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const committed = join(root, 'dist');
const fresh = mkdtempSync(join(tmpdir(), 'mlops-dist-'));

function files(dir) {
  try {
    return readdirSync(dir, { recursive: true })
      .map((name) => join(dir, name))
      .filter((path) => statSync(path).isFile())
      .map((path) => relative(dir, path))
      .sort();
  } catch {
    return [];
  }
}

try {
  execFileSync(process.execPath, [join(root, 'scripts', 'bundle.mjs'), '--out', fresh], { cwd: root, stdio: 'inherit' });
  const problems = [];
  const expected = files(fresh);
  const actual = files(committed);
  for (const name of expected) {
    if (!actual.includes(name)) problems.push(`dist/${name} is missing`);
    else if (!readFileSync(join(fresh, name)).equals(readFileSync(join(committed, name))))
      problems.push(`dist/${name} differs from a fresh build`);
    if (name.endsWith('.js') && readFileSync(join(fresh, name), 'utf8').includes('webpackMissingModule'))
      problems.push(`dist/${name} is broken: a module could not be resolved (webpackMissingModule)`);
  }
  for (const name of actual) if (!expected.includes(name)) problems.push(`dist/${name} is not produced by the build any more`);
  if (problems.length > 0) {
    console.error(`dist/ is not what the sources build:\n  ${problems.join('\n  ')}\nRun 'npm run bundle' and commit dist/.`);
    process.exit(1);
  }
  console.log(`dist/ matches a fresh build (${expected.length} files).`);
} finally {
  rmSync(fresh, { recursive: true, force: true });
}
