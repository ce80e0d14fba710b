import {
  type EventRow,
  type MetadataBackend,
  type MetadataTx,
  type NodeQuery,
  type NodeRow,
  orderValue,
  type TypeQuery,
  type TypeRow,
} from './backend.js';
import { AlreadyExistsError } from './errors.js';
import { type FilterEnv, matchesFilter } from './filter-eval.js';
import type { NodeKind, Relation } from './filter-query.js';
import { Mutex } from './mutex.js';
import type { PropertyRow } from './value-codec.js';

type OwnedProperty = PropertyRow & { ownerId: number };

interface State {
  readonly types: Map<number, TypeRow>;
  readonly typeProperties: Map<string, { typeId: number; name: string; dataType: number }>;
  readonly parentTypes: Map<string, { typeId: number; parentTypeId: number }>;
  readonly nodes: Record<NodeKind, Map<number, NodeRow>>;
  readonly properties: Record<NodeKind, Map<string, OwnedProperty>>;
  readonly events: Map<number, EventRow>;
  readonly attributions: Map<string, { contextId: number; artifactId: number }>;
  readonly associations: Map<string, { contextId: number; executionId: number }>;
  readonly parentContexts: Map<string, { childId: number; parentId: number }>;
}

/**
 * The in-memory store, for tests and throwaway runs: plain maps with an undo log, so a failed
 * transaction leaves no trace, and the same unique keys as the SQL schema.
 */
export class MemoryBackend implements MetadataBackend {
  readonly kind = 'memory' as const;
  private readonly mutex = new Mutex();
  private readonly state: State = {
    types: new Map(),
    typeProperties: new Map(),
    parentTypes: new Map(),
    nodes: { artifact: new Map(), execution: new Map(), context: new Map() },
    properties: { artifact: new Map(), execution: new Map(), context: new Map() },
    events: new Map(),
    attributions: new Map(),
    associations: new Map(),
    parentContexts: new Map(),
  };
  private readonly sequences = { type: 0, artifact: 0, execution: 0, context: 0, event: 0 };

  transaction<T>(body: (tx: MetadataTx) => Promise<T>): Promise<T> {
    return this.mutex.run(async () => {
      const tx = new MemoryTx(this.state, this.sequences);
      try {
        return await body(tx);
      } catch (error) {
        tx.rollback();
        throw error;
      }
    });
  }

  async close(): Promise<void> {}
}

function set<K, V>(undo: Array<() => void>, map: Map<K, V>, key: K, value: V): void {
  const had = map.has(key);
  const old = map.get(key);
  map.set(key, value);
  undo.push(() => (had ? map.set(key, old as V) : map.delete(key)));
}

function remove<K, V>(undo: Array<() => void>, map: Map<K, V>, key: K): void {
  if (!map.has(key)) return;
  const old = map.get(key) as V;
  map.delete(key);
  undo.push(() => map.set(key, old));
}

const inList = <T>(list: readonly T[] | undefined, value: T): boolean => list === undefined || list.includes(value);

class MemoryTx implements MetadataTx {
  private readonly undo: Array<() => void> = [];
  constructor(
    private readonly s: State,
    private readonly seq: { type: number; artifact: number; execution: number; context: number; event: number },
  ) {}

  async lockTypes(): Promise<void> {
    // One writer at a time already (the backend's mutex).
  }

  rollback(): void {
    for (let i = this.undo.length - 1; i >= 0; i--) this.undo[i]!();
  }

  async findTypes(q: TypeQuery): Promise<TypeRow[]> {
    return [...this.s.types.values()].filter(
      (t) =>
        t.typeKind === q.kind &&
        inList(q.ids, t.id) &&
        (q.name === undefined || t.name === q.name) &&
        (q.version === undefined || t.version === q.version) &&
        (q.externalIds === undefined || (t.externalId !== null && q.externalIds.includes(t.externalId))),
    );
  }

  private checkTypeExternalId(externalId: string | null, id: number): void {
    if (externalId === null) return;
    for (const t of this.s.types.values()) {
      if (t.externalId === externalId && t.id !== id) {
        throw new AlreadyExistsError(`a type with external_id '${externalId}' already exists`);
      }
    }
  }

  async insertType(row: Omit<TypeRow, 'id'>): Promise<number> {
    this.checkTypeExternalId(row.externalId, -1);
    const id = ++this.seq.type;
    set(this.undo, this.s.types, id, { ...row, id });
    return id;
  }

  async updateType(row: TypeRow): Promise<void> {
    this.checkTypeExternalId(row.externalId, row.id);
    set(this.undo, this.s.types, row.id, row);
  }

  async typeProperties(typeIds: readonly number[]) {
    return [...this.s.typeProperties.values()].filter((p) => typeIds.includes(p.typeId));
  }

