import { describe, expect, test } from '@jest/globals';
import { likeMatches } from '@mlops-actions/common';
import fc from 'fast-check';

/** The textbook translation of LIKE into a regular expression, as the reference the matcher must agree with. */
function reference(text: string, pattern: string, caseInsensitive: boolean): boolean {
  let source = '';
  // Code unit by code unit, as the matcher reads them.
  for (let index = 0; index < pattern.length; index++) {
    const char = pattern[index]!;
    source += char === '%' ? '.*' : char === '_' ? '.' : char.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, caseInsensitive ? 'is' : 's').test(text);
}

describe('LIKE matching without regular expressions', () => {
  test('agrees with the regular-expression reference on random texts and patterns, with and without case', () => {
    const text = fc.string({ unit: fc.constantFrom('a', 'b', 'A', '%', '_', '.', '\n'), maxLength: 12 });
    const pattern = fc.string({ unit: fc.constantFrom('a', 'b', 'B', '%', '_', '.', '\n'), maxLength: 8 });
    fc.assert(
      fc.property(
        text,
        pattern,
        fc.boolean(),
        (t, p, caseInsensitive) => likeMatches(t, p, { caseInsensitive }) === reference(t, p, caseInsensitive),
      ),
      { numRuns: 20_000 },
    );
  });

  test('\\ escapes % and _ where asked', () => {
    expect(likeMatches('a%b', 'a\\%b', { escape: true })).toBe(true);
    expect(likeMatches('axb', 'a\\%b', { escape: true })).toBe(false);
    expect(likeMatches('a\\xb', 'a\\%b')).toBe(true);
  });

  test('a pattern of 40 % and a final Z against a long name finishes (a backtracking regular expression does not)', () => {
    const hostile = `${'%'.repeat(40)}Z`;
    expect(likeMatches('a'.repeat(10_000), hostile)).toBe(false);
    expect(likeMatches(`${'a'.repeat(10_000)}Z`, hostile)).toBe(true);
  });
});
