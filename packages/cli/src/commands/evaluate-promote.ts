import { deployWorkflowDispatcher } from '@mlops-actions/dispatch';
import { localHolder } from '@mlops-actions/common';
import { clientOptionsFromEnvironment, createMlflowHttp } from '@mlops-actions/mlflow';
import { EVALUATE_DEFAULTS, evaluateAndPromote, evaluateOutputs, outcomeLine, readEvaluateInputs } from '@mlops-actions/promotion';
import { Command } from 'commander';
import type { CliContext } from '../context.js';
import { flag, optionReader } from '../options.js';

/** Exit code when the evaluation ran and the challenger was not promoted. */
export const EXIT_NOT_PROMOTED = 3;

/** `mlops evaluate-promote`: the evaluate-promote action on this machine, with the action's inputs as flags. */
export function evaluatePromoteCommand(context: CliContext): Command {
  return new Command('evaluate-promote')
    .description('evaluate a challenger against the production model, gate it, record it in MLflow and promote it (the action, locally)')
    .requiredOption('--model-name <name>', 'the registered model')
    .requiredOption('--dataset <dataset>', 'cifar10, cifar10:<path>, mnist or image-folder:<path>')
    .option('--challenger <version|alias>', 'the version to evaluate (default: the newest)')
    .option('--champion-alias <alias>', `the production alias (default ${EVALUATE_DEFAULTS.championAlias})`)
    .option('--condition <text>', "the condition, e.g. 'n - o > 0.02 +/- 0.01'")
    .option('--condition-file <file>', `a condition file (default ${EVALUATE_DEFAULTS.conditionFile})`)
    .option('--reliability <r>', '1 − δ (default 0.99)')
    .option('--mode <m>', 'fp-free | fn-free')
    .option('--adaptivity <a>', 'none | full | firstChange')
    .option('--steps <H>', 'decisions the test set may serve')
    .option('--method <m>', 'exact | bootstrap | hoeffding (default exact)')
    .option('--samples <B>', 'bootstrap resamples')
    .option('--seed <s>', 'bootstrap seed')
    .option('--first-model <rule>', 'promote | reject | a condition on n')
    .option('--execution-provider <p>', `auto | cpu | cuda | webgpu (default ${EVALUATE_DEFAULTS.executionProvider})`)
    .option('--batch-size <n>', `items per inference batch (default ${EVALUATE_DEFAULTS.batchSize})`)
    .option('--promote <bool>', 'false: evaluate and record only (default true)')
    .option(
      '--deploy-workflow <file>',
      'a workflow to dispatch after a promotion (needs --github-token or GITHUB_TOKEN, and GITHUB_REPOSITORY)',
    )
    .option('--deploy-ref <ref>', 'the ref the deploy workflow runs on (default GITHUB_REF_NAME when set, else main)')
    .option('--github-token <token>', 'token for the dispatch (or GITHUB_TOKEN)')
    .option('--cache-dir <dir>', `where models and test sets are kept (default ${EVALUATE_DEFAULTS.cacheDir})`)
    .option('--json', 'print the outputs as JSON')
    .action(async (options: Record<string, unknown>) => {
      if (options.githubToken === undefined && context.env.GITHUB_TOKEN) options.githubToken = context.env.GITHUB_TOKEN;
      const inputs = await readEvaluateInputs(optionReader(options), flag, process.cwd());
      for (const warning of inputs.warnings) context.logger.warning(warning);
      const result = await evaluateAndPromote(
        { ...inputs.options, holder: localHolder() },
        {
          http: createMlflowHttp(clientOptionsFromEnvironment(context.env)),
          logger: context.logger,
          dispatchDeploy: deployWorkflowDispatcher(inputs.deploy, {
            repository: context.env.GITHUB_REPOSITORY,
            runRef: context.env.GITHUB_REF_NAME,
            apiUrl: context.env.GITHUB_API_URL,
          }),
        },
      );
      if (options.json) context.stdout(`${JSON.stringify(evaluateOutputs(result), null, 2)}\n`);
      else context.stdout(`${outcomeLine(result)}\n`);
      if (!result.promoted && !result.alreadyChampion) context.setExitCode(EXIT_NOT_PROMOTED);
    });
}
