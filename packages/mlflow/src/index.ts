export * from './artifacts.js';
export { createApiError, MlflowApiError, redactUrl } from './errors.js';
export { clientOptionsFromEnvironment, MLFLOW_ENVIRONMENT } from './environment.js';
export * from './experiments.js';
export {
  createMlflowHttp,
  isConnectionError,
  retryAfterMs,
  type MlflowAuth,
  type MlflowClientOptions,
  type MlflowHttp,
  type RetryOptions,
  withDeadline,
} from './http.js';
export * from './registry.js';
export * from './runs.js';
export { notFoundError, unknownModelError, unregisteredModelError, type NotFoundLookup } from './suggestions.js';
export * from './uris.js';
export * from './webhooks.js';
export { formatDouble, parseDouble, type WireModelVersion, type WireRegisteredModel, type WireRun, type WireWebhook } from './wire.js';
export { modelVersionPageUrl, runPageUrl } from './ui-links.js';
