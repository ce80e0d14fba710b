import { UsageError } from '../_util/errors.js';

/** A connection URL split into the parts the engine drivers need (password kept apart). */
export interface ConnectionUrl {
  /** The URL as given. Never print it: use {@link maskConnectionUrl}. */
  readonly raw: string;
  readonly protocol: string;
  readonly host: string;
  readonly port: number | undefined;
  readonly user: string | undefined;
  readonly password: string | undefined;
  /** Database (PostgreSQL, ClickHouse) or database file (DuckDB; ':memory:' for none). */
  readonly database: string;
}

/** The URL with its password replaced by `***`: the only form of a URL datavet prints or records. */
export function maskConnectionUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^/@:]*:)([^@/]*)@/i, '$1***@');
}

/** Removes every occurrence of `password` from a message (engines echo connection strings). */
export function maskSecret(text: string, password: string | undefined): string {
  if (password === undefined || password === '') return text;
  return text.split(password).join('***');
}

/**
 * Parses `scheme://user:password@host:port/database`; DuckDB also takes `duckdb:PATH` and
 * `duckdb::memory:`. Percent-escapes in the user and password are decoded.
 */
export function parseConnectionUrl(raw: string): ConnectionUrl {
  const duck = /^duckdb:(?!\/\/)(.*)$/i.exec(raw);
  if (duck) {
    const database = duck[1] === '' ? ':memory:' : duck[1]!;
    return { raw, protocol: 'duckdb', host: '', port: undefined, user: undefined, password: undefined, database };
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UsageError(`cannot parse the connection URL '${maskConnectionUrl(raw)}'`, {
      hint: 'write it as postgres://user:password@host:5432/db, clickhouse://user@host:8123/db or duckdb:file.duckdb',
    });
  }
  const protocol = url.protocol.replace(/:$/, '').toLowerCase();
  const path = decodeURIComponent(url.pathname.replace(/^\//, ''));
  return {
    raw,
    protocol,
    host: url.hostname,
    port: url.port === '' ? undefined : Number(url.port),
    user: url.username === '' ? undefined : decodeURIComponent(url.username),
    password: url.password === '' ? undefined : decodeURIComponent(url.password),
    database: protocol === 'duckdb' ? (path === '' ? ':memory:' : `/${path}`) : path,
  };
}
