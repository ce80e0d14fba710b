// Public API of datavet: re-exports only, grouped by concept.
export { DatavetError, InputError, UsageError } from './_util/errors.js';

// Metadata
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
