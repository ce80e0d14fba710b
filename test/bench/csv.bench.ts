import { createReadStream, statSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import Papa from 'papaparse';
import { type ReadOptions, readBatches } from '../../src/index.js';
import { ChunkedFile } from '../../src/io/chunked-file.js';
import { generateIoData, ioDataColumnTypes } from './generate-io-data.js';

/**
 * Focused CSV throughput benchmark (`npm run bench -- csv`): the same generated 1M x 20 file as
 * `io`, each reader run `repeats` times in this process, reporting the best CPU time (user +
 * system) so that the ratios stay meaningful on a shared, loaded machine. The reference rows
 * (bare file reading, papaparse's raw parse, DuckDB on one thread) run in the same process and
 * bracket what a CSV reader in JavaScript can reach.
 */
export async function run(): Promise<void> {
  const { csv } = await generateIoData(join(import.meta.dirname, '..', '..', 'bench-data'));
  const mb = statSync(csv).size / 1e6;
  const repeats = Number(process.env.CSV_BENCH_REPEATS ?? 3);
  const db = await DuckDBInstance.create(':memory:');
  const connection = await db.connect();
  await connection.run('SET threads=1');

  const cases: Array<[string, () => Promise<number>]> = [
    ['read the file in 1 MiB chunks + UTF-8 check (no parsing)', () => readOnly(csv)],
    ['datavet CSV -> batches, inferred types', () => countRows(csv, {})],
    ['datavet CSV -> batches, types from a schema', () => countRows(csv, { columnTypes: ioDataColumnTypes })],
    ['papaparse 5.7 raw strings (no typing, no Arrow)', () => papaparseRows(csv)],
    [
      'DuckDB read_csv -> table (1 thread)',
      async () => {
        await connection.run('DROP TABLE IF EXISTS t');
        await connection.run(`CREATE TABLE t AS SELECT * FROM read_csv('${csv}')`);
        const r = await connection.runAndReadAll('SELECT count(*) FROM t');
        return Number(r.getRows()[0]![0]);
      },
    ],
  ];
  console.log(`\nCSV ${mb.toFixed(0)} MB (1M rows x 20 columns), best of ${repeats} runs per row\n`);
  console.log('| measurement | best CPU s | MB per CPU-s | best wall s | rows |\n|---|---|---|---|---|');
  for (const [label, call] of cases) {
    let cpu = Number.POSITIVE_INFINITY;
    let wall = Number.POSITIVE_INFINITY;
    let rows = 0;
    for (let k = 0; k < repeats; k++) {
      const started = performance.now();
      const before = process.cpuUsage();
      rows = await call();
      const used = process.cpuUsage(before);
      cpu = Math.min(cpu, (used.user + used.system) / 1e6);
      wall = Math.min(wall, (performance.now() - started) / 1000);
    }
    console.log(`| ${label} | ${cpu.toFixed(2)} | ${(mb / cpu).toFixed(0)} | ${wall.toFixed(2)} | ${rows} |`);
  }
  connection.closeSync();
}

/** Rows datavet reads from `path` (also used by the `io` bench). */
export async function countRows(path: string, options: ReadOptions = {}): Promise<number> {
  let rows = 0;
  for await (const batch of readBatches(path, options)) rows += batch.numRows;
  return rows;
}

async function readOnly(path: string): Promise<number> {
  const file = await ChunkedFile.open(path);
  let lines = 0;
  while (await file.fill(file.buf.length)) lines++;
  return lines;
}

/** Data rows papaparse streams from `path`, as raw strings (also used by the `io` bench). */
export function papaparseRows(path: string): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    let n = -1; // header row
    Papa.parse(createReadStream(path), {
      chunk: (result) => {
        n += result.data.length;
      },
      complete: () => resolve(n),
      error: reject,
      skipEmptyLines: true,
    });
  });
}
