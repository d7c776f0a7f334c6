import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  ConfigurationError,
  errorMessage,
  networkFailure,
  resolveInside,
  retryLine,
  startProgress,
  terminalText,
  type Progress,
} from '@mlops-actions/common';
import { createApiError, MlflowApiError, redactUrl } from './errors.js';
import { isConnectionError, type MlflowHttp } from './http.js';

const PROXY_PATH = '/api/2.0/mlflow-artifacts/artifacts';
/** How deep and how many folders a recursive listing may have: far beyond any model directory. */
const MAX_LISTING_DEPTH = 32;
const MAX_LISTINGS = 10_000;

/** Where an artifact URI lives on the server's artifact proxy. */
export interface ArtifactLocation {
  /** `<tracking>/api/2.0/mlflow-artifacts/artifacts`, with the artifact URI's host when it names one. */
  baseUrl: string;
  /** The path under the proxy root, e.g. `1/<run>/artifacts`. */
  path: string;
}

/**
 * Maps an artifact URI to the proxy as MLflow's own client does: `mlflow-artifacts:/1/<run>/artifacts` on
 * tracking `http://host:5000/prefix` → `http://host:5000/prefix/api/2.0/mlflow-artifacts/artifacts/1/<run>/artifacts`.
 * Whoever can register a version or create an experiment chooses its artifact URI: one that names a host other than
 * the tracking server's is refused unless that host is in `allowedHosts` (and even then gets no credentials).
 */
export function resolveArtifactLocation(trackingUri: string, artifactUri: string, allowedHosts: readonly string[] = []): ArtifactLocation {
  const tracking = new URL(trackingUri);
  const prefix = tracking.pathname.replace(/\/+$/, '');
  let location: ArtifactLocation;
  if (/^https?:\/\//i.test(artifactUri)) {
    const url = new URL(artifactUri);
    const at = url.pathname.indexOf(PROXY_PATH);
    if (at < 0) throw notProxied(artifactUri);
    location = {
      baseUrl: `${url.origin}${url.pathname.slice(0, at + PROXY_PATH.length)}`,
      path: trimSlashes(url.pathname.slice(at + PROXY_PATH.length)),
    };
  } else {
    const match = /^mlflow-artifacts:(?:\/\/([^/]*))?(\/.*)?$/.exec(artifactUri);
    if (!match) throw notProxied(artifactUri);
    const host = match[1] ? match[1] : tracking.host;
    location = { baseUrl: `${tracking.protocol}//${host}${prefix}${PROXY_PATH}`, path: trimSlashes(match[2] ?? '') };
  }
  // A '.' or '..' segment would leave the artifact proxy for any other path of the server, credentials and all.
  if (hasDotSegment(location.path))
    throw new ConfigurationError(`the artifact URI '${redactUrl(artifactUri)}' holds a '.' or '..' segment: refused`);
  const target = new URL(location.baseUrl);
  if (target.origin !== tracking.origin && !allowedHosts.includes(target.host.toLowerCase()))
    throw new ConfigurationError(
      `the artifact URI '${redactUrl(artifactUri)}' points at ${target.origin}, not at the MLflow server (${tracking.origin}): ` +
        'artifacts are read and written only through the tracking server, which alone gets your credentials. ' +
        `If ${target.host} really serves this server's artifacts, add it to MLOPS_ALLOWED_ARTIFACT_HOSTS (it then gets no credentials).`,
      { subject: 'MLOPS_ALLOWED_ARTIFACT_HOSTS' },
    );
  return location;
}

/**
 * A file name from a server's artifact listing, checked before it becomes part of a local path: one name, not empty,
 * not `.` or `..`, no separator or NUL. A listing is the server's word, and the server may be someone else's.
 */
function listedName(name: string, listed: string): string {
  if (name === '' || name === '.' || name === '..' || /[\\/\0]/.test(name))
    throw new ConfigurationError(
      `the artifact listing of '${listed}' holds an entry named '${JSON.stringify(name).slice(1, -1)}': refused, it is not a file name`,
    );
  return name;
}

function notProxied(artifactUri: string): ConfigurationError {
  const scheme = /^([a-z][\w+.-]*):/i.exec(artifactUri)?.[1] ?? 'unknown';
  return new ConfigurationError(
    `the artifact URI '${artifactUri}' (${scheme}) is not served by the MLflow server's artifact proxy. ` +
      "Start the server with artifact proxying (mlflow server --serve-artifacts, the default since MLflow 2.0) and create the experiment without an s3:// or file: artifact location, so runs get 'mlflow-artifacts:/' URIs.",
  );
}

