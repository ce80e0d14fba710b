import type { ConnectionUrl } from '../connection-url.js';
import { maskSecret } from '../connection-url.js';
import {
  type Dialect,
  doubleQuoted,
  type EngineConnection,
  type EngineValue,
  kindByPattern,
  quantileFractions,
  singleQuoted,
  type TimeType,
} from '../dialect.js';
import { EngineError } from '../engine-error.js';

/** PostgreSQL (15 tested live): exact quantiles by sorting, exact distinct counts. */
export const postgres: Dialect = {
  name: 'postgres',
  title: 'PostgreSQL',
  grouping: 'grouping-sets',
  quantileCount: 1000,
  quantileNote: '`percentile_disc` (exact, one sort per column): boundaries are exact values',
  quote: doubleQuoted,
  literal: singleQuoted,
  double: (e) => `CAST(${e} AS DOUBLE PRECISION)`,
  text: (e) => `CAST(${e} AS TEXT)`,
  concat: (parts) => parts.join(' || '),
  // PostgreSQL orders NaN above every number and equal to itself.
  isNan: (e) => `(${e} = 'NaN'::float8)`,
  isFinite: (e) => `(${e} > '-Infinity'::float8 AND ${e} < 'Infinity'::float8)`,
  positiveInfinity: "'Infinity'::float8",
  negativeInfinity: "'-Infinity'::float8",
  byteLength: (e) => `octet_length(${e})`,
  varPop: (e) => `var_pop(${e})`,
  quantiles: (e, k) =>
    `percentile_disc(ARRAY[${quantileFractions(k).join(', ')}]::float8[]) WITHIN GROUP (ORDER BY ${e})`,
  binaryOrder: (e) => `${e} COLLATE "C"`,
  columnKind: (type) =>
    kindByPattern(type, [
      [/^(smallint|integer|bigint)$/, 'int'],
      [/^(real|double precision|numeric)$/, 'float'],
      [/^(text|character varying|character|name)$/, 'string'],
      [/^boolean$/, 'bool'],
    ]),
  timeType: (type) =>
    kindByPattern<TimeType>(type, [
      // Microseconds, whatever the declared precision. EXTRACT(EPOCH) is numeric (exact) since 14, a
      // double before (within a microsecond, which the cast rounds away). Infinite timestamps and
      // dates have no count: the engine refuses them ("cannot convert infinity").
      [
        /^timestamp(\(\d\))? with(out)? time zone$/,
        { format: 'UNIX_MICROSECONDS', count: (e) => `CAST(EXTRACT(EPOCH FROM ${e}) * 1000000 AS BIGINT)` },
      ],
      [/^date$/, { format: 'UNIX_DAYS', count: (e) => `(${e} - DATE '1970-01-01')` }],
    ]),
  connect: connectPostgres,
};

/** Type names of the OIDs the statistics know; others are looked up for the error message. */
const typeNames: Readonly<Record<number, string>> = {
  16: 'boolean',
  18: 'character',
  19: 'name',
  20: 'bigint',
  21: 'smallint',
  23: 'integer',
  25: 'text',
  700: 'real',
  701: 'double precision',
  1042: 'character',
  1043: 'character varying',
  1082: 'date',
  1114: 'timestamp without time zone',
  1184: 'timestamp with time zone',
  1700: 'numeric',
};

function plain(value: unknown): EngineValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' || typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (Array.isArray(value)) return value.map(plain);
  return String(value);
}

interface PgErrorLike {
  readonly code?: string;
  readonly message?: string;
}

async function connectPostgres(url: ConnectionUrl): Promise<EngineConnection> {
  const pg = (await import('pg')).default;
  // float8 arrays (the quantiles) and numbers arrive parsed; bigint is cast to double in SQL.
  const client = new pg.Client({ connectionString: url.raw, connectionTimeoutMillis: 10_000 });
  client.on('error', () => {});
  try {
    await client.connect();
  } catch (error) {
    const e = error as PgErrorLike;
    const where = `${url.host}:${url.port ?? 5432}`;
    const text = maskSecret(e.message ?? String(error), url.password);
    if (e.code === '28P01' || e.code === '28000') {
      throw new EngineError('ENGINE_AUTH', `postgres: the server at ${where} refused user '${url.user}': ${text}`, {
        hint: 'check the user and password of --connection',
      });
    }
    if (e.code === '3D000') {
      throw new EngineError('ENGINE_UNREACHABLE', `postgres: ${text} (server ${where})`, {
        hint: 'check the database name at the end of --connection',
      });
    }
    throw new EngineError('ENGINE_UNREACHABLE', `postgres: cannot reach the server at ${where}: ${text}`, {
      hint: 'check the host and port of --connection and that the server is running',
    });
  }
  return {
    async query(sql) {
      const result = await client.query({ text: sql, rowMode: 'array' });
      return {
        columns: result.fields.map((f) => f.name),
        rows: (result.rows as unknown[][]).map((row) => row.map(plain)),
      };
    },
    async describe(relation) {
      const result = await client.query({ text: `SELECT * FROM ${relation} AS __d LIMIT 0`, rowMode: 'array' });
      const out: { name: string; type: string }[] = [];
      for (const field of result.fields) {
        let type = typeNames[field.dataTypeID];
        if (type === undefined) {
          const named = await client.query({ text: 'SELECT format_type($1, NULL)', values: [field.dataTypeID] });
          type = String(Object.values(named.rows[0] as object)[0]);
        }
        out.push({ name: field.name, type });
      }
      return out;
    },
    async close() {
      await client.end();
    },
  };
}
