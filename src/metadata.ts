// `datavet/metadata`: the ML Metadata store (SQLite by default; PostgreSQL and MySQL with their
// optional drivers; in memory), filter_query, lineage, and numbered schema versions. Drivers are
// loaded when a store of their kind is opened.
export { DatavetError, InputError, isDatavetError, UsageError } from './_util/errors.js';
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
