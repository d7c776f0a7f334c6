export { resolveArtifactPath, type ArtifactStore } from './routes/artifacts.js';
export { startMlflowServer, type MlflowServer, type MlflowServerOptions } from './server.js';
export { signDelivery, type WebhookOptions } from './webhooks.js';
export { pythonJsonDumps } from './python-json.js';
