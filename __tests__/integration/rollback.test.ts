import { hostname, userInfo } from 'node:os';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { VERSION_TAGS } from '@mlops-actions/common';
import { getVersionByAlias, setModelVersionTag } from '@mlops-actions/mlflow';
import { readLedger } from '@mlops-actions/promotion';
import { promoteIfStillChampion } from '@mlops-actions/promotion/internal';
import { startGithubApi, type GithubApiStandIn } from '../helpers/github-api.js';
import { useMlflowServer } from '../helpers/mlflow-server.js';
import { runMlops } from '../helpers/mlops-cli.js';
import { recordingLogger } from '../helpers/recording-logger.js';
import { registerModel } from '../helpers/registered-models.js';

const mlflow = useMlflowServer('mlops-rollback-');
const token = 'ghs_rollbacktest0123456789';
let github: GithubApiStandIn;
beforeAll(async () => {
  github = await startGithubApi(token);
});
afterAll(async () => {
  await github.close();
});

const rollback = (...args: string[]) => runMlops(['rollback', ...args], { env: { MLFLOW_TRACKING_URI: mlflow.server.url } });
const champion = async (model: string) => (await getVersionByAlias(mlflow.http, model, 'production'))?.version;

/** `count` versions of `model`, those in `passed` tagged as having passed their gate, as evaluate-promote tags them. */
async function versions(model: string, count: number, passed: readonly number[]): Promise<void> {
  for (let version = 1; version <= count; version++) {
    await registerModel(mlflow.http, model, { onnx: 'not parsed here' });
    if (passed.includes(version)) await setModelVersionTag(mlflow.http, model, version, VERSION_TAGS.passed, 'true');
  }
}

const promote = (model: string, version: number, expected: number | undefined) =>
  promoteIfStillChampion(
    mlflow.http,
    {
      modelName: model,
      championAlias: 'production',
      challengerVersion: version,
      expectedChampion: expected,
      description: '',
      lock: { holder: 'evaluate run', timeoutMs: 0 },
      ledger: { reason: `gate passed for v${version}` },
    },
    recordingLogger(),
  );

