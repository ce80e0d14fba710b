// Public API of datavet: re-exports only, grouped by concept.
// Errors
export { DatavetError, InputError, isDatavetError, UsageError } from './_util/errors.js';
// Validation: statistics against a schema (TFDV anomalies), and updateSchema.
export {
  type Finding,
  type FindingParam,
  type FindSkewOptions,
  findSkew,
  messages as anomalyMessages,
  SchemaAnomalies,
  type UpdateSchemaOptions,
  updateSchema,
  type ValidateStatisticsOptions,
  type ValidationOptions,
  validateStatistics,
} from './anomalies/index.js';
// Schema evolution: statistics against several schema versions.
export {
  type MultiVersionValidation,
  type ValidateVersionsOptions,
  type VersionedSchema,
  type VersionValidation,
  validateStatisticsAgainstVersions,
} from './anomalies/validate-versions.js';
// Custom checks: row and dataset checks in a small expression language, run in the statistics pass.
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
// Drift and skew beyond TFDV: PSI, KS, Wasserstein, Hellinger, chi-squared, z-test, KL, and compareStatistics.
export {
  type CompareOptions,
  chiSquared,
  chooseMethod,
  comparatorsFromSchema,
  compareStatistics,
  type DistanceResult,
  DRIFT_METHODS,
  type DriftContribution,
  type DriftMethod,
  type DriftResult,
  type FeatureComparison,
  hellinger,
  type JensenShannonOptions,
  jensenShannon,
  kl,
  ks,
  lInfinity,
  normalizedAbsoluteDifference,
  psi,
  type StatisticsComparison,
  wasserstein,
  zTest,
} from './drift/index.js';
// Statistics pushed down to SQL engines (DuckDB, PostgreSQL, ClickHouse; more dialects compiled).
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
// Ingestion: CSV, Parquet, Arrow IPC, JSON Lines and TFRecord as Arrow record batches.
export { detectFormat } from './io/detect-format.js';
export { IoErrorCode } from './io/io-error.js';
export { type Dataset, openDataset, readBatches } from './io/open-dataset.js';
export {
  type ColumnType,
  DEFAULT_BATCH_SIZE,
  type InputFormat,
  type ReadOptions,
  type ReadProgress,
} from './io/read-options.js';
export type { DatasetFile } from './io/resolve-inputs.js';
// Metadata: the ML Metadata store (SQLite, PostgreSQL, MySQL, in memory), filter_query and lineage.
export {
  AbortedError,
  AlreadyExistsError,
  FailedPreconditionError,
  InternalError,
  InvalidArgumentError,
  isMetadataError,
  MetadataError,
  MetadataErrorCode,
  NotFoundError,
  OutOfRangeError,
  UnimplementedError,
} from './metadata/errors.js';
export { parseFilterQuery } from './metadata/filter-query.js';
export type {
  ArtifactAndEvent,
  EventEdge,
  LineageDirection,
  LineageGraphField,
  LineageSubgraphQuery,
  ListOptions,
  ListResult,
  MetadataStore,
  OrderByField,
  PutExecutionOptions,
  PutExecutionResult,
  PutLineageSubgraphResult,
  PutNodesOptions,
  PutTypeOptions,
} from './metadata/metadata-store.js';
export {
  DEFAULT_METADATA_STORE,
  type MetadataStoreConfig,
  openMetadataStore,
} from './metadata/open-metadata-store.js';
export type { SchemaUpgradeReport } from './metadata/schema-migration.js';
export { SCHEMA_VERSION as MLMD_SCHEMA_VERSION } from './metadata/sql-schema.js';
export type {
  AnyMessage,
  Artifact,
  ArtifactBaseType,
  ArtifactState,
  ArtifactType,
  Association,
  Attribution,
  Context,
  ContextType,
  Event,
  EventStep,
  EventType,
  Execution,
  ExecutionBaseType,
  ExecutionState,
  ExecutionType,
  JsonValue,
  LineageGraph,
  MetadataValue,
  ParentContext,
  Properties,
  PropertyType,
} from './metadata/types.js';
export { type MetadataStoreUpgrade, upgradeMetadataStore } from './metadata/upgrade-metadata-store.js';
// Data over time: spans, the metric history and its detectors (docs/monitoring.md).
export * from './monitoring/index.js';
// Pipeline: what `datavet run` does, as calls (also `datavet/pipeline`, docs/pipeline.md).
export type { PipelineEvent } from './pipeline/component.js';
export { loadPipelineConfig } from './pipeline/load-pipeline-config.js';
export {
  type HistorySeries,
  type HistorySpan,
  listMonitoredSplits,
  type MetricHistory,
  type MetricHistoryQuery,
  readMetricHistory,
} from './pipeline/metric-history.js';
export type { SpanSelector } from './pipeline/monitoring-config.js';
// Statistics
export {
  type ComputeStatisticsOptions,
  computeStatistics,
  computeStatisticsAndChecks,
  type StatisticsAndChecks,
  type StatisticsProgress,
} from './pipeline/parallel-statistics.js';
export {
  type ComparatorThresholds,
  type FailOnPolicy,
  type ParseConfigOptions,
  type PipelineConfig,
  parsePipelineConfig,
  type SchemaSource,
  type SplitConfig,
} from './pipeline/pipeline-config.js';
export {
  DEFAULT_PIPELINE_ROOT,
  DEFAULT_REPORT_PATH,
  gateFails,
  type PipelineRunResult,
  type RunPipelineOptions,
  runPipeline,
  type SplitSummary,
} from './pipeline/run-pipeline.js';
// Schema evolution: numbered schema versions with lineage in the metadata store, diffs, compatibility classes.
export {
  getSchemaVersion,
  type LoadedSchemaVersion,
  listSchemaVersions,
  loadSchemaVersion,
  parseSchemaVersionRef,
  type RegisteredSchemaVersion,
  type RegisterSchemaVersionOptions,
  registerSchemaVersion,
  SCHEMA_ARTIFACT_TYPE,
  SCHEMA_VERSIONING_EXECUTION_TYPE,
  type SchemaVersion,
  schemaFingerprint,
} from './pipeline/schema-versions.js';
export { computeShardStatistics, parseShard, type Shard } from './pipeline/shard-statistics.js';
export { dateSpanNumber, resolveSplitSpan, type SplitSpan } from './pipeline/span-inputs.js';
export { type CompleteSpan, listCompleteSpans } from './pipeline/span-store.js';
export { timelineInput } from './pipeline/timeline-input.js';
// Report: HTML and text renderers of statistics, comparisons and anomalies (src/report).
export {
  buildReportModel,
  type FeatureDriftScore,
  type ReportInput,
  type ReportModel,
  renderHtmlReport,
  renderTextSummary,
  type TextSummaryOptions,
} from './report/index.js';
// TFDV's notebook tables as text (display_schema, display_anomalies).
export { displayAnomalies, displaySchema } from './report/tfdv-display.js';
export { renderTimelineReport, type TimelineInput } from './report/timeline-report.js';
export type { ValidationOutcome } from './report/validation-outcome.js';
// Schema: inference, editing helpers, feature paths, and schema evolution (diff, compatibility classes).
export {
  addDefaultEnvironments,
  type CompatibilityClass,
  type CompatibilityMode,
  type CompatibilityResult,
  checkCompatibility,
  checkCompatibilityTransitive,
  classifyChanges,
  clearDomain,
  comparePaths,
  DatasetStatsView,
  type DomainInfo,
  type DomainKey,
  deprecateFeature,
  diffSchemas,
  domainKind,
  type FeatureEnvironments,
  type FeaturePath,
  FeatureStatsView,
  getDomain,
  getFeature,
  getSparseFeature,
  getStringDomain,
  getWeightedFeature,
  type InferSchemaOptions,
  inferSchema,
  type PathLike,
  parsePath,
  requireFeature,
  type SchemaChange,
  type SchemaChangeKind,
  selectDataset,
  serializePath,
  setDomain,
  setFeatureEnvironments,
  type TransitiveViolation,
  unifiedDiff,
} from './schema/index.js';
// Serving: per-request validation compiled from a schema, request logs, the HTTP sidecar.
export {
  createRequestFolder,
  createRequestValidator,
  createSidecarHandler,
  createSidecarServer,
  type JsonSchema,
  type RequestAnomaly,
  type RequestAnomalyCode,
  type RequestFolder,
  type RequestFolderOptions,
  type RequestLogSummary,
  type RequestValidator,
  type RequestValidatorOptions,
  type SidecarOptions,
  summarizeRequestLog,
  toJsonSchema,
} from './serving/index.js';
// Schema evolution: serving requests against several schema versions.
export {
  createMultiVersionValidator,
  type MultiVersionValidator,
  type MultiVersionValidatorOptions,
  type MultiVersionVerdict,
} from './serving/multi-version-validator.js';
// Statistics extension points: user generators, and partial statistics built from aggregates.
export {
  type DatasetAggregates,
  type FeatureAggregates,
  type NumericAggregates,
  type StringAggregates,
  statisticsFromAggregates,
} from './stats/aggregates.js';
export { generateStatistics } from './stats/generate-statistics.js';
// Plain JS columns for the statistics (serving requests, fixtures): no Arrow needed.
export {
  type PlainColumn,
  type PlainColumnType,
  plainValueFits,
  recordBatchFromPlainColumns,
} from './stats/plain-columns.js';
export {
  ALL_EXAMPLES,
  createStatisticsAccumulator,
  StatisticsAccumulator,
  type StatisticsAccumulatorState,
} from './stats/statistics-accumulator.js';
export type { ExampleBatch, GeneratedStatistics, StatisticsGenerator } from './stats/statistics-generator.js';
export type { StatisticsOptions } from './stats/statistics-options.js';
export { TOP_VALUES_COUNT_ERROR } from './tfmd/custom-stat-names.js';
// TFMD messages (Schema, statistics, Anomalies): types and binary, text-format and JSON codecs.
export {
  decodeBinary,
  deserializeAnyMessage,
  deserializeMessage,
  detectMessageKind,
  encodeBinary,
  formatFromPath,
  fromJson,
  int64JsonReplacer,
  MESSAGE_FORMATS,
  type MessageFormat,
  type MessageName,
  messagesDiff,
  messagesEqual,
  parseTextFormat,
  printTextFormat,
  readMessageFile,
  readMessageText,
  serializeMessage,
  TFMD_KINDS,
  type TfmdFile,
  type TfmdKind,
  type TfmdMessageName,
  type TfmdMessageOf,
  type TfmdMessageTypes,
  toJson,
  toJsonString,
  writeMessageFile,
} from './tfmd/index.js';
// TFDV's file helpers (load_schema_text, write_schema_text, load_statistics, ...).
export {
  loadAnomaliesBinary,
  loadAnomaliesText,
  loadSchemaText,
  loadStatistics,
  loadStatsBinary,
  loadStatsText,
  writeAnomaliesText,
  writeSchemaText,
  writeStatsBinary,
  writeStatsText,
} from './tfmd/tfdv-io.js';
export type * from './tfmd/types.js';
