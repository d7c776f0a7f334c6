import { describe, expect, test } from '@jest/globals';
import { isOperationalError } from '@mlops-actions/common';
import { publishToHub } from '@mlops-actions/space';
import { refusedUrl } from '../../helpers/loopback-server.js';

describe('a Hub that cannot be reached', () => {
  test.each([
    ['a refused port', 'refused'],
    ['a host that does not resolve', 'unresolvable'],
  ] as const)('is named with its host and the cause, not as "fetch failed" (%s)', async (_name, kind) => {
    const host = kind === 'refused' ? new URL(await refusedUrl()).host : 'something.invalid';
    const target = { space: 'octo/digits', token: 'hf_secret_token', hubUrl: `http://${host}`, createSpace: true, private: false };
    const error = await publishToHub([], target, 'deploy').then(
      () => undefined,
      (caught: unknown) => caught as Error & { service: string; hint: string },
    );
    expect(isOperationalError(error)).toBe(true);
    const cause = kind === 'refused' ? `connect ECONNREFUSED ${host}` : 'getaddrinfo (ENOTFOUND|EAI_AGAIN) something.invalid';
    expect(error?.message).toMatch(
      new RegExp(`^could not reach the Hugging Face Hub at ${host.replaceAll('.', '\\.')} \\(${cause.replaceAll('.', '\\.')}\\)$`),
    );
    expect(error?.message).not.toContain('hf_secret_token');
    expect(error).toMatchObject({
      service: 'the Hugging Face Hub',
      hint: 'check the network and the proxy settings (HTTPS_PROXY, NO_PROXY), and the Hub address (hub-url)',
    });
  });
});
