/** The SQL dialects the store speaks. */
export type SqlDialect = 'sqlite' | 'postgres' | 'mysql';

/** MLMD schema version this store writes and reads (mlmd.md §0). */
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
 * The DDL of MLMD schema v10 for one dialect (mlmd.md §2.1-2.3): the same tables, columns,
 * keys and 24 named indexes as ml-metadata creates, so its Python library can open the store.
 * Identifiers are back-quoted in SQLite and MySQL and left bare (folded to lower case) in
 * PostgreSQL, as MLMD does.
 */
export function schemaStatements(dialect: SqlDialect): string[] {
  const t = TYPES[dialect];
  const q = (name: string) => (dialect === 'postgres' ? name : `\`${name}\``);
  // MySQL/PostgreSQL name three of the unique constraints; SQLite leaves them unnamed.
  const named = (name: string) => (dialect === 'sqlite' ? '' : `CONSTRAINT ${name} `);
  const tables = [
    `CREATE TABLE IF NOT EXISTS ${q('Type')} ( ${q('id')} ${t.id}, ${q('name')} VARCHAR(255) NOT NULL, ${q('version')} VARCHAR(255), ${q('type_kind')} ${t.typeKind} NOT NULL, ${q('description')} TEXT, ${q('input_type')} TEXT, ${q('output_type')} TEXT, ${q('external_id')} VARCHAR(255) UNIQUE )`,
    `CREATE TABLE IF NOT EXISTS ${q('ParentType')} ( ${q('type_id')} INT NOT NULL, ${q('parent_type_id')} INT NOT NULL, PRIMARY KEY (${q('type_id')}, ${q('parent_type_id')}) )`,
    `CREATE TABLE IF NOT EXISTS ${q('TypeProperty')} ( ${q('type_id')} INT NOT NULL, ${q('name')} VARCHAR(255) NOT NULL, ${q('data_type')} INT NULL, PRIMARY KEY (${q('type_id')}, ${q('name')}) )`,
    `CREATE TABLE IF NOT EXISTS ${q('Artifact')} ( ${q('id')} ${t.id}, ${q('type_id')} INT NOT NULL, ${q('uri')} TEXT, ${q('state')} INT, ${q('name')} VARCHAR(255), ${q('external_id')} VARCHAR(255) UNIQUE, ${q('create_time_since_epoch')} ${t.time} NOT NULL DEFAULT 0, ${q('last_update_time_since_epoch')} ${t.time} NOT NULL DEFAULT 0, ${named('UniqueArtifactTypeName')}UNIQUE(${q('type_id')}, ${q('name')}) )`,
    propertyTable(q, t, 'ArtifactProperty', 'artifact_id'),
    `CREATE TABLE IF NOT EXISTS ${q('Execution')} ( ${q('id')} ${t.id}, ${q('type_id')} INT NOT NULL, ${q('last_known_state')} INT, ${q('name')} VARCHAR(255), ${q('external_id')} VARCHAR(255) UNIQUE, ${q('create_time_since_epoch')} ${t.time} NOT NULL DEFAULT 0, ${q('last_update_time_since_epoch')} ${t.time} NOT NULL DEFAULT 0, ${named('UniqueExecutionTypeName')}UNIQUE(${q('type_id')}, ${q('name')}) )`,
    propertyTable(q, t, 'ExecutionProperty', 'execution_id'),
    `CREATE TABLE IF NOT EXISTS ${q('Context')} ( ${q('id')} ${t.id}, ${q('type_id')} INT NOT NULL, ${q('name')} VARCHAR(255) NOT NULL, ${q('external_id')} VARCHAR(255) UNIQUE, ${q('create_time_since_epoch')} ${t.time} NOT NULL DEFAULT 0, ${q('last_update_time_since_epoch')} ${t.time} NOT NULL DEFAULT 0, UNIQUE(${q('type_id')}, ${q('name')}) )`,
    propertyTable(q, t, 'ContextProperty', 'context_id'),
    `CREATE TABLE IF NOT EXISTS ${q('ParentContext')} ( ${q('context_id')} INT NOT NULL, ${q('parent_context_id')} INT NOT NULL, PRIMARY KEY (${q('context_id')}, ${q('parent_context_id')}) )`,
    `CREATE TABLE IF NOT EXISTS ${q('Event')} ( ${q('id')} ${t.id}, ${q('artifact_id')} INT NOT NULL, ${q('execution_id')} INT NOT NULL, ${q('type')} INT NOT NULL, ${q('milliseconds_since_epoch')} ${t.time}, ${named('UniqueEvent')}UNIQUE(${q('artifact_id')}, ${q('execution_id')}, ${q('type')}) )`,
    `CREATE TABLE IF NOT EXISTS ${q('EventPath')} ( ${q('event_id')} INT NOT NULL, ${q('is_index_step')} ${t.flag} NOT NULL, ${q('step_index')} INT, ${q('step_key')} TEXT )`,
    `CREATE TABLE IF NOT EXISTS ${q('Association')} ( ${q('id')} ${t.id}, ${q('context_id')} INT NOT NULL, ${q('execution_id')} INT NOT NULL, UNIQUE(${q('context_id')}, ${q('execution_id')}) )`,
    `CREATE TABLE IF NOT EXISTS ${q('Attribution')} ( ${q('id')} ${t.id}, ${q('context_id')} INT NOT NULL, ${q('artifact_id')} INT NOT NULL, UNIQUE(${q('context_id')}, ${q('artifact_id')}) )`,
    `CREATE TABLE IF NOT EXISTS ${q('MLMDEnv')} ( ${q('schema_version')} INTEGER PRIMARY KEY )`,
  ];
  const prefix = (column: string) => (dialect === 'mysql' ? `${q(column)}(255)` : q(column));
  const partial = (column: string) => (dialect === 'sqlite' ? ` WHERE ${q(column)} IS NOT NULL` : '');
  const index = (name: string, table: string, columns: string) =>
    dialect === 'mysql'
      ? // MariaDB/MySQL have no CREATE INDEX IF NOT EXISTS before 10.1.4/8.0; the schema is only created once.
        `CREATE INDEX ${name} ON ${q(table)} (${columns})`
      : `CREATE INDEX IF NOT EXISTS ${name} ON ${q(table)} (${columns})`;
  const indexes = [
    index('idx_artifact_uri', 'Artifact', prefix('uri')),
    index('idx_artifact_create_time_since_epoch', 'Artifact', q('create_time_since_epoch')),
    index('idx_artifact_last_update_time_since_epoch', 'Artifact', q('last_update_time_since_epoch')),
    index('idx_event_execution_id', 'Event', q('execution_id')),
    index('idx_parentcontext_parent_context_id', 'ParentContext', q('parent_context_id')),
    index('idx_type_name', 'Type', q('name')),
    index('idx_execution_create_time_since_epoch', 'Execution', q('create_time_since_epoch')),
    index('idx_execution_last_update_time_since_epoch', 'Execution', q('last_update_time_since_epoch')),
    index('idx_context_create_time_since_epoch', 'Context', q('create_time_since_epoch')),
    index('idx_context_last_update_time_since_epoch', 'Context', q('last_update_time_since_epoch')),
    index('idx_eventpath_event_id', 'EventPath', q('event_id')),
  ];
  for (const kind of ['artifact', 'execution', 'context']) {
    const table = `${kind[0]?.toUpperCase()}${kind.slice(1)}Property`;
    const base = `${q('name')}, ${q('is_custom_property')}`;
    indexes.push(
      index(`idx_${kind}_property_int`, table, `${base}, ${q('int_value')}`) + partial('int_value'),
      index(`idx_${kind}_property_double`, table, `${base}, ${q('double_value')}`) + partial('double_value'),
      index(`idx_${kind}_property_string`, table, `${base}, ${prefix('string_value')}`) + partial('string_value'),
    );
  }
  for (const table of ['Type', 'Artifact', 'Execution', 'Context']) {
    indexes.push(index(`idx_${table.toLowerCase()}_external_id`, table, q('external_id')));
  }
  return [...tables, ...indexes];
}

function propertyTable(q: (name: string) => string, t: Types, table: string, owner: string): string {
  return `CREATE TABLE IF NOT EXISTS ${q(table)} ( ${q(owner)} INT NOT NULL, ${q('name')} VARCHAR(255) NOT NULL, ${q('is_custom_property')} ${t.flag} NOT NULL, ${q('int_value')} ${t.propertyInt}, ${q('double_value')} ${t.double}, ${q('string_value')} ${t.longText}, ${q('byte_value')} ${t.blob}, ${q('proto_value')} ${t.blob}, ${q('bool_value')} ${t.bool}, PRIMARY KEY (${q(owner)}, ${q('name')}, ${q('is_custom_property')}) )`;
}
