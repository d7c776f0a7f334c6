import { createHash, randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { listenOnLoopback } from './loopback-server.js';

interface StoredFile {
  content: Buffer;
  lfs: boolean;
}

export interface HubStandIn {
  url: string;
  /** `METHOD path` of every request, in order. */
  requests: string[];
  /** The Spaces, by `owner/name`: their files and commits. */
  spaces: Map<string, { files: Map<string, StoredFile>; commits: { summary: string; paths: string[] }[]; sdk: string; private: boolean }>;
  close(): Promise<void>;
}

const LFS_PATTERN = /\.(onnx|wasm|bin|safetensors|png|jpg)$/;
const blobSha1 = (bytes: Buffer): string => createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

async function body(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function json(response: ServerResponse, status: number, value: unknown, type = 'application/json'): void {
  response.statusCode = status;
  response.setHeader('content-type', type);
  response.end(JSON.stringify(value));
}

/**
 * A loopback stand-in for the Hugging Face Hub that follows the protocol @huggingface/hub speaks
 * (../shared/reference/hf-hub-protocol.md): repo create and exists, tree listing, preupload (the server
 * decides regular or LFS), the LFS batch with basic transfer and PUT, the NDJSON commit, and resolve. Every
 * API call needs `Bearer <token>`.
 */
export async function startHubStandIn(token: string): Promise<HubStandIn> {
  const requests: string[] = [];
  const spaces: HubStandIn['spaces'] = new Map();
  const lfsObjects = new Map<string, Buffer>();
  let base = '';

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const url = new URL(request.url ?? '/', base);
    const path = decodeURIComponent(url.pathname);
    requests.push(`${request.method} ${path}`);
    const payload = await body(request);
    let match: RegExpExecArray | null;
    if ((match = /^\/lfs-upload\/([0-9a-f]{64})$/.exec(path)) && request.method === 'PUT') {
      if (sha256(payload) !== match[1]) {
        json(response, 400, { error: 'content does not match its oid' });
        return;
      }
      lfsObjects.set(match[1], payload);
      response.statusCode = 200;
      return void response.end();
    }
    if (request.headers.authorization !== `Bearer ${token}`) {
      json(response, 401, { error: 'Invalid credentials in Authorization header' });
      return;
    }
    if (path === '/api/repos/create' && request.method === 'POST') {
      const spec = JSON.parse(payload.toString()) as { name: string; organization?: string; type: string; sdk?: string; private?: boolean };
      const id = `${spec.organization ?? 'user'}/${spec.name}`;
      if (spaces.has(id)) {
        json(response, 409, { error: 'You already created this space repo' });
        return;
      }
      spaces.set(id, { files: new Map(), commits: [], sdk: spec.sdk ?? 'static', private: Boolean(spec.private) });
      json(response, 200, { url: `${base}/spaces/${id}`, name: id, id });
      return;
    }
    if ((match = /^\/api\/spaces\/([^/]+\/[^/]+)$/.exec(path)) && request.method === 'GET') {
      if (spaces.has(match[1]!)) json(response, 200, { id: match[1], sdk: spaces.get(match[1]!)!.sdk });
      else json(response, 404, { error: 'Repository not found' });
      return;
    }
    if ((match = /^\/api\/spaces\/([^/]+\/[^/]+)\/tree\/main$/.exec(path)) && request.method === 'GET') {
      const space = spaces.get(match[1]!);
      if (!space) {
        json(response, 404, { error: 'Repository not found' });
        return;
      }
      json(
        response,
        200,
        [...space.files].map(([file, stored]) => ({
          type: 'file',
          path: file,
          size: stored.content.length,
          oid: stored.lfs
            ? blobSha1(
                Buffer.from(
                  `version https://git-lfs.github.com/spec/v1\noid sha256:${sha256(stored.content)}\nsize ${stored.content.length}\n`,
                ),
              )
            : blobSha1(stored.content),
          ...(stored.lfs ? { lfs: { oid: sha256(stored.content), size: stored.content.length, pointerSize: 134 } } : {}),
        })),
      );
      return;
    }
    if (/^\/api\/spaces\/([^/]+\/[^/]+)\/preupload\/main$/.test(path) && request.method === 'POST') {
      const { files } = JSON.parse(payload.toString()) as { files: { path: string; size: number; sample: string }[] };
      json(response, 200, {
        files: files.map((file) => ({
          path: file.path,
          uploadMode:
            file.size >= 10_000_000 || LFS_PATTERN.test(file.path) || Buffer.from(file.sample, 'base64').includes(0) ? 'lfs' : 'regular',
        })),
      });
      return;
    }
    if (/^\/spaces\/([^/]+\/[^/]+)\.git\/info\/lfs\/objects\/batch$/.test(path) && request.method === 'POST') {
      const { objects } = JSON.parse(payload.toString()) as { objects: { oid: string; size: number }[] };
      json(
        response,
        200,
        {
          transfer: 'basic',
          objects: objects.map((object) => ({
            ...object,
            ...(lfsObjects.has(object.oid) ? {} : { actions: { upload: { href: `${base}/lfs-upload/${object.oid}` } } }),
          })),
        },
        'application/vnd.git-lfs+json',
      );
      return;
    }
    if ((match = /^\/api\/spaces\/([^/]+\/[^/]+)\/commit\/main$/.exec(path)) && request.method === 'POST') {
      const space = spaces.get(match[1]!);
      if (!space) {
        json(response, 404, { error: 'Repository not found' });
        return;
      }
      const lines = payload
        .toString()
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as { key: string; value: { path: string; summary: string; content: string; oid: string } });
      const paths: string[] = [];
      let summary = '';
      for (const { key, value } of lines) {
        if (key === 'header') summary = value.summary;
        else if (key === 'file') space.files.set(value.path, { content: Buffer.from(value.content, 'base64'), lfs: false });
        else if (key === 'lfsFile') {
          const content = lfsObjects.get(value.oid);
          if (!content) {
            json(response, 400, { error: `LFS object ${value.oid} was never uploaded` });
            return;
          }
          space.files.set(value.path, { content, lfs: true });
        } else if (key === 'deletedFile') space.files.delete(value.path);
        if (key !== 'header') paths.push(value.path);
      }
      space.commits.push({ summary, paths });
      const oid = randomBytes(20).toString('hex');
      json(response, 200, { commitOid: oid, commitUrl: `${base}/spaces/${match[1]}/commit/${oid}`, hookOutput: '' });
      return;
    }
    if ((match = /^\/spaces\/([^/]+\/[^/]+)\/resolve\/main\/(.+)$/.exec(path)) && request.method === 'GET') {
      const stored = spaces.get(match[1]!)?.files.get(match[2]!);
      if (!stored) {
        json(response, 404, { error: 'Entry not found' });
        return;
      }
      response.statusCode = 200;
      return void response.end(stored.content);
    }
    json(response, 404, { error: `no route for ${request.method} ${path}` });
  };

  const { url, close } = await listenOnLoopback((request, response) => {
    handle(request, response).catch((error: unknown) => json(response, 500, { error: String(error) }));
  });
  base = url;
  return { url, requests, spaces, close };
}
