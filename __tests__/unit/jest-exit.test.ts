import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, test } from '@jest/globals';

const root = resolve(import.meta.dirname, '..', '..');

/** `npm test` (scripts/test.ts) on one fixture file; its exit code, output and time to exit. */
function npmTest(fixture: string): Promise<{ code: number | null; output: string; seconds: number }> {
  const started = performance.now();
  const child = spawn(
    process.execPath,
    [resolve(root, 'node_modules/tsx/dist/cli.mjs'), 'scripts/test.ts', '--testMatch', `**/__tests__/fixtures/jest-exit/${fixture}`],
    { cwd: root, env: { ...process.env, MLOPS_JEST_EXIT_GRACE_MS: '4000', MLOPS_TEST_NO_INSTALL: '1' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolveRun) =>
    child.once('close', (code) => resolveRun({ code, output, seconds: (performance.now() - started) / 1000 })),
  );
}

describe('npm test ends by itself', () => {
  test('after a test that failed with servers and an mlops process open: the helpers close them and Jest exits at once', async () => {
    const run = await npmTest('fails-with-everything-open.fixture.ts');
    expect(run.output).toContain('Expected: "left nothing running"');
    expect(run.output).toContain('Tests:       1 failed, 1 total');
    expect(run.output).not.toContain('did not exit');
    expect(run.code).toBe(1);
  }, 120_000);

  test('a test that leaves a server open fails the run, named as such, instead of hanging it', async () => {
    const run = await npmTest('leaks-a-server.fixture.ts');
    expect(run.output).toContain('Tests:       1 passed, 1 total');
    expect(run.output).toContain('Jest did not exit within 4 s of its last test');
    expect(run.code).toBe(1);
    expect(run.seconds).toBeLessThan(60);
  }, 120_000);
});
