export { ConfigurationError, isConfigurationError } from '@mlops-actions/common';
export { actionInputReader } from './action-inputs.js';
export {
  createInputReader,
  type InputGetter,
  type InputReader,
  type InputReaderOptions,
  type MapValue,
  type NumberOptions,
} from '@mlops-actions/common';
export { consoleLogger, silentLogger, type ConsoleLoggerOptions, type Logger } from '@mlops-actions/common';
export { actionsLogger } from './logger.js';
export { cancellationSignal } from './cancellation.js';
export {
  deployWorkflowDispatcher,
  githubDispatcher,
  type DeployTarget,
  type GithubDispatcherOptions,
  type VersionDispatch,
  type WorkflowDispatch,
} from './github.js';
export { actionsFileCache, type ActionsFileCache } from './file-cache.js';
export { failStep, runAction } from './run-action.js';
export { maskEnvironmentSecrets, maskSecrets } from './secrets.js';
export { appendJobSummary, setOutputs } from './summary.js';
