import { afterEach, beforeEach, describe, expect, jest, test } from '@jest/globals';
import { runAction } from '@mlops-actions/action-kit';
import { ConfigurationError } from '@mlops-actions/common';
import { LockHeldError } from '@mlops-actions/common';
import { MlflowApiError } from '@mlops-actions/mlflow';
import { captureStdout } from '../../helpers/capture-stdout.js';

describe('runAction, the failure boundary', () => {
  let stdout: { text: () => string };
  const originalExitCode = process.exitCode;

  beforeEach(() => {
    stdout = captureStdout();
  });
  afterEach(() => {
    jest.restoreAllMocks();
    process.exitCode = originalExitCode;
  });

  test('a user error fails the step with its message only', async () => {
    await runAction(async () => {
      throw new ConfigurationError("input 'model-name' is required but was not given");
    });
    expect(process.exitCode).toBe(1);
    expect(stdout.text()).toContain("::error::input 'model-name' is required but was not given");
    expect(stdout.text()).not.toContain('at ');
  });

  test('a bug fails the step and puts the stack in the debug log', async () => {
    await runAction(async () => {
      throw new TypeError('cannot read properties of undefined');
    });
    expect(process.exitCode).toBe(1);
    expect(stdout.text()).toContain('::error::Unexpected error: cannot read properties of undefined');
    expect(stdout.text()).toMatch(/::debug::TypeError: cannot read properties of undefined%0A\s+at /);
  });

  test('an outage fails the step as what it is, with what to check, never as unexpected', async () => {
    await runAction(async () => {
      throw new MlflowApiError({
        errorCode: 'CONNECTION_FAILED',
        status: 0,
        method: 'GET',
        url: 'http://mlflow.internal:5000/api/2.0/mlflow/experiments/get-by-name',
        serverMessage: 'fetch failed (connect ECONNREFUSED)',
      });
    });
    expect(process.exitCode).toBe(1);
    const log = stdout.text();
    expect(log).toContain('::error::MLflow GET http://mlflow.internal:5000/api/2.0/mlflow/experiments/get-by-name failed: no response');
    expect(log).toContain('— check MLFLOW_TRACKING_URI and that the server is reachable');
    expect(log).not.toContain('Unexpected error');
    expect(log).toMatch(/::debug::MlflowApiError: /);
  });

  test.each([
    [401, 'check the credentials: MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD, or MLFLOW_TRACKING_TOKEN'],
    [503, "MLflow failed on its side: retrying later may work, and the server's log says why"],
  ])('MLflow answering %i names what to check', async (status, hint) => {
    await runAction(async () => {
      throw new MlflowApiError({
        errorCode: `HTTP_${status}`,
        status,
        method: 'POST',
        url: 'http://m/api/2.0/mlflow/runs/create',
        serverMessage: 'no',
      });
    });
    expect(stdout.text()).toContain(`— ${hint}`);
    expect(stdout.text()).not.toContain('Unexpected error');
  });

  test('a lock another run holds is an operational failure too', async () => {
    await runAction(async () => {
      throw new LockHeldError('the promotion of digits is held by run 41', 'run 41', 0);
    });
    expect(stdout.text()).toContain('::error::the promotion of digits is held by run 41 — another run holds it');
    expect(stdout.text()).not.toContain('Unexpected error');
  });

  test('success leaves the step green', async () => {
    await runAction(async () => undefined);
    expect(process.exitCode).toBe(originalExitCode);
    expect(stdout.text()).toBe('');
  });
});
