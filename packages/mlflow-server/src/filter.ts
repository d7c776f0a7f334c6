import { likeMatches } from '@mlops-actions/common';
import { invalid } from './errors.js';

/** One comparison of MLflow's search filter: `metrics.acc > 0.5`, `tags."mlflow.runName" = 'r1'`, `name LIKE 'demo%'`. */
export interface Comparison {
  /** The left-hand side as written, e.g. `metrics.acc` or `tags.\`my tag\``. */
  identifier: string;
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
  attr: 'attributes',
  attribute: 'attributes',
  attributes: 'attributes',
  run: 'attributes',
  dataset: 'datasets',
  datasets: 'datasets',
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
    comparisons.push({ identifier, entity, key, op: op === 'NOT' ? 'NOT IN' : op, value });
    if (i < list.length && (list[i++]!.toUpperCase() !== 'AND' || i >= list.length)) fail();
  }
  return comparisons;
}

export function unquote(text: string): string {
  if (/^(`.*`|".*")$/.test(text)) return text.slice(1, -1).replace(/\\(.)/g, '$1');
  return text;
}

function literal(text: string): string | number {
  if (/^'.*'$/.test(text) || /^".*"$/.test(text)) return text.slice(1, -1).replace(/\\(.)/g, '$1');
  const number = Number(text);
  if (text !== '' && Number.isFinite(number)) return number;
  throw invalid(`Invalid value ${text} in filter: strings must be quoted with single quotes`);
}

// search-runs' rules (mlflow/utils/search_utils.py, SearchUtils): which comparators and value types each kind of key
// takes. The embedded server refuses what MLflow refuses, with MLflow's messages.
const METRIC_COMPARATORS = ['>', '>=', '!=', '=', '<', '<='];
const STRING_COMPARATORS = ['!=', '=', 'LIKE', 'ILIKE'];
const STRING_ATTRIBUTE_COMPARATORS = [...STRING_COMPARATORS, 'IN', 'NOT IN'];
const DATASET_KEYS = ['name', 'digest', 'context'];
const NUMERIC_RUN_ATTRIBUTES = ['start_time', 'end_time', 'created', 'Created'];
const RUN_ATTRIBUTES = [
  'artifact_uri',
  'end_time',
  'run_id',
  'run_name',
  'start_time',
  'status',
  'user_id',
  'created',
  'Created',
  'run name',
  'Run name',
  'Run Name',
];

/** MLflow's name for a run attribute spelled with one of its aliases (`SearchUtils.translate_key_alias`). */
export function runAttributeKey(key: string): string {
  if (key === 'created' || key === 'Created') return 'start_time';
  if (['run name', 'Run name', 'Run Name'].includes(key)) return 'run_name';
  return key;
}

/** A value as the filter wrote it (MLflow's messages show the token: a string in its quotes). */
function written(value: Comparison['value']): string {
  if (Array.isArray(value)) return `(${value.map(written).join(', ')})`;
  return typeof value === 'string' ? `'${value}'` : String(value);
}

/** Refuses a search-runs filter MLflow refuses (unknown attribute, wrong comparator or value type, a list not on run_id). */
export function checkRunFilter(comparisons: readonly Comparison[]): void {
  const comparatorIn = (allowed: readonly string[], op: string): void => {
    if (!allowed.includes(op)) throw invalid(`Invalid comparator '${op}' not one of '{${allowed.map((a) => `'${a}'`).join(', ')}}'`);
  };
  for (const { entity, key, op, value } of comparisons) {
    if (entity === 'metrics') {
      if (typeof value !== 'number') throw invalid(`Expected numeric value type for metric. Found ${written(value)}`);
      comparatorIn(METRIC_COMPARATORS, op);
    } else if (entity === 'datasets') {
      if (!DATASET_KEYS.includes(key))
        throw invalid(`Invalid dataset key '${key}' specified. Valid keys are '{'name', 'digest', 'context'}'`);
      if (typeof value === 'number') throw invalid(`Expected a quoted string value for dataset attributes. Got value ${value}`);
      comparatorIn(STRING_ATTRIBUTE_COMPARATORS, op);
    } else if (entity === 'params' || entity === 'tags') {
      const kind = entity === 'params' ? 'parameter' : 'tag';
      if (typeof value !== 'string')
        throw invalid(`Expected a quoted string value for ${kind} (e.g. 'my-value'). Got value ${String(value)}`);
      comparatorIn(STRING_COMPARATORS, op);
    } else {
      if (!RUN_ATTRIBUTES.includes(key))
        throw invalid(`Invalid attribute key '${key}' specified. Valid keys are '{${RUN_ATTRIBUTES.map((a) => `'${a}'`).join(', ')}}'`);
      if (NUMERIC_RUN_ATTRIBUTES.includes(key)) {
        if (typeof value !== 'number') throw invalid(`Expected numeric value type for numeric attribute: ${key}. Found ${written(value)}`);
        comparatorIn(METRIC_COMPARATORS, op);
      } else {
        if (Array.isArray(value) && key !== 'run_id')
          throw invalid("Only the 'run_id' attribute supports comparison with a list of quoted string values.");
        if (typeof value === 'number') throw invalid(`Expected a quoted string value for attributes. Got value ${value}`);
        comparatorIn(STRING_ATTRIBUTE_COMPARATORS, op);
      }
    }
  }
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
