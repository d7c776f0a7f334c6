// For tests: the commands one by one, to compare their flags with the actions' inputs.
export { dispatchOnRegistrationCommand, relayCommand } from './commands/dispatch.js';
export { evaluatePromoteCommand } from './commands/evaluate-promote.js';
export { deployHfCommand } from './commands/space.js';
export { promoteCommand, rollbackCommand } from './commands/rollback.js';
export { trainCommand } from './commands/train.js';
export type { CliContext } from './context.js';
export { EXIT, runCommands } from './runner.js';
export { COMMANDS } from './program.js';
