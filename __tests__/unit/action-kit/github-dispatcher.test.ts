import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, test } from '@jest/globals';
import { githubDispatcher } from '@mlops-actions/action-kit';

describe('the GitHub dispatcher', () => {
  test('a request GitHub never answers fails after the timeout instead of hanging (the relay then retries it)', async () => {
    const held: ServerResponse[] = [];
    const server = createServer((_request, response) => void held.push(response));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const dispatcher = githubDispatcher({
      token: 'ghs_token',
      repository: 'acme/vision',
      workflow: 'evaluate.yml',
      ref: 'main',
      apiUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      timeoutMs: 200,
    });
    await expect(dispatcher.dispatch({ modelName: 'm', version: 1, event: 'created' })).rejects.toThrow();
    expect(held).toHaveLength(1);
    for (const response of held) response.destroy();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }, 10_000); // without the timeout the dispatch would never settle
});
