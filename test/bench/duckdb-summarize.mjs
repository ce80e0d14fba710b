// The peer of the whole-process benchmark: DuckDB's SUMMARIZE of one file, as its own process.
// node test/bench/duckdb-summarize.mjs FILE  (CSV or Parquet, by extension; DuckDB's default threads)
import { DuckDBInstance } from '@duckdb/node-api';

const file = process.argv[2];
if (!file) {
  console.error('usage: node test/bench/duckdb-summarize.mjs FILE');
  process.exit(2);
}
const db = await DuckDBInstance.create(':memory:');
const connection = await db.connect();
const reader = file.endsWith('.parquet') ? 'read_parquet' : 'read_csv';
const result = await connection.runAndReadAll(`SUMMARIZE SELECT * FROM ${reader}('${file.replace(/'/g, "''")}')`);
console.log(`${result.getRows().length} columns summarised`);
connection.closeSync();
