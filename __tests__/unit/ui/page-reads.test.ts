import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { PAGE_READS } from '@mlops-actions/ui';
import { APP_DIR } from './app-modules.js';

/** Every module of the page, with its path. */
function appFiles(dir = APP_DIR): { path: string; text: string }[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? appFiles(join(dir, entry.name))
      : entry.name.endsWith('.js')
        ? [{ path: relative(APP_DIR, join(dir, entry.name)), text: readFileSync(join(dir, entry.name), 'utf8') }]
        : [],
  );
}

describe("the page's reads and what mlops ui forwards cannot drift", () => {
  test("every MLflow call in the page's modules is in PAGE_READS, and PAGE_READS holds nothing the page does not call", () => {
    const calls = new Set<string>();
    for (const { text } of appFiles())
      for (const match of text.matchAll(/\b(get|post)\('(mlflow\/[^']+)'/g))
        calls.add(`${match[1] === 'get' ? 'GET' : 'POST'} ${match[2]}`);
    expect([...calls].sort()).toEqual(PAGE_READS.map((read) => `${read.method} ${read.path}`).sort());
  });

  test('the page reaches MLflow only through api.js, and never parses data as markup', () => {
    for (const { path, text } of appFiles()) {
      if (path !== 'api.js') expect({ path, fetches: /\bfetch\(/.test(text) }).toEqual({ path, fetches: false });
      expect({ path, markup: /innerHTML|outerHTML|insertAdjacentHTML|document\.write|\beval\(|new Function/.test(text) }).toEqual({
        path,
        markup: false,
      });
    }
  });
});
