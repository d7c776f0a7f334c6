import { ConfigurationError, createInputReader, type InputReader, type InputSpec } from '@mlops-actions/common';
import { isMap, isScalar, isSeq, parseDocument, type Node } from 'yaml';
import { formatCondition, variablesOf, type Condition } from './condition.js';
import { parseCondition } from './parser.js';
import {
  ADAPTIVITY_NAMES,
  checkSettings,
  DEFAULT_SETTINGS,
  INTERVAL_METHODS,
  MAX_SAMPLES,
  MAX_STEPS,
  MODES,
  normalizeAdaptivity,
  type FirstModelRule,
  type GateSettings,
} from './settings.js';

/** Settings given explicitly (inputs, flags, a YAML file); absent ones fall back to the next layer. */
export type SettingsOverrides = Partial<GateSettings>;

/** The names of the settings, as inputs, flags (`--name`) and YAML keys. */
export const SETTING_NAMES = ['reliability', 'mode', 'adaptivity', 'steps', 'method', 'samples', 'seed', 'first-model'] as const;

/** The settings as inputs of an action (evaluate-promote) and flags of the CLI. */
export const SETTING_INPUT_SPECS = {
  reliability: {
    description: "1 - delta, the probability that the gate's decision is right (default 0.99, or the file's).",
    placeholder: '<r>',
  },
  mode: {
    description: "fp-free (promote only when the condition surely holds) or fn-free (default fp-free, or the file's).",
    placeholder: '<m>',
  },
  adaptivity: {
    description: 'none, full or firstChange: how far earlier decisions on this test set steered the models (default none).',
    placeholder: '<a>',
  },
  steps: {
    description:
      "How many champion comparisons one test set may decide with the guarantee intact (default 1, or the file's; the shipped configs/test_condition.txt sets 52).",
    placeholder: '<H>',
  },
  method: {
    description: 'exact (default: exact tests on the counts), bootstrap (paired percentile, the earlier rule) or hoeffding.',
    placeholder: '<m>',
  },
  samples: { description: 'Bootstrap resamples, for method bootstrap (default 10000).', placeholder: '<B>' },
  seed: { description: 'Bootstrap seed, for method bootstrap (default 0).', placeholder: '<s>' },
  'first-model': {
    description: 'Without a production model: promote, reject, or a condition on n such as "n > 0.8 +/- 0.02" (default promote).',
    placeholder: '<rule>',
  },
} as const satisfies Record<(typeof SETTING_NAMES)[number], InputSpec>;

/** A condition file: the condition and any settings it holds. */
export interface GateConfig {
  condition: Condition;
  settings: SettingsOverrides;
  /** Parts of the file that mean nothing to the gate (ease.ml/ci's `script`), said rather than ignored. */
  warnings: string[];
}

/** Reads the settings from inputs, flags or YAML values through one strict parser. */
export function readSettingOverrides(reader: InputReader, describe: (name: string) => string): SettingsOverrides {
  const overrides: SettingsOverrides = {};
  const reliability = reader.optionalNumber('reliability', { above: 0, below: 1 });
  if (reliability !== undefined) overrides.reliability = reliability;
  const mode = reader.optionalEnumeration('mode', MODES);
  if (mode !== undefined) overrides.mode = mode;
  const adaptivity = reader.optionalEnumeration('adaptivity', ADAPTIVITY_NAMES);
  if (adaptivity !== undefined) overrides.adaptivity = normalizeAdaptivity(adaptivity);
  const steps = reader.optionalNumber('steps', { integer: true, min: 1, max: MAX_STEPS });
  if (steps !== undefined) overrides.steps = steps;
  const method = reader.optionalEnumeration('method', INTERVAL_METHODS);
  if (method !== undefined) overrides.method = method;
  const samples = reader.optionalNumber('samples', { integer: true, min: 100, max: MAX_SAMPLES });
  if (samples !== undefined) overrides.samples = samples;
  const seed = reader.optionalNumber('seed', { integer: true, min: 0, max: Number.MAX_SAFE_INTEGER });
  if (seed !== undefined) overrides.seed = seed;
  const firstModel = reader.optionalString('first-model');
  if (firstModel !== undefined) overrides.firstModel = parseFirstModelRule(firstModel, describe('first-model'));
  return overrides;
}

/** `promote`, `reject`, or a condition on n alone that the first model must pass. */
export function parseFirstModelRule(text: string, subject = 'first-model'): FirstModelRule {
  const trimmed = text.trim();
  if (trimmed === 'promote' || trimmed === 'reject') return { kind: trimmed };
  const condition = parseCondition(trimmed, { file: subject });
  const used = variablesOf(condition.clauses);
  if (used.has('o') || used.has('d')) {
    throw new ConfigurationError(
      `${subject} must be 'promote', 'reject' or a condition on n alone (such as 'n > 0.6 +/- 0.02'): '${formatCondition(condition)}' uses o or d, and a first model has nothing to compare with`,
      { subject },
    );
  }
  return { kind: 'condition', condition };
}