  async insertTypeProperty(typeId: number, name: string, dataType: number): Promise<void> {
    const key = `${typeId}\0${name}`;
    if (this.s.typeProperties.has(key)) throw new AlreadyExistsError(`type ${typeId} already has property '${name}'`);
    set(this.undo, this.s.typeProperties, key, { typeId, name, dataType });
  }

  async parentTypes(typeIds: readonly number[]) {
    return [...this.s.parentTypes.values()].filter((p) => typeIds.includes(p.typeId));
  }

  async insertParentType(typeId: number, parentTypeId: number): Promise<void> {
    set(this.undo, this.s.parentTypes, `${typeId}\0${parentTypeId}`, { typeId, parentTypeId });
  }

  private checkNodeUnique(kind: NodeKind, row: Omit<NodeRow, 'id'>, id: number): void {
    for (const other of this.s.nodes[kind].values()) {
      if (other.id === id) continue;
      if (row.name !== null && other.typeId === row.typeId && other.name === row.name) {
        throw new AlreadyExistsError(`a ${kind} of type ${row.typeId} named '${row.name}' already exists`);
      }
      if (row.externalId !== null && other.externalId === row.externalId) {
        throw new AlreadyExistsError(`a ${kind} with external_id '${row.externalId}' already exists`);
      }
    }
  }

  async insertNode(kind: NodeKind, row: Omit<NodeRow, 'id'>): Promise<number> {
    this.checkNodeUnique(kind, row, -1);
    const id = ++this.seq[kind];
    set(this.undo, this.s.nodes[kind], id, { ...row, id });
    return id;
  }

  async updateNode(kind: NodeKind, row: NodeRow): Promise<void> {
    this.checkNodeUnique(kind, row, row.id);
    set(this.undo, this.s.nodes[kind], row.id, row);
  }

  private nodeReader(kind: NodeKind, node: NodeRow): (column: string) => unknown {
    return (column) => {
      switch (column) {
        case 'id':
          return node.id;
        case 'type_id':
          return node.typeId;
        case 'type':
          return this.s.types.get(node.typeId)?.name ?? null;
        case 'name':
          return node.name;
        case 'external_id':
          return node.externalId;
        case 'create_time_since_epoch':
          return node.createTime;
        case 'last_update_time_since_epoch':
          return node.lastUpdateTime;
        case 'uri':
          return kind === 'artifact' ? node.uri : undefined;
        case 'state':
        case 'last_known_state':
          return node.state;
        default:
          return undefined;
      }
    };
  }

  private related(kind: NodeKind, node: NodeRow, relation: Relation): Array<(column: string) => unknown> {
    const nodes = this.s.nodes;
    const readers = (k: NodeKind, ids: number[]) =>
      ids.flatMap((id) => {
        const row = nodes[k].get(id);
        return row ? [this.nodeReader(k, row)] : [];
      });
    switch (relation) {
      case 'contexts':
        return readers(
          'context',
          kind === 'artifact'
            ? [...this.s.attributions.values()].filter((a) => a.artifactId === node.id).map((a) => a.contextId)
            : [...this.s.associations.values()].filter((a) => a.executionId === node.id).map((a) => a.contextId),
        );
      case 'artifacts':
        return readers(
          'artifact',
          [...this.s.attributions.values()].filter((a) => a.contextId === node.id).map((a) => a.artifactId),
        );
      case 'executions':
        return readers(
          'execution',
          [...this.s.associations.values()].filter((a) => a.contextId === node.id).map((a) => a.executionId),
        );
      case 'parentContexts':
        return readers(
          'context',
          [...this.s.parentContexts.values()].filter((p) => p.childId === node.id).map((p) => p.parentId),
        );
      case 'childContexts':
        return readers(
          'context',
          [...this.s.parentContexts.values()].filter((p) => p.parentId === node.id).map((p) => p.childId),
        );
      case 'events':
        return [...this.s.events.values()]
          .filter((e) => (kind === 'artifact' ? e.artifactId : e.executionId) === node.id)
          .map((e) => (column: string) => {
            if (column === 'type') return e.type;
            if (column === 'milliseconds_since_epoch') return e.millis;
            if (column === 'execution_id') return e.executionId;
            if (column === 'artifact_id') return e.artifactId;
            return undefined;
          });
    }
  }

