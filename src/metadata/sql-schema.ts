/** The SQL dialects the store speaks. */
export type SqlDialect = 'sqlite' | 'postgres' | 'mysql';

/** MLMD schema version this store writes and reads (docs/metadata.md). */
export const SCHEMA_VERSION = 10;

/** The 15 tables of schema v10, in creation order. */
export const MLMD_TABLES = [
  'Type',
  'ParentType',
  'TypeProperty',
  'Artifact',
  'ArtifactProperty',
  'Execution',
  'ExecutionProperty',
  'Context',
  'ContextProperty',
  'ParentContext',
  'Event',
  'EventPath',
  'Association',
  'Attribution',
  'MLMDEnv',
] as const;

/** One of the MLMD tables. */
export type MlmdTable = (typeof MLMD_TABLES)[number];

interface Types {
  readonly id: string;
  readonly time: string;
  readonly propertyInt: string;
  readonly double: string;
  readonly longText: string;
  readonly blob: string;
  readonly flag: string;
  readonly typeKind: string;
  readonly bool: string;
}

const TYPES: Readonly<Record<SqlDialect, Types>> = {
  sqlite: {
    id: 'INTEGER PRIMARY KEY AUTOINCREMENT',
    time: 'INT',
    propertyInt: 'INT',
    double: 'DOUBLE',
    longText: 'TEXT',
    blob: 'BLOB',
    flag: 'TINYINT(1)',
    typeKind: 'TINYINT(1)',
    bool: 'BOOLEAN',
  },
  mysql: {
    id: 'INTEGER PRIMARY KEY AUTO_INCREMENT',
    time: 'BIGINT',
    propertyInt: 'INT',
    double: 'DOUBLE',
    longText: 'MEDIUMTEXT',
    blob: 'MEDIUMBLOB',
    flag: 'TINYINT(1)',
    typeKind: 'TINYINT(1)',
    bool: 'BOOLEAN',
  },
  postgres: {
    id: 'SERIAL PRIMARY KEY',
    time: 'BIGINT',
    propertyInt: 'INT',
    double: 'DOUBLE PRECISION',
    longText: 'TEXT',
    blob: 'BYTEA',
    flag: 'BOOLEAN',
    typeKind: 'SMALLINT',
    bool: 'BOOLEAN',
  },
};

/**
 * A column and the schema versions it exists in (docs/metadata.md): from `since`, until (excluding)
 * `until`. `renamedFrom` names the column an upgrade copies its values from.
 */
export interface ColumnSpec {
  readonly name: string;
  /** Type and column constraints, in the dialect. */
  readonly definition: string;
  readonly since: number;
  readonly until?: number;
  readonly renamedFrom?: string;
}

/** A table-level constraint (primary or unique key) and the version that added it. */
interface ConstraintSpec {
  readonly sql: string;
  readonly since: number;
}

/** A table as it was created or reshaped across schema versions 0..10. */
export interface TableSpec {
  readonly name: MlmdTable;
  readonly since: number;
  readonly columns: readonly ColumnSpec[];
  readonly constraints: readonly ConstraintSpec[];
}

/** A named secondary index and the versions it exists in. */
export interface IndexSpec {
  readonly name: string;
  readonly table: MlmdTable;
  readonly since: number;
  readonly until?: number;
  /** The CREATE INDEX statement. */
  readonly sql: string;
}

const exists = (item: { since: number; until?: number }, version: number) =>
  item.since <= version && (item.until === undefined || version < item.until);

/** Quotes an identifier as MLMD does: back-quoted in SQLite/MySQL, bare (folded) in PostgreSQL. */
export function quoteIdentifier(dialect: SqlDialect, name: string): string {
  return dialect === 'postgres' ? name : `\`${name}\``;
}

/**
 * Every MLMD table across the schema history, for one dialect: columns in v10 creation order,
 * each tagged with the version that added it (docs/metadata.md). The v0 shape (ml-metadata
 * 0.13.2) is what remains when the later additions are taken away.
 */
