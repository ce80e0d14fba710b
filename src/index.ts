// Public API of datavet: re-exports only, grouped by concept.
// Errors
export { DatavetError, InputError, UsageError } from './_util/errors.js';
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
// Statistics
export {
  type ComputeStatisticsOptions,
  computeStatistics,
  computeStatisticsAndChecks,
  type StatisticsAndChecks,
  type StatisticsProgress,
} from './pipeline/parallel-statistics.js';
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
export type { StatisticsOptions } from './stats/statistics-options.js';
// TFMD messages (Schema, statistics, Anomalies): types and binary, text-format and JSON codecs.
export {
  decodeBinary,
  deserializeMessage,
  detectMessageKind,
  encodeBinary,
  formatFromPath,
  fromJson,
  MESSAGE_FORMATS,
  type MessageFormat,
  type MessageName,
  messagesDiff,
  messagesEqual,
  parseTextFormat,
  printTextFormat,
  readMessageFile,
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
export type * from './tfmd/types.js';
