import type { Connection, ResultSetHeader } from 'mysql2/promise';
import { importOptional } from '../_util/optional-module.js';
import { AbortedError, AlreadyExistsError, InternalError, InvalidArgumentError } from './errors.js';
import type { SqlConnection, SqlRow } from './sql-connection.js';

/** Name of the lock that serializes type upserts and schema creation. */
const TYPE_LOCK = 'datavet_mlmd_types';

function mapError(error: unknown): unknown {
  const errno = (error as { errno?: unknown }).errno;
  if (typeof errno !== 'number') return error;
  const message = (error as Error).message;
  if (errno === 1062) return new AlreadyExistsError(`Given node already exists: ${message}`, { cause: error });
  if (errno === 1213 || errno === 1205) return new AbortedError(`MySQL: ${message}`, { cause: error });
  if (errno === 1264) return new InvalidArgumentError(`value out of range for MySQL: ${message}`);
  return new InternalError(`MySQL: ${message}`, { cause: error });
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_$]{0,63}$/;

/** `mysql2` connection (MySQL or MariaDB): MLMD's MySQL dialect, READ COMMITTED, database created if missing. */
export class MysqlConnection implements SqlConnection {
  readonly dialect = 'mysql' as const;
  private lockHeld = false;

  private constructor(private readonly conn: Connection) {}

  /** Connects to `mysql://user:pass@host:port/db`, creating the database if missing. */
  static async open(url: string): Promise<MysqlConnection> {
    const mysql = await importOptional(() => import('mysql2/promise'), 'mysql2', 'a MySQL or MariaDB metadata store');
    const parsed = new URL(url.replace(/^mariadb:/, 'mysql:'));
    const database = decodeURIComponent(parsed.pathname.slice(1));
    if (!IDENTIFIER.test(database)) throw new InvalidArgumentError(`invalid MySQL database name '${database}'`);
    const options = {
      host: parsed.hostname || '127.0.0.1',
      port: parsed.port ? Number(parsed.port) : 3306,
      user: decodeURIComponent(parsed.username || 'root'),
      password: decodeURIComponent(parsed.password),
      multipleStatements: false,
    };
    let conn: Connection;
    try {
      conn = await mysql.createConnection(options);
      // A binary collation gives the same case-sensitive names and LIKE as SQLite's = and PostgreSQL.
      await conn.query(`CREATE DATABASE IF NOT EXISTS \`${database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`);
      await conn.query(`USE \`${database}\``);
      // Each statement sees rows committed before it, as in PostgreSQL: needed for type upserts
      // under the named lock to see types other connections just committed.
      await conn.query('SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED');
    } catch (error) {
      throw mapError(error);
    }
    return new MysqlConnection(conn);
  }

  async all(sql: string, params: readonly unknown[] = []): Promise<SqlRow[]> {
    try {
      const [rows] = await this.conn.execute(sql, params as never[]);
      return rows as SqlRow[];
    } catch (error) {
      throw mapError(error);
    }
  }

  async run(sql: string, params: readonly unknown[] = []): Promise<number> {
    try {
      // DDL is not supported by the prepared-statement protocol on every server.
      const [result] =
        params.length === 0 ? await this.conn.query(sql) : await this.conn.execute(sql, params as never[]);
      return (result as ResultSetHeader).affectedRows ?? 0;
    } catch (error) {
      throw mapError(error);
    }
  }

  async insert(sql: string, params: readonly unknown[] = []): Promise<number> {
    try {
      const [result] = await this.conn.execute(sql, params as never[]);
      return (result as ResultSetHeader).insertId;
    } catch (error) {
      throw mapError(error);
    }
  }

  async begin(): Promise<void> {
    await this.run('START TRANSACTION');
  }

  private async release(): Promise<void> {
    if (!this.lockHeld) return;
    this.lockHeld = false;
    await this.conn.query('DO RELEASE_LOCK(?)', [TYPE_LOCK]);
  }

  async commit(): Promise<void> {
    try {
      await this.run('COMMIT');
    } finally {
      await this.release();
    }
  }

  async rollback(): Promise<void> {
    try {
      await this.run('ROLLBACK');
    } finally {
      await this.release();
    }
  }

  async lockTypes(): Promise<void> {
    if (this.lockHeld) return;
    const rows = await this.all('SELECT GET_LOCK(?, 60) AS got', [TYPE_LOCK]);
    if (Number(rows[0]?.got) !== 1) throw new AbortedError('timed out waiting for the type lock; retry');
    this.lockHeld = true;
  }

  async close(): Promise<void> {
    await this.conn.end();
  }
}
