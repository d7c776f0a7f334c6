#!/usr/bin/env node
import { asksForVersionOnly, MLOPS_VERSION } from './version.js';

const args = process.argv.slice(2);
// The commands load onnxruntime, sharp and better-sqlite3 as they are imported: the version alone needs none of them.
if (asksForVersionOnly(args)) process.stdout.write(`${MLOPS_VERSION}\n`);
else process.exitCode = await (await import('./program.js')).runCli(args);
