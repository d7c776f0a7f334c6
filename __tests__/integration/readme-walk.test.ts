// A newcomer's path, walked: the shell blocks of the README's "Use it in your repository", run in order as a reader
// runs them, against stand-ins — `mlops server` as the MLflow a VM would run, a local bare repository as the user's
// GitHub repository and another as mlops-actions' (git's `url.<base>.insteadOf` sends the README's
// https://github.com/… clone there), and the real `gh` (Debian's) talking to the GitHub API stand-in, which keeps
// secrets sealed with its own libsodium key as GitHub does. Then it checks what "configured" means: the workflows
// pushed parse with GitHub's parser, use this repository's actions at v1 with inputs they have, find every file they
// name, and every variable and secret they need is set, with credentials the MLflow server accepts.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { mkdtempSync } from 'node:fs';
import { beforeAll, describe, expect, test } from '@jest/globals';
import GithubSlugger from 'github-slugger';
import { createMlflowHttp, searchRegisteredModels } from '@mlops-actions/mlflow';
import { parse } from 'yaml';
import { closeAfterAll, stopAfterAll } from '../helpers/cleanup.js';
import { startGithubApi, type GithubApiStandIn } from '../helpers/github-api.js';
import { describeWithSystemPackage } from '../helpers/system-packages.js';
import { inputProblems, ourAction, workflowErrors, type Workflow } from '../helpers/workflows.js';

const root = resolve(import.meta.dirname, '..', '..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');

/** A level-2 section of a Markdown text, from its heading to the next one. */
function section(markdown: string, title: string): string {
  const start = markdown.indexOf(`\n## ${title}\n`);
  if (start < 0) throw new Error(`the README has no section '${title}'`);
  const end = markdown.indexOf('\n## ', start + 1);
  return markdown.slice(start, end < 0 ? undefined : end);
}

/** The fenced `sh` blocks of a Markdown text, in order. */
const shellBlocks = (markdown: string): string[] => [...markdown.matchAll(/^```sh\n([\s\S]*?)^```$/gm)].map((match) => match[1]!);

/** Replaces `from` by `to` in a README block, failing when the block no longer says `from` (the walk must follow the README). */
function fillIn(block: string, from: string, to: string): string {
  if (!block.includes(from)) throw new Error(`the README block no longer contains '${from}':\n${block}`);
  return block.replaceAll(from, to);
}

const freePort = (): Promise<number> =>
  new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolvePort(port));
    });
  });

