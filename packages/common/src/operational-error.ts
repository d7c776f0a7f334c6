const BRAND = Symbol.for('mlops-actions.OperationalError');

export interface OperationalErrorOptions {
  /** The service that failed or refused, as the user knows it: `MLflow`, `the Hugging Face Hub`, `GitHub`. */
  service?: string;
  /** What to check or do, in one sentence (which variable, which permission, when to retry). */
  hint?: string;
  cause?: unknown;
}

/**
 * A failure of something outside the program — a service unreachable or refusing, a lock another run holds — rather
 * than a mistake in the user's input (ConfigurationError) or a bug. The failure boundary names it as what it is, with
 * its hint, and never as "unexpected".
 */
export class OperationalError extends Error {
  override readonly name: string = 'OperationalError';
  readonly service: string | undefined;
  readonly hint: string | undefined;
  readonly [BRAND] = true;

  constructor(message: string, options: OperationalErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.service = options.service;
    this.hint = options.hint;
  }
}

/** True for an OperationalError (or a subclass), also one thrown by another copy of this module (a second bundle). */
export function isOperationalError(error: unknown): error is OperationalError {
  return typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[BRAND] === true;
}

/**
 * A failure the operating system reported (a port in use, a full disk, a folder we may not write): Node's errors with
 * a `code` and a `syscall`. Not a bug of ours; its message names the call and the path or address.
 */
export function isSystemError(error: unknown): error is NodeJS.ErrnoException {
  return (
    error instanceof Error &&
    typeof (error as NodeJS.ErrnoException).code === 'string' &&
    typeof (error as NodeJS.ErrnoException).syscall === 'string'
  );
}

/** An error's message, or the thrown value as text when it is not an Error. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
