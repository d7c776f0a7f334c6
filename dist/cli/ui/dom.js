// Building the page: every value from MLflow becomes a text node; no markup is ever parsed from data.

const SVG = 'http://www.w3.org/2000/svg';

function fill(node, attributes, children) {
  for (const [name, value] of Object.entries(attributes ?? {})) {
    // Event handlers are attached in code, never as attributes; links go through link() and externalLink().
    if (/^on/i.test(name) || name === 'href' || name === 'style') throw new Error(`el() does not set ${name}`);
    if (value === undefined || value === null || value === false) continue;
    node.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** An HTML element with attributes and children; strings and numbers become text. */
export const el = (tag, attributes, ...children) => fill(document.createElement(tag), attributes, children);

/** An SVG element, the same way. */
export const svg = (tag, attributes, ...children) => fill(document.createElementNS(SVG, tag), attributes, children);

/** A link to a route of this page: `href` comes from routes.js (ids encoded with encodeURIComponent), never from data. */
export function link(href, text, attributes = {}) {
  if (!href.startsWith('#/')) throw new Error(`not a route of this page: ${href}`);
  const anchor = el('a', attributes, text);
  anchor.setAttribute('href', href);
  return anchor;
}

/** A link out of the page only to an https: URL; anything else (javascript:, data:, http:) is shown as text. */
export function externalLink(url, text = url) {
  let parsed;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  if (parsed?.protocol !== 'https:') return el('span', { class: 'untrusted-url' }, url);
  const anchor = el('a', { rel: 'noopener noreferrer external', target: '_blank' }, text);
  anchor.setAttribute('href', parsed.href);
  return anchor;
}

/** A table with a header row; cells are text or nodes. */
export function table(caption, headers, rows, attributes = {}) {
  return el(
    'table',
    attributes,
    caption ? el('caption', {}, caption) : null,
    el(
      'thead',
      {},
      el(
        'tr',
        {},
        headers.map((header) => el('th', { scope: 'col' }, header)),
      ),
    ),
    el(
      'tbody',
      {},
      rows.map((cells) =>
        el(
          'tr',
          {},
          cells.map((cell) => el('td', {}, cell)),
        ),
      ),
    ),
  );
}

/** A description list of [term, description] pairs, those without a description left out. */
export const details = (pairs, attributes = {}) =>
  el(
    'dl',
    { class: 'details', ...attributes },
    pairs
      .filter(([, value]) => value !== undefined && value !== null && value !== '')
      .map(([term, value]) => [el('dt', {}, term), el('dd', {}, value)]),
  );

/** A section with a heading, filled later by `load` (which returns nodes): it says it is loading, then what loaded or why not. */
export function section(id, title, load, renderError) {
  const body = el('div', { class: 'section-body' }, el('p', { class: 'loading' }, `Loading ${title.toLowerCase()}…`));
  const node = el(
    'section',
    { id, 'aria-labelledby': `${id}-heading`, 'data-state': 'loading', 'aria-busy': 'true' },
    el('h2', { id: `${id}-heading` }, title),
    body,
  );
  Promise.resolve()
    .then(load)
    .then(
      (content) => {
        body.replaceChildren(...[content].flat().filter(Boolean));
        node.dataset.state = 'loaded';
      },
      (error) => {
        body.replaceChildren(renderError(error));
        node.dataset.state = 'failed';
      },
    )
    .finally(() => node.setAttribute('aria-busy', 'false'));
  return node;
}
