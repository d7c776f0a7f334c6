import * as core from '@actions/core';
import { createInputReader, secretInputs, type InputReader, type InputSpecs } from '@mlops-actions/common';
import { maskSecrets } from './secrets.js';

/**
 * Reads the inputs of the running action: `INPUT_*` variables, or for a composite action's script step the
 * JSON object its action.yml passes as `MLOPS_INPUTS: ${{ toJSON(inputs) }}`. The inputs `specs` marks secret are
 * masked in the log before anything else happens.
 */
export function actionInputReader(specs: InputSpecs): InputReader {
  const composite = process.env.MLOPS_INPUTS;
  let get: (name: string) => string;
  if (composite) {
    // toJSON(inputs) holds every input as a string (an input not given is '').
    const inputs = JSON.parse(composite) as Record<string, unknown>;
    get = (name) => (typeof inputs[name] === 'string' ? inputs[name] : '');
  } else get = (name) => core.getInput(name);
  maskSecrets(...secretInputs(specs).map((name) => get(name).trim()));
  return createInputReader({ get });
}
