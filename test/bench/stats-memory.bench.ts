import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { generateIoData } from './generate-io-data.js';
import { buildLibrary, median, type ProcessMeasure, timeProcess } from './whole-process.js';

const repo = resolve(import.meta.dirname, '../..');
const dataDir = join(repo, 'bench-data');
const rows = 1000;
const widths = [1, 1000, 10_000];

/** `rows` x `columns` (even columns DOUBLE, odd ones VARCHAR of 50 values), as CSV and Parquet, by DuckDB. */
async function wideData(columns: number): Promise<{ csv: string; parquet: string }> {
  const csv = join(dataDir, `wide-${columns}x${rows}.csv`);
  const parquet = join(dataDir, `wide-${columns}x${rows}.parquet`);
  if (existsSync(csv) && existsSync(parquet)) return { csv, parquet };
  mkdirSync(dataDir, { recursive: true });
  const db = await DuckDBInstance.create(':memory:');
  const connection = await db.connect();
  await connection.run('SELECT setseed(0.2)');
  const exprs = Array.from({ length: columns }, (_, k) =>
    k % 2 === 0 ? `round(random() * 1000, 2) AS c${k}` : `'v' || CAST(floor(random() * 50) AS INT) AS c${k}`,
  );
  await connection.run(`CREATE TABLE t AS SELECT ${exprs.join(', ')} FROM range(${rows})`);
  await connection.run(`COPY t TO '${csv}' (FORMAT csv, HEADER true)`);
  await connection.run(`COPY t TO '${parquet}' (FORMAT parquet)`);
  connection.closeSync();
  return { csv, parquet };
}

interface Measured extends ProcessMeasure {
  readonly ok: boolean;
  /** datavet's one-line message when the run failed. */
  readonly error: string;
}

/** One whole process under /usr/bin/time; a failed run is a row of its own, not an exception. */
function timed(command: string, args: readonly string[]): Measured {
  const m = timeProcess([command, ...args], { allowFailure: true });
  const error = m.stderr.split('\n').find((line) => line.startsWith('datavet:')) ?? '';
  return { ...m, ok: m.status === 0, error: error.slice(0, 90) };
}

/**
 * Peak RSS of the `stats` command as users run it (built JavaScript, a fresh process each run):
 * on 1, 1,000 and 10,000 columns x 1,000 rows (CSV and Parquet), and on the 1M x 20 Parquet file
 * next to DuckDB SUMMARIZE of the same file in its own process. Runs alternate; medians of 3.
 */
export async function run(): Promise<void> {
  const outDir = buildLibrary(join(dataDir, 'dist'));
  const cli = join(outDir, 'cli/main.js');
  const out = join(dataDir, 'memory-bench-out.pb');
  const stats = (file: string) => timed(process.execPath, [cli, 'stats', file, '-o', out, '--quiet']);
  const table: string[][] = [['measurement', 'wall s', 'CPU s', 'peak RSS MB', 'note']];
  const row = (label: string, runs: Measured[], note = '') => {
    const ok = runs.filter((r) => r.ok);
    if (ok.length === 0) {
      table.push([label, '', '', '', `failed: ${runs[0]?.error ?? ''}`]);
      return;
    }
    table.push([
      label,
      median(ok.map((r) => r.wall)).toFixed(2),
      median(ok.map((r) => r.cpu)).toFixed(2),
      median(ok.map((r) => r.rssMb)).toFixed(0),
      note,
    ]);
  };
  for (const columns of widths) {
    const { csv, parquet } = await wideData(columns);
    const csvRuns: Measured[] = [];
    const parquetRuns: Measured[] = [];
    for (let round = 0; round < 3; round++) {
      csvRuns.push(stats(csv));
      parquetRuns.push(stats(parquet));
    }
    row(`datavet stats, ${columns.toLocaleString('en-US')} columns x ${rows} rows, CSV`, csvRuns);
    row(`datavet stats, ${columns.toLocaleString('en-US')} columns x ${rows} rows, Parquet`, parquetRuns);
  }

  const { parquet } = await generateIoData(dataDir);
  const summarize = join(import.meta.dirname, 'duckdb-summarize.mjs');
  const ours: Measured[] = [];
  const duck: Measured[] = [];
  for (let round = 0; round < 3; round++) {
    ours.push(stats(parquet));
    duck.push(timed(process.execPath, [summarize, parquet]));
  }
  row('datavet stats, 1M x 20 Parquet (default jobs)', ours);
  row('DuckDB SUMMARIZE, same file, NaN -> NULL (own process)', duck);
  const widthsCol = table[0]!.map((_, c) => Math.max(...table.map((r) => (r[c] ?? '').length)));
  for (const r of table) console.log(`| ${r.map((cell, c) => cell.padEnd(widthsCol[c]!)).join(' | ')} |`);
}
