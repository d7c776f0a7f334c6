import { ConfigurationError, type InputReader, type InputSpec } from '@mlops-actions/common';
import { aliasNameProblem } from '@mlops-actions/mlflow';
import type { Dispatched, PollOptions, ReadyEvent } from './poll.js';

/** The dispatch-on-registration action's inputs, which are also `mlops dispatch-on-registration`'s flags. */
export const DISPATCH_INPUTS = {
  modelName: 'model-name',
  modelPattern: 'model-pattern',
  event: 'event',
  workflow: 'workflow',
  ref: 'ref',
  eventType: 'event-type',
  maxDispatches: 'max-dispatches',
  githubToken: 'github-token',
} as const;

/** The action's inputs, which are also the CLI's flags: action.yml states the same (a test compares them). */
export const DISPATCH_INPUT_SPECS = {
  'model-name': { description: 'The registered model to watch (this or model-pattern).', placeholder: '<name>' },
  'model-pattern': {
    description: "Watch every registered model whose name matches this MLflow LIKE pattern, e.g. 'vision-%'.",
    placeholder: '<pattern>',
  },
  event: {
    description:
      "What makes a version ready: 'created' (a new version) or 'alias:<name>' (a version receiving that alias, e.g. alias:challenger).",
    default: 'created',
    placeholder: '<event>',
  },
  workflow: {
    description: 'The evaluation workflow file to start with workflow_dispatch (inputs model-name and version); this or event-type.',
    placeholder: '<file>',
  },
  ref: { description: 'The ref the workflow runs on. Default: the ref of this run.', placeholder: '<ref>' },
  'event-type': {
    description: 'Send a repository_dispatch of this type instead (client payload: model-name, version, event).',
    placeholder: '<type>',
  },
  'max-dispatches': {
    description: 'The most versions dispatched in one run; the rest wait for the next.',
    default: '10',
    placeholder: '<n>',
  },
  'github-token': {
    description: 'Token for the dispatch (needs actions: write for workflow_dispatch, contents: write for repository_dispatch).',
    default: '${{ github.token }}',
    secret: true,
  },
} as const satisfies Record<(typeof DISPATCH_INPUTS)[keyof typeof DISPATCH_INPUTS], InputSpec>;

export const DISPATCH_OUTPUTS = { dispatched: 'dispatched' } as const;
export const DISPATCH_DEFAULTS = { event: 'created', maxDispatches: 10, ref: 'main' } as const;

/** The relay's defaults, for `startRelay` and `mlops relay` alike. */
export const RELAY_DEFAULTS = {
  host: '127.0.0.1',
  port: 8080,
  data: '.mlops/relay',
  /** The alias the train action sets last, once the version is READY and tagged. */
  events: 'alias:challenger',
  maxBodyBytes: 256 * 1024,
  maxConnections: 256,
  /** One dispatch at a time: versions go out in the order they arrived. */
  concurrency: 1,
} as const;

export interface DispatchInputs {
  poll: Omit<PollOptions, 'holder'>;
  target: { workflow: string | undefined; eventType: string | undefined; ref: string | undefined; token: string };
}

/** `created` or `alias:<name>`, checked. */
export function parseEvent(text: string, describe: (name: string) => string): ReadyEvent {
  if (text === 'created') return { kind: 'created' };
  const alias = /^alias:([\w-]+)$/.exec(text)?.[1];
  const problem = alias === undefined ? undefined : aliasNameProblem(alias);
  if (problem) throw new ConfigurationError(`${describe(DISPATCH_INPUTS.event)}: ${problem}`, { subject: DISPATCH_INPUTS.event });
  if (alias) return { kind: 'alias', alias };
  throw new ConfigurationError(
    `${describe(DISPATCH_INPUTS.event)} must be 'created' or 'alias:<name>' (e.g. alias:challenger), got '${text}'`,
    {
      subject: DISPATCH_INPUTS.event,
    },
  );
}

/** Which versions to dispatch: the model (or pattern), the event and the bound per run. */
export function readPollInputs(reader: InputReader, describe: (name: string) => string): DispatchInputs['poll'] {
  const modelName = reader.optionalString(DISPATCH_INPUTS.modelName);
  const modelPattern = reader.optionalString(DISPATCH_INPUTS.modelPattern);
  if ((modelName === undefined) === (modelPattern === undefined))
    throw new ConfigurationError(
      `give ${describe(DISPATCH_INPUTS.modelName)} or ${describe(DISPATCH_INPUTS.modelPattern)} (one of the two)`,
      {
        subject: DISPATCH_INPUTS.modelName,
      },
    );
  return {
    modelName,
    modelPattern,
    event: parseEvent(reader.optionalString(DISPATCH_INPUTS.event) ?? DISPATCH_DEFAULTS.event, describe),
    maxDispatches: reader.number(DISPATCH_INPUTS.maxDispatches, DISPATCH_DEFAULTS.maxDispatches, { integer: true, min: 1, max: 1000 }),
  };
}

/** Where to dispatch on GitHub: a workflow (workflow_dispatch) or an event type (repository_dispatch), and the token. */
export function readGithubTarget(reader: InputReader, describe: (name: string) => string, githubToken?: string): DispatchInputs['target'] {
  const workflow = reader.optionalString(DISPATCH_INPUTS.workflow);
  const eventType = reader.optionalString(DISPATCH_INPUTS.eventType);
  if ((workflow === undefined) === (eventType === undefined))
    throw new ConfigurationError(
      `give ${describe(DISPATCH_INPUTS.workflow)} (workflow_dispatch) or ${describe(DISPATCH_INPUTS.eventType)} (repository_dispatch), one of the two`,
      { subject: DISPATCH_INPUTS.workflow },
    );
  const token = reader.optionalString(DISPATCH_INPUTS.githubToken) ?? githubToken;
  if (!token)
    throw new ConfigurationError(`${describe(DISPATCH_INPUTS.githubToken)} is required (e.g. \${{ github.token }} with actions: write)`, {
      subject: DISPATCH_INPUTS.githubToken,
    });
  return { workflow, eventType, ref: reader.optionalString(DISPATCH_INPUTS.ref), token };
}

/** Reads and checks the inputs; the token comes from the input or GITHUB_TOKEN. */
export function readDispatchInputs(reader: InputReader, describe: (name: string) => string, githubToken?: string): DispatchInputs {
  return { poll: readPollInputs(reader, describe), target: readGithubTarget(reader, describe, githubToken) };
}

/** The outputs of a run, by output name. */
export function dispatchOutputs(dispatched: readonly Dispatched[]): Record<string, string> {
  return {
    [DISPATCH_OUTPUTS.dispatched]: JSON.stringify(dispatched.map((entry) => ({ 'model-name': entry.modelName, version: entry.version }))),
  };
}
