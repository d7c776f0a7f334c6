// The page's only way to MLflow: its REST API under api/2.0/, relative to the page, so the page works at any base.
// Every call it makes is a read; `mlops ui` forwards exactly these (PAGE_READS in src/forward.ts, kept in step by a test).

/** An MLflow error, or a request that got no answer (status 0): what the page shows, as text. */
export class MlflowError extends Error {
  constructor(status, errorCode, message, endpoint) {
    super(message);
    this.status = status;
    this.errorCode = errorCode;
    this.endpoint = endpoint;
  }
}

/** A non-JSON error body (an HTML page) as plain text, parsed inertly: no script of it runs, nothing of it is shown as markup. */
function bodyText(text) {
  const parsed = new DOMParser().parseFromString(text, 'text/html');
  return (parsed.body?.textContent ?? text).replace(/\s+/g, ' ').trim().slice(0, 500);
}

async function request(method, endpoint, { query, body } = {}) {
  const url = new URL(`api/2.0/${endpoint}`, document.baseURI);
  for (const [key, value] of Object.entries(query ?? {})) if (value !== undefined) url.searchParams.set(key, String(value));
  let response;
  try {
    response = await fetch(url, {
      method,
      headers: body === undefined ? { Accept: 'application/json' } : { Accept: 'application/json', 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
    });
  } catch (error) {
    throw new MlflowError(0, 'NO_ANSWER', `the server did not answer (${error.message})`, endpoint);
  }
  const text = await response.text();
  if (!response.ok) {
    let parsed;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    const code = typeof parsed?.error_code === 'string' ? parsed.error_code : `HTTP_${response.status}`;
    const message = typeof parsed?.message === 'string' ? parsed.message : bodyText(text) || response.statusText;
    throw new MlflowError(response.status, code, message, endpoint);
  }
  try {
    return text.trim() === '' ? {} : JSON.parse(text);
  } catch {
    throw new MlflowError(response.status, 'NOT_JSON', `the answer to ${endpoint} was not JSON: ${text.slice(0, 200)}`, endpoint);
  }
}

/** A GET of an MLflow endpoint (`mlflow/…`) with query parameters. */
export const get = (endpoint, query) => request('GET', endpoint, { query });

/** A POST of an MLflow search endpoint (`mlflow/runs/search`): a read with a JSON body. */
export const post = (endpoint, body) => request('POST', endpoint, { body });

/** Every item of a paged answer, following next_page_token, at most `limit` of them. */
export async function allPages(fetchPage, key, limit = 10_000) {
  const items = [];
  let token;
  do {
    const page = await fetchPage(token);
    items.push(...(Array.isArray(page[key]) ? page[key] : []));
    token = typeof page.next_page_token === 'string' && page.next_page_token !== '' ? page.next_page_token : undefined;
  } while (token !== undefined && items.length < limit);
  return items.slice(0, limit);
}

/** An experiment by name, or undefined when there is none. */
export async function experimentByName(name) {
  try {
    return (await get('mlflow/experiments/get-by-name', { experiment_name: name })).experiment;
  } catch (error) {
    if (error instanceof MlflowError && error.errorCode === 'RESOURCE_DOES_NOT_EXIST') return undefined;
    throw error;
  }
}

/** The artifact path of a run served through MLflow's artifact proxy (`mlflow-artifacts:/…`), else undefined. */
export function proxiedArtifactPath(artifactUri) {
  const match = /^mlflow-artifacts:(?:\/\/[^/]*)?\/(.+)$/.exec(typeof artifactUri === 'string' ? artifactUri : '');
  return match ? match[1].replace(/\/+$/, '') : undefined;
}

/**
 * A run's evaluation result (`gate-result.json`) as JSON, downloaded through MLflow's artifact proxy; undefined when the
 * run's artifacts are not proxied by the server. Each path segment is encoded: the path cannot leave the artifact route.
 */
export async function gateResultOf(run) {
  const root = proxiedArtifactPath(run.info?.artifact_uri);
  if (root === undefined) return undefined;
  const path = [...root.split('/'), 'gate-result.json'].map(encodeURIComponent).join('/');
  return request('GET', `mlflow-artifacts/artifacts/${path}`);
}

/** MLflow's filter syntax: a string literal's backslashes and quotes escaped (as escapeFilter in packages/mlflow). */
export const filterString = (value) => `'${String(value).replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/** A run's tags, params or metrics (MLflow's [{key, value}] lists) as a Map. */
export function keyed(list) {
  const map = new Map();
  if (Array.isArray(list)) for (const item of list) if (item && typeof item.key === 'string') map.set(item.key, item);
  return map;
}

/** A value of a run's or version's tag list, or undefined. */
export function tagValue(list, key) {
  const value = keyed(list).get(key)?.value;
  return typeof value === 'string' ? value : undefined;
}
