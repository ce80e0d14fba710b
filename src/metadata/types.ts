/**
 * The ML Metadata data model (metadata_store.proto) as plain TypeScript data, in the same style
 * as the TFMD model: proto3-JSON lowerCamelCase field names, enums as their string names, int64
 * as `number`, unset = absent property.
 */

/** `PropertyType`: the value type a type declares for a property. */
export type PropertyType = 'INT' | 'DOUBLE' | 'STRING' | 'STRUCT' | 'PROTO' | 'BOOLEAN';

/** Number of each `PropertyType` as stored in `TypeProperty.data_type`. */
export const PROPERTY_TYPE_NUMBER: Readonly<Record<PropertyType | 'UNKNOWN', number>> = {
  UNKNOWN: 0,
  INT: 1,
  DOUBLE: 2,
  STRING: 3,
  STRUCT: 4,
  PROTO: 5,
  BOOLEAN: 6,
};

/** A JSON value as held by `google.protobuf.Struct`. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** `google.protobuf.Any`: a serialized message and the URL of its type. */
export interface AnyMessage {
  readonly typeUrl: string;
  readonly value: Uint8Array;
}

/** `Value`: exactly one member is set. */
export interface MetadataValue {
  readonly intValue?: number;
  readonly doubleValue?: number;
  readonly stringValue?: string;
  readonly structValue?: { readonly [key: string]: JsonValue };
  readonly protoValue?: AnyMessage;
  readonly boolValue?: boolean;
}

/** Map of property name to value. */
export type Properties = Readonly<Record<string, MetadataValue>>;

export type ArtifactBaseType = 'UNSET' | 'DATASET' | 'MODEL' | 'METRICS' | 'STATISTICS';
export type ExecutionBaseType = 'UNSET' | 'TRAIN' | 'TRANSFORM' | 'PROCESS' | 'EVALUATE' | 'DEPLOY';
export type ContextBaseType = 'UNSET';

interface TypeCommon<B extends string> {
  readonly id?: number;
  readonly name?: string;
  /** "" means unset, exactly as MLMD treats it. */
  readonly version?: string;
  readonly description?: string;
  readonly externalId?: string;
  readonly properties?: Readonly<Record<string, PropertyType>>;
  readonly baseType?: B;
}

export type ArtifactType = TypeCommon<ArtifactBaseType>;
export interface ExecutionType extends TypeCommon<ExecutionBaseType> {
  /** Experimental `ArtifactStructType`, stored as JSON text. */
  readonly inputType?: JsonValue;
  readonly outputType?: JsonValue;
}
export type ContextType = TypeCommon<ContextBaseType>;

export type ArtifactState =
  | 'UNKNOWN'
  | 'PENDING'
  | 'LIVE'
  | 'MARKED_FOR_DELETION'
  | 'DELETED'
  | 'ABANDONED'
  | 'REFERENCE';
export const ARTIFACT_STATES: readonly ArtifactState[] = [
  'UNKNOWN',
  'PENDING',
  'LIVE',
  'MARKED_FOR_DELETION',
  'DELETED',
  'ABANDONED',
  'REFERENCE',
];

export type ExecutionState = 'UNKNOWN' | 'NEW' | 'RUNNING' | 'COMPLETE' | 'FAILED' | 'CACHED' | 'CANCELED';
export const EXECUTION_STATES: readonly ExecutionState[] = [
  'UNKNOWN',
  'NEW',
  'RUNNING',
  'COMPLETE',
  'FAILED',
  'CACHED',
  'CANCELED',
];

interface NodeCommon {
  readonly id?: number;
  readonly typeId?: number;
  /** Output only: the type's name. */
  readonly type?: string;
  readonly name?: string;
  readonly externalId?: string;
  readonly properties?: Properties;
  readonly customProperties?: Properties;
  /** Output only, milliseconds since the Unix epoch. */
  readonly createTimeSinceEpoch?: number;
  /** Milliseconds; read back, and compared by `abortIfLatestUpdatedTimeChanged`. */
  readonly lastUpdateTimeSinceEpoch?: number;
}

export interface Artifact extends NodeCommon {
  readonly uri?: string;
  readonly state?: ArtifactState;
}

export interface Execution extends NodeCommon {
  readonly lastKnownState?: ExecutionState;
}

/** A context's `name` is required and unique per type. */
export type Context = NodeCommon;

export type EventType =
  | 'UNKNOWN'
  | 'DECLARED_OUTPUT'
  | 'DECLARED_INPUT'
  | 'INPUT'
  | 'OUTPUT'
  | 'INTERNAL_INPUT'
  | 'INTERNAL_OUTPUT'
  | 'PENDING_OUTPUT';
export const EVENT_TYPES: readonly EventType[] = [
  'UNKNOWN',
  'DECLARED_OUTPUT',
  'DECLARED_INPUT',
  'INPUT',
  'OUTPUT',
  'INTERNAL_INPUT',
  'INTERNAL_OUTPUT',
  'PENDING_OUTPUT',
];
/** Event types that make the artifact an input of the execution (lineage direction). */
export const INPUT_EVENT_TYPES: ReadonlySet<EventType> = new Set(['DECLARED_INPUT', 'INTERNAL_INPUT', 'INPUT']);
/** Event types that make the artifact an output of the execution. */
export const OUTPUT_EVENT_TYPES: ReadonlySet<EventType> = new Set([
  'DECLARED_OUTPUT',
  'INTERNAL_OUTPUT',
  'PENDING_OUTPUT',
  'OUTPUT',
]);

/** One step of an event path: an index into a list or a key into a map. */
export type EventStep = { readonly index: number } | { readonly key: string };

export interface Event {
  readonly artifactId?: number;
  readonly executionId?: number;
  readonly path?: { readonly steps: readonly EventStep[] };
  readonly type?: EventType;
  /** Defaults to now when written. */
  readonly millisecondsSinceEpoch?: number;
}

export interface Attribution {
  readonly artifactId: number;
  readonly contextId: number;
}

export interface Association {
  readonly executionId: number;
  readonly contextId: number;
}

/** A directed edge of the context DAG (`ParentContext.context_id` in SQL is the child). */
export interface ParentContext {
  readonly childId: number;
  readonly parentId: number;
}

/** What `getLineageSubgraph` returns; parts not in the read mask are empty. */
export interface LineageGraph {
  readonly artifactTypes: ArtifactType[];
  readonly executionTypes: ExecutionType[];
  readonly contextTypes: ContextType[];
  readonly artifacts: Artifact[];
  readonly executions: Execution[];
  readonly contexts: Context[];
  readonly events: Event[];
  readonly attributions: Attribution[];
  readonly associations: Association[];
}
