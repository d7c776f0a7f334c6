export { localDispatcher, type DispatchRequest, type Dispatcher } from './dispatcher.js';
export { dispatchedTag, dispatchReadyVersions, type Dispatched, type PollOptions, type ReadyEvent } from './poll.js';
