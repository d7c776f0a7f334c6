import { hostname } from 'node:os';
import { resolve } from 'node:path';
import { githubDispatcher } from '@mlops-actions/dispatch';
import { ConfigurationError, localHolder, WITHHELD_VARIABLES, withoutWithheldCredentials } from '@mlops-actions/common';
import {
  COMMAND_TIMEOUT_MINUTES,
  commandDispatcher,
  DISPATCH_DEFAULTS,
  DISPATCH_INPUT_SPECS,
  DISPATCH_INPUTS,
  dispatchOutputs,
  dispatchReadyVersions,
  dispatchRecord,
  parseEvent,
  readGithubTarget,
  readPollInputs,
  RELAY_DEFAULTS,
  type Dispatcher,
} from '@mlops-actions/dispatch';
import { clientOptionsFromEnvironment, createMlflowHttp, redactUrl } from '@mlops-actions/mlflow';
import { Command, Option } from 'commander';
import type { CliContext } from '../context.js';
import { commandDescription } from './listings.js';
import { addInputFlags, flag, optionReader, readSecretFile } from '../options.js';

/** The GitHub dispatcher (`--github-repo` with `--workflow` or `--event-type`), or a local command (`--run`). */
function dispatcherFromOptions(options: Record<string, unknown>, context: CliContext): Dispatcher {
  const command = typeof options.run === 'string' && options.run !== '' ? options.run : undefined;
  if (command) {
    if (options.workflow !== undefined || options.eventType !== undefined || options.githubRepo !== undefined)
      throw new ConfigurationError('give --run (a local command) or --github-repo with --workflow/--event-type, not both');
    const reader = optionReader(options);
    const timeout = reader.number('run-timeout', COMMAND_TIMEOUT_MINUTES, { min: 0.01, max: 7 * 24 * 60 });
    const keep = reader.list('run-env');
    const unknown = keep.filter((name) => !(WITHHELD_VARIABLES as readonly string[]).includes(name));
    if (unknown.length > 0)
      throw new ConfigurationError(
        `--run-env: ${unknown.join(', ')} not withheld in the first place; name only these: ${WITHHELD_VARIABLES.join(', ')}`,
      );
    // The command gets MLflow's variables, not the webhook secret or the GitHub token, unless --run-env names them.
    return commandDispatcher(command, {
      env: withoutWithheldCredentials(context.env, keep),
      output: (line) => context.stderr(`${line}\n`),
      timeoutMs: timeout * 60_000,
    });
  }
  for (const [option, flagName] of [
    [options.runTimeout, '--run-timeout'],
    [options.runEnv, '--run-env'],
  ] as const)
    if (option !== undefined) throw new ConfigurationError(`${flagName} applies to a local --run command only`);
  const repository = (options.githubRepo as string | undefined) ?? context.env.GITHUB_REPOSITORY;
  if (!repository || !/^[\w.-]+\/[\w.-]+$/.test(repository))
    throw new ConfigurationError(
      repository
        ? `--github-repo must be owner/repo, got '${repository}'`
        : 'give --github-repo owner/repo (or set GITHUB_REPOSITORY), or --run <command> to dispatch on this machine',
    );
  // Tokens come from the environment or a file: a flag would show in `ps` to every user of the machine.
  const tokenFile = typeof options.githubTokenFile === 'string' ? options.githubTokenFile : undefined;
  const token = tokenFile ? readSecretFile(tokenFile, '--github-token-file') : context.env.GITHUB_TOKEN;
  if (!token)
    throw new ConfigurationError('set GITHUB_TOKEN (Actions: read and write on the repository), or give --github-token-file <path>', {
      subject: 'GITHUB_TOKEN',
    });
  const target = readGithubTarget(optionReader(options), flag, token);
  return githubDispatcher({
    token: target.token,
    repository,
    workflow: target.workflow,
    eventType: target.eventType,
    ref: target.ref ?? DISPATCH_DEFAULTS.ref,
    apiUrl: context.env.GITHUB_API_URL,
    env: context.env,
  });
}

/** Adds options to a command; with `envPrefix`, each also reads `<envPrefix><FLAG>` (a flag given wins). */
function addOptions(command: Command, options: readonly [flags: string, description: string][], envPrefix?: string): Command {
  for (const [flags, description] of options) {
    const option = new Option(flags, description);
    if (envPrefix) option.env(`${envPrefix}${option.long!.slice(2).toUpperCase().replace(/-/g, '_')}`);
    command.addOption(option);
  }
  return command;
}

/** The inputs of dispatch-on-registration that say where on GitHub to dispatch, as TARGET_OPTIONS give them. */
const GITHUB_TARGET_INPUTS = [DISPATCH_INPUTS.workflow, DISPATCH_INPUTS.eventType, DISPATCH_INPUTS.ref, DISPATCH_INPUTS.githubToken];

const TARGET_OPTIONS: [string, string][] = [
  ['--github-repo <owner/repo>', 'the repository whose workflow evaluates (default GITHUB_REPOSITORY)'],
  ['--workflow <file>', 'start this workflow with workflow_dispatch (inputs model-name, version)'],
  ['--event-type <type>', 'or send a repository_dispatch of this type (client payload model-name, version, event)'],
  ['--ref <ref>', `the ref the workflow runs on (default ${DISPATCH_DEFAULTS.ref})`],
  ['--github-token-file <path>', 'a file holding the token for the dispatch (default: the GITHUB_TOKEN variable)'],
  ['--run <command>', 'instead of GitHub: run this shell command per version (MLOPS_MODEL_NAME, MLOPS_MODEL_VERSION, MLOPS_EVENT)'],
  ['--run-timeout <minutes>', `stop a --run command after this long; it counts as a failed dispatch (default ${COMMAND_TIMEOUT_MINUTES})`],
  ['--run-env <names>', 'withheld variables the --run command gets after all, e.g. GITHUB_TOKEN (default: none)'],
];

