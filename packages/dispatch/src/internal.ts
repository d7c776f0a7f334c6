// The dispatch package's pieces, for its tests; other packages use the index.
export { proxyFor } from './proxy.js';
