import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
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

  test('the entry point answers it, the help and a gate decision on a machine where no native module can load (onnxruntime, sharp, better-sqlite3)', async () => {
    // Loading any .node file goes through process.dlopen: here it fails, as with a broken or skipped native install.
    const noNativeModules = 'data:text/javascript,process.dlopen=()=>{throw new Error("a native module was loaded")}';
    const run = (...args: string[]) =>
      promisify(execFile)(process.execPath, ['--import', noNativeModules, '--import', 'tsx', 'packages/cli/src/index.ts', ...args]);
    expect(await run('--version')).toEqual({ stdout: `${version}\n`, stderr: '' });
    // Listing the commands, a command's own help and a gate decision load none either: each is loaded when used.
    expect((await run('--help')).stdout).toContain('evaluate-promote [options]');
    expect((await run('evaluate-promote', '--help')).stdout).toContain('--execution-provider');
    const predictions = join(mkdtempSync(join(tmpdir(), 'mlops-native-')), 'predictions.csv');
    writeFileSync(predictions, 'label,new,old\n1,1,0\n0,0,0\n');
    await expect(run('gate', 'evaluate', '--condition', 'n - o > 0.02 +/- 0.5', '--predictions', predictions)).rejects.toMatchObject({
      code: 3,
      stdout: expect.stringContaining('rejected'),
      stderr: '',
    });
    // The check itself works: a command that opens a database fails the same way.
    await expect(run('server', '--port', '0', '--data', join(dirname(predictions), 'data'))).rejects.toMatchObject({
      stderr: expect.stringContaining('a native module was loaded'),
    });
  }, 60_000);

  test('so does the committed bundle, where a static import of a native module would load it at start-up', async () => {
    const noNativeModules = 'data:text/javascript,process.dlopen=()=>{throw new Error("a native module was loaded")}';
    const run = (bundle: string, ...args: string[]) =>
      promisify(execFile)(process.execPath, ['--import', noNativeModules, bundle, ...args]);
    expect(await run('dist/cli/index.js', '--version')).toEqual({ stdout: `${version}\n`, stderr: '' });
    expect((await run('dist/cli/index.js', '--help')).stdout).toContain('evaluate-promote [options]');
    expect((await run('dist/relay/index.js', '--help')).stdout).toContain('--max-body-bytes <n>');
    const predictions = join(mkdtempSync(join(tmpdir(), 'mlops-native-')), 'predictions.csv');
    writeFileSync(predictions, 'label,new,old\n1,1,0\n0,0,0\n');
    await expect(
      run('dist/cli/index.js', 'gate', 'evaluate', '--condition', 'n - o > 0.02 +/- 0.5', '--predictions', predictions),
    ).rejects.toMatchObject({ code: 3, stdout: expect.stringContaining('rejected'), stderr: '' });
    await expect(run('dist/cli/index.js', 'server', '--port', '0', '--data', join(dirname(predictions), 'data'))).rejects.toMatchObject({
      stderr: expect.stringContaining('a native module was loaded'),
    });
  }, 60_000);
});
