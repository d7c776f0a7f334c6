import {
  consoleLogger,
  errorMessage,
  isConfigurationError,
  isOperationalError,
  isSystemError,
  messageForFlags,
  progressTerminal,
} from '@mlops-actions/common';
import { Command, CommanderError, Option } from 'commander';
import type { CommandListing } from './commands/listings.js';
import type { CliContext } from './context.js';
import { DEFAULT_ENV_FILE, loadEnvFile } from './env-file.js';
import { MLOPS_VERSION, VERSION_FLAGS } from './version.js';

/** Exit codes of `mlops`. */
export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;

export interface RunOptions {
  stdout?: (text: string) => void;
  stderr?: (text: string) => void;
  env?: NodeJS.ProcessEnv;
  /** Where a relative --dotenv (and the default configs/.env) is found (default: the working directory). */
  cwd?: string;
  untilStopped?: () => Promise<void>;
}

function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

/** A command, made for a context. */
export type CommandFactory = (context: CliContext) => Command;

/** A command as listed, and how to load its module. */
export interface LazyCommand extends CommandListing {
  load: () => Promise<CommandFactory>;
}

/**
 * Runs a program made of `commands` with the given arguments (without `node` and the script); returns its exit code.
 * Only the command the arguments name is loaded; the others are listed by name and description, which is all the
 * program's help and its "did you mean" need.
 */
export async function runCommands(args: readonly string[], commands: readonly LazyCommand[], options: RunOptions = {}): Promise<number> {
  const stdout = options.stdout ?? ((text: string) => void process.stdout.write(text));
  const stderr = options.stderr ?? ((text: string) => void process.stderr.write(text));
  let exitCode: number = EXIT.ok;
  const context: CliContext = {
    stdout,
    stderr,
    logger: consoleLogger({
      out: (line) => stderr(`${line}\n`),
      // Bars only on the real stderr, when it is a terminal outside CI; otherwise progress is said in lines.
      terminal: options.stderr ? undefined : progressTerminal(process.stderr, options.env ?? process.env),
    }),
    setExitCode: (code) => {
      exitCode = code;
    },
    env: options.env ?? process.env,
    untilStopped: options.untilStopped ?? untilSignal,
  };
  const program = new Command('mlops')
    .description('continuous delivery for ML models: train, gate, promote, deploy')
    .option(
      '--dotenv <path>',
      `read MLFLOW_*, HF_TOKEN, GITHUB_TOKEN… from this file (default ${DEFAULT_ENV_FILE} when it exists); variables already set win`,
    )
    .version(MLOPS_VERSION, VERSION_FLAGS.join(', '), 'print the version of mlops')
    // Its options only before a command: after one, `--version` is that command's own (deploy-hf's model version).
    .enablePositionalOptions()
    .exitOverride()
    .configureOutput({ writeOut: stdout, writeErr: stderr })
    .showHelpAfterError('(run with --help for usage)');
  try {
    const named = commandNamed(args, commands);
    for (const command of commands) program.addCommand(command === named ? (await command.load())(context) : listed(command));
    for (const command of program.commands) configure(command, stdout, stderr);
    // Read before parsing, so that options taken from the environment (MLOPS_RELAY_*) can come from the file too.
    const said = loadEnvFile(context.env, dotenvArgument(args), options.cwd ?? process.cwd());
    if (said) stderr(`${said}\n`);
    await program.parseAsync([...args], { from: 'user' });
    return exitCode;
  } catch (error: unknown) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (isConfigurationError(error)) {
      stderr(`error: ${messageForFlags(error)}\n`);
      return EXIT.usage;
    }
    if (isOperationalError(error)) {
      if (context.env.MLOPS_DEBUG && error.stack) stderr(`${error.stack}\n`);
      stderr(`error: ${error.message}\n${error.hint ? `  ${error.hint}\n` : ''}`);
      return EXIT.failure;
    }
    if (isSystemError(error)) {
      stderr(`error: ${error.message}\n`);
      return EXIT.failure;
    }
    // Neither the user's mistake, nor a service or the system failing: a bug of ours, said as one.
    stderr(
      context.env.MLOPS_DEBUG && error instanceof Error && error.stack
        ? `unexpected error: ${error.stack}\n`
        : `unexpected error: ${errorMessage(error)}\n  this is a bug in mlops; set MLOPS_DEBUG=1 for the stack trace and report it\n`,
    );
    return EXIT.failure;
  }
}

/**
 * The command the arguments run, or whose help they ask for (`help <command>`): the first argument that is not one of
 * the program's own options (they stand before the command: enablePositionalOptions).
 */
function commandNamed<C extends CommandListing>(args: readonly string[], commands: readonly C[]): C | undefined {
  const words: string[] = [];
  for (let i = 0; i < args.length && words.length < 2; i++) {
    const arg = args[i]!;
    if (arg === '--') {
      // After `--` every argument is an operand, and commander still looks the command up among them.
      words.push(...args.slice(i + 1, i + 3));
      break;
    }
    if (arg === '--dotenv') i++;
    else if (!arg.startsWith('-')) words.push(arg);
  }
  const name = words[0] === 'help' ? words[1] : words[0];
  return commands.find((command) => command.name === name);
}

/** A command not being run, as the program's help lists it: its name, arguments and description. */
function listed(command: CommandListing): Command {
  const stand = new Command(command.name).description(command.description);
  if (command.arguments) stand.argument(command.arguments);
  return stand;
}

/** The value of `--dotenv <path>` or `--dotenv=<path>` among the arguments, if given. */
function dotenvArgument(args: readonly string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') return undefined;
    if (arg.startsWith('--dotenv=')) return arg.slice('--dotenv='.length);
    if (arg === '--dotenv') return args[i + 1];
  }
  return undefined;
}

function configure(command: Command, stdout: (text: string) => void, stderr: (text: string) => void): void {
  command.exitOverride().configureOutput({ writeOut: stdout, writeErr: stderr }).showHelpAfterError('(run with --help for usage)');
  // --dotenv is read before parsing, wherever it stands: after a command too, where it is accepted and not listed.
  command.addOption(new Option('--dotenv <path>').hideHelp());
  for (const sub of command.commands) configure(sub, stdout, stderr);
}