function trimSlashes(path: string): string {
  return path.replace(/\/{2,}/g, '/').replace(/^\/+|\/+$/g, '');
}

function joinPath(...parts: (string | undefined)[]): string {
  return trimSlashes(parts.filter((p) => p !== undefined && p !== '').join('/'));
}

/** Whether a `/`-separated path has a `.` or `..` segment, written plainly or percent-encoded. */
function hasDotSegment(path: string): boolean {
  return path.split('/').some((segment) => /^(\.|%2e){1,2}$/i.test(segment));
}

function fileUrl(location: ArtifactLocation, artifactPath: string): string {
  if (hasDotSegment(artifactPath)) throw new ConfigurationError(`the artifact path '${artifactPath}' holds a '.' or '..' segment: refused`);
  const path = joinPath(location.path, artifactPath);
  return `${location.baseUrl}/${path.split('/').map(encodeURIComponent).join('/')}`;
}

/** Uploads one local file as a stream (never held in memory), overwriting what is there. */
export async function uploadArtifactFile(http: MlflowHttp, artifactUri: string, localPath: string, artifactPath: string): Promise<void> {
  const location = resolveArtifactLocation(http.trackingUri, artifactUri, http.allowedArtifactHosts);
  const { size } = await stat(localPath);
  const url = fileUrl(location, artifactPath);
  const response = await http.send('PUT', url, {
    body: () => createReadStream(localPath, { highWaterMark: 1024 * 1024 }),
    headers: { 'Content-Type': 'application/octet-stream', 'Content-Length': String(size) },
  });
  if (!response.ok) throw await createApiError(response, 'PUT', url);
  await response.body?.cancel();
}

/** Uploads a local directory (recursively) under `artifactPath`; returns the uploaded paths, relative to it. */
export async function uploadArtifactDirectory(
  http: MlflowHttp,
  artifactUri: string,
  localDir: string,
  artifactPath = '',
): Promise<string[]> {
  const files = await listLocalFiles(localDir);
  await forEachLimited(files, 4, (file) =>
    uploadArtifactFile(http, artifactUri, join(localDir, file), joinPath(artifactPath, file.split(sep).join('/'))),
  );
  return files.map((file) => file.split(sep).join('/'));
}

export interface ArtifactEntry {
  /** Relative to the listed directory. */
  path: string;
  isDir: boolean;
  fileSize: number | undefined;
}

/** Lists artifacts under `artifactPath`; with `recursive`, every file below it (directories left out). */
export async function listArtifacts(
  http: MlflowHttp,
  artifactUri: string,
  artifactPath = '',
  options: { recursive?: boolean } = {},
): Promise<ArtifactEntry[]> {
  const location = resolveArtifactLocation(http.trackingUri, artifactUri, http.allowedArtifactHosts);
  const listOne = async (sub: string): Promise<ArtifactEntry[]> => {
    const listed = joinPath(location.path, artifactPath, sub);
    const url = `${location.baseUrl}?path=${encodeURIComponent(listed)}`;
    const response = await http.send('GET', url);
    if (!response.ok) throw await createApiError(response, 'GET', url);
    // Each field is checked: the listing is the server's word, and the server may not be ours.
    const body = (await response.json()) as { files?: { path?: unknown; is_dir?: unknown; file_size?: unknown }[] };
    // The proxy returns paths whose last segment is the entry's name in the listed directory.
    return (body.files ?? []).map((f) => ({
      path: joinPath(sub, listedName(String(f.path).split('/').pop()!, listed)),
      isDir: f.is_dir === true,
      fileSize: typeof f.file_size === 'number' ? f.file_size : undefined,
    }));
  };
  const top = await listOne('');
  if (!options.recursive) return top;
  const files: ArtifactEntry[] = [];
  const pending = [...top];
  let listings = 1;
  while (pending.length > 0) {
    const entry = pending.shift()!;
    if (!entry.isDir) files.push(entry);
    // A server that lists a directory inside itself forever is stopped, not followed.
    else if (entry.path.split('/').length > MAX_LISTING_DEPTH || ++listings > MAX_LISTINGS)
      throw new ConfigurationError(
        `the artifacts under '${joinPath(location.path, artifactPath)}' go deeper than ${MAX_LISTING_DEPTH} folders or past ${MAX_LISTINGS} folders: refused`,
      );
    else pending.push(...(await listOne(entry.path)));
  }
  return files.sort((a, b) => a.path.localeCompare(b.path));
}

/** How many times a download that broke off mid-file is tried again before it fails. */
const DOWNLOAD_RETRIES = 5;

