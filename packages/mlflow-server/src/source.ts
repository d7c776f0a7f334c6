import { resolve as resolvePath } from 'node:path';
import { invalid, MlflowError } from './errors.js';

/**
 * MLflow's checks on a model version's `source` (mlflow/server/handlers.py: `_validate_source_run`,
 * `_validate_source_model`, `_validate_non_local_source_contains_relative_paths`; mlflow/utils/uri.py: `is_local_uri`),
 * run before the registry looks the model up: a bare or `file:` path is refused unless it lies inside the artifact
 * folder of the run (or logged model) named with it, and any other URI must carry an absolute path without `..`,
 * `.` or NUL, also when percent-encoded.
 */

interface ParsedUri {
  scheme: string;
  netloc: string;
  path: string;
}

const SCHEME_CHARS = /^[A-Za-z][A-Za-z0-9+.-]*$/;
// Schemes whose last path segment may carry `;params`, which Python's urlparse splits off the path.
const USES_PARAMS = new Set([
  '',
  'ftp',
  'hdl',
  'prospero',
  'http',
  'imap',
  'https',
  'shttp',
  'rtsp',
  'rtspu',
  'sip',
  'sips',
  'mms',
  'sftp',
  'tel',
]);

/** Python's `urllib.parse.urlparse`, for the parts these checks read. */
export function pythonUrlParse(uri: string): ParsedUri {
  // urlsplit drops tabs and line breaks anywhere, and leading control characters and spaces.
  let rest = uri.replace(/[\t\r\n]/g, '');
  while (rest !== '' && rest.charCodeAt(0) <= 0x20) rest = rest.slice(1);
  let scheme = '';
  const colon = rest.indexOf(':');
  if (colon > 0 && SCHEME_CHARS.test(rest.slice(0, colon))) {
    scheme = rest.slice(0, colon).toLowerCase();
    rest = rest.slice(colon + 1);
  }
  let netloc = '';
  if (rest.startsWith('//')) {
    const end = rest.slice(2).search(/[/?#]/);
    netloc = end < 0 ? rest.slice(2) : rest.slice(2, end + 2);
    rest = end < 0 ? '' : rest.slice(end + 2);
  }
  rest = rest.split('#')[0]!.split('?')[0]!;
  if (USES_PARAMS.has(scheme)) {
    const semicolon = rest.indexOf(';', Math.max(0, rest.lastIndexOf('/')));
    if (semicolon >= 0) rest = rest.slice(0, semicolon);
  }
  return { scheme, netloc, path: rest };
}

/** `urlparse(uri).hostname`: the netloc without user info and port, lowercased; empty when there is none. */
function hostname(netloc: string): string {
  const host = netloc.slice(netloc.lastIndexOf('@') + 1);
  const name = host.startsWith('[') ? host.slice(1, Math.max(1, host.indexOf(']'))) : host.split(':')[0]!;
  return name.toLowerCase();
}

/** Python's `urllib.parse.unquote`: `%XX` runs are UTF-8 bytes; malformed escapes stay as they are. */
function unquote(text: string): string {
  return text.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => Buffer.from(run.replace(/%/g, ''), 'hex').toString('utf8'));
}

/** `unquote_plus`: `unquote`, with `+` read as a space. */
const unquotePlus = (text: string): string => unquote(text.replace(/\+/g, ' '));

/** `is_local_uri` on a POSIX server: no scheme, or `file:` on this host (a remote `file:` host is an error). */
export function isLocalUri(uri: string): boolean {
  const parsed = pythonUrlParse(uri);
  if (parsed.scheme === '') return true;
  const host = hostname(parsed.netloc);
  const remote = host !== '' && !(host === '.' || host.startsWith('localhost') || host.startsWith('127.0.0.1'));
  if (parsed.scheme === 'file') {
    if (remote)
      throw new MlflowError(
        'INTERNAL_ERROR',
        `${uri} is not a valid remote uri. For remote access on windows, please consider using a different scheme such as SMB (e.g. smb://<hostname>/<path>).`,
      );
    return true;
  }
  return false;
}

/** `local_file_uri_to_path`: a `file:` URI's path, or the path itself, percent-decoded (`url2pathname`). */
function localPath(uri: string): string {
  const parsed = pythonUrlParse(uri);
  return unquote(parsed.scheme === 'file' ? parsed.path : uri);
}

/** True when `inner` is `outer` or lies inside it (both absolute, normalised). */
function within(inner: string, outer: string): boolean {
  return inner === outer || inner.startsWith(outer.endsWith('/') ? outer : `${outer}/`);
}

const MAX_DECODE_PASSES = 16;

function checkNoRelativeParts(source: string): void {
  const message = `Invalid model version source: '${source}'. If supplying a source as an http, https, local file path, ftp, objectstore, or mlflow-artifacts uri, an absolute path must be provided without relative path references present. Please provide an absolute path.`;
  // MLflow decodes until nothing changes. Each pass can take off one layer of `%25`, so the passes are counted: a
  // source still changing after MAX_DECODE_PASSES is refused rather than decoded for ever (quadratic in its length).
  let decoded = source;
  let passes = 0;
  for (let next = unquotePlus(decoded); next !== decoded; next = unquotePlus(decoded)) {
    if (++passes > MAX_DECODE_PASSES) throw invalid(message);
    decoded = next;
  }
  const path = pythonUrlParse(decoded).path.replace(/\/+$/, '').replace(/\/+/g, '/');
  if (path.includes('\0') || decoded.split('/').includes('..')) throw invalid(message);
  // pathlib's resolve() makes a relative path absolute and drops `.` segments: the path must already be that.
  if (resolvePath(path) !== path) throw invalid(message);
}

/**
 * Refuses a source MLflow refuses. `owner` is the run (or, with `kind: 'model'`, the logged model) the request names,
 * and `artifactUri` looks its artifact location up (throwing MLflow's not-found error when it does not exist).
 */
export function validateVersionSource(
  source: string,
  owner: { kind: 'run' | 'model'; id: string },
  artifactUri: (id: string) => string,
): void {
  if (isLocalUri(source)) {
    let shown = source;
    if (owner.id !== '') {
      const location = artifactUri(owner.id);
      shown = resolvePath(localPath(source));
      if (isLocalUri(location) && within(shown, resolvePath(localPath(location)))) return;
    }
    const which =
      owner.kind === 'run'
        ? 'the run_id request parameter has to be specified and the local path has to be contained within the artifact directory of the run specified by the run_id.'
        : 'the model_id request parameter has to be specified and the local path has to be contained within the artifact directory of the run specified by the model_id.';
    throw invalid(`Invalid model version source: '${shown}'. To use a local path as a model version source, ${which}`);
  }
  checkNoRelativeParts(source);
}
