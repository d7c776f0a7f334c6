import { describe, expect, test } from '@jest/globals';
import { isOperationalError, retryLine, unreachableError } from '@mlops-actions/common';
import { refusedUrl } from '../../helpers/loopback-server.js';

/** What fetch threw for `url`. */
const fetchFailure = (url: string): Promise<unknown> =>
  fetch(url).then(
    () => {
      throw new Error(`${url} answered`);
    },
    (error: unknown) => error,
  );

describe("a request that never reached its server names the service, the host and the system's cause", () => {
  test('a refused port', async () => {
    const { port } = new URL(await refusedUrl());
    const url = `http://127.0.0.1:${port}/api/2.0/mlflow/experiments/get`;
    const error = unreachableError(await fetchFailure(url), { url, service: 'MLflow' });
    expect(isOperationalError(error)).toBe(true);
    expect(error).toMatchObject({
      message: `could not reach MLflow at 127.0.0.1:${port} (connect ECONNREFUSED 127.0.0.1:${port})`,
      service: 'MLflow',
      hint: 'check the network and the proxy settings (HTTPS_PROXY, NO_PROXY)',
    });
  });

  test('a host that does not resolve, with what the caller adds to check; no credentials from the URL', async () => {
    const error = unreachableError(await fetchFailure('https://something.invalid/api/spaces'), {
      url: 'https://user:hf_secret@something.invalid/api/spaces',
      service: 'the Hugging Face Hub',
      purpose: 'the commit',
      hint: 'and the Hub address (hub-url)',
    });
    // ENOTFOUND where DNS answers; EAI_AGAIN where no DNS server is reachable at all.
    expect(error?.message).toMatch(
      /^could not reach the Hugging Face Hub at something\.invalid for the commit \(getaddrinfo (ENOTFOUND|EAI_AGAIN) something\.invalid\)$/,
    );
    expect(error?.message).not.toContain('hf_secret');
    expect(error?.hint).toBe('check the network and the proxy settings (HTTPS_PROXY, NO_PROXY), and the Hub address (hub-url)');
  });

  test('a certificate that is refused points at the certificate, not the network', () => {
    const tls = Object.assign(new TypeError('fetch failed'), {
      cause: Object.assign(new Error('certificate has expired'), { code: 'CERT_HAS_EXPIRED' }),
    });
    expect(unreachableError(tls, { url: 'https://mlflow.example.com', service: 'MLflow' })).toMatchObject({
      message: 'could not reach MLflow at mlflow.example.com (certificate has expired (CERT_HAS_EXPIRED))',
      hint: expect.stringMatching(/^its TLS certificate was not accepted: .*NODE_EXTRA_CA_CERTS/),
    });
  });

  test('anything else is left to the caller: an answer, a missing local file, a bug', () => {
    const url = 'https://huggingface.co';
    expect(
      unreachableError(new TypeError("Cannot read properties of undefined (reading 'x')"), { url, service: 'the Hub' }),
    ).toBeUndefined();
    const missingFile = Object.assign(new Error("ENOENT: no such file or directory, open 'model.onnx'"), { code: 'ENOENT' });
    expect(unreachableError(missingFile, { url, service: 'the Hub' })).toBeUndefined();
  });
});

describe('retry lines', () => {
  test('say the wait, the attempt and the reason', () => {
    expect(retryLine('HTTP 503 TEMPORARILY_UNAVAILABLE', { delayMs: 1500, attempt: 2, attempts: 6 })).toBe(
      'retrying in 1.5 s (attempt 2 of 6): HTTP 503 TEMPORARILY_UNAVAILABLE',
    );
    expect(retryLine('the connection broke', { delayMs: 0, attempt: 3, attempts: 6 })).toBe(
      'retrying now (attempt 3 of 6): the connection broke',
    );
  });
});
