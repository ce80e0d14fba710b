// Child process of the statistics memory benchmark: DuckDB SUMMARIZE of one Parquet file (NaN
// mapped to NULL first, as SUMMARIZE fails on NaN), so its peak RSS is measured like datavet's.
import { DuckDBInstance } from '@duckdb/node-api';

const file = process.argv[2];
const db = await DuckDBInstance.create(':memory:');
const connection = await db.connect();
const names = (await connection.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet('${file}')`)).getRows();
const doubles = names.filter((r) => r[1] === 'DOUBLE').map((r) => r[0]);
const replace = doubles.map((c) => `CASE WHEN isnan(${c}) THEN NULL ELSE ${c} END AS ${c}`).join(', ');
const select = replace ? `SELECT * REPLACE (${replace})` : 'SELECT *';
await connection.runAndReadAll(`SUMMARIZE ${select} FROM read_parquet('${file}')`);
connection.closeSync();
