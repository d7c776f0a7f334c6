import { inputError, type MapValue } from '@mlops-actions/common';

/** MLflow's rule for param keys (mlflow/utils/validation.py). */
const PARAM_KEY = /^[\w\-. /]+$/;
const PARAM_VALUE_LIMIT = 6000;

/** The params as MLflow stores them (strings), checked against MLflow's rules for keys and values. */
export function normalizeParams(params: Readonly<Record<string, MapValue>>): Record<string, string> {
  const normalized: Record<string, string> = {};
  for (const [key, value] of Object.entries(params)) {
    if (!PARAM_KEY.test(key) || key.length > 250)
      throw inputError(
        'params',
        `: '${key}' is not a valid MLflow param name (letters, digits, '_', '-', '.', ' ' and '/', at most 250 characters)`,
      );
    const text = String(value);
    if (text.length > PARAM_VALUE_LIMIT)
      throw inputError('params', `: the value of '${key}' is longer than MLflow's ${PARAM_VALUE_LIMIT} characters`);
    normalized[key] = text;
  }
  return normalized;
}

/** `learning-rate` → `MLOPS_PARAM_LEARNING_RATE`. */
export const paramVariableName = (key: string): string => `MLOPS_PARAM_${key.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;

/** The params as environment variables for the command; two keys that would share a variable are an error. */
export function paramVariables(params: Readonly<Record<string, string>>): Record<string, string> {
  const variables: Record<string, string> = {};
  const owners = new Map<string, string>();
  for (const [key, value] of Object.entries(params)) {
    const name = paramVariableName(key);
    const other = owners.get(name);
    if (other !== undefined) throw inputError('params', `: '${other}' and '${key}' would both be passed as ${name}; rename one`);
    owners.set(name, key);
    variables[name] = value;
  }
  return variables;
}
