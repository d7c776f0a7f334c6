// What the end of a Jest run has to say beyond the default reporter: which tests did not run because a Debian
// package is missing here (their titles say which and how to install it), and — for scripts/test.ts, which stops
// Jest if it does not exit by itself — that the last test has finished.
import { writeFileSync } from 'node:fs';

const NOT_RUN = ' — not run: ';

export default class EndOfRunReporter {
  onRunComplete(_contexts, results) {
    const reasons = new Map();
    for (const file of results.testResults)
      for (const test of file.testResults) {
        const title = test.ancestorTitles.find((name) => name.includes(NOT_RUN));
        if (test.status !== 'pending' || !title) continue;
        const reason = title.slice(title.indexOf(NOT_RUN) + NOT_RUN.length);
        reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
      }
    if (reasons.size > 0) {
      console.log('\nNot run here (reported, not passed):');
      for (const [reason, count] of reasons) console.log(`  ${count} test${count === 1 ? '' : 's'}: ${reason}`);
    }
    if (process.env.MLOPS_JEST_DONE_FILE) writeFileSync(process.env.MLOPS_JEST_DONE_FILE, '');
  }
}
