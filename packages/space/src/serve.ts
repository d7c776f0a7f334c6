import { stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { ConfigurationError } from '@mlops-actions/common';
import sirv from 'sirv';

export interface SpaceServer {
  url: string;
  close(): Promise<void>;
}

/** The files without which a folder is not a Space this package made: the page and the model it runs. */
const SPACE_FILES = ['index.html', 'model.onnx'];

/** Refuses a folder that is missing or is not a Space, instead of serving 404s for every page. */
async function checkSpaceFolder(dir: string): Promise<void> {
  const isFile = (path: string) =>
    stat(path).then(
      (found) => found.isFile(),
      () => false,
    );
  const isFolder = await stat(dir).then(
    (found) => found.isDirectory(),
    () => false,
  );
  if (!isFolder)
    throw new ConfigurationError(`${dir} is not a folder: give the folder a deploy wrote (mlops deploy-hf --space folder:<dir>)`, {
      subject: 'dir',
    });
  const missing = [];
  for (const name of SPACE_FILES) if (!(await isFile(join(dir, name)))) missing.push(name);
  if (missing.length > 0)
    throw new ConfigurationError(
      `${dir} is not a Space: it has no ${missing.join(' and no ')}; deploy one into it first (mlops deploy-hf --space folder:<dir>)`,
      { subject: 'dir' },
    );
}

/**
 * Serves a Space folder over HTTP, as the Hub serves a static Space (index.html at /, .wasm and .mjs with their
 * types); a folder without the page and the model is refused.
 */
export async function serveSpace(dir: string, options: { host?: string; port?: number } = {}): Promise<SpaceServer> {
  await checkSpaceFolder(dir);
  const serve = sirv(resolve(dir), { dev: true, dotfiles: false });
  const server = createServer((request, response) =>
    serve(request, response, () => {
      response.statusCode = 404;
      response.end('not found');
    }),
  );
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((listening, failed) => {
    server.once('error', failed);
    server.listen(options.port ?? 7860, host, listening);
  });
  return {
    url: `http://${host}:${(server.address() as AddressInfo).port}/`,
    close: () =>
      new Promise((closed) => {
        server.closeAllConnections();
        server.close(() => closed());
      }),
  };
}
