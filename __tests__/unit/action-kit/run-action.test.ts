import { afterEach, beforeEach, describe, expect, jest, test } from '@jest/globals';
import { ConfigurationError, runAction } from '@mlops-actions/action-kit';
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

  test('success leaves the step green', async () => {
    await runAction(async () => undefined);
    expect(process.exitCode).toBe(originalExitCode);
    expect(stdout.text()).toBe('');
  });
});
