import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/** The page's folder: plain browser modules, loaded here as they are served. */
export const APP_DIR = resolve(import.meta.dirname, '..', '..', '..', 'packages', 'ui', 'app');

/**
 * One of the page's modules, typed by the caller. The path is computed so TypeScript does not look for declarations of
 * the plain JavaScript; the modules touch the DOM only when their functions are called.
 */
export async function appModule<T>(name: string): Promise<T> {
  return (await import(pathToFileURL(join(APP_DIR, name)).href)) as T;
}
