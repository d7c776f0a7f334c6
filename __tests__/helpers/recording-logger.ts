import type { Logger } from '@mlops-actions/common';

/** A logger that keeps every line, for assertions on what a user would read. */
export function recordingLogger(): Logger & { lines: string[]; warnings: string[]; errors: string[] } {
  const lines: string[] = [];
  const warnings: string[] = [];
  const errors: string[] = [];
  return {
    lines,
    warnings,
    errors,
    debug: () => undefined,
    info: (message) => void lines.push(message),
    warning: (message) => void warnings.push(message),
    error: (message) => void errors.push(message),
    group: async (title, fn) => {
      lines.push(`== ${title}`);
      return fn();
    },
  };
}
