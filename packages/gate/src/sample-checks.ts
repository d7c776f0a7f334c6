import { ConfigurationError } from '@mlops-actions/common';

// Bound once: inside a vm context (jest) every lookup of a global is slow, and these run once per item.
const { isFinite } = Number;

/**
 * The values as a Float64Array, or a ConfigurationError naming `what` and the first value that is not finite (nothing
 * non-finite decides anything). Empty input is an error too: no sample bounds anything.
 */
export function finiteValues(values: ArrayLike<number>, what: string): Float64Array {
  if (values.length === 0) throw new ConfigurationError(`${what}: no values were given; the gate needs at least one`);
  const checked = Float64Array.from(values);
  for (let i = 0; i < checked.length; i++)
    if (!isFinite(checked[i])) throw new ConfigurationError(`${what}: value ${String(values[i])} at index ${i} is not a finite number`);
  return checked;
}

/** A ConfigurationError unless both arrays have the same length (the same test items, in the same order). */
export function requireSameLength(length: number, expected: number, what: string, against: string): void {
  if (length !== expected)
    throw new ConfigurationError(`${what} has ${length} values but ${against} has ${expected}: both must describe the same items`);
}

/** A ConfigurationError unless 0 < value < 1 (a quantile level or an error probability δ). */
export function requireOpenUnit(value: number, what: string): void {
  if (!(value > 0 && value < 1)) throw new ConfigurationError(`${what} must lie strictly between 0 and 1, got ${value}`);
}

/** A ConfigurationError unless the coefficient is finite. */
export function requireFiniteCoefficient(value: number, what: string): void {
  if (!Number.isFinite(value)) throw new ConfigurationError(`the coefficient of ${what} is ${value}, not a finite number`);
}
