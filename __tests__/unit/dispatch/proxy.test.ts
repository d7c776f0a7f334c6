import { describe, expect, test } from '@jest/globals';
import { isConfigurationError } from '@mlops-actions/common';
import { proxyFor } from '@mlops-actions/dispatch/internal';

const api = new URL('https://api.github.com/');
const ghes = new URL('https://github.corp.example/api/v3');
const proxy = (url: URL, env: NodeJS.ProcessEnv) => proxyFor(url, env)?.href;

describe("the proxy for GitHub's API, by the rules of the runner's own tools (@actions/http-client)", () => {
  test('https goes through https_proxy or HTTPS_PROXY (lower case first), never through HTTP_PROXY alone', () => {
    expect(proxy(api, { HTTPS_PROXY: 'http://proxy:3128' })).toBe('http://proxy:3128/');
    expect(proxy(api, { https_proxy: 'http://lower:1', HTTPS_PROXY: 'http://upper:2' })).toBe('http://lower:1/');
    expect(proxy(api, { https_proxy: '', HTTPS_PROXY: 'http://upper:2' })).toBe('http://upper:2/');
    expect(proxy(api, { HTTP_PROXY: 'http://proxy:3128' })).toBeUndefined();
    expect(proxy(new URL('http://ghes.internal/api/v3'), { HTTP_PROXY: 'http://proxy:3128' })).toBe('http://proxy:3128/');
    expect(proxy(api, {})).toBeUndefined();
  });

  test('a proxy written without a scheme is http://', () => {
    expect(proxy(api, { HTTPS_PROXY: 'proxy.corp:3128' })).toBe('http://proxy.corp:3128/');
  });

  test('NO_PROXY names hosts and their subdomains, with or without a leading dot or a port; * is every host', () => {
    expect(proxy(ghes, { HTTPS_PROXY: 'http://p:1', NO_PROXY: 'corp.example' })).toBeUndefined();
    expect(proxy(ghes, { HTTPS_PROXY: 'http://p:1', NO_PROXY: '.corp.example' })).toBeUndefined();
    expect(proxy(ghes, { HTTPS_PROXY: 'http://p:1', NO_PROXY: 'other.example, github.corp.example:443' })).toBeUndefined();
    expect(proxy(ghes, { HTTPS_PROXY: 'http://p:1', NO_PROXY: 'github.corp.example:8443' })).toBe('http://p:1/');
    expect(proxy(ghes, { HTTPS_PROXY: 'http://p:1', NO_PROXY: 'xcorp.example' })).toBe('http://p:1/');
    expect(proxy(api, { HTTPS_PROXY: 'http://p:1', no_proxy: '*' })).toBeUndefined();
    expect(proxy(api, { HTTPS_PROXY: 'http://p:1', no_proxy: '', NO_PROXY: 'github.com' })).toBeUndefined();
  });

  test('loopback hosts never go through a proxy', () => {
    for (const host of ['http://localhost:8080', 'http://127.0.0.1:8080', 'http://[::1]:8080'])
      expect(proxy(new URL(host), { HTTP_PROXY: 'http://p:1' })).toBeUndefined();
  });

  test('a proxy variable that is no address is a configuration error naming the variable', () => {
    let caught: unknown;
    try {
      proxyFor(api, { HTTPS_PROXY: 'http://[bad' });
    } catch (error) {
      caught = error;
    }
    expect(isConfigurationError(caught)).toBe(true);
    expect((caught as Error).message).toBe("HTTPS_PROXY is not a proxy address such as http://proxy.example:3128, got 'http://[bad'");
  });
});
