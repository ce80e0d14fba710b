import type { SqlConnection } from './sql-connection.js';
import { listColumns, listIndexes } from './sql-introspection.js';
import {
  columnsAt,
  createTableStatement,
  indexesAt,
  MLMD_TABLES,
  quoteIdentifier,
  SCHEMA_VERSION,
  tableSpec,
  tableSpecs,
} from './sql-schema.js';

/**
 * True when the MLMD tables present are what an interrupted creation of schema v10 leaves
 * behind: no version row in MLMDEnv (the row is written last), every table present has exactly
 * its v10 columns, and none holds a row. MySQL/MariaDB commit every DDL statement on its own,
 * so a process killed while creating the store leaves such a prefix of the tables and indexes;
 * SQLite and PostgreSQL create the schema in one transaction and never do.
 *
 * A database written by an older ml-metadata (schema 0..9) fails the column check (e.g. its
 * `Type` table has `is_artifact_type`), and a store with data fails the row check, so neither is
 * ever taken for an unfinished creation.
 */
export async function isUnfinishedCreation(db: SqlConnection, tables: ReadonlySet<string>): Promise<boolean> {
  const present = MLMD_TABLES.filter((t) => tables.has(t.toLowerCase()));
  if (present.length === 0) return false;
  const q = (name: string) => quoteIdentifier(db.dialect, name);
  for (const table of present) {
    const expected = columnsAt(tableSpec(db.dialect, table), SCHEMA_VERSION).map((c) => c.name.toLowerCase());
    const actual = await listColumns(db, table);
    if (actual.join(',') !== expected.join(',')) return false;
    if ((await db.all(`SELECT 1 AS one FROM ${q(table)} LIMIT 1`)).length > 0) return false;
  }
  return true;
}

/**
 * Creates MLMD schema v10, or finishes a creation that was interrupted: each table is created if
 * missing, each secondary index if missing, and the MLMDEnv version row comes last, so running
 * it again after a crash at any statement completes the same schema. The DDL is exactly the v10
 * DDL of `sql-schema.ts` in its creation order.
 */
export async function createSchema(db: SqlConnection): Promise<void> {
  for (const spec of tableSpecs(db.dialect)) await db.run(createTableStatement(db.dialect, spec, SCHEMA_VERSION));
  const indexes = await listIndexes(db);
  for (const index of indexesAt(db.dialect, SCHEMA_VERSION)) {
    if (!indexes.has(index.name)) await db.run(index.sql);
  }
  await db.run('INSERT INTO MLMDEnv (schema_version) VALUES (?)', [SCHEMA_VERSION]);
}
