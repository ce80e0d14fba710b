import type {
  Artifact,
  ArtifactType,
  Association,
  Attribution,
  Context,
  ContextType,
  Event,
  Execution,
  ExecutionType,
  LineageGraph,
  ParentContext,
} from './types.js';

/** Options of `put*Type` (MLMD's type evolution flags). */
export interface PutTypeOptions {
  /** Allow adding properties to a stored type. */
  readonly canAddFields?: boolean;
  /** Allow a request that lists fewer properties than stored (stored ones are kept). */
  readonly canOmitFields?: boolean;
}

/** Options of `putArtifacts`/`putExecutions`/`putContexts`. */
export interface PutNodesOptions {
  /**
   * Field mask paths (`uri`, `state`, `last_known_state`, `name`, `external_id`, `properties`,
   * `custom_properties`, `properties.<key>`, `custom_properties.<key>`): only these are updated.
   * Empty and unknown paths are ignored; ignored on create.
   */
  readonly updateMask?: readonly string[];
  /**
   * Artifacts only: fail with FailedPreconditionError if the stored
   * `lastUpdateTimeSinceEpoch` differs from the request's (optimistic concurrency).
   */
  readonly abortIfLatestUpdatedTimeChanged?: boolean;
}

/** Ordering field of listed nodes. */
export type OrderByField = 'CREATE_TIME' | 'LAST_UPDATE_TIME' | 'ID';

/**
 * How to list nodes. With `maxResultSize` or `nextPageToken` one page is returned (MLMD's server
 * semantics: page size defaults to 20, capped at 100) with a `nextPageToken` when more rows
 * exist; otherwise every matching row is returned, at most `limit`.
 */
export interface ListOptions {
  readonly filterQuery?: string;
  readonly orderBy?: OrderByField;
  /** Default true. */
  readonly isAsc?: boolean;
  readonly maxResultSize?: number;
  readonly nextPageToken?: string;
  /** Total cap when not paging (the Python client's `ListOptions.limit`). */
  readonly limit?: number;
}

/** One page (or all) of listed nodes. */
export interface ListResult<T> {
  readonly items: T[];
  /** Absent on the last page. */
  readonly nextPageToken?: string;
}

/** An artifact and/or an event, as paired in `putExecution`. */
export interface ArtifactAndEvent {
  readonly artifact?: Artifact;
  readonly event?: Event;
}

/** Options of `putExecution` and `putLineageSubgraph`. */
export interface PutExecutionOptions {
  /** An id-less context whose (type, name) exists is reused instead of failing. */
  readonly reuseContextIfAlreadyExist?: boolean;
  /** An id-less artifact whose external_id exists becomes an update of that artifact. */
  readonly reuseArtifactIfAlreadyExistByExternalId?: boolean;
  /** A context with an id is only linked, never updated (NotFound if it does not exist). */
  readonly forceReuseContext?: boolean;
  /** Bump the execution's last update time even when nothing changed. */
  readonly forceUpdateTime?: boolean;
}

/** What `putExecution` stored: ids index-aligned with the request (-1 for an empty pair). */
export interface PutExecutionResult {
  readonly executionId: number;
  readonly artifactIds: number[];
  readonly contextIds: number[];
}

/** An event of `putLineageSubgraph`, pointing into the request's lists or at stored ids. */
export interface EventEdge {
  readonly executionIndex?: number;
  readonly artifactIndex?: number;
  readonly event?: Event;
}

/** Result of `putLineageSubgraph`: ids index-aligned with the request's lists. */
export interface PutLineageSubgraphResult {
  readonly executionIds: number[];
  readonly artifactIds: number[];
  readonly contextIds: number[];
}

/** Which way lineage is followed from the starting nodes. */
export type LineageDirection = 'UPSTREAM' | 'DOWNSTREAM' | 'BIDIRECTIONAL';

/** MLMD's `LineageSubgraphQueryOptions`. */
export interface LineageSubgraphQuery {
  /** Exactly one of the two starting sets, with a non-empty filter. */
  readonly startingArtifacts?: { readonly filterQuery: string };
  readonly startingExecutions?: { readonly filterQuery: string };
  /** Default and maximum 100; 0 returns only the starting nodes. */
  readonly maxNumHops?: number;
  /** Default BIDIRECTIONAL. */
  readonly direction?: LineageDirection;
  /** Matching nodes are not expanded, and returned only with `includeEndingNodes`. */
  readonly endingArtifacts?: { readonly filterQuery: string; readonly includeEndingNodes?: boolean };
  readonly endingExecutions?: { readonly filterQuery: string; readonly includeEndingNodes?: boolean };
}

/** Parts of a lineage graph (`read_mask` paths). */
export type LineageGraphField =
  | 'artifacts'
  | 'executions'
  | 'contexts'
  | 'artifact_types'
  | 'execution_types'
  | 'context_types'
  | 'events'
  | 'associations'
  | 'attributions';

/**
 * The ML Metadata store API (MLMD's `MetadataStore`, docs/metadata.md). Every call runs in one
 * transaction; errors are `MetadataError`s with MLMD's status codes.
 */
export interface MetadataStore {
  /** `memory`, `sqlite`, `postgres` or `mysql`. */
  readonly backend: string;

