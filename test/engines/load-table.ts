import { Type } from 'apache-arrow';
import { readBatches } from '../../src/io/open-dataset.js';

/** A file as datavet reads it: column names, a SQL kind per column, and rows of plain values. */
export interface LoadedRows {
  readonly columns: readonly { name: string; kind: 'int' | 'float' | 'string' }[];
  readonly rows: (number | bigint | string | null)[][];
}

function kindOf(typeId: Type): 'int' | 'float' | 'string' {
  if (typeId === Type.Int) return 'int';
  if (typeId === Type.Float) return 'float';
  return 'string';
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
          if (columns![i]!.kind === 'string') return String(v);
          return v as number | bigint;
        }),
      );
    }
  }
  return { columns: columns ?? [], rows };
}

/** The SQL type of a kind per engine. */
export const SQL_TYPES = {
  duckdb: { int: 'BIGINT', float: 'DOUBLE', string: 'VARCHAR' },
  postgres: { int: 'BIGINT', float: 'DOUBLE PRECISION', string: 'TEXT' },
  clickhouse: { int: 'Nullable(Int64)', float: 'Nullable(Float64)', string: 'Nullable(String)' },
} as const;

export type LiveEngine = keyof typeof SQL_TYPES;

function literal(engine: LiveEngine, kind: 'int' | 'float' | 'string', v: number | bigint | string | null): string {
  if (v === null) return 'NULL';
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
 * (Int64 and Float64 little-endian, String as a LEB128 length and UTF-8). ClickHouse's text
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
      if (kind === 'string') {
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
