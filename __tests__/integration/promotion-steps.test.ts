import { describe, expect, test } from '@jest/globals';
import { isConfigurationError } from '@mlops-actions/common';
import { getModelVersion, getRegisteredModel, getVersionByAlias, setAlias } from '@mlops-actions/mlflow';
import { readLedger } from '@mlops-actions/promotion';
import { lockModelName, promoteIfStillChampion, resolveVersions, type PromotionRequest } from '@mlops-actions/promotion/internal';
import { useMlflowServer } from '../helpers/mlflow-server.js';
import { recordingLogger } from '../helpers/recording-logger.js';
import { registerModel } from '../helpers/registered-models.js';

const mlflow = useMlflowServer('mlops-promotion-steps-');
const register = (name: string) => registerModel(mlflow.http, name, { onnx: 'not parsed here' });
const failure = (promise: Promise<unknown>): Promise<unknown> =>
  promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );

describe('resolving what to evaluate: names once, as version numbers', () => {
  test('the newest version, a number, an alias; the champion alias or none', async () => {
    await register('resolve');
    await register('resolve');
    await setAlias(mlflow.http, 'resolve', 'production', 1);
    const newest = await resolveVersions(mlflow.http, 'resolve', undefined, 'production');
    expect([newest.challenger.version, newest.champion?.version]).toEqual([2, 1]);
    expect((await resolveVersions(mlflow.http, 'resolve', '1', 'production')).challenger.version).toBe(1);
    await setAlias(mlflow.http, 'resolve', 'challenger', 2);
    expect((await resolveVersions(mlflow.http, 'resolve', 'challenger', 'production')).challenger.version).toBe(2);
    expect((await resolveVersions(mlflow.http, 'resolve', undefined, 'staging')).champion).toBeUndefined();
  });

  test.each([
    ['no-such-model', undefined, "registered model 'no-such-model' does not exist in MLflow at"],
    ['resolve', '9', 'resolve has no version 9'],
    ['resolve', 'nightly', 'resolve has no alias @nightly: give a version number, an existing alias, or nothing for the newest version'],
  ])('%s %s: a configuration error that says what is missing', async (model, challenger, message) => {
    const error = await failure(resolveVersions(mlflow.http, model, challenger, 'production'));
    expect(isConfigurationError(error)).toBe(true);
    expect((error as Error).message).toContain(message);
  });
});

describe('the compare-and-set of the champion alias', () => {
  const request = (modelName: string, challengerVersion: number, expectedChampion: number | undefined): PromotionRequest => ({
    modelName,
    championAlias: 'production',
    challengerVersion,
    expectedChampion,
    description: `promoted by the test over ${expectedChampion ?? 'nothing'}`,
    lock: { holder: 'promotion-steps test', timeoutMs: 0 },
    ledger: {
      runUrl: 'https://github.com/acme/digits/actions/runs/7',
      evidenceRunId: 'evaluation-run',
      reason: `the gate passed for v${challengerVersion}`,
    },
  });

  test('moves the alias when it still points where it did, sets the description and leaves no lock behind', async () => {
    await register('cas');
    await register('cas');
    await setAlias(mlflow.http, 'cas', 'production', 1);
    const logger = recordingLogger();
    expect(await promoteIfStillChampion(mlflow.http, request('cas', 2, 1), logger)).toEqual({ promoted: true });
    expect((await getVersionByAlias(mlflow.http, 'cas', 'production'))?.version).toBe(2);
    expect((await getModelVersion(mlflow.http, 'cas', 2))?.description).toBe('promoted by the test over 1');
    expect(logger.lines).toContain('@production of cas: v1 → v2');
    expect(await getRegisteredModel(mlflow.http, lockModelName('cas'))).toBeUndefined();
    // The ledger: where the alias stood when it began, then the promotion with who, why and on what evidence.
    const ledger = await readLedger(mlflow.http, 'cas');
    expect(ledger.map(({ kind, from, to }) => [kind, from, to])).toEqual([
      ['found', undefined, 1],
      ['promotion', 1, 2],
    ]);
    expect(ledger[1]).toMatchObject({
      modelName: 'cas',
      alias: 'production',
      actor: 'promotion-steps test',
      runUrl: 'https://github.com/acme/digits/actions/runs/7',
      evidenceRunId: 'evaluation-run',
      reason: 'the gate passed for v2',
    });
    expect(ledger[0]!.at).toBeLessThanOrEqual(ledger[1]!.at);
  });

  test('a move made by hand since the last entry is entered before the next promotion', async () => {
    for (let i = 0; i < 3; i++) await register('by-hand');
    await promoteIfStillChampion(mlflow.http, request('by-hand', 1, undefined), recordingLogger());
    await setAlias(mlflow.http, 'by-hand', 'production', 2); // someone, in MLflow's UI
    expect(await promoteIfStillChampion(mlflow.http, request('by-hand', 3, 2), recordingLogger())).toEqual({ promoted: true });
    const ledger = await readLedger(mlflow.http, 'by-hand', 'production');
    expect(ledger.map(({ kind, from, to }) => [kind, from, to])).toEqual([
      ['promotion', undefined, 1],
      ['manual', 1, 2],
      ['promotion', 2, 3],
    ]);
    expect(ledger[1]!.actor).toBe('someone outside the pipeline (found by promotion-steps test)');
    expect(await readLedger(mlflow.http, 'by-hand', 'staging')).toEqual([]);
  });

  test('a first model takes the alias when there is still none', async () => {
    await register('first');
    expect(await promoteIfStillChampion(mlflow.http, request('first', 1, undefined), recordingLogger())).toEqual({ promoted: true });
    expect((await getVersionByAlias(mlflow.http, 'first', 'production'))?.version).toBe(1);
  });

  test('an alias that moved meanwhile is left where it is, and the reason says from where to where', async () => {
    for (let i = 0; i < 3; i++) await register('moved');
    await setAlias(mlflow.http, 'moved', 'production', 2); // another run promoted v2 while v3 was evaluated against v1
    expect(await promoteIfStillChampion(mlflow.http, request('moved', 3, 1), recordingLogger())).toEqual({
      promoted: false,
      reason:
        '@production moved from v1 to v2 while v3 was being evaluated: not promoted over a champion it was not compared with; evaluate again against v2',
    });
    expect((await getVersionByAlias(mlflow.http, 'moved', 'production'))?.version).toBe(2);
    expect(await getRegisteredModel(mlflow.http, lockModelName('moved'))).toBeUndefined();
    expect(await readLedger(mlflow.http, 'moved')).toEqual([]); // nothing moved: nothing entered
  });
});
