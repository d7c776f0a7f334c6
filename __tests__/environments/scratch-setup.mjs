// Jest's global setup and teardown: every temporary folder a test makes (tests, the servers they start and the child
// processes they spawn all call os.tmpdir()) lies in one folder per run, removed when the run ends. Without it each run
// left gigabytes in /tmp (the large-download test alone writes 2 GB). `npm test` makes that folder itself and removes
// it after Jest has exited, so that removing gigabytes does not count against the time Jest has to exit; a bare `jest`
// gets one from here.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = 'MLOPS_TEST_SCRATCH_ROOT';
const OWNED = 'MLOPS_TEST_SCRATCH_OWNED';

export default function setup() {
  if (!process.env[ROOT]) {
    process.env[ROOT] = mkdtempSync(join(tmpdir(), 'mlops-tests-'));
    process.env[OWNED] = '1';
  }
  // Workers and the processes tests spawn are started after this and inherit it.
  process.env.TMPDIR = process.env[ROOT];
}

export function teardown() {
  if (process.env[OWNED] === '1') rmSync(process.env[ROOT], { recursive: true, force: true, maxRetries: 3 });
}
