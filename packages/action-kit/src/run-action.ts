import * as core from '@actions/core';
import { errorMessage, isConfigurationError, isOperationalError, isSystemError } from '@mlops-actions/common';

/** Fails the step with a message and a specific exit status (a wrapped command's own). */
export function failStep(message: string, exitCode: number): void {
  core.setFailed(message);
  process.exitCode = exitCode;
}

/**
 * The one failure boundary of an action, three ways: a user error fails the step with its message (what to fix); an
 * operational failure — a service down or refusing, a lock held — with its message and what to check; anything else
 * is a bug, "Unexpected error", its stack in the debug log.
 */
export async function runAction(main: () => Promise<void>): Promise<void> {
  try {
    await main();
  } catch (error: unknown) {
    if (isConfigurationError(error)) {
      core.setFailed(error.message);
      return;
    }
    if (error instanceof Error && error.stack) core.debug(error.stack);
    if (isOperationalError(error)) {
      core.setFailed(error.hint ? `${error.message} — ${error.hint}` : error.message);
      return;
    }
    if (isSystemError(error)) {
      core.setFailed(error.message); // the runner's system refused (a full disk, a port in use): not a bug
      return;
    }
    core.setFailed(`Unexpected error: ${errorMessage(error)}. Re-run with debug logging (ACTIONS_STEP_DEBUG) for details.`);
  }
}
