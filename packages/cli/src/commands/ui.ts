import { ConfigurationError, isLoopback } from '@mlops-actions/common';
import { clientOptionsFromEnvironment, createMlflowHttp, redactUrl } from '@mlops-actions/mlflow';
import { Command } from 'commander';
import type { CliContext } from '../context.js';
import { commandDescription } from './listings.js';
import { optionReader } from '../options.js';

/** `mlops ui`: the read-only page over any MLflow server, forwarding only its reads with this environment's credentials. */
export function uiCommand(context: CliContext): Command {
  return new Command('ui')
    .description(commandDescription('ui'))
    .option('--tracking-uri <uri>', 'the MLflow server (default: MLFLOW_TRACKING_URI)')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--port <port>', 'port (0 picks a free one)', '5001')
    .action(async (options: Record<string, unknown>) => {
      const reader = optionReader(options);
      const port = reader.number('port', 5001, { integer: true, min: 0, max: 65_535 });
      const host = reader.requiredString('host');
      const trackingUri = reader.optionalString('tracking-uri') ?? context.env.MLFLOW_TRACKING_URI?.trim();
      if (!trackingUri)
        throw new ConfigurationError(
          'give the MLflow server to read: --tracking-uri https://mlflow.example.com, or set MLFLOW_TRACKING_URI',
          {
            subject: 'tracking-uri',
          },
        );
      const clientOptions = clientOptionsFromEnvironment({ ...context.env, MLFLOW_TRACKING_URI: trackingUri });
      // A page waits on each answer: a couple of retries, not the five with backoff a pipeline step can afford.
      const http = createMlflowHttp({ retry: { maxRetries: 2 }, ...clientOptions });
      const shownUri = redactUrl(http.trackingUri).replace(/\/$/, '');
      const stopped = context.untilStopped();
      const { startUiServer } = await import('@mlops-actions/ui');
      const server = await startUiServer({ http, host, port, log: (line) => context.logger.warning(line) });
      const credentials =
        clientOptions.auth?.kind === 'basic'
          ? `as ${clientOptions.auth.username} (MLFLOW_TRACKING_USERNAME)`
          : clientOptions.auth?.kind === 'bearer'
            ? 'with MLFLOW_TRACKING_TOKEN'
            : 'without credentials';
      context.stdout(`Reading ${shownUri} ${credentials}, read-only: only the page's own reads are forwarded.\nOpen ${server.url}/\n`);
      if (!isLoopback(host))
        context.logger.warning(
          `listening on ${host}: anyone who can reach port ${new URL(server.url).port} reads every run, model and ledger entry of ` +
            `${shownUri} ${clientOptions.auth ? 'with the credentials of this environment' : 'through this machine'}. ` +
            'Listen on 127.0.0.1 unless that is what you want.',
        );
      await stopped;
      context.logger.info('stopping the page');
      await server.close();
    });
}
