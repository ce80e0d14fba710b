import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { generateIoData, ioDataColumnSql } from './generate-io-data.js';
import { median, type ProcessMeasure, timeProcess } from './whole-process.js';

/**
 * Whole-process benchmark (issue 22): each job is timed as a user times it, one process from start
 * to exit, by `/usr/bin/time` (wall, user and system seconds, peak RSS of the process), against
 * DuckDB's SUMMARIZE of the same file in its own process. The two commands alternate (A B A B ...)
 * so a machine whose speed drifts slows both; medians and the median of the pairwise ratios are
 * printed. `DATAVET_BENCH_RUNS` sets the runs per command (default 5); `DATAVET_BENCH_SCALE` the
 * points of the scaling curve, millions of rows with an optional width (default `1,3`; `1,10,100x4`:
 * 1M and 10M rows of the 20 bench columns, then 100M rows of 4 of them); `DATAVET_BENCH_SCALE_RUNS`
 * the runs per curve point (default `DATAVET_BENCH_RUNS`); `DATAVET_BENCH_PART` `table`, `scale` or
 * both (the default); `DATAVET_BENCH_CLI` a datavet bin to time instead of this checkout's build.
 */

const repo = resolve(import.meta.dirname, '../..');
const dataDir = join(repo, 'bench-data');
// The command a user runs: the package's `bin` (or `DATAVET_BENCH_CLI`, a bin built elsewhere, to
// compare builds or to keep timing one build while this checkout changes).
const ownCli = process.env.DATAVET_BENCH_CLI === undefined;
const cli = ownCli
  ? join(
      repo,
      (JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { bin: { datavet: string } }).bin.datavet,
    )
  : resolve(process.env.DATAVET_BENCH_CLI as string);
const peer = join(repo, 'test', 'bench', 'duckdb-summarize.mjs');
const runs = Number(process.env.DATAVET_BENCH_RUNS ?? 5);

type Measure = ProcessMeasure;

interface Row {
  readonly job: string;
  readonly a: Measure[];
  readonly b?: Measure[];
}

/** A and B in turn, one warm-up each (unless told not to), then `count` counted pairs. */
function alternate(
  job: string,
  a: readonly string[],
  b?: readonly string[],
  { count = runs, warmUp = true }: { count?: number; warmUp?: boolean } = {},
): Row {
  if (warmUp) {
    timeProcess(a);
    if (b) timeProcess(b);
  }
  const ra: Measure[] = [];
  const rb: Measure[] = [];
  for (let i = 0; i < count; i++) {
    ra.push(timeProcess(a));
    if (b) rb.push(timeProcess(b));
  }
  return b ? { job, a: ra, b: rb } : { job, a: ra };
}

function print(rows: readonly Row[]): void {
  const fmt = (x: number, digits = 2) => x.toFixed(digits);
  const lines = [
    '| job | datavet wall s | CPU s | peak MB | DuckDB wall s | peak MB | wall ratio | memory ratio |',
    '|---|---|---|---|---|---|---|---|',
  ];
  for (const row of rows) {
    const a = row.a;
    const cells = [
      row.job,
      fmt(median(a.map((m) => m.wall))),
      fmt(median(a.map((m) => m.cpu))),
      fmt(median(a.map((m) => m.rssMb)), 0),
    ];
    if (row.b) {
      const b = row.b;
      const wallRatio = median(a.map((m, i) => m.wall / (b[i] as Measure).wall));
      const rssRatio = median(a.map((m, i) => m.rssMb / (b[i] as Measure).rssMb));
      cells.push(
        fmt(median(b.map((m) => m.wall))),
        fmt(median(b.map((m) => m.rssMb)), 0),
        `${fmt(wallRatio)}x`,
        `${fmt(rssRatio)}x`,
      );
    } else cells.push('', '', '', '');
    lines.push(`| ${cells.join(' | ')} |`);
  }
  console.log(lines.join('\n'));
}

/** The CSV most tools write: doubles with full precision (17 significant digits), same shape as the bench file. */
async function fullPrecisionCsv(rows: number): Promise<string> {
  const csv = join(dataDir, `e2e-full-${rows}.csv`);
  if (existsSync(csv)) return csv;
  mkdirSync(dataDir, { recursive: true });
  const db = await DuckDBInstance.create(':memory:');
  const connection = await db.connect();
  await connection.run('SELECT setseed(0.17)');
  const columns = [
    ...Array.from(
      { length: 10 },
      (_, k) => `CASE WHEN random() < 0.02 THEN NULL ELSE random() * ${10 ** (k % 4)} END AS f${k}`,
    ),
    ...Array.from({ length: 5 }, (_, k) => `(random() * ${10 ** (3 + 2 * k)})::BIGINT AS i${k}`),
    ...[3, 7, 12, 30, 100].map((c, k) => `'cat_' || (floor(random() * ${c}))::INTEGER AS s${k}`),
  ];
  await connection.run(`COPY (SELECT ${columns.join(', ')} FROM range(${rows})) TO '${csv}' (FORMAT csv, HEADER true)`);
  connection.closeSync();
  return csv;
}

/**
 * A wide Parquet file: 100,000 rows of 500 columns (doubles, integers and strings in turn), row groups
 * of 20,000 rows. It guards what a file of many columns costs on top of its values: footers, column
 * plans and the passes of a thread reading its columns one at a time.
 */
