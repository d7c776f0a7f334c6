import { terminalText } from '@mlops-actions/common';
import { clientOptionsFromEnvironment, createMlflowHttp, unregisteredModelError } from '@mlops-actions/mlflow';
import { readLedger, type LedgerEntry } from '@mlops-actions/promotion';
import { Command } from 'commander';
import type { CliContext } from '../context.js';
import { commandDescription } from './listings.js';
import { optionReader } from '../options.js';

const versionText = (version: number | undefined): string => (version === undefined ? 'none' : `v${version}`);

/** One entry on one line; everything that came from MLflow is shown as text, never as terminal control. */
function entryLine(entry: LedgerEntry): string {
  const parts = [
    new Date(entry.at).toISOString(),
    `@${entry.alias}`,
    `${versionText(entry.from)} → ${versionText(entry.to)}`,
    entry.kind,
    `by ${entry.actor}`,
  ];
  let line = `${parts.join('  ')}: ${entry.reason}`;
  if (entry.evidenceRunId) line += ` (evidence: run ${entry.evidenceRunId})`;
  if (entry.runUrl) line += ` ${entry.runUrl}`;
  return terminalText(line);
}

/** `mlops ledger`: every move of a model's guarded aliases, oldest first. */
export function ledgerCommand(context: CliContext): Command {
  return new Command('ledger')
    .description(commandDescription('ledger'))
    .requiredOption('--model-name <name>', 'the registered model')
    .option('--alias <alias>', 'only the moves of this alias (default: every alias)')
    .option('--json', 'print the entries as JSON')
    .action(async (options: Record<string, unknown>) => {
      const reader = optionReader(options);
      const modelName = reader.requiredString('model-name');
      const http = createMlflowHttp({ ...clientOptionsFromEnvironment(context.env), logger: context.logger });
      const entries = await readLedger(http, modelName, reader.optionalString('alias'));
      if (options.json) {
        context.stdout(
          `${JSON.stringify(
            entries.map((entry) => ({ ...entry, at: new Date(entry.at).toISOString() })),
            null,
            2,
          )}\n`,
        );
        return;
      }
      if (entries.length === 0) {
        context.stdout(`${terminalText(modelName)} has no ledger entries yet: its ledger begins with its first promotion\n`);
        // The ledger outlives its model (a rename, a deletion), so an unknown name is only warned about: a typo, maybe.
        const unknown = await unregisteredModelError(http, modelName);
        if (unknown) context.logger.warning(terminalText(unknown.message));
        return;
      }
      for (const entry of entries) context.stdout(`${entryLine(entry)}\n`);
    });
}
