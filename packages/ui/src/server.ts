import { addressedHere } from '@mlops-actions/common';
import type { MlflowHttp } from '@mlops-actions/mlflow';
import Fastify from 'fastify';
import { registerForwarding } from './forward.js';
import { PAGE_HEADERS, registerUiRoutes } from './page-routes.js';

export interface UiServerOptions {
  /** The MLflow client whose server the page reads, with its credentials. */
  http: MlflowHttp;
  /** Default 127.0.0.1: whoever reaches the port reads MLflow with these credentials. */
  host?: string;
  /** Default 5001; 0 picks a free port. */
  port?: number;
  /** Where request errors are reported. */
  log?: (line: string) => void;
}

export interface UiServer {
  /** `http://host:port`, where the page is. */
  url: string;
  close(): Promise<void>;
}

/** Serves the page and forwards only its reads to the MLflow server of `http` (`mlops ui`). */
export async function startUiServer(options: UiServerOptions): Promise<UiServer> {
  const log = options.log ?? (() => undefined);
  const app = Fastify({ bodyLimit: 1024 * 1024, forceCloseConnections: true });
  app.setErrorHandler((error: Error & { statusCode?: number }, request, reply) => {
    const status = error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    if (status === 500) log(`${request.method} ${request.url}: ${error.stack ?? error.message}`);
    return reply
      .code(status)
      .headers(PAGE_HEADERS)
      .type('application/json')
      .send(JSON.stringify({ error_code: status === 500 ? 'INTERNAL_ERROR' : 'BAD_REQUEST', message: error.message }));
  });
  const host = options.host ?? '127.0.0.1';
  app.addHook('onRequest', async (request, reply) => {
    if (addressedHere(request.headers.host, host)) return;
    return reply
      .code(403)
      .headers(PAGE_HEADERS)
      .type('application/json')
      .send(
        JSON.stringify({
          error_code: 'PERMISSION_DENIED',
          message: `mlops ui answers only requests addressed to ${host === '127.0.0.1' ? 'this machine (localhost, 127.0.0.1 or [::1])' : host}: open it by that address, not as ${JSON.stringify(request.headers.host ?? '')}`,
        }),
      );
  });
  await registerUiRoutes(app);
  registerForwarding(app, options.http);
  const address = await app.listen({ host, port: options.port ?? 5001 });
  return { url: address.replace('[::1]', '127.0.0.1'), close: () => app.close() };
}
