import { githubRunContext } from '@mlops-actions/common';
import { loadDataset } from '@mlops-actions/evaluation/datasets';
import { clientOptionsFromEnvironment, createMlflowHttp } from '@mlops-actions/mlflow';
import { DEPLOY_INPUT_SPECS, DEPLOY_INPUTS, deployModel, deployOutputs, readDeployInputs, serveSpace } from '@mlops-actions/space';
import { Command } from 'commander';
import type { CliContext } from '../context.js';
import { commandDescription, commandListing } from './listings.js';
import { addInputFlags, flag, optionReader } from '../options.js';

/** `mlops deploy-hf`: the deploy-hf action on this machine, with the action's inputs as flags. */
export function deployHfCommand(context: CliContext): Command {
  return addInputFlags(new Command('deploy-hf').description(commandDescription('deploy-hf')), DEPLOY_INPUT_SPECS, {
    help: { 'hf-token': 'a token with write access to the Space (or HF_TOKEN)' },
  })
    .option('--json', 'print the outputs as JSON')
    .action(async (options: Record<string, unknown>) => {
      const deploy = readDeployInputs(optionReader(options), flag, {
        cwd: process.cwd(),
        hfToken: context.env.HF_TOKEN,
        github: githubRunContext(context.env),
      });
      const result = await deployModel(deploy, {
        http: createMlflowHttp({ ...clientOptionsFromEnvironment(context.env), logger: context.logger }),
        logger: context.logger,
        loadExamples: (spec) =>
          loadDataset(spec, {
            cacheDir: deploy.cacheDir,
            logger: context.logger,
            input: DEPLOY_INPUTS.examplesDataset,
            labelColumn: deploy.examplesLabelColumn,
          }),
      });
      if (options.json) context.stdout(`${JSON.stringify(deployOutputs(result), null, 2)}\n`);
      else
        context.stdout(
          `${result.dryRun ? 'would deploy' : 'deployed'} v${result.version} to ${result.spaceUrl}: ${result.changedFiles.length} files changed, ${result.deletedFiles.length} deleted${result.commitSha ? ` (commit ${result.commitSha})` : ''}\n`,
        );
    });
}

/** `mlops serve-space <dir>`: serves a Space folder locally, until SIGINT or SIGTERM. */
export function serveSpaceCommand(context: CliContext): Command {
  return new Command('serve-space')
    .description(commandDescription('serve-space'))
    .argument(commandListing('serve-space').arguments!, 'the folder')
    .option('--port <port>', 'port (0 picks a free one)', '7860')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .action(async (dir: string, options: Record<string, unknown>) => {
      const reader = optionReader(options);
      const stopped = context.untilStopped();
      const server = await serveSpace(dir, {
        host: reader.requiredString('host'),
        port: reader.number('port', 7860, { integer: true, min: 0, max: 65_535 }),
      });
      context.stdout(`serving ${dir} on ${server.url}\n`);
      await stopped;
      await server.close();
    });
}