export function tableSpecs(dialect: SqlDialect): TableSpec[] {
  const t = TYPES[dialect];
  const q = (name: string) => quoteIdentifier(dialect, name);
  // MySQL/PostgreSQL name three of the unique constraints; SQLite leaves them unnamed.
  const named = (name: string) => (dialect === 'sqlite' ? '' : `CONSTRAINT ${name} `);
  const col = (name: string, definition: string, since = 0, extra: Partial<ColumnSpec> = {}): ColumnSpec => ({
    name,
    definition,
    since,
    ...extra,
  });
  const key = (columns: string[], since = 0) => ({
    sql: `PRIMARY KEY (${columns.map(q).join(', ')})`,
    since,
  });
  const unique = (columns: string[], since: number, name?: string) => ({
    sql: `${name ? named(name) : ''}UNIQUE(${columns.map(q).join(', ')})`,
    since,
  });
  // Artifact/Execution/Context: node state, name and timestamps came in v5, external ids in v9.
  const times = (since: number) => [
    col('create_time_since_epoch', `${t.time} NOT NULL DEFAULT 0`, since),
    col('last_update_time_since_epoch', `${t.time} NOT NULL DEFAULT 0`, since),
  ];
  const property = (name: MlmdTable, owner: string, since: number): TableSpec => ({
    name,
    since,
    columns: [
      col(owner, 'INT NOT NULL', since),
      col('name', 'VARCHAR(255) NOT NULL', since),
      col('is_custom_property', `${t.flag} NOT NULL`, since),
      col('int_value', t.propertyInt, since),
      col('double_value', t.double, since),
      col('string_value', t.longText, since),
      col('byte_value', t.blob, 7),
      col('proto_value', t.blob, 10),
      col('bool_value', t.bool, 10),
    ],
    constraints: [key([owner, 'name', 'is_custom_property'], since)],
  });
  return [
    {
      name: 'Type',
      since: 0,
      columns: [
        col('id', t.id),
        col('name', 'VARCHAR(255) NOT NULL'),
        col('version', 'VARCHAR(255)', 6),
        // Before v2 a type was an artifact type (1) or an execution type (0): the same numbers
        // type_kind uses, so the rename keeps every kind.
        col('is_artifact_type', `${t.flag} NOT NULL`, 0, { until: 2 }),
        col('type_kind', `${t.typeKind} NOT NULL`, 2, { renamedFrom: 'is_artifact_type' }),
        col('description', 'TEXT', 6),
        col('input_type', 'TEXT'),
        col('output_type', 'TEXT'),
        col('external_id', 'VARCHAR(255) UNIQUE', 9),
      ],
      constraints: [],
    },
    {
      name: 'ParentType',
      since: 6,
      columns: [col('type_id', 'INT NOT NULL', 6), col('parent_type_id', 'INT NOT NULL', 6)],
      constraints: [key(['type_id', 'parent_type_id'], 6)],
    },
    {
      name: 'TypeProperty',
      since: 0,
      columns: [col('type_id', 'INT NOT NULL'), col('name', 'VARCHAR(255) NOT NULL'), col('data_type', 'INT NULL')],
      constraints: [key(['type_id', 'name'])],
    },
    {
      name: 'Artifact',
      since: 0,
      columns: [
        col('id', t.id),
        col('type_id', 'INT NOT NULL'),
        col('uri', 'TEXT'),
        col('state', 'INT', 5),
        col('name', 'VARCHAR(255)', 5),
        col('external_id', 'VARCHAR(255) UNIQUE', 9),
        ...times(5),
      ],
      constraints: [unique(['type_id', 'name'], 5, 'UniqueArtifactTypeName')],
    },
    property('ArtifactProperty', 'artifact_id', 0),
    {
      name: 'Execution',
      since: 0,
      columns: [
        col('id', t.id),
        col('type_id', 'INT NOT NULL'),
        col('last_known_state', 'INT', 5),
        col('name', 'VARCHAR(255)', 5),
        col('external_id', 'VARCHAR(255) UNIQUE', 9),
        ...times(5),
      ],
      constraints: [unique(['type_id', 'name'], 5, 'UniqueExecutionTypeName')],
    },
    property('ExecutionProperty', 'execution_id', 0),
    {
      name: 'Context',
      since: 3,
      columns: [
        col('id', t.id, 3),
        col('type_id', 'INT NOT NULL', 3),
        col('name', 'VARCHAR(255) NOT NULL', 3),
        col('external_id', 'VARCHAR(255) UNIQUE', 9),
        ...times(5),
      ],
      constraints: [unique(['type_id', 'name'], 3)],
    },
    property('ContextProperty', 'context_id', 3),
    {
      name: 'ParentContext',
      since: 6,
      columns: [col('context_id', 'INT NOT NULL', 6), col('parent_context_id', 'INT NOT NULL', 6)],
      constraints: [key(['context_id', 'parent_context_id'], 6)],
    },
    {
      name: 'Event',
      since: 0,
      columns: [
        col('id', t.id),
        col('artifact_id', 'INT NOT NULL'),
        col('execution_id', 'INT NOT NULL'),
        col('type', 'INT NOT NULL'),
        col('milliseconds_since_epoch', t.time),
      ],
      constraints: [unique(['artifact_id', 'execution_id', 'type'], 8, 'UniqueEvent')],
    },
    {
      name: 'EventPath',
      since: 0,
      columns: [
        col('event_id', 'INT NOT NULL'),
        col('is_index_step', `${t.flag} NOT NULL`),
        col('step_index', 'INT'),
        col('step_key', 'TEXT'),
      ],
      constraints: [],
    },
    {
      name: 'Association',
      since: 4,
      columns: [col('id', t.id, 4), col('context_id', 'INT NOT NULL', 4), col('execution_id', 'INT NOT NULL', 4)],
      constraints: [unique(['context_id', 'execution_id'], 4)],
    },
    {
      name: 'Attribution',
      since: 4,
      columns: [col('id', t.id, 4), col('context_id', 'INT NOT NULL', 4), col('artifact_id', 'INT NOT NULL', 4)],
      constraints: [unique(['context_id', 'artifact_id'], 4)],
    },
    {
      name: 'MLMDEnv',
      since: 1,
      columns: [col('schema_version', 'INTEGER PRIMARY KEY', 1)],
      constraints: [],
    },
  ];
}

