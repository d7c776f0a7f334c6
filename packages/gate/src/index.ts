export {
  formatClause,
  formatCondition,
  formatExpression,
  metricName,
  TOP1_ACCURACY,
  type Clause,
  type Condition,
  type LatencyQuantile,
  type Metric,
  type SliceKind,
  type SourcePosition,
  type Variable,
} from './condition.js';
export { noGroupsError, type GateEvidence, type ModelEvidence } from './evidence.js';
export type { GateMetrics, ModelPair } from './metrics.js';
export {
  parseFirstModelRule,
  parseGateConfig,
  readSettingOverrides,
  resolveSettings,
  SETTING_INPUT_SPECS,
  SETTING_NAMES,
  type GateConfig,
  type SettingsOverrides,
} from './config.js';
export { conditionLatencyBatches } from './latency.js';
export { loadGate, type LoadedGate, type LoadGateOptions } from './load.js';
export { pairedExact, pairedPValue, proportionExact, scoreStatistic, type PairedExact } from './exact.js';
export { countPairs, createPairCounter, estimates, type PairCounter, type PairedCounts } from './counts.js';
export {
  evaluateGate,
  formatNumber,
  formatPercent,
  formatReliability,
  kleeneAnd,
  type ClauseMethod,
  type ClauseResult,
  type ClauseSlice,
  type GateInput,
  type GateResult,
  type SliceRow,
  type SliceTable,
  type TruthValue,
} from './evaluate.js';
export { parseCondition, type ParseOptions } from './parser.js';
export {
  metricRowCells,
  renderGateMarkdown,
  renderGateText,
  sliceRowCells,
  valueWord,
  type MetricRowCells,
  type SliceRowCells,
} from './report.js';
export {
  bennettItems,
  hoeffdingItems,
  requiredItems,
  sliceCountsOf,
  supportedReliability,
  type ClauseRequirement,
  type Requirement,
  type SliceCounts,
} from './sample-size.js';
export {
  ADAPTIVITY_NAMES,
  DEFAULT_SETTINGS,
  INTERVAL_METHODS,
  MODES,
  type Adaptivity,
  type FirstModelRule,
  type GateSettings,
  type IntervalMethod,
  type Mode,
} from './settings.js';
export { mcnemarExact, wilsonInterval, type McNemarResult } from './significance.js';
export { ConditionSyntaxError } from './syntax-error.js';