/**
 * The settings in force: defaults, then the condition's reference flag (True → fp-free, False → fn-free),
 * then the condition file's settings, then explicit overrides.
 */
export function resolveSettings(layers: {
  referenceFlag?: boolean | undefined;
  file?: SettingsOverrides;
  overrides?: SettingsOverrides;
}): GateSettings {
  const fromFlag: SettingsOverrides = layers.referenceFlag === undefined ? {} : { mode: layers.referenceFlag ? 'fp-free' : 'fn-free' };
  return checkSettings({ ...DEFAULT_SETTINGS, ...fromFlag, ...defined(layers.file), ...defined(layers.overrides) });
}

/**
 * Reads a condition file: plain condition lines (`#` comments, the reference `, True` flag), or YAML
 * with `condition:` and settings, or ease.ml/ci's `ml:` list of one-key entries.
 */
export function parseGateConfig(text: string, options: { file?: string } = {}): GateConfig {
  const file = options.file ?? 'condition';
  if (!looksLikeYaml(text)) return { condition: parseCondition(text, { file }), settings: {}, warnings: [] };
  const document = parseDocument(text, { uniqueKeys: true });
  if (document.errors.length > 0) {
    throw new ConfigurationError(`${file}: not valid YAML: ${document.errors[0]!.message.split('\n')[0]}`, { subject: file });
  }
  const entries = yamlEntries(document.contents, file);
  const warnings: string[] = [];
  const values = new Map<string, string>();
  let conditionText: string | undefined;
  for (const [key, value] of entries) {
    if (key === 'script') {
      warnings.push(`${file}: 'script' (${value}) is ignored: the gate evaluates predictions, it does not run test scripts`);
    } else if (key === 'condition') {
      conditionText = value;
    } else if ((SETTING_NAMES as readonly string[]).includes(key)) {
      if (values.has(key)) throw new ConfigurationError(`${file}: '${key}' is given twice`, { subject: file });
      values.set(key, value);
    } else {
      throw new ConfigurationError(`${file}: unknown key '${key}': expected condition, ${SETTING_NAMES.join(', ')}`, { subject: file });
    }
  }
  if (conditionText === undefined)
    throw new ConfigurationError(`${file}: no 'condition' key: add one such as 'condition: n - o > 0.02 +/- 0.01'`, { subject: file });
  const describe = (name: string): string => `'${name}' in ${file}`;
  const reader = createInputReader({ get: (name) => values.get(name) ?? '', describe });
  return {
    condition: parseCondition(conditionText, { file: `${file} (condition)` }),
    settings: readSettingOverrides(reader, describe),
    warnings,
  };
}

function looksLikeYaml(text: string): boolean {
  return text.split(/\r?\n/).some((line) => /^\s*(?:-\s+)?[A-Za-z_][\w-]*\s*:/.test(line.replace(/#.*$/, '')));
}

/** The key/value pairs of a YAML mapping or of `ml:` (a list of one-key mappings), values as text. */
function yamlEntries(contents: unknown, file: string): [string, string][] {
  if (!isMap(contents))
    throw new ConfigurationError(`${file}: expected a YAML mapping with 'condition:' and settings, or ease.ml/ci's 'ml:' list`, {
      subject: file,
    });
  const pairs = contents.items.map((pair) => [scalarText(pair.key as Node, file), pair.value as Node | null] as const);
  if (pairs.length === 1 && pairs[0]![0] === 'ml') {
    const list = pairs[0]![1];
    if (!isSeq(list))
      throw new ConfigurationError(`${file}: 'ml' must be a list of one-key entries such as '- condition: n - o > 0.02 +/- 0.01'`, {
        subject: file,
      });
    return list.items.flatMap((item) => {
      if (!isMap(item)) throw new ConfigurationError(`${file}: each entry of 'ml' must be a 'key: value' pair`, { subject: file });
      return item.items.map((pair) => [scalarText(pair.key as Node, file), scalarText(pair.value as Node, file)] as [string, string]);
    });
  }
  return pairs.map(([key, value]) => [key, scalarText(value, file)]);
}

function scalarText(node: Node | null, file: string): string {
  if (node === null) return '';
  if (!isScalar(node)) throw new ConfigurationError(`${file}: expected a single value, found a nested list or mapping`, { subject: file });
  const value = node.value as string | number | boolean | null;
  return value === null ? '' : String(value);
}

function defined(overrides: SettingsOverrides | undefined): SettingsOverrides {
  return Object.fromEntries(Object.entries(overrides ?? {}).filter(([, value]) => (value as unknown) !== undefined));
}
