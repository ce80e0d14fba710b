import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { generateIoData } from './generate-io-data.js';
import { median, type ProcessMeasure, timeProcess } from './whole-process.js';

/**
 * Whole-process benchmark (issue 22): each job is timed as a user times it, one process from start
 * to exit, by `/usr/bin/time` (wall, user and system seconds, peak RSS of the process), against
 * DuckDB's SUMMARIZE of the same file in its own process. The two commands alternate (A B A B ...)
 * so a machine whose speed drifts slows both; medians and the median of the pairwise ratios are
 * printed. `DATAVET_BENCH_RUNS` sets the runs per command (default 5); `DATAVET_BENCH_SCALE` the
 * row counts of the scaling rows in millions (default `1,3`; `1,10,100` for the full curve).
 */

const repo = resolve(import.meta.dirname, '../..');
const dataDir = join(repo, 'bench-data');
// The command a user runs: the package's `bin`.
const cli = join(
  repo,
  (JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { bin: { datavet: string } }).bin.datavet,
);
const peer = join(repo, 'test', 'bench', 'duckdb-summarize.mjs');
const runs = Number(process.env.DATAVET_BENCH_RUNS ?? 5);

type Measure = ProcessMeasure;

interface Row {
  readonly job: string;
  readonly a: Measure[];
  readonly b?: Measure[];
}

/** A and B in turn, one warm-up each, then `runs` counted pairs. */
function alternate(job: string, a: readonly string[], b?: readonly string[]): Row {
  timeProcess(a);
  if (b) timeProcess(b);
  const ra: Measure[] = [];
  const rb: Measure[] = [];
  for (let i = 0; i < runs; i++) {
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

export async function run(): Promise<void> {
  // Measure the code as it is now: the CLI a user runs is the built one.
  execFileSync('npm', ['run', 'build'], { cwd: repo, stdio: 'inherit' });
  const out = join(tmpdir(), `datavet-e2e-${process.pid}.pb`);
  const stats = (file: string, ...extra: string[]) => ['node', cli, 'stats', file, '-o', out, '-q', ...extra];
  const summarize = (file: string) => ['node', peer, file];
  const { parquet } = await generateIoData(dataDir);
  const full = await fullPrecisionCsv(1_000_000);
  const tinyDir = join(tmpdir(), `datavet-e2e-tiny-${process.pid}`);
  mkdirSync(tinyDir, { recursive: true });
  const tiny = join(tinyDir, 'tiny.csv');
  writeFileSync(tiny, 'a,b,c\n1,x,0.5\n2,y,1.5\n3,x,2.5\n');
  console.log(
    `whole process, ${runs} alternating runs each after a warm-up, medians; ratios are medians of pairwise ratios`,
  );
  const rows: Row[] = [
    alternate('stats 1M x 20 Parquet', stats(parquet), summarize(parquet)),
    alternate('stats 1M x 20 Parquet, --jobs 1', stats(parquet, '--jobs', '1'), summarize(parquet)),
    alternate('stats 1M x 20 CSV, full-precision doubles', stats(full), summarize(full)),
    // One thread: the number parser alone, without the split of the file between threads.
    alternate('stats 1M x 20 CSV, full-precision doubles, --jobs 1', stats(full, '--jobs', '1'), summarize(full)),
    alternate('datavet --help', ['node', cli, '--help']),
    alternate('stats of a 3-row CSV', stats(tiny)),
  ];
  print(rows);
  // Scaling: the same job at growing row counts (time should grow linearly, memory stay flat).
  const scale = (process.env.DATAVET_BENCH_SCALE ?? '1,3').split(',').map((m) => Math.round(Number(m) * 1_000_000));
  const curve: Row[] = [];
  for (const n of scale) {
    const files = await generateIoData(dataDir, n);
    curve.push(alternate(`stats ${n / 1e6}M x 20 Parquet`, stats(files.parquet), summarize(files.parquet)));
    curve.push(alternate(`stats ${n / 1e6}M x 20 CSV`, stats(files.csv), summarize(files.csv)));
  }
  console.log('\nscaling');
  print(curve);
  rmSync(tinyDir, { recursive: true, force: true });
  rmSync(out, { force: true });
}
