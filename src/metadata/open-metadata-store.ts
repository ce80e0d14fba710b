import { isAbsolute, resolve } from 'node:path';
import { UsageError } from '../_util/errors.js';
import { MemoryBackend } from './memory-backend.js';
import type { MetadataStore } from './metadata-store.js';
import { MetadataStoreCore } from './metadata-store-core.js';
import { initSchema, SqlBackend } from './sql-backend.js';
import type { SqlConnection } from './sql-connection.js';
import type { SqlDialect } from './sql-schema.js';

/** Where the store lives and how to open it. */
export interface MetadataStoreConfig {
  /**
   * `memory:`, `sqlite:PATH` (or a bare path; `sqlite::memory:` for a throwaway SQLite),
   * `postgres://user@host:port/db[?schema=name]`, `mysql://user:pass@host:port/db` (also `mariadb://`).
   */
  readonly url: string;
  /** Base directory of relative SQLite paths; default the process's cwd. */
  readonly cwd?: string;
  /** SQLite: how long a writer waits for the file lock before the call is retried; default 10 s. */
  readonly busyTimeoutMs?: number;
  /**
   * Upgrade a SQL database at an older MLMD schema version (0..9) to v10 on open, keeping its
   * rows (MLMD's `enable_upgrade_migration`). Without it such a database is refused with
   * FailedPreconditionError ("Schema migration is disabled"). Back up first: see docs/metadata.md.
   */
  readonly enableUpgradeMigration?: boolean;
}

/** The default store location, relative to the working directory. */
export const DEFAULT_METADATA_STORE = '.datavet/metadata.sqlite';

/** Describes a store URL for messages, without any password. */
export function describeStoreUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.protocol === 'sqlite:' || parsed.protocol === 'memory:' ? url : parsed.toString();
  } catch {
    return url;
  }
}

/**
 * Opens an ML Metadata store. SQL stores get MLMD schema v10 created if the database is empty
 * and checked otherwise; every store has the built-in `mlmd.*` simple types.
 */
export async function openMetadataStore(config: MetadataStoreConfig | string): Promise<MetadataStore> {
  const options: MetadataStoreConfig = typeof config === 'string' ? { url: config } : config;
  const url = options.url;
  let core: MetadataStoreCore;
  const sql = await connectSqlStore(url, options);
  if (!sql) {
    core = new MetadataStoreCore(new MemoryBackend());
  } else {
    try {
      await initSchema(
        sql.connection,
        options.enableUpgradeMigration === undefined ? {} : { enableUpgradeMigration: options.enableUpgradeMigration },
      );
    } catch (error) {
      await sql.connection.close().catch(() => undefined);
      throw error;
    }
    core = new MetadataStoreCore(new SqlBackend(sql.kind, sql.connection));
  }
  try {
    await core.ensureSimpleTypes();
  } catch (error) {
    await core.close().catch(() => undefined);
    throw error;
  }
  return core;
}

/** An open connection to a SQL store, or undefined for `memory:`. */
export async function connectSqlStore(
  rawUrl: string,
  options: Pick<MetadataStoreConfig, 'cwd' | 'busyTimeoutMs'>,
): Promise<{ connection: SqlConnection; kind: SqlDialect } | undefined> {
  const url = rawUrl.trim();
  if (!url) throw new UsageError('metadata store URL is empty');
  if (url === 'memory:' || url === 'memory://') return undefined;
  if (/^postgres(ql)?:\/\//i.test(url)) {
    const { PostgresConnection } = await import('./postgres-connection.js');
    return { connection: await PostgresConnection.open(url), kind: 'postgres' };
  }
  if (/^(mysql|mariadb):\/\//i.test(url)) {
    const { MysqlConnection } = await import('./mysql-connection.js');
    return { connection: await MysqlConnection.open(url), kind: 'mysql' };
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(url) && !/^sqlite:/i.test(url)) {
    throw new UsageError(`unsupported metadata store URL '${describeStoreUrl(url)}'`, {
      hint: 'use memory:, sqlite:PATH, postgres://… or mysql://…',
    });
  }
  let path = url.replace(/^sqlite:(\/\/)?/i, '');
  if (path !== ':memory:' && !isAbsolute(path)) path = resolve(options.cwd ?? process.cwd(), path);
  const { SqliteConnection } = await import('./sqlite-connection.js');
  return { connection: await SqliteConnection.open(path, options.busyTimeoutMs ?? 10_000), kind: 'sqlite' };
}
