import { OperationalError } from './operational-error.js';

/** The system's reason a request never got an answer, found under undici's bare `fetch failed` or Octokit's wrapper. */
export interface NetworkFailure {
  /** `ECONNREFUSED`, `ENOTFOUND`, `ETIMEDOUT`, `UND_ERR_CONNECT_TIMEOUT`, `CERT_HAS_EXPIRED`… */
  code: string;
  /** What the system said: `connect ECONNREFUSED 127.0.0.1:5000`, `getaddrinfo ENOTFOUND huggingface.co`. */
  detail: string;
}

/**
 * Codes of failures to resolve, connect or agree on TLS: the system's (not ENOENT and the like, which a local file
 * gives), undici's own, OpenSSL's certificate verdicts.
 */
const NETWORK_CODE =
  /^(ECONNREFUSED|ECONNRESET|ECONNABORTED|ENOTFOUND|EAI_AGAIN|EAI_FAIL|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|ENETDOWN|EHOSTDOWN|EPIPE|EPROTO|EADDRNOTAVAIL|UND_ERR_SOCKET|UND_ERR_CONNECT_TIMEOUT|CERT_\w+|ERR_TLS_\w+|ERR_SSL_\w+|UNABLE_TO_\w+|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN)$/;
const TLS_CODE = /^(CERT_|ERR_TLS_|ERR_SSL_|UNABLE_TO_|DEPTH_ZERO|SELF_SIGNED)/;

/** Credentials a message might carry in a URL (`https://user:token@host`), taken out. */
const withoutUserinfo = (text: string): string => text.replace(/\/\/[^/\s@]*@/g, '//');

type Failure = { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown };

function describe(error: Failure, code: string): string {
  // Node's dual-stack connect fails with an AggregateError whose own message is empty: its parts say what happened.
  const parts = Array.isArray(error.errors)
    ? (error.errors as (Failure | null | undefined)[]).map((part) => part?.message).filter((m) => typeof m === 'string')
    : [];
  const said = (typeof error.message === 'string' && error.message) || parts.join('; ') || code;
  return withoutUserinfo(said.includes(code) ? said : `${said} (${code})`);
}

/** The network failure under `error` (a fetch's TypeError, a client's wrapper of it), or undefined when it is something else. */
export function networkFailure(error: unknown): NetworkFailure | undefined {
  // Not `instanceof Error`: undici's errors may come from another realm (a test's VM context, a second bundle).
  let current: unknown = error;
  for (let depth = 0; depth < 8 && typeof current === 'object' && current !== null; depth++) {
    const failure = current as Failure;
    if (typeof failure.code === 'string' && NETWORK_CODE.test(failure.code))
      return { code: failure.code, detail: describe(failure, failure.code) };
    current = failure.cause;
  }
  return undefined;
}

export interface UnreachableOptions {
  /** The address asked; only its host is named (never credentials in it). */
  url: string | URL;
  /** The service as the user knows it: `the Hugging Face Hub`, `MLflow`, `GitHub`. */
  service: string;
  /** What the request was for, when the caller's message would say: `the workflow_dispatch of evaluate.yml`. */
  purpose?: string;
  /** What else to check, after the network: `and the Hub address (hub-url)`, `or put the file at …`. */
  hint?: string;
}

/** Where a URL points, `host[:port]`, for messages: no credentials, no path. */
export function hostOf(url: string | URL): string {
  try {
    return new URL(url).host;
  } catch {
    return 'an address that is not a URL';
  }
}

/**
 * A request that never reached its server as an OperationalError naming the service, the host and the system's cause —
 * `could not reach the Hugging Face Hub at huggingface.co (getaddrinfo ENOTFOUND huggingface.co)` — instead of undici's
 * bare `fetch failed`; undefined when `error` is not such a failure (an answer, a bug), for the caller to handle.
 */
export function unreachableError(error: unknown, options: UnreachableOptions): OperationalError | undefined {
  const failure = networkFailure(error);
  if (!failure) return undefined;
  const check = TLS_CODE.test(failure.code)
    ? 'its TLS certificate was not accepted: check the address, the clock, and NODE_EXTRA_CA_CERTS for a private certificate authority'
    : 'check the network and the proxy settings (HTTPS_PROXY, NO_PROXY)';
  const purpose = options.purpose ? ` for ${options.purpose}` : '';
  return new OperationalError(`could not reach ${options.service} at ${hostOf(options.url)}${purpose} (${failure.detail})`, {
    service: options.service,
    hint: options.hint ? `${check}, ${options.hint}` : check,
    cause: error,
  });
}

/** Where a retry loop stands: the wait before the next attempt, its number, and how many attempts there are at most. */
export interface RetryStep {
  delayMs: number;
  /** The attempt about to be made, counting the first (so the first retry is attempt 2). */
  attempt: number;
  attempts: number;
}

/** The line every retry loop says before it waits: `retrying in 1.5 s (attempt 2 of 6): HTTP 503 TEMPORARILY_UNAVAILABLE`. */
export function retryLine(reason: string, step: RetryStep): string {
  const when = step.delayMs <= 0 ? 'now' : `in ${(step.delayMs / 1000).toFixed(1)} s`;
  return `retrying ${when} (attempt ${step.attempt} of ${step.attempts}): ${reason}`;
}
