import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { deployWorkflowDispatcher } from '@mlops-actions/dispatch';
import { isOperationalError } from '@mlops-actions/common';
import { startGithubApi, type GithubApiStandIn } from '../helpers/github-api.js';

const token = 'ghs_deploytest0123456789';
let github: GithubApiStandIn;
beforeAll(async () => {
  github = await startGithubApi(token);
});
afterAll(async () => {
  await github.close();
});

/** The deploy dispatch the action and the CLI both use, against the GitHub API stand-in. */
describe('the deploy dispatch after a promotion: one rule for the ref, for the action and the CLI', () => {
  const dispatchOn = async (ref: string | undefined, runRef: string | undefined): Promise<unknown> => {
    github.requests.length = 0;
    const dispatch = deployWorkflowDispatcher(
      { workflow: 'deploy.yml', ref, token },
      { repository: 'acme/digits', runRef, apiUrl: github.url },
    )!;
    expect(await dispatch('digits', 4)).toMatch(/^dispatched deploy\.yml on /);
    return github.requests.map((request) => [request.path, request.body]);
  };

  test.each([
    ['the ref given', 'release', 'feature-x', 'release'],
    ["else the promoting run's ref", undefined, 'feature-x', 'feature-x'],
    ['else main', undefined, undefined, 'main'],
    ["main for a pull request's run, whose merge ref no workflow runs on", undefined, '42/merge', 'main'],
  ])('%s', async (_rule, ref, runRef, expected) => {
    expect(await dispatchOn(ref, runRef)).toEqual([
      ['/repos/acme/digits/actions/workflows/deploy.yml/dispatches', { ref: expected, inputs: { 'model-name': 'digits', version: '4' } }],
    ]);
  });

  test('no deploy workflow, no dispatcher', () => {
    expect(deployWorkflowDispatcher(undefined, { repository: 'acme/digits', runRef: 'main', apiUrl: github.url })).toBeUndefined();
  });

  test('a token GitHub refuses is an operational failure that names the token', async () => {
    const dispatch = deployWorkflowDispatcher(
      { workflow: 'deploy.yml', ref: undefined, token: 'ghs_wrong' },
      { repository: 'acme/digits', runRef: 'main', apiUrl: github.url },
    )!;
    const error = await dispatch('digits', 4).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(isOperationalError(error)).toBe(true);
    expect(error).toMatchObject({
      service: 'GitHub',
      message: expect.stringContaining('GitHub refused the workflow_dispatch of deploy.yml on main in acme/digits (HTTP 401)'),
      hint: expect.stringContaining('the token is not valid'),
    });
  });

  test('GitHub not reached is told apart from GitHub refusing', async () => {
    const dispatch = deployWorkflowDispatcher(
      { workflow: 'deploy.yml', ref: undefined, token },
      { repository: 'acme/digits', runRef: 'main', apiUrl: 'http://127.0.0.1:9' },
    )!;
    const error = await dispatch('digits', 4).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toMatchObject({
      message: expect.stringContaining('GitHub could not be reached for the workflow_dispatch of deploy.yml'),
      hint: expect.stringContaining('reaches the GitHub API'),
    });
  });
});
