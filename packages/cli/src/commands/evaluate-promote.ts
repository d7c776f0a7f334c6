import { deployWorkflowDispatcher } from '@mlops-actions/dispatch';
import { localActor, localHolder, terminalText } from '@mlops-actions/common';
import { clientOptionsFromEnvironment, createMlflowHttp } from '@mlops-actions/mlflow';
import {
  EVALUATE_INPUT_SPECS,
  evaluateAndPromote,
  evaluateOutputs,
  evaluateShard,
  evaluationNotice,
  outcomeLine,
  readEvaluateInputs,
  shardOutputs,
} from '@mlops-actions/promotion';
import { Command } from 'commander';
import type { CliContext } from '../context.js';
import { commandDescription } from './listings.js';
import { addInputFlags, flag, optionReader } from '../options.js';

/** Exit code when the evaluation ran and the challenger was not promoted. */
export const EXIT_NOT_PROMOTED = 3;

/** The line an action annotates its run with (a notice), said plainly beside the log. */
export function sayNotice(context: CliContext, line: string | false | undefined): void {
  if (line) context.logger.info(`notice: ${terminalText(line)}`);
}

/** `mlops evaluate-promote`: the evaluate-promote action on this machine, with the action's inputs as flags. */
export function evaluatePromoteCommand(context: CliContext): Command {
  return addInputFlags(new Command('evaluate-promote').description(commandDescription('evaluate-promote')), EVALUATE_INPUT_SPECS, {
    help: {
      'deploy-workflow':
        'a workflow to dispatch after a promotion, with inputs model-name and version (needs --github-token or GITHUB_TOKEN, and GITHUB_REPOSITORY)',
      'deploy-ref': 'the ref the deploy workflow runs on (default GITHUB_REF_NAME when set, else main)',
      'github-token': 'token for the dispatch (or GITHUB_TOKEN)',
    },
  })
    .option('--json', 'print the outputs as JSON')
    .action(async (options: Record<string, unknown>) => {
      if (options.githubToken === undefined && context.env.GITHUB_TOKEN) options.githubToken = context.env.GITHUB_TOKEN;
      const inputs = await readEvaluateInputs(optionReader(options), flag, process.cwd(), context.env);
      for (const warning of inputs.warnings) context.logger.warning(warning);
      const run = { ...inputs.options, holder: localHolder(), actor: localActor() };
      const deps = {
        http: createMlflowHttp({ ...clientOptionsFromEnvironment(context.env), logger: context.logger }),
        logger: context.logger,
        dispatchDeploy: deployWorkflowDispatcher(inputs.deploy, {
          repository: context.env.GITHUB_REPOSITORY,
          runRef: context.env.GITHUB_REF_NAME,
          apiUrl: context.env.GITHUB_API_URL,
        }),
      };
      const { shard } = run;
      if (shard !== undefined && shard !== 'merge') {
        const part = await evaluateShard({ ...run, shard }, deps);
        if (options.json) context.stdout(`${JSON.stringify(shardOutputs(part), null, 2)}\n`);
        else context.stdout(`${part.reason}\n`);
        return;
      }
      const result = await evaluateAndPromote(run, deps);
      const { modelName, championAlias, promote } = inputs.options;
      sayNotice(context, evaluationNotice({ ...result, modelName, championAlias, dryRun: !promote }));
      if (options.json) context.stdout(`${JSON.stringify(evaluateOutputs(result), null, 2)}\n`);
      else context.stdout(`${outcomeLine(result)}\n`);
      if (!result.promoted && !result.alreadyChampion) context.setExitCode(EXIT_NOT_PROMOTED);
    });
}
