const BRAND = Symbol.for('mlops-actions.ConfigurationError');

export interface ConfigurationErrorOptions {
  /** The input, flag, file or setting that is wrong, as the user knows it (`input 'reliability'`). */
  subject?: string;
  /**
   * The action inputs the message names as `input '<name>'`: a program where the user gives them as flags (the CLI)
   * says `--<name>` instead.
   */
  inputs?: readonly string[];
  cause?: unknown;
}

/**
 * A mistake in what the user gave us (an input, a flag, a file). Its message says what is wrong and how
 * to fix it; the failure boundary prints it without a stack trace.
 */
export class ConfigurationError extends Error {
  override readonly name: string = 'ConfigurationError';
  readonly subject: string | undefined;
  readonly inputs: readonly string[];
  readonly [BRAND] = true;

  constructor(message: string, options: ConfigurationErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.subject = options.subject;
    this.inputs = options.inputs ?? [];
  }
}

/** A problem with one input, said as `input '<name>' <problem>` (the CLI says `--<name> <problem>`). */
export function inputError(name: string, problem: string, options: Omit<ConfigurationErrorOptions, 'subject'> = {}): ConfigurationError {
  return new ConfigurationError(`input '${name}'${/^[:,]/.test(problem) ? '' : ' '}${problem}`, {
    ...options,
    subject: name,
    inputs: [name, ...(options.inputs ?? [])],
  });
}

/** The message as a program whose inputs are flags says it: `--gpu` where an action says `input 'gpu'`. */
export function messageForFlags(error: ConfigurationError): string {
  return error.inputs.reduce((message, name) => message.split(`input '${name}'`).join(`--${name}`), error.message);
}

/** True for a ConfigurationError, also one thrown by another copy of this module (a second bundle). */
export function isConfigurationError(error: unknown): error is ConfigurationError {
  return typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[BRAND] === true;
}
