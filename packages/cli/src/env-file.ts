import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseEnv } from 'node:util';
import { ConfigurationError } from '@mlops-actions/common';

/** Where the reference pipeline kept MLflow's and the Hub's credentials; read when present. */
export const DEFAULT_ENV_FILE = 'configs/.env';

/**
 * Reads variables from an env file (`KEY=value` lines, `#` comments, quotes) into `env`, keeping any already set.
 * `path` undefined: the default file when it exists, else nothing. Returns a line naming what was read — the names
 * only, never a value — or undefined when no file was read.
 */
export function loadEnvFile(env: NodeJS.ProcessEnv, path: string | undefined, cwd: string): string | undefined {
  const shown = path ?? DEFAULT_ENV_FILE;
  let text: string;
  try {
    text = readFileSync(resolve(cwd, shown), 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (path === undefined && code === 'ENOENT') return undefined;
    throw new ConfigurationError(`--dotenv: cannot read '${shown}' (${code ?? String(error)}): check the path`);
  }
  const read: string[] = [];
  const kept: string[] = [];
  for (const [name, value] of Object.entries(parseEnv(text))) {
    if (env[name] !== undefined && env[name] !== '') kept.push(name);
    else {
      env[name] = value;
      read.push(name);
    }
  }
  const parts = [`read ${read.length > 0 ? read.join(', ') : 'nothing'} from ${shown}`];
  if (kept.length > 0) parts.push(`already set, so not taken from it: ${kept.join(', ')}`);
  return parts.join('; ');
}
