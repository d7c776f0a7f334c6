import { createInputReader, type InputReader } from '@mlops-actions/common';

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
