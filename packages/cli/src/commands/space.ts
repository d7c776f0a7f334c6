import { clientOptionsFromEnvironment, createMlflowHttp } from '@mlops-actions/mlflow';
import { DEPLOY_DEFAULTS, deployModel, deployOutputs, readDeployInputs, serveSpace } from '@mlops-actions/space';
import { Command } from 'commander';
import type { CliContext } from '../context.js';
import { flag, optionReader } from '../options.js';

/** `mlops deploy-hf`: the deploy-hf action on this machine, with the action's inputs as flags. */
export function deployHfCommand(context: CliContext): Command {
  return new Command('deploy-hf')
    .description('deploy a registered model version as a static Hugging Face Space (or into a folder) that runs it in the browser')
    .requiredOption('--model-name <name>', 'the registered model')
    .requiredOption('--space <owner/name|folder:path>', 'the Space, or folder:<path> to write the same files locally')
    .option('--alias <alias>', `the alias to deploy (default ${DEPLOY_DEFAULTS.alias})`)
    .option('--version <n>', 'a version number instead of the alias')
    .option('--hf-token <token>', 'a token with write access (or HF_TOKEN)')
    .option('--hub-url <url>', `the Hub (default ${DEPLOY_DEFAULTS.hubUrl})`)
    .option('--title <title>', "the page's title (default: '<model> v<version>')")
    .option('--description <text>', "the page's description (default: the version's description)")
    .option('--create-space <bool>', 'create the Space when missing (default true)')
    .option('--private <bool>', 'create it private (default false)')
    .option('--app-dir <dir>', 'a custom app folder instead of the built-in one')
    .option('--dry-run <bool>', 'render and compare, publish nothing (default false)')
    .option('--cache-dir <dir>', `where downloaded models are kept (default ${DEPLOY_DEFAULTS.cacheDir})`)
    .option('--json', 'print the outputs as JSON')
    .action(async (options: Record<string, unknown>) => {
      const deploy = readDeployInputs(optionReader(options), flag, process.cwd(), context.env.HF_TOKEN);
      const result = await deployModel(deploy, {
        http: createMlflowHttp(clientOptionsFromEnvironment(context.env)),
        logger: context.logger,
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
    .description('serve a Space folder (written by deploy-hf --space folder:<dir>) on http://127.0.0.1')
    .argument('<dir>', 'the folder')
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
