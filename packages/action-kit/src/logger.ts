import * as core from '@actions/core';
import type { Logger } from '@mlops-actions/common';

/** Logs through the Actions runner: workflow commands for warnings, errors and groups. */
export function actionsLogger(): Logger {
  return {
    debug: (message) => core.debug(message),
    info: (message) => core.info(message),
    warning: (message) => core.warning(message),
    error: (message) => core.error(message),
    group: (title, fn) => core.group(title, fn),
  };
}
