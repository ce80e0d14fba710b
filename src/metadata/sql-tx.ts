import type { EventRow, MetadataTx, NodeQuery, NodeRow, TypeKindNumber, TypeQuery, TypeRow } from './backend.js';
import type { NodeKind } from './filter-query.js';
import type { SqlConnection, SqlRow } from './sql-connection.js';
import { compileFilter, NODE_TABLE, PROPERTY_TABLE } from './sql-filter.js';
import type { EventStep } from './types.js';
import type { PropertyRow } from './value-codec.js';

const num = (v: unknown): number => (typeof v === 'number' ? v : Number(v));
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : num(v));
const strOrNull = (v: unknown): string | null =>
  v === null || v === undefined ? null : v instanceof Uint8Array ? Buffer.from(v).toString('utf8') : String(v);
const boolOrNull = (v: unknown): boolean | null =>
  v === null || v === undefined
    ? null
    : v === true || v === 1 || v === '1' || v === 't' || (typeof v === 'bigint' && v !== 0n);
const marks = (n: number) => new Array(n).fill('?').join(', ');

/**
 * ` WHERE a IN (?, …) AND b IN (?, …)` for the id lists given (an undefined list does not filter),
 * with its parameters; undefined when a list is empty, since such a query matches no row.
 */
function idFilters(
  filters: readonly (readonly [column: string, ids: readonly number[] | undefined])[],
): { where: string; params: number[] } | undefined {
  const where: string[] = [];
  const params: number[] = [];
  for (const [column, ids] of filters) {
    if (ids === undefined) continue;
    if (ids.length === 0) return undefined;
    where.push(`${column} IN (${marks(ids.length)})`);
    params.push(...ids);
  }
  return { where: where.length ? ` WHERE ${where.join(' AND ')}` : '', params };
}

/** Columns of a node table as the store reads them. */
function stateColumn(kind: NodeKind): string | undefined {
  return kind === 'artifact' ? 'state' : kind === 'execution' ? 'last_known_state' : undefined;
}

function nodeSelect(kind: NodeKind, alias = 'n'): string {
  const state = stateColumn(kind);
  return [
    `${alias}.id`,
    `${alias}.type_id`,
    kind === 'artifact' ? `${alias}.uri` : 'NULL AS uri',
    state ? `${alias}.${state} AS state` : 'NULL AS state',
    `${alias}.name`,
    `${alias}.external_id`,
    `${alias}.create_time_since_epoch`,
    `${alias}.last_update_time_since_epoch`,
  ].join(', ');
}

function toNodeRow(row: SqlRow): NodeRow {
  return {
    id: num(row.id),
    typeId: num(row.type_id),
    uri: strOrNull(row.uri),
    state: numOrNull(row.state),
    name: strOrNull(row.name),
    externalId: strOrNull(row.external_id),
    createTime: num(row.create_time_since_epoch),
    lastUpdateTime: num(row.last_update_time_since_epoch),
  };
}

function toTypeRow(row: SqlRow): TypeRow {
  return {
    id: num(row.id),
    name: String(row.name),
    version: strOrNull(row.version),
    typeKind: num(row.type_kind) as TypeKindNumber,
    description: strOrNull(row.description),
    inputType: strOrNull(row.input_type),
    outputType: strOrNull(row.output_type),
    externalId: strOrNull(row.external_id),
  };
}

/** MetadataTx over SQL: MLMD's tables and columns, parameterized statements only. */
export class SqlTx implements MetadataTx {
  constructor(private readonly db: SqlConnection) {}

  private flag(value: boolean): boolean | number {
    return this.db.dialect === 'postgres' ? value : value ? 1 : 0;
  }

  async findTypes(q: TypeQuery): Promise<TypeRow[]> {
    const where = ['type_kind = ?'];
    const params: unknown[] = [q.kind];
    if (q.ids) {
      if (q.ids.length === 0) return [];
      where.push(`id IN (${marks(q.ids.length)})`);
      params.push(...q.ids);
    }
    if (q.name !== undefined) {
      where.push('name = ?');
      params.push(q.name);
    }
    if (q.version === null) where.push('version IS NULL');
    else if (q.version !== undefined) {
      where.push('version = ?');
      params.push(q.version);
    }
    if (q.externalIds) {
      if (q.externalIds.length === 0) return [];
      where.push(`external_id IN (${marks(q.externalIds.length)})`);
      params.push(...q.externalIds);
    }
    const rows = await this.db.all(
      `SELECT id, name, version, type_kind, description, input_type, output_type, external_id FROM Type WHERE ${where.join(' AND ')} ORDER BY id`,
      params,
    );
    return rows.map(toTypeRow);
  }