  async findNodes(kind: NodeKind, q: NodeQuery): Promise<NodeRow[]> {
    let rows = [...this.s.nodes[kind].values()].filter(
      (n) =>
        inList(q.ids, n.id) &&
        inList(q.typeIds, n.typeId) &&
        (q.names === undefined || (n.name !== null && q.names.includes(n.name))) &&
        (q.uris === undefined || (n.uri !== null && q.uris.includes(n.uri))) &&
        (q.externalIds === undefined || (n.externalId !== null && q.externalIds.includes(n.externalId))),
    );
    if (q.contextId !== undefined) {
      const ids = new Set(
        kind === 'artifact'
          ? [...this.s.attributions.values()].filter((a) => a.contextId === q.contextId).map((a) => a.artifactId)
          : [...this.s.associations.values()].filter((a) => a.contextId === q.contextId).map((a) => a.executionId),
      );
      rows = rows.filter((n) => ids.has(n.id));
    }
    const filter = q.filter;
    if (filter) {
      rows = rows.filter((n) => {
        const env: FilterEnv = {
          node: this.nodeReader(kind, n),
          property: (name, custom, column) => {
            const p = this.s.properties[kind].get(`${n.id}\0${name}\0${custom ? 1 : 0}`);
            if (!p) return null;
            if (column === 'int_value') return p.intValue;
            if (column === 'double_value') return p.doubleValue;
            if (column === 'string_value') return p.stringValue;
            return p.boolValue;
          },
          related: (relation) => this.related(kind, n, relation),
        };
        return matchesFilter(filter, env);
      });
    }
    const order = q.order ?? { field: 'id', asc: true };
    const value = (n: NodeRow) => orderValue(n, order.field);
    const dir = order.asc ? 1 : -1;
    rows.sort((a, b) => (value(a) - value(b) || a.id - b.id) * dir);
    const after = q.after;
    if (after) {
      rows = rows.filter((n) => (value(n) - after.value || n.id - after.id) * dir > 0);
    }
    return q.limit === undefined ? rows : rows.slice(0, q.limit);
  }

  async nodeProperties(kind: NodeKind, ids: readonly number[]) {
    const wanted = new Set(ids);
    return [...this.s.properties[kind].values()].filter((p) => wanted.has(p.ownerId));
  }

  async insertProperty(kind: NodeKind, ownerId: number, row: PropertyRow): Promise<void> {
    set(this.undo, this.s.properties[kind], `${ownerId}\0${row.name}\0${row.isCustom ? 1 : 0}`, { ...row, ownerId });
  }

  async deleteProperty(kind: NodeKind, ownerId: number, name: string, isCustom: boolean): Promise<void> {
    remove(this.undo, this.s.properties[kind], `${ownerId}\0${name}\0${isCustom ? 1 : 0}`);
  }

  async insertEvent(row: Omit<EventRow, 'id'>): Promise<number> {
    for (const e of this.s.events.values()) {
      if (e.artifactId === row.artifactId && e.executionId === row.executionId && e.type === row.type) {
        throw new AlreadyExistsError(
          `an event of this type between artifact ${row.artifactId} and execution ${row.executionId} already exists`,
        );
      }
    }
    const id = ++this.seq.event;
    set(this.undo, this.s.events, id, { ...row, id });
    return id;
  }

  async findEvents(q: { artifactIds?: readonly number[]; executionIds?: readonly number[] }): Promise<EventRow[]> {
    return [...this.s.events.values()].filter(
      (e) => inList(q.artifactIds, e.artifactId) && inList(q.executionIds, e.executionId),
    );
  }

  async insertAttribution(contextId: number, artifactId: number): Promise<boolean> {
    const key = `${contextId}\0${artifactId}`;
    if (this.s.attributions.has(key)) return false;
    set(this.undo, this.s.attributions, key, { contextId, artifactId });
    return true;
  }

  async insertAssociation(contextId: number, executionId: number): Promise<boolean> {
    const key = `${contextId}\0${executionId}`;
    if (this.s.associations.has(key)) return false;
    set(this.undo, this.s.associations, key, { contextId, executionId });
    return true;
  }

  async findAttributions(q: { contextIds?: readonly number[]; artifactIds?: readonly number[] }) {
    return [...this.s.attributions.values()].filter(
      (a) => inList(q.contextIds, a.contextId) && inList(q.artifactIds, a.artifactId),
    );
  }

  async findAssociations(q: { contextIds?: readonly number[]; executionIds?: readonly number[] }) {
    return [...this.s.associations.values()].filter(
      (a) => inList(q.contextIds, a.contextId) && inList(q.executionIds, a.executionId),
    );
  }

  async insertParentContext(childId: number, parentId: number): Promise<void> {
    const key = `${childId}\0${parentId}`;
    if (this.s.parentContexts.has(key)) {
      throw new AlreadyExistsError(`context ${parentId} is already a parent of context ${childId}`);
    }
    set(this.undo, this.s.parentContexts, key, { childId, parentId });
  }

  async findParentContexts(q: { childIds?: readonly number[]; parentIds?: readonly number[] }) {
    return [...this.s.parentContexts.values()].filter(
      (p) => inList(q.childIds, p.childId) && inList(q.parentIds, p.parentId),
    );
  }
}
