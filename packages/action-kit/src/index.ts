// The Actions runtime, and nothing else: inputs, outputs, the job summary, the log, masking, the cache and the
// failure boundary of an action. Everything that is not about the runner lives in the other packages.
export { actionInputReader } from './action-inputs.js';
export { actionsLogger } from './logger.js';
export { cancellationSignal } from './cancellation.js';
export { actionsFileCache, type ActionsFileCache } from './file-cache.js';
export { failStep, runAction } from './run-action.js';
export { maskEnvironmentSecrets, maskSecrets } from './secrets.js';
export { appendJobSummary, setOutputs } from './summary.js';
