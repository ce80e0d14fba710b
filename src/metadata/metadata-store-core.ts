import {
  type MetadataBackend,
  type MetadataTx,
  type NodeOrder,
  type NodeQuery,
  type NodeRow,
  orderValue,
  type TypeKindNumber,
  type TypeRow,
} from './backend.js';
import {
  AbortedError,
  AlreadyExistsError,
  FailedPreconditionError,
  InvalidArgumentError,
  NotFoundError,
  OutOfRangeError,
  UnimplementedError,
} from './errors.js';
import { toEvent } from './event-row.js';
import { type NodeKind, resolveFilterQuery } from './filter-query.js';
import { getLineageSubgraph } from './lineage.js';
import type {
  ArtifactAndEvent,
  EventEdge,
  LineageGraphField,
  LineageSubgraphQuery,
  ListOptions,
  ListResult,
  MetadataStore,
  PutExecutionOptions,
  PutExecutionResult,
  PutLineageSubgraphResult,
  PutNodesOptions,
  PutTypeOptions,
} from './metadata-store.js';
import { decodePageToken, encodePageToken } from './page-token.js';
import {
  ARTIFACT_STATES,
  type Artifact,
  type ArtifactType,
  type Association,
  type Attribution,
  type Context,
  type ContextType,
  EVENT_TYPES,
  type Event,
  type EventType,
  EXECUTION_STATES,
  type Execution,
  type ExecutionType,
  type LineageGraph,
  type MetadataValue,
  type ParentContext,
  PROPERTY_TYPE_NUMBER,
  type Properties,
  type PropertyType,
} from './types.js';
import {
  decodePropertyValue,
  encodePropertyValue,
  type PropertyRow,
  sameStoredValue,
  valueKind,
} from './value-codec.js';

/** Any node as the generic code handles it. */
type AnyNode = Artifact & Execution & Context;
/** Any type as the generic code handles it. */
type AnyType = Omit<ExecutionType, 'baseType'> & { readonly baseType?: string };

const TYPE_KIND: Readonly<Record<NodeKind, TypeKindNumber>> = { execution: 0, artifact: 1, context: 2 };

/** The built-in "simple types" that back `base_type` (docs/metadata.md), in MLMD's insertion order. */
export const SIMPLE_TYPES: ReadonlyArray<{ readonly kind: NodeKind; readonly name: string; readonly base: string }> = [
  { kind: 'artifact', name: 'mlmd.Dataset', base: 'DATASET' },
  { kind: 'artifact', name: 'mlmd.Model', base: 'MODEL' },
  { kind: 'artifact', name: 'mlmd.Metrics', base: 'METRICS' },
  { kind: 'artifact', name: 'mlmd.Statistics', base: 'STATISTICS' },
  { kind: 'execution', name: 'mlmd.Train', base: 'TRAIN' },
  { kind: 'execution', name: 'mlmd.Transform', base: 'TRANSFORM' },
  { kind: 'execution', name: 'mlmd.Process', base: 'PROCESS' },
  { kind: 'execution', name: 'mlmd.Evaluate', base: 'EVALUATE' },
  { kind: 'execution', name: 'mlmd.Deploy', base: 'DEPLOY' },
];

const PROPERTY_TYPE_BY_NUMBER = new Map(
  Object.entries(PROPERTY_TYPE_NUMBER).map(([name, n]) => [n, name as PropertyType | 'UNKNOWN']),
);

const ORDER_FIELD = {
  CREATE_TIME: 'create_time_since_epoch',
  LAST_UPDATE_TIME: 'last_update_time_since_epoch',
  ID: 'id',
} as const;

/** Most rows one page returns (MLMD's server cap). */
const MAX_PAGE_SIZE = 100;
/** Attempts of a transaction that a concurrent writer aborted. */
const MAX_ATTEMPTS = 12;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function stateNumber(kind: NodeKind, node: AnyNode): number | null {
  if (kind === 'artifact') {
    if (node.state === undefined) return null;
    const n = ARTIFACT_STATES.indexOf(node.state);
    if (n < 0) throw new InvalidArgumentError(`unknown artifact state '${node.state}'`);
    return n;
  }
  if (kind === 'execution') {
    if (node.lastKnownState === undefined) return null;
    const n = EXECUTION_STATES.indexOf(node.lastKnownState);
    if (n < 0) throw new InvalidArgumentError(`unknown execution state '${node.lastKnownState}'`);
    return n;
  }
  return null;
}

function eventTypeNumber(type: EventType | undefined): number {
  const n = type === undefined ? -1 : EVENT_TYPES.indexOf(type);
  if (n <= 0) throw new InvalidArgumentError(`event type is missing or UNKNOWN`);
  return n;
}

/**
 * MLMD's store semantics over any backend: type evolution, node validation and updates,
 * putExecution and putLineageSubgraph, listing with filters and page tokens, and lineage.
 */
export class MetadataStoreCore implements MetadataStore {
  readonly backend: string;

  constructor(private readonly engine: MetadataBackend) {
    this.backend = engine.kind;
  }

