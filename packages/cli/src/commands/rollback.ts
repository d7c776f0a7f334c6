import { terminalText } from '@mlops-actions/common';
import { deployWorkflowDispatcher } from '@mlops-actions/dispatch';
import { createMlflowHttp } from '@mlops-actions/mlflow';
import {
  dispatchAfterMove,
  evaluationNotice,
  moveContext,
  PROMOTE_INPUT_SPECS,
  promoteEvaluated,
  readPromoteInputs,
  readRollbackInputs,
  ROLLBACK_INPUT_SPECS,
  rollbackChampion,
  rollbackNotice,
  type DeployInputs,
} from '@mlops-actions/promotion';
import { Command } from 'commander';
import type { CliContext } from '../context.js';
import { commandDescription } from './listings.js';
import { addInputFlags, flag, optionReader } from '../options.js';
import { EXIT_NOT_PROMOTED, sayNotice } from './evaluate-promote.js';

const DEPLOY_HELP = {
  'deploy-workflow': 'a workflow to dispatch after the move, with inputs model-name and version (needs GITHUB_TOKEN and GITHUB_REPOSITORY)',
  'deploy-ref': 'the ref the deploy workflow runs on (default GITHUB_REF_NAME when set, else main)',
} as const;

/** The deploy dispatch after a move, as the action makes it; the token comes from GITHUB_TOKEN (a flag shows in `ps`). */
function deployDispatch(context: CliContext, deploy: DeployInputs) {
  return deployWorkflowDispatcher(deploy, {
    repository: context.env.GITHUB_REPOSITORY,
    runRef: context.env.GITHUB_REF_NAME,
    apiUrl: context.env.GITHUB_API_URL,
  });
}

/** `mlops rollback`: the champion alias back to the previous champion (or a named version), entered in the ledger. */
export function rollbackCommand(context: CliContext): Command {
  return addInputFlags(new Command('rollback').description(commandDescription('rollback')), ROLLBACK_INPUT_SPECS, {
    omit: ['force', 'github-token'],
    help: DEPLOY_HELP,
  })
    .option('--force', ROLLBACK_INPUT_SPECS.force.description.replace(' (true)', ''))
    .option('--json', 'print the outcome as JSON')
    .action(async (options: Record<string, unknown>) => {
      const inputs = readRollbackInputs(
        optionReader({ ...options, force: options.force === true ? 'true' : undefined, githubToken: context.env.GITHUB_TOKEN }),
        (name) => (name === 'github-token' ? 'GITHUB_TOKEN' : flag(name)),
      );
      const where = moveContext(context.env);
      const outcome = await rollbackChampion(
        createMlflowHttp({ ...where.mlflow, logger: context.logger }),
        { ...inputs, actor: where.actor, runUrl: where.runUrl, lock: { holder: where.holder, logger: context.logger } },
        context.logger,
      );
      sayNotice(context, rollbackNotice({ ...inputs, ...outcome }));
      const moved = `rolled back @${inputs.alias} of ${inputs.modelName}: v${outcome.from} → v${outcome.to}`;
      const deployed = await dispatchAfterMove(deployDispatch(context, inputs.deploy), inputs.modelName, outcome.to, moved);
      if (options.json) context.stdout(`${JSON.stringify({ ...outcome, deployed }, null, 2)}\n`);
      else context.stdout(terminalText(`${moved}${outcome.forced ? ' (forced)' : ''}${deployed ? `; ${deployed}` : ''}`) + '\n');
    });
}

/** `mlops promote`: the approval workflow's second job — promote exactly the pair an evaluation compared. */
export function promoteCommand(context: CliContext): Command {
  return addInputFlags(
    new Command('promote').description(commandDescription('promote')),
    PROMOTE_INPUT_SPECS,
    // Off GitHub the person running it approves: there is no environment review to read.
    { omit: ['github-token', 'environment'], help: DEPLOY_HELP },
  )
    .option('--json', 'print the outcome as JSON')
    .action(async (options: Record<string, unknown>) => {
      const inputs = readPromoteInputs(optionReader({ ...options, githubToken: context.env.GITHUB_TOKEN }), (name) =>
        name === 'github-token' ? 'GITHUB_TOKEN' : flag(name),
      );
      const where = moveContext(context.env);
      const outcome = await promoteEvaluated(
        createMlflowHttp({ ...where.mlflow, logger: context.logger }),
        {
          modelName: inputs.modelName,
          evaluationRunId: inputs.evaluationRunId,
          actor: where.actor,
          runUrl: where.runUrl,
          lock: { holder: where.holder, logger: context.logger },
        },
        context.logger,
      );
      sayNotice(context, outcome.promoted && evaluationNotice({ ...outcome, modelName: inputs.modelName, passed: true, dryRun: false }));
      const deployed = outcome.promoted
        ? await dispatchAfterMove(
            deployDispatch(context, inputs.deploy),
            inputs.modelName,
            outcome.challengerVersion,
            `promoted v${outcome.challengerVersion}`,
          )
        : undefined;
      if (options.json) {
        const { gate, ...rest } = outcome;
        context.stdout(`${JSON.stringify({ ...rest, passed: gate.passed, deployed }, null, 2)}\n`);
      } else {
        const said = outcome.promoted
          ? `promoted v${outcome.challengerVersion}: ${outcome.reason}`
          : outcome.alreadyChampion
            ? outcome.reason
            : `not promoted: ${outcome.reason}`;
        context.stdout(`${terminalText(deployed ? `${said}; ${deployed}` : said)}\n`);
      }
      if (!outcome.promoted && !outcome.alreadyChampion) context.setExitCode(EXIT_NOT_PROMOTED);
    });
}
