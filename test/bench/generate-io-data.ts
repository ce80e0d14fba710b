import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';

/** The column types of the generated data, as a `columnTypes` read option (the "types from a schema" rows). */
export const ioDataColumnTypes = Object.fromEntries([
  ...Array.from({ length: 10 }, (_, k) => [`f${k}`, 'float'] as const),
  ...Array.from({ length: 5 }, (_, k) => [`i${k}`, 'int'] as const),
  ...Array.from({ length: 5 }, (_, k) => [`s${k}`, 'string'] as const),
]);

/**
 * The ingestion benchmark's data (issue 3, docs/dependencies.md): 1,000,000 rows x 20 columns made by
 * DuckDB with a fixed seed. f0..f9 DOUBLE (sum of 3 uniforms, 4 decimals, 2% NULL, even columns
 * also 1% NaN), i0..i4 BIGINT (magnitudes 1e3..1e11, 1% NULL), s0..s4 VARCHAR (cardinalities
 * 3/7/12/30/100, 1% NULL). Written as CSV (NULL as an empty field, NaN as `nan`) and as Parquet
 * (DuckDB COPY: SNAPPY, row groups of 122,880 rows). Files go to `bench-data/` (gitignored) and
 * are reused when present.
 */
export async function generateIoData(dir: string, rows = 1_000_000): Promise<{ csv: string; parquet: string }> {
  const csv = join(dir, `io-${rows}.csv`);
  const parquet = join(dir, `io-${rows}.parquet`);
  if (existsSync(csv) && existsSync(parquet)) return { csv, parquet };
  mkdirSync(dir, { recursive: true });
  const db = await DuckDBInstance.create(':memory:');
  const connection = await db.connect();
  await connection.run('SELECT setseed(0.42)');
  const columns = ioDataColumnSql();
  await connection.run(`CREATE TABLE t AS SELECT ${columns.join(', ')} FROM range(${rows})`);
  await connection.run(`COPY t TO '${csv}' (FORMAT csv, HEADER true)`);
  await connection.run(`COPY t TO '${parquet}' (FORMAT parquet, COMPRESSION snappy)`);
  connection.closeSync();
  return { csv, parquet };
}

/** The generated columns as DuckDB select expressions, in order (f0..f9, i0..i4, s0..s4); random() draws from the session's seed. */
export function ioDataColumnSql(): string[] {
  const columns: string[] = [];
  for (let k = 0; k < 10; k++) {
    const nan = k % 2 === 0 ? `WHEN random() < 0.01 THEN 'NaN'::DOUBLE ` : '';
    columns.push(
      `CASE WHEN random() < 0.02 THEN NULL ${nan}ELSE round(random() + random() + random(), 4) END AS f${k}`,
    );
  }
  for (let k = 0; k < 5; k++) {
    const magnitude = 10 ** (3 + 2 * k);
    columns.push(`CASE WHEN random() < 0.01 THEN NULL ELSE (random() * ${magnitude})::BIGINT END AS i${k}`);
  }
  [3, 7, 12, 30, 100].forEach((cardinality, k) => {
    columns.push(
      `CASE WHEN random() < 0.01 THEN NULL ELSE 'cat_' || (floor(random() * ${cardinality}))::INTEGER END AS s${k}`,
    );
  });
  return columns;
}
