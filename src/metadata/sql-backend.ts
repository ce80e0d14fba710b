import type { MetadataBackend, MetadataTx } from './backend.js';
import { FailedPreconditionError, MetadataError } from './errors.js';
import { Mutex } from './mutex.js';
import { createSchema, isUnfinishedCreation } from './schema-creation.js';
import { type SchemaUpgradeReport, upgradeSchema } from './schema-migration.js';
import type { SqlConnection } from './sql-connection.js';
import { listTables } from './sql-introspection.js';
import { MLMD_TABLES, SCHEMA_VERSION } from './sql-schema.js';
import { SqlTx } from './sql-tx.js';

/**
 * A store on one SQL connection. Calls on one store are serialized (a connection runs one
 * transaction at a time); several processes share a database through its own locking.
 */
export class SqlBackend implements MetadataBackend {
  private readonly mutex = new Mutex();
  private readonly tx: SqlTx;

  constructor(
    readonly kind: 'sqlite' | 'postgres' | 'mysql',
    private readonly connection: SqlConnection,
  ) {
    this.tx = new SqlTx(connection);
  }

  transaction<T>(body: (tx: MetadataTx) => Promise<T>, options: { readonly write: boolean }): Promise<T> {
    return this.mutex.run(async () => {
      await this.connection.begin(options.write);
      try {
        const result = await body(this.tx);
        await this.connection.commit();
        return result;
      } catch (error) {
        await this.connection.rollback().catch(() => undefined);
        throw error;
      }
    });
  }

  close(): Promise<void> {
    return this.mutex.run(() => this.connection.close());
  }
}

/** Options of {@link initSchema}. */
export interface SchemaInitOptions {
  /** Upgrade a database at an older schema version (MLMD's `enable_upgrade_migration`). */
  readonly enableUpgradeMigration?: boolean;
  /**
   * Stop the upgrade at this version instead of 10 (staged upgrades, tests); the database is
   * then not usable by this store until upgraded the rest of the way.
   */
  readonly upgradeTo?: number;
}

/** What {@link initSchema} found and did. */
export interface SchemaInitResult {
  /** The database was empty and schema v10 was created. */
  readonly created: boolean;
  /** Set when an older schema was upgraded. */
  readonly upgrade?: SchemaUpgradeReport;
}

/**
 * Creates MLMD schema v10 in an empty database, or checks an existing one the way ml-metadata
 * does on open (docs/metadata.md): exactly one MLMDEnv row holding version 10 and all 15 tables.
 * An older schema is upgraded when `enableUpgradeMigration` is set and refused otherwise;
 * concurrent openers are serialized.
 */
export async function initSchema(db: SqlConnection, options: SchemaInitOptions = {}): Promise<SchemaInitResult> {
  const target = options.upgradeTo ?? SCHEMA_VERSION;
  let result: SchemaInitResult = { created: false };
  await db.begin(true);
  try {
    await db.lockTypes();
    let tables = await listTables(db);
    const present = MLMD_TABLES.filter((t) => tables.has(t.toLowerCase()));
    const versionRows = tables.has('mlmdenv') ? await db.all('SELECT schema_version FROM MLMDEnv') : [];
    if (present.length === 0 || (versionRows.length === 0 && (await isUnfinishedCreation(db, tables)))) {
      // A new database, or one whose creation was killed part-way (MySQL/MariaDB commit each DDL
      // statement): create what is missing; the version row comes last.
      await createSchema(db);
      result = { created: true };
    } else {
      let version = 0;
      if (tables.has('mlmdenv')) {
        const rows = versionRows;
        if (rows.length === 0) {
          // Not an unfinished creation (that case was finished above): tables hold rows or have
          // other columns, so the version cannot be told.
          throw new MetadataError(
            'DATA_LOSS',
            'MLMDEnv table exists but holds no schema_version, and the other MLMD tables hold rows or columns of another schema version',
            {
              hint: 'restore the MLMDEnv row (INSERT INTO MLMDEnv (schema_version) VALUES (<version>)) from a backup or the version that wrote the database',
            },
          );
        }
        if (rows.length > 1) throw new MetadataError('DATA_LOSS', 'MLMDEnv holds more than one schema_version');
        version = Number(rows[0]?.schema_version);
      }
      if (version < SCHEMA_VERSION && !options.enableUpgradeMigration) {
        throw new FailedPreconditionError(
          `MLMD database version ${version} is older than library version ${SCHEMA_VERSION}. Schema migration is disabled. Please upgrade the database then use the library version; or switch to a older library version.`,
          {
            hint: 'back up the database, then open it once with { enableUpgradeMigration: true } (CLI: datavet metadata upgrade --store URL)',
          },
        );
      }
      if (version > SCHEMA_VERSION) {
        throw new FailedPreconditionError(
          `MLMD database version ${version} is greater than library version ${SCHEMA_VERSION}. Please upgrade the library to use the given database in order to prevent potential data loss.`,
        );
      }
      if (version < target) {
        result = { created: false, upgrade: await upgradeSchema(db, version, target) };
        tables = await listTables(db);
      }
      const missing = MLMD_TABLES.filter((t) => !tables.has(t.toLowerCase()));
      if (target === SCHEMA_VERSION && missing.length > 0) {
        throw new FailedPreconditionError(`the MLMD database lacks table(s) ${missing.join(', ')}`);
      }
    }
    await db.commit();
  } catch (error) {
    await db.rollback().catch(() => undefined);
    throw error;
  }
  return result;
}
