// The peer of the whole-process benchmark: DuckDB's SUMMARIZE of one file, as its own process.
// node test/bench/duckdb-summarize.mjs FILE  (CSV or Parquet, by extension; DuckDB's default threads)
// SUMMARIZE's standard deviation fails on NaN ("out of range"), so floating columns have NaN
// mapped to NULL first, the way a user makes it work.
import { DuckDBInstance } from '@duckdb/node-api';

const file = process.argv[2];
if (!file) {
  console.error('usage: node test/bench/duckdb-summarize.mjs FILE');
  process.exit(2);
}
const db = await DuckDBInstance.create(':memory:');
const connection = await db.connect();
const reader = file.endsWith('.parquet') ? 'read_parquet' : 'read_csv';
const source = `${reader}('${file.replace(/'/g, "''")}')`;
const columns = (await connection.runAndReadAll(`DESCRIBE SELECT * FROM ${source}`)).getRows();
const quote = (name) => `"${String(name).replace(/"/g, '""')}"`;
const floating = columns.filter(([, type]) => type === 'DOUBLE' || type === 'FLOAT').map(([name]) => quote(name));
const replace = floating.length
  ? ` REPLACE (${floating.map((c) => `CASE WHEN isnan(${c}) THEN NULL ELSE ${c} END AS ${c}`).join(', ')})`
  : '';
const result = await connection.runAndReadAll(`SUMMARIZE SELECT *${replace} FROM ${source}`);
console.log(`${result.getRows().length} columns summarised`);
connection.closeSync();
