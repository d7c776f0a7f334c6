export { setup as default } from './scratch-root.mjs';
