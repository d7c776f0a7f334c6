export {
  COMMAND_TIMEOUT_MINUTES,
  commandDispatcher,
  localDispatcher,
  type CommandDispatcherOptions,
  type DispatchRequest,
  type Dispatcher,
} from './dispatcher.js';
export {
  dispatchedTag,
  dispatchReadyVersions,
  dispatchRecord,
  eventName,
  type DispatchRecord,
  type Dispatched,
  type PollOptions,
  type ReadyEvent,
} from './poll.js';
export {
  DISPATCH_DEFAULTS,
  DISPATCH_INPUTS,
  DISPATCH_INPUT_SPECS,
  DISPATCH_OUTPUTS,
  dispatchOutputs,
  parseEvent,
  readGithubTarget,
  readPollInputs,
  RELAY_DEFAULTS,
  readDispatchInputs,
  type DispatchInputs,
} from './inputs.js';
export {
  deployWorkflowDispatcher,
  githubDispatcher,
  githubFailure,
  runReviews,
  type DeployTarget,
  type GithubDispatcherOptions,
  type RunReview,
} from './github.js';
