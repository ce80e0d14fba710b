import type { SqlDialect } from './sql-schema.js';

/** A row as a driver returns it. */
export type SqlRow = Record<string, unknown>;

/**
 * One database connection as the SQL backend uses it. SQL is written with `?` placeholders;
 * connections for dialects that number them (`$1`) translate. Driver errors are mapped to
 * MetadataErrors (unique violation → AlreadyExists, lock timeout/deadlock → Aborted).
 */
export interface SqlConnection {
  readonly dialect: SqlDialect;
  all(sql: string, params?: readonly unknown[]): Promise<SqlRow[]>;
  /** Runs a statement; returns the number of rows it changed. */
  run(sql: string, params?: readonly unknown[]): Promise<number>;
  /** Runs an INSERT into a table with an auto id and returns the new id. */
  insert(sql: string, params?: readonly unknown[]): Promise<number>;
  begin(write: boolean): Promise<void>;
  commit(): Promise<void>;
  rollback(): Promise<void>;
  /** Serializes writers of types, which have no unique key (PostgreSQL/MySQL advisory lock). */
  lockTypes(): Promise<void>;
  close(): Promise<void>;
}
