export { teardown as default } from './scratch-root.mjs';
