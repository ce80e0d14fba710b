import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { generateIoData } from './generate-io-data.js';
import { buildLibrary, median, type ProcessMeasure, timeProcess } from './whole-process.js';

const repo = resolve(import.meta.dirname, '../..');
const dataDir = join(repo, 'bench-data');
const POSTGRES_URL = process.env.DATAVET_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** One whole `datavet` process (unbundled build), as /usr/bin/time measures it. */
function datavet(cli: string, args: readonly string[]): ProcessMeasure {
  return timeProcess([process.execPath, cli, ...args]);
}

/** The datavet CLI built by tsc into bench-data/dist. */
function builtCli(): string {
  return join(buildLibrary(join(dataDir, 'dist')), 'cli/main.js');
}

/**
 * Push-down benchmark (issue 15): `datavet stats --engine duckdb` over a Parquet file against
 * `datavet stats` of the same file in process, and `--engine postgres` on a table of the 1M rows
 * against in-process on the same rows; whole processes, alternating, medians of `runs`.
 * DATAVET_BENCH_ENGINE_ROWS sets the DuckDB rows (default 10,000,000).
 */
export async function run(): Promise<void> {
  const rows = Number(process.env.DATAVET_BENCH_ENGINE_ROWS ?? 10_000_000);
  const runs = Number(process.env.DATAVET_BENCH_RUNS ?? 3);
  const cli = builtCli();
  const big = await generateIoData(dataDir, rows);
  const small = await generateIoData(dataDir, 1_000_000);
  const table: string[][] = [
    ['measurement', 'rows', 'wall s (median)', 'CPU s', 'peak RSS MB', 'scans', 'ratio to in-process'],
  ];
  const out = join(dataDir, 'engines-out.pb');
  const scans = (m: ProcessMeasure) => /, (\d+) scans?\)/.exec(m.stderr)?.[1] ?? '';

  const compare = (label: string, n: number, engine: (i: number) => ProcessMeasure, local: () => ProcessMeasure) => {
    const e: ProcessMeasure[] = [];
    const l: ProcessMeasure[] = [];
    for (let i = 0; i < runs; i++) {
      // Alternating, so both see the same load on a shared machine.
      if (i % 2 === 0) {
        e.push(engine(i));
        l.push(local());
      } else {
        l.push(local());
        e.push(engine(i));
      }
    }
    const [ew, lw] = [median(e.map((m) => m.wall)), median(l.map((m) => m.wall))];
    table.push([
      `${label} push-down`,
      n.toLocaleString('en-US'),
      ew.toFixed(1),
      median(e.map((m) => m.cpu)).toFixed(1),
      median(e.map((m) => m.rssMb)).toFixed(0),
      scans(e[0]!),
      `${(ew / lw).toFixed(2)}x`,
    ]);
    table.push([
      'datavet in-process (same data)',
      n.toLocaleString('en-US'),
      lw.toFixed(1),
      median(l.map((m) => m.cpu)).toFixed(1),
      median(l.map((m) => m.rssMb)).toFixed(0),
      '1',
      '1.00x',
    ]);
  };

  compare(
    'DuckDB (read_parquet)',
    rows,
    () =>
      datavet(cli, [
        'stats',
        '--engine',
        'duckdb',
        '--connection',
        'duckdb::memory:',
        '--query',
        `SELECT * FROM read_parquet('${big.parquet}')`,
        '-o',
        out,
      ]),
    () => datavet(cli, ['stats', big.parquet, '-o', out]),
  );

  // PostgreSQL: the 1M rows loaded once with COPY (timed apart), then statistics in the server.
  const schema = `datavet_bench_engines_${process.pid}`;
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  try {
    await client.query(`CREATE SCHEMA ${schema}`);
    const columns = [
      ...Array.from({ length: 10 }, (_, k) => `f${k} double precision`),
      ...Array.from({ length: 5 }, (_, k) => `i${k} bigint`),
      ...Array.from({ length: 5 }, (_, k) => `s${k} text`),
    ];
    await client.query(`CREATE TABLE ${schema}.t (${columns.join(', ')})`);
    const t0 = performance.now();
    execFileSync('psql', [POSTGRES_URL, '-c', `\\copy ${schema}.t FROM '${small.csv}' WITH (FORMAT csv, HEADER true)`]);
    table.push([
      'PostgreSQL COPY of the CSV (once)',
      '1,000,000',
      ((performance.now() - t0) / 1000).toFixed(1),
      '',
      '',
      '',
      '',
    ]);
    compare(
      'PostgreSQL (table)',
      1_000_000,
      () =>
        datavet(cli, [
          'stats',
          '--engine',
          'postgres',
          '--connection',
          POSTGRES_URL,
          '--table',
          `${schema}.t`,
          '-o',
          out,
        ]),
      () => datavet(cli, ['stats', small.parquet, '-o', out]),
    );
  } finally {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await client.end();
    rmSync(out, { force: true });
  }
  const widths = table[0]!.map((_, c) => Math.max(...table.map((r) => r[c]!.length)));
  for (const r of table) console.log(`| ${r.map((cell, c) => cell.padEnd(widths[c]!)).join(' | ')} |`);
}
