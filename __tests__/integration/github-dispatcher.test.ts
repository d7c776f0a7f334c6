import type { ServerResponse } from 'node:http';
import { connect, type Socket } from 'node:net';
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

  test("goes through the proxy HTTP_PROXY names, as the runner's own tools do behind a proxy", async () => {
    const token = 'ghs_proxytest0123456789';
    const github = await startGithubApi(token);
    const port = new URL(github.url).port;
    // A tunnelling proxy that knows the API's host name (no DNS needed: the proxy, not the client, connects to it);
    // it answers CONNECT, pipes the bytes, and remembers where each tunnel went.
    const tunnels: string[] = [];
    const proxy = await listenOnLoopback((_request, response) => response.writeHead(405).end());
    proxy.server.on('connect', (request: { url: string }, client: Socket) => {
      tunnels.push(request.url);
      const upstream = connect(Number(port), '127.0.0.1', () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.pipe(client).pipe(upstream);
      });
      upstream.on('error', () => client.destroy());
      client.on('error', () => upstream.destroy());
    });
    const dispatcher = githubDispatcher({
      token,
      repository: 'acme/vision',
      workflow: 'evaluate.yml',
      ref: 'main',
      apiUrl: `http://api.github.test:${port}`,
      env: { HTTP_PROXY: proxy.url, NO_PROXY: 'example.com' },
    });
    await dispatcher.dispatch({ modelName: 'm', version: 3, event: 'created' });
    expect(tunnels).toEqual([`api.github.test:${port}`]);
    expect(github.requests.map((request) => request.path)).toEqual(['/repos/acme/vision/actions/workflows/evaluate.yml/dispatches']);
    await github.close();
    await proxy.close();
  });
});
