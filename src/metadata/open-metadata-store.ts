import { isAbsolute, resolve } from 'node:path';
import { UsageError } from '../_util/errors.js';
import { MemoryBackend } from './memory-backend.js';
import type { MetadataStore } from './metadata-store.js';
import { MetadataStoreCore } from './metadata-store-core.js';
import { initSchema, SqlBackend } from './sql-backend.js';
import type { SqlConnection } from './sql-connection.js';

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
   * Accepted for MLMD parity; this store has no migrations, so an older schema is refused
   * either way (FailedPreconditionError).
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
  const url = options.url.trim();
  if (!url) throw new UsageError('metadata store URL is empty');
  let core: MetadataStoreCore;
  if (url === 'memory:' || url === 'memory://') {
    core = new MetadataStoreCore(new MemoryBackend());
  } else {
    let connection: SqlConnection;
    let kind: 'sqlite' | 'postgres' | 'mysql';
    if (/^postgres(ql)?:\/\//i.test(url)) {
      const { PostgresConnection } = await import('./postgres-connection.js');
      connection = await PostgresConnection.open(url);
      kind = 'postgres';
    } else if (/^(mysql|mariadb):\/\//i.test(url)) {
      const { MysqlConnection } = await import('./mysql-connection.js');
      connection = await MysqlConnection.open(url);
      kind = 'mysql';
    } else if (/^[a-z][a-z0-9+.-]*:\/\//i.test(url) && !/^sqlite:/i.test(url)) {
      throw new UsageError(`unsupported metadata store URL '${describeStoreUrl(url)}'`, {
        hint: 'use memory:, sqlite:PATH, postgres://… or mysql://…',
      });
    } else {
      let path = url.replace(/^sqlite:(\/\/)?/i, '');
      if (path !== ':memory:' && !isAbsolute(path)) path = resolve(options.cwd ?? process.cwd(), path);
      const { SqliteConnection } = await import('./sqlite-connection.js');
      connection = await SqliteConnection.open(path, options.busyTimeoutMs ?? 10_000);
      kind = 'sqlite';
    }
    try {
      await initSchema(
        connection,
        options.enableUpgradeMigration === undefined ? {} : { enableUpgradeMigration: options.enableUpgradeMigration },
      );
    } catch (error) {
      await connection.close().catch(() => undefined);
      throw error;
    }
    core = new MetadataStoreCore(new SqlBackend(kind, connection));
  }
  try {
    await core.ensureSimpleTypes();
  } catch (error) {
    await core.close().catch(() => undefined);
    throw error;
  }
  return core;
}
