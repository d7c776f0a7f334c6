/** One element of a LIKE pattern: a literal character, `_` (any one character) or `%` (any run, even empty). */
type Token = { kind: 'char'; char: string } | { kind: 'one' } | { kind: 'any' };

function tokenize(pattern: string, escape: boolean): Token[] {
  const tokens: Token[] = [];
  for (let index = 0; index < pattern.length; index++) {
    const char = pattern[index]!;
    if (escape && char === '\\' && index + 1 < pattern.length) tokens.push({ kind: 'char', char: pattern[++index]! });
    else if (char === '%') tokens.push({ kind: 'any' });
    else if (char === '_') tokens.push({ kind: 'one' });
    else tokens.push({ kind: 'char', char });
  }
  return tokens;
}

/**
 * Whether `text` matches a SQL LIKE pattern as a whole (`%` any run, `_` one character; with `escape`, `\` makes the
 * next character literal). No regular expression is built from the pattern, and the greedy match backtracks only to
 * the last `%`, so a hostile pattern such as `%%%…%Z` costs at most text length × pattern length steps.
 */
export function likeMatches(text: string, pattern: string, options: { caseInsensitive?: boolean; escape?: boolean } = {}): boolean {
  const fold = (value: string): string => (options.caseInsensitive ? value.toLowerCase() : value);
  const subject = fold(text);
  const tokens = tokenize(fold(pattern), options.escape ?? false);
  let t = 0;
  let p = 0;
  let star = -1;
  let resume = 0;
  while (t < subject.length) {
    const token = tokens[p];
    if (token && (token.kind === 'one' || (token.kind === 'char' && token.char === subject[t]))) {
      t++;
      p++;
    } else if (token?.kind === 'any') {
      star = p++;
      resume = t;
    } else if (star >= 0) {
      p = star + 1;
      t = ++resume;
    } else return false;
  }
  while (tokens[p]?.kind === 'any') p++;
  return p === tokens.length;
}
