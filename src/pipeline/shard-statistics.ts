import { UsageError } from '../_util/errors.js';
import { openDataset } from '../io/open-dataset.js';
import { StatisticsAccumulator } from '../stats/statistics-accumulator.js';
import { accumulateUnits } from './accumulate-units.js';
import { type ComputeStatisticsOptions, planStatisticsWork } from './parallel-statistics.js';

/** Shard `index` (0-based) of `count`, as `--shard i/n` writes it. */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

/** Parses `i/n` (0 <= i < n). */
export function parseShard(text: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = m ? Number(m[1]) : Number.NaN;
  const count = m ? Number(m[2]) : Number.NaN;
  if (!(count >= 1 && index >= 0 && index < count)) {
    throw new UsageError(`--shard must be i/n with 0 <= i < n, got '${text}'`, {
      hint: 'e.g. --shard 0/4 ... --shard 3/4, one per machine, then datavet merge the partials',
    });
  }
  return { index, count };
}

/**
 * The statistics of one shard of the input: the input is cut into `count` contiguous shares of
 * work units (whole files, or runs of a Parquet file's row groups), the same cut on every machine
 * for the same files, and this computes share `index`. Merging the partials of all shards gives
 * the statistics of the whole input; a shard past the last share is empty.
 */
export async function computeShardStatistics(
  paths: string | readonly string[],
  shard: Shard,
  options: Omit<ComputeStatisticsOptions, 'jobs'> = {},
): Promise<StatisticsAccumulator> {
  const read = options.read ?? {};
  const dataset = await openDataset(paths, read);
  const groups = await planStatisticsWork(dataset, shard.count);
  const units = groups[shard.index] ?? [];
  if (units.length === 0) return new StatisticsAccumulator(options.stats);
  const { acc, skippedRows } = await accumulateUnits(
    { units, readOptions: { ...read, format: dataset.format }, statsOptions: options.stats ?? {} },
    (rows, bytes) => options.onProgress?.({ rows, bytes, totalBytes: dataset.totalBytes }),
  );
  options.onSkippedRows?.(skippedRows);
  return acc;
}