/** `mlops dispatch-on-registration`: the polling action, once, on this machine. */
export function dispatchOnRegistrationCommand(context: CliContext): Command {
  return addOptions(
    addInputFlags(
      new Command('dispatch-on-registration').description(commandDescription('dispatch-on-registration')),
      DISPATCH_INPUT_SPECS,
      // The GitHub target's flags are the relay's too (below); the token comes from a file or GITHUB_TOKEN.
      { omit: GITHUB_TARGET_INPUTS },
    ),
    TARGET_OPTIONS,
  )
    .option('--json', 'print the outputs as JSON')
    .action(async (options: Record<string, unknown>) => {
      const poll = readPollInputs(optionReader(options), flag);
      const dispatcher = dispatcherFromOptions(options, context);
      const dispatched = await dispatchReadyVersions(
        createMlflowHttp({ ...clientOptionsFromEnvironment(context.env), logger: context.logger }),
        dispatcher,
        { ...poll, holder: localHolder() },
        context.logger,
      );
      if (options.json) context.stdout(`${JSON.stringify(dispatchOutputs(dispatched), null, 2)}\n`);
      else if (dispatched.length === 0) context.stdout('no new model versions to dispatch\n');
      else for (const entry of dispatched) context.stdout(`${entry.modelName} v${entry.version}: ${entry.target}\n`);
    });
}

/** `mlops relay`: receives MLflow webhooks and dispatches evaluations from a durable queue, until SIGINT or SIGTERM. */
export function relayCommand(context: CliContext): Command {
  // Every flag but the token also reads MLOPS_RELAY_<FLAG>: a container is configured through its environment.
  return addOptions(
    new Command('relay').description(commandDescription('relay')),
    [
      ['--host <host>', `address to listen on (default ${RELAY_DEFAULTS.host}; 0.0.0.0 in a container)`],
      ['--port <port>', `port (default ${RELAY_DEFAULTS.port}; 0 picks a free one)`],
      ['--data <dir>', `where the queue lives (default ${RELAY_DEFAULTS.data})`],
      ['--events <events>', `comma-separated: created and/or alias:<name> (default ${RELAY_DEFAULTS.events})`],
      ['--model-pattern <pattern>', "only models matching this MLflow LIKE pattern, e.g. 'vision-%' (default every model)"],
      ['--max-body-bytes <n>', `largest delivery accepted (default ${RELAY_DEFAULTS.maxBodyBytes})`],
      ['--max-connections <n>', `connections held at once; more are closed on arrival (default ${RELAY_DEFAULTS.maxConnections})`],
      ...TARGET_OPTIONS,
    ],
    'MLOPS_RELAY_',
  ).action(async (options: Record<string, unknown>) => {
    const inputs = optionReader(options);
    const secret = context.env.MLFLOW_WEBHOOK_SECRET;
    if (!secret)
      throw new ConfigurationError('set MLFLOW_WEBHOOK_SECRET to the secret given when the MLflow webhook was created', {
        subject: 'MLFLOW_WEBHOOK_SECRET',
      });
    const events = (inputs.optionalString('events') ?? RELAY_DEFAULTS.events)
      .split(',')
      .map((text) => text.trim())
      .filter((text) => text !== '')
      .map((text) => parseEvent(text, () => '--events'));
    if (events.length === 0) throw new ConfigurationError('--events names no event; give created and/or alias:<name>');
    const dispatcher = dispatcherFromOptions(options, context);
    const port = inputs.number('port', RELAY_DEFAULTS.port, { integer: true, min: 0, max: 65_535 });
    const maxBodyBytes = inputs.number('max-body-bytes', RELAY_DEFAULTS.maxBodyBytes, { integer: true, min: 1024, max: 64 * 1024 * 1024 });
    const maxConnections = inputs.number('max-connections', RELAY_DEFAULTS.maxConnections, { integer: true, min: 1, max: 100_000 });
    const dataDir = resolve(inputs.optionalString('data') ?? RELAY_DEFAULTS.data);
    const stopped = context.untilStopped();
    // With MLflow reachable, dispatches are tagged on the versions, so the polling action skips them (and vice versa).
    const mlflow = context.env.MLFLOW_TRACKING_URI ? clientOptionsFromEnvironment(context.env) : undefined;
    const record = mlflow
      ? dispatchRecord(createMlflowHttp({ ...mlflow, logger: context.logger }), `mlops relay on ${hostname()}`)
      : undefined;
    const { startRelay } = await import('@mlops-actions/dispatch/relay');
    const relay = await startRelay({
      secret,
      dispatcher,
      filter: { events, modelPattern: inputs.optionalString(DISPATCH_INPUTS.modelPattern) },
      dataDir,
      host: inputs.optionalString('host') ?? RELAY_DEFAULTS.host,
      port,
      maxBodyBytes,
      maxConnections,
      record,
      logger: context.logger,
    });
    const mlflowEvents = [
      ...new Set(events.map((event) => (event.kind === 'created' ? 'model_version.created' : 'model_version_alias.created'))),
    ];
    context.stdout(
      `relay listening on ${relay.url} (queue in ${dataDir})\nMLflow webhook URL: ${relay.url}/webhook (events: ${mlflowEvents.join(', ')})\n` +
        (mlflow
          ? `dispatches are tagged on the versions in MLflow at ${redactUrl(mlflow.trackingUri)}\n`
          : 'MLFLOW_TRACKING_URI is not set: dispatches are not tagged in MLflow (the polling action would dispatch them again)\n'),
    );
    await stopped;
    context.logger.info('stopping the relay');
    await relay.close();
  });
}
