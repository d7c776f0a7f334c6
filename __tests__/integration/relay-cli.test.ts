import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { getModelVersion } from '@mlops-actions/mlflow';
import { startCli, stopCli } from '../helpers/cli-process.js';
import { startGithubApi, type GithubApiStandIn } from '../helpers/github-api.js';
import { useMlflowServer } from '../helpers/mlflow-server.js';
import { mnistModel, registerModel } from '../helpers/registered-models.js';
import { sendDelivery, until } from '../helpers/webhook-deliveries.js';

const SECRET = 'relay-cli-secret';
const TOKEN = 'ghs_relay-cli-token';
let github: GithubApiStandIn;
beforeAll(async () => {
  github = await startGithubApi(TOKEN);
});
afterAll(async () => {
  await github.close();
});

const delivery = (url: string, name: string, version: number): Promise<Response> => sendDelivery(url, SECRET, name, version);

/**
 * The relay's own bundle as its container runs it: `dist/relay` copied to a folder where better-sqlite3 (and its two
 * small dependencies) is the only module, as the Dockerfile installs it.
 */
function containerLayout(): string {
  const dir = mkdtempSync(join(tmpdir(), 'relay-image-'));
  cpSync('dist/relay', join(dir, 'dist/relay'), { recursive: true });
  for (const module of ['better-sqlite3', 'bindings', 'file-uri-to-path'])
    cpSync(join('node_modules', module), join(dir, 'node_modules', module), { recursive: true });
  return join(dir, 'dist/relay/index.js');
}

describe('the relay from its own bundle, laid out as in its container', () => {
  const bundle = containerLayout();
  const relayArgs = (data: string) => [
    '--port',
    '0',
    '--data',
    data,
    '--github-repo',
    'acme/vision',
    '--workflow',
    'evaluate.yml',
    '--events',
    'created',
  ];
  const env = { MLFLOW_WEBHOOK_SECRET: SECRET, GITHUB_TOKEN: TOKEN, GITHUB_API_URL: '' };

  test('a delivery answered 202 survives the relay being killed during a GitHub outage, and is dispatched once after a restart configured by environment', async () => {
    const data = mkdtempSync(join(tmpdir(), 'relay-cli-'));
    const before = github.dispatches().length;
    github.failNext(Array.from({ length: 1000 }, () => 502));
    const first = await startCli(relayArgs(data), /relay listening on (http:\/\/\S+)/, { ...env, GITHUB_API_URL: github.url }, bundle);
    expect(first.output()).toContain(`MLflow webhook URL: ${first.announced}/webhook`);
    expect((await delivery(first.announced, 'vision-net', 4)).status).toBe(202);
    await until(() => first.output().includes('dispatch attempt 1 failed'));
    expect(await stopCli(first.child, 'SIGKILL')).toBeNull();

    github.failNext([]);
    // Restarted as a container is configured: by environment alone.
    const second = await startCli(
      [],
      /relay listening on (http:\/\/\S+)/,
      {
        ...env,
        GITHUB_API_URL: github.url,
        MLOPS_RELAY_PORT: '0',
        MLOPS_RELAY_DATA: data,
        MLOPS_RELAY_GITHUB_REPO: 'acme/vision',
        MLOPS_RELAY_WORKFLOW: 'evaluate.yml',
        MLOPS_RELAY_EVENTS: 'created',
      },
      bundle,
    );
    await until(() => github.dispatches().length > before);
    expect(
      github
        .dispatches()
        .slice(before)
        .map((request) => request.body),
    ).toEqual([{ ref: 'main', inputs: { 'model-name': 'vision-net', version: '4' } }]);
    expect(await (await fetch(`${second.announced}/healthz`)).json()).toMatchObject({ status: 'ok', pending: 0, dispatched: 1 });
    expect(await stopCli(second.child)).toBe(0);
    for (const output of [first.output(), second.output()]) {
      expect(output).not.toContain(SECRET);
      expect(output).not.toContain(TOKEN);
    }
  });

  test("the relay bundle takes its secret and options from configs/.env, as the reference's users kept them", async () => {
    const project = mkdtempSync(join(tmpdir(), 'relay-dotenv-'));
    mkdirSync(join(project, 'configs'));
    writeFileSync(join(project, 'configs', '.env'), 'MLFLOW_WEBHOOK_SECRET= from-the-file\nMLOPS_RELAY_EVENTS= nonsense\n');
    const env = { ...process.env };
    delete env.MLFLOW_WEBHOOK_SECRET;
    const failure = await promisify(execFile)(process.execPath, [resolve('dist/relay/index.js')], { cwd: project, env }).catch(
      (error: unknown) => error as { code: number; stderr: string },
    );
    // The secret was found (no complaint about it), and the option from the file was read and checked.
    expect(failure).toMatchObject({
      code: 2,
      stderr:
        "read MLFLOW_WEBHOOK_SECRET, MLOPS_RELAY_EVENTS from configs/.env\nerror: --events must be 'created' or 'alias:<name>' (e.g. alias:challenger), got 'nonsense'\n",
    });
  });

  test('mlops relay without MLFLOW_WEBHOOK_SECRET refuses to start, saying what to set', async () => {
    const failure = await promisify(execFile)(
      process.execPath,
      [resolve('dist/cli/index.js'), 'relay', ...relayArgs(mkdtempSync(join(tmpdir(), 'relay-cli-')))],
      {
        env: { ...process.env, MLFLOW_WEBHOOK_SECRET: '', GITHUB_TOKEN: TOKEN },
      },
    ).catch((error: unknown) => error as { code: number; stderr: string });
    expect(failure).toMatchObject({
      code: 2,
      stderr: 'error: set MLFLOW_WEBHOOK_SECRET to the secret given when the MLflow webhook was created\n',
    });
  });
});

