/** How a line starts a block: a heading, a list item, a quote, a thematic break or a setext underline. */
const BLOCK_START = /^(\s*)(?:#{1,6}(?=\s|$)|[-+*](?=\s|$)|\d{1,9}(?=[.)](?:\s|$))|>|[=-]+\s*$)/;

const ZERO_WIDTH_SPACE = '\u200b';

/**
 * Text shown as itself in Markdown (a table cell, a heading, a sentence), however it was written: whoever named a
 * model or wrote a description must not get a link, an image, emphasis, code, a list or HTML out of it. The characters
 * that open inline Markdown are backslash-escaped (`[` `]` for links and images, `*` `_` `~` for emphasis, a backtick,
 * `|` for tables, `\`), `&` and `<` become entities, line breaks become spaces, and a start that would open a block is
 * escaped. GitHub's autolinks are broken too — a `scheme://`, a `www.` and an e-mail address become links even
 * with their punctuation escaped (the link is found in the text after parsing) — by an invisible zero-width space after
 * the `:` of `://` and every `@`, and before the `.` of `www.` (after it, the space would count as part of the
 * domain): the text reads the same, and no URL in it becomes a link.
 */
export function escapeMarkdown(text: string): string {
  const inline = text
    .replace(/\r\n?|\n/g, ' ')
    .replace(/[\\`*_[\]|~]/g, '\\$&')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/:(?=\/\/)|@/g, `$&${ZERO_WIDTH_SPACE}`)
    .replace(/(www)\./gi, `$1${ZERO_WIDTH_SPACE}.`);
  return inline
    .replace(BLOCK_START, (start, space: string) => {
      const marker = start.slice(space.length);
      // A list number is escaped at its period (1\. item); anything else before its first character.
      return /^\d/.test(marker) ? start : `${space}\\${marker}`;
    })
    .replace(/^(\s*\d{1,9})([.)])(?=\s|$)/, '$1\\$2');
}

/**
 * Text as a code span that shows it literally, whatever it holds: the fence is one backtick longer than any run of
 * backticks inside, and line breaks become spaces. (Inside a code span, escapes and entities would show as typed.)
 */
export function markdownCode(text: string): string {
  const flat = text.replace(/\r\n?|\n/g, ' ');
  const longest = Math.max(0, ...[...flat.matchAll(/`+/g)].map((run) => run[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') || (flat.startsWith(' ') && flat.endsWith(' ') && flat.trim() !== '') ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}

/** A GitHub-flavoured Markdown table; cells are text, escaped. */
export function markdownTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]): string => `| ${cells.map(escapeMarkdown).join(' | ')} |`;
  return [line(headers), `|${headers.map(() => ' --- |').join('')}`, ...rows.map(line)].join('\n');
}