describe('mlops rollback', () => {
  test('goes back one champion at a time, never to a version it rolled back from, each move in the ledger with its reason', async () => {
    await versions('digits', 3, [1, 2, 3]);
    await promote('digits', 1, undefined);
    await promote('digits', 2, 1);
    await promote('digits', 3, 2);

    expect(await rollback('--model-name', 'digits', '--reason', 'v3 misreads sevens in production')).toEqual({
      code: 0,
      stdout: 'rolled back @production of digits: v3 → v2\n',
      // The notice the rollback action annotates its run with, said plainly.
      stderr:
        '@production of digits: v3 → v2 (rollback)\nnotice: @production of digits rolled back from v3 to v2: v3 misreads sevens in production\n',
    });
    expect(await champion('digits')).toBe(2);
    expect((await rollback('--model-name', 'digits', '--reason', 'v2 too')).stdout).toBe('rolled back @production of digits: v2 → v1\n');
    expect(await champion('digits')).toBe(1);

    const ledger = await readLedger(mlflow.http, 'digits');
    expect(ledger.map(({ kind, from, to }) => [kind, from, to])).toEqual([
      ['promotion', undefined, 1],
      ['promotion', 1, 2],
      ['promotion', 2, 3],
      ['rollback', 3, 2],
      ['rollback', 2, 1],
    ]);
    expect(ledger[3]).toMatchObject({ reason: 'v3 misreads sevens in production' });
    expect(ledger[3]!.actor).toBe(`${userInfo().username} on ${hostname()}`); // who ran mlops rollback, on which machine

    // Nothing earlier to go back to.
    const none = await rollback('--model-name', 'digits', '--reason', 'again');
    expect(none.code).toBe(2);
    expect(none.stderr).toBe(
      'error: @production of digits has no earlier champion that passed its gate in its ledger: name the version to go back to\n',
    );
  });

  test('a version that never passed a gate is refused unless forced, and the ledger says it was forced', async () => {
    await versions('forced', 2, [2]);
    await promote('forced', 2, undefined);
    const refused = await rollback('--model-name', 'forced', '--to', '1', '--reason', 'back to the old one');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('forced v1 never passed a promotion gate: roll back to it anyway with force');
    expect(await champion('forced')).toBe(2);

    expect((await rollback('--model-name', 'forced', '--to', '1', '--reason', 'back to the old one', '--force')).stdout).toBe(
      'rolled back @production of forced: v2 → v1 (forced)\n',
    );
    expect((await readLedger(mlflow.http, 'forced')).at(-1)).toMatchObject({
      kind: 'rollback',
      reason: 'back to the old one (forced: v1 never passed a gate)',
    });
  });

  test("a rollback during an evaluation makes that evaluation's promotion refuse: the champion moved", async () => {
    await versions('race', 3, [1, 2, 3]);
    await promote('race', 1, undefined);
    await promote('race', 2, 1);
    // v3 is being evaluated against v2 when someone rolls back to v1.
    expect((await rollback('--model-name', 'race', '--reason', 'incident')).code).toBe(0);
    const outcome = await promote('race', 3, 2);
    expect(outcome).toMatchObject({ promoted: false });
    expect(await champion('race')).toBe(1);
  });

  test('what is wrong is said: no reason, no champion, an unknown version, the same version', async () => {
    await versions('bad', 2, [1, 2]);
    const missing = await rollback('--model-name', 'bad');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("required option '--reason <text>' not specified");
    expect((await rollback('--model-name', 'bad', '--reason', '  ')).stderr).toBe('error: --reason is required but was not given\n');
    expect((await rollback('--model-name', 'bad', '--reason', 'x')).stderr).toBe(
      'error: bad has no @production: there is nothing to roll back\n',
    );
    await promote('bad', 2, undefined);
    expect((await rollback('--model-name', 'bad', '--to', '7', '--reason', 'x')).stderr).toBe('error: bad has no version 7\n');
    expect((await rollback('--model-name', 'bad', '--to', '2', '--reason', 'x')).stderr).toBe('error: @production of bad already is v2\n');
  });

  test('with --deploy-workflow the deploy workflow is dispatched for the version rolled back to', async () => {
    await versions('deployed', 2, [1, 2]);
    await promote('deployed', 1, undefined);
    await promote('deployed', 2, 1);
    const result = await runMlops(['rollback', '--model-name', 'deployed', '--reason', 'incident', '--deploy-workflow', 'deploy.yml'], {
      env: { MLFLOW_TRACKING_URI: mlflow.server.url, GITHUB_TOKEN: token, GITHUB_REPOSITORY: 'acme/digits', GITHUB_API_URL: github.url },
    });
    expect(result.stdout).toBe(
      'rolled back @production of deployed: v2 → v1; dispatched deploy.yml on main in acme/digits with model-name=deployed, version=1\n',
    );
    expect(github.requests.map((request) => [request.path, request.body])).toEqual([
      ['/repos/acme/digits/actions/workflows/deploy.yml/dispatches', { ref: 'main', inputs: { 'model-name': 'deployed', version: '1' } }],
    ]);
  });

  test('mlops promote (the approval job off GitHub) says what is wrong with the evaluation it is given, and moves nothing', async () => {
    await versions('approve', 2, [1, 2]);
    await promote('approve', 1, undefined);
    const run = (...args: string[]) =>
      runMlops(['promote', '--model-name', 'approve', ...args], { env: { MLFLOW_TRACKING_URI: mlflow.server.url } });
    expect((await run('--evaluation-run', 'latest')).stderr).toBe(
      "error: 'latest' is no MLflow run id: give the gate job's evaluation-run-id output (32 hexadecimal characters)\n",
    );
    const unknown = await run('--evaluation-run', 'ab'.repeat(16));
    expect(unknown).toMatchObject({
      code: 2,
      stderr: `error: MLflow has no run ${'ab'.repeat(16)}: give the gate job's evaluation-run-id output\n`,
    });
    expect((await run('--evaluation-run', 'ab'.repeat(16), '--deploy-workflow', 'deploy.yml')).stderr).toBe(
      'error: --deploy-workflow needs GITHUB_TOKEN (e.g. ${{ github.token }} with actions: write)\n',
    );
    expect(await champion('approve')).toBe(1);
  });
});
