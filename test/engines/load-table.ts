import { type Data, DateUnit, TimeUnit, Type } from 'apache-arrow';
import { readBatches } from '../../src/io/open-dataset.js';

/** What a column is loaded as: timestamps are microseconds since 1970, dates days since 1970. */
export type LoadedKind = 'int' | 'float' | 'string' | 'timestamp' | 'date';

/** A file as datavet reads it: column names, a SQL kind per column, and rows of plain values. */
export interface LoadedRows {
  readonly columns: readonly { name: string; kind: LoadedKind }[];
  readonly rows: (number | bigint | string | null)[][];
}

function kindOf(typeId: Type): LoadedKind {
  if (typeId === Type.Int) return 'int';
  if (typeId === Type.Float) return 'float';
  if (typeId === Type.Timestamp) return 'timestamp';
  if (typeId === Type.Date) return 'date';
  return 'string';
}

const MICROS_PER_UNIT: Readonly<Record<number, number>> = {
  [TimeUnit.SECOND]: 1_000_000,
  [TimeUnit.MILLISECOND]: 1_000,
  [TimeUnit.MICROSECOND]: 1,
};

/** Row `r` of a timestamp or date column as its count (microseconds, days), read from the raw values (`get` gives milliseconds). */
function timeCount(data: Data, kind: 'timestamp' | 'date', r: number): number {
  const raw = Number((data.values as BigInt64Array | Int32Array)[r]!);
  const unit = (data.type as { unit?: number }).unit ?? -1;
  const factor = kind === 'date' ? (unit === DateUnit.DAY ? 1 : undefined) : MICROS_PER_UNIT[unit];
  if (factor === undefined)
    throw new Error(`load-table: ${kind} unit ${unit} is not loaded (day dates, s to µs timestamps)`);
  return raw * factor;
}

/** Reads a data file with datavet's own readers, so engine tables get the types datavet infers. */
export async function readRows(path: string): Promise<LoadedRows> {
  let columns: LoadedRows['columns'] | undefined;
  const rows: LoadedRows['rows'] = [];
  for await (const batch of readBatches(path)) {
    columns ??= batch.schema.fields.map((f) => ({ name: f.name, kind: kindOf(f.type.typeId) }));
    const children = batch.schema.fields.map((_, i) => batch.getChildAt(i)!);
    for (let r = 0; r < batch.numRows; r++) {
      rows.push(
        children.map((child, i) => {
          const v = child.get(r) as unknown;
          if (v === null || v === undefined) return null;
          const kind = columns![i]!.kind;
          if (kind === 'string') return String(v);
          if (kind === 'timestamp' || kind === 'date') return timeCount(child.data[0]!, kind, r);
          return v as number | bigint;
        }),
      );
    }
  }
  return { columns: columns ?? [], rows };
}

/** The SQL type of a kind per engine. */
export const SQL_TYPES = {
  duckdb: { int: 'BIGINT', float: 'DOUBLE', string: 'VARCHAR', timestamp: 'TIMESTAMP', date: 'DATE' },
  postgres: { int: 'BIGINT', float: 'DOUBLE PRECISION', string: 'TEXT', timestamp: 'TIMESTAMP', date: 'DATE' },
  // DateTime holds whole seconds (and nothing before 1970), Date days from 1970.
  clickhouse: {
    int: 'Nullable(Int64)',
    float: 'Nullable(Float64)',
    string: 'Nullable(String)',
    timestamp: 'Nullable(DateTime)',
    date: 'Nullable(Date)',
  },
} as const satisfies Record<string, Record<LoadedKind, string>>;

export type LiveEngine = keyof typeof SQL_TYPES;

/** `YYYY-MM-DD HH:MM:SS.ffffff` of a count of microseconds since 1970 (UTC wall clock). */
function timestampText(micros: number): string {
  const ms = Math.floor(micros / 1000);
  const iso = new Date(ms)
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, '');
  const fraction = micros - Math.floor(micros / 1_000_000) * 1_000_000;
  return `${iso}.${String(fraction).padStart(6, '0')}`;
}

/** Whole seconds of a count of microseconds: ClickHouse's DateTime holds nothing finer. */
function wholeSeconds(micros: number): number {
  if (micros % 1_000_000 !== 0)
    throw new Error(`load-table: ClickHouse DateTime holds whole seconds, not ${micros} µs`);
  return micros / 1_000_000;
}

