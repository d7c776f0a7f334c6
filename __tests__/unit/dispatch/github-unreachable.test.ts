import { describe, expect, test } from '@jest/globals';
import { isOperationalError } from '@mlops-actions/common';
import { githubDispatcher } from '@mlops-actions/dispatch';
import { refusedUrl } from '../../helpers/loopback-server.js';

describe('a GitHub API that cannot be reached', () => {
  test.each([
    ['a refused port', 'refused'],
    ['a host that does not resolve', 'unresolvable'],
  ] as const)('is named with its host, the cause and the dispatch that was not sent (%s)', async (_name, kind) => {
    const host = kind === 'refused' ? new URL(await refusedUrl()).host : 'something.invalid';
    const dispatcher = githubDispatcher({
      token: 'ghs_secret_token',
      repository: 'octo/models',
      workflow: 'evaluate.yml',
      ref: 'main',
      apiUrl: `http://${host}`,
      env: {},
    });
    const error = await dispatcher.dispatch({ modelName: 'digits', version: 3, event: 'created' }).then(
      () => undefined,
      (caught: unknown) => caught as Error & { service: string; hint: string },
    );
    expect(isOperationalError(error)).toBe(true);
    const cause = kind === 'refused' ? `connect ECONNREFUSED ${host}` : 'getaddrinfo (ENOTFOUND|EAI_AGAIN) something.invalid';
    expect(error?.message).toMatch(
      new RegExp(
        `^could not reach GitHub at ${host.replaceAll('.', '\\.')} for the workflow_dispatch of evaluate\\.yml on main in octo/models \\(${cause.replaceAll('.', '\\.')}\\)$`,
      ),
    );
    expect(error?.message).not.toContain('ghs_secret_token');
    expect(error).toMatchObject({ service: 'GitHub', hint: expect.stringContaining('GITHUB_API_URL on GitHub Enterprise Server') });
  });
});
