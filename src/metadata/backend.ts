import type { NodeKind, ResolvedFilter } from './filter-query.js';
import type { EventStep } from './types.js';
import type { PropertyRow } from './value-codec.js';

// The storage interface the store logic runs on: one method per kind of row MLMD's access
// object reads or writes. Each backend (memory, SQLite, PostgreSQL, MySQL) implements it; the
// MLMD semantics (validation, upserts, putExecution, lineage) live once, in MetadataStoreCore.

/** `Type.type_kind`: 0 execution, 1 artifact, 2 context. */
export type TypeKindNumber = 0 | 1 | 2;

/** One `Type` row. */
export interface TypeRow {
  readonly id: number;
  readonly name: string;
  readonly version: string | null;
  readonly typeKind: TypeKindNumber;
  readonly description: string | null;
  readonly inputType: string | null;
  readonly outputType: string | null;
  readonly externalId: string | null;
}

/** One `Artifact`, `Execution` or `Context` row; `state` is `last_known_state` for executions. */
export interface NodeRow {
  readonly id: number;
  readonly typeId: number;
  readonly uri: string | null;
  readonly state: number | null;
  readonly name: string | null;
  readonly externalId: string | null;
  readonly createTime: number;
  readonly lastUpdateTime: number;
}

/** One `Event` row with its `EventPath` steps in insertion order. */
export interface EventRow {
  readonly id: number;
  readonly artifactId: number;
  readonly executionId: number;
  readonly type: number;
  readonly millis: number | null;
  readonly steps: readonly EventStep[];
}

/** Ordering of listed nodes; ties are broken by id in the same direction. */
export interface NodeOrder {
  readonly field: 'create_time_since_epoch' | 'last_update_time_since_epoch' | 'id';
  readonly asc: boolean;
}

/** The value of `row` that `field` orders by (what keyset paging compares). */
export function orderValue(row: NodeRow, field: NodeOrder['field']): number {
  return field === 'id' ? row.id : field === 'create_time_since_epoch' ? row.createTime : row.lastUpdateTime;
}

/** What to list. Every given member narrows the result (AND). */
export interface NodeQuery {
  readonly ids?: readonly number[];
  readonly typeIds?: readonly number[];
  readonly names?: readonly string[];
  readonly uris?: readonly string[];
  readonly externalIds?: readonly string[];
  /** Only nodes attributed/associated to this context (artifacts, executions). */
  readonly contextId?: number;
  readonly filter?: ResolvedFilter;
  readonly order?: NodeOrder;
  /** Keyset paging: only rows after this (order value, id) in the order. */
  readonly after?: { readonly value: number; readonly id: number };
  readonly limit?: number;
}

/** Which types to find. Every given member narrows the result (AND). */
export interface TypeQuery {
  readonly kind: TypeKindNumber;
  readonly ids?: readonly number[];
  readonly name?: string;
  /** null = only unversioned; undefined = any. */
  readonly version?: string | null;
  readonly externalIds?: readonly string[];
}

/** Reads and writes inside one transaction. Unique-key violations throw AlreadyExistsError. */
export interface MetadataTx {
  /** Serializes type upserts across connections (types have no unique key to race on). */
  lockTypes(): Promise<void>;
  findTypes(query: TypeQuery): Promise<TypeRow[]>;
  insertType(row: Omit<TypeRow, 'id'>): Promise<number>;
  updateType(row: TypeRow): Promise<void>;
  typeProperties(typeIds: readonly number[]): Promise<Array<{ typeId: number; name: string; dataType: number }>>;
  insertTypeProperty(typeId: number, name: string, dataType: number): Promise<void>;
  parentTypes(typeIds: readonly number[]): Promise<Array<{ typeId: number; parentTypeId: number }>>;
  insertParentType(typeId: number, parentTypeId: number): Promise<void>;

  insertNode(kind: NodeKind, row: Omit<NodeRow, 'id'>): Promise<number>;
  updateNode(kind: NodeKind, row: NodeRow): Promise<void>;
  findNodes(kind: NodeKind, query: NodeQuery): Promise<NodeRow[]>;
  nodeProperties(kind: NodeKind, ids: readonly number[]): Promise<Array<PropertyRow & { ownerId: number }>>;
  insertProperty(kind: NodeKind, ownerId: number, row: PropertyRow): Promise<void>;
  deleteProperty(kind: NodeKind, ownerId: number, name: string, isCustom: boolean): Promise<void>;

  insertEvent(row: Omit<EventRow, 'id'>): Promise<number>;
  findEvents(query: {
    readonly artifactIds?: readonly number[];
    readonly executionIds?: readonly number[];
  }): Promise<EventRow[]>;

  /** Inserts unless the pair exists; returns whether a row was added. */
  insertAttribution(contextId: number, artifactId: number): Promise<boolean>;
  insertAssociation(contextId: number, executionId: number): Promise<boolean>;
  findAttributions(query: {
    readonly contextIds?: readonly number[];
    readonly artifactIds?: readonly number[];
  }): Promise<Array<{ contextId: number; artifactId: number }>>;
  findAssociations(query: {
    readonly contextIds?: readonly number[];
    readonly executionIds?: readonly number[];
  }): Promise<Array<{ contextId: number; executionId: number }>>;
  insertParentContext(childId: number, parentId: number): Promise<void>;
  findParentContexts(query: {
    readonly childIds?: readonly number[];
    readonly parentIds?: readonly number[];
  }): Promise<Array<{ childId: number; parentId: number }>>;
}

/** A storage engine: runs transactions. */
export interface MetadataBackend {
  readonly kind: 'memory' | 'sqlite' | 'postgres' | 'mysql';
  /** Runs `body` in one transaction, committed if it resolves and rolled back if it throws. */
  transaction<T>(body: (tx: MetadataTx) => Promise<T>, options: { readonly write: boolean }): Promise<T>;
  close(): Promise<void>;
}
