import { execFileSync } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, existsSync, readFileSync, statSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { tableFromIPC } from 'apache-arrow';
import { readParquet } from 'parquet-wasm';
import { countRows, papaparseRows } from './csv.bench.js';
import { generateIoData, ioDataColumnTypes } from './generate-io-data.js';

const root = join(import.meta.dirname, '..', '..');
const dataDir = join(root, 'bench-data');

interface Row {
  measurement: string;
  seconds: number;
  cpu?: number;
  mbPerSecond?: number;
  rowsPerSecond?: number;
  note?: string;
}

/** Wall seconds and CPU seconds (user + system of this process): on a shared machine CPU time is the steadier figure. */
async function time<T>(call: () => Promise<T>): Promise<{ seconds: number; cpu: number; value: T }> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  const value = await call();
  const used = process.cpuUsage(cpu);
  return { seconds: (performance.now() - started) / 1000, cpu: (used.user + used.system) / 1e6, value };
}

/** Ingestion benchmark (issue 3): CSV and Parquet into Arrow batches next to DuckDB, and peak RSS on ~1 GB of CSV. */
export async function run(): Promise<void> {
  const { csv, parquet } = await generateIoData(dataDir);
  const csvMB = statSync(csv).size / 1e6;
  const rowsExpected = 1_000_000;
  const rows: Row[] = [];
  let parquetRatio: { wall: number; cpu: number } | undefined;
  const add = (
    measurement: string,
    r: { seconds: number; cpu: number },
    mb: number | undefined,
    count: number,
    note?: string,
  ) => {
    if (count !== rowsExpected) throw new Error(`${measurement}: read ${count} rows, expected ${rowsExpected}`);
    rows.push({
      measurement,
      seconds: r.seconds,
      cpu: r.cpu,
      ...(mb === undefined ? {} : { mbPerSecond: mb / r.seconds }),
      rowsPerSecond: count / r.seconds,
      ...(note ? { note } : {}),
    });
  };

  // Memory first, while this process is still small.
  // Peak memory on ~1 GB of CSV, in a child process.
  const bigCsv = join(dataDir, 'io-1gb.csv');
  if (!existsSync(bigCsv)) {
    const text = readFileSync(csv);
    const body = text.subarray(text.indexOf(10) + 1);
    const out = createWriteStream(bigCsv);
    out.write(text.subarray(0, text.indexOf(10) + 1));
    for (let k = 0; k < Math.ceil(1e9 / body.length); k++) if (!out.write(body)) await once(out, 'drain');
    out.end();
    await once(out, 'finish');
  }
  const bigMB = statSync(bigCsv).size / 1e6;
  const child = JSON.parse(
    execFileSync(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'io-rss-child.ts'), bigCsv], {
      encoding: 'utf8',
      maxBuffer: 1 << 20,
    }),
  ) as { rows: number; seconds: number; peakRssMB: number };
  const memoryRow: Row = {
    measurement: `datavet CSV -> batches, ${bigMB.toFixed(0)} MB file (child process)`,
    seconds: child.seconds,
    mbPerSecond: bigMB / child.seconds,
    rowsPerSecond: child.rows / child.seconds,
    note: `peak RSS ${child.peakRssMB.toFixed(0)} MB`,
  };

  // CSV
  for (const batchSize of [8_192, 32_768, 65_536]) {
    const r = await time(() => countRows(csv, { batchSize }));
    add(`datavet CSV -> batches (batchSize ${batchSize})`, r, csvMB, r.value, 'two passes: type scan + build');
  }
  const typed = await time(() => countRows(csv, { columnTypes: ioDataColumnTypes }));
  add('datavet CSV -> batches, types from a schema', typed, csvMB, typed.value, 'one pass');
  const papa = await time(() => papaparseRows(csv));
  add('papaparse 5.7 raw strings (no typing, no Arrow)', papa, csvMB, papa.value, 'parse only');

  const db = await DuckDBInstance.create(':memory:');
  const connection = await db.connect();
  const duck = async (label: string, threads: number, sql: string, mb: number | undefined) => {
    await connection.run(`SET threads=${threads}`);
    const r = await time(() => connection.run(sql));
    const count = await connection.runAndReadAll('SELECT count(*) FROM t');
    add(`${label} (${threads} thread${threads > 1 ? 's' : ''})`, r, mb, Number(count.getRows()[0]![0]));
    await connection.run('DROP TABLE t');
  };
  await duck('DuckDB read_csv -> table', 1, `CREATE TABLE t AS SELECT * FROM read_csv('${csv}')`, csvMB);
  await duck('DuckDB read_csv -> table', 2, `CREATE TABLE t AS SELECT * FROM read_csv('${csv}')`, csvMB);

  // Parquet. The datavet reader and the bare parquet-wasm loop run interleaved, after one warm-up
  // each, best of 3 by CPU: a shared machine's load then weighs on both alike, and neither pays
  // a cold start the other does not (issue 3 compares them in the same run).
  const parquetMB = statSync(parquet).size / 1e6;
  const bytes = new Uint8Array(readFileSync(parquet));
  const groups = Math.ceil(rowsExpected / 122_880);
  const bareDecode = async () => {
    let n = 0;
    for (let g = 0; g < groups; g++) {
      const table = readParquet(bytes, { rowGroups: [g], batchSize: 122_880 });
      n += tableFromIPC(table.intoIPCStream()).numRows;
    }
    return n;
  };
  const parquetCases: [string, () => Promise<number>, string][] = [
    ['datavet Parquet -> batches', () => countRows(parquet), 'includes reading the file'],
    ['bare parquet-wasm decode per row group -> JS Arrow (IPC)', bareDecode, 'file already in memory'],
  ];
  const bestParquet = new Map<string, Awaited<ReturnType<typeof time<number>>>>();
  for (const [, call] of parquetCases) await call();
  for (let round = 0; round < 3; round++) {
    for (const [label, call] of parquetCases) {
      const r = await time(call);
      const previous = bestParquet.get(label);
      if (!previous || r.cpu < previous.cpu) bestParquet.set(label, r);
    }
  }
  for (const [label, , note] of parquetCases) {
    const r = bestParquet.get(label)!;
    add(label, r, parquetMB, r.value, note);
  }
  const ours = bestParquet.get(parquetCases[0]![0])!;
  const bare = bestParquet.get(parquetCases[1]![0])!;
  parquetRatio = { wall: ours.seconds / bare.seconds, cpu: ours.cpu / bare.cpu };
  await duck(
    'DuckDB read_parquet -> table',
    1,
    `CREATE TABLE t AS SELECT * FROM read_parquet('${parquet}')`,
    parquetMB,
  );
  await duck(
    'DuckDB read_parquet -> table',
    2,
    `CREATE TABLE t AS SELECT * FROM read_parquet('${parquet}')`,
    parquetMB,
  );
  connection.closeSync();

  rows.push(memoryRow);
  console.log(
    `\nIngestion: ${rowsExpected.toLocaleString()} rows x 20 columns; CSV ${csvMB.toFixed(0)} MB, Parquet ${parquetMB.toFixed(0)} MB\n`,
  );
  console.log(
    '| measurement | wall s | CPU s | MB/s (wall) | MB per CPU-s | rows/s (wall) | note |\n|---|---|---|---|---|---|---|',
  );
  for (const r of rows) {
    const mb = r.mbPerSecond === undefined ? undefined : r.mbPerSecond * r.seconds;
    console.log(
      `| ${r.measurement} | ${r.seconds.toFixed(2)} | ${r.cpu?.toFixed(2) ?? ''} | ${r.mbPerSecond?.toFixed(0) ?? ''} | ${mb !== undefined && r.cpu ? (mb / r.cpu).toFixed(0) : ''} | ${r.rowsPerSecond ? `${(r.rowsPerSecond / 1e6).toFixed(2)}M` : ''} | ${r.note ?? ''} |`,
    );
  }
  if (parquetRatio) {
    console.log(
      `\nratio datavet Parquet -> batches / bare parquet-wasm decode (same run, best of 3 interleaved): ${parquetRatio.wall.toFixed(2)} wall, ${parquetRatio.cpu.toFixed(2)} CPU (target <= 1.5)`,
    );
  }
  await writeFile(join(dataDir, 'io-results.json'), JSON.stringify({ csvMB, parquetMB, rows, parquetRatio }, null, 2));
}
