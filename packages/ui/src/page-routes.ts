import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { uiFolders, VENDOR_FILES, type UiFolders } from './app-files.js';

/**
 * The page's headers: its scripts and styles only from this origin, requests only to this origin, no frames, no
 * plugins, no base or form targets; nosniff; no Referer to the links it shows.
 */
export const PAGE_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
};

/** Where the page's own files are served: a prefix none of MLflow's routes uses. */
const UI_PREFIX = '/ui/';

/**
 * Serves the page at `/` and its files under `/ui/` (uPlot's under `/ui/vendor/`), every answer with PAGE_HEADERS.
 * Hooks the app already has (basic auth) apply to these routes as to the rest.
 */
export async function registerUiRoutes(app: FastifyInstance, folders: UiFolders = uiFolders()): Promise<void> {
  await app.register(async (scope) => {
    scope.addHook('onSend', async (_request, reply, payload) => {
      void reply.headers(PAGE_HEADERS);
      return payload;
    });
    await scope.register(fastifyStatic, { root: folders.app, prefix: UI_PREFIX, index: false, dotfiles: 'ignore' });
    await scope.register(fastifyStatic, {
      root: folders.vendor,
      prefix: `${UI_PREFIX}vendor/`,
      decorateReply: false,
      index: false,
      allowedPath: (path) => VENDOR_FILES.includes(path.replace(/^\//, '')),
    });
    scope.get('/', (_request, reply) => reply.sendFile('index.html', folders.app));
  });
}
