import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { closeAfterAll } from './cleanup.js';

export interface LoopbackServer {
  server: Server;
  /** http://127.0.0.1:<port> */
  url: string;
  /** Ends every connection and stops listening; the file's after-all step does it when a test did not. */
  close: () => Promise<void>;
}

/** An HTTP server on a free loopback port, closed after the test file even when a test fails before closing it. */
export async function listenOnLoopback(handler: RequestListener): Promise<LoopbackServer> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return closeAfterAll({
    server,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}

/** `http://127.0.0.1:<port>` where nothing listens (a port taken, then given back): a connection there is refused. */
export async function refusedUrl(): Promise<string> {
  const probe = await listenOnLoopback(() => undefined);
  await probe.close();
  return probe.url;
}
