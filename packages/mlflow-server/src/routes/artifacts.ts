import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { realPathInside } from '@mlops-actions/common';
import { create as contentDisposition } from 'content-disposition';
import { lookup as lookupMimeType } from 'mime-types';
import { basename, dirname, join, relative, sep } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Db } from '../database.js';
import { invalid, MlflowError, notFound } from '../errors.js';
import { endpoint, knownPaths } from '../routing.js';
import { optionalString, requiredString } from '../validation.js';
import type { LoggedModels } from './logged-models.js';

const PROXY = '/api/2.0/mlflow-artifacts/artifacts';

/** The artifact store: files under `root`, written through `staging` so a file appears whole or not at all. */
export interface ArtifactStore {
  root: string;
  staging: string;
}

/** Resolves a proxy path to a file under the root; `..`, absolute paths and NULs are refused as MLflow does. */
export function resolveArtifactPath(store: ArtifactStore, path: string): string {
  const segments = path.split('/').filter((s) => s !== '');
  if (path.includes('\0') || path.includes('\\') || path.startsWith('/') || segments.some((s) => s === '..' || s === '.'))
    throw invalid('Invalid path');
  const resolved = join(store.root, ...segments);
  if (resolved !== store.root && !resolved.startsWith(store.root + sep)) throw invalid('Invalid path');
  return resolved;
}

/**
 * Refuses a path whose real location — symbolic links followed, from the nearest part that exists — lies outside the
 * store: a link placed inside the store must not serve, list, replace or delete files elsewhere.
 */
async function assertInsideStore(store: ArtifactStore, target: string): Promise<void> {
  const inside = await realPathInside(store.root, target).catch((error: unknown) => {
    throw pathRefusal(error);
  });
  if (!inside) throw invalid('Invalid path');
}

/** The file a proxy path names, checked: its syntax, then where it really lies. */
async function storePath(store: ArtifactStore, path: unknown, options: { notRoot?: boolean } = {}): Promise<string> {
  if (typeof path !== 'string') throw invalid(`Invalid value ${JSON.stringify(path)} for parameter 'path' supplied: expected a string`);
  const target = resolveArtifactPath(store, path);
  if (options.notRoot && target === store.root) throw invalid('Invalid path: the artifact root itself cannot be written or deleted');
  await assertInsideStore(store, target);
  return target;
}

/** A file-system refusal caused by the path asked for (too long, a file where a folder is needed): the client's error. */
function pathRefusal(error: unknown): unknown {
  const code = (error as NodeJS.ErrnoException).code;
  return code && ['ENAMETOOLONG', 'ELOOP', 'ENOTDIR', 'EISDIR', 'EEXIST', 'ENOTEMPTY'].includes(code)
    ? invalid(`Invalid path (${code})`)
    : error;
}

async function listDirectory(directory: string): Promise<{ path: string; is_dir: boolean; file_size?: number }[]> {
  let entries;
  try {
    entries = await readdir(directory, { withFileTypes: true });
  } catch {
    return [];
  }
  const files = await Promise.all(
    // Symbolic links are not artifacts: they are left out, not followed.
    entries
      .filter((entry) => entry.isDirectory() || entry.isFile())
      .map(async (entry) =>
        entry.isDirectory()
          ? { path: entry.name, is_dir: true }
          : { path: entry.name, is_dir: false, file_size: (await stat(join(directory, entry.name))).size },
      ),
  );
  return files.sort((a, b) => a.path.localeCompare(b.path));
}

/**
 * Werkzeug's `send_file(as_attachment=True)` header: `filename=<name>` for a plain name, and for any other an ASCII
 * fallback plus RFC 5987's `filename*=UTF-8''…` (a raw non-Latin-1 name is not a valid header value at all).
 */
function attachmentHeader(name: string): string {
  return /^[\w.-]+$/.test(name) ? `attachment; filename=${name}` : contentDisposition(name);
}

// mlflow/utils/mime_type_utils.py: files MLflow serves as text/plain; any other type comes from the extension.
const TEXT_EXTENSIONS = new Set(
  'txt log err cfg conf cnf cf ini properties prop hocon toml yaml yml xml json js py py3 csv tsv md rst MLmodel mlproject'.split(' '),
);

/** `_guess_mime_type`: text/plain for the text extensions (and MLmodel, MLproject), else by extension, else binary. */
function mimeType(name: string): string {
  const dot = name.lastIndexOf('.');
  const extension = dot > 0 ? name.slice(dot + 1) : name;
  if (TEXT_EXTENSIONS.has(extension)) return 'text/plain';
  return lookupMimeType(name) || 'application/octet-stream';
}

/** The store path of an artifact URI this server proxies (`mlflow-artifacts:[//host]/<path>`), else undefined. */
function proxiedPath(artifactUri: string): string | undefined {
  return /^mlflow-artifacts:(?:\/\/[^/]*)?\/(.*)$/.exec(artifactUri)?.[1];
}

/** Sends one stored file as MLflow's artifact download does. */
async function sendArtifact(reply: FastifyReply, target: string, store: ArtifactStore): Promise<FastifyReply> {
  const info = await stat(target).catch(() => undefined);
  // Real MLflow answers a missing artifact with 500 INTERNAL_ERROR, not 404.
  if (!info?.isFile())
    throw new MlflowError(
      'INTERNAL_ERROR',
      `The following failures occurred while downloading one or more artifacts: ${relative(store.root, target)}: No such file or directory`,
    );
  // MLflow streams the file whole from a generator (mlflow/server/handlers.py, _download_artifact): no Range, no
  // 206, no Accept-Ranges. A client that resumes must cope with a full answer to a range request.
  return reply
    .type(mimeType(basename(target)))
    .header('content-disposition', attachmentHeader(basename(target)))
    .header('x-content-type-options', 'nosniff')
    .header('content-length', info.size)
    .send(createReadStream(target));
}

