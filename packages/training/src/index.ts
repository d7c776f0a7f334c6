export { startMetricsForwarder, type ForwardReport, type MetricsForwarder, type MetricsForwarderOptions } from './metrics-file.js';
