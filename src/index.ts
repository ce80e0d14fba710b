// Public API of datavet: re-exports only. Every subpath entry (`datavet/serving`, `datavet/stats`, ...),
// then what only the root exports.

// Finding (validation's and monitoring's) and AnyMessage (metadata's and tfmd's) come from two entries each;
// explicit exports win over `export *`: the root takes validation's Finding (below) and metadata's AnyMessage.
export type { Finding } from './anomalies/index.js';
export {
  CheckAccumulator,
  type CheckDefinition,
  CheckError,
  type CheckPlan,
  type CheckResult,
  type CheckSet,
  checkPlan,
  columnTypesFromSchema,
  evaluateChecks,
  loadChecks,
  parseChecks,
  withCheckAnomalies,
} from './checks/index.js';
export {
  type CompiledStatement,
  computeStatisticsInEngine,
  DIALECTS,
  type Dialect,
  EngineError,
  type EnginePartialState,
  type EngineProvenance,
  type EngineSource,
  type EngineStatistics,
  type EngineStatisticsRequest,
  LIVE_ENGINES,
  maskConnectionUrl,
} from './engines/index.js';
export * from './io.js';
export type { AnyMessage } from './metadata/types.js';
export * from './metadata.js';
export * from './monitoring/index.js';
export {
  type HistorySeries,
  type HistorySpan,
  listMonitoredSplits,
  type MetricHistory,
  type MetricHistoryQuery,
  readMetricHistory,
} from './pipeline/metric-history.js';
export type { SpanSelector } from './pipeline/monitoring-config.js';
export { computeStatisticsAndChecks, type StatisticsAndChecks } from './pipeline/parallel-statistics.js';
export { computeShardStatistics, parseShard, type Shard } from './pipeline/shard-statistics.js';
export { dateSpanNumber, resolveSplitSpan, type SplitSpan } from './pipeline/span-inputs.js';
export { type CompleteSpan, listCompleteSpans } from './pipeline/span-store.js';
export { timelineInput } from './pipeline/timeline-input.js';
export * from './pipeline.js';
export { renderTimelineReport, type TimelineInput } from './report/timeline-report.js';
export * from './report.js';
export * from './schema.js';
export * from './serving.js';
export {
  type DatasetAggregates,
  type FeatureAggregates,
  type NumericAggregates,
  type StringAggregates,
  statisticsFromAggregates,
} from './stats/aggregates.js';
export type { ExampleBatch, GeneratedStatistics, StatisticsGenerator } from './stats/statistics-generator.js';
export * from './stats.js';
export { TOP_VALUES_COUNT_ERROR } from './tfmd/custom-stat-names.js';
export { deserializeAnyMessage, int64JsonReplacer, readMessageText } from './tfmd/index.js';
export type * from './tfmd/types.js';
export * from './tfmd.js';
export * from './validation.js';
