import { StringDecoder } from 'node:string_decoder';
import { Transform } from 'node:stream';

/** Names of variables that hold secrets by convention: tokens, passwords, secrets, keys, credentials. */
const SECRET_NAME = /TOKEN|PASSWORD|SECRET|KEY|CREDENTIAL/i;
/** A password written into a URL: scheme://user:password@host. */
const URL_CREDENTIALS = /\b[a-z][\w+.-]*:\/\/[^/\s:@]+:([^/\s@]+)@/gi;
/** Shorter values are not treated as secrets: masking "1" or "true" everywhere would hide the log, not a secret. */
const MIN_SECRET_LENGTH = 4;

/** The secret values an environment holds: those of secret-named variables, and passwords inside URLs. */
export function secretValues(env: Readonly<Record<string, string | undefined>>): string[] {
  const found = new Set<string>();
  for (const [name, value] of Object.entries(env)) {
    if (!value) continue;
    if (SECRET_NAME.test(name) && value.length >= MIN_SECRET_LENGTH) found.add(value);
    for (const match of value.matchAll(URL_CREDENTIALS)) {
      const password = match[1]!;
      for (const form of [password, safeDecode(password)]) if (form.length >= MIN_SECRET_LENGTH) found.add(form);
    }
  }
  return [...found];
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * Credentials a command run on the user's behalf (a trainer, a relay's --run command) never inherits unless named:
 * the GitHub and Hugging Face tokens, the webhook secret, and the runner's own tokens, with which a command could
 * write the Actions cache or ask for an OIDC token. MLflow's own credentials stay: the command logs into the run.
 */
export const WITHHELD_VARIABLES = [
  'GITHUB_TOKEN',
  'GH_TOKEN',
  'HF_TOKEN',
  'HUGGING_FACE_HUB_TOKEN',
  'MLFLOW_WEBHOOK_SECRET',
  'ACTIONS_RUNTIME_TOKEN',
  'ACTIONS_RUNTIME_URL',
  'ACTIONS_RESULTS_URL',
  'ACTIONS_CACHE_URL',
  'ACTIONS_ID_TOKEN_REQUEST_TOKEN',
  'ACTIONS_ID_TOKEN_REQUEST_URL',
] as const;

/** `env` without the withheld credentials, except those named in `keep`. */
export function withoutWithheldCredentials(env: NodeJS.ProcessEnv, keep: readonly string[] = []): NodeJS.ProcessEnv {
  const withheld = new Set<string>(WITHHELD_VARIABLES.filter((name) => !keep.includes(name)));
  return Object.fromEntries(Object.entries(env).filter(([name]) => !withheld.has(name)));
}

/**
 * A stream that replaces every occurrence of each secret with `***`, also one split between chunks: it holds back the
 * last (longest secret − 1) characters until the next chunk or the end. Where secrets overlap, the longest one that
 * starts first is masked. Give each source (stdout, stderr) a stream of its own: interleaved chunks would split secrets.
 */
export function createMaskingStream(secrets: readonly string[]): Transform {
  const sorted = [...new Set(secrets.filter((secret) => secret.length > 0))].sort((a, b) => b.length - a.length);
  const holdBack = Math.max(0, ...sorted.map((secret) => secret.length - 1));
  const decoder = new StringDecoder('utf8');
  let pending = '';
  /** Masks `text` up to `limit` (no secret starting before it is cut off there); returns the masked part and the rest. */
  const maskUpTo = (text: string, limit: number): [string, string] => {
    let out = '';
    let at = 0;
    for (;;) {
      let next = -1;
      let length = 0;
      for (const secret of sorted) {
        const found = text.indexOf(secret, at);
        if (found !== -1 && found < limit && (next === -1 || found < next)) [next, length] = [found, secret.length];
      }
      if (next === -1) break;
      out += `${text.slice(at, next)}***`;
      at = next + length;
    }
    const end = Math.max(at, limit);
    return [out + text.slice(at, end), text.slice(end)];
  };
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      const text = pending + decoder.write(chunk);
      let limit = Math.max(0, text.length - holdBack);
      // Never split a character written as two UTF-16 units.
      if (limit > 0 && limit < text.length && /[\uD800-\uDBFF]/.test(text[limit - 1]!)) limit--;
      const [masked, rest] = maskUpTo(text, limit);
      pending = rest;
      done(null, masked);
    },
    flush(done) {
      const text = pending + decoder.end();
      done(null, maskUpTo(text, text.length)[0]);
    },
  });
}
