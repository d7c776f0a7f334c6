/** Escapes text for a Markdown table cell or inline text: pipes, backslashes, line breaks and HTML tags. */
export function escapeMarkdown(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/\r?\n/g, ' ');
}

/** A GitHub-flavoured Markdown table; cells are escaped. */
export function markdownTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]): string => `| ${cells.map(escapeMarkdown).join(' | ')} |`;
  return [line(headers), `|${headers.map(() => ' --- |').join('')}`, ...rows.map(line)].join('\n');
}
