import { COMMAND_LISTINGS, type CommandName } from './commands/listings.js';
import { runCommands, type CommandFactory, type LazyCommand, type RunOptions } from './runner.js';

export { EXIT, type RunOptions } from './runner.js';

/** Each command's module, imported only when that command runs (or shows its own help). */
const LOADERS: Record<CommandName, () => Promise<CommandFactory>> = {
  gate: async () => (await import('./commands/gate.js')).gateCommand,
  server: async () => (await import('./commands/server.js')).serverCommand,
  ui: async () => (await import('./commands/ui.js')).uiCommand,
  train: async () => (await import('./commands/train.js')).trainCommand,
  'evaluate-promote': async () => (await import('./commands/evaluate-promote.js')).evaluatePromoteCommand,
  ledger: async () => (await import('./commands/ledger.js')).ledgerCommand,
  rollback: async () => (await import('./commands/rollback.js')).rollbackCommand,
  promote: async () => (await import('./commands/rollback.js')).promoteCommand,
  'deploy-hf': async () => (await import('./commands/space.js')).deployHfCommand,
  'serve-space': async () => (await import('./commands/space.js')).serveSpaceCommand,
  'dispatch-on-registration': async () => (await import('./commands/dispatch.js')).dispatchOnRegistrationCommand,
  relay: async () => (await import('./commands/dispatch.js')).relayCommand,
};

/** Every `mlops` command. */
export const COMMANDS: readonly LazyCommand[] = COMMAND_LISTINGS.map((listing) => ({ ...listing, load: LOADERS[listing.name] }));

/** Runs `mlops` with the given arguments (without `node` and the script) and returns its exit code. */
export function runCli(args: readonly string[], options: RunOptions = {}): Promise<number> {
  return runCommands(args, COMMANDS, options);
}
