import { execFileSync, spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

/**
 * What the benchmarks share: one whole process timed by `/usr/bin/time` (wall, user + system CPU,
 * peak RSS, as the operating system accounts them), the median of runs, and the library built by
 * tsc for benchmarks that import it or run its unbundled CLI.
 */

const repo = resolve(import.meta.dirname, '../..');

/** One finished process: seconds, peak RSS in MB, and what it wrote (time's own line removed). */
export interface ProcessMeasure {
  readonly status: number;
  readonly wall: number;
  readonly cpu: number;
  readonly rssMb: number;
  readonly stdout: string;
  readonly stderr: string;
}

const MARK = 'WHOLE-PROCESS';

/**
 * Runs `command` under `/usr/bin/time`. A non-zero exit throws (a failed run would time nothing)
 * unless `allowFailure` is set, for benchmarks that report failures as rows.
 */
export function timeProcess(
  command: readonly string[],
  options: { readonly cwd?: string; readonly allowFailure?: boolean } = {},
): ProcessMeasure {
  const result = spawnSync('/usr/bin/time', ['-f', `${MARK} %e %U %S %M`, ...command], {
    cwd: options.cwd ?? repo,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  const lines = (result.stderr ?? '').split('\n');
  const at = lines.findLastIndex((line) => line.startsWith(`${MARK} `));
  const stderr = lines.filter((_, i) => i !== at).join('\n');
  const status = result.status ?? 1;
  if (at < 0 || (status !== 0 && !options.allowFailure)) {
    throw new Error(`${command.join(' ')} failed (${status}): ${stderr.slice(-500)}`);
  }
  const [wall, user, sys, rssKb] = (lines[at] as string)
    .slice(MARK.length + 1)
    .split(' ')
    .map(Number) as [number, number, number, number];
  return { status, wall, cpu: user + sys, rssMb: rssKb / 1024, stdout: result.stdout ?? '', stderr };
}

/** The median (the mean of the two middle values for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Compiles the library with tsc into `outDir` (the unbundled build, for benchmarks that import it). */
export function buildLibrary(outDir: string): string {
  execFileSync(
    process.execPath,
    [resolve(repo, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--outDir', outDir],
    { cwd: repo, stdio: 'inherit' },
  );
  return outDir;
}
