import { describe, expect, test } from '@jest/globals';
import { createRun, getOrCreateExperiment, setAlias } from '@mlops-actions/mlflow';
import { LEDGER_EXPERIMENT, readLedger } from '@mlops-actions/promotion';
import { promoteIfStillChampion } from '@mlops-actions/promotion/internal';
import { useMlflowServer } from '../helpers/mlflow-server.js';
import { runMlops } from '../helpers/mlops-cli.js';
import { recordingLogger } from '../helpers/recording-logger.js';
import { registerModel } from '../helpers/registered-models.js';

const mlflow = useMlflowServer('mlops-ledger-cli-');
const ledger = (...args: string[]) => runMlops(['ledger', ...args], { env: { MLFLOW_TRACKING_URI: mlflow.server.url } });

describe('mlops ledger', () => {
  test('prints every move of the alias, oldest first, with who, why and the evidence; --json gives the same entries', async () => {
    for (let i = 0; i < 3; i++) await registerModel(mlflow.http, 'digits', { onnx: 'not parsed here' });
    const promote = (version: number, expected: number | undefined, reason: string) =>
      promoteIfStillChampion(
        mlflow.http,
        {
          modelName: 'digits',
          championAlias: 'production',
          challengerVersion: version,
          expectedChampion: expected,
          description: '',
          lock: { holder: 'acme/digits run 7 attempt 1', timeoutMs: 0 },
          ledger: { runUrl: 'https://github.com/acme/digits/actions/runs/7', evidenceRunId: `eval-${version}`, reason },
        },
        recordingLogger(),
      );
    await promote(1, undefined, 'first model: promote');
    await setAlias(mlflow.http, 'digits', 'production', 2);
    await promote(3, 2, 'n - o > 0.02 +/- 0.01 holds');

    const printed = await ledger('--model-name', 'digits');
    expect(printed.code).toBe(0);
    const lines = printed.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(
      /^\d{4}-\d\d-\d\dT[\d:.]+Z {2}@production {2}none → v1 {2}promotion {2}by acme\/digits run 7 attempt 1: first model: promote \(evidence: run eval-1\) https:\/\/github\.com\/acme\/digits\/actions\/runs\/7$/,
    );
    expect(lines[1]).toContain('@production  v1 → v2  manual  by someone outside the pipeline (found by acme/digits run 7 attempt 1)');
    expect(lines[2]).toContain('@production  v2 → v3  promotion');

    const json = JSON.parse((await ledger('--model-name', 'digits', '--json')).stdout) as { kind: string; to: number; at: string }[];
    expect(json.map((entry) => [entry.kind, entry.to])).toEqual([
      ['promotion', 1],
      ['manual', 2],
      ['promotion', 3],
    ]);
    expect(json[0]!.at).toMatch(/Z$/);
  });

  test('a model without entries says so; a hostile reason prints as text, never as terminal control', async () => {
    expect((await ledger('--model-name', 'nothing-yet')).stdout).toBe(
      'nothing-yet has no ledger entries yet: its ledger begins with its first promotion\n',
    );
    await registerModel(mlflow.http, 'hostile', { onnx: 'not parsed here' });
    await promoteIfStillChampion(
      mlflow.http,
      {
        modelName: 'hostile',
        championAlias: 'production',
        challengerVersion: 1,
        expectedChampion: undefined,
        description: '',
        lock: { holder: 'run', timeoutMs: 0 },
        ledger: { reason: 'ok\u001b]8;;https://evil.example\u0007click\u001b]8;;\u0007\r\nforged line' },
      },
      recordingLogger(),
    );
    const { stdout } = await ledger('--model-name', 'hostile');
    expect(Array.from(stdout).filter((c) => c !== '\n' && (c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f))).toEqual([]);
    expect(stdout.trimEnd().split('\n')).toHaveLength(1);
    expect(stdout).toContain('ok\\u001b]8;;https://evil.example\\u0007click\\u001b]8;;\\u0007\\u000d\\u000aforged line');
  });

  test('a forged entry with a time no date can hold is read clamped: the ledger prints, and the next move is entered after it', async () => {
    await registerModel(mlflow.http, 'forged', { onnx: 'not parsed here' });
    const experiment = await getOrCreateExperiment(mlflow.http, LEDGER_EXPERIMENT);
    await createRun(mlflow.http, {
      experimentId: experiment.id,
      startTime: 9e15, // beyond what a Date holds (8.64e15), within what MLflow stores
      tags: { 'mlops.ledger.model': 'forged', 'mlops.ledger.alias': 'production', 'mlops.ledger.kind': 'manual', 'mlops.ledger.to': '9' },
    });
    const printed = await ledger('--model-name', 'forged');
    expect(printed.code).toBe(0);
    expect(printed.stdout).toContain('+275760-09-13T00:00:00.000Z  @production  none → v9  manual');
    const logger = recordingLogger();
    const outcome = await promoteIfStillChampion(
      mlflow.http,
      {
        modelName: 'forged',
        championAlias: 'production',
        challengerVersion: 1,
        expectedChampion: undefined,
        description: '',
        lock: { holder: 'run', timeoutMs: 0 },
        ledger: { reason: 'first' },
      },
      logger,
    );
    expect(outcome).toEqual({ promoted: true });
    expect((await readLedger(mlflow.http, 'forged')).map((entry) => entry.kind).sort()).toEqual(['manual', 'manual', 'promotion']);
  });
});
