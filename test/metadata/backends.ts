import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mysql from 'mysql2/promise';
import pg from 'pg';
import type { MetadataStore } from '../../src/metadata/metadata-store.js';
import { openMetadataStore } from '../../src/metadata/open-metadata-store.js';
import { MLMD_TABLES } from '../../src/metadata/sql-schema.js';

/** Servers of this machine, overridable for other environments. */
export const POSTGRES_URL = process.env.DATAVET_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const MYSQL_URL = process.env.DATAVET_TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test';

/** What a test gets: a fresh empty store, and for persistent backends a way to reopen it or run SQL. */
export interface StoreHandle {
  readonly store: MetadataStore;
  readonly url: string;
  /** Opens the same database again (not for memory). */
  readonly reopen?: (options?: { enableUpgradeMigration?: boolean }) => Promise<MetadataStore>;
  /** Runs raw SQL on the database (not for memory). */
  readonly exec?: (sql: string) => Promise<void>;
  /** Runs a raw SQL query on the database (not for memory). */
  readonly query?: (sql: string) => Promise<Array<Record<string, unknown>>>;
}

export interface TestBackend {
  readonly name: 'memory' | 'sqlite' | 'postgres' | 'mysql';
  /** Why the backend's tests are skipped, or undefined when it is usable. */
  unavailable(): Promise<string | undefined>;
  /** A fresh, empty store (previous contents removed). */
  fresh(): Promise<StoreHandle>;
  /** Drops what this test file created. */
  cleanup(): Promise<void>;
}

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** A name unique to this test file and process, so parallel test files never share tables. */
export function uniqueName(tag: string): string {
  return `datavet_${tag}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
}

const wipeOrder = MLMD_TABLES.filter((t) => t !== 'MLMDEnv');

/** The four backends; SQL ones get a database/schema named after `tag`. */
export function testBackends(tag: string): TestBackend[] {
  const dir = mkdtempSync(join(tmpdir(), `datavet-md-${tag}-`));
  let sqliteCount = 0;
  const schema = uniqueName(tag);
  const pgUrl = `${POSTGRES_URL}${POSTGRES_URL.includes('?') ? '&' : '?'}schema=${schema}`;
  const mysqlBase = new URL(MYSQL_URL);
  const mysqlDb = uniqueName(tag);
  const mysqlUrl = (() => {
    const u = new URL(MYSQL_URL);
    u.pathname = `/${mysqlDb}`;
    return u.toString();
  })();
  let pgClient: pg.Client | undefined;
  let myConn: mysql.Connection | undefined;
  const pgExec = async (sql: string) => {
    if (!pgClient) {
      pgClient = new pg.Client({ connectionString: POSTGRES_URL });
      await pgClient.connect();
    }
    await pgClient.query(`SET search_path TO "${schema}"`);
    return (await pgClient.query(sql)).rows as Array<Record<string, unknown>>;
  };
  const myExec = async (sql: string) => {
    if (!myConn) {
      myConn = await mysql.createConnection({
        host: mysqlBase.hostname,
        port: Number(mysqlBase.port || 3306),
        user: decodeURIComponent(mysqlBase.username || 'root'),
        password: decodeURIComponent(mysqlBase.password),
      });
    }
    await myConn.query(`USE \`${mysqlDb}\``);
    return (await myConn.query(sql))[0] as Array<Record<string, unknown>>;
  };
  let pgOpened = false;
  let myOpened = false;
  return [
    {
      name: 'memory',
      unavailable: async () => undefined,
      fresh: async () => ({ store: await openMetadataStore('memory:'), url: 'memory:' }),
      cleanup: async () => undefined,
    },
    {
      name: 'sqlite',
      unavailable: async () => undefined,
      fresh: async () => {
        const url = `sqlite:${join(dir, `store-${++sqliteCount}.sqlite`)}`;
        const handle: StoreHandle = {
          store: await openMetadataStore(url),
          url,
          reopen: (options = {}) => openMetadataStore({ url, ...options }),
          exec: async (sql) => {
            const { default: Database } = await import('better-sqlite3');
            const db = new Database(url.slice('sqlite:'.length));
            db.exec(sql);
            db.close();
          },
          query: async (sql) => {
            const { default: Database } = await import('better-sqlite3');
            const db = new Database(url.slice('sqlite:'.length), { readonly: true });
            try {
              return db.prepare(sql).all() as Array<Record<string, unknown>>;
            } finally {
              db.close();
            }
          },
        };
        return handle;
      },
      cleanup: async () => rmSync(dir, { recursive: true, force: true }),
    },
    {
      name: 'postgres',
      unavailable: async () => {
        const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 3000 });
        try {
          await withTimeout(client.connect(), 4000);
          await client.end();
          return undefined;
        } catch (error) {
          return `PostgreSQL unreachable at ${POSTGRES_URL} (${(error as Error).message}); set DATAVET_TEST_POSTGRES_URL`;
        }
      },
      fresh: async () => {
        if (pgOpened) {
          for (const table of wipeOrder) await pgExec(`DELETE FROM ${table}`);
        }
        pgOpened = true;
        const store = await openMetadataStore(pgUrl);
        return {
          store,
          url: pgUrl,
          reopen: (options = {}) => openMetadataStore({ url: pgUrl, ...options }),
          exec: async (sql) => {
            await pgExec(sql);
          },
          query: pgExec,
        };
      },
      cleanup: async () => {
        if (pgOpened) await pgExec(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch(() => undefined);
        await pgClient?.end().catch(() => undefined);
      },
    },
    {
      name: 'mysql',
      unavailable: async () => {
        try {
          const conn = await withTimeout(
            mysql.createConnection({
              host: mysqlBase.hostname,
              port: Number(mysqlBase.port || 3306),
              user: decodeURIComponent(mysqlBase.username || 'root'),
              password: decodeURIComponent(mysqlBase.password),
              connectTimeout: 3000,
            }),
            4000,
          );
          await conn.end();
          return undefined;
        } catch (error) {
          return `MySQL/MariaDB unreachable at ${MYSQL_URL} (${(error as Error).message}); set DATAVET_TEST_MYSQL_URL`;
        }
      },
      fresh: async () => {
        if (myOpened) {
          for (const table of wipeOrder) await myExec(`DELETE FROM \`${table}\``);
        }
        myOpened = true;
        const store = await openMetadataStore(mysqlUrl);
        return {
          store,
          url: mysqlUrl,
          reopen: (options = {}) => openMetadataStore({ url: mysqlUrl, ...options }),
          exec: async (sql) => {
            await myExec(sql);
          },
          query: myExec,
        };
      },
      cleanup: async () => {
        if (myOpened) await myExec(`DROP DATABASE IF EXISTS \`${mysqlDb}\``).catch(() => undefined);
        await myConn?.end().catch(() => undefined);
      },
    },
  ];
}
