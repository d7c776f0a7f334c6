import { ConfigurationError, localHolder, terminalText } from '@mlops-actions/common';
import { deployWorkflowDispatcher } from '@mlops-actions/dispatch';
import { aliasNameProblem, clientOptionsFromEnvironment, createMlflowHttp } from '@mlops-actions/mlflow';
import { EVALUATE_DEFAULTS, rollbackChampion } from '@mlops-actions/promotion';
import { Command } from 'commander';
import type { CliContext } from '../context.js';
import { flag, optionReader } from '../options.js';

/** `mlops rollback`: the champion alias back to the previous champion (or a named version), entered in the ledger. */
export function rollbackCommand(context: CliContext): Command {
  return new Command('rollback')
    .description(
      'move the production alias back to the previous champion that passed its gate (or --to a version), under the promotion lock, with the reason entered in the ledger',
    )
    .requiredOption('--model-name <name>', 'the registered model')
    .requiredOption('--reason <text>', 'why: entered in the ledger')
    .option('--to <version>', 'the version to go back to (default: the champion before the current one that passed its gate)')
    .option('--alias <alias>', `the champion alias (default ${EVALUATE_DEFAULTS.championAlias})`)
    .option('--force', 'go back to a version that never passed a gate (the ledger says it was forced)')
    .option('--deploy-workflow <file>', 'a workflow to dispatch after the rollback (needs GITHUB_TOKEN and GITHUB_REPOSITORY)')
    .option('--deploy-ref <ref>', 'the ref the deploy workflow runs on (default GITHUB_REF_NAME when set, else main)')
    .option('--json', 'print the outcome as JSON')
    .action(async (options: Record<string, unknown>) => {
      const reader = optionReader(options);
      const modelName = reader.requiredString('model-name');
      const alias = reader.optionalString('alias') ?? EVALUATE_DEFAULTS.championAlias;
      const aliasProblem = aliasNameProblem(alias);
      if (aliasProblem) throw new ConfigurationError(`${flag('alias')}: ${aliasProblem}`, { subject: flag('alias') });
      const workflow = reader.optionalString('deploy-workflow');
      const token = context.env.GITHUB_TOKEN;
      if (workflow && !token)
        throw new ConfigurationError(`${flag('deploy-workflow')} needs GITHUB_TOKEN (actions: write)`, { subject: 'GITHUB_TOKEN' });
      const outcome = await rollbackChampion(
        createMlflowHttp(clientOptionsFromEnvironment(context.env)),
        {
          modelName,
          alias,
          to: reader.optionalNumber('to', { integer: true, min: 1 }),
          reason: reader.requiredString('reason'),
          force: options.force === true,
          lock: { holder: localHolder(), logger: context.logger },
        },
        context.logger,
      );
      const dispatch = deployWorkflowDispatcher(
        workflow && token ? { workflow, ref: reader.optionalString('deploy-ref'), token } : undefined,
        {
          repository: context.env.GITHUB_REPOSITORY,
          runRef: context.env.GITHUB_REF_NAME,
          apiUrl: context.env.GITHUB_API_URL,
        },
      );
      const deployed = dispatch ? await dispatch(modelName, outcome.to) : undefined;
      if (options.json) context.stdout(`${JSON.stringify({ ...outcome, deployed }, null, 2)}\n`);
      else
        context.stdout(
          terminalText(
            `rolled back @${alias} of ${modelName}: v${outcome.from} → v${outcome.to}${outcome.forced ? ' (forced)' : ''}${deployed ? `; ${deployed}` : ''}`,
          ) + '\n',
        );
    });
}
