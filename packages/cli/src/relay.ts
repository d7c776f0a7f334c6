#!/usr/bin/env node
// The relay alone (`dist/relay/index.js`, the container's entry point): `mlops relay` without the commands that need
// onnxruntime, sharp or the MNIST data, so better-sqlite3 is the only module it needs beside it.
import { relayCommand } from './commands/dispatch.js';
import { commandDescription } from './commands/listings.js';
import { runCommands } from './runner.js';

process.exitCode = await runCommands(
  ['relay', ...process.argv.slice(2)],
  [{ name: 'relay', description: commandDescription('relay'), load: () => Promise.resolve(relayCommand) }],
);
