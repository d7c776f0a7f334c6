import * as core from '@actions/core';
import { secretValues } from '@mlops-actions/common';

/** Masks each non-empty secret in the log, and each line of a multi-line one (the runner masks per line). */
export function maskSecrets(...secrets: readonly (string | undefined)[]): void {
  for (const secret of secrets) {
    if (!secret) continue;
    core.setSecret(secret);
    for (const line of secret.split(/\r?\n/)) if (line.trim() !== '' && line !== secret) core.setSecret(line);
  }
}

/** Masks every secret the job's environment holds (MLFLOW_*, HF_TOKEN, passwords inside URLs…), before anything is logged. */
export function maskEnvironmentSecrets(env: Readonly<Record<string, string | undefined>> = process.env): void {
  maskSecrets(...secretValues(env));
}
