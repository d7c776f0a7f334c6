import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { runMlops, type MlopsRun } from '../helpers/mlops-cli.js';
import { useMlflowServer } from '../helpers/mlflow-server.js';
import { mnistModel, registerModel } from '../helpers/registered-models.js';

const mlflow = useMlflowServer('mlops-env-file-');

const mlops = (cwd: string, env: NodeJS.ProcessEnv, ...args: string[]): Promise<MlopsRun> => runMlops(args, { env, cwd });

describe("the reference pipeline's configs/.env", () => {
  test('is read when present, as the reference wrote it; names are reported, values never; variables already set win', async () => {
    const project = join(mlflow.dir, 'project');
    mkdirSync(join(project, 'configs'), { recursive: true });
    // The reference README's format: a space after '='.
    writeFileSync(
      join(project, 'configs', '.env'),
      `MLFLOW_TRACKING_URI= ${mlflow.server.url}\nHF_TOKEN= hf_notreallyasecret\n# a comment\nMODEL_NOTE="from the file"\nMODEL_OWNER=the file\n`,
    );
    await registerModel(mlflow.http, 'from-env', { onnx: mnistModel(8, 300) });
    const seen = join(project, 'seen.txt');
    const result = await mlops(
      project,
      { MODEL_OWNER: 'the shell' },
      'dispatch-on-registration',
      '--model-name',
      'from-env',
      '--run',
      `echo "$MODEL_NOTE, set by $MODEL_OWNER" > '${seen}'`,
    );
    expect(result).toMatchObject({ code: 0, stdout: expect.stringMatching(/^from-env v1: ran /) as unknown });
    expect(result.stderr).toContain(
      'read HF_TOKEN, MLFLOW_TRACKING_URI, MODEL_NOTE from configs/.env; already set, so not taken from it: MODEL_OWNER\n',
    );
    expect(result.stderr).not.toContain('hf_notreallyasecret');
    expect(readFileSync(seen, 'utf8')).toBe('from the file, set by the shell\n');
  });

  test('--dotenv names another file, and one that cannot be read is a usage error', async () => {
    const other = join(mlflow.dir, 'mlflow.env');
    writeFileSync(other, `MLFLOW_TRACKING_URI=${mlflow.server.url}\n`);
    const result = await mlops(
      mlflow.dir,
      {},
      'dispatch-on-registration',
      '--model-name',
      'nothing-yet',
      '--run',
      'true',
      '--dotenv',
      other,
    );
    expect(result).toMatchObject({ code: 0, stdout: 'no new model versions to dispatch\n' });
    expect(result.stderr).toContain(`read MLFLOW_TRACKING_URI from ${other}\n`);

    const missing = await mlops(
      mlflow.dir,
      {},
      '--dotenv',
      'configs/nowhere.env',
      'dispatch-on-registration',
      '--model-name',
      'x',
      '--run',
      'true',
    );
    expect(missing).toMatchObject({ code: 2, stderr: "error: --dotenv: cannot read 'configs/nowhere.env' (ENOENT): check the path\n" });
  });

  test('without a configs/.env nothing is read and nothing is said', async () => {
    const result = await mlops(
      mlflow.dir,
      { MLFLOW_TRACKING_URI: mlflow.server.url },
      'dispatch-on-registration',
      '--model-name',
      'x',
      '--run',
      'true',
    );
    expect(result).toMatchObject({ code: 0, stderr: '' });
  });
});
