import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, test } from '@jest/globals';

const bundle = resolve('dist/cli/index.js');
const run = async (...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> => {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [bundle, ...args]);
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
};

describe('the committed mlops bundle (dist/cli/index.js), as a user runs it', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mlops-bundle-'));
  const predictions = join(dir, 'predictions.csv');
  writeFileSync(
    predictions,
    `label,new,old\n${Array.from({ length: 1_000 }, (_, i) => `${i % 3},${i % 3},${i % 4 === 0 ? 5 : i % 3}`).join('\n')}\n`,
  );

  test('exit 0 when the condition passes', async () => {
    const result = await run('gate', 'evaluate', '--predictions', predictions, '--condition', 'n - o > 0.1 +/- 0.05');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('decision   promote');
  });

  test('exit 3 when it does not', async () => {
    const result = await run('gate', 'evaluate', '--predictions', predictions, '--condition', 'n - o > 0.3 +/- 0.05');
    expect(result.code).toBe(3);
    expect(result.stdout).toMatch(/^rejected: /);
  });

  test('exit 2 with a message on stderr for a usage error', async () => {
    const result = await run('gate', 'evaluate', '--predictions', predictions, '--condition', 'n - o > 0.3');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("expected '+/-' and a tolerance after the threshold 0.3");
  });

  test('sample-size prints a bare integer', async () => {
    expect(
      await run(
        'gate',
        'sample-size',
        '--condition',
        'n > 0.8 +/- 0.05',
        '--reliability',
        '0.9999',
        '--adaptivity',
        'full',
        '--steps',
        '32',
      ),
    ).toEqual({ code: 0, stdout: '6279\n', stderr: '' });
  });
});
