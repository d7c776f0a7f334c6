// What the CLI uses (`mlops server` adds the page's routes, `mlops ui` starts the forwarding server), and the list of
// the page's reads its tests compare with the page's code.
export { PAGE_READS, type PageRead } from './forward.js';
export { registerUiRoutes } from './page-routes.js';
export { startUiServer, type UiServer, type UiServerOptions } from './server.js';
