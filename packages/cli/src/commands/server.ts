import { resolve } from 'node:path';
import { ConfigurationError, createInputReader, isLoopback } from '@mlops-actions/common';
import { Command } from 'commander';
import type { CliContext } from '../context.js';
import { commandDescription } from './listings.js';
import { readSecretFile } from '../options.js';

/** `mlops server`: the embedded MLflow-compatible server, until SIGINT or SIGTERM. */
export function serverCommand(context: CliContext): Command {
  return new Command('server')
    .description(commandDescription('server'))
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--port <port>', 'port (0 picks a free one)', '5000')
    .option('--data <dir>', 'where the database and artifacts live', '.mlops')
    .option('--basic-auth-file <path>', 'require HTTP basic auth with the user:password in this file (or set MLOPS_SERVER_BASIC_AUTH)')
    .action(async (options: Record<string, string | undefined>) => {
      const inputs = createInputReader({
        get: (name) => options[name === 'basic-auth-file' ? 'basicAuthFile' : name] ?? '',
        describe: (name) => `--${name}`,
      });
      const port = inputs.number('port', 5000, { integer: true, min: 0, max: 65_535 });
      // The credentials come from the environment or a file, never a flag: flags show in `ps` to every user.
      const file = inputs.optionalString('basic-auth-file');
      const basicAuth = file === undefined ? context.env.MLOPS_SERVER_BASIC_AUTH : readSecretFile(file, '--basic-auth-file');
      if (basicAuth !== undefined && !/^[^:]+:.+$/.test(basicAuth))
        throw new ConfigurationError(
          `${file === undefined ? 'MLOPS_SERVER_BASIC_AUTH' : `--basic-auth-file ${file}`} must hold user:password, such as admin:s3cret`,
        );
      const dataDir = resolve(inputs.requiredString('data'));
      // Listen for SIGINT/SIGTERM before announcing the URL, so an early stop is never missed.
      const stopped = context.untilStopped();
      const { startMlflowServer } = await import('@mlops-actions/mlflow-server');
      const { registerUiRoutes } = await import('@mlops-actions/ui');
      const server = await startMlflowServer({
        dataDir,
        host: inputs.requiredString('host'),
        port,
        basicAuth,
        log: (line) => context.logger.warning(line),
        page: (app) => registerUiRoutes(app),
      });
      context.stdout(
        `MLflow-compatible server listening on ${server.url} (data in ${dataDir})\nPoint MLflow clients at it: export MLFLOW_TRACKING_URI=${server.url}\n` +
          `Runs, models and the ledger, read-only, in a browser: ${server.url}/\n`,
      );
      const host = inputs.requiredString('host');
      if (!basicAuth && !isLoopback(host))
        context.logger.warning(
          `listening on ${host} without basic auth: anyone who can reach port ${new URL(server.url).port} can read, change and delete ` +
            'every run, model and artifact here. Set MLOPS_SERVER_BASIC_AUTH=user:password, or listen on 127.0.0.1.',
        );
      await stopped;
      context.logger.info('stopping the server');
      await server.close();
    });
}