export async function registerArtifactRoutes(
  app: FastifyInstance,
  db: Db,
  store: ArtifactStore,
  loggedModels: LoggedModels,
): Promise<void> {
  await mkdir(store.root, { recursive: true });
  // Uploads cut off by a crash leave their partial files here, never among the artifacts.
  await rm(store.staging, { recursive: true, force: true });
  await mkdir(store.staging, { recursive: true });
  knownPaths.add(`${PROXY}/*`);

  // An upload is the file's bytes, whatever Content-Type it names (MLflow's proxy streams request.stream to the
  // store): in a scope of its own, no parser reads JSON or text out of it, and no body limit applies. An empty
  // upload without a Content-Type has no body at all: an empty file.
  await app.register((scope, _options, registered) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_request, payload, done) => done(null, payload));
    scope.put(`${PROXY}/*`, async (request, reply) => {
      const target = await storePath(store, (request.params as { '*': string })['*'], { notRoot: true });
      const temporary = join(store.staging, randomUUID());
      try {
        await pipeline((request.body as Readable | undefined) ?? Readable.from([]), createWriteStream(temporary));
        await mkdir(dirname(target), { recursive: true });
        if ((await stat(target).catch(() => undefined))?.isDirectory()) throw invalid('Invalid path: it is a directory of artifacts');
        await rename(temporary, target);
      } catch (error) {
        await rm(temporary, { force: true });
        throw pathRefusal(error);
      }
      return reply.type('application/json').send('{}\n');
    });
    registered();
  });

  app.get(`${PROXY}/*`, async (request, reply) =>
    sendArtifact(reply, await storePath(store, (request.params as { '*': string })['*']), store),
  );

  app.get(PROXY, async (request, reply) => {
    const files = await listDirectory(await storePath(store, (request.query as { path?: unknown }).path ?? ''));
    return reply.type('application/json').send(JSON.stringify(files.length ? { files } : {}));
  });

  app.delete(`${PROXY}/*`, async (request, reply) => {
    await rm(await storePath(store, (request.params as { '*': string })['*'], { notRoot: true }), { recursive: true, force: true });
    return reply.type('application/json').send('{}\n');
  });

  for (const step of ['create', 'complete', 'abort']) {
    app.post(`/api/2.0/mlflow-artifacts/mpu/${step}/*`, () => {
      throw new MlflowError('NOT_IMPLEMENTED', 'Multipart upload is not supported for the current artifact repository');
    });
  }

  /** The files under `sub` of an artifact URI this server proxies, with paths relative to that URI. */
  const listUnder = async (artifactUri: string, sub: string) => {
    const root = proxiedPath(artifactUri);
    if (root === undefined) return { root_uri: artifactUri };
    const files = await listDirectory(await storePath(store, [root, sub].filter(Boolean).join('/')));
    // Unlike the proxy's list, these paths are relative to the artifact root asked about.
    return { root_uri: artifactUri, files: files.map((f) => ({ ...f, path: [sub, f.path].filter(Boolean).join('/') })) };
  };

  endpoint(app, 'GET', 'mlflow/artifacts/list', async (params) => {
    const runId = optionalString(params, 'run_id') || requiredString(params, 'run_uuid');
    const run = db.prepare('SELECT artifact_uri FROM runs WHERE run_id = ?').get(runId) as { artifact_uri: string } | undefined;
    if (!run) throw notFound(`Run with id=${runId} not found`);
    return listUnder(run.artifact_uri, optionalString(params, 'path') ?? '');
  });

  // A logged model's files (handlers.py `_list_logged_model_artifacts`, `get_logged_model_artifact_handler`): the
  // path is checked as `validate_path_is_safe` does; the download route exists only under /ajax-api in MLflow 3.6.
  const safeRelative = (path: string): string => {
    resolveArtifactPath(store, path);
    // validate_path_is_safe: no fragment, and no file: URI (its path is absolute).
    if (path.includes('#') || /^file:/i.test(path)) throw invalid('Invalid path');
    return path.replace(/\/+$/, '');
  };
  endpoint(app, 'GET', 'mlflow/logged-models/:model_id/artifacts/directories', async (params) => {
    const model = loggedModels.row(String(params.model_id));
    const sub = safeRelative(optionalString(params, 'artifact_directory_path') ?? '');
    return listUnder(model.artifact_location, sub);
  });
  app.get('/ajax-api/2.0/mlflow/logged-models/:model_id/artifacts/files', async (request, reply) => {
    const query = request.query as { artifact_file_path?: unknown };
    if (typeof query.artifact_file_path !== 'string' || query.artifact_file_path === '')
      throw new MlflowError('BAD_REQUEST', 'Request must include the "artifact_file_path" query parameter.');
    const path = safeRelative(query.artifact_file_path);
    const model = loggedModels.row((request.params as { model_id: string }).model_id);
    const root = proxiedPath(model.artifact_location);
    if (root === undefined) throw new MlflowError('INTERNAL_ERROR', `The artifacts of ${model.model_id} are not served by this server`);
    return sendArtifact(reply, await storePath(store, `${root}/${path}`), store);
  });
}
