import type { InputReader } from '@mlops-actions/common';
import { evaluateGate, loadGate, renderGateText, requiredItems, type GateConfig, type GateSettings } from '@mlops-actions/gate';
import { Command } from 'commander';
import { readPredictions } from '../predictions.js';
import type { CliContext } from '../context.js';
import { flag, optionReader } from '../options.js';

/** Exit code when the gate ran and the condition did not pass. */
export const EXIT_NOT_PASSED = 3;

/** Reads the condition and the settings in force (defaults < reference flag < file < flags). */
async function loadGateOptions(
  options: Record<string, unknown>,
  context: CliContext,
): Promise<{ reader: InputReader; config: GateConfig; settings: GateSettings }> {
  const reader = optionReader(options);
  const { config, settings } = await loadGate(reader, { describe: flag });
  for (const warning of config.warnings) context.logger.warning(warning);
  return { reader, config, settings };
}

/** The options that say which condition and settings: shared by every gate command. */
const conditionOptions = (command: Command): Command =>
  command
    .option('--condition <text>', "the condition, e.g. 'n - o > 0.02 +/- 0.01'")
    .option('--condition-file <file>', 'a condition file (plain lines or YAML with settings)')
    .option('--reliability <r>', '1 − δ, the probability that the decision is right (default 0.99)')
    .option('--adaptivity <a>', 'none | full | firstChange (hybrid) (default none)')
    .option('--steps <H>', 'decisions that may reuse the test set (default 1)');

export function gateCommand(context: CliContext): Command {
  const gate = new Command('gate').description('the statistical promotion gate (ease.ml/ci conditions)');

  conditionOptions(gate.command('sample-size').description("how many test items the condition needs (the paper's distribution-free bound)"))
    .option('--json', 'print a JSON object')
    .action(async (options: Record<string, unknown>) => {
      const { config, settings } = await loadGateOptions(options, context);
      const requirement = requiredItems(config.condition.clauses, settings);
      if (options.json) {
        const clauses = requirement.clauses.map((c, i) => ({ clause: config.condition.clauses[i]!.source, ...c }));
        context.stdout(
          `${JSON.stringify({ required: requirement.items, reliability: settings.reliability, adaptivity: settings.adaptivity, steps: settings.steps, clauses }, null, 2)}\n`,
        );
      } else {
        context.stdout(`${requirement.items}\n`);
      }
    });

  conditionOptions(
    gate
      .command('evaluate')
      .description('decide whether the new model passes the condition on paired predictions')
      .requiredOption('--predictions <file>', 'CSV with header label,new,old (class indices) or JSON lines with those keys'),
  )
    .option('--mode <m>', 'fp-free | fn-free (default fp-free)')
    .option('--method <m>', 'exact | bootstrap | hoeffding (default exact)')
    .option('--samples <B>', 'bootstrap resamples, for --method bootstrap (default 10000)')
    .option('--seed <s>', 'bootstrap seed, for --method bootstrap (default 0)')
    .option('--first-model <rule>', 'without old predictions: promote | reject | a condition on n (default promote)')
    .option('--json', 'print the result as JSON')
    .action(async (options: Record<string, unknown>) => {
      const { reader, config, settings } = await loadGateOptions(options, context);
      const counts = await readPredictions(reader.requiredString('predictions'));
      const result = evaluateGate({ condition: config.condition, settings, counts });
      context.stdout(options.json ? `${JSON.stringify(result, null, 2)}\n` : renderGateText(result));
      if (!result.passed) context.setExitCode(EXIT_NOT_PASSED);
    });

  return gate;
}
