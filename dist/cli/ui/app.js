// A read-only page over MLflow's REST API: experiments, runs, registered models and the promotion ledger, at hash
// routes of MLflow's own UI shapes. No value from MLflow is ever parsed as markup (see dom.js).
import { el, link } from './dom.js';
import { href, parseRoute, sectionOf } from './routes.js';
import { experimentsView, experimentView } from './views/experiments.js';
import { modelsView, modelView } from './views/models.js';
import { runView } from './views/run.js';
import { errorBox } from './views/states.js';
import { versionView } from './views/version.js';

const VIEWS = {
  experiments: experimentsView,
  experiment: experimentView,
  run: runView,
  models: modelsView,
  model: modelView,
  version: versionView,
};

const main = document.getElementById('main');
const status = document.getElementById('status');
let navigation = 0;

function notFound(route) {
  return {
    title: 'Not a page here',
    content: [
      el('p', {}, `Nothing is shown at #${route.path ?? ''}.`),
      el('p', {}, 'See the ', link(href.experiments(), 'experiments'), ' or the ', link(href.models(), 'registered models'), '.'),
    ],
  };
}

function markCurrentSection(route) {
  const current = sectionOf(route);
  for (const anchor of document.querySelectorAll('nav.site a')) {
    if (anchor.dataset.section === current) anchor.setAttribute('aria-current', 'page');
    else anchor.removeAttribute('aria-current');
  }
}

/** Shows the route of the current hash; focus moves to the new heading, except on the first load. */
async function show({ focus }) {
  let route = parseRoute(location.hash);
  if (route.name === 'home') {
    // The root shows the experiments, as MLflow's does; replaceState changes the hash without another hashchange.
    history.replaceState(null, '', href.experiments());
    route = parseRoute(location.hash);
  }
  const current = ++navigation;
  markCurrentSection(route);
  main.setAttribute('aria-busy', 'true');
  main.dataset.state = 'loading';
  status.textContent = 'Loading…';
  let view;
  let failed = false;
  try {
    view = VIEWS[route.name] ? await VIEWS[route.name](route) : notFound(route);
  } catch (error) {
    failed = true;
    view = { title: 'This could not be shown', content: errorBox(error) };
  }
  // A later navigation won: this answer is stale.
  if (current !== navigation) return;
  const heading = el('h1', { tabindex: '-1', id: 'page-title' }, view.title);
  const content = el(
    'div',
    { id: 'view', 'data-route': route.name },
    view.kicker ? el('p', { class: 'kicker' }, view.kicker) : null,
    heading,
    view.content,
  );
  document.getElementById('view').replaceWith(content);
  document.title = `${view.title} · MLflow`;
  main.setAttribute('aria-busy', 'false');
  main.dataset.state = failed ? 'failed' : 'loaded';
  status.textContent = failed ? 'Failed to load.' : `${view.title} loaded.`;
  if (focus) heading.focus();
}

// The skip link moves focus to the content without touching the hash, which is the route.
document.getElementById('skip').addEventListener('click', (event) => {
  event.preventDefault();
  (document.getElementById('page-title') ?? main).focus();
});
addEventListener('hashchange', () => void show({ focus: true }));
void show({ focus: false });
