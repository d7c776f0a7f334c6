// mlops relay facing hostile clients and a hostile environment: slow connections must not starve MLflow's
// deliveries, payloads must not smuggle versions in, and the --run command must neither outlive the relay nor see
// its secrets.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { startRelay } from '@mlops-actions/dispatch/relay';
import { startCli, stopCli } from '../helpers/cli-process.js';
import { closeAfterAll, stopAfterAll } from '../helpers/cleanup.js';
import { recordingLogger } from '../helpers/recording-logger.js';
import { sendDelivery, until } from '../helpers/webhook-deliveries.js';
import { runMlops } from '../helpers/mlops-cli.js';

const SECRET = 'relay-security-secret';
const scratch = (): string => mkdtempSync(join(tmpdir(), 'relay-security-'));
const running = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function relay(maxConnections?: number) {
  const dispatched: string[] = [];
  const started = await startRelay({
    secret: SECRET,
    dispatcher: {
      dispatch: (request) => {
        dispatched.push(`${request.modelName} v${request.version}`);
        return Promise.resolve('recorded');
      },
    },
    filter: { events: [{ kind: 'created' }] },
    dataDir: scratch(),
    port: 0,
    maxConnections,
    logger: recordingLogger(),
  });
  return Object.assign(closeAfterAll(started), { dispatched });
}

describe('slow and numerous clients', () => {
  test('300 connections that trickle their headers are cut off, and a genuine delivery gets through within seconds', async () => {
    const server = await relay(64);
    const { port } = new URL(server.url);
    const sockets: Socket[] = [];
    for (let i = 0; i < 300; i++) {
      const socket = connect(Number(port), '127.0.0.1');
      socket.on('error', () => undefined);
      socket.write('POST /webhook HTTP/1.1\r\nHost: relay\r\n');
      sockets.push(stopAfterAll(socket, (s) => s.destroy()));
    }
    const trickle = setInterval(() => {
      for (const socket of sockets) if (!socket.destroyed) socket.write('X-Slow: 1\r\n');
    }, 500);
    try {
      const started = Date.now();
      let status = 0;
      while (status !== 202 && Date.now() - started < 20_000) {
        status = await sendDelivery(server.url, SECRET, 'vision', 1).then(
          (response) => response.status,
          () => 0,
        );
        if (status !== 202) await new Promise((resolve) => setTimeout(resolve, 250));
      }
      expect(status).toBe(202);
      await until(() => sockets.every((socket) => socket.destroyed || socket.closed), 15_000);
    } finally {
      clearInterval(trickle);
    }
    await server.drained();
    expect(server.dispatched).toEqual(['vision v1']);
  }, 45_000);
});

describe('what a payload may say', () => {
  test.each(['1e3', '0x10', '007', '-2', '1.5'])('version %s is refused with 400 and dispatches nothing', async (version) => {
    const server = await relay();
    const response = await sendDelivery(server.url, SECRET, 'vision', version);
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: expect.stringContaining('positive whole number') });
    expect(server.dispatched).toEqual([]);
  });
});

describe('the --run command', () => {
  test.each([
    [[], false],
    [['--run-env', 'GITHUB_TOKEN'], true],
  ])(
    '%j: gets MLflow variables, and the GitHub token only when named; never the webhook secret',
    async (extra, tokenSeen) => {
      const dir = scratch();
      const out = join(dir, 'env.txt');
      const cli = await startCli(
        ['relay', '--port', '0', '--data', join(dir, 'queue'), '--events', 'created', '--run', `env > ${out}`, ...extra],
        /relay listening on (http:\S+)/,
        { MLFLOW_WEBHOOK_SECRET: SECRET, MLFLOW_TRACKING_URI: '', MLFLOW_TRACKING_USERNAME: 'runner', GITHUB_TOKEN: 'ghs_relaytoken' },
      );
      expect((await sendDelivery(cli.announced, SECRET, 'vision', 2)).status).toBe(202);
      await until(() => existsSync(out) && readFileSync(out, 'utf8').includes('MLOPS_MODEL_VERSION=2'));
      const seen = readFileSync(out, 'utf8');
      expect(seen).toContain('MLFLOW_TRACKING_USERNAME=runner');
      expect(seen.includes('ghs_relaytoken')).toBe(tokenSeen);
      expect(seen).not.toContain(SECRET);
      await stopCli(cli.child);
    },
    30_000,
  );

  test('dies with the relay, even when the relay is killed outright (SIGKILL)', async () => {
    const dir = scratch();
    const pidFile = join(dir, 'command.pid');
    const cli = await startCli(
      ['relay', '--port', '0', '--data', join(dir, 'queue'), '--events', 'created', '--run', `sleep 60 & echo $! > ${pidFile}; wait`],
      /relay listening on (http:\S+)/,
      { MLFLOW_WEBHOOK_SECRET: SECRET, MLFLOW_TRACKING_URI: '' },
    );
    expect((await sendDelivery(cli.announced, SECRET, 'vision', 3)).status).toBe(202);
    await until(() => existsSync(pidFile) && readFileSync(pidFile, 'utf8').trim() !== '');
    const pid = Number(readFileSync(pidFile, 'utf8'));
    expect(running(pid)).toBe(true);
    cli.child.kill('SIGKILL');
    await until(() => !running(pid), 10_000);
  }, 30_000);

  test('a token is not a flag (flags show in ps): --github-token is refused; --github-token-file must name a file with one', async () => {
    const mlops = async (...args: string[]): Promise<string> => {
      const run = await runMlops(
        ['dispatch-on-registration', '--model-name', 'm', '--github-repo', 'a/b', '--workflow', 'e.yml', ...args],
        {
          env: { MLFLOW_TRACKING_URI: 'http://127.0.0.1:9' },
        },
      );
      expect(run.code).not.toBe(0);
      return run.stderr;
    };
    expect(await mlops('--github-token', 'ghp_x')).toContain("unknown option '--github-token'");
    expect(await mlops('--github-token-file', join(scratch(), 'missing'))).toContain('ENOENT');
    const empty = join(scratch(), 'token');
    writeFileSync(empty, '\n');
    expect(await mlops('--github-token-file', empty)).toContain('is empty');
  });
});