async function wideParquet(): Promise<string> {
  const parquet = join(dataDir, 'e2e-wide-100000x500.parquet');
  if (existsSync(parquet)) return parquet;
  mkdirSync(dataDir, { recursive: true });
  const db = await DuckDBInstance.create(':memory:');
  const connection = await db.connect();
  await connection.run('SELECT setseed(0.23)');
  const columns = Array.from({ length: 500 }, (_, k) =>
    k % 3 === 0
      ? `random() AS d${k}`
      : k % 3 === 1
        ? `(random() * 1000)::BIGINT AS i${k}`
        : `'v' || (floor(random() * 50))::INTEGER AS s${k}`,
  );
  await connection.run(
    `COPY (SELECT ${columns.join(', ')} FROM range(100000)) TO '${parquet}' (FORMAT parquet, ROW_GROUP_SIZE 20000)`,
  );
  connection.closeSync();
  return parquet;
}

/** The scaling curve's columns by width: all 20 of the bench file, or 4 of them (two doubles, an integer, a string). */
const scaleColumns = (width: number): string[] => {
  const all = ioDataColumnSql();
  if (width === all.length) return all;
  if (width === 4) return [0, 1, 12, 19].map((k) => all[k] as string);
  throw new Error(`DATAVET_BENCH_SCALE: width ${width} is not 20 or 4`);
};

/**
 * One point of the scaling curve: `rows` generated rows of `width` bench columns, Parquet written by
 * DuckDB streaming from the generator (no table in memory: 100M x 20 would not fit), and the CSV
 * copied from that Parquet so both hold the same values.
 */
export async function scaleData(rows: number, width: number): Promise<{ csv: string; parquet: string }> {
  const base = join(dataDir, `e2e-scale-${rows}x${width}`);
  const csv = `${base}.csv`;
  const parquet = `${base}.parquet`;
  if (existsSync(csv) && existsSync(parquet)) return { csv, parquet };
  mkdirSync(dataDir, { recursive: true });
  const db = await DuckDBInstance.create(':memory:');
  const connection = await db.connect();
  await connection.run('SELECT setseed(0.42)');
  await connection.run(
    `COPY (SELECT ${scaleColumns(width).join(', ')} FROM range(${rows})) TO '${parquet}' (FORMAT parquet, COMPRESSION snappy)`,
  );
  await connection.run(`COPY (FROM read_parquet('${parquet}')) TO '${csv}' (FORMAT csv, HEADER true)`);
  connection.closeSync();
  return { csv, parquet };
}

export async function run(): Promise<void> {
  // Measure the code as it is now: the CLI a user runs is the built one.
  if (ownCli) execFileSync('npm', ['run', 'build'], { cwd: repo, stdio: 'inherit' });
  const out = join(tmpdir(), `datavet-e2e-${process.pid}.pb`);
  const stats = (file: string, ...extra: string[]) => ['node', cli, 'stats', file, '-o', out, '-q', ...extra];
  const summarize = (file: string) => ['node', peer, file];
  const part = process.env.DATAVET_BENCH_PART ?? 'all';
  console.log(
    `whole process, ${runs} alternating runs each after a warm-up, medians; ratios are medians of pairwise ratios`,
  );
  const tinyDir = join(tmpdir(), `datavet-e2e-tiny-${process.pid}`);
  if (part !== 'scale') {
    const { parquet } = await generateIoData(dataDir);
    const full = await fullPrecisionCsv(1_000_000);
    const wide = await wideParquet();
    mkdirSync(tinyDir, { recursive: true });
    const tiny = join(tinyDir, 'tiny.csv');
    writeFileSync(tiny, 'a,b,c\n1,x,0.5\n2,y,1.5\n3,x,2.5\n');
    const rows: Row[] = [
      alternate('stats 1M x 20 Parquet', stats(parquet), summarize(parquet)),
      alternate('stats 1M x 20 Parquet, --jobs 1', stats(parquet, '--jobs', '1'), summarize(parquet)),
      alternate('stats 100k x 500 Parquet (wide)', stats(wide), summarize(wide)),
      alternate('stats 1M x 20 CSV, full-precision doubles', stats(full), summarize(full)),
      // One thread: the number parser alone, without the split of the file between threads.
      alternate('stats 1M x 20 CSV, full-precision doubles, --jobs 1', stats(full, '--jobs', '1'), summarize(full)),
      alternate('datavet --help', ['node', cli, '--help']),
      alternate('stats of a 3-row CSV', stats(tiny)),
    ];
    print(rows);
  }
  if (part !== 'table') {
    // Scaling: the same job at growing row counts (time should grow linearly, memory stay flat).
    // Points from 10M rows skip the warm-up (it would cost minutes; a cold start is a small part
    // of them) and their generated files are deleted afterwards (gigabytes each).
    const points = (process.env.DATAVET_BENCH_SCALE ?? '1,3').split(',').map((spec) => {
      const [millions, width = '20'] = spec.split('x');
      return { rows: Math.round(Number(millions) * 1_000_000), width: Number(width) };
    });
    const count = Number(process.env.DATAVET_BENCH_SCALE_RUNS ?? runs);
    console.log(`\nscaling, ${count} alternating runs per point`);
    const curve: Row[] = [];
    for (const { rows, width } of points) {
      const files = await scaleData(rows, width);
      const options = { count, warmUp: rows < 10_000_000 };
      const shape = `${rows / 1e6}M x ${width}`;
      for (const [format, file] of [
        ['Parquet', files.parquet],
        ['CSV', files.csv],
      ] as const) {
        const row = alternate(`stats ${shape} ${format}`, stats(file), summarize(file), options);
        curve.push(row);
        print([row]);
      }
      if (rows >= 10_000_000) for (const file of [files.csv, files.parquet]) rmSync(file, { force: true });
    }
    console.log('\nscaling');
    print(curve);
  }
  rmSync(tinyDir, { recursive: true, force: true });
  rmSync(out, { force: true });
}
