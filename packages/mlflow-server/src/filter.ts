import { likeMatches } from '@mlops-actions/common';
import { invalid } from './errors.js';

/** One comparison of MLflow's search filter: `metrics.acc > 0.5`, `tags."mlflow.runName" = 'r1'`, `name LIKE 'demo%'`. */
export interface Comparison {
  /** `metrics`, `params`, `tags`, `attributes`, or '' for a bare key such as `name`. */
  entity: string;
  key: string;
  op: string;
  value: string | number | (string | number)[];
}

const ENTITY_ALIASES: Record<string, string> = {
  metric: 'metrics',
  metrics: 'metrics',
  param: 'params',
  params: 'params',
  parameter: 'params',
  parameters: 'params',
  tag: 'tags',
  tags: 'tags',
  attribute: 'attributes',
  attributes: 'attributes',
  run: 'attributes',
};

/** Parses `a and b and …` (MLflow's filters are conjunctions only). */
export function parseFilter(filter: string | undefined): Comparison[] {
  const text = (filter ?? '').trim();
  if (text === '') return [];
  const tokens = text.match(/\s*(`[^`]*`|"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|\(|\)|,|!=|>=|<=|=|>|<|[^\s=<>!(),]+)/g) ?? [];
  const list = tokens.map((t) => t.trim());
  const comparisons: Comparison[] = [];
  let i = 0;
  const fail = (): never => {
    throw invalid(`Invalid filter '${filter}': expected comparisons such as metrics.acc > 0.5 joined by 'and'`);
  };
  while (i < list.length) {
    const identifier = list[i++] ?? fail();
    const dot = identifier.search(/\.(?=[`"\w])/);
    let entity = '';
    let key = identifier;
    if (dot > 0 && ENTITY_ALIASES[identifier.slice(0, dot).toLowerCase()]) {
      entity = ENTITY_ALIASES[identifier.slice(0, dot).toLowerCase()]!;
      key = identifier.slice(dot + 1);
    }
    key = unquote(key);
    const op = (list[i++] ?? fail()).toUpperCase();
    if (op === 'NOT') {
      if ((list[i++] ?? '').toUpperCase() !== 'IN') fail();
    }
    let value: Comparison['value'];
    if (op === 'IN' || op === 'NOT') {
      if (list[i++] !== '(') fail();
      const items: (string | number)[] = [];
      while (list[i] !== ')') {
        items.push(literal(list[i++] ?? fail()));
        if (list[i] === ',') i++;
      }
      i++;
      value = items;
    } else {
      value = literal(list[i++] ?? fail());
    }
    comparisons.push({ entity, key, op: op === 'NOT' ? 'NOT IN' : op, value });
    if (i < list.length && list[i++]!.toUpperCase() !== 'AND') fail();
  }
  return comparisons;
}

function unquote(text: string): string {
  if (/^(`.*`|".*")$/.test(text)) return text.slice(1, -1).replace(/\\(.)/g, '$1');
  return text;
}

function literal(text: string): string | number {
  if (/^'.*'$/.test(text) || /^".*"$/.test(text)) return text.slice(1, -1).replace(/\\(.)/g, '$1');
  const number = Number(text);
  if (text !== '' && Number.isFinite(number)) return number;
  throw invalid(`Invalid value ${text} in filter: strings must be quoted with single quotes`);
}

/** Whether an actual value satisfies one comparison (numbers compare as numbers, LIKE with % and _). */
export function matches(actual: string | number | undefined, op: string, expected: Comparison['value']): boolean {
  if (actual === undefined) return op === '!=' || op === 'NOT IN';
  if (Array.isArray(expected)) {
    const found = expected.some((e) => String(e) === String(actual));
    return op === 'IN' ? found : !found;
  }
  if (op === 'LIKE' || op === 'ILIKE') return likeMatches(String(actual), String(expected), { caseInsensitive: op === 'ILIKE' });
  const a = typeof expected === 'number' ? Number(actual) : String(actual);
  const b = expected;
  switch (op) {
    case '=':
      return a === b;
    case '!=':
      return a !== b;
    case '>':
      return a > b;
    case '>=':
      return a >= b;
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    default:
      throw invalid(`Invalid comparator '${op}' in filter`);
  }
}

/** MLflow's page tokens for the SQL store: base64 JSON `{"offset": N}`. */
export function encodePageToken(offset: number): string {
  return Buffer.from(JSON.stringify({ offset })).toString('base64');
}

export function decodePageToken(token: string | undefined): number {
  if (!token) return 0;
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as { offset?: unknown };
    if (typeof parsed.offset === 'number' && Number.isInteger(parsed.offset) && parsed.offset >= 0) return parsed.offset;
  } catch {
    // fall through
  }
  throw invalid('Invalid page token, could not base64-decode');
}

/** One page of items and the token of the next, as MLflow returns it (a token may lead to an empty page). */
export function paginate<T>(
  items: readonly T[],
  maxResults: number,
  pageToken: string | undefined,
): { page: T[]; nextPageToken: string | undefined } {
  const offset = decodePageToken(pageToken);
  const page = items.slice(offset, offset + maxResults);
  return {
    page,
    nextPageToken:
      offset + maxResults < items.length || (page.length === maxResults && page.length > 0)
        ? encodePageToken(offset + maxResults)
        : undefined,
  };
}
