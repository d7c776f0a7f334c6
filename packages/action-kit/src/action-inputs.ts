import * as core from '@actions/core';
import { createInputReader, type InputReader } from '@mlops-actions/common';

/**
 * Reads the inputs of the running action: `INPUT_*` variables, or for a composite action's script step the
 * JSON object its action.yml passes as `MLOPS_INPUTS: ${{ toJSON(inputs) }}`.
 */
export function actionInputReader(): InputReader {
  const composite = process.env.MLOPS_INPUTS;
  if (composite) {
    // toJSON(inputs) holds every input as a string (an input not given is '').
    const inputs = JSON.parse(composite) as Record<string, unknown>;
    return createInputReader({ get: (name) => (typeof inputs[name] === 'string' ? inputs[name] : '') });
  }
  return createInputReader({ get: (name) => core.getInput(name) });
}
