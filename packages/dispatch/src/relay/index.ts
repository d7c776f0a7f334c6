export { classifyDelivery, type Classified, type RelayFilter } from './events.js';
export { RelayQueue, type Arrival, type QueuedEvent, type Stored } from './queue.js';
export { startRelay, type Relay, type RelayOptions } from './relay.js';
export { DEFAULT_TOLERANCE_SECONDS, DELIVERY_HEADERS, verifyDelivery, type Verification } from './signature.js';
