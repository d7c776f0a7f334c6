// Jest's global setup and teardown: every temporary folder a test makes (tests, the servers they start and the child
// processes they spawn all call os.tmpdir()) lies in one folder per run, removed when the run ends. Without it each run
// left gigabytes in /tmp (the large-download test alone writes 2 GB).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const KEY = 'MLOPS_TEST_SCRATCH_ROOT';

export default function setup() {
  const root = mkdtempSync(join(tmpdir(), 'mlops-tests-'));
  process.env[KEY] = root;
  // Workers and the processes tests spawn are started after this and inherit it.
  process.env.TMPDIR = root;
}

export function teardown() {
  const root = process.env[KEY];
  if (root) rmSync(root, { recursive: true, force: true, maxRetries: 3 });
}
