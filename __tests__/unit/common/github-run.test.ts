import { hostname, userInfo } from 'node:os';
import { describe, expect, test } from '@jest/globals';
import { githubRunContext, localHolder } from '@mlops-actions/common';

describe('githubRunContext: the run an action is in, from the runner’s variables, in one place', () => {
  test('inside a run: its URL, the attempt’s URL, the ref, and the run as lock holder', () => {
    const run = githubRunContext({
      GITHUB_SERVER_URL: 'https://ghe.example.com',
      GITHUB_REPOSITORY: 'acme/digits',
      GITHUB_RUN_ID: '77',
      GITHUB_RUN_ATTEMPT: '2',
      GITHUB_REF: 'refs/tags/train-v1',
      GITHUB_REF_NAME: 'train-v1',
      GITHUB_SHA: 'abc123',
      GITHUB_API_URL: 'https://ghe.example.com/api/v3',
      GITHUB_ACTOR: 'octocat',
    });
    expect(run).toEqual({
      runUrl: 'https://ghe.example.com/acme/digits/actions/runs/77',
      attemptUrl: 'https://ghe.example.com/acme/digits/actions/runs/77/attempts/2',
      holder: 'https://ghe.example.com/acme/digits/actions/runs/77',
      actor: '@octocat',
      repository: 'acme/digits',
      ref: 'refs/tags/train-v1',
      refName: 'train-v1',
      sha: 'abc123',
      serverUrl: 'https://ghe.example.com',
      apiUrl: 'https://ghe.example.com/api/v3',
    });
  });

  test('outside a run: no URLs, github.com as the server, this machine and process as holder', () => {
    const run = githubRunContext({});
    expect(run).toMatchObject({ runUrl: undefined, attemptUrl: undefined, serverUrl: 'https://github.com', holder: localHolder() });
    expect(localHolder()).toBe(`${hostname()} pid ${process.pid}`);
    // Who a ledger entry names off GitHub: this machine's user.
    expect(run.actor).toBe(`${userInfo().username} on ${hostname()}`);
  });
});
