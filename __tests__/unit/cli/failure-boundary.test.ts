import { describe, expect, test } from '@jest/globals';
import { runCommands } from '@mlops-actions/cli/internal';
import { inputError, OperationalError } from '@mlops-actions/common';
import { Command } from 'commander';

/** `mlops fail` through the CLI's one failure boundary, with what the command throws. */
async function failWith(error: unknown): Promise<{ code: number; stderr: string }> {
  let stderr = '';
  const command = () =>
    new Command('fail').action(() => {
      throw error;
    });
  const code = await runCommands(['fail'], [{ name: 'fail', description: 'fails', load: () => Promise.resolve(command) }], {
    stdout: () => undefined,
    stderr: (text) => (stderr += text),
    env: {},
  });
  return { code, stderr };
}

describe("the CLI's failure boundary tells the user's mistakes, failing services and bugs apart", () => {
  test('a mistake in what the user gave: exit 2, what to fix, the input named as its flag', async () => {
    expect(await failWith(inputError('batch-size', 'must be a whole number, got 2.5'))).toEqual({
      code: 2,
      stderr: 'error: --batch-size must be a whole number, got 2.5\n',
    });
  });

  test('a service down or refusing: exit 1, what failed and what to check, no stack', async () => {
    const outage = new OperationalError('MLflow at http://mlflow:5000 could not be reached: connect ECONNREFUSED', {
      service: 'MLflow',
      hint: 'check MLFLOW_TRACKING_URI and that the server is reachable from this machine',
    });
    expect(await failWith(outage)).toEqual({
      code: 1,
      stderr:
        'error: MLflow at http://mlflow:5000 could not be reached: connect ECONNREFUSED\n  check MLFLOW_TRACKING_URI and that the server is reachable from this machine\n',
    });
  });

  test('the system refusing (a port in use, a full disk) is a failure, not a bug', async () => {
    const busy = Object.assign(new Error('listen EADDRINUSE: address already in use 127.0.0.1:7860'), {
      code: 'EADDRINUSE',
      syscall: 'listen',
    });
    expect(await failWith(busy)).toEqual({ code: 1, stderr: 'error: listen EADDRINUSE: address already in use 127.0.0.1:7860\n' });
  });

  test('anything else is a bug and says so, with how to get the stack', async () => {
    const { code, stderr } = await failWith(new TypeError("Cannot read properties of undefined (reading 'version')"));
    expect(code).toBe(1);
    expect(stderr).toBe(
      "unexpected error: Cannot read properties of undefined (reading 'version')\n  this is a bug in mlops; set MLOPS_DEBUG=1 for the stack trace and report it\n",
    );
  });
});
