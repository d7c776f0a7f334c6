import * as core from '@actions/core';
import type { Logger } from '@mlops-actions/common';

/** The runner's logger, which can also annotate the run. */
export interface ActionsLogger extends Logger {
  /**
   * A notice annotation: shown on the run's page and in its list of annotations, not only in the log. The runner's
   * workflow-command escaping (%, CR, LF in the text; also `:` and `,` in the title) keeps untrusted text one notice.
   */
  notice(message: string, title: string): void;
}

/** Logs through the Actions runner: workflow commands for notices, warnings, errors and groups. */
export function actionsLogger(): ActionsLogger {
  return {
    debug: (message) => core.debug(message),
    info: (message) => core.info(message),
    notice: (message, title) => core.notice(message, { title }),
    warning: (message) => core.warning(message),
    error: (message) => core.error(message),
    group: (title, fn) => core.group(title, fn),
  };
}
