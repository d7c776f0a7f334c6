import * as core from '@actions/core';
import { isConfigurationError } from '@mlops-actions/common';

/** Fails the step with a message and a specific exit status (a wrapped command's own). */
export function failStep(message: string, exitCode: number): void {
  core.setFailed(message);
  process.exitCode = exitCode;
}

/**
 * The one failure boundary of an action: a user error fails the step with its message; anything else is
 * a bug and fails the step with its message, the stack going to the debug log.
 */
export async function runAction(main: () => Promise<void>): Promise<void> {
  try {
    await main();
  } catch (error: unknown) {
    if (isConfigurationError(error)) {
      core.setFailed(error.message);
      return;
    }
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof Error && error.stack) core.debug(error.stack);
    core.setFailed(`Unexpected error: ${message}. Re-run with debug logging (ACTIONS_STEP_DEBUG) for details.`);
  }
}
