import { afterEach, beforeEach, describe, expect, jest, test } from '@jest/globals';
import { ConfigurationError, runAction } from '@mlops-actions/action-kit';

describe('runAction, the failure boundary', () => {
  let written: string;
  const originalExitCode = process.exitCode;

  beforeEach(() => {
    written = '';
    jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written += String(chunk);
      return true;
    });
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
    expect(written).toContain("::error::input 'model-name' is required but was not given");
    expect(written).not.toContain('at ');
  });

  test('a bug fails the step and puts the stack in the debug log', async () => {
    await runAction(async () => {
      throw new TypeError('cannot read properties of undefined');
    });
    expect(process.exitCode).toBe(1);
    expect(written).toContain('::error::Unexpected error: cannot read properties of undefined');
    expect(written).toMatch(/::debug::TypeError: cannot read properties of undefined%0A\s+at /);
  });

  test('success leaves the step green', async () => {
    await runAction(async () => undefined);
    expect(process.exitCode).toBe(originalExitCode);
    expect(written).toBe('');
  });
});
