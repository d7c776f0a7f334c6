// Servers in their own processes, as benchmarks use them: `mlops server` from the committed bundle, and any child
// that announces its URL on stdout.
import { spawn, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..', '..');

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

export async function startServerProcess(dataDir: string): Promise<{ url: string; stop: () => void }> {
  const child = spawn(process.execPath, [join(root, 'dist/cli/index.js'), 'server', '--port', '0', '--data', join(dataDir, 'server')], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const { url } = await announcedUrl(child, /MLFLOW_TRACKING_URI=(http:\/\/\S+)/);
  return { url, stop: () => child.kill('SIGTERM') };
}
