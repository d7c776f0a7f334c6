import * as core from '@actions/core';
import { isConfigurationError } from '@mlops-actions/common';

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
