// The training package's pieces, for its tests and benchmarks; other packages use the index.
export { renderMetricChart, type MetricSeries } from './chart.js';
export { renderMetricCurvesMarkdown } from './text-chart.js';
export { DEFAULT_SHELL, runCommand, TIMEOUT_EXIT_CODE, type CommandOptions, type CommandOutcome, type CommandResult } from './command.js';
export { describeGpus, execProgram, parseNvidiaSmi, queryGpus, type Exec, type GpuSample } from './gpu.js';
export { lineageTags } from './lineage.js';
export { createMetricSender, type MetricSender } from './metric-sender.js';
export { startMetricsForwarder, type ForwardReport, type MetricsForwarder, type MetricsForwarderOptions } from './metrics-file.js';
export { normalizeParams, paramVariableName, paramVariables } from './params.js';
export { renderTrainSummary, type TrainSummary } from './summary.js';
export { startSystemMetrics, type SystemMetrics, type SystemMetricsOptions } from './system-metrics.js';
