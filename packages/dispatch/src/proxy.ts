import { ConfigurationError } from '@mlops-actions/common';

/**
 * The proxy a request to `url` goes through, by the rules the runner's own tools follow (`@actions/http-client`'s
 * lib/proxy.js, which `@actions/github` uses): https goes through `https_proxy`/`HTTPS_PROXY` and http through
 * `http_proxy`/`HTTP_PROXY` (the lower-case name first, an empty one counting as unset); a proxy without a scheme is
 * `http://`; loopback hosts never go through one; `no_proxy`/`NO_PROXY` lists hosts (also as `host:port`) that do not,
 * each matching itself and its subdomains, `*` matching all.
 */
export function proxyFor(url: URL, env: NodeJS.ProcessEnv): URL | undefined {
  if (bypassesProxy(url, env)) return undefined;
  const names = url.protocol === 'https:' ? ['https_proxy', 'HTTPS_PROXY'] : ['http_proxy', 'HTTP_PROXY'];
  const name = names.find((candidate) => env[candidate]);
  if (name === undefined) return undefined;
  const value = env[name]!.trim();
  for (const text of /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? [value] : [`http://${value}`]) {
    try {
      return new URL(text);
    } catch {
      // said below
    }
  }
  throw new ConfigurationError(`${name} is not a proxy address such as http://proxy.example:3128, got '${value}'`, { subject: name });
}

function bypassesProxy(url: URL, env: NodeJS.ProcessEnv): boolean {
  const host = url.hostname.toUpperCase();
  if (host === 'LOCALHOST' || host.startsWith('127.') || host === '[::1]' || host === '[0:0:0:0:0:0:0:1]') return true;
  const noProxy = env.no_proxy || env.NO_PROXY || '';
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  const hosts = [host, `${host}:${port}`];
  return noProxy
    .split(',')
    .map((entry) => entry.trim().toUpperCase())
    .filter((entry) => entry !== '')
    .some(
      (entry) =>
        entry === '*' ||
        hosts.some(
          (candidate) => candidate === entry || candidate.endsWith(`.${entry}`) || (entry.startsWith('.') && candidate.endsWith(entry)),
        ),
    );
}