  insertType(row: Omit<TypeRow, 'id'>): Promise<number> {
    return this.db.insert(
      'INSERT INTO Type (name, version, type_kind, description, input_type, output_type, external_id) VALUES (?, ?, ?, ?, ?, ?, ?)',
      [row.name, row.version, row.typeKind, row.description, row.inputType, row.outputType, row.externalId],
    );
  }

  async updateType(row: TypeRow): Promise<void> {
    await this.db.run('UPDATE Type SET description = ?, external_id = ? WHERE id = ?', [
      row.description,
      row.externalId,
      row.id,
    ]);
  }

  async typeProperties(typeIds: readonly number[]) {
    if (typeIds.length === 0) return [];
    const rows = await this.db.all(
      `SELECT type_id, name, data_type FROM TypeProperty WHERE type_id IN (${marks(typeIds.length)})`,
      typeIds,
    );
    return rows.map((r) => ({ typeId: num(r.type_id), name: String(r.name), dataType: num(r.data_type) }));
  }

  async insertTypeProperty(typeId: number, name: string, dataType: number): Promise<void> {
    await this.db.run('INSERT INTO TypeProperty (type_id, name, data_type) VALUES (?, ?, ?)', [typeId, name, dataType]);
  }

  async parentTypes(typeIds: readonly number[]) {
    if (typeIds.length === 0) return [];
    const rows = await this.db.all(
      `SELECT type_id, parent_type_id FROM ParentType WHERE type_id IN (${marks(typeIds.length)})`,
      typeIds,
    );
    return rows.map((r) => ({ typeId: num(r.type_id), parentTypeId: num(r.parent_type_id) }));
  }

  async insertParentType(typeId: number, parentTypeId: number): Promise<void> {
    await this.db.run('INSERT INTO ParentType (type_id, parent_type_id) VALUES (?, ?)', [typeId, parentTypeId]);
  }

  insertNode(kind: NodeKind, row: Omit<NodeRow, 'id'>): Promise<number> {
    if (kind === 'artifact') {
      return this.db.insert(
        'INSERT INTO Artifact (type_id, uri, state, name, external_id, create_time_since_epoch, last_update_time_since_epoch) VALUES (?, ?, ?, ?, ?, ?, ?)',
        [row.typeId, row.uri ?? '', row.state, row.name, row.externalId, row.createTime, row.lastUpdateTime],
      );
    }
    if (kind === 'execution') {
      return this.db.insert(
        'INSERT INTO Execution (type_id, last_known_state, name, external_id, create_time_since_epoch, last_update_time_since_epoch) VALUES (?, ?, ?, ?, ?, ?)',
        [row.typeId, row.state, row.name, row.externalId, row.createTime, row.lastUpdateTime],
      );
    }
    return this.db.insert(
      'INSERT INTO Context (type_id, name, external_id, create_time_since_epoch, last_update_time_since_epoch) VALUES (?, ?, ?, ?, ?)',
      [row.typeId, row.name, row.externalId, row.createTime, row.lastUpdateTime],
    );
  }

  async updateNode(kind: NodeKind, row: NodeRow): Promise<void> {
    if (kind === 'artifact') {
      await this.db.run(
        'UPDATE Artifact SET uri = ?, state = ?, external_id = ?, last_update_time_since_epoch = ? WHERE id = ?',
        [row.uri ?? '', row.state, row.externalId, row.lastUpdateTime, row.id],
      );
    } else if (kind === 'execution') {
      await this.db.run(
        'UPDATE Execution SET last_known_state = ?, external_id = ?, last_update_time_since_epoch = ? WHERE id = ?',
        [row.state, row.externalId, row.lastUpdateTime, row.id],
      );
    } else {
      await this.db.run('UPDATE Context SET name = ?, external_id = ?, last_update_time_since_epoch = ? WHERE id = ?', [
        row.name,
        row.externalId,
        row.lastUpdateTime,
        row.id,
      ]);
    }
  }

