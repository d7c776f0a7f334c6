import { timingSafeEqual } from 'node:crypto';
import { join } from 'node:path';
import { addressedHere } from '@mlops-actions/common';
import Fastify, { type FastifyInstance } from 'fastify';
import { openDatabase, type Db } from './database.js';
import { MlflowError } from './errors.js';
import { registerArtifactRoutes } from './routes/artifacts.js';
import { registerExperimentRoutes } from './routes/experiments.js';
import { registerLoggedModelRoutes } from './routes/logged-models.js';
import { registerModelVersionRoutes } from './routes/model-versions.js';
import { registerRegisteredModelRoutes } from './routes/registered-models.js';
import { registerRunDataRoutes } from './routes/run-data.js';
import { registerRunRoutes } from './routes/runs.js';
import { knownPaths } from './routing.js';
import { registerWebhooks, type WebhookEvents, type WebhookOptions } from './webhooks.js';

export interface MlflowServerOptions {
  /** Where the database and artifacts live (created when missing); they survive restarts. */
  dataDir: string;
  /** Default 127.0.0.1: a local server. */
  host?: string;
  /** Default 5000; 0 picks a free port. */
  port?: number;
  /** `user:password` to require HTTP basic auth, as `mlflow server --app-name basic-auth`. */
  basicAuth?: string;
  webhooks?: WebhookOptions;
  /** Where the server reports webhook failures and request errors. */
  log?: (message: string) => void;
  /**
   * Adds the routes of a web page over the API beside MLflow's (`registerUiRoutes` of @mlops-actions/ui, which the
   * CLI passes): basic auth covers them as it covers the API. The layers keep this package from importing it.
   */
  page?: (app: FastifyInstance) => Promise<void>;
}

export interface MlflowServer {
  /** `http://host:port`, the MLFLOW_TRACKING_URI for clients. */
  url: string;
  app: FastifyInstance;
  db: Db;
  webhooks: WebhookEvents;
  close(): Promise<void>;
}

const htmlPage = (status: number, title: string, text: string): string =>
  `<!doctype html>\n<html lang=en>\n<title>${status} ${title}</title>\n<h1>${title}</h1>\n<p>${text}</p>\n`;

/** Starts an MLflow-REST-compatible tracking, registry, artifact-proxy and webhook server. */
export async function startMlflowServer(options: MlflowServerOptions): Promise<MlflowServer> {
  const db = await openDatabase(options.dataDir);
  const log = options.log ?? (() => undefined);
  // On close, open connections are cut rather than waited for: an upload cut off this way never shows (staging).
  // Path parameters carry tag keys (up to 250 characters in MLflow) and ids: fastify's default of 100 would answer
  // a longer one with its own 414 rather than MLflow's JSON.
  const app = Fastify({ bodyLimit: 64 * 1024 * 1024, forceCloseConnections: true, routerOptions: { maxParamLength: 2048 } });

  // Raw bodies (artifact uploads) arrive as streams; JSON is parsed by fastify's own parser.
  app.addContentTypeParser('*', (_request, payload, done) => {
    done(null, payload);
  });

  // As MLflow's server does since 3.5 (its security middleware): a Host that does not name where it listens — a page of
  // another site whose name was made to resolve to this address (DNS rebinding) — is refused, with MLflow's message.
  const host = options.host ?? '127.0.0.1';
  app.addHook('onRequest', async (request, reply) => {
    if (request.url === '/health' || request.url === '/version' || addressedHere(request.headers.host, host)) return;
    return reply.code(403).type('text/plain; charset=utf-8').send('Invalid Host header - possible DNS rebinding attack detected');
  });

  if (options.basicAuth) {
    const expected = Buffer.from(`Basic ${Buffer.from(options.basicAuth).toString('base64')}`);
    app.addHook('onRequest', async (request, reply) => {
      const given = Buffer.from(request.headers.authorization ?? '');
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        return reply
          .code(401)
          .header('www-authenticate', 'Basic realm="mlflow"')
          .type('text/html')
          .send(htmlPage(401, 'Unauthorized', 'You are not authenticated. Please see the documentation to set up basic authentication.'));
      }
    });
  }

  app.addHook('preHandler', (request, _reply, done) => {
    if (
      request.method === 'POST' &&
      request.url.startsWith('/api/2.0/mlflow/') &&
      !(request.headers['content-type'] ?? '').startsWith('application/json')
    ) {
      done(new MlflowError('INVALID_PARAMETER_VALUE', "Bad Request. Content-Type must be one of ['application/json']."));
      return;
    }
    done();
  });

  app.setErrorHandler((error: Error & { statusCode?: number; code?: string }, request, reply) => {
    if (error instanceof MlflowError) return reply.code(error.status).type('application/json').send(JSON.stringify(error.toJSON()));
    if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
      const code = error.statusCode === 413 ? 'INVALID_PARAMETER_VALUE' : 'BAD_REQUEST';
      return reply
        .code(400)
        .type('application/json')
        .send(JSON.stringify({ error_code: code, message: `Bad Request: ${error.message}` }));
    }
    log(`${request.method} ${request.url}: ${error.stack ?? error.message}`);
    return reply
      .code(500)
      .type('text/html')
      .send(htmlPage(500, 'Internal Server Error', 'The server encountered an internal error and was unable to complete your request.'));
  });

  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0]!;
    const known = [...knownPaths].some((pattern) =>
      new RegExp(
        `^${pattern
          .replace(/[.+?^${}()|[\]\\]/g, '\\$&')
          .replace(/:/g, '[^/]+')
          .replace(/\*/g, '.*')}$`,
      ).test(path),
    );
    if (known)
      return reply
        .code(405)
        .type('text/html')
        .send(htmlPage(405, 'Method Not Allowed', 'The method is not allowed for the requested URL.'));
    return reply
      .code(404)
      .type('text/html')
      .send(htmlPage(404, 'Not Found', 'The requested URL was not found on the server.'));
  });

  app.get('/health', async (_request, reply) => reply.type('text/plain').send('OK'));
  app.get('/version', async (_request, reply) => reply.type('text/plain').send('3.6.0'));

  const webhooks = registerWebhooks(app, db, { log, ...options.webhooks });
  registerExperimentRoutes(app, db);
  registerRunRoutes(app, db);
  registerRunDataRoutes(app, db);
  const loggedModels = registerLoggedModelRoutes(app, db);
  registerRegisteredModelRoutes(app, db, webhooks);
  registerModelVersionRoutes(app, db, webhooks, loggedModels);
  await registerArtifactRoutes(
    app,
    db,
    { root: join(options.dataDir, 'artifacts'), staging: join(options.dataDir, 'staging') },
    loggedModels,
  );
  await options.page?.(app);

  const address = await app.listen({ host, port: options.port ?? 5000 });
  return {
    url: address.replace('[::1]', '127.0.0.1'),
    app,
    db,
    webhooks,
    async close() {
      await app.close();
      await webhooks.settle();
      db.close();
    },
  };
}
