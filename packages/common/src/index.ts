export { acquireClaimLock, LockHeldError, type ClaimLock, type ClaimLockOptions, type ClaimStore } from './claim-lock.js';
export {
  ConfigurationError,
  inputError,
  isConfigurationError,
  messageForFlags,
  type ConfigurationErrorOptions,
} from './configuration-error.js';
export { describeInput, secretInputs, type InputSpec, type InputSpecs, type InputStyle } from './input-spec.js';
export { errorMessage, isOperationalError, isSystemError, OperationalError, type OperationalErrorOptions } from './operational-error.js';
export { escapeMarkdown, markdownCode, markdownTable } from './markdown.js';
export { terminalText } from './terminal.js';
export { closeMatches, didYouMean } from './suggest.js';
export { likeMatches } from './like.js';
export { importExternal } from './external.js';
export { consoleLogger, silentLogger, type ConsoleLoggerOptions, type Logger } from './logger.js';
export {
  createInputReader,
  type InputGetter,
  type InputReader,
  type InputReaderOptions,
  type MapValue,
  type NumberOptions,
} from './inputs.js';
export { VERSION_TAGS } from './version-tags.js';
export { createMaskingStream, secretValues, WITHHELD_VARIABLES, withoutWithheldCredentials } from './secrets.js';
export { isPlainRelativePath, realPathInside, resolveInside } from './paths.js';
export { signalGroup, terminateGroup } from './process-group.js';
export { githubRunContext, localActor, localHolder, type GithubRunContext } from './github-run.js';
export { addressedHere, isLoopback } from './hosts.js';
export {
  hostOf,
  networkFailure,
  retryLine,
  unreachableError,
  type NetworkFailure,
  type RetryStep,
  type UnreachableOptions,
} from './network.js';
export {
  progressLines,
  progressTerminal,
  startProgress,
  type Progress,
  type ProgressLineTiming,
  type ProgressOptions,
} from './progress.js';