  async findNodes(kind: NodeKind, q: NodeQuery): Promise<NodeRow[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const inList = (column: string, values: readonly unknown[] | undefined): boolean => {
      if (values === undefined) return true;
      if (values.length === 0) return false;
      where.push(`${column} IN (${marks(values.length)})`);
      params.push(...values);
      return true;
    };
    if (
      !inList('n.id', q.ids) ||
      !inList('n.type_id', q.typeIds) ||
      !inList('n.name', q.names) ||
      !inList('n.uri', q.uris) ||
      !inList('n.external_id', q.externalIds)
    ) {
      return [];
    }
    if (q.contextId !== undefined) {
      where.push(
        kind === 'artifact'
          ? 'n.id IN (SELECT artifact_id FROM Attribution WHERE context_id = ?)'
          : 'n.id IN (SELECT execution_id FROM Association WHERE context_id = ?)',
      );
      params.push(q.contextId);
    }
    if (q.filter) {
      const compiled = compileFilter(q.filter, this.db.dialect);
      where.push(compiled.sql);
      params.push(...compiled.params);
    }
    const order = q.order ?? { field: 'id', asc: true };
    const dir = order.asc ? 'ASC' : 'DESC';
    const cmp = order.asc ? '>' : '<';
    if (q.after) {
      if (order.field === 'id') {
        where.push(`n.id ${cmp} ?`);
        params.push(q.after.id);
      } else {
        where.push(`(n.${order.field} ${cmp} ? OR (n.${order.field} = ? AND n.id ${cmp} ?))`);
        params.push(q.after.value, q.after.value, q.after.id);
      }
    }
    let sql = `SELECT ${nodeSelect(kind)} FROM ${NODE_TABLE[kind]} n`;
    if (where.length) sql += ` WHERE ${where.join(' AND ')}`;
    sql += order.field === 'id' ? ` ORDER BY n.id ${dir}` : ` ORDER BY n.${order.field} ${dir}, n.id ${dir}`;
    if (q.limit !== undefined) {
      sql += ' LIMIT ?';
      params.push(q.limit);
    }
    return (await this.db.all(sql, params)).map(toNodeRow);
  }

  async nodeProperties(kind: NodeKind, ids: readonly number[]) {
    if (ids.length === 0) return [];
    const { table, owner } = PROPERTY_TABLE[kind];
    const rows = await this.db.all(
      `SELECT ${owner} AS owner_id, name, is_custom_property, int_value, double_value, string_value, proto_value, bool_value FROM ${table} WHERE ${owner} IN (${marks(ids.length)})`,
      ids,
    );
    return rows.map((r) => ({
      ownerId: num(r.owner_id),
      name: String(r.name),
      isCustom: boolOrNull(r.is_custom_property) === true,
      intValue: numOrNull(r.int_value),
      doubleValue: numOrNull(r.double_value),
      stringValue: strOrNull(r.string_value),
      protoValue: strOrNull(r.proto_value),
      boolValue: boolOrNull(r.bool_value),
    }));
  }

