import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { generateIoData } from './generate-io-data.js';
import { buildLibrary, median, type ProcessMeasure, timeProcess } from './whole-process.js';

const repo = resolve(import.meta.dirname, '../..');
const dataDir = join(repo, 'bench-data');

/** Ten row-level checks over the 20 generated columns: comparisons, arithmetic, between, in, regex, null tests, length. */
const tenRowChecks = `
checks:
  - {name: f0_non_negative, row: "f0 >= 0"}
  - {name: f1_range, row: "f1 between 0 and 3"}
  - {name: f2_f3_sum, row: "f2 + f3 < 6"}
  - {name: f4_f5_spread, row: "abs(f4 - f5) * 2 <= 6"}
  - {name: i0_range, row: "i0 between 0 and 1000"}
  - {name: i1_vs_i0, row: "i1 >= 0 or i0 is null"}
  - {name: s0_known, row: "s0 in ('cat_0', 'cat_1', 'cat_2')"}
  - {name: s1_present, row: "s1 is not null", mostly: 0.95}
  - {name: s2_short, row: "length(s2) <= 6"}
  - {name: s3_pattern, row: "s3 matches '^cat_[0-9]+$'", when: "f6 > 0.5"}
`;

/** One whole `datavet` process (unbundled build), as /usr/bin/time measures it. */
function measure(args: readonly string[]): ProcessMeasure {
  return timeProcess([process.execPath, ...args]);
}

/**
 * Custom checks benchmark (issue 19): `datavet stats` on the 1M x 20 Parquet file, with and
 * without ten row-level checks riding the same pass, whole processes of the built CLI, run
 * alternately; medians of 5.
 */
export async function run(): Promise<void> {
  const { parquet } = await generateIoData(dataDir);
  const dist = join(dataDir, 'dist-checks');
  buildLibrary(dist);
  const checks = join(dataDir, 'ten-row-checks.yaml');
  writeFileSync(checks, tenRowChecks);
  const cli = join(dist, 'cli/main.js');
  const table: string[][] = [['run (1M rows x 20 columns, Parquet)', 'wall s', 'CPU s', 'peak RSS MB', 'note']];
  for (const jobs of [undefined, '1']) {
    const base = [
      cli,
      'stats',
      parquet,
      '-o',
      join(dataDir, 'checks-bench.pb'),
      '-q',
      ...(jobs ? ['--jobs', jobs] : []),
    ];
    const withChecks = [...base, '--checks', checks, '--check-results', join(dataDir, 'checks-bench.json')];
    const plain: ReturnType<typeof measure>[] = [];
    const checked: ReturnType<typeof measure>[] = [];
    measure(base); // warm the file cache
    for (let i = 0; i < 5; i++) {
      plain.push(measure(base));
      checked.push(measure(withChecks));
    }
    const m = (xs: ReturnType<typeof measure>[]) => ({
      wall: median(xs.map((x) => x.wall)),
      cpu: median(xs.map((x) => x.cpu)),
      rss: median(xs.map((x) => x.rssMb)),
    });
    const a = m(plain);
    const b = m(checked);
    const label = jobs ? '--jobs 1' : 'default jobs (2 threads)';
    table.push([`stats, ${label}`, a.wall.toFixed(2), a.cpu.toFixed(2), a.rss.toFixed(0), '']);
    table.push([`stats + 10 row checks, ${label}`, b.wall.toFixed(2), b.cpu.toFixed(2), b.rss.toFixed(0), '']);
    table.push([
      '  ratio with / without checks',
      (b.wall / a.wall).toFixed(2),
      (b.cpu / a.cpu).toFixed(2),
      (b.rss / a.rss).toFixed(2),
      'goal <= 1.25 (wall)',
    ]);
  }
  const results = JSON.parse(readFileSync(join(dataDir, 'checks-bench.json'), 'utf8')) as {
    results: { name: string; failing: number; evaluated: number }[];
  };
  for (const r of results.results) table.push([`  ${r.name}`, '', '', '', `${r.failing} of ${r.evaluated} fail`]);
  const widths = table[0]!.map((_, c) => Math.max(...table.map((row) => row[c]!.length)));
  for (const row of table) console.log(row.map((cell, c) => cell.padEnd(widths[c]!)).join('  '));
}
