import { describe, expect, test } from '@jest/globals';
import { clientOptionsFromEnvironment } from '@mlops-actions/mlflow';

describe("MLflow's standard environment variables", () => {
  test('basic auth wins over a token, as in MLflow', () => {
    expect(
      clientOptionsFromEnvironment({
        MLFLOW_TRACKING_URI: 'https://m',
        MLFLOW_TRACKING_USERNAME: 'u',
        MLFLOW_TRACKING_PASSWORD: 'p',
        MLFLOW_TRACKING_TOKEN: 't',
      }),
    ).toEqual({
      trackingUri: 'https://m',
      auth: { kind: 'basic', username: 'u', password: 'p' },
    });
    expect(clientOptionsFromEnvironment({ MLFLOW_TRACKING_URI: 'https://m', MLFLOW_TRACKING_TOKEN: 't' }).auth).toEqual({
      kind: 'bearer',
      token: 't',
    });
  });

  test('insecure TLS, retries and timeout', () => {
    expect(
      clientOptionsFromEnvironment({
        MLFLOW_TRACKING_URI: 'https://m',
        MLFLOW_TRACKING_INSECURE_TLS: 'TRUE',
        MLFLOW_HTTP_REQUEST_MAX_RETRIES: '2',
        MLFLOW_HTTP_REQUEST_TIMEOUT: '30',
      }),
    ).toEqual({
      trackingUri: 'https://m',
      insecureTls: true,
      retry: { maxRetries: 2 },
      timeoutMs: 30_000,
    });
  });

  test.each([
    [{}, 'MLFLOW_TRACKING_URI is not set'],
    [{ MLFLOW_TRACKING_URI: 'https://m', MLFLOW_TRACKING_USERNAME: 'u' }, 'set both MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD'],
    [
      { MLFLOW_TRACKING_URI: 'https://m', MLFLOW_TRACKING_INSECURE_TLS: 'yes' },
      "MLFLOW_TRACKING_INSECURE_TLS must be true, false, 1 or 0, got 'yes'",
    ],
    [
      { MLFLOW_TRACKING_URI: 'https://m', MLFLOW_HTTP_REQUEST_TIMEOUT: '2m' },
      "MLFLOW_HTTP_REQUEST_TIMEOUT must be a whole number, got '2m'",
    ],
    [
      { MLFLOW_TRACKING_URI: 'https://m', MLOPS_ALLOWED_ARTIFACT_HOSTS: 'files.example.com, https://x/' },
      "MLOPS_ALLOWED_ARTIFACT_HOSTS: 'https://x/' is not a host or host:port",
    ],
  ])('%j is refused: %s', (env, message) => {
    expect(() => clientOptionsFromEnvironment(env)).toThrow(message);
  });

  test('a default tracking URI is used when the variable is unset', () => {
    expect(clientOptionsFromEnvironment({}, 'http://127.0.0.1:5000').trackingUri).toBe('http://127.0.0.1:5000');
  });

  test('MLOPS_ALLOWED_ARTIFACT_HOSTS lists hosts (and ports) artifact URIs may name besides the tracking server', () => {
    expect(
      clientOptionsFromEnvironment({ MLFLOW_TRACKING_URI: 'https://m', MLOPS_ALLOWED_ARTIFACT_HOSTS: ' files.example.com , store:9000,' })
        .allowedArtifactHosts,
    ).toEqual(['files.example.com', 'store:9000']);
    expect(clientOptionsFromEnvironment({ MLFLOW_TRACKING_URI: 'https://m' }).allowedArtifactHosts).toBeUndefined();
  });
});