/** A download MLflow's artifact proxy did not complete: an outage, with MLflow's hint for a lost connection. */
function downloadFailed(url: string, why: string, cause?: unknown): MlflowApiError {
  return new MlflowApiError({ errorCode: 'DOWNLOAD_FAILED', status: 0, method: 'GET', url, serverMessage: why }, { cause });
}

function tooLarge(url: string, maxBytes: number): ConfigurationError {
  const file = terminalText(decodeURIComponent(new URL(url).pathname.split('/').pop() ?? ''));
  return new ConfigurationError(`the artifact ${file} is larger than ${maxBytes} bytes, the most read for it: refused`);
}

export interface DownloadOptions {
  /** What its progress is called (default `downloading <artifact path>`); printed as it is, so no untrusted text. */
  label?: string;
  /** The most bytes to read: a bigger artifact is refused as soon as it shows (its announced size, or the bytes read). */
  maxBytes?: number;
}

/**
 * Downloads one artifact to a local path as a stream; the file appears whole (temp file + rename) or not at all. A
 * transfer that breaks off (a dropped connection, a stall longer than the client's timeout) is tried again: from where
 * the file on disk stops, with a Range request, when the server answers ranges (206 for exactly the rest of the same
 * file, checked with If-Range when it gave an ETag or Last-Modified), and from the start otherwise — MLflow's own
 * artifact proxy streams every download whole. The result must have the size the server announced. Its progress goes
 * to the client's logger.
 */
export async function downloadArtifactFile(
  http: MlflowHttp,
  artifactUri: string,
  artifactPath: string,
  localPath: string,
  options: DownloadOptions = {},
): Promise<void> {
  const location = resolveArtifactLocation(http.trackingUri, artifactUri, http.allowedArtifactHosts);
  let progress: Progress | undefined;
  try {
    await fetchArtifact(
      http,
      fileUrl(location, artifactPath),
      localPath,
      (bytes, total) => {
        progress ??= startProgress(http.logger, {
          label: options.label ?? `downloading ${terminalText(artifactPath)}`,
          total,
          unit: 'bytes',
        });
        progress.update(bytes);
      },
      options.maxBytes,
    );
  } finally {
    progress?.end();
  }
}

