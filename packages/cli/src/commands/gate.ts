import { ConfigurationError, type InputReader } from '@mlops-actions/common';
import {
  evaluateGate,
  formatClause,
  loadGate,
  noGroupsError,
  renderGateText,
  requiredItems,
  type Clause,
  type GateConfig,
  type GateEvidence,
  type GateSettings,
  type Requirement,
  type SliceCounts,
} from '@mlops-actions/gate';
import { Command } from 'commander';
import { readPredictions } from '../predictions.js';
import type { CliContext } from '../context.js';
import { commandDescription } from './listings.js';
import { flag, optionReader } from '../options.js';

/** Exit code when the gate ran and the condition did not pass. */
export const EXIT_NOT_PASSED = 3;

/** Class and group numbers are Int32 in the gate's evidence. */
const MAX_SLICES = 2 ** 31 - 1;

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

/** --classes and --groups; a ConfigurationError when a forall clause ranges over a kind whose count is not given. */
function sliceCountFlags(reader: InputReader, clauses: readonly Clause[]): SliceCounts {
  const limits = { integer: true, min: 1, max: MAX_SLICES };
  const counts: SliceCounts = { class: reader.optionalNumber('classes', limits), group: reader.optionalNumber('groups', limits) };
  const unsized = (['class', 'group'] as const).flatMap((kind) => {
    const clause = clauses.find((c) => c.slice === kind);
    return clause === undefined || counts[kind] !== undefined ? [] : [{ kind, clause }];
  });
  if (unsized.length > 0)
    throw new ConfigurationError(
      unsized
        .map(
          ({ kind, clause }) =>
            `the clause '${formatClause(clause)}' holds in every ${kind}, and each ${kind} is a clause of its own (its own share of δ, its own items): ` +
            `give the number of ${kind === 'class' ? 'classes with --classes' : 'groups with --groups'} <n>`,
        )
        .join('; '),
      { subject: flag(unsized[0]!.kind === 'class' ? 'classes' : 'groups') },
    );
  return counts;
}

/** `5302 items per class for the forall class clauses (10 classes: at least 53020 items in all)`, one line per kind. */
function perSliceLines(requirement: Requirement, clauses: readonly Clause[]): string[] {
  return (['class', 'group'] as const).flatMap((kind) => {
    const sliced = requirement.clauses.filter((r, i) => r.perSlice && clauses[i]!.slice === kind);
    if (sliced.length === 0) return [];
    const perSlice = Math.max(...sliced.map((r) => r.items));
    const slices = sliced[0]!.slices!;
    const plural = kind === 'class' ? 'classes' : 'groups';
    return [
      `${perSlice} items per ${kind} for the forall ${kind} clauses (${slices} ${plural}: at least ${perSlice * slices} items in all)`,
    ];
  });
}

/**
 * A ConfigurationError when the clauses to decide range over groups the predictions file does not give: the gate's
 * own message speaks of evaluate-promote's groups input, which `mlops gate` does not have.
 */
function requireGroups(clauses: readonly Clause[], evidence: GateEvidence, file: string): void {
  const clause = clauses.find((c) => c.slice === 'group');
  if (clause !== undefined && evidence.groups === undefined)
    throw noGroupsError(
      clause,
      `${file} puts no item in a group`,
      'add a group column to the CSV (label,new,old,group) or a "group" key to each JSON line',
      file,
    );
}

export function gateCommand(context: CliContext): Command {
  const gate = new Command('gate').description(commandDescription('gate'));

  conditionOptions(gate.command('sample-size').description("how many test items the condition needs (the paper's distribution-free bound)"))
    .option('--classes <n>', 'classes in the test set, for forall class clauses: each class is a clause of its own')
    .option('--groups <n>', 'groups in the test set, for forall group clauses: each group is a clause of its own')
    .option('--json', 'print a JSON object')
    .action(async (options: Record<string, unknown>) => {
      const { reader, config, settings } = await loadGateOptions(options, context);
      const clauses = config.condition.clauses;
      const requirement = requiredItems(clauses, settings, sliceCountFlags(reader, clauses));
      if (options.json) {
        const described = requirement.clauses.map((c, i) => ({ clause: clauses[i]!.source, ...c }));
        context.stdout(
          `${JSON.stringify({ required: requirement.items, reliability: settings.reliability, adaptivity: settings.adaptivity, steps: settings.steps, clauses: described }, null, 2)}\n`,
        );
      } else {
        // stdout holds the number alone, for scripts (`n=$(mlops gate sample-size …)`); what each slice needs goes to stderr.
        context.stdout(`${requirement.items}\n`);
        for (const line of perSliceLines(requirement, clauses)) context.stderr(`${line}\n`);
      }
    });

  conditionOptions(
    gate
      .command('evaluate')
      .description('decide whether the new model passes the condition on paired predictions')
      .requiredOption(
        '--predictions <file>',
        'CSV with header label,new,old[,group] (class indices; a group name, empty for none) or JSON lines with those keys',
      ),
  )
    .option('--mode <m>', 'fp-free | fn-free (default fp-free)')
    .option('--method <m>', 'exact | bootstrap | hoeffding (default exact)')
    .option('--samples <B>', 'bootstrap resamples, for --method bootstrap (default 10000)')
    .option('--seed <s>', 'bootstrap seed, for --method bootstrap (default 0)')
    .option('--first-model <rule>', 'without old predictions: promote | reject | a condition on n (default promote)')
    .option('--json', 'print the result as JSON')
    .addHelpText(
      'after',
      [
        '',
        'The classes are the class indices the file holds, in numeric order. A class that only a prediction names has no',
        "test items: 'forall class' reports it too small to judge. recall and precision need exactly two classes; the",
        'larger index is the positive one. A CSV cell cannot hold a comma: give group names with commas as JSON lines.',
        'Top-K, ece, brier, latency and size need scores and timings a predictions file does not hold: use evaluate-promote.',
      ].join('\n'),
    )
    .action(async (options: Record<string, unknown>) => {
      const { reader, config, settings } = await loadGateOptions(options, context);
      const file = reader.requiredString('predictions');
      const { counts, evidence } = await readPredictions(file);
      const rule = settings.firstModel;
      requireGroups(counts.hasOld ? config.condition.clauses : rule.kind === 'condition' ? rule.condition.clauses : [], evidence, file);
      const result = evaluateGate({ condition: config.condition, settings, counts, evidence });
      context.stdout(options.json ? `${JSON.stringify(result, null, 2)}\n` : renderGateText(result));
      if (!result.passed) context.setExitCode(EXIT_NOT_PASSED);
    });

  return gate;
}
