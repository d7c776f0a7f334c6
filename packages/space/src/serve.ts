import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import sirv from 'sirv';

export interface SpaceServer {
  url: string;
  close(): Promise<void>;
}

/** Serves a Space folder over HTTP, as the Hub serves a static Space (index.html at /, .wasm and .mjs with their types). */
export async function serveSpace(dir: string, options: { host?: string; port?: number } = {}): Promise<SpaceServer> {
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
