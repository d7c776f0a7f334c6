import { dispatchOnRegistrationCommand, relayCommand } from './commands/dispatch.js';
import { evaluatePromoteCommand } from './commands/evaluate-promote.js';
import { gateCommand } from './commands/gate.js';
import { ledgerCommand } from './commands/ledger.js';
import { promoteCommand, rollbackCommand } from './commands/rollback.js';
import { serverCommand } from './commands/server.js';
import { deployHfCommand, serveSpaceCommand } from './commands/space.js';
import { trainCommand } from './commands/train.js';
import { uiCommand } from './commands/ui.js';
import { runCommands, type RunOptions } from './runner.js';

export { EXIT, type RunOptions } from './runner.js';

/** Every `mlops` command. */
const COMMANDS = [
  gateCommand,
  serverCommand,
  uiCommand,
  trainCommand,
  evaluatePromoteCommand,
  ledgerCommand,
  rollbackCommand,
  promoteCommand,
  deployHfCommand,
  serveSpaceCommand,
  dispatchOnRegistrationCommand,
  relayCommand,
];

/** Runs `mlops` with the given arguments (without `node` and the script) and returns its exit code. */
export function runCli(args: readonly string[], options: RunOptions = {}): Promise<number> {
  return runCommands(args, COMMANDS, options);
}
