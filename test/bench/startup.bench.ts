/**
 * CLI start benchmark (`npm run bench -- startup`): whole processes as a user runs them, timed by
 * /usr/bin/time: `datavet --help`, `datavet stats` of a tiny CSV and of the 10,000-row Parquet
 * file in datasets/, next to Node starting and doing nothing (the floor) and DuckDB summarizing
 * the same tiny CSV from a fresh Node process (the peer). The unbundled build (dist/cli/main.js)
 * runs too, to show what the bundled executable saves. Rounds alternate the commands; medians.
 * `DATAVET_BENCH_BEFORE=path/to/an/older/dist/bin/datavet.js` adds that executable's `--help` and
 * tiny `stats` to the same rounds (before/after in one run). Figures go to docs/benchmarks.md ("CLI start").
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { median, type ProcessMeasure, timeProcess } from './whole-process.js';

const repo = resolve(import.meta.dirname, '../..');
const dataDir = join(repo, 'bench-data');
const ROUNDS = Number(process.env.DATAVET_BENCH_RUNS ?? 7);

function tinyCsv(path: string): void {
  const rows = ['id,fare,company,trip_miles,payment_type'];
  for (let i = 0; i < 100; i++) {
    rows.push(`${i},${(i * 0.37).toFixed(2)},company ${i % 7},${i % 13},${i % 3 ? 'Cash' : 'Credit Card'}`);
  }
  writeFileSync(path, `${rows.join('\n')}\n`);
}

export async function run(): Promise<void> {
  if (!existsSync('/usr/bin/time')) {
    console.log('skipped: /usr/bin/time is not installed (Debian package `time`)');
    return;
  }
  if (!existsSync(join(repo, 'dist/bin/datavet.js'))) execFileSync('npm', ['run', 'build'], { cwd: repo });
  mkdirSync(dataDir, { recursive: true });
  const csv = join(dataDir, 'startup-tiny.csv');
  tinyCsv(csv);
  const parquet = join(repo, 'datasets/chicago_taxi_tfx/data.parquet');
  const out = join(dataDir, 'startup-out.pb');
  const duckdb = `import { DuckDBInstance } from '@duckdb/node-api';
const db = await DuckDBInstance.create(':memory:');
const connection = await db.connect();
await connection.run("SUMMARIZE SELECT * FROM read_csv('${csv}')");`;
  const cases: [string, string[]][] = [
    ['node -e 0 (Node alone, the floor)', ['node', '-e', '0']],
    ['datavet --help', ['node', 'dist/bin/datavet.js', '--help']],
    ['datavet stats tiny.csv (100 rows)', ['node', 'dist/bin/datavet.js', 'stats', csv, '-o', out, '-q']],
    ['datavet stats data.parquet (10,000 rows)', ['node', 'dist/bin/datavet.js', 'stats', parquet, '-o', out, '-q']],
    ['unbundled: dist/cli/main.js --help', ['node', 'dist/cli/main.js', '--help']],
    ['unbundled: dist/cli/main.js stats tiny.csv', ['node', 'dist/cli/main.js', 'stats', csv, '-o', out, '-q']],
    ['DuckDB SUMMARIZE tiny.csv (@duckdb/node-api)', ['node', '--input-type=module', '-e', duckdb]],
  ];
  const before = process.env.DATAVET_BENCH_BEFORE;
  if (before) {
    cases.splice(
      3,
      0,
      ['before: datavet --help', ['node', resolve(before), '--help']],
      ['before: datavet stats tiny.csv', ['node', resolve(before), 'stats', csv, '-o', out, '-q']],
    );
  }
  const loadBefore = loadavg().map((l) => l.toFixed(2));
  const samples = new Map<string, ProcessMeasure[]>(cases.map(([name]) => [name, []]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, args] of cases) samples.get(name)?.push(timeProcess(args));
  }
  const floor = median(samples.get(cases[0]![0])?.map((s) => s.wall) ?? []);
  console.log(
    `${ROUNDS} alternating rounds, medians; whole process (/usr/bin/time); load average before ${loadBefore.join(', ')}, after ${loadavg()
      .map((l) => l.toFixed(2))
      .join(', ')}\n`,
  );
  console.log('| command | wall s | CPU s | peak RSS MB | wall above Node alone |');
  console.log('|---|---|---|---|---|');
  for (const [name] of cases) {
    const list = samples.get(name) ?? [];
    const wall = median(list.map((s) => s.wall));
    console.log(
      `| ${name} | ${wall.toFixed(2)} | ${median(list.map((s) => s.cpu)).toFixed(2)} | ${median(list.map((s) => s.rssMb)).toFixed(0)} | ${(wall - floor).toFixed(2)} |`,
    );
  }
}
