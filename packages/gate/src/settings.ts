import { ConfigurationError } from '@mlops-actions/common';
import type { Condition } from './condition.js';

export type Mode = 'fp-free' | 'fn-free';
/** How decisions reuse one test set: `firstChange` is what the authors' code calls `hybrid`. */
export type Adaptivity = 'none' | 'full' | 'firstChange';
export type IntervalMethod = 'exact' | 'bootstrap' | 'hoeffding';

export const MODES: readonly Mode[] = ['fp-free', 'fn-free'];
/** Accepted spellings of adaptivity; `hybrid` means `firstChange`. */
export const ADAPTIVITY_NAMES = ['none', 'full', 'firstChange', 'hybrid'] as const;
export const INTERVAL_METHODS: readonly IntervalMethod[] = ['exact', 'bootstrap', 'hoeffding'];

/** What happens when there is no production model to compare with. */
export type FirstModelRule =
  | { kind: 'promote' }
  | { kind: 'reject' }
  /** The first model must pass this condition, which may only use `n`. */
  | { kind: 'condition'; condition: Condition };

export interface GateSettings {
  /** 1 − δ: the probability that a pass (fp-free) or a failure (fn-free) is right. */
  reliability: number;
  mode: Mode;
  adaptivity: Adaptivity;
  /** H: how many decisions may reuse one test set. */
  steps: number;
  method: IntervalMethod;
  /** Bootstrap resamples B. */
  samples: number;
  /** Seed of the bootstrap's random numbers: the same seed and data give the same decision. */
  seed: number;
  firstModel: FirstModelRule;
}

/** The defaults, documented in the README's "Settings" table. */
export const DEFAULT_SETTINGS: GateSettings = {
  reliability: 0.99,
  mode: 'fp-free',
  adaptivity: 'none',
  steps: 1,
  method: 'exact',
  samples: 10_000,
  seed: 0,
  firstModel: { kind: 'promote' },
};

/** Most bootstrap resamples the gate draws, also when it raises B to resolve a small tail. */
export const MAX_SAMPLES = 2_000_000;
/**
 * The most resample × clause evaluations one decision may cost. A condition of many clauses splits δ between them, so
 * each needs more resamples: past this budget the decision uses the Hoeffding/Bennett bounds, whose cost is linear in
 * the number of clauses, instead of growing with its square.
 */
export const MAX_BOOTSTRAP_WORK = 50_000_000;
/**
 * The most clauses the exact tests decide in one evaluation: each costs up to tens of milliseconds at a million items,
 * so past this the Hoeffding/Bennett bounds, linear in the number of clauses and cheap, decide instead.
 */
export const MAX_EXACT_CLAUSES = 64;
/** A reliability below 0.5 is a gate that is wrong more often than right; above 1 − 1e-12 is not a number apart from 1. */
export const MIN_RELIABILITY = 0.5;
export const MAX_RELIABILITY = 0.999999999999;
/** Most steps H (2^H must stay representable as ln). */
export const MAX_STEPS = 100_000;

export function normalizeAdaptivity(name: (typeof ADAPTIVITY_NAMES)[number]): Adaptivity {
  return name === 'hybrid' ? 'firstChange' : name;
}

/** Checks settings that did not pass through an input parser (YAML files, library callers). */
export function checkSettings(settings: GateSettings, subject = 'gate settings'): GateSettings {
  const fail = (message: string): never => {
    throw new ConfigurationError(`${subject}: ${message}`, { subject });
  };
  if (!(settings.reliability >= MIN_RELIABILITY && settings.reliability <= MAX_RELIABILITY))
    fail(
      `reliability must be from ${MIN_RELIABILITY} to ${MAX_RELIABILITY} (a chance of a wrong decision δ from 1e-12 to 0.5), such as 0.99 or 0.9999; got ${settings.reliability}`,
    );
  if (!MODES.includes(settings.mode)) fail(`mode must be 'fp-free' or 'fn-free'; got '${settings.mode}'`);
  if (!['none', 'full', 'firstChange'].includes(settings.adaptivity))
    fail(`adaptivity must be 'none', 'full' or 'firstChange' ('hybrid'); got '${settings.adaptivity}'`);
  if (!Number.isInteger(settings.steps) || settings.steps < 1 || settings.steps > MAX_STEPS)
    fail(`steps must be a whole number from 1 to ${MAX_STEPS}; got ${settings.steps}`);
  if (!INTERVAL_METHODS.includes(settings.method)) fail(`method must be 'exact', 'bootstrap' or 'hoeffding'; got '${settings.method}'`);
  if (!Number.isInteger(settings.samples) || settings.samples < 100 || settings.samples > MAX_SAMPLES)
    fail(`samples must be a whole number from 100 to ${MAX_SAMPLES}; got ${settings.samples}`);
  if (!Number.isSafeInteger(settings.seed)) fail(`seed must be a whole number; got ${settings.seed}`);
  return settings;
}

/** ln δ for one decision of the sequence: δ/H for `none` and `firstChange`, δ/2^H for `full`. */
export function logStepDelta(settings: Pick<GateSettings, 'reliability' | 'adaptivity' | 'steps'>): number {
  const logDelta = Math.log1p(-settings.reliability);
  return settings.adaptivity === 'full' ? logDelta - settings.steps * Math.LN2 : logDelta - Math.log(settings.steps);
}
