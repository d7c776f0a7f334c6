import { readFileSync } from 'node:fs';
import { ConfigurationError, createInputReader, type InputReader, type InputSpec, type InputSpecs } from '@mlops-actions/common';
import { Option, type Command } from 'commander';

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

/** The help of a flag made from an input: its description, and the default when the description does not say it. */
function flagHelp(spec: InputSpec): string {
  return spec.default !== undefined && !/default/i.test(spec.description)
    ? `${spec.description} (default: ${spec.default})`
    : spec.description;
}

export interface InputFlagsOptions<Name extends string> {
  /** Inputs this command takes otherwise (a token from a file or the environment) or not at all. */
  omit?: readonly Name[];
  /** Help that differs on the command line (an input that does nothing off GitHub). */
  help?: Readonly<Partial<Record<Name, string>>>;
}

/**
 * Adds one flag per input of an action, made from its spec: `--<name> <placeholder>`, the description as help, a
 * required input a mandatory flag. Defaults are applied by the same reader the action uses, so none is set here.
 */
export function addInputFlags<Specs extends InputSpecs>(
  command: Command,
  specs: Specs,
  options: InputFlagsOptions<keyof Specs & string> = {},
): Command {
  for (const [name, spec] of Object.entries(specs) as [keyof Specs & string, InputSpec][]) {
    if (options.omit?.includes(name)) continue;
    const option = new Option(`--${name} ${spec.placeholder ?? '<value>'}`, options.help?.[name] ?? flagHelp(spec));
    if (spec.required) option.makeOptionMandatory();
    command.addOption(option);
  }
  return command;
}
