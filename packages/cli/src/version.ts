// The repository's package.json is the one place the version is written; the bundle carries it inlined.
import rootPackage from '../../../package.json' with { type: 'json' };

/** The version of mlops, as `mlops --version` prints it. */
export const MLOPS_VERSION: string = rootPackage.version;

/** The flags that print it, commander's convention. */
export const VERSION_FLAGS = ['-V', '--version'] as const;

/** Whether the arguments ask for the version alone: answered before the commands, and what they import, load. */
export const asksForVersionOnly = (args: readonly string[]): boolean =>
  args.length === 1 && (VERSION_FLAGS as readonly string[]).includes(args[0]!);
