// Finds a Python that has PyTorch: Debian's python3-torch lives in /usr/bin/python3, which may not be first on PATH.
import { execFileSync } from 'node:child_process';

/** The first of $PYTHON, /usr/bin/python3 and python3 that imports torch; undefined when none does. */
export function pythonWithTorch(): string | undefined {
  for (const candidate of [process.env.PYTHON, '/usr/bin/python3', 'python3']) {
    if (!candidate) continue;
    try {
      execFileSync(candidate, ['-c', 'import torch'], { stdio: 'ignore' });
      return candidate;
    } catch {
      // the next one
    }
  }
  return undefined;
}