  async insertProperty(kind: NodeKind, ownerId: number, row: PropertyRow): Promise<void> {
    const { table, owner } = PROPERTY_TABLE[kind];
    await this.db.run(
      `INSERT INTO ${table} (${owner}, name, is_custom_property, int_value, double_value, string_value, proto_value, bool_value) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        ownerId,
        row.name,
        this.flag(row.isCustom),
        row.intValue,
        row.doubleValue,
        row.stringValue,
        // MLMD writes the base64 text itself into the BLOB/BYTEA column.
        row.protoValue === null || this.db.dialect !== 'postgres'
          ? row.protoValue
          : Buffer.from(row.protoValue, 'utf8'),
        row.boolValue === null ? null : this.flag(row.boolValue),
      ],
    );
  }

  async deleteProperty(kind: NodeKind, ownerId: number, name: string, isCustom: boolean): Promise<void> {
    const { table, owner } = PROPERTY_TABLE[kind];
    await this.db.run(`DELETE FROM ${table} WHERE ${owner} = ? AND name = ? AND is_custom_property = ?`, [
      ownerId,
      name,
      this.flag(isCustom),
    ]);
  }

  async insertEvent(row: Omit<EventRow, 'id'>): Promise<number> {
    const id = await this.db.insert(
      'INSERT INTO Event (artifact_id, execution_id, type, milliseconds_since_epoch) VALUES (?, ?, ?, ?)',
      [row.artifactId, row.executionId, row.type, row.millis],
    );
    // EventPath has no ordering column: steps are read back in insertion order.
    for (const step of row.steps) {
      if ('index' in step) {
        await this.db.run('INSERT INTO EventPath (event_id, is_index_step, step_index) VALUES (?, ?, ?)', [
          id,
          this.flag(true),
          step.index,
        ]);
      } else {
        await this.db.run('INSERT INTO EventPath (event_id, is_index_step, step_key) VALUES (?, ?, ?)', [
          id,
          this.flag(false),
          step.key,
        ]);
      }
    }
    return id;
  }

  async findEvents(q: { artifactIds?: readonly number[]; executionIds?: readonly number[] }): Promise<EventRow[]> {
    const filter = idFilters([
      ['artifact_id', q.artifactIds],
      ['execution_id', q.executionIds],
    ]);
    if (!filter) return [];
    const rows = await this.db.all(
      `SELECT id, artifact_id, execution_id, type, milliseconds_since_epoch FROM Event${filter.where} ORDER BY id`,
      filter.params,
    );
    if (rows.length === 0) return [];
    const steps = new Map<number, EventStep[]>();
    const ids = rows.map((r) => num(r.id));
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500);
      // Physical order is insertion order in all three engines for this append-only table.
      const order = this.db.dialect === 'sqlite' ? ' ORDER BY rowid' : '';
      const pathRows = await this.db.all(
        `SELECT event_id, is_index_step, step_index, step_key FROM EventPath WHERE event_id IN (${marks(chunk.length)})${order}`,
        chunk,
      );
      for (const p of pathRows) {
        const eventId = num(p.event_id);
        const step: EventStep = boolOrNull(p.is_index_step)
          ? { index: num(p.step_index) }
          : { key: strOrNull(p.step_key) ?? '' };
        const list = steps.get(eventId);
        if (list) list.push(step);
        else steps.set(eventId, [step]);
      }
    }
    return rows.map((r) => ({
      id: num(r.id),
      artifactId: num(r.artifact_id),
      executionId: num(r.execution_id),
      type: num(r.type),
      millis: numOrNull(r.milliseconds_since_epoch),
      steps: steps.get(num(r.id)) ?? [],
    }));
  }

  private async insertLink(table: string, column: string, contextId: number, otherId: number): Promise<boolean> {
    const sql =
      this.db.dialect === 'sqlite'
        ? `INSERT OR IGNORE INTO ${table} (context_id, ${column}) VALUES (?, ?)`
        : this.db.dialect === 'mysql'
          ? `INSERT IGNORE INTO ${table} (context_id, ${column}) VALUES (?, ?)`
          : `INSERT INTO ${table} (context_id, ${column}) VALUES (?, ?) ON CONFLICT DO NOTHING`;
    return (await this.db.run(sql, [contextId, otherId])) > 0;
  }

  insertAttribution(contextId: number, artifactId: number): Promise<boolean> {
    return this.insertLink('Attribution', 'artifact_id', contextId, artifactId);
  }

  insertAssociation(contextId: number, executionId: number): Promise<boolean> {
    return this.insertLink('Association', 'execution_id', contextId, executionId);
  }

  private async findLinks(table: string, column: string, contextIds?: readonly number[], otherIds?: readonly number[]) {
    const filter = idFilters([
      ['context_id', contextIds],
      [column, otherIds],
    ]);
    if (!filter) return [];
    const rows = await this.db.all(
      `SELECT context_id, ${column} AS other_id FROM ${table}${filter.where} ORDER BY id`,
      filter.params,
    );
    return rows.map((r) => ({ contextId: num(r.context_id), otherId: num(r.other_id) }));
  }

  async findAttributions(q: { contextIds?: readonly number[]; artifactIds?: readonly number[] }) {
    const rows = await this.findLinks('Attribution', 'artifact_id', q.contextIds, q.artifactIds);
    return rows.map((r) => ({ contextId: r.contextId, artifactId: r.otherId }));
  }

  async findAssociations(q: { contextIds?: readonly number[]; executionIds?: readonly number[] }) {
    const rows = await this.findLinks('Association', 'execution_id', q.contextIds, q.executionIds);
    return rows.map((r) => ({ contextId: r.contextId, executionId: r.otherId }));
  }

  async insertParentContext(childId: number, parentId: number): Promise<void> {
    await this.db.run('INSERT INTO ParentContext (context_id, parent_context_id) VALUES (?, ?)', [childId, parentId]);
  }

  async findParentContexts(q: { childIds?: readonly number[]; parentIds?: readonly number[] }) {
    const filter = idFilters([
      ['context_id', q.childIds],
      ['parent_context_id', q.parentIds],
    ]);
    if (!filter) return [];
    const rows = await this.db.all(
      `SELECT context_id, parent_context_id FROM ParentContext${filter.where}`,
      filter.params,
    );
    return rows.map((r) => ({ childId: num(r.context_id), parentId: num(r.parent_context_id) }));
  }

  lockTypes(): Promise<void> {
    return this.db.lockTypes();
  }
}
