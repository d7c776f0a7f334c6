import { describe, expect, test } from '@jest/globals';
import { appModule } from './app-modules.js';

interface Routes {
  href: {
    experiment: (id: string) => string;
    run: (experimentId: string, runId: string) => string;
    model: (name: string) => string;
    version: (name: string, version: string | number) => string;
  };
  parseRoute: (hash: string) => Record<string, string>;
}
const { href, parseRoute } = await appModule<Routes>('routes.js');

describe("the page's routes: MLflow's own UI shapes", () => {
  test.each([
    ['', { name: 'home' }],
    ['#/experiments', { name: 'experiments' }],
    ['#/experiments/3', { name: 'experiment', experimentId: '3' }],
    ['#/experiments/3?searchFilter=x', { name: 'experiment', experimentId: '3' }],
    ['#/experiments/3/runs/ab12', { name: 'run', experimentId: '3', runId: 'ab12' }],
    // MLflow's run page tabs open the run.
    ['#/experiments/3/runs/ab12/artifacts/model', { name: 'run', experimentId: '3', runId: 'ab12' }],
    ['#/models', { name: 'models' }],
    ['#/models/mnist-demo', { name: 'model', modelName: 'mnist-demo' }],
    ['#/models/mnist-demo/versions/4', { name: 'version', modelName: 'mnist-demo', version: '4' }],
    ['#/models/a%2Fb%20c/versions/1', { name: 'version', modelName: 'a/b c', version: '1' }],
    ['#/models/%E0%A4%A/versions/1', { name: 'not-found', path: '/models/%E0%A4%A/versions/1' }],
    ['#/nowhere', { name: 'not-found', path: '/nowhere' }],
    ['#/experiments//runs/x', { name: 'not-found', path: '/experiments//runs/x' }],
  ])('%s', (hash, route) => {
    expect(parseRoute(hash)).toEqual(route);
  });

  test('links encode every id, and parse back to the same ids', () => {
    const name = `it's <b>"x"</b>/../#?`;
    expect(href.model(name)).toBe(`#/models/${encodeURIComponent(name)}`);
    expect(parseRoute(href.version(name, 7))).toEqual({ name: 'version', modelName: name, version: '7' });
    expect(parseRoute(href.run('1', 'r/../x'))).toEqual({ name: 'run', experimentId: '1', runId: 'r/../x' });
  });

  test('the link the train action prints for a run parses as that run', () => {
    const printed = 'http://127.0.0.1:5000/#/experiments/12/runs/0a1b2c3d4e5f';
    expect(parseRoute(new URL(printed).hash)).toEqual({ name: 'run', experimentId: '12', runId: '0a1b2c3d4e5f' });
  });
});
