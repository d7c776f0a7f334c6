// Markdown rendered as GitHub renders a job summary: GitHub-flavoured Markdown with raw HTML, then sanitized with
// GitHub's allow-list (rehype-sanitize's default schema is GitHub's, from hast-util-sanitize), which is why an
// inline <svg> never shows on GitHub.
import { expect } from '@jest/globals';
import type { Root, RootContent } from 'hast';
import { toText } from 'hast-util-to-text';
import rehypeRaw from 'rehype-raw';
import rehypeSanitize from 'rehype-sanitize';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';

/** The HTML tree of a summary, before GitHub's sanitizer and after it. */
export function renderSummary(markdown: string): { raw: Root; sanitized: Root } {
  const base = unified().use(remarkParse).use(remarkGfm).use(remarkRehype, { allowDangerousHtml: true }).use(rehypeRaw);
  const raw = base.runSync(base.parse(markdown));
  const sanitizer = unified().use(rehypeSanitize);
  const sanitized = sanitizer.runSync(structuredClone(raw));
  return { raw, sanitized };
}

function elements(node: Root | RootContent): string[] {
  const own = node.type === 'element' ? [node.tagName] : [];
  const children = 'children' in node ? (node.children as RootContent[]).flatMap(elements) : [];
  return [...own, ...children];
}

const numbers = (text: string): string[] => [...text.matchAll(/-?\d+(?:\.\d+)?(?:e[-+]?\d+)?/g)].map((match) => match[0]).sort();

/** Text of every <pre> block: where the text charts live. */
function preformatted(node: Root | RootContent): string[] {
  if (node.type === 'element' && node.tagName === 'pre') return [toText(node)];
  return 'children' in node ? (node.children as RootContent[]).flatMap(preformatted) : [];
}

/**
 * What GitHub's sanitizer would take from a summary: nothing. Every element survives (an <svg> or any other element
 * it strips fails this), every number in the text survives, and each chart (a fenced text block) keeps every line.
 * Returns the chart blocks' text for further checks.
 */
export function expectSummarySurvivesGithub(markdown: string): string[] {
  const { raw, sanitized } = renderSummary(markdown);
  expect(elements(sanitized)).toEqual(elements(raw));
  expect(numbers(toText(sanitized))).toEqual(numbers(toText(raw)));
  const charts = preformatted(sanitized);
  expect(charts).toEqual(preformatted(raw));
  return charts;
}

/** A copy of the tree with each <details> folded: only its <summary> line left, as GitHub shows it before a click. */
function folded<T extends Root | RootContent>(node: T): T {
  if (!('children' in node)) return node;
  const children = (node.children as RootContent[])
    .filter(
      (child) => !(node.type === 'element' && node.tagName === 'details') || (child.type === 'element' && child.tagName === 'summary'),
    )
    .map(folded);
  return { ...node, children };
}

/**
 * What a reviewer reads of a summary on GitHub before unfolding anything: the text outside every <details> block, and
 * each block's <summary> line. Also returns the text folded away, and the tag names of the top-level elements in order.
 */
export function summaryAtAGlance(markdown: string): { visible: string; folded: string; all: string; top: string[] } {
  const { sanitized } = renderSummary(markdown);
  const visible = toText(folded(sanitized));
  const all = toText(sanitized);
  const detailsText = (node: Root | RootContent): string[] =>
    node.type === 'element' && node.tagName === 'details'
      ? [toText(node)]
      : 'children' in node
        ? (node.children as RootContent[]).flatMap(detailsText)
        : [];
  const top = sanitized.children.flatMap((child) => (child.type === 'element' ? [child.tagName] : []));
  return { visible, folded: detailsText(sanitized).join('\n'), all, top };
}