const git = (cwd: string, env: NodeJS.ProcessEnv, ...args: string[]): string =>
  execFileSync('git', args, { cwd, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

/** Runs a bash script with the reader's typed answers on stdin; resolves with its output, rejects with it. */
function runScript(script: string, cwd: string, env: NodeJS.ProcessEnv, stdin: string): Promise<string> {
  return new Promise((done, fail) => {
    const child = spawn('bash', ['-c', script], { cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => (code === 0 ? done(output) : fail(new Error(`the README's commands failed (exit ${code}):\n${output}`))));
    child.stdin.end(stdin);
  });
}

/** Starts a bash script whose last command keeps running (a server); resolves once its output matches `ready`. */
function startScript(script: string, cwd: string, env: NodeJS.ProcessEnv, stdin: string, ready: RegExp): Promise<ChildProcess> {
  const child = spawn('bash', ['-c', script], { cwd, env, stdio: ['pipe', 'pipe', 'pipe'], detached: true });
  stopAfterAll(child, (running) => running.exitCode === null && process.kill(-running.pid!, 'SIGKILL'));
  child.stdin.end(stdin);
  let output = '';
  return new Promise((started, fail) => {
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      if (ready.test(output)) started(child);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => fail(new Error(`the README's server commands stopped (exit ${code}):\n${output}`)));
  });
}

test('every link to a heading of the README (its table of contents among them) leads to one', () => {
  const slugger = new GithubSlugger();
  const anchors = new Set(
    [...readme.replace(/^```[\s\S]*?^```$/gm, '').matchAll(/^#{1,6} (.+)$/gm)].map((match) => slugger.slug(match[1]!.replace(/`/g, ''))),
  );
  const links = [...readme.matchAll(/\]\(#([^)]+)\)/g)].map((match) => match[1]!);
  expect(links.length).toBeGreaterThan(15);
  expect(links.filter((link) => !anchors.has(link))).toEqual([]);
  for (const file of ['actions/rollback/README.md', 'actions/dispatch-on-registration/README.md', 'actions/promote/README.md']) {
    const outside = [...readFileSync(join(root, file), 'utf8').matchAll(/\]\(\.\.\/\.\.\/README\.md#([^)]+)\)/g)].map((match) => match[1]!);
    expect([file, outside.filter((link) => !anchors.has(link))]).toEqual([file, []]);
  }
});

describeWithSystemPackage('gh', "the README's setup, walked by a newcomer against the stand-ins", () => {
  const token = 'ghs_walk0123456789';
  const typed = { password: 'correct horse battery', hfToken: 'hf_walkWRITEtoken0123' };
  const dir = mkdtempSync(join(tmpdir(), 'readme-walk-'));
  const home = join(dir, 'home');
  const user = join(dir, 'digits');
  let github: GithubApiStandIn;
  let port: number;
  let mlflowUrl: string;
  let output = '';
  const blocks = shellBlocks(section(readme, 'Use it in your repository'));
  const settings = blocks.find((block) => block.includes('read -rsp'))!;
  const vm = blocks.find((block) => block.includes('mlops -- server'))!;
  const rest = blocks.filter((block) => block !== settings && block !== vm);

  beforeAll(async () => {
    github = closeAfterAll(await startGithubApi(token));
    port = await freePort();
    mlflowUrl = `http://127.0.0.1:${port}`;
    mkdirSync(home);
    const gitconfig = join(dir, 'gitconfig');
    writeFileSync(
      gitconfig,
      [
        '[user]\n\tname = A Newcomer\n\temail = newcomer@example.com',
        '[init]\n\tdefaultBranch = main',
        `[url "file://${join(dir, 'mlops-actions.git')}"]\n\tinsteadOf = https://github.com/acme/mlops-actions.git`,
      ].join('\n'),
    );
    const gitEnv = { PATH: process.env.PATH, HOME: home, GIT_CONFIG_GLOBAL: gitconfig, GIT_CONFIG_NOSYSTEM: '1' };
    // mlops-actions on "GitHub": this checkout's committed tree, released as v1.
    git(dir, gitEnv, 'clone', '--quiet', '--bare', root, join(dir, 'mlops-actions.git'));
    git(join(dir, 'mlops-actions.git'), gitEnv, 'tag', 'v1', 'HEAD');
    // The newcomer's repository: a clone of their GitHub repository, with their code in it.
    git(dir, gitEnv, 'init', '--quiet', '--bare', join(dir, 'digits.git'));
    git(dir, gitEnv, 'clone', '--quiet', join(dir, 'digits.git'), user);
    writeFileSync(join(user, 'README.md'), '# digits\n');
    git(user, gitEnv, 'add', 'README.md');
    git(user, gitEnv, 'commit', '--quiet', '-m', 'digits');
    git(user, gitEnv, 'push', '--quiet', 'origin', 'main');

    const answers = `${typed.password}\n${typed.hfToken}\n`;
    const filled = fillIn(settings, 'MLFLOW_URL=https://mlflow.example.com', `MLFLOW_URL=${mlflowUrl}`);
    // The VM: the server's block (its port a free one here), with this machine's npm configuration and cache (HOME is
    // the walk's own; where the registry is all that is reachable, that configuration says where node's headers are).
    const npmConfig = (key: string): string => execFileSync('npm', ['config', 'get', key], { encoding: 'utf8' }).trim();
    const [npmCache, npmUserConfig] = [npmConfig('cache'), npmConfig('userconfig')];
    await startScript(
      `set -euo pipefail\n${filled}\n${fillIn(vm, '--port 5000', `--port ${port}`)}`,
      home,
      {
        ...gitEnv,
        npm_config_cache: npmCache,
        npm_config_userconfig: npmUserConfig,
        npm_config_update_notifier: 'false',
        TMPDIR: tmpdir(),
      },
      answers,
      /MLflow-compatible server listening on/,
    );
    // The newcomer's machine: gh reaches the GitHub stand-in as the host github.localhost, through HTTP_PROXY.
    output = await runScript(
      `set -euo pipefail\n${filled}\n${rest.join('\n')}`,
      user,
      {
        ...gitEnv,
        GH_HOST: 'github.localhost',
        GH_REPO: 'github.localhost/acme/digits',
        GH_TOKEN: token,
        GH_CONFIG_DIR: join(dir, 'gh'),
        GH_NO_UPDATE_NOTIFIER: '1',
        HTTP_PROXY: github.url,
        // Not 'localhost': Go's proxy rules would match api.github.localhost by that suffix.
        NO_PROXY: '127.0.0.1',
        TMPDIR: tmpdir(),
      },
      answers,
    );
  }, 600_000);

  test('the section has the blocks a reader runs: values, the VM, the check, the copy, the settings, the first tag', () => {
    expect(blocks).toHaveLength(6);
    expect([settings, vm].every(Boolean)).toBe(true);
    expect(output).toContain('{}'); // the check's answer: the server, with the credentials typed
  });

  test('every variable and secret the pushed workflows read is set, with the values the reader typed', () => {
    expect(Object.fromEntries(github.variables)).toEqual({ MLFLOW_TRACKING_URI: mlflowUrl, HF_SPACE: 'acme/digits' });
    expect(Object.fromEntries(github.secrets)).toEqual({
      MLFLOW_TRACKING_USERNAME: 'ci',
      MLFLOW_TRACKING_PASSWORD: typed.password,
      HF_TOKEN: typed.hfToken,
    });
    const optional = [
      'MLFLOW_TRACKING_TOKEN',
      'MLFLOW_TRACKING_INSECURE_TLS',
      'MLFLOW_HTTP_REQUEST_MAX_RETRIES',
      'MLFLOW_HTTP_REQUEST_TIMEOUT',
    ];
    const workflows = pushedWorkflows();
    const needed = new Set(
      Object.values(workflows).flatMap((text) =>
        [...text.matchAll(/\$\{\{\s*(secrets|vars)\.([A-Z_]+)\s*\}\}/g)].map((match) => `${match[1]}.${match[2]}`),
      ),
    );
    const missing = [...needed].filter((name) => {
      const [kind, key] = name.split('.') as [string, string];
      return !optional.includes(key) && !(kind === 'vars' ? github.variables : github.secrets).has(key);
    });
    expect(missing).toEqual([]);
  });

  test("the pushed workflows parse with GitHub's parser and use these actions at v1, with inputs and files that exist", async () => {
    const workflows = pushedWorkflows();
    expect(Object.keys(workflows).sort()).toEqual(['deploy.yml', 'dispatch.yml', 'evaluate.yml', 'rollback.yml', 'train.yml']);
    const tree = pushed('ls-tree', '-r', '--name-only', 'main').split('\n');
    for (const [name, text] of Object.entries(workflows)) {
      expect([name, await workflowErrors(name, text)]).toEqual([name, []]);
      expect([name, inputProblems(text)]).toEqual([name, []]);
      const uses = [...text.matchAll(/uses: (\S+)/g)].map((match) => match[1]!);
      expect(uses.filter((step) => step.startsWith('./'))).toEqual([]);
      for (const step of uses.filter((candidate) => ourAction(candidate))) {
        expect(step).toMatch(/^acme\/mlops-actions\/actions\/[a-z-]+@v1$/);
        // The action exists in mlops-actions at v1.
        git(dir, {}, '--git-dir', join(dir, 'mlops-actions.git'), 'cat-file', '-e', `v1:actions/${ourAction(step)}/action.yml`);
      }
      // Every file a step names (the trainer, the condition file) is in the repository.
      for (const [, path] of text.matchAll(/(?:command: python3 |condition-file: )(\S+)/g)) expect(tree).toContain(path);
    }
    expect(tree.filter((path) => path.endsWith('.bak'))).toEqual([]);
  });

  test('the first tag is pushed and starts train.yml', () => {
    expect(pushed('tag', '--list')).toContain('train-v1');
    const workflow = parse(pushedWorkflows()['train.yml']!) as Workflow & { on: { push: { tags: string[] } } };
    const pattern = (glob: string): RegExp => new RegExp(`^${glob.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replaceAll('*', '[^/]*')}$`);
    expect(workflow.on.push.tags.some((glob) => pattern(glob).test('train-v1'))).toBe(true);
  });

  test('the MLflow server answers the stored credentials, and refuses requests without them', async () => {
    const http = createMlflowHttp({
      trackingUri: github.variables.get('MLFLOW_TRACKING_URI')!,
      auth: {
        kind: 'basic',
        username: github.secrets.get('MLFLOW_TRACKING_USERNAME')!,
        password: github.secrets.get('MLFLOW_TRACKING_PASSWORD')!,
      },
    });
    await expect(searchRegisteredModels(http)).resolves.toEqual([]);
    expect((await fetch(`${mlflowUrl}/api/2.0/mlflow/registered-models/search`)).status).toBe(401);
    expect(existsSync(join(home, 'mlflow-data'))).toBe(true);
  });

  /** The workflow files on the pushed main branch, by file name. */
  function pushedWorkflows(): Record<string, string> {
    const names = pushed('ls-tree', '--name-only', 'main', '.github/workflows/').split('\n').filter(Boolean);
    return Object.fromEntries(names.map((path) => [path.split('/').pop()!, pushed('show', `main:${path}`)]));
  }
  function pushed(...args: string[]): string {
    return git(dir, {}, '--git-dir', join(dir, 'digits.git'), ...args);
  }
});

describe('the walk itself', () => {
  test('fillIn refuses a README that no longer says what the walk fills in', () => {
    expect(() => fillIn('MLFLOW_URL=https://other', 'MLFLOW_URL=https://mlflow.example.com', 'x')).toThrow('no longer contains');
  });
});
