import { describe, test } from '@jest/globals';
import { installCommand, systemPackage, type SystemPackage } from '../../scripts/system-packages.js';

/**
 * A describe block whose tests need a Debian package. Where the package is missing they are skipped, and the block's
 * title says which package and how to install it (the end-of-run reporter lists them); with CI=true a missing
 * package is a failure instead, so CI never passes without running them.
 */
export function describeWithSystemPackage(name: SystemPackage['name'], title: string, tests: () => void): void {
  const required = systemPackage(name);
  if (required.present()) {
    describe(title, tests);
    return;
  }
  const reason = `needs Debian's ${name} for ${required.neededBy}: ${installCommand([name])}`;
  if (process.env.CI) {
    describe(title, () => {
      test(`${name} is installed`, () => {
        throw new Error(`${reason} (CI is set: a missing package fails the run rather than skipping these tests)`);
      });
    });
    return;
  }
  describe.skip(`${title} — not run: ${reason}`, tests);
}
