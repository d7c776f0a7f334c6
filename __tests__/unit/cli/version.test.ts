import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, test } from '@jest/globals';
import { runMlops } from '../../helpers/mlops-cli.js';

const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };

describe('mlops --version', () => {
  test.each([['--version'], ['-V']])("%s prints the repository's version from package.json, and nothing else", async (flag) => {
    expect(await runMlops([flag])).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  });

  test('the help lists it', async () => {
    expect((await runMlops(['--help'])).stdout).toMatch(/^ {2}-V, --version +print the version of mlops$/m);
  });

  test('after other global flags too', async () => {
    const dotenv = join(mkdtempSync(join(tmpdir(), 'mlops-version-')), '.env');
    writeFileSync(dotenv, 'MLFLOW_TRACKING_URI=http://127.0.0.1:5000\n');
    const { code, stdout } = await runMlops(['--dotenv', dotenv, '--version']);
    expect({ code, stdout }).toEqual({ code: 0, stdout: `${version}\n` });
  });

  test("after a command, --version is the command's own: deploy-hf's model version", async () => {
    const deploy = ['deploy-hf', '--model-name', 'digits', '--space', 'folder:space', '--version', 'latest'];
    expect(await runMlops(deploy)).toEqual({ code: 2, stdout: '', stderr: "error: --version must be a number, got 'latest'\n" });
  });

  test('the entry point answers it on a machine where no native module can load (onnxruntime, sharp, better-sqlite3)', async () => {
    // Loading any .node file goes through process.dlopen: here it fails, as with a broken or skipped native install.
    const noNativeModules = 'data:text/javascript,process.dlopen=()=>{throw new Error("a native module was loaded")}';
    const run = (...args: string[]) =>
      promisify(execFile)(process.execPath, ['--import', noNativeModules, '--import', 'tsx', 'packages/cli/src/index.ts', ...args]);
    expect(await run('--version')).toEqual({ stdout: `${version}\n`, stderr: '' });
    // The check itself works: a command that loads the commands fails the same way.
    await expect(run('--help')).rejects.toMatchObject({ stderr: expect.stringContaining('a native module was loaded') });
  }, 30_000);
});