/** The spec of one table in one dialect. */
export function tableSpec(dialect: SqlDialect, table: MlmdTable): TableSpec {
  const spec = tableSpecs(dialect).find((s) => s.name === table);
  if (!spec) throw new Error(`unknown MLMD table ${table}`);
  return spec;
}

/**
 * The columns `table` has at `version`. `keep` lists columns of later versions the table
 * already holds (a database whose tables are ahead of its recorded version): they are kept.
 */
export function columnsAt(spec: TableSpec, version: number, keep: ReadonlySet<string> = new Set()): ColumnSpec[] {
  return spec.columns.filter((c) => exists(c, version) || (c.since > version && keep.has(c.name.toLowerCase())));
}

/** The CREATE TABLE statement of `table` as it was at `version`. */
export function createTableStatement(
  dialect: SqlDialect,
  spec: TableSpec,
  version: number,
  keep: ReadonlySet<string> = new Set(),
): string {
  const q = (name: string) => quoteIdentifier(dialect, name);
  const parts = [
    ...columnsAt(spec, version, keep).map((c) => `${q(c.name)} ${c.definition}`),
    ...spec.constraints.filter((c) => c.since <= version).map((c) => c.sql),
  ];
  return `CREATE TABLE IF NOT EXISTS ${q(spec.name)} ( ${parts.join(', ')} )`;
}

/**
 * The 24 named secondary indexes of v10 plus `idx_event_artifact_id`, which v6 created and v8
 * replaced by the UNIQUE(artifact_id, execution_id, type) key whose prefix serves the same lookups.
 */
