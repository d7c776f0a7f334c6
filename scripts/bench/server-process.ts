// The embedded MLflow server in its own process (`mlops server` from the committed bundle), as benchmarks use it.
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..', '..');

export function startServerProcess(dataDir: string): Promise<{ url: string; stop: () => void }> {
  const child = spawn(process.execPath, [join(root, 'dist/cli/index.js'), 'server', '--port', '0', '--data', join(dataDir, 'server')], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  return new Promise((resolveStart, rejectStart) => {
    child.once('exit', (code) => rejectStart(new Error(`mlops server exited with ${code}`)));
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const url = /MLFLOW_TRACKING_URI=(http:\/\/\S+)/.exec(output)?.[1];
      if (url) resolveStart({ url, stop: () => child.kill('SIGTERM') });
    });
  });
}
