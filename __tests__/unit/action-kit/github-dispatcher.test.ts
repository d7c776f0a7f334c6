import type { ServerResponse } from 'node:http';
import { describe, expect, test } from '@jest/globals';
import { githubDispatcher } from '@mlops-actions/action-kit';
import { listenOnLoopback } from '../../helpers/loopback-server.js';

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
});
