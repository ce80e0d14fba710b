import type { SqlConnection } from './sql-connection.js';

/** The tables of the store's database/schema, lower-cased (PostgreSQL folds names). */
export async function listTables(db: SqlConnection): Promise<Set<string>> {
  const sql =
    db.dialect === 'sqlite'
      ? "SELECT name FROM sqlite_master WHERE type = 'table'"
      : db.dialect === 'postgres'
        ? 'SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema()'
        : 'SELECT table_name AS name FROM information_schema.tables WHERE table_schema = DATABASE()';
  return new Set((await db.all(sql)).map((r) => String(r.name ?? r.NAME).toLowerCase()));
}

/** The columns of `table` in their physical order, lower-cased; empty when the table is missing. */
export async function listColumns(db: SqlConnection, table: string): Promise<string[]> {
  const rows =
    db.dialect === 'sqlite'
      ? await db.all(`PRAGMA table_info(\`${table}\`)`)
      : db.dialect === 'postgres'
        ? await db.all(
            'SELECT column_name AS name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ? ORDER BY ordinal_position',
            [table.toLowerCase()],
          )
        : await db.all(
            'SELECT column_name AS name FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = ? ORDER BY ordinal_position',
            [table],
          );
  return rows.map((r) => String(r.name ?? r.NAME).toLowerCase());
}

/** The named secondary indexes of the database, lower-cased (not those backing keys in SQLite). */
export async function listIndexes(db: SqlConnection): Promise<Set<string>> {
  const sql =
    db.dialect === 'sqlite'
      ? "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
      : db.dialect === 'postgres'
        ? 'SELECT indexname AS name FROM pg_indexes WHERE schemaname = current_schema()'
        : 'SELECT DISTINCT index_name AS name FROM information_schema.statistics WHERE table_schema = DATABASE()';
  return new Set((await db.all(sql)).map((r) => String(r.name ?? r.NAME).toLowerCase()));
}
