import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { importOptional } from '../_util/optional-module.js';
import { AbortedError, AlreadyExistsError, InternalError } from './errors.js';
import type { SqlConnection, SqlRow } from './sql-connection.js';

function mapError(error: unknown): unknown {
  const code = (error as { code?: unknown }).code;
  if (typeof code !== 'string') return error;
  const message = (error as Error).message;
  if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
    return new AlreadyExistsError(`Given node already exists: ${message}`, { cause: error });
  }
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return new AbortedError(`database is locked: ${message}`, { cause: error });
  }
  if (code.startsWith('SQLITE_')) return new InternalError(`SQLite: ${message}`, { cause: error });
  return error;
}

/** better-sqlite3 connection: synchronous calls, WAL journal and a busy timeout for concurrent writers. */
export class SqliteConnection implements SqlConnection {
  readonly dialect = 'sqlite' as const;
  private readonly statements = new Map<string, BetterSqlite3.Statement>();

  private constructor(private readonly db: BetterSqlite3.Database) {}

  /** Opens (creating if needed) a SQLite file, or `:memory:`. */
  static async open(path: string, busyTimeoutMs: number): Promise<SqliteConnection> {
    const { default: Database } = await importOptional(
      () => import('better-sqlite3'),
      'better-sqlite3',
      'a SQLite metadata store (the default; memory: needs none)',
    );
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    let db: BetterSqlite3.Database;
    try {
      db = new Database(path, { timeout: busyTimeoutMs });
      // filter_query LIKE is case-sensitive on every backend (PostgreSQL's, MySQL with utf8mb4_bin).
      db.pragma('case_sensitive_like = ON');
    } catch (error) {
      throw mapError(error);
    }
    if (path !== ':memory:') {
      // WAL lets readers run beside one writer; NORMAL sync is crash-safe for the process
      // (a power loss may drop the last commits, never corrupt the file). Switching a file to
      // WAL can report SQLITE_BUSY without waiting on the busy handler while other processes
      // open the same new file, so it is retried within the busy timeout.
      const deadline = Date.now() + busyTimeoutMs;
      for (;;) {
        try {
          db.pragma('journal_mode = WAL');
          db.pragma('synchronous = NORMAL');
          break;
        } catch (error) {
          const busy = /SQLITE_BUSY/.test(String((error as { code?: unknown }).code));
          if (!busy || Date.now() >= deadline) {
            db.close();
            throw mapError(error);
          }
          await new Promise((done) => setTimeout(done, 10 + Math.random() * 40));
        }
      }
    }
    return new SqliteConnection(db);
  }

  private prepare(sql: string): BetterSqlite3.Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  async all(sql: string, params: readonly unknown[] = []): Promise<SqlRow[]> {
    try {
      return this.prepare(sql).all(...params) as SqlRow[];
    } catch (error) {
      throw mapError(error);
    }
  }

  async run(sql: string, params: readonly unknown[] = []): Promise<number> {
    try {
      if (params.length === 0 && /^\s*CREATE\b/i.test(sql)) {
        this.db.exec(sql);
        return 0;
      }
      return this.prepare(sql).run(...params).changes;
    } catch (error) {
      throw mapError(error);
    }
  }

  async insert(sql: string, params: readonly unknown[] = []): Promise<number> {
    try {
      return Number(this.prepare(sql).run(...params).lastInsertRowid);
    } catch (error) {
      throw mapError(error);
    }
  }

  async begin(write: boolean): Promise<void> {
    try {
      // IMMEDIATE takes the write lock up front (waiting up to the busy timeout), so two
      // writers never deadlock upgrading read locks.
      this.db.exec(write ? 'BEGIN IMMEDIATE' : 'BEGIN');
    } catch (error) {
      throw mapError(error);
    }
  }

  async commit(): Promise<void> {
    try {
      this.db.exec('COMMIT');
    } catch (error) {
      throw mapError(error);
    }
  }

  async rollback(): Promise<void> {
    if (this.db.inTransaction) this.db.exec('ROLLBACK');
  }

  async lockTypes(): Promise<void> {
    // BEGIN IMMEDIATE already serializes every writer of the file.
  }

  async close(): Promise<void> {
    this.statements.clear();
    this.db.close();
  }
}
