import type { ConnectionUrl } from '../connection-url.js';
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

/** DuckDB: in-process, tables, views and files (Parquet/CSV globs, object storage through httpfs). */
export const duckdb: Dialect = {
  name: 'duckdb',
  title: 'DuckDB',
  grouping: 'grouping-sets',
  quantileCount: 1000,
  quantileNote:
    '`reservoir_quantile` over a reservoir of 65,536 values: exact up to that many rows, beyond it a rank error with standard deviation at most 0.002',
  quote: doubleQuoted,
  literal: singleQuoted,
  double: (e) => `CAST(${e} AS DOUBLE)`,
  text: (e) => `CAST(${e} AS VARCHAR)`,
  concat: (parts) => parts.join(' || '),
  isNan: (e) => `isnan(${e})`,
  isFinite: (e) => `isfinite(${e})`,
  positiveInfinity: "'inf'::DOUBLE",
  negativeInfinity: "'-inf'::DOUBLE",
  byteLength: (e) => `strlen(${e})`,
  varPop: (e) => `var_pop(${e})`,
  // Measured: quantile_disc takes minutes for 101 or 1,001 boundaries over millions of rows;
  // approx_quantile (t-digest) interpolates between tied values (2% rank error on rounded data);
  // a reservoir's quantiles are actual values at the cost of approx_quantile.
  quantiles: (e, k) => `reservoir_quantile(${e}, [${quantileFractions(k).join(', ')}], 65536)`,
  binaryOrder: (e) => e,
  columnKind: (type) =>
    kindByPattern(type, [
      [/^(TINYINT|SMALLINT|INTEGER|BIGINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|HUGEINT)$/, 'int'],
      [/^(FLOAT|DOUBLE|DECIMAL\(.*\))$/, 'float'],
      [/^VARCHAR$/, 'string'],
      [/^BOOLEAN$/, 'bool'],
    ]),
  // Each type in its own unit, as DuckDB hands it to Arrow (TIMESTAMP and TIMESTAMPTZ: microseconds).
  timeType: (type) =>
    kindByPattern<TimeType>(type, [
      [/^TIMESTAMP( WITH TIME ZONE)?$/, { format: 'UNIX_MICROSECONDS', count: (e) => `epoch_us(${e})` }],
      [/^TIMESTAMP_MS$/, { format: 'UNIX_MILLISECONDS', count: (e) => `epoch_ms(${e})` }],
      [/^TIMESTAMP_NS$/, { format: 'UNIX_NANOSECONDS', count: (e) => `epoch_ns(${e})` }],
      [/^TIMESTAMP_S$/, { format: 'UNIX_SECONDS', count: (e) => `CAST(epoch(${e}) AS BIGINT)` }],
      [/^DATE$/, { format: 'UNIX_DAYS', count: (e) => `(${e} - DATE '1970-01-01')` }],
    ]),
  connect: connectDuckDb,
};

interface DuckValueLike {
  readonly items?: readonly unknown[];
}

function plain(value: unknown): EngineValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'number' || typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  const items = (value as DuckValueLike).items;
  if (Array.isArray(items)) return items.map(plain);
  return String(value);
}

async function connectDuckDb(url: ConnectionUrl): Promise<EngineConnection> {
  let api: typeof import('@duckdb/node-api');
  try {
    api = await import('@duckdb/node-api');
  } catch (error) {
    throw new EngineError('ENGINE_DRIVER_MISSING', 'duckdb: the optional package @duckdb/node-api is not installed', {
      hint: 'install it next to datavet: npm install @duckdb/node-api',
      cause: error,
    });
  }
  let instance: Awaited<ReturnType<typeof api.DuckDBInstance.create>>;
  try {
    instance = await api.DuckDBInstance.create(url.database);
  } catch (error) {
    throw new EngineError('ENGINE_UNREACHABLE', `duckdb: cannot open database '${url.database}': ${messageOf(error)}`, {
      hint: 'check the path after duckdb: (or use duckdb::memory: with --query over files)',
    });
  }
  const connection = await instance.connect();
  return {
    async query(sql) {
      const reader = await connection.runAndReadAll(sql);
      return { columns: reader.columnNames(), rows: reader.getRows().map((row) => row.map(plain)) };
    },
    async describe(relation) {
      const reader = await connection.runAndReadAll(`SELECT * FROM ${relation} AS __d LIMIT 0`);
      const types = reader.columnTypes();
      return reader.columnNames().map((name, i) => ({ name, type: String(types[i]) }));
    },
    async close() {
      connection.closeSync();
      instance.closeSync();
    },
  };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
