export { localDispatcher, type DispatchRequest, type Dispatcher } from './dispatcher.js';
export { dispatchedTag, dispatchReadyVersions, type Dispatched, type PollOptions, type ReadyEvent } from './poll.js';
export {
  DISPATCH_DEFAULTS,
  DISPATCH_INPUTS,
  DISPATCH_OUTPUTS,
  dispatchOutputs,
  readDispatchInputs,
  type DispatchInputs,
} from './inputs.js';
