import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where the page's files lie: its own (index.html, the modules, the styles) and uPlot's, which it loads from `vendor/`. */
export interface UiFolders {
  app: string;
  vendor: string;
}

/** The uPlot files the page loads, served under /ui/vendor/ and nothing else of that package. */
export const VENDOR_FILES: readonly string[] = ['uPlot.esm.js', 'uPlot.min.css'];

/**
 * The page's folders: `ui/` beside the CLI bundle (scripts/bundle.mjs copies the app there, uPlot into `ui/vendor/`),
 * or this package's `app/` and the installed uPlot when running from the sources.
 */
export function uiFolders(): UiFolders {
  const here = dirname(fileURLToPath(import.meta.url));
  const bundled = join(here, 'ui');
  if (existsSync(join(bundled, 'index.html')) && VENDOR_FILES.every((name) => existsSync(join(bundled, 'vendor', name))))
    return { app: bundled, vendor: join(bundled, 'vendor') };
  const app = join(here, '..', 'app');
  if (!existsSync(join(app, 'index.html'))) throw new Error(`the MLflow page's files were not found beside ${here}`);
  // uPlot's package has no exports map: its main file lies in dist/, beside the ES module and the styles.
  return { app, vendor: dirname(createRequire(import.meta.url).resolve('uplot')) };
}