function literal(engine: LiveEngine, kind: LoadedKind, v: number | bigint | string | null): string {
  if (v === null) return 'NULL';
  if (kind === 'timestamp') {
    return engine === 'clickhouse' ? `toDateTime(${wholeSeconds(Number(v))})` : `'${timestampText(Number(v))}'`;
  }
  if (kind === 'date') {
    const text = new Date(Number(v) * 86_400_000).toISOString().slice(0, 10);
    return engine === 'clickhouse' ? `toDate('${text}')` : `'${text}'`;
  }
  if (kind === 'string') {
    const text = String(v).replaceAll("'", "''");
    return engine === 'clickhouse' ? `'${text.replaceAll('\\', '\\\\')}'` : `'${text}'`;
  }
  if (typeof v === 'bigint' || Number.isInteger(v)) return String(v);
  const n = v as number;
  // Text parsed as a double (strtod, correctly rounded): a bare long decimal literal is a DECIMAL first.
  if (Number.isFinite(n))
    return engine === 'clickhouse' ? String(n) : `'${n}'::${engine === 'postgres' ? 'float8' : 'DOUBLE'}`;
  const word = Number.isNaN(n) ? 'NaN' : n > 0 ? 'Infinity' : '-Infinity';
  if (engine === 'clickhouse') return Number.isNaN(n) ? 'nan' : n > 0 ? 'inf' : '-inf';
  return engine === 'postgres' ? `'${word}'::float8` : `'${word}'::DOUBLE`;
}

/** CREATE TABLE and INSERT statements (1,000 rows each) holding `rows`. */
export function loadStatements(
  engine: LiveEngine,
  table: string,
  data: LoadedRows,
  rows: LoadedRows['rows'] = data.rows,
  tableEngine = 'Memory',
): string[] {
  const q = (name: string) => (engine === 'clickhouse' ? `\`${name}\`` : `"${name.replaceAll('"', '""')}"`);
  const defs = data.columns.map((c) => `${q(c.name)} ${SQL_TYPES[engine][c.kind]}`).join(', ');
  const statements = [`CREATE TABLE ${table} (${defs})${engine === 'clickhouse' ? ` ENGINE = ${tableEngine}` : ''}`];
  for (let start = 0; start < rows.length; start += 1000) {
    const values = rows
      .slice(start, start + 1000)
      .map((row) => `(${row.map((v, i) => literal(engine, data.columns[i]!.kind, v)).join(', ')})`);
    statements.push(`INSERT INTO ${table} VALUES ${values.join(', ')}`);
  }
  return statements;
}

/**
 * Rows in ClickHouse's RowBinary format for Nullable columns: a null byte, then the value
 * (Int64 and Float64 little-endian, DateTime UInt32 and Date UInt16 little-endian, String as a
 * LEB128 length and UTF-8). ClickHouse's text
 * parser rounds some decimals to the neighbouring double (5.69 becomes 5.6899999999999995).
 */
export function rowBinary(data: LoadedRows, rows: LoadedRows['rows']): Uint8Array {
  const chunks: Buffer[] = [];
  for (const row of rows) {
    for (const [i, v] of row.entries()) {
      if (v === null) {
        chunks.push(Buffer.from([1]));
        continue;
      }
      const kind = data.columns[i]!.kind;
      if (kind === 'timestamp' || kind === 'date') {
        // DateTime: UInt32 seconds; Date: UInt16 days.
        const b = Buffer.alloc(kind === 'timestamp' ? 5 : 3);
        if (kind === 'timestamp') b.writeUInt32LE(wholeSeconds(Number(v)), 1);
        else b.writeUInt16LE(Number(v), 1);
        chunks.push(b);
      } else if (kind === 'string') {
        const bytes = Buffer.from(String(v), 'utf8');
        const len: number[] = [];
        let n = bytes.length;
        do {
          len.push((n & 0x7f) | (n > 0x7f ? 0x80 : 0));
          n >>>= 7;
        } while (n > 0);
        chunks.push(Buffer.from([0, ...len]), bytes);
      } else {
        const b = Buffer.alloc(9);
        if (kind === 'int') b.writeBigInt64LE(BigInt(v), 1);
        else b.writeDoubleLE(Number(v), 1);
        chunks.push(b);
      }
    }
  }
  return Buffer.concat(chunks);
}
