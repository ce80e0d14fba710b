import type pg from 'pg';
import { importOptional } from '../_util/optional-module.js';
import { AbortedError, AlreadyExistsError, InternalError, InvalidArgumentError } from './errors.js';
import type { SqlConnection, SqlRow } from './sql-connection.js';

/** Key of the advisory lock that serializes type upserts and schema creation. */
const TYPE_LOCK_KEY = 7_272_616_273;

function mapError(error: unknown): unknown {
  const code = (error as { code?: unknown }).code;
  if (typeof code !== 'string' || !/^[0-9A-Z]{5}$/.test(code)) return error;
  const message = (error as Error).message;
  if (code === '23505') return new AlreadyExistsError(`Given node already exists: ${message}`, { cause: error });
  if (code === '40001' || code === '40P01' || code === '55P03') {
    return new AbortedError(`PostgreSQL: ${message}`, { cause: error });
  }
  if (code === '22003') return new InvalidArgumentError(`value out of range for PostgreSQL: ${message}`);
  return new InternalError(`PostgreSQL: ${message}`, { cause: error });
}

function toDollar(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/** `pg` connection: one client, MLMD's PostgreSQL dialect, database (and schema) created if missing. */
export class PostgresConnection implements SqlConnection {
  readonly dialect = 'postgres' as const;

  private constructor(private readonly client: pg.Client) {}

  /** Connects to `postgres://…/db[?schema=name]`, creating the database and schema if missing. */
  static async open(url: string): Promise<PostgresConnection> {
    const { default: pgModule } = await importOptional(() => import('pg'), 'pg', 'a PostgreSQL metadata store');
    const parsed = new URL(url);
    const schema = parsed.searchParams.get('schema');
    parsed.searchParams.delete('schema');
    if (schema !== null && !IDENTIFIER.test(schema)) {
      throw new InvalidArgumentError(`invalid PostgreSQL schema name '${schema}'`);
    }
    const connect = async (target: URL) => {
      const client = new pgModule.Client({ connectionString: target.toString() });
      client.on('error', () => undefined);
      await client.connect();
      return client;
    };
    let client: pg.Client;
    try {
      client = await connect(parsed);
    } catch (error) {
      if ((error as { code?: string }).code !== '3D000') throw mapError(error);
      const database = decodeURIComponent(parsed.pathname.slice(1));
      if (!IDENTIFIER.test(database)) throw new InvalidArgumentError(`invalid PostgreSQL database name '${database}'`);
      const admin = new URL(parsed);
      admin.pathname = '/postgres';
      const adminClient = await connect(admin).catch((e) => {
        throw mapError(e);
      });
      try {
        await adminClient.query(`CREATE DATABASE "${database}"`);
      } catch (e) {
        if ((e as { code?: string }).code !== '42P04') throw mapError(e);
      } finally {
        await adminClient.end();
      }
      client = await connect(parsed);
    }
    if (schema !== null) {
      try {
        await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
      } catch (error) {
        // Another process created it at the same moment.
        const code = (error as { code?: string }).code;
        if (code !== '23505' && code !== '42P06') throw mapError(error);
      }
      await client.query(`SET search_path TO "${schema}"`);
    }
    return new PostgresConnection(client);
  }

  async all(sql: string, params: readonly unknown[] = []): Promise<SqlRow[]> {
    try {
      return (await this.client.query(toDollar(sql), params as unknown[])).rows as SqlRow[];
    } catch (error) {
      throw mapError(error);
    }
  }

  async run(sql: string, params: readonly unknown[] = []): Promise<number> {
    try {
      return (await this.client.query(toDollar(sql), params as unknown[])).rowCount ?? 0;
    } catch (error) {
      throw mapError(error);
    }
  }

  async insert(sql: string, params: readonly unknown[] = []): Promise<number> {
    const rows = await this.all(`${sql} RETURNING id`, params);
    return Number(rows[0]?.id);
  }

  async begin(): Promise<void> {
    await this.run('BEGIN');
  }

  async commit(): Promise<void> {
    await this.run('COMMIT');
  }

  async rollback(): Promise<void> {
    await this.run('ROLLBACK');
  }

  async lockTypes(): Promise<void> {
    await this.all('SELECT pg_advisory_xact_lock(?)', [TYPE_LOCK_KEY]);
  }

  async close(): Promise<void> {
    await this.client.end();
  }
}
