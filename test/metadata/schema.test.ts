import { readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import mysql from 'mysql2/promise';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { openMetadataStore } from '../../src/metadata/open-metadata-store.js';
import { type StoreHandle, type TestBackend, testBackends } from './backends.js';
import { downgradeToV0 } from './legacy-schema.js';

const SIMPLE_TYPES = [
  'mlmd.Dataset',
  'mlmd.Model',
  'mlmd.Metrics',
  'mlmd.Statistics',
  'mlmd.Train',
  'mlmd.Transform',
  'mlmd.Process',
  'mlmd.Evaluate',
  'mlmd.Deploy',
];

interface Expected {
  readonly totalTables: number;
  readonly totalIndexes: number;
  readonly tables: Record<
    string,
    {
      columns: Array<{ name: string; type: string; notNull: boolean }>;
      primaryKey: string[];
      autoincrement?: boolean;
      unique: string[][];
    }
  >;
  readonly indexes: Array<{ name: string; table: string; columns: string[]; where?: string }>;
}

const expected = JSON.parse(
  readFileSync(new URL('../fixtures/conformance/mlmd/schema-v10.json', import.meta.url), 'utf8'),
) as Expected;

const backends = testBackends('schema');
const sqlite = backends.find((b) => b.name === 'sqlite')!;
afterAll(async () => {
  for (const b of backends) await b.cleanup();
});

/** A store at v10: new, or built as a v0 store (legacy-schema.ts) and upgraded on open. */
async function storeAtV10(backend: TestBackend, origin: Origin): Promise<StoreHandle> {
  const handle = await backend.fresh();
  await handle.store.close();
  if (origin === 'migrated from v0') {
    await downgradeToV0(handle, backend.name as 'sqlite' | 'postgres' | 'mysql');
    await (await (handle.reopen as NonNullable<StoreHandle['reopen']>)({ enableUpgradeMigration: true })).close();
  }
  return handle;
}

type Origin = 'new' | 'migrated from v0';
const ORIGINS: readonly Origin[] = ['new', 'migrated from v0'];

for (const origin of ORIGINS)
  describe(`SQLite DDL matches MLMD schema v10 (docs/metadata.md), table by table (${origin} store)`, async () => {
    const handle = await storeAtV10(sqlite, origin);
    const db = new Database(handle.url.slice('sqlite:'.length), { readonly: true });
    afterAll(() => db.close());
    const master = db.prepare('SELECT type, name, tbl_name, sql FROM sqlite_master').all() as Array<{
      type: string;
      name: string;
      tbl_name: string;
      sql: string | null;
    }>;

    it('has exactly the 15 MLMD tables (plus sqlite_sequence from AUTOINCREMENT) and 40 indexes', () => {
      const tables = master.filter((m) => m.type === 'table').map((m) => m.name);
      expect(tables.filter((t) => t !== 'sqlite_sequence').sort()).toEqual(Object.keys(expected.tables).sort());
      expect(tables).toContain('sqlite_sequence');
      expect(tables.length - 1).toBe(expected.totalTables);
      expect(master.filter((m) => m.type === 'index')).toHaveLength(expected.totalIndexes);
    });

    for (const [table, spec] of Object.entries(expected.tables)) {
      it(`table ${table}: columns, types, NOT NULL, primary key, unique keys`, () => {
        const info = db.prepare(`PRAGMA table_info(\`${table}\`)`).all() as Array<{
          name: string;
          type: string;
          notnull: number;
          pk: number;
        }>;
        expect(info.map((c) => ({ name: c.name, type: c.type, notNull: c.notnull === 1 }))).toEqual(spec.columns);
        const pk = info
          .filter((c) => c.pk > 0)
          .sort((a, b) => a.pk - b.pk)
          .map((c) => c.name);
        expect(pk).toEqual(spec.primaryKey);
        const sql = master.find((m) => m.type === 'table' && m.name === table)?.sql ?? '';
        expect(/AUTOINCREMENT/i.test(sql)).toBe(spec.autoincrement === true);
        const uniques = (db.prepare(`PRAGMA index_list(\`${table}\`)`).all() as Array<{ name: string; origin: string }>)
          .filter((i) => i.origin === 'u')
          .map((i) =>
            (db.prepare(`PRAGMA index_info(\`${i.name}\`)`).all() as Array<{ name: string }>).map((c) => c.name),
          );
        expect(uniques.map((u) => u.join(',')).sort()).toEqual(spec.unique.map((u) => u.join(',')).sort());
      });
    }

    it('has the 24 named secondary indexes with their columns and partial conditions', () => {
      const named = master.filter((m) => m.type === 'index' && m.sql !== null);
      expect(named.map((m) => m.name).sort()).toEqual(expected.indexes.map((i) => i.name).sort());
      for (const index of expected.indexes) {
        const row = named.find((m) => m.name === index.name)!;
        expect(row.tbl_name, index.name).toBe(index.table);
        const columns = (db.prepare(`PRAGMA index_info(\`${index.name}\`)`).all() as Array<{ name: string }>).map(
          (c) => c.name,
        );
        expect(columns, index.name).toEqual(index.columns);
        const where = /\bWHERE\s+(.*)$/i
          .exec(row.sql ?? '')?.[1]
          ?.replace(/`/g, '')
          .trim();
        expect(where, index.name).toBe(index.where);
      }
    });

    if (origin === 'migrated from v0')
      it('holds exactly one MLMDEnv row with schema_version 10, and the 9 simple types after the old types', () => {
        expect(db.prepare('SELECT schema_version FROM MLMDEnv').all()).toEqual([{ schema_version: 10 }]);
        const types = db.prepare('SELECT id, name FROM Type ORDER BY id').all() as Array<{ id: number; name: string }>;
        expect(types.map((t) => t.name)).toEqual(['Examples', 'Trainer', 'Model', ...SIMPLE_TYPES]);
      });

    if (origin === 'new')
      it('holds exactly one MLMDEnv row with schema_version 10, and the 9 simple types as ids 1-9', () => {
        expect(db.prepare('SELECT schema_version FROM MLMDEnv').all()).toEqual([{ schema_version: 10 }]);
        const types = db.prepare('SELECT id, name, version, type_kind FROM Type ORDER BY id').all();
        expect(types).toEqual([
          { id: 1, name: 'mlmd.Dataset', version: null, type_kind: 1 },
          { id: 2, name: 'mlmd.Model', version: null, type_kind: 1 },
          { id: 3, name: 'mlmd.Metrics', version: null, type_kind: 1 },
          { id: 4, name: 'mlmd.Statistics', version: null, type_kind: 1 },
          { id: 5, name: 'mlmd.Train', version: null, type_kind: 0 },
          { id: 6, name: 'mlmd.Transform', version: null, type_kind: 0 },
          { id: 7, name: 'mlmd.Process', version: null, type_kind: 0 },
          { id: 8, name: 'mlmd.Evaluate', version: null, type_kind: 0 },
          { id: 9, name: 'mlmd.Deploy', version: null, type_kind: 0 },
        ]);
      });

    if (origin === 'new')
      it('encodes values as MLMD does: base64 Any in proto_value, mlmd-struct:: strings, 1/0 booleans, uri "" when unset', async () => {
        const store = await openMetadataStore(handle.url);
        const typeId = await store.putArtifactType({ name: 'Encoded' });
        const [id] = await store.putArtifacts([
          {
            typeId,
            customProperties: {
              p: { protoValue: { typeUrl: 'type.googleapis.com/x.Y', value: new Uint8Array([1, 2, 3]) } },
              s: { structValue: { a: 1 } },
              b: { boolValue: true },
            },
          },
        ]);
        await store.close();
        const rw = new Database(handle.url.slice('sqlite:'.length), { readonly: true });
        const rows = rw
          .prepare(
            'SELECT name, string_value, proto_value, bool_value FROM ArtifactProperty WHERE artifact_id = ? ORDER BY name',
          )
          .all(id) as Array<{
          name: string;
          string_value: string | null;
          proto_value: string | null;
          bool_value: number | null;
        }>;
        const uri = rw.prepare('SELECT uri FROM Artifact WHERE id = ?').get(id) as { uri: string };
        rw.close();
        expect(uri.uri).toBe('');
        expect(rows.find((r) => r.name === 'b')?.bool_value).toBe(1);
        expect(rows.find((r) => r.name === 's')?.string_value).toMatch(/^mlmd-struct::[A-Za-z0-9+/=]+$/);
        const any = Buffer.from(rows.find((r) => r.name === 'p')?.proto_value as string, 'base64');
        // Field 1 (type_url, length-delimited) comes first in a serialized Any.
        expect(any[0]).toBe(0x0a);
        expect(any.subarray(2, 2 + 23).toString()).toBe('type.googleapis.com/x.Y');
      });
  });

for (const backend of backends.filter((b) => b.name === 'postgres' || b.name === 'mysql')) {
  const reason = await backend.unavailable();
  if (reason) console.log(`schema check [${backend.name}]: skipped: ${reason}`);
  describe.skipIf(reason !== undefined)(`${backend.name} DDL has MLMD's tables, columns and named indexes`, () => {
    it.each(ORIGINS)('matches schema v10 column lists and index names (%s store)', async (origin) => {
      const handle = await storeAtV10(backend, origin);
      const url = new URL(handle.url);
      let columns: Array<{ table: string; column: string }>;
      let indexes: string[];
      if (backend.name === 'postgres') {
        const schema = url.searchParams.get('schema') as string;
        url.searchParams.delete('schema');
        const client = new pg.Client({ connectionString: url.toString() });
        await client.connect();
        columns = (
          await client.query(
            'SELECT table_name AS table, column_name AS column FROM information_schema.columns WHERE table_schema = $1 ORDER BY table_name, ordinal_position',
            [schema],
          )
        ).rows;
        indexes = (await client.query('SELECT indexname FROM pg_indexes WHERE schemaname = $1', [schema])).rows.map(
          (r) => r.indexname,
        );
        await client.end();
      } else {
        const conn = await mysql.createConnection({
          host: url.hostname,
          port: Number(url.port || 3306),
          user: url.username || 'root',
        });
        const db = url.pathname.slice(1);
        const [rows] = await conn.query(
          'SELECT table_name AS `table`, column_name AS `column` FROM information_schema.columns WHERE table_schema = ? ORDER BY table_name, ordinal_position',
          [db],
        );
        columns = rows as Array<{ table: string; column: string }>;
        const [ix] = await conn.query(
          'SELECT DISTINCT index_name AS name FROM information_schema.statistics WHERE table_schema = ?',
          [db],
        );
        indexes = (ix as Array<{ name: string }>).map((r) => r.name);
        await conn.end();
      }
      for (const [table, spec] of Object.entries(expected.tables)) {
        const got = columns.filter((c) => c.table.toLowerCase() === table.toLowerCase()).map((c) => c.column);
        expect(got, table).toEqual(spec.columns.map((c) => c.name));
      }
      for (const index of expected.indexes) expect(indexes, index.name).toContain(index.name);
    });
  });
}
