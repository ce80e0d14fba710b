import { UsageError } from '../_util/errors.js';
import { MetadataStoreCore } from './metadata-store-core.js';
import { connectSqlStore, type MetadataStoreConfig } from './open-metadata-store.js';
import type { SchemaUpgradeReport } from './schema-migration.js';
import { initSchema, SqlBackend } from './sql-backend.js';
import { SCHEMA_VERSION } from './sql-schema.js';

/** What {@link upgradeMetadataStore} found and did. */
export interface MetadataStoreUpgrade extends SchemaUpgradeReport {
  /** The database was empty; schema v10 was created instead. */
  readonly created: boolean;
}

/**
 * Brings the SQL store at `config.url` to MLMD schema v10 (what opening it with
 * `enableUpgradeMigration: true` does) and reports the versions, then closes it. An empty
 * database gets v10 created; one already at v10 is left as it is. `toVersion` stops at an
 * intermediate version (staged upgrades, tests): the store is then not openable until
 * upgraded the rest of the way.
 */
export async function upgradeMetadataStore(
  config: Omit<MetadataStoreConfig, 'enableUpgradeMigration'> | string,
  options: { readonly toVersion?: number } = {},
): Promise<MetadataStoreUpgrade> {
  const store = typeof config === 'string' ? { url: config } : config;
  const toVersion = options.toVersion ?? SCHEMA_VERSION;
  if (!Number.isInteger(toVersion) || toVersion < 1 || toVersion > SCHEMA_VERSION) {
    throw new UsageError(`toVersion must be an integer from 1 to ${SCHEMA_VERSION}, not ${toVersion}`);
  }
  const sql = await connectSqlStore(store.url, store);
  if (!sql) throw new UsageError('an in-memory metadata store has no schema to upgrade');
  let result: Awaited<ReturnType<typeof initSchema>>;
  try {
    result = await initSchema(sql.connection, { enableUpgradeMigration: true, upgradeTo: toVersion });
  } catch (error) {
    await sql.connection.close().catch(() => undefined);
    throw error;
  }
  const core = new MetadataStoreCore(new SqlBackend(sql.kind, sql.connection));
  try {
    // As on open: a v10 store holds the built-in simple types.
    if (toVersion === SCHEMA_VERSION) await core.ensureSimpleTypes();
  } finally {
    await core.close();
  }
  if (result.upgrade) return { created: false, ...result.upgrade };
  return { created: result.created, fromVersion: SCHEMA_VERSION, toVersion: SCHEMA_VERSION, removedDuplicateEvents: 0 };
}
