import * as core from '@actions/core';

/** Masks each non-empty secret in the log, and each line of a multi-line one (the runner masks per line). */
export function maskSecrets(...secrets: readonly (string | undefined)[]): void {
  for (const secret of secrets) {
    if (!secret) continue;
    core.setSecret(secret);
    for (const line of secret.split(/\r?\n/)) if (line.trim() !== '' && line !== secret) core.setSecret(line);
  }
}