describe('mlops dispatch-on-registration --run (the local dispatcher) from the committed bundle', () => {
  const mlflow = useMlflowServer('dispatch-cli-');

  test('runs the command once per new version with the version in its environment; the next run finds nothing new', async () => {
    await registerModel(mlflow.http, 'digits', { onnx: mnistModel(8, 300) });
    await registerModel(mlflow.http, 'digits', { onnx: mnistModel(8, 300) });
    const log = join(mlflow.dir, 'evaluations.txt');
    const args = [
      resolve('dist/cli/index.js'),
      'dispatch-on-registration',
      '--model-name',
      'digits',
      '--run',
      `echo "evaluate $MLOPS_MODEL_NAME v$MLOPS_MODEL_VERSION ($MLOPS_EVENT)" >> '${log}'`,
    ];
    const options = { env: { ...process.env, MLFLOW_TRACKING_URI: mlflow.server.url } };
    const first = await promisify(execFile)(process.execPath, args, options);
    expect(first.stdout).toMatch(/^digits v1: ran .*\ndigits v2: ran .*\n$/);
    expect(readFileSync(log, 'utf8')).toBe('evaluate digits v1 (created)\nevaluate digits v2 (created)\n');
    const second = await promisify(execFile)(process.execPath, args, options);
    expect(second.stdout).toBe('no new model versions to dispatch\n');
  });

  test('a command that runs past --run-timeout is stopped with everything it started, and the version stays to dispatch', async () => {
    await registerModel(mlflow.http, 'hangs', { onnx: mnistModel(8, 300) });
    const pidFile = join(mlflow.dir, 'background.pid');
    const args = [
      resolve('dist/cli/index.js'),
      'dispatch-on-registration',
      '--model-name',
      'hangs',
      '--run',
      `sleep 300 & echo $! > '${pidFile}'; wait`,
      '--run-timeout',
      '0.01',
    ];
    const failure = (await promisify(execFile)(process.execPath, args, {
      env: { ...process.env, MLFLOW_TRACKING_URI: mlflow.server.url },
    }).then(
      () => undefined,
      (error: unknown) => error,
    )) as { code: number; stderr: string } | undefined;
    expect(failure?.code).toBe(1);
    expect(failure?.stderr).toContain(`ran longer than 0.6 s and was stopped`);
    // The command's background child got the signal too (gone, or a zombie until it is reaped).
    const background = Number(readFileSync(pidFile, 'utf8'));
    const alive = (): boolean =>
      existsSync(`/proc/${background}`) && !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${background}/stat`, 'utf8'));
    for (let waited = 0; alive() && waited < 5000; waited += 50) await new Promise((done) => setTimeout(done, 50));
    expect(alive()).toBe(false);
    const version = await getModelVersion(mlflow.http, 'hangs', 1);
    expect(Object.keys(version!.tags).filter((key) => key.startsWith('mlops.dispatched'))).toEqual([]);
  });
});
