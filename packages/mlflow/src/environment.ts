import { ConfigurationError } from '@mlops-actions/common';
import type { MlflowClientOptions } from './http.js';

/**
 * The variables `clientOptionsFromEnvironment` reads: the secrets, and the settings a workflow passes from `vars.*`.
 * The shipped workflows forward every one of them to the actions (a test compares).
 */
export const MLFLOW_ENVIRONMENT = {
  secrets: ['MLFLOW_TRACKING_USERNAME', 'MLFLOW_TRACKING_PASSWORD', 'MLFLOW_TRACKING_TOKEN'],
  settings: ['MLFLOW_TRACKING_URI', 'MLFLOW_TRACKING_INSECURE_TLS', 'MLFLOW_HTTP_REQUEST_MAX_RETRIES', 'MLFLOW_HTTP_REQUEST_TIMEOUT'],
} as const;

/**
 * Client options from MLflow's standard variables, as MLflow's own client reads them: MLFLOW_TRACKING_URI,
 * MLFLOW_TRACKING_USERNAME + MLFLOW_TRACKING_PASSWORD (basic, preferred) or MLFLOW_TRACKING_TOKEN (bearer),
 * MLFLOW_TRACKING_INSECURE_TLS, MLFLOW_HTTP_REQUEST_MAX_RETRIES and MLFLOW_HTTP_REQUEST_TIMEOUT (seconds); and ours,
 * MLOPS_ALLOWED_ARTIFACT_HOSTS (hosts besides the tracking server's that artifact URIs may name, comma-separated).
 * The caller passes the environment; the package never reads process.env.
 */
export function clientOptionsFromEnvironment(
  env: Readonly<Record<string, string | undefined>>,
  defaultTrackingUri?: string,
): MlflowClientOptions {
  const trackingUri = env.MLFLOW_TRACKING_URI?.trim() || defaultTrackingUri;
  if (!trackingUri)
    throw new ConfigurationError(
      'MLFLOW_TRACKING_URI is not set: point it at your MLflow server, e.g. https://mlflow.example.com (or run `mlops server` for a local one)',
      { subject: 'MLFLOW_TRACKING_URI' },
    );
  const username = env.MLFLOW_TRACKING_USERNAME;
  const password = env.MLFLOW_TRACKING_PASSWORD;
  if (Boolean(username) !== Boolean(password)) {
    throw new ConfigurationError('set both MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD for basic auth, or neither', {
      subject: 'MLFLOW_TRACKING_USERNAME',
    });
  }
  const options: MlflowClientOptions = { trackingUri };
  if (username && password) options.auth = { kind: 'basic', username, password };
  else if (env.MLFLOW_TRACKING_TOKEN) options.auth = { kind: 'bearer', token: env.MLFLOW_TRACKING_TOKEN };
  const insecure = env.MLFLOW_TRACKING_INSECURE_TLS?.trim().toLowerCase();
  if (insecure !== undefined && insecure !== '') {
    if (!['true', 'false', '1', '0'].includes(insecure))
      throw new ConfigurationError(`MLFLOW_TRACKING_INSECURE_TLS must be true, false, 1 or 0, got '${env.MLFLOW_TRACKING_INSECURE_TLS}'`, {
        subject: 'MLFLOW_TRACKING_INSECURE_TLS',
      });
    options.insecureTls = insecure === 'true' || insecure === '1';
  }
  const whole = (name: string): number | undefined => {
    const text = env[name]?.trim();
    if (text === undefined || text === '') return undefined;
    if (!/^\d+$/.test(text)) throw new ConfigurationError(`${name} must be a whole number, got '${text}'`, { subject: name });
    return Number(text);
  };
  const retries = whole('MLFLOW_HTTP_REQUEST_MAX_RETRIES');
  if (retries !== undefined) options.retry = { maxRetries: retries };
  const timeout = whole('MLFLOW_HTTP_REQUEST_TIMEOUT');
  if (timeout !== undefined) options.timeoutMs = timeout * 1000;
  const hosts = (env.MLOPS_ALLOWED_ARTIFACT_HOSTS ?? '')
    .split(',')
    .map((host) => host.trim())
    .filter(Boolean);
  for (const host of hosts)
    if (!/^[a-z0-9.-]+(:\d{1,5})?$|^\[[0-9a-f:]+\](:\d{1,5})?$/i.test(host))
      throw new ConfigurationError(`MLOPS_ALLOWED_ARTIFACT_HOSTS: '${host}' is not a host or host:port (list them with commas)`, {
        subject: 'MLOPS_ALLOWED_ARTIFACT_HOSTS',
      });
  if (hosts.length > 0) options.allowedArtifactHosts = hosts;
  return options;
}
