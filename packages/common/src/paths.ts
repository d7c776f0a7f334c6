import { realpath } from 'node:fs/promises';
import { dirname, resolve, sep } from 'node:path';
import { ConfigurationError } from './configuration-error.js';

/** Whether a `/`-separated path is plain and relative: no empty, `.` or `..` segment, no backslash or NUL. */
export function isPlainRelativePath(path: string): boolean {
  return !/[\\\0]/.test(path) && path.split('/').every((segment) => segment !== '' && segment !== '.' && segment !== '..');
}

/**
 * Whether `target` really lies inside `root` (or is `root`): symbolic links are followed from the nearest part of
 * `target` that exists. Errors other than a missing part (a name too long, a link loop) are thrown.
 */
export async function realPathInside(root: string, target: string): Promise<boolean> {
  const realRoot = await realpath(root);
  for (let probe = resolve(target); ; probe = dirname(probe)) {
    try {
      const real = await realpath(probe);
      return real === realRoot || real.startsWith(realRoot + sep);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? '';
      if (probe === dirname(probe) || !['ENOENT', 'ENOTDIR'].includes(code)) throw error;
    }
  }
}

/**
 * `root` joined with a plain relative path, refused when the path is not plain or when the result — symbolic links
 * followed — would lie outside `root`. For paths that come from elsewhere: a listing, a manifest, a tag.
 */
export async function resolveInside(root: string, path: string, what = 'the path'): Promise<string> {
  const target = resolve(root, ...path.split('/'));
  if (!isPlainRelativePath(path) || !target.startsWith(resolve(root) + sep) || !(await realPathInside(root, target)))
    throw new ConfigurationError(`${what} '${JSON.stringify(path).slice(1, -1)}' would lie outside ${root}: refused`);
  return target;
}