  /** Runs a transaction, retrying it when a concurrent writer aborted it (ABORTED). */
  async run<T>(write: boolean, body: (tx: MetadataTx) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.engine.transaction(body, { write });
      } catch (error) {
        if (!(error instanceof AbortedError) || attempt >= MAX_ATTEMPTS) throw error;
        await sleep(Math.random() * 20 * attempt);
      }
    }
  }

  /** Creates the built-in `mlmd.*` types if missing (every MLMD connection does this on open). */
  async ensureSimpleTypes(): Promise<void> {
    await this.run(true, async (tx) => {
      await tx.lockTypes();
      for (const simple of SIMPLE_TYPES) await this.simpleTypeId(tx, simple.kind, simple.base);
    });
  }

  async close(): Promise<void> {
    await this.engine.close();
  }

  // ---- types ----

  private async putTypeIn(tx: MetadataTx, kind: NodeKind, type: AnyType, options: PutTypeOptions): Promise<number> {
    if (!type.name) throw new InvalidArgumentError('type name is missing');
    const properties = type.properties ?? {};
    for (const [name, propertyType] of Object.entries(properties)) {
      const number = PROPERTY_TYPE_NUMBER[propertyType];
      if (!number) throw new InvalidArgumentError(`property '${name}' of type '${type.name}' has type UNKNOWN`);
    }
    const typeKind = TYPE_KIND[kind];
    const version = type.version ? type.version : null;
    await tx.lockTypes();
    const [stored] = await tx.findTypes({ kind: typeKind, name: type.name, version });
    if (!stored) {
      const id = await tx.insertType({
        name: type.name,
        version,
        typeKind,
        description: type.description ?? null,
        inputType: type.inputType === undefined ? null : JSON.stringify(type.inputType),
        outputType: type.outputType === undefined ? null : JSON.stringify(type.outputType),
        externalId: type.externalId || null,
      });
      for (const [name, propertyType] of Object.entries(properties)) {
        await tx.insertTypeProperty(id, name, PROPERTY_TYPE_NUMBER[propertyType]);
      }
      if (type.baseType !== undefined && type.baseType !== 'UNSET') {
        await tx.insertParentType(id, await this.simpleTypeId(tx, kind, type.baseType));
      }
      return id;
    }
    const storedProperties = await this.declaredProperties(tx, stored.id);
    const label = version === null ? `'${type.name}'` : `'${type.name}' version '${version}'`;
    for (const [name, propertyType] of Object.entries(properties)) {
      const had = storedProperties.get(name);
      if (had !== undefined && had !== PROPERTY_TYPE_NUMBER[propertyType]) {
        throw new AlreadyExistsError(
          `Type already exists with different properties: ${label} has property '${name}' of type ${PROPERTY_TYPE_BY_NUMBER.get(had)}, not ${propertyType}`,
          { hint: 'a property type cannot change; register a new type version instead' },
        );
      }
    }
    const added = Object.keys(properties).filter((name) => !storedProperties.has(name));
    if (added.length > 0 && !options.canAddFields) {
      throw new AlreadyExistsError(
        `Type already exists with different properties: ${label} does not have ${added.join(', ')} (set canAddFields to add them)`,
      );
    }
    const omitted = [...storedProperties.keys()].filter((name) => !(name in properties));
    if (omitted.length > 0 && !options.canOmitFields) {
      throw new AlreadyExistsError(
        `Type already exists with different properties: ${label} also has ${omitted.join(', ')} (set canOmitFields to omit them)`,
      );
    }
    if (type.baseType !== undefined) {
      const parents = await tx.parentTypes([stored.id]);
      const storedBase = parents[0] ? await this.baseTypeName(tx, kind, parents[0].parentTypeId) : undefined;
      if (type.baseType === 'UNSET') {
        if (storedBase !== undefined) throw new UnimplementedError('base_type deletion is not supported yet');
      } else if (storedBase === undefined) {
        await tx.insertParentType(stored.id, await this.simpleTypeId(tx, kind, type.baseType));
      } else if (storedBase !== type.baseType) {
        throw new UnimplementedError('base_type update is not supported yet');
      }
    }
    for (const name of added) {
      await tx.insertTypeProperty(stored.id, name, PROPERTY_TYPE_NUMBER[properties[name] as PropertyType]);
    }
    const externalId = type.externalId ? type.externalId : stored.externalId;
    const description = type.description ?? stored.description;
    if (externalId !== stored.externalId || description !== stored.description) {
      await tx.updateType({ ...stored, externalId, description });
    }
    return stored.id;
  }

  /** The id of the built-in type backing `base`, created if missing. */
  private async simpleTypeId(tx: MetadataTx, kind: NodeKind, base: string): Promise<number> {
    const simple = SIMPLE_TYPES.find((s) => s.kind === kind && s.base === base);
    if (!simple) throw new InvalidArgumentError(`unknown base_type '${base}' for ${kind} types`);
    const [row] = await tx.findTypes({ kind: TYPE_KIND[kind], name: simple.name, version: null });
    if (row) return row.id;
    return tx.insertType({
      name: simple.name,
      version: null,
      typeKind: TYPE_KIND[kind],
      description: null,
      inputType: null,
      outputType: null,
      externalId: null,
    });
  }

  private async baseTypeName(tx: MetadataTx, kind: NodeKind, parentTypeId: number): Promise<string | undefined> {
    const [row] = await tx.findTypes({ kind: TYPE_KIND[kind], ids: [parentTypeId] });
    return SIMPLE_TYPES.find((s) => s.kind === kind && s.name === row?.name)?.base;
  }

  private async hydrateTypes(tx: MetadataTx, kind: NodeKind, rows: readonly TypeRow[]): Promise<AnyType[]> {
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.id);
    const properties = await tx.typeProperties(ids);
    const parents = await tx.parentTypes(ids);
    const out: AnyType[] = [];
    for (const row of [...rows].sort((a, b) => a.id - b.id)) {
      const props: Record<string, PropertyType> = Object.create(null); // property names are user text
      for (const p of properties) {
        if (p.typeId !== row.id) continue;
        const name = PROPERTY_TYPE_BY_NUMBER.get(p.dataType);
        if (name && name !== 'UNKNOWN') props[p.name] = name;
      }
      const parent = parents.find((p) => p.typeId === row.id);
      const baseType = parent ? await this.baseTypeName(tx, kind, parent.parentTypeId) : undefined;
      const type: Record<string, unknown> = { id: row.id, name: row.name, properties: props };
      if (row.version !== null) type.version = row.version;
      if (row.description !== null) type.description = row.description;
      if (row.externalId !== null) type.externalId = row.externalId;
      if (baseType !== undefined) type.baseType = baseType;
      if (kind === 'execution' && row.inputType !== null) type.inputType = JSON.parse(row.inputType);
      if (kind === 'execution' && row.outputType !== null) type.outputType = JSON.parse(row.outputType);
      out.push(type as AnyType);
    }
    return out;
  }

  private putType(kind: NodeKind, type: AnyType, options: PutTypeOptions = {}): Promise<number> {
    return this.run(true, (tx) => this.putTypeIn(tx, kind, type, options));
  }

  putArtifactType(type: ArtifactType, options?: PutTypeOptions): Promise<number> {
    return this.putType('artifact', type, options);
  }
  putExecutionType(type: ExecutionType, options?: PutTypeOptions): Promise<number> {
    return this.putType('execution', type, options);
  }
  putContextType(type: ContextType, options?: PutTypeOptions): Promise<number> {
    return this.putType('context', type, options);
  }

  putTypes(
    types: {
      readonly artifactTypes?: readonly ArtifactType[];
      readonly executionTypes?: readonly ExecutionType[];
      readonly contextTypes?: readonly ContextType[];
    },
    options: PutTypeOptions = {},
  ) {
    return this.run(true, async (tx) => {
      const put = async (kind: NodeKind, list: readonly AnyType[] = []) => {
        const ids: number[] = [];
        for (const type of list) ids.push(await this.putTypeIn(tx, kind, type, options));
        return ids;
      };
      return {
        artifactTypeIds: await put('artifact', types.artifactTypes),
        executionTypeIds: await put('execution', types.executionTypes),
        contextTypeIds: await put('context', types.contextTypes),
      };
    });
  }

  private getType(kind: NodeKind, name: string, version?: string): Promise<AnyType> {
    return this.run(false, async (tx) => {
      const rows = await tx.findTypes({ kind: TYPE_KIND[kind], name, version: version ? version : null });
      const [type] = await this.hydrateTypes(tx, kind, rows);
      if (!type) {
        throw new NotFoundError(`no ${kind} type named '${name}'${version ? ` with version '${version}'` : ''}`);
      }
      return type;
    });
  }

  getArtifactType(name: string, version?: string): Promise<ArtifactType> {
    return this.getType('artifact', name, version) as Promise<ArtifactType>;
  }
  getExecutionType(name: string, version?: string): Promise<ExecutionType> {
    return this.getType('execution', name, version) as Promise<ExecutionType>;
  }
  getContextType(name: string, version?: string): Promise<ContextType> {
    return this.getType('context', name, version) as Promise<ContextType>;
  }

  private getTypes(kind: NodeKind): Promise<AnyType[]> {
    return this.run(false, async (tx) => {
      const simple = new Set(SIMPLE_TYPES.filter((s) => s.kind === kind).map((s) => s.name));
      const rows = (await tx.findTypes({ kind: TYPE_KIND[kind] })).filter(
        (r) => !(r.version === null && simple.has(r.name)),
      );
      return this.hydrateTypes(tx, kind, rows);
    });
  }

  getArtifactTypes(): Promise<ArtifactType[]> {
    return this.getTypes('artifact') as Promise<ArtifactType[]>;
  }
  getExecutionTypes(): Promise<ExecutionType[]> {
    return this.getTypes('execution') as Promise<ExecutionType[]>;
  }
  getContextTypes(): Promise<ContextType[]> {
    return this.getTypes('context') as Promise<ContextType[]>;
  }

  private getTypesBy(
    kind: NodeKind,
    query: { ids?: readonly number[]; externalIds?: readonly string[] },
  ): Promise<AnyType[]> {
    if (query.externalIds?.some((id) => id === '')) {
      return Promise.reject(new InvalidArgumentError('external ids must not be empty strings'));
    }
    if ((query.ids ?? query.externalIds ?? []).length === 0) return Promise.resolve([]);
    return this.run(false, async (tx) =>
      this.hydrateTypes(tx, kind, await tx.findTypes({ kind: TYPE_KIND[kind], ...query })),
    );
  }

  getArtifactTypesByIds(ids: readonly number[]): Promise<ArtifactType[]> {
    return this.getTypesBy('artifact', { ids }) as Promise<ArtifactType[]>;
  }
  getExecutionTypesByIds(ids: readonly number[]): Promise<ExecutionType[]> {
    return this.getTypesBy('execution', { ids }) as Promise<ExecutionType[]>;
  }
  getContextTypesByIds(ids: readonly number[]): Promise<ContextType[]> {
    return this.getTypesBy('context', { ids }) as Promise<ContextType[]>;
  }
  getArtifactTypesByExternalIds(externalIds: readonly string[]): Promise<ArtifactType[]> {
    return this.getTypesBy('artifact', { externalIds }) as Promise<ArtifactType[]>;
  }
  getExecutionTypesByExternalIds(externalIds: readonly string[]): Promise<ExecutionType[]> {
    return this.getTypesBy('execution', { externalIds }) as Promise<ExecutionType[]>;
  }
  getContextTypesByExternalIds(externalIds: readonly string[]): Promise<ContextType[]> {
    return this.getTypesBy('context', { externalIds }) as Promise<ContextType[]>;
  }

  // ---- nodes ----

  private validateProperties(
    kind: NodeKind,
    declared: ReadonlyMap<string, number>,
    properties: Properties | undefined,
    customProperties: Properties | undefined,
  ): void {
    for (const [name, value] of Object.entries(properties ?? {})) {
      const declaredType = declared.get(name);
      if (declaredType === undefined) throw new InvalidArgumentError(`Found unknown property: ${name}`);
      const actual = valueKind(value);
      if (actual === undefined || PROPERTY_TYPE_NUMBER[actual] !== declaredType) {
        throw new InvalidArgumentError(`Found unmatched property type: ${name}`);
      }
    }
    for (const [name, value] of Object.entries(customProperties ?? {})) {
      if (valueKind(value) === undefined) {
        throw new InvalidArgumentError(`custom property '${name}' of a ${kind} must set exactly one value`);
      }
    }
  }

  private async declaredProperties(tx: MetadataTx, typeId: number): Promise<Map<string, number>> {
    return new Map((await tx.typeProperties([typeId])).map((p) => [p.name, p.dataType] as const));
  }

  /** Creates or updates one node inside `tx`; returns its id. */
  async putNodeIn(
    tx: MetadataTx,
    kind: NodeKind,
    node: AnyNode,
    options: PutNodesOptions & { forceUpdateTime?: boolean } = {},
  ): Promise<number> {
    const now = Date.now();
    if (node.id === undefined) {
      if (node.typeId === undefined) throw new InvalidArgumentError(`Type id is missing for a new ${kind}`);
      const [type] = await tx.findTypes({ kind: TYPE_KIND[kind], ids: [node.typeId] });
      if (!type) throw new NotFoundError(`no ${kind} type with id ${node.typeId}`);
      if (kind === 'context' && !node.name) throw new InvalidArgumentError('a context needs a non-empty name');
      this.validateProperties(kind, await this.declaredProperties(tx, type.id), node.properties, node.customProperties);
      const id = await tx.insertNode(kind, {
        typeId: node.typeId,
        uri: kind === 'artifact' ? (node.uri ?? '') : null,
        state: stateNumber(kind, node),
        name: node.name ? node.name : null,
        externalId: node.externalId ? node.externalId : null,
        createTime: now,
        lastUpdateTime: now,
      });
      for (const [name, value] of Object.entries(node.properties ?? {})) {
        await tx.insertProperty(kind, id, encodePropertyValue(name, false, value));
      }
      for (const [name, value] of Object.entries(node.customProperties ?? {})) {
        await tx.insertProperty(kind, id, encodePropertyValue(name, true, value));
      }
      return id;
    }

    const [stored] = await tx.findNodes(kind, { ids: [node.id] });
    if (!stored) throw new InvalidArgumentError(`Cannot find the given id ${node.id} among ${kind}s`);
    if (node.typeId !== undefined && node.typeId !== stored.typeId) {
      throw new InvalidArgumentError(`the type_id of ${kind} ${node.id} cannot change`);
    }
    if (options.abortIfLatestUpdatedTimeChanged && node.lastUpdateTimeSinceEpoch !== stored.lastUpdateTime) {
      throw new FailedPreconditionError(
        `${kind} ${node.id} was updated since it was read (last_update_time_since_epoch ${stored.lastUpdateTime}, request has ${node.lastUpdateTimeSinceEpoch})`,
      );
    }
    this.validateProperties(
      kind,
      await this.declaredProperties(tx, stored.typeId),
      node.properties,
      node.customProperties,
    );
    const mask = (options.updateMask ?? []).filter((p) => p !== '');
    const masked = mask.length > 0;
    const inMask = (path: string) => !masked || mask.includes(path);
    let uri = stored.uri;
    let state = stored.state;
    let name = stored.name;
    let externalId = stored.externalId;
    if (kind === 'artifact') {
      if (inMask('uri')) uri = node.uri ?? '';
      if (inMask('state')) state = stateNumber(kind, node);
    }
    if (kind === 'execution' && inMask('last_known_state')) state = stateNumber(kind, node);
    // Artifact and execution names never change; a context's may.
    if (kind === 'context' && inMask('name')) {
      if (!node.name) throw new InvalidArgumentError('a context needs a non-empty name');
      name = node.name;
    }
    if (inMask('external_id')) externalId = node.externalId ? node.externalId : null;

    const existing = await tx.nodeProperties(kind, [stored.id]);
    let propertiesChanged = false;
    for (const custom of [false, true]) {
      const prefix = custom ? 'custom_properties' : 'properties';
      const requested = (custom ? node.customProperties : node.properties) ?? {};
      const current = new Map(existing.filter((p) => p.isCustom === custom).map((p) => [p.name, p] as const));
      let keys: string[];
      if (!masked || mask.includes(prefix)) keys = [...new Set([...Object.keys(requested), ...current.keys()])];
      else keys = mask.filter((p) => p.startsWith(`${prefix}.`)).map((p) => p.slice(prefix.length + 1));
      for (const key of keys) {
        const value: MetadataValue | undefined = requested[key];
        const had = current.get(key);
        if (value === undefined) {
          if (had) {
            await tx.deleteProperty(kind, stored.id, key, custom);
            propertiesChanged = true;
          }
          continue;
        }
        const row = encodePropertyValue(key, custom, value);
        if (had && sameStoredValue(had, row)) continue;
        if (had) await tx.deleteProperty(kind, stored.id, key, custom);
        await tx.insertProperty(kind, stored.id, row);
        propertiesChanged = true;
      }
    }
    const attributesChanged =
      uri !== stored.uri || state !== stored.state || name !== stored.name || externalId !== stored.externalId;
    if (attributesChanged || propertiesChanged || options.forceUpdateTime || options.abortIfLatestUpdatedTimeChanged) {
      // Strictly increasing, so optimistic-concurrency readers always see a change.
      const lastUpdateTime = Math.max(now, stored.lastUpdateTime + 1);
      await tx.updateNode(kind, { ...stored, uri, state, name, externalId, lastUpdateTime });
    }
    return stored.id;
  }

  private putNodes(kind: NodeKind, nodes: readonly AnyNode[], options: PutNodesOptions = {}): Promise<number[]> {
    return this.run(true, async (tx) => {
      const ids: number[] = [];
      for (const node of nodes) ids.push(await this.putNodeIn(tx, kind, node, options));
      return ids;
    });
  }

  putArtifacts(artifacts: readonly Artifact[], options?: PutNodesOptions): Promise<number[]> {
    return this.putNodes('artifact', artifacts, options);
  }
  putExecutions(executions: readonly Execution[], options?: PutNodesOptions): Promise<number[]> {
    return this.putNodes('execution', executions, { ...options, abortIfLatestUpdatedTimeChanged: false });
  }
  putContexts(contexts: readonly Context[], options?: PutNodesOptions): Promise<number[]> {
    return this.putNodes('context', contexts, { ...options, abortIfLatestUpdatedTimeChanged: false });
  }

  /** Turns rows into API nodes (type names and properties attached), keeping row order. */
  async hydrateNodes(tx: MetadataTx, kind: NodeKind, rows: readonly NodeRow[]): Promise<AnyNode[]> {
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.id);
    const properties = new Map<number, Array<PropertyRow & { ownerId: number }>>();
    for (let i = 0; i < ids.length; i += 500) {
      for (const p of await tx.nodeProperties(kind, ids.slice(i, i + 500))) {
        const list = properties.get(p.ownerId);
        if (list) list.push(p);
        else properties.set(p.ownerId, [p]);
      }
    }
    const typeIds = [...new Set(rows.map((r) => r.typeId))];
    const typeNames = new Map((await tx.findTypes({ kind: TYPE_KIND[kind], ids: typeIds })).map((t) => [t.id, t]));
    return rows.map((row) => {
      const node: Record<string, unknown> = { id: row.id, typeId: row.typeId };
      const type = typeNames.get(row.typeId);
      if (type) node.type = type.name;
      if (kind === 'artifact' && row.uri) node.uri = row.uri;
      if (row.state !== null) {
        if (kind === 'artifact') node.state = ARTIFACT_STATES[row.state] ?? 'UNKNOWN';
        if (kind === 'execution') node.lastKnownState = EXECUTION_STATES[row.state] ?? 'UNKNOWN';
      }
      if (row.name !== null) node.name = row.name;
      if (row.externalId !== null) node.externalId = row.externalId;
      // Property names are user text: no prototype, so a property named __proto__ is kept.
      const props: Record<string, MetadataValue> = Object.create(null);
      const custom: Record<string, MetadataValue> = Object.create(null);
      for (const p of properties.get(row.id) ?? []) (p.isCustom ? custom : props)[p.name] = decodePropertyValue(p);
      node.properties = props;
      node.customProperties = custom;
      node.createTimeSinceEpoch = row.createTime;
      node.lastUpdateTimeSinceEpoch = row.lastUpdateTime;
      return node as AnyNode;
    });
  }

  /** Lists nodes with MLMD's list semantics (see ListOptions). */
  private async listNodes(
    kind: NodeKind,
    base: NodeQuery,
    options: ListOptions | undefined,
  ): Promise<ListResult<AnyNode>> {
    const order: NodeOrder = {
      field: ORDER_FIELD[options?.orderBy ?? 'ID'] ?? 'id',
      asc: options?.isAsc ?? true,
    };
    const filterText = options?.filterQuery ?? '';
    const filter = filterText.trim() ? resolveFilterQuery(kind, filterText) : undefined;
    const paged = options?.maxResultSize !== undefined || options?.nextPageToken !== undefined;
    if (options?.maxResultSize !== undefined && options.maxResultSize <= 0) {
      throw new InvalidArgumentError(`max_result_size must be positive, got ${options.maxResultSize}`);
    }
    if (options?.limit !== undefined && options.limit <= 0) {
      throw new InvalidArgumentError(`limit must be positive, got ${options.limit}`);
    }
    const token = options?.nextPageToken ? decodePageToken(options.nextPageToken, order, filterText) : undefined;
    const pageSize = Math.min(options?.maxResultSize ?? 20, MAX_PAGE_SIZE);
    const query: NodeQuery = {
      ...base,
      ...(filter ? { filter } : {}),
      order,
      ...(token ? { after: { value: token.value, id: token.id } } : {}),
      ...(paged ? { limit: pageSize + 1 } : options?.limit !== undefined ? { limit: options.limit } : {}),
    };
    return this.run(false, async (tx) => {
      const rows = await tx.findNodes(kind, query);
      if (!paged || rows.length <= pageSize) return { items: await this.hydrateNodes(tx, kind, rows) };
      const page = rows.slice(0, pageSize);
      const last = page[page.length - 1] as NodeRow;
      return {
        items: await this.hydrateNodes(tx, kind, page),
        nextPageToken: encodePageToken({
          order,
          filter: filterText,
          value: orderValue(last, order.field),
          id: last.id,
        }),
      };
    });
  }

  private byIds(kind: NodeKind, ids: readonly number[]): Promise<AnyNode[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.run(false, async (tx) => this.hydrateNodes(tx, kind, await tx.findNodes(kind, { ids })));
  }

  private async byType(
    kind: NodeKind,
    typeName: string,
    options: (ListOptions & { typeVersion?: string }) | undefined,
  ): Promise<ListResult<AnyNode>> {
    const types = await this.run(false, (tx) =>
      tx.findTypes({ kind: TYPE_KIND[kind], name: typeName, version: options?.typeVersion || null }),
    );
    const [type] = types;
    if (!type) return { items: [] };
    const { typeVersion: _ignored, ...list } = options ?? {};
    return this.listNodes(kind, { typeIds: [type.id] }, options ? list : undefined);
  }

  private byTypeAndName(
    kind: NodeKind,
    typeName: string,
    name: string,
    typeVersion?: string,
  ): Promise<AnyNode | undefined> {
    return this.run(false, async (tx) => {
      const [type] = await tx.findTypes({ kind: TYPE_KIND[kind], name: typeName, version: typeVersion || null });
      if (!type) return undefined;
      const rows = await tx.findNodes(kind, { typeIds: [type.id], names: [name] });
      return (await this.hydrateNodes(tx, kind, rows))[0];
    });
  }

  private byExternalIds(kind: NodeKind, externalIds: readonly string[]): Promise<AnyNode[]> {
    if (externalIds.some((id) => id === '')) {
      return Promise.reject(new InvalidArgumentError('external ids must not be empty strings'));
    }
    if (externalIds.length === 0) return Promise.resolve([]);
    return this.run(false, async (tx) => this.hydrateNodes(tx, kind, await tx.findNodes(kind, { externalIds })));
  }

  getArtifacts(options?: ListOptions): Promise<ListResult<Artifact>> {
    return this.listNodes('artifact', {}, options);
  }
  getExecutions(options?: ListOptions): Promise<ListResult<Execution>> {
    return this.listNodes('execution', {}, options);
  }
  getContexts(options?: ListOptions): Promise<ListResult<Context>> {
    return this.listNodes('context', {}, options);
  }
  getArtifactsByIds(ids: readonly number[]): Promise<Artifact[]> {
    return this.byIds('artifact', ids);
  }
  getExecutionsByIds(ids: readonly number[]): Promise<Execution[]> {
    return this.byIds('execution', ids);
  }
  getContextsByIds(ids: readonly number[]): Promise<Context[]> {
    return this.byIds('context', ids);
  }
  getArtifactsByType(typeName: string, options?: ListOptions & { typeVersion?: string }) {
    return this.byType('artifact', typeName, options);
  }
  getExecutionsByType(typeName: string, options?: ListOptions & { typeVersion?: string }) {
    return this.byType('execution', typeName, options);
  }
  getContextsByType(typeName: string, options?: ListOptions & { typeVersion?: string }) {
    return this.byType('context', typeName, options);
  }
  getArtifactByTypeAndName(typeName: string, name: string, typeVersion?: string): Promise<Artifact | undefined> {
    return this.byTypeAndName('artifact', typeName, name, typeVersion);
  }
  getExecutionByTypeAndName(typeName: string, name: string, typeVersion?: string): Promise<Execution | undefined> {
    return this.byTypeAndName('execution', typeName, name, typeVersion);
  }
  getContextByTypeAndName(typeName: string, name: string, typeVersion?: string): Promise<Context | undefined> {
    return this.byTypeAndName('context', typeName, name, typeVersion);
  }
  getArtifactsByUri(uris: readonly string[]): Promise<Artifact[]> {
    const unique = [...new Set(uris)];
    if (unique.length === 0) return Promise.resolve([]);
    return this.run(false, async (tx) =>
      this.hydrateNodes(tx, 'artifact', await tx.findNodes('artifact', { uris: unique })),
    );
  }
  getArtifactsByExternalIds(externalIds: readonly string[]): Promise<Artifact[]> {
    return this.byExternalIds('artifact', externalIds);
  }
  getExecutionsByExternalIds(externalIds: readonly string[]): Promise<Execution[]> {
    return this.byExternalIds('execution', externalIds);
  }
  getContextsByExternalIds(externalIds: readonly string[]): Promise<Context[]> {
    return this.byExternalIds('context', externalIds);
  }

  // ---- events ----

  private async putEventIn(tx: MetadataTx, event: Event, check: boolean): Promise<void> {
    if (event.artifactId === undefined || event.executionId === undefined) {
      throw new InvalidArgumentError('an event needs both artifact_id and execution_id');
    }
    const type = eventTypeNumber(event.type);
    if (check) {
      if ((await tx.findNodes('artifact', { ids: [event.artifactId] })).length === 0) {
        throw new InvalidArgumentError(`no artifact with id ${event.artifactId} for the event`);
      }
      if ((await tx.findNodes('execution', { ids: [event.executionId] })).length === 0) {
        throw new InvalidArgumentError(`no execution with id ${event.executionId} for the event`);
      }
    }
    for (const step of event.path?.steps ?? []) {
      if ('index' in step ? !Number.isInteger(step.index) : typeof step.key !== 'string') {
        throw new InvalidArgumentError('an event path step needs an integer index or a string key');
      }
    }
    await tx.insertEvent({
      artifactId: event.artifactId,
      executionId: event.executionId,
      type,
      millis: event.millisecondsSinceEpoch ?? Date.now(),
      steps: event.path?.steps ?? [],
    });
  }

  putEvents(events: readonly Event[]): Promise<void> {
    return this.run(true, async (tx) => {
      for (const event of events) await this.putEventIn(tx, event, true);
    });
  }

  private getEvents(query: { artifactIds?: readonly number[]; executionIds?: readonly number[] }): Promise<Event[]> {
    if ((query.artifactIds ?? query.executionIds ?? []).length === 0) return Promise.resolve([]);
    return this.run(false, async (tx) => (await tx.findEvents(query)).map(toEvent));
  }

  getEventsByArtifactIds(ids: readonly number[]): Promise<Event[]> {
    return this.getEvents({ artifactIds: ids });
  }
  getEventsByExecutionIds(ids: readonly number[]): Promise<Event[]> {
    return this.getEvents({ executionIds: ids });
  }

  // ---- contexts and links ----

  putAttributionsAndAssociations(
    attributions: readonly Attribution[],
    associations: readonly Association[],
  ): Promise<void> {
    return this.run(true, async (tx) => {
      const mustExist = async (kind: NodeKind, id: number) => {
        if ((await tx.findNodes(kind, { ids: [id] })).length === 0) {
          throw new InvalidArgumentError(`no ${kind} with id ${id}`);
        }
      };
      for (const a of attributions) {
        await mustExist('context', a.contextId);
        await mustExist('artifact', a.artifactId);
        await tx.insertAttribution(a.contextId, a.artifactId);
      }
      for (const a of associations) {
        await mustExist('context', a.contextId);
        await mustExist('execution', a.executionId);
        await tx.insertAssociation(a.contextId, a.executionId);
      }
    });
  }

  getContextsByArtifact(artifactId: number): Promise<Context[]> {
    return this.run(false, async (tx) => {
      const ids = (await tx.findAttributions({ artifactIds: [artifactId] })).map((a) => a.contextId);
      return ids.length ? this.hydrateNodes(tx, 'context', await tx.findNodes('context', { ids })) : [];
    });
  }
  getContextsByExecution(executionId: number): Promise<Context[]> {
    return this.run(false, async (tx) => {
      const ids = (await tx.findAssociations({ executionIds: [executionId] })).map((a) => a.contextId);
      return ids.length ? this.hydrateNodes(tx, 'context', await tx.findNodes('context', { ids })) : [];
    });
  }
  getArtifactsByContext(contextId: number, options?: ListOptions): Promise<ListResult<Artifact>> {
    return this.listNodes('artifact', { contextId }, options);
  }
  getExecutionsByContext(contextId: number, options?: ListOptions): Promise<ListResult<Execution>> {
    return this.listNodes('execution', { contextId }, options);
  }

  putParentContexts(edges: readonly ParentContext[]): Promise<void> {
    return this.run(true, async (tx) => {
      for (const edge of edges) {
        if (!edge.childId || !edge.parentId) {
          throw new InvalidArgumentError('a parent context edge needs both child_id and parent_id');
        }
        for (const id of [edge.childId, edge.parentId]) {
          if ((await tx.findNodes('context', { ids: [id] })).length === 0) {
            throw new InvalidArgumentError(`no context with id ${id}`);
          }
        }
        if (edge.childId === edge.parentId) throw new InvalidArgumentError('a context cannot be its own parent');
        // A cycle would form if the child is already an ancestor of the parent.
        const seen = new Set<number>([edge.parentId]);
        let frontier = [edge.parentId];
        while (frontier.length > 0) {
          const parents = (await tx.findParentContexts({ childIds: frontier })).map((p) => p.parentId);
          if (parents.includes(edge.childId)) {
            throw new InvalidArgumentError(
              `making context ${edge.parentId} a parent of ${edge.childId} would create a cycle`,
            );
          }
          frontier = parents.filter((p) => !seen.has(p));
          for (const p of frontier) seen.add(p);
        }
        await tx.insertParentContext(edge.childId, edge.parentId);
      }
    });
  }

  private neighbours(contextIds: readonly number[], up: boolean): Promise<Map<number, Context[]>> {
    return this.run(false, async (tx) => {
      const edges = await tx.findParentContexts(up ? { childIds: contextIds } : { parentIds: contextIds });
      const otherIds = [...new Set(edges.map((e) => (up ? e.parentId : e.childId)))];
      const contexts = new Map(
        (otherIds.length
          ? await this.hydrateNodes(tx, 'context', await tx.findNodes('context', { ids: otherIds }))
          : []
        ).map((c) => [c.id as number, c] as const),
      );
      const out = new Map<number, Context[]>();
      for (const id of contextIds) out.set(id, []);
      for (const e of edges) {
        const key = up ? e.childId : e.parentId;
        const other = contexts.get(up ? e.parentId : e.childId);
        if (other) out.get(key)?.push(other);
      }
      return out;
    });
  }

  async getParentContextsByContext(contextId: number): Promise<Context[]> {
    return (await this.neighbours([contextId], true)).get(contextId) ?? [];
  }
  async getChildrenContextsByContext(contextId: number): Promise<Context[]> {
    return (await this.neighbours([contextId], false)).get(contextId) ?? [];
  }
  getParentContextsByContexts(contextIds: readonly number[]): Promise<Map<number, Context[]>> {
    return this.neighbours(contextIds, true);
  }
  getChildrenContextsByContexts(contextIds: readonly number[]): Promise<Map<number, Context[]>> {
    return this.neighbours(contextIds, false);
  }

  // ---- atomic subgraph writes ----

  private async upsertArtifactIn(tx: MetadataTx, artifact: Artifact, reuseByExternalId: boolean): Promise<number> {
    if (artifact.id === undefined && reuseByExternalId && artifact.externalId) {
      const [existing] = await tx.findNodes('artifact', { externalIds: [artifact.externalId] });
      if (existing) return this.putNodeIn(tx, 'artifact', { ...artifact, id: existing.id });
    }
    return this.putNodeIn(tx, 'artifact', artifact);
  }

  private async upsertContextIn(tx: MetadataTx, context: Context, options: PutExecutionOptions): Promise<number> {
    if (context.id !== undefined && options.forceReuseContext) {
      if ((await tx.findNodes('context', { ids: [context.id] })).length === 0) {
        throw new NotFoundError(`no context with id ${context.id}`);
      }
      return context.id;
    }
    if (
      context.id === undefined &&
      options.reuseContextIfAlreadyExist &&
      context.typeId !== undefined &&
      context.name
    ) {
      const [existing] = await tx.findNodes('context', { typeIds: [context.typeId], names: [context.name] });
      if (existing) return existing.id;
      try {
        return await this.putNodeIn(tx, 'context', context);
      } catch (error) {
        // Another writer created it between our read and insert: let the caller's retry reuse it.
        if (error instanceof AlreadyExistsError) {
          throw new AbortedError(`context '${context.name}' was created concurrently; retry`, { cause: error });
        }
        throw error;
      }
    }
    return this.putNodeIn(tx, 'context', context);
  }

  putExecution(
    execution: Execution,
    artifactEventPairs: readonly ArtifactAndEvent[],
    contexts: readonly Context[] = [],
    options: PutExecutionOptions = {},
  ): Promise<PutExecutionResult> {
    if (!execution) return Promise.reject(new InvalidArgumentError('put_execution needs an execution'));
    return this.run(true, async (tx) => {
      const pairArtifactIds: Array<number | undefined> = [];
      for (const pair of artifactEventPairs) {
        pairArtifactIds.push(
          pair.artifact
            ? await this.upsertArtifactIn(tx, pair.artifact, options.reuseArtifactIfAlreadyExistByExternalId ?? false)
            : undefined,
        );
      }
      const executionId = await this.putNodeIn(tx, 'execution', execution, {
        ...(options.forceUpdateTime ? { forceUpdateTime: true } : {}),
      });
      const artifactIds: number[] = [];
      for (const [i, pair] of artifactEventPairs.entries()) {
        const artifactId = pairArtifactIds[i];
        const event = pair.event;
        if (event) {
          if (event.executionId !== undefined && event.executionId !== executionId) {
            throw new InvalidArgumentError(
              `event ${i} names execution ${event.executionId}, not the recorded execution ${executionId}`,
            );
          }
          if (artifactId !== undefined && event.artifactId !== undefined && event.artifactId !== artifactId) {
            throw new InvalidArgumentError(`event ${i} names artifact ${event.artifactId}, not its paired artifact`);
          }
          const eventArtifactId = artifactId ?? event.artifactId;
          if (eventArtifactId === undefined) {
            throw new InvalidArgumentError(`event ${i} has neither a paired artifact nor an artifact_id`);
          }
          await this.putEventIn(tx, { ...event, artifactId: eventArtifactId, executionId }, artifactId === undefined);
          artifactIds.push(eventArtifactId);
        } else {
          artifactIds.push(artifactId ?? -1);
        }
      }
      const contextIds: number[] = [];
      const attributed = [...new Set(pairArtifactIds.filter((id): id is number => id !== undefined))];
      for (const context of contexts) {
        const contextId = await this.upsertContextIn(tx, context, options);
        contextIds.push(contextId);
        await tx.insertAssociation(contextId, executionId);
        for (const artifactId of attributed) await tx.insertAttribution(contextId, artifactId);
      }
      return { executionId, artifactIds, contextIds };
    });
  }

  putLineageSubgraph(
    executions: readonly Execution[],
    artifacts: readonly Artifact[],
    contexts: readonly Context[],
    eventEdges: readonly EventEdge[],
    options: Pick<PutExecutionOptions, 'reuseContextIfAlreadyExist' | 'reuseArtifactIfAlreadyExistByExternalId'> = {},
  ): Promise<PutLineageSubgraphResult> {
    // Edges are validated before anything is written.
    for (const [i, edge] of eventEdges.entries()) {
      const event = edge.event;
      if (!event) return Promise.reject(new InvalidArgumentError(`event edge ${i} has no event`));
      const check = (index: number | undefined, id: number | undefined, list: readonly AnyNode[], what: string) => {
        if (index === undefined && id === undefined) {
          throw new InvalidArgumentError(`event edge ${i} has neither a ${what} index nor an event ${what}_id`);
        }
        if (index === undefined) return;
        if (index < 0 || index >= list.length) {
          throw new OutOfRangeError(`event edge ${i}: ${what} index ${index} is outside the request's ${what}s`);
        }
        const nodeId = list[index]?.id;
        if (id !== undefined && nodeId !== id) {
          throw new InvalidArgumentError(`event edge ${i}: event ${what}_id ${id} does not match ${what} ${index}`);
        }
      };
      try {
        check(edge.executionIndex, event.executionId, executions, 'execution');
        check(edge.artifactIndex, event.artifactId, artifacts, 'artifact');
      } catch (error) {
        return Promise.reject(error);
      }
    }
    return this.run(true, async (tx) => {
      const contextIds: number[] = [];
      for (const context of contexts) contextIds.push(await this.upsertContextIn(tx, context, options));
      const artifactIds: number[] = [];
      for (const artifact of artifacts) {
        artifactIds.push(
          await this.upsertArtifactIn(tx, artifact, options.reuseArtifactIfAlreadyExistByExternalId ?? false),
        );
      }
      const executionIds: number[] = [];
      for (const execution of executions) executionIds.push(await this.putNodeIn(tx, 'execution', execution));
      for (const contextId of contextIds) {
        for (const id of executionIds) await tx.insertAssociation(contextId, id);
        for (const id of artifactIds) await tx.insertAttribution(contextId, id);
      }
      for (const edge of eventEdges) {
        const event = edge.event as Event;
        const executionId =
          edge.executionIndex !== undefined ? executionIds[edge.executionIndex] : (event.executionId as number);
        const artifactId =
          edge.artifactIndex !== undefined ? artifactIds[edge.artifactIndex] : (event.artifactId as number);
        await this.putEventIn(
          tx,
          {
            ...event,
            ...(artifactId !== undefined ? { artifactId } : {}),
            ...(executionId !== undefined ? { executionId } : {}),
          },
          edge.executionIndex === undefined || edge.artifactIndex === undefined,
        );
      }
      return { executionIds, artifactIds, contextIds };
    });
  }

  getLineageSubgraph(query: LineageSubgraphQuery, readMask: readonly LineageGraphField[] = []): Promise<LineageGraph> {
    return this.run(false, (tx) =>
      getLineageSubgraph(tx, query, readMask, {
        hydrateNodes: (kind, rows) => this.hydrateNodes(tx, kind, rows),
        hydrateTypes: (kind, rows) => this.hydrateTypes(tx, kind, rows),
      }),
    );
  }
}
