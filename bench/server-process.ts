// Servers in their own processes, as benchmarks use them: `mlops` from the sources (no bundle needed), and any child
// that announces its URL on stdout.
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');

/** Resolves with the URL a child prints (the first capture group of `pattern`); rejects if it exits first. */
export function announcedUrl(child: ChildProcess, pattern: RegExp): Promise<{ url: string; child: ChildProcess }> {
  let output = '';
  return new Promise((resolveStart, rejectStart) => {
    child.once('exit', (code) => rejectStart(new Error(`${child.spawnfile} exited with ${code}`)));
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const url = pattern.exec(output)?.[1];
      if (url) resolveStart({ url, child });
    });
  });
}

/** `mlops <args>` in a process of its own, run from the sources through tsx. */
export function spawnMlops(args: readonly string[], options: SpawnOptions = {}): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', join(root, 'packages/cli/src/index.ts'), ...args], { cwd: root, ...options });
}

export async function startServerProcess(dataDir: string): Promise<{ url: string; stop: () => void }> {
  const child = spawnMlops(['server', '--port', '0', '--data', join(dataDir, 'server')], { stdio: ['ignore', 'pipe', 'inherit'] });
  const { url } = await announcedUrl(child, /MLFLOW_TRACKING_URI=(http:\/\/\S+)/);
  return { url, stop: () => child.kill('SIGTERM') };
}
