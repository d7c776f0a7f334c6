import { ConfigurationError } from './configuration-error.js';
import { parse as parseYaml } from 'yaml';

/** Returns the raw text of an input; an empty string when it was not given. */
export type InputGetter = (name: string) => string;

/** A scalar value of a map input. */
export type MapValue = string | number | boolean;

export interface NumberOptions {
  /** Smallest allowed value (inclusive). */
  min?: number;
  /** Largest allowed value (inclusive). */
  max?: number;
  /** Smallest allowed value, itself excluded. */
  above?: number;
  /** Largest allowed value, itself excluded. */
  below?: number;
  /** Only whole numbers. */
  integer?: boolean;
}

/** Strict, typed parsers over one source of inputs; every failure is a ConfigurationError naming the input. */
export interface InputReader {
  /** How the user names an input in messages: `input 'name'` in an action, `--name` on the command line. */
  describe: (name: string) => string;
  requiredString(name: string): string;
  optionalString(name: string): string | undefined;
  boolean(name: string, defaultValue: boolean): boolean;
  number(name: string, defaultValue: number, options?: NumberOptions): number;
  optionalNumber(name: string, options?: NumberOptions): number | undefined;
  enumeration<T extends string>(name: string, allowed: readonly T[], defaultValue: T): T;
  optionalEnumeration<T extends string>(name: string, allowed: readonly T[]): T | undefined;
  /** A duration such as `90s`, `5m`, `1h30m` or `250ms`, in milliseconds. */
  duration(name: string, defaultMs: number): number;
  /** One item per non-empty line. */
  list(name: string): string[];
  /** A YAML or JSON mapping of names to scalars. */
  map(name: string): Record<string, MapValue>;
}

export interface InputReaderOptions {
  get: InputGetter;
  /** How the user refers to an input in messages; default `input 'name'`. */
  describe?: (name: string) => string;
}

const YAML_TRUE = ['true', 'True', 'TRUE'];
const YAML_FALSE = ['false', 'False', 'FALSE'];
const DURATION_UNITS_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

export function createInputReader(options: InputReaderOptions): InputReader {
  const describe = options.describe ?? ((name: string) => `input '${name}'`);
  const raw = (name: string): string | undefined => {
    const value = options.get(name).trim();
    return value === '' ? undefined : value;
  };
  const fail = (name: string, message: string): never => {
    throw new ConfigurationError(`${describe(name)} ${message}`, { subject: describe(name) });
  };
  const parseNumber = (name: string, text: string, limits: NumberOptions): number => {
    const value = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text) ? Number(text) : Number.NaN;
    if (!Number.isFinite(value)) fail(name, `must be a number, got '${text}'`);
    if (limits.integer && !Number.isInteger(value)) fail(name, `must be a whole number, got '${text}'`);
    const range = describeRange(limits);
    const outside =
      (limits.min !== undefined && value < limits.min) ||
      (limits.max !== undefined && value > limits.max) ||
      (limits.above !== undefined && value <= limits.above) ||
      (limits.below !== undefined && value >= limits.below);
    if (outside) fail(name, `must be ${range}, got ${text}`);
    return value;
  };
  const parseEnum = <T extends string>(name: string, text: string, allowed: readonly T[]): T => {
    if ((allowed as readonly string[]).includes(text)) return text as T;
    return fail(name, `must be one of ${allowed.map((a) => `'${a}'`).join(', ')}, got '${text}'`);
  };

  return {
    describe,
    requiredString(name) {
      return raw(name) ?? fail(name, 'is required but was not given');
    },
    optionalString: raw,
    boolean(name, defaultValue) {
      const text = raw(name);
      if (text === undefined) return defaultValue;
      if (YAML_TRUE.includes(text)) return true;
      if (YAML_FALSE.includes(text)) return false;
      return fail(name, `must be a YAML boolean (true or false), got '${text}'`);
    },
    number(name, defaultValue, limits = {}) {
      const text = raw(name);
      return text === undefined ? defaultValue : parseNumber(name, text, limits);
    },
    optionalNumber(name, limits = {}) {
      const text = raw(name);
      return text === undefined ? undefined : parseNumber(name, text, limits);
    },
    enumeration(name, allowed, defaultValue) {
      const text = raw(name);
      return text === undefined ? defaultValue : parseEnum(name, text, allowed);
    },
    optionalEnumeration(name, allowed) {
      const text = raw(name);
      return text === undefined ? undefined : parseEnum(name, text, allowed);
    },
    duration(name, defaultMs) {
      const text = raw(name);
      if (text === undefined) return defaultMs;
      const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d)/g)];
      const consumed = parts.map((p) => p[0]).join('');
      if (parts.length === 0 || consumed !== text.replace(/\s+/g, '')) {
        return fail(name, `must be a duration such as 30s, 5m, 1h30m or 500ms, got '${text}'`);
      }
      return parts.reduce((total, p) => total + Number(p[1]) * (DURATION_UNITS_MS[p[2] ?? 's'] ?? 0), 0);
    },
    list(name) {
      return (raw(name) ?? '')
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter((line) => line !== '');
    },
    map(name) {
      const text = raw(name);
      if (text === undefined) return {};
      let parsed: unknown;
      try {
        parsed = parseYaml(text);
      } catch (error) {
        const detail = error instanceof Error ? error.message.split('\n')[0] : String(error);
        return fail(name, `must be a YAML or JSON mapping (key: value per line): ${detail}`);
      }
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
        return fail(name, 'must be a YAML or JSON mapping (key: value per line), not a single value or a list');
      }
      const result: Record<string, MapValue> = {};
      for (const [key, value] of Object.entries(parsed)) {
        if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
          return fail(name, `must map each key to a string, number or boolean; '${key}' holds ${describeValue(value)}`);
        }
        result[key] = value;
      }
      return result;
    },
  };
}

function describeRange(limits: NumberOptions): string {
  const parts: string[] = [];
  if (limits.integer) parts.push('a whole number');
  else parts.push('a number');
  if (limits.min !== undefined) parts.push(`>= ${limits.min}`);
  if (limits.above !== undefined) parts.push(`> ${limits.above}`);
  if (limits.max !== undefined) parts.push(`<= ${limits.max}`);
  if (limits.below !== undefined) parts.push(`< ${limits.below}`);
  return parts.length === 1 ? parts[0]! : `${parts[0]} ${parts.slice(1).join(' and ')}`;
}

function describeValue(value: unknown): string {
  if (value === null) return 'nothing (null)';
  if (Array.isArray(value)) return 'a list';
  return `a ${typeof value}`;
}
