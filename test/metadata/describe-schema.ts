import type { SqlDialect } from '../../src/metadata/sql-schema.js';
import type { StoreHandle } from './backends.js';

type Rows = Array<Record<string, unknown>>;

/**
 * Everything about a database's schema except SQL text: tables, columns (order, type,
 * nullability, default), keys and indexes. A migrated store must describe exactly like a
 * fresh one.
 */
export async function describeSchema(handle: Pick<StoreHandle, 'query'>, dialect: SqlDialect): Promise<unknown> {
  const query = handle.query as (sql: string) => Promise<Rows>;
  if (dialect === 'sqlite') {
    const tables = (await query("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")).map((r) =>
      String(r.name),
    );
    const out: Record<string, unknown> = {};
    for (const table of tables) {
      const indexes = [];
      for (const index of await query(`PRAGMA index_list(\`${table}\`)`)) {
        const columns = (await query(`PRAGMA index_info(\`${String(index.name)}\`)`)).map((c) => c.name);
        // Automatic key indexes are named after their table position; compare what they cover.
        const name = index.origin === 'c' ? index.name : index.origin;
        indexes.push({ name, unique: index.unique, partial: index.partial, columns });
      }
      out[table] = {
        columns: await query(`PRAGMA table_info(\`${table}\`)`),
        indexes: indexes.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
      };
    }
    return out;
  }
  if (dialect === 'postgres') {
    return {
      columns: await query(
        'SELECT table_name, column_name, ordinal_position, data_type, character_maximum_length, is_nullable, column_default FROM information_schema.columns WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position',
      ),
      indexes: await query(
        'SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() ORDER BY indexname',
      ),
      sequences: await query(
        'SELECT sequence_name FROM information_schema.sequences WHERE sequence_schema = current_schema() ORDER BY sequence_name',
      ),
    };
  }
  return {
    columns: await query(
      'SELECT table_name, column_name, ordinal_position, column_type, is_nullable, column_default, extra FROM information_schema.columns WHERE table_schema = DATABASE() ORDER BY table_name, ordinal_position',
    ),
    indexes: await query(
      'SELECT table_name, index_name, non_unique, seq_in_index, column_name, sub_part FROM information_schema.statistics WHERE table_schema = DATABASE() ORDER BY table_name, index_name, seq_in_index',
    ),
  };
}
