import type { ConnectionUrl } from '../connection-url.js';
import { maskSecret } from '../connection-url.js';
import {
  backQuoted,
  type Dialect,
  type EngineConnection,
  type EngineValue,
  kindByPattern,
  quantileFractions,
  singleQuoted,
  type TimeType,
} from '../dialect.js';
import { EngineError } from '../engine-error.js';

/**
 * ClickHouse over its HTTP interface (Node's fetch, no driver). Old servers (18.16, Debian's) have
 * no GROUPING SETS: slices repeat each row once per slice key with arrayJoin, still one scan.
 */
export const clickhouse: Dialect = {
  name: 'clickhouse',
  title: 'ClickHouse',
  grouping: 'array-join',
  quantileCount: 1000,
  quantileNote:
    '`quantiles` (reservoir sample of 8,192 values per shard): rank error ~1% at the 95th percentile of runs',
  quote: backQuoted,
  literal: (text) => singleQuoted(text.replaceAll('\\', '\\\\')),
  double: (e) => `toFloat64(${e})`,
  text: (e) => `toString(${e})`,
  concat: (parts) => `concat(${parts.join(', ')})`,
  isNan: (e) => `isNaN(${e})`,
  isFinite: (e) => `isFinite(${e})`,
  positiveInfinity: 'inf',
  negativeInfinity: '-inf',
  byteLength: (e) => `length(${e})`,
  // varPop sums squares (cancellation: 1e-5 relative error on coordinates); varPopStable is Welford.
  varPop: (e) => `varPopStable(${e})`,
  quantiles: (e, k) => `quantiles(${quantileFractions(k).join(', ')})(${e})`,
  binaryOrder: (e) => e,
  columnKind: (type) =>
    kindByPattern(unwrap(type), [
      [/^U?Int(8|16|32|64)$/, 'int'],
      [/^(Float32|Float64|Decimal.*)$/, 'float'],
      [/^(String|FixedString\(\d+\))$/, 'string'],
    ]),
  // DateTime holds Unix seconds (its time zone only changes how it prints), Date days since 1970.
  timeType: (type) =>
    kindByPattern<TimeType>(unwrap(type), [
      [/^DateTime(\('[^']*'\))?$/, { format: 'UNIX_SECONDS', count: (e) => `toInt64(${e})` }],
      [/^Date$/, { format: 'UNIX_DAYS', count: (e) => `toInt32(${e})` }],
    ]),
  connect: connectClickHouse,
};

/** `Nullable(T)` and `LowCardinality(T)` are T to the statistics. */
function unwrap(type: string): string {
  const m = /^(?:Nullable|LowCardinality)\((.*)\)$/.exec(type);
  return m ? unwrap(m[1]!) : type;
}

/** JSON output writes non-finite doubles as quoted words (output_format_json_quote_denormals). */
function plain(value: unknown, numeric: boolean): EngineValue {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) return value.map((v) => plain(v, numeric));
  if (numeric && typeof value === 'string') {
    if (value === 'nan' || value === '-nan') return Number.NaN;
    if (value === 'inf' || value === '+inf') return Number.POSITIVE_INFINITY;
    if (value === '-inf') return Number.NEGATIVE_INFINITY;
    return Number(value);
  }
  if (typeof value === 'number' || typeof value === 'string') return value;
  return String(value);
}

interface JsonCompact {
  readonly meta: readonly { name: string; type: string }[];
  readonly data: readonly unknown[][];
}

async function connectClickHouse(url: ConnectionUrl): Promise<EngineConnection> {
  const where = `${url.host}:${url.port ?? 8123}`;
  const endpoint = new URL(`http://${where}/`);
  if (url.database !== '') endpoint.searchParams.set('database', url.database);
  endpoint.searchParams.set('output_format_json_quote_denormals', '1');
  const headers: Record<string, string> = { 'Content-Type': 'text/plain; charset=utf-8' };
  if (url.user !== undefined || url.password !== undefined) {
    headers.Authorization = `Basic ${Buffer.from(`${url.user ?? 'default'}:${url.password ?? ''}`).toString('base64')}`;
  }
  const run = async (sql: string): Promise<JsonCompact> => {
    let response: Response;
    try {
      response = await fetch(endpoint, { method: 'POST', headers, body: `${sql}\nFORMAT JSONCompact` });
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
      throw new EngineError('ENGINE_UNREACHABLE', `clickhouse: cannot reach the server at ${where} (${cause})`, {
        hint: 'check the host and HTTP port (8123 by default) of --connection and that the server is running',
      });
    }
    const text = await response.text();
    if (!response.ok) {
      const message = maskSecret(text.trim(), url.password);
      if (response.status === 401 || response.status === 403 || /Code: (192|193|516)\b/.test(message)) {
        throw new EngineError(
          'ENGINE_AUTH',
          `clickhouse: the server at ${where} refused user '${url.user ?? 'default'}': ${message}`,
          {
            hint: 'check the user and password of --connection',
          },
        );
      }
      throw new ClickHouseQueryError(message);
    }
    return JSON.parse(text) as JsonCompact;
  };
  // Fail on connection and credentials now, not in the middle of the statistics.
  await run('SELECT 1');
  return {
    async query(sql) {
      const result = await run(sql);
      const numeric = result.meta.map((m) => /Int|Float|Decimal/.test(m.type));
      return {
        columns: result.meta.map((m) => m.name),
        rows: result.data.map((row) => row.map((v, i) => plain(v, numeric[i]!))),
      };
    },
    async describe(relation) {
      const result = await run(`SELECT * FROM ${relation} AS __d LIMIT 0`);
      return result.meta.map((m) => ({ name: m.name, type: m.type }));
    },
    async close() {},
  };
}

/** The server's own message for a statement it rejected. */
class ClickHouseQueryError extends Error {}
