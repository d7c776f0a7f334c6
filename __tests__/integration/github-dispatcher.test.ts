import type { ServerResponse } from 'node:http';
import { connect } from 'node:net';
import { describe, expect, test } from '@jest/globals';
import { githubDispatcher } from '@mlops-actions/dispatch';
import { startGithubApi } from '../helpers/github-api.js';
import { listenOnLoopback } from '../helpers/loopback-server.js';

describe('the GitHub dispatcher', () => {
  test('a request GitHub never answers fails after the timeout instead of hanging (the relay then retries it)', async () => {
    const held: ServerResponse[] = [];
    const server = await listenOnLoopback((_request, response) => void held.push(response));
    const dispatcher = githubDispatcher({
      token: 'ghs_token',
      repository: 'acme/vision',
      workflow: 'evaluate.yml',
      ref: 'main',
      apiUrl: server.url,
      timeoutMs: 200,
    });
    await expect(dispatcher.dispatch({ modelName: 'm', version: 1, event: 'created' })).rejects.toThrow();
    expect(held).toHaveLength(1);
    await server.close();
  }, 10_000); // without the timeout the dispatch would never settle

  test('goes through the proxy HTTP_PROXY names, as @actions/github does on a self-hosted runner behind a proxy', async () => {
    const token = 'ghs_proxytest0123456789';
    const github = await startGithubApi(token);
    // A tunnelling proxy: it answers CONNECT and pipes the bytes, and remembers where each tunnel went.
    const tunnels: string[] = [];
    const proxy = await listenOnLoopback((_request, response) => response.writeHead(405).end());
    proxy.server.on('connect', (request: { url: string }, client: import('node:net').Socket) => {
      tunnels.push(request.url);
      const [host, port] = request.url.split(':');
      const upstream = connect(Number(port), host, () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.pipe(client).pipe(upstream);
      });
      upstream.on('error', () => client.destroy());
      client.on('error', () => upstream.destroy());
    });
    const saved = { ...process.env };
    process.env.HTTP_PROXY = proxy.url;
    process.env.NO_PROXY = '';
    process.env.no_proxy = '';
    try {
      const dispatcher = githubDispatcher({ token, repository: 'acme/vision', workflow: 'evaluate.yml', ref: 'main', apiUrl: github.url });
      await dispatcher.dispatch({ modelName: 'm', version: 3, event: 'created' });
    } finally {
      process.env = saved;
    }
    expect(tunnels).toEqual([new URL(github.url).host]);
    expect(github.requests.map((request) => request.path)).toEqual(['/repos/acme/vision/actions/workflows/evaluate.yml/dispatches']);
    await github.close();
    await proxy.close();
  });
});
