import { readFileSync } from 'node:fs';
import { ConfigurationError, createInputReader, type InputReader } from '@mlops-actions/common';

/** How a flag is named in messages: `--model-name`. */
export const flag = (name: string): string => `--${name}`;

/** Reads commander's parsed options (camelCased) through the same strict parsers the actions use. */
export function optionReader(options: Record<string, unknown>): InputReader {
  const camel = (name: string): string => name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
  return createInputReader({
    get: (name) => (typeof options[camel(name)] === 'string' ? (options[camel(name)] as string) : ''),
    describe: flag,
  });
}

/** A secret from the file a flag names (its first line, trimmed): a secret is never a flag itself, flags show in ps. */
export function readSecretFile(path: string, flagName: string): string {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigurationError(`${flagName} ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  const secret = text.split(/\r?\n/)[0]!.trim();
  if (!secret) throw new ConfigurationError(`${flagName} ${path} is empty`);
  return secret;
}
