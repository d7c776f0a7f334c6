// `npm test`: Jest, with two things around it.
// Before: the Debian packages some tests need (chromium, python3-torch, python3-numpy, gh) are installed when this runs as root with
// apt-get (as on a fresh container or CI machine; MLOPS_TEST_NO_INSTALL=1 stops that); otherwise the tests that need
// them are reported by name as not run, with the command that installs them — and with CI=true they fail instead.
// After: Jest must exit by itself. Once its last test has finished, it gets MLOPS_JEST_EXIT_GRACE_MS (10 s) to exit;
// if something a test started still holds it, Jest is stopped and the run fails, naming the cause.
// Arguments go to Jest: `npm test -- __tests__/unit`, `npm test -- --detectOpenHandles`.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { errorMessage } from '@mlops-actions/common';
import { canInstall, installCommand, installSystemPackages, SYSTEM_PACKAGES } from './system-packages.js';

const root = resolve(import.meta.dirname, '..');
const grace = Number(process.env.MLOPS_JEST_EXIT_GRACE_MS ?? 10_000);

function prepareSystemPackages(): void {
  const missing = SYSTEM_PACKAGES.filter((candidate) => !candidate.present());
  if (missing.length === 0) return;
  const names = missing.map((candidate) => candidate.name);
  if (canInstall() && process.env.MLOPS_TEST_NO_INSTALL !== '1') {
    console.log(
      `installing Debian's ${names.join(' and ')} for ${missing.map((p) => p.neededBy).join(' and ')} (MLOPS_TEST_NO_INSTALL=1 skips this)`,
    );
    try {
      installSystemPackages(names);
      return;
    } catch (error) {
      console.log(`could not install ${names.join(' ')}: ${errorMessage(error)}`);
    }
  }
  const consequence = process.env.CI ? 'CI is set, so those tests will fail' : 'those tests will not run';
  console.log(`missing Debian packages: ${names.join(', ')} — ${consequence}. Install them with:\n  ${installCommand(names)}`);
}

prepareSystemPackages();

const markers = mkdtempSync(join(tmpdir(), 'mlops-jest-'));
// Where the tests' temporary folders go (Jest's global setup points TMPDIR there): removed after Jest has exited, as
// removing a run's gigabytes can take longer than the grace Jest gets to exit.
const scratch = mkdtempSync(join(tmpdir(), 'mlops-tests-'));
const doneFile = join(markers, 'run-complete');
const jest = createRequire(import.meta.url).resolve('jest/bin/jest');
// Its own process group, so that Jest and its workers can be stopped together.
const child = spawn(process.execPath, [jest, ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
  detached: true,
  env: { ...process.env, NODE_OPTIONS: '--experimental-vm-modules', MLOPS_JEST_DONE_FILE: doneFile, MLOPS_TEST_SCRATCH_ROOT: scratch },
});
const stopAll = (signal: NodeJS.Signals): void => {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    // already gone
  }
};
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => stopAll(signal));

let forced = false;
// In watch mode Jest never exits by design: nothing to watch for.
const watching = process.argv.slice(2).some((arg) => /^--watch(All)?(=|$)/.test(arg));
const watch = setInterval(() => {
  if (watching) return;
  if (!existsSync(doneFile)) return;
  clearInterval(watch);
  setTimeout(() => {
    forced = true;
    console.error(
      `\nJest did not exit within ${grace / 1000} s of its last test: a server, child process, timer or browser a test ` +
        'started is still open. It was stopped, and this run fails. Find it with `npm test -- --detectOpenHandles`.',
    );
    stopAll('SIGKILL');
  }, grace).unref();
}, 200);

child.once('exit', (code, signal) => {
  clearInterval(watch);
  rmSync(markers, { recursive: true, force: true });
  rmSync(scratch, { recursive: true, force: true, maxRetries: 3 });
  process.exit(forced ? 1 : (code ?? (signal ? 1 : 0)));
});
