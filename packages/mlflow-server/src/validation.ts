import { posix } from 'node:path';
import { invalid } from './errors.js';

/** A request's parameters: the query string for GET, the JSON body otherwise. */
export type Params = Record<string, unknown>;

const missing = (field: string) =>
  invalid(`Missing value for required parameter '${field}'. See the API docs for more information about request parameters.`);

export function requiredString(params: Params, field: string): string {
  const value = params[field];
  if (value === undefined || value === null || value === '') throw missing(field);
  if (typeof value !== 'string')
    throw invalid(`Invalid value ${JSON.stringify(value)} for parameter '${field}' supplied: expected a string`);
  return value;
}

export function optionalString(params: Params, field: string): string | undefined {
  const value = params[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string')
    throw invalid(`Invalid value ${JSON.stringify(value)} for parameter '${field}' supplied: expected a string`);
  return value;
}

/** An int64: a JSON number or a numeric string, as proto3 JSON allows. */
export function optionalInt64(params: Params, field: string): number | undefined {
  const value = params[field];
  if (value === undefined || value === null || value === '') return undefined;
  const number = typeof value === 'number' ? value : typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(number))
    throw invalid(`Invalid value ${JSON.stringify(value)} for parameter '${field}' supplied: expected an integer`);
  return number;
}

export function requiredInt64(params: Params, field: string): number {
  const value = optionalInt64(params, field);
  if (value === undefined) throw missing(field);
  return value;
}

/** A double: a number, a numeric string, or NaN / Infinity / -Infinity. */
export function requiredDouble(params: Params, field: string): number {
  const value = params[field];
  if (value === undefined || value === null) throw missing(field);
  if (typeof value === 'number') return value;
  if (value === 'NaN') return Number.NaN;
  if (value === 'Infinity') return Number.POSITIVE_INFINITY;
  if (value === '-Infinity') return Number.NEGATIVE_INFINITY;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  throw invalid(`Invalid value ${JSON.stringify(value)} for parameter '${field}' supplied: expected a number`);
}

/** A list parameter (a repeated query parameter arrives as one string when given once). */
export function optionalList(params: Params, field: string): unknown[] | undefined {
  const value = params[field];
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) return value as unknown[];
  if (typeof value === 'string') return [value];
  throw invalid(`Invalid value ${JSON.stringify(value)} for parameter '${field}' supplied: expected a list`);
}

export interface KeyValue {
  key: string;
  value: string;
}

/** `[{key, value}]` entries (tags, params), each checked. */
export function keyValues(params: Params, field: string): KeyValue[] {
  return (optionalList(params, field) ?? []).map((entry) => {
    if (typeof entry !== 'object' || entry === null)
      throw invalid(`Invalid value ${JSON.stringify(entry)} in '${field}': expected {"key", "value"}`);
    const item = entry as Params;
    return { key: requiredString(item, 'key'), value: optionalString(item, 'value') ?? '' };
  });
}

/** MLflow's rules for metric, param and tag names: length ≤ 250, `[/\w.\- :]`, and a normalised relative path. */
export function validateKey(key: string, what: string): string {
  if (key.length > 250) throw invalid(`'${what}' exceeds the maximum length of 250 characters`);
  const normalised = posix.normalize(key);
  if (!/^[/\w.\- :]*$/.test(key) || key.startsWith('/') || normalised !== key || key === '.' || key.includes('..')) {
    throw invalid(
      `Invalid ${what} '${key}'. Names may only contain alphanumerics, underscores (_), dashes (-), periods (.), spaces ( ), colon(:) and slashes (/), and must be a normalized path.`,
    );
  }
  return key;
}

/** Over-long values are cut, as MLflow does by default (MLFLOW_TRUNCATE_LONG_VALUES). */
export function truncate(value: string, limit: number): string {
  return value.length > limit ? value.slice(0, limit) : value;
}

export function maxResults(params: Params, defaultValue: number, limit: number): number {
  const value = optionalInt64(params, 'max_results') ?? defaultValue;
  if (value < 1 || value > limit)
    throw invalid(`Invalid value ${value} for parameter 'max_results' supplied. It must be at most ${limit}, and at least 1.`);
  return value;
}
