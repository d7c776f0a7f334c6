import * as core from '@actions/core';
import { createInputReader, type InputReader } from '@mlops-actions/common';

/** Reads the inputs of the running action (`INPUT_*`). */
export function actionInputReader(): InputReader {
  return createInputReader({ get: (name) => core.getInput(name) });
}
