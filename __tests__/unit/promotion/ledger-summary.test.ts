import { describe, expect, test } from '@jest/globals';
import { renderLedgerSection, type LedgerEntry } from '@mlops-actions/promotion';
import type { Element } from 'hast';
import { toText } from 'hast-util-to-text';
import { visit } from 'unist-util-visit';
import { expectSummarySurvivesGithub, renderSummary } from '../../helpers/github-markdown.js';

const entry = (at: number, from: number | undefined, to: number, extra: Partial<LedgerEntry> = {}): LedgerEntry => ({
  modelName: 'digits',
  alias: 'production',
  kind: 'promotion',
  from,
  to,
  at,
  actor: '@octocat',
  reason: `passed for v${to}`,
  ...extra,
});

describe('the ledger in a job summary', () => {
  test('the newest five entries, newest first, with how many there are in all', () => {
    const entries = [1, 2, 3, 4, 5, 6, 7].map((version) =>
      entry(Date.UTC(2026, 11, version, 9), version === 1 ? undefined : version - 1, version),
    );
    const section = renderLedgerSection('digits', 'production', entries);
    expect(section).toContain('### Ledger of digits `@production` (the newest 5 of 7; all: `mlops ledger`)');
    const rows = section.split('\n').filter((line) => line.startsWith('| 2026'));
    expect(rows.map((row) => row.split(' | ')[1])).toEqual(['v6 → v7', 'v5 → v6', 'v4 → v5', 'v3 → v4', 'v2 → v3']);
    expect(rows[0]).toBe('| 2026-12-07 09:00:00 UTC | v6 → v7 | promotion | @\u200boctocat | passed for v7 |');
    expectSummarySurvivesGithub(section);
  });

  test('what anyone with MLflow write access can put in an entry is shown as text: no link, no image, no HTML, no broken table', () => {
    const hostile = entry(Date.UTC(2026, 11, 1), 1, 2, {
      kind: 'rollback',
      actor: '<img src=x onerror=alert(1)>',
      reason:
        '[click](https://evil.example) ![x](https://evil.example/x.png) | extra cell\n## heading **bold** www.evil.example x_www.evil.example (WWW.evil.example) me@evil.example',
      evidenceRunId: '`run`',
    });
    const section = renderLedgerSection('digits<script>', 'production', [hostile]);
    const { sanitized } = renderSummary(section);
    const text = toText(sanitized);
    // The text reads as written (an invisible zero-width space breaks GitHub's autolinks).
    expect(text.replaceAll('\u200b', '')).toContain('<img src=x onerror=alert(1)>');
    expect(text.replaceAll('\u200b', '')).toContain('[click](https://evil.example) ![x](https://evil.example/x.png)');
    expect(text.replaceAll('\u200b', '')).toContain('www.evil.example x_www.evil.example (WWW.evil.example) me@evil.example');
    expect(text).toContain('digits<script>');
    const { raw } = renderSummary(section);
    const tags = new Set<string>();
    visit(raw, 'element', (node: Element) => void tags.add(node.tagName));
    expect([...tags].filter((tag) => ['a', 'img', 'script', 'h2', 'strong'].includes(tag))).toEqual([]);
    // One row of five cells: the pipe in the reason is escaped.
    const row = section.split('\n').find((line) => line.startsWith('| 2026'))!;
    expect(row.split(/(?<!\\)\|/).length - 2).toBe(5);
    expectSummarySurvivesGithub(section);
  });

  test('no entries yet, or a ledger that could not be read, says so', () => {
    expect(renderLedgerSection('digits', 'production', [])).toContain('No entries yet: the ledger begins with the first promotion.');
    expect(renderLedgerSection('digits', 'production', undefined)).toContain('The ledger could not be read (see the log).');
  });
});