  putArtifactType(type: ArtifactType, options?: PutTypeOptions): Promise<number>;
  putExecutionType(type: ExecutionType, options?: PutTypeOptions): Promise<number>;
  putContextType(type: ContextType, options?: PutTypeOptions): Promise<number>;
  /** Atomic bulk type upsert. */
  putTypes(
    types: {
      readonly artifactTypes?: readonly ArtifactType[];
      readonly executionTypes?: readonly ExecutionType[];
      readonly contextTypes?: readonly ContextType[];
    },
    options?: PutTypeOptions,
  ): Promise<{ artifactTypeIds: number[]; executionTypeIds: number[]; contextTypeIds: number[] }>;
  /** NotFoundError when absent. */
  getArtifactType(name: string, version?: string): Promise<ArtifactType>;
  getExecutionType(name: string, version?: string): Promise<ExecutionType>;
  getContextType(name: string, version?: string): Promise<ContextType>;
  /** All user types (the built-in `mlmd.*` types are hidden). */
  getArtifactTypes(): Promise<ArtifactType[]>;
  getExecutionTypes(): Promise<ExecutionType[]>;
  getContextTypes(): Promise<ContextType[]>;
  getArtifactTypesByIds(ids: readonly number[]): Promise<ArtifactType[]>;
  getExecutionTypesByIds(ids: readonly number[]): Promise<ExecutionType[]>;
  getContextTypesByIds(ids: readonly number[]): Promise<ContextType[]>;
  getArtifactTypesByExternalIds(externalIds: readonly string[]): Promise<ArtifactType[]>;
  getExecutionTypesByExternalIds(externalIds: readonly string[]): Promise<ExecutionType[]>;
  getContextTypesByExternalIds(externalIds: readonly string[]): Promise<ContextType[]>;

  /** Creates (no id) or updates (id) artifacts in one transaction; returns their ids. */
  putArtifacts(artifacts: readonly Artifact[], options?: PutNodesOptions): Promise<number[]>;
  putExecutions(executions: readonly Execution[], options?: PutNodesOptions): Promise<number[]>;
  putContexts(contexts: readonly Context[], options?: PutNodesOptions): Promise<number[]>;

  getArtifacts(options?: ListOptions): Promise<ListResult<Artifact>>;
  getExecutions(options?: ListOptions): Promise<ListResult<Execution>>;
  getContexts(options?: ListOptions): Promise<ListResult<Context>>;
  getArtifactsByIds(ids: readonly number[]): Promise<Artifact[]>;
  getExecutionsByIds(ids: readonly number[]): Promise<Execution[]>;
  getContextsByIds(ids: readonly number[]): Promise<Context[]>;
  getArtifactsByType(typeName: string, options?: ListOptions & { typeVersion?: string }): Promise<ListResult<Artifact>>;
  getExecutionsByType(
    typeName: string,
    options?: ListOptions & { typeVersion?: string },
  ): Promise<ListResult<Execution>>;
  getContextsByType(typeName: string, options?: ListOptions & { typeVersion?: string }): Promise<ListResult<Context>>;
  /** undefined (not an error) when absent. */
  getArtifactByTypeAndName(typeName: string, name: string, typeVersion?: string): Promise<Artifact | undefined>;
  getExecutionByTypeAndName(typeName: string, name: string, typeVersion?: string): Promise<Execution | undefined>;
  getContextByTypeAndName(typeName: string, name: string, typeVersion?: string): Promise<Context | undefined>;
  /** Exact match; the empty uri matches artifacts stored without one; duplicates are merged. */
  getArtifactsByUri(uris: readonly string[]): Promise<Artifact[]>;
  getArtifactsByExternalIds(externalIds: readonly string[]): Promise<Artifact[]>;
  getExecutionsByExternalIds(externalIds: readonly string[]): Promise<Execution[]>;
  getContextsByExternalIds(externalIds: readonly string[]): Promise<Context[]>;

  putEvents(events: readonly Event[]): Promise<void>;
  getEventsByArtifactIds(ids: readonly number[]): Promise<Event[]>;
  getEventsByExecutionIds(ids: readonly number[]): Promise<Event[]>;

  /** Idempotent: existing pairs are left alone. */
  putAttributionsAndAssociations(
    attributions: readonly Attribution[],
    associations: readonly Association[],
  ): Promise<void>;
  getContextsByArtifact(artifactId: number): Promise<Context[]>;
  getContextsByExecution(executionId: number): Promise<Context[]>;
  getArtifactsByContext(contextId: number, options?: ListOptions): Promise<ListResult<Artifact>>;
  getExecutionsByContext(contextId: number, options?: ListOptions): Promise<ListResult<Execution>>;

  /** No cycles, no self-parent; a duplicate edge is AlreadyExistsError. */
  putParentContexts(edges: readonly ParentContext[]): Promise<void>;
  getParentContextsByContext(contextId: number): Promise<Context[]>;
  getChildrenContextsByContext(contextId: number): Promise<Context[]>;
  getParentContextsByContexts(contextIds: readonly number[]): Promise<Map<number, Context[]>>;
  getChildrenContextsByContexts(contextIds: readonly number[]): Promise<Map<number, Context[]>>;

  /** Records one step atomically: execution, artifacts, events, contexts and their links. */
  putExecution(
    execution: Execution,
    artifactEventPairs: readonly ArtifactAndEvent[],
    contexts?: readonly Context[],
    options?: PutExecutionOptions,
  ): Promise<PutExecutionResult>;
  /** Records a whole subgraph atomically; every context is linked to every node of the request. */
  putLineageSubgraph(
    executions: readonly Execution[],
    artifacts: readonly Artifact[],
    contexts: readonly Context[],
    eventEdges: readonly EventEdge[],
    options?: Pick<PutExecutionOptions, 'reuseContextIfAlreadyExist' | 'reuseArtifactIfAlreadyExistByExternalId'>,
  ): Promise<PutLineageSubgraphResult>;
  /** The lineage around the starting nodes; `readMask` selects parts (empty = all). */
  getLineageSubgraph(query: LineageSubgraphQuery, readMask?: readonly LineageGraphField[]): Promise<LineageGraph>;

  close(): Promise<void>;
}
