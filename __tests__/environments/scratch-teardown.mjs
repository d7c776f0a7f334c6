export { teardown as default } from './scratch-setup.mjs';
