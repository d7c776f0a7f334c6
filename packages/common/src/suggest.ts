import { distance } from 'fastest-levenshtein';
import { terminalText } from './terminal.js';

/**
 * The candidates a typo away from `word`, closest first, at most `limit`: within max(2, a third of its length) edits,
 * fewer than it has characters, letter case aside (a case-only difference comes first). `word` itself is never one.
 */
export function closeMatches(word: string, candidates: Iterable<string>, limit = 3): string[] {
  const typed = word.toLowerCase();
  const allowed = Math.min(Math.max(2, Math.floor(word.length / 3)), word.length - 1);
  const scored: { name: string; edits: number }[] = [];
  for (const name of new Set(candidates)) {
    if (name === word) continue;
    const edits = distance(typed, name.toLowerCase());
    if (edits <= allowed) scored.push({ name, edits });
  }
  scored.sort((a, b) => a.edits - b.edits || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return scored.slice(0, limit).map((match) => match.name);
}

/**
 * ` (did you mean 'a', 'b' or 'c'?)` to follow what was not found, or '' without matches. The names come from whoever
 * can write to the registry: each is quoted as plain text, its control characters shown as escapes, never acting.
 */
export function didYouMean(matches: readonly string[]): string {
  if (matches.length === 0) return '';
  const quoted = matches.map((match) => `'${terminalText(match)}'`);
  const listed = quoted.length === 1 ? quoted[0]! : `${quoted.slice(0, -1).join(', ')} or ${quoted.at(-1)!}`;
  return ` (did you mean ${listed}?)`;
}
