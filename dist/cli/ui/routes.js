// The page's routes have MLflow's own UI shapes, so a link printed for MLflow's UI opens here too:
//   #/experiments, #/experiments/<id>, #/experiments/<id>/runs/<runId>[/…],
//   #/models, #/models/<name>, #/models/<name>/versions/<version>.
// Every id in a link is encoded with encodeURIComponent; the router decodes it.

const encode = encodeURIComponent;

/** Links to each route, built only from ids. */
export const href = {
  experiments: () => '#/experiments',
  experiment: (experimentId) => `#/experiments/${encode(experimentId)}`,
  run: (experimentId, runId) => `#/experiments/${encode(experimentId)}/runs/${encode(runId)}`,
  models: () => '#/models',
  model: (modelName) => `#/models/${encode(modelName)}`,
  version: (modelName, version) => `#/models/${encode(modelName)}/versions/${encode(version)}`,
};

function decode(segment) {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/**
 * The route a location hash names: `{ name, …ids }`, `{ name: 'home' }` for an empty hash, `{ name: 'not-found' }`
 * otherwise. MLflow's query part (`?o=…`) and a run page's tab (`/runs/<id>/artifacts/…`) are ignored.
 */
export function parseRoute(hash) {
  const path = String(hash ?? '')
    .replace(/^#/, '')
    .split('?')[0];
  if (path === '' || path === '/') return { name: 'home' };
  const parts = path.replace(/^\//, '').replace(/\/$/, '').split('/').map(decode);
  if (parts.some((part) => part === undefined || part === '')) return { name: 'not-found', path };
  const [section, id, sub, subId] = parts;
  if (section === 'experiments') {
    if (id === undefined) return { name: 'experiments' };
    if (sub === undefined) return parts.length === 2 ? { name: 'experiment', experimentId: id } : { name: 'not-found', path };
    if (sub === 'runs' && subId !== undefined) return { name: 'run', experimentId: id, runId: subId };
  }
  if (section === 'models') {
    if (id === undefined) return { name: 'models' };
    if (sub === undefined) return { name: 'model', modelName: id };
    if (sub === 'versions' && subId !== undefined && parts.length === 4) return { name: 'version', modelName: id, version: subId };
  }
  return { name: 'not-found', path };
}

/** Which main section a route belongs to, for the navigation's current link. */
export const sectionOf = (route) =>
  ['experiments', 'experiment', 'run'].includes(route.name)
    ? 'experiments'
    : ['models', 'model', 'version'].includes(route.name)
      ? 'models'
      : undefined;