export function indexSpecs(dialect: SqlDialect): IndexSpec[] {
  const q = (name: string) => quoteIdentifier(dialect, name);
  const prefix = (column: string) => (dialect === 'mysql' ? `${q(column)}(255)` : q(column));
  const partial = (column: string) => (dialect === 'sqlite' ? ` WHERE ${q(column)} IS NOT NULL` : '');
  const index = (name: string, table: MlmdTable, columns: string, since: number, where = '', until?: number) => ({
    name,
    table,
    since,
    ...(until === undefined ? {} : { until }),
    sql:
      (dialect === 'mysql'
        ? // MySQL before 8.0 and MariaDB before 10.1.4 have no CREATE INDEX IF NOT EXISTS; callers check.
          `CREATE INDEX ${name} ON ${q(table)} (${columns})`
        : `CREATE INDEX IF NOT EXISTS ${name} ON ${q(table)} (${columns})`) + where,
  });
  const indexes: IndexSpec[] = [
    index('idx_artifact_uri', 'Artifact', prefix('uri'), 6),
    index('idx_artifact_create_time_since_epoch', 'Artifact', q('create_time_since_epoch'), 6),
    index('idx_artifact_last_update_time_since_epoch', 'Artifact', q('last_update_time_since_epoch'), 6),
    index('idx_event_artifact_id', 'Event', q('artifact_id'), 6, '', 8),
    index('idx_event_execution_id', 'Event', q('execution_id'), 6),
    index('idx_parentcontext_parent_context_id', 'ParentContext', q('parent_context_id'), 6),
    index('idx_type_name', 'Type', q('name'), 6),
    index('idx_execution_create_time_since_epoch', 'Execution', q('create_time_since_epoch'), 6),
    index('idx_execution_last_update_time_since_epoch', 'Execution', q('last_update_time_since_epoch'), 6),
    index('idx_context_create_time_since_epoch', 'Context', q('create_time_since_epoch'), 6),
    index('idx_context_last_update_time_since_epoch', 'Context', q('last_update_time_since_epoch'), 6),
    index('idx_eventpath_event_id', 'EventPath', q('event_id'), 7),
  ];
  for (const kind of ['artifact', 'execution', 'context']) {
    const table = `${kind[0]?.toUpperCase()}${kind.slice(1)}Property` as MlmdTable;
    const base = `${q('name')}, ${q('is_custom_property')}`;
    indexes.push(
      index(`idx_${kind}_property_int`, table, `${base}, ${q('int_value')}`, 8, partial('int_value')),
      index(`idx_${kind}_property_double`, table, `${base}, ${q('double_value')}`, 8, partial('double_value')),
      index(`idx_${kind}_property_string`, table, `${base}, ${prefix('string_value')}`, 8, partial('string_value')),
    );
  }
  for (const table of ['Type', 'Artifact', 'Execution', 'Context'] as const) {
    indexes.push(index(`idx_${table.toLowerCase()}_external_id`, table, q('external_id'), 9));
  }
  return indexes;
}

/** The secondary indexes that exist at `version`. */
export function indexesAt(dialect: SqlDialect, version: number): IndexSpec[] {
  return indexSpecs(dialect).filter((i) => exists(i, version));
}

/**
 * The DDL of MLMD schema v10 for one dialect (docs/metadata.md): the same tables, columns,
 * keys and 24 named indexes as ml-metadata creates, so its Python library can open the store.
 * Identifiers are back-quoted in SQLite and MySQL and left bare (folded to lower case) in
 * PostgreSQL, as MLMD does.
 */
export function schemaStatements(dialect: SqlDialect): string[] {
  return [
    ...tableSpecs(dialect).map((spec) => createTableStatement(dialect, spec, SCHEMA_VERSION)),
    ...indexesAt(dialect, SCHEMA_VERSION).map((i) => i.sql),
  ];
}
