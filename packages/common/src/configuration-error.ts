const BRAND = Symbol.for('mlops-actions.ConfigurationError');

export interface ConfigurationErrorOptions {
  /** The input, flag, file or setting that is wrong, as the user knows it (`input 'reliability'`). */
  subject?: string;
  cause?: unknown;
}

/**
 * A mistake in what the user gave us (an input, a flag, a file). Its message says what is wrong and how
 * to fix it; the failure boundary prints it without a stack trace.
 */
export class ConfigurationError extends Error {
  override readonly name: string = 'ConfigurationError';
  readonly subject: string | undefined;
  readonly [BRAND] = true;

  constructor(message: string, options: ConfigurationErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.subject = options.subject;
  }
}

/** True for a ConfigurationError, also one thrown by another copy of this module (a second bundle). */
export function isConfigurationError(error: unknown): error is ConfigurationError {
  return typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[BRAND] === true;
}
