import { describe, expect, test } from '@jest/globals';
import { dispatchReadyVersions, localDispatcher, type DispatchRequest, type PollOptions } from '@mlops-actions/dispatch';
import { getModelVersion, setAlias } from '@mlops-actions/mlflow';
import { useMlflowServer } from '../helpers/mlflow-server.js';
import { recordingLogger } from '../helpers/recording-logger.js';
import { mnistModel, registerModel } from '../helpers/registered-models.js';

const mlflow = useMlflowServer('dispatch-poll-');
const onnx = mnistModel(4, 100);
const options = (overrides: Partial<PollOptions> = {}): PollOptions => ({
  event: { kind: 'created' },
  maxDispatches: 10,
  holder: 'test',
  claimSettleMs: 50,
  ...overrides,
});
const recorder = () => {
  const calls: DispatchRequest[] = [];
  return { calls, dispatcher: localDispatcher(async (request) => void calls.push(request)) };
};

describe('dispatch-on-registration, polling the registry', () => {
  test('two overlapping runs dispatch each new version exactly once, oldest first, and tag it', async () => {
    for (let i = 0; i < 3; i++) await registerModel(mlflow.http, 'overlap', { onnx });
    const [a, b] = [recorder(), recorder()];
    const runs = await Promise.all([
      dispatchReadyVersions(mlflow.http, a.dispatcher, options({ modelName: 'overlap', holder: 'run-a' }), recordingLogger()),
      dispatchReadyVersions(mlflow.http, b.dispatcher, options({ modelName: 'overlap', holder: 'run-b' }), recordingLogger()),
    ]);
    const all = [...a.calls, ...b.calls].map((call) => call.version).sort();
    expect(all).toEqual([1, 2, 3]);
    expect(
      runs
        .flat()
        .map((entry) => entry.version)
        .sort(),
    ).toEqual([1, 2, 3]);
    for (const calls of [a.calls, b.calls])
      expect(calls.map((call) => call.version)).toEqual([...calls.map((call) => call.version)].sort());
    const tag = JSON.parse((await getModelVersion(mlflow.http, 'overlap', 2))!.tags['mlops.dispatched']!) as { target: string; by: string };
    expect(tag.target).toBe('ran locally for overlap v2');
    expect(['run-a', 'run-b']).toContain(tag.by);
    expect(await dispatchReadyVersions(mlflow.http, a.dispatcher, options({ modelName: 'overlap' }), recordingLogger())).toEqual([]);
  });

  test('a version registered during a run is picked up by the next; max-dispatches bounds a run', async () => {
    await registerModel(mlflow.http, 'during', { onnx });
    const calls: number[] = [];
    const dispatcher = localDispatcher(async (request) => {
      calls.push(request.version);
      if (request.version === 1) await registerModel(mlflow.http, 'during', { onnx });
    });
    await dispatchReadyVersions(mlflow.http, dispatcher, options({ modelName: 'during' }), recordingLogger());
    expect(calls).toEqual([1]);
    await registerModel(mlflow.http, 'during', { onnx });
    const logger = recordingLogger();
    await dispatchReadyVersions(mlflow.http, dispatcher, options({ modelName: 'during', maxDispatches: 1 }), logger);
    expect(calls).toEqual([1, 2]);
    expect(logger.lines).toContain('max-dispatches (1) reached; the rest wait for the next run');
    await dispatchReadyVersions(mlflow.http, dispatcher, options({ modelName: 'during' }), recordingLogger());
    expect(calls).toEqual([1, 2, 3]);
  });

  test('the alias event dispatches the version receiving the alias, once per version; a pattern covers several models', async () => {
    for (const name of ['vision-a', 'vision-b', 'audio']) {
      await registerModel(mlflow.http, name, { onnx });
      await registerModel(mlflow.http, name, { onnx });
      await setAlias(mlflow.http, name, 'challenger', 1);
    }
    const { calls, dispatcher } = recorder();
    const event = { kind: 'alias' as const, alias: 'challenger' };
    await dispatchReadyVersions(mlflow.http, dispatcher, options({ modelPattern: 'vision-%', event }), recordingLogger());
    expect(calls).toEqual([
      { modelName: 'vision-a', version: 1, event: 'alias:challenger' },
      { modelName: 'vision-b', version: 1, event: 'alias:challenger' },
    ]);
    await dispatchReadyVersions(mlflow.http, dispatcher, options({ modelPattern: 'vision-%', event }), recordingLogger());
    expect(calls).toHaveLength(2);
    await setAlias(mlflow.http, 'vision-a', 'challenger', 2);
    await dispatchReadyVersions(mlflow.http, dispatcher, options({ modelPattern: 'vision-%', event }), recordingLogger());
    expect(calls.at(-1)).toEqual({ modelName: 'vision-a', version: 2, event: 'alias:challenger' });
  });
});
