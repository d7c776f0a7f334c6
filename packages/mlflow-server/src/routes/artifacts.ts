import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, relative, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../database.js';
import { invalid, MlflowError, notFound } from '../errors.js';
import { endpoint, knownPaths } from '../routing.js';
import { optionalString, requiredString } from '../validation.js';

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

async function listDirectory(directory: string): Promise<{ path: string; is_dir: boolean; file_size?: number }[]> {
  let entries;
  try {
    entries = await readdir(directory, { withFileTypes: true });
  } catch {
    return [];
  }
  const files = await Promise.all(
    entries.map(async (entry) =>
      entry.isDirectory()
        ? { path: entry.name, is_dir: true }
        : { path: entry.name, is_dir: false, file_size: (await stat(join(directory, entry.name))).size },
    ),
  );
  return files.sort((a, b) => a.path.localeCompare(b.path));
}

export async function registerArtifactRoutes(app: FastifyInstance, db: Db, store: ArtifactStore): Promise<void> {
  await mkdir(store.root, { recursive: true });
  // Uploads cut off by a crash leave their partial files here, never among the artifacts.
  await rm(store.staging, { recursive: true, force: true });
  await mkdir(store.staging, { recursive: true });
  knownPaths.add(`${PROXY}/*`);

  app.put(`${PROXY}/*`, async (request, reply) => {
    const target = resolveArtifactPath(store, (request.params as { '*': string })['*']);
    const temporary = join(store.staging, randomUUID());
    try {
      await pipeline(request.body as Readable, createWriteStream(temporary));
      await mkdir(dirname(target), { recursive: true });
      await rename(temporary, target);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
    return reply.type('application/json').send('{}\n');
  });

  app.get(`${PROXY}/*`, async (request, reply) => {
    const target = resolveArtifactPath(store, (request.params as { '*': string })['*']);
    const info = await stat(target).catch(() => undefined);
    // Real MLflow answers a missing artifact with 500 INTERNAL_ERROR, not 404.
    if (!info?.isFile())
      throw new MlflowError(
        'INTERNAL_ERROR',
        `The following failures occurred while downloading one or more artifacts: ${relative(store.root, target)}: No such file or directory`,
      );
    return reply
      .type(/\.(json|txt|yaml|yml|md|csv)$/i.test(target) || basename(target) === 'MLmodel' ? 'text/plain' : 'application/octet-stream')
      .header('content-disposition', `attachment; filename=${basename(target)}`)
      .header('content-length', info.size)
      .send(createReadStream(target));
  });

  app.get(PROXY, async (request, reply) => {
    const path = (request.query as { path?: string }).path ?? '';
    const files = await listDirectory(resolveArtifactPath(store, path));
    return reply.type('application/json').send(JSON.stringify(files.length ? { files } : {}));
  });

  app.delete(`${PROXY}/*`, async (request, reply) => {
    await rm(resolveArtifactPath(store, (request.params as { '*': string })['*']), { recursive: true, force: true });
    return reply.type('application/json').send('{}\n');
  });

  for (const step of ['create', 'complete', 'abort']) {
    app.post(`/api/2.0/mlflow-artifacts/mpu/${step}/*`, () => {
      throw new MlflowError('NOT_IMPLEMENTED', 'Multipart upload is not supported for the current artifact repository');
    });
  }

  endpoint(app, 'GET', 'mlflow/artifacts/list', async (params) => {
    const runId = optionalString(params, 'run_id') || requiredString(params, 'run_uuid');
    const run = db.prepare('SELECT artifact_uri FROM runs WHERE run_id = ?').get(runId) as { artifact_uri: string } | undefined;
    if (!run) throw notFound(`Run with id=${runId} not found`);
    const sub = optionalString(params, 'path') ?? '';
    const match = /^mlflow-artifacts:(?:\/\/[^/]*)?\/(.*)$/.exec(run.artifact_uri);
    if (!match) return { root_uri: run.artifact_uri };
    const files = await listDirectory(resolveArtifactPath(store, [match[1], sub].filter(Boolean).join('/')));
    // Unlike the proxy's list, these paths are relative to the run's artifact root.
    return { root_uri: run.artifact_uri, files: files.map((f) => ({ ...f, path: [sub, f.path].filter(Boolean).join('/') })) };
  });
}