/** Downloads `url` to `localPath` (see downloadArtifactFile), saying how many bytes are on disk as they arrive. */
async function fetchArtifact(
  http: MlflowHttp,
  url: string,
  localPath: string,
  onDisk: (bytes: number, total: number | undefined) => void,
  maxBytes = Number.POSITIVE_INFINITY,
): Promise<void> {
  await mkdir(dirname(localPath), { recursive: true });
  const temporary = `${localPath}.${process.pid}.${Date.now()}.part`;
  const bytesOnDisk = async (): Promise<number> => (await stat(temporary).catch(() => undefined))?.size ?? 0;
  let total: number | undefined;
  let validator: string | undefined;
  let rangesWork = true;
  try {
    for (let attempt = 0; ; attempt++) {
      const have = attempt === 0 ? 0 : await bytesOnDisk();
      if (total !== undefined && have === total) break;
      const headers: Record<string, string> = {};
      if (have > 0 && rangesWork) {
        headers.Range = `bytes=${have}-`;
        if (validator) headers['If-Range'] = validator;
      }
      const response = await http.send('GET', url, { headers });
      if (!response.ok || !response.body) throw await createApiError(response, 'GET', url);
      let append = false;
      if (response.status === 206) {
        const range = contentRange(response.headers.get('content-range'));
        append = headers.Range !== undefined && range?.start === have && range.end === range.total - 1 && range.total === total;
        if (!append) {
          // Not the rest of the file asked for: start again from the beginning, without ranges.
          await response.body.cancel().catch(() => undefined);
          await rm(temporary, { force: true });
          rangesWork = false;
          if (attempt >= DOWNLOAD_RETRIES) throw downloadFailed(url, 'the server answered a range request with another range');
          continue;
        }
      } else {
        const length = Number(response.headers.get('content-length') ?? NaN);
        total = Number.isSafeInteger(length) && length >= 0 ? length : undefined;
        validator = response.headers.get('etag') ?? response.headers.get('last-modified') ?? undefined;
        if (total !== undefined && total > maxBytes) {
          await response.body.cancel().catch(() => undefined);
          throw tooLarge(url, maxBytes);
        }
      }
      let received = append ? have : 0;
      onDisk(received, total);
      const counted = new Transform({
        transform(chunk: Buffer, _encoding, done) {
          received += chunk.length;
          // Stops reading at once: a server that announces no size (or the wrong one) cannot fill the disk.
          if (received > maxBytes) {
            done(tooLarge(url, maxBytes));
            return;
          }
          onDisk(received, total);
          done(null, chunk);
        },
      });
      try {
        await pipeline(
          Readable.fromWeb(response.body as import('node:stream/web').ReadableStream<Uint8Array>),
          counted,
          createWriteStream(temporary, { flags: append ? 'a' : 'w' }),
        );
      } catch (error) {
        if (!isConnectionError(error)) throw error;
        const why = networkFailure(error)?.detail ?? errorMessage(error);
        if (attempt >= DOWNLOAD_RETRIES) throw downloadFailed(url, `the connection broke ${DOWNLOAD_RETRIES + 1} times (${why})`, error);
        sayResume(http, url, `the connection broke after ${received} bytes (${why})`, attempt);
        continue;
      }
      if (total === undefined || (await bytesOnDisk()) === total) break;
      if (attempt >= DOWNLOAD_RETRIES)
        throw downloadFailed(url, `the download ended at ${await bytesOnDisk()} of ${total} bytes, ${DOWNLOAD_RETRIES + 1} times`);
      sayResume(http, url, `the download ended at ${await bytesOnDisk()} of ${total} bytes`, attempt);
    }
    await rename(temporary, localPath);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

/** A download that broke off is tried again at once (the client's own retries wait when the server is down): said. */
function sayResume(http: MlflowHttp, url: string, reason: string, attempt: number): void {
  // The name is whoever logged the artifact's choice: shown, never acted on (a newline would forge a log line).
  const file = terminalText(decodeURIComponent(new URL(url).pathname.split('/').pop() ?? ''));
  http.logger.info(`downloading ${file}: ${retryLine(reason, { delayMs: 0, attempt: attempt + 2, attempts: DOWNLOAD_RETRIES + 1 })}`);
}

/** `Content-Range: bytes start-end/total`, or undefined. */
function contentRange(header: string | null): { start: number; end: number; total: number } | undefined {
  const match = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(header?.trim() ?? '');
  return match ? { start: Number(match[1]), end: Number(match[2]), total: Number(match[3]) } : undefined;
}

/**
 * Downloads every file under `artifactPath` into `localDir`, keeping the layout; returns the relative paths. Its
 * progress, all files together (out of the sizes the listing gave), goes to the client's logger.
 */
export async function downloadArtifactDirectory(
  http: MlflowHttp,
  artifactUri: string,
  artifactPath: string,
  localDir: string,
  options: DownloadOptions = {},
): Promise<string[]> {
  const location = resolveArtifactLocation(http.trackingUri, artifactUri, http.allowedArtifactHosts);
  const files = await listArtifacts(http, artifactUri, artifactPath, { recursive: true });
  await mkdir(localDir, { recursive: true });
  const downloads = await Promise.all(
    files.map(async (file) => ({
      url: fileUrl(location, joinPath(artifactPath, file.path)),
      to: await resolveInside(localDir, file.path, 'the artifact path'),
    })),
  );
  // The listing's sizes are the server's word: a total only when it gave every one.
  const sizes = files.map((file) => file.fileSize);
  const total = sizes.every((size) => size !== undefined) ? sizes.reduce((sum: number, size) => sum + size, 0) : undefined;
  const progress = startProgress(http.logger, {
    label: options.label ?? `downloading ${terminalText(artifactPath) || 'artifacts'}`,
    total,
    unit: 'bytes',
  });
  const onDisk = new Map<string, number>();
  let done = 0;
  try {
    await forEachLimited(downloads, 4, ({ url, to }) =>
      fetchArtifact(http, url, to, (bytes) => {
        done += bytes - (onDisk.get(to) ?? 0);
        onDisk.set(to, bytes);
        progress.update(done);
      }),
    );
  } finally {
    progress.end();
  }
  return files.map((file) => file.path);
}

async function listLocalFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
    .sort();
}

/**
 * Runs `fn` over `items`, `limit` at a time. After a failure no new item starts, and the error is thrown only once the
 * items in flight have finished: a caller cleaning up after it never races a write still under way.
 */
async function forEachLimited<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failed = false;
  const worker = async (): Promise<void> => {
    while (!failed && next < items.length)
      await fn(items[next++]!).catch((error: unknown) => {
        failed = true;
        throw error;
      });
  };
  const outcomes = await Promise.allSettled(Array.from({ length: Math.min(limit, items.length) }, worker));
  const failure = outcomes.find((outcome) => outcome.status === 'rejected');
  if (failure) throw failure.reason;
}
