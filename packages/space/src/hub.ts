import { createHash } from 'node:crypto';
import { ConfigurationError, errorMessage, inputError, OperationalError, unreachableError } from '@mlops-actions/common';
import { commit, createRepo, HubApiError, listFiles, repoExists, type CommitOperation } from '@huggingface/hub';
import { readSource, type PublishReport } from './folder.js';
import { MANIFEST, type SpaceFile } from './space-files.js';

export interface HubTarget {
  /** `owner/name`. */
  space: string;
  /** A token with write access (`hf_…`). */
  token: string;
  hubUrl: string;
  /** Create the Space when it does not exist (otherwise that is an error). */
  createSpace: boolean;
  private: boolean;
  fetch?: typeof fetch;
}

export interface HubPublishReport extends PublishReport {
  spaceUrl: string;
  /** Whether this deploy created the Space. */
  created: boolean;
  /** The commit made; undefined when nothing differed. */
  commit: { sha: string; url: string } | undefined;
}

/** `owner/name` as the Hub accepts it. */
export const SPACE_NAME = /^[A-Za-z0-9][\w.-]{0,95}\/[A-Za-z0-9][\w.-]{0,95}$/;

/** The git blob id of a file, as the Hub lists regular files: sha1("blob <size>\0" + bytes). */
export const gitBlobSha1 = (bytes: Buffer): string => createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

function explain(error: unknown, target: HubTarget): Error {
  if (error instanceof HubApiError) {
    if (error.statusCode === 401 || error.statusCode === 403)
      return new ConfigurationError(
        `the Hub at ${target.hubUrl} refused the token for Space '${target.space}' (HTTP ${error.statusCode}): use a token with write access to it (input 'hf-token')`,
        { subject: 'hf-token', inputs: ['hf-token'] },
      );
    return new OperationalError(
      `the Hub at ${target.hubUrl} answered HTTP ${error.statusCode} for Space '${target.space}': ${error.message}`,
      {
        service: 'the Hugging Face Hub',
        hint:
          error.statusCode >= 500 || error.statusCode === 429
            ? 'the Hub failed on its side: retrying later may work'
            : `check the Space name '${target.space}' and the token's access to it`,
        cause: error,
      },
    );
  }
  // fetch's own failure: the Hub was not reached at all.
  const unreached = unreachableError(error, { url: target.hubUrl, service: 'the Hugging Face Hub', hint: 'and the Hub address (hub-url)' });
  if (unreached) return unreached;
  if (error instanceof TypeError && /fetch failed/i.test(error.message))
    return new OperationalError(`the Hub at ${target.hubUrl} could not be reached: ${errorMessage(error.cause ?? error)}`, {
      service: 'the Hugging Face Hub',
      hint: 'check the network and the Hub address (hub-url)',
      cause: error,
    });
  return error instanceof Error ? error : new Error(String(error));
}

/** The files a previous deploy made, from the manifest it left in the Space (none when there is none). */
async function previousFiles(target: HubTarget): Promise<string[]> {
  const response = await (target.fetch ?? fetch)(`${target.hubUrl}/spaces/${target.space}/resolve/main/${MANIFEST}`, {
    headers: { Authorization: `Bearer ${target.token}` },
  });
  if (!response.ok) return [];
  try {
    return ((await response.json()) as { files?: string[] }).files ?? [];
  } catch {
    return [];
  }
}

/**
 * Publishes the Space in one commit holding only what changed: a file is uploaded when its git blob sha1 (regular
 * files) or sha256 (LFS files) differs from the Space's listing, and files a previous deploy made that this one no
 * longer makes are deleted. Nothing differing means no commit at all; a dry run reports and commits nothing.
 */
export async function publishToHub(
  files: readonly SpaceFile[],
  target: HubTarget,
  title: string,
  options: { dryRun?: boolean } = {},
): Promise<HubPublishReport> {
  if (!SPACE_NAME.test(target.space)) throw inputError('space', `: '${target.space}' is not a Space name such as 'my-org/digits-demo'`);
  const repo = { type: 'space' as const, name: target.space };
  const common = { repo, hubUrl: target.hubUrl, accessToken: target.token, ...(target.fetch ? { fetch: target.fetch } : {}) };
  const spaceUrl = `${target.hubUrl}/spaces/${target.space}`;
  try {
    let created = false;
    const exists = await repoExists(common);
    if (!exists && options.dryRun)
      return { changed: files.map((file) => file.path), deleted: [], spaceUrl, created: false, commit: undefined };
    if (!exists) {
      if (!target.createSpace)
        throw new ConfigurationError(`Space '${target.space}' does not exist on ${target.hubUrl}: create it, or set create-space: true`, {
          subject: 'space',
        });
      await createRepo({ ...common, sdk: 'static', visibility: target.private ? 'private' : 'public' });
      created = true;
    }
    const listed = new Map<string, { oid?: string | undefined; lfsOid?: string | undefined }>();
    for await (const entry of listFiles({ ...common, recursive: true })) {
      if (entry.type === 'file') listed.set(entry.path, { oid: entry.oid, lfsOid: entry.lfs?.oid });
    }
    const operations: CommitOperation[] = [];
    const report: HubPublishReport = { changed: [], deleted: [], spaceUrl, created, commit: undefined };
    for (const file of files) {
      const bytes = await readSource(file);
      const existing = listed.get(file.path);
      const same = existing && (existing.lfsOid ? existing.lfsOid === sha256(bytes) : existing.oid === gitBlobSha1(bytes));
      if (same) continue;
      operations.push({ operation: 'addOrUpdate', path: file.path, content: new Blob([bytes]) });
      report.changed.push(file.path);
    }
    const current = new Set(files.map((file) => file.path));
    for (const path of await previousFiles(target)) {
      if (current.has(path) || !listed.has(path)) continue;
      operations.push({ operation: 'delete', path });
      report.deleted.push(path);
    }
    if (operations.length === 0 || options.dryRun) return report;
    const output = await commit({ ...common, title, operations, useXet: false });
    if (output) report.commit = { sha: output.commit.oid, url: output.commit.url };
    return report;
  } catch (error) {
    throw explain(error, target);
  }
}
