import type { DatasetFeatureStatistics, FeatureNameStatistics, Histogram } from '../tfmd/types.js';
import { statisticsFeatureName } from '../tfmd/vocabulary.js';

/**
 * The metrics a dataset check may name: a fixed table. Most read TFDV's statistics; the ones
 * TFDV does not compute (exact distinct and duplicate counts, the newest value of a string
 * timestamp) are measured in the same pass by an accumulator of their own (`fromData`).
 */
export interface Metric {
  /** Column arguments, then an optional number (the quantile's q). */
  readonly columns: 'none' | 'one' | 'many';
  readonly number?: boolean;
  readonly describe: string;
  /** The value from statistics, or undefined when the statistics do not have it. */
  readonly fromStatistics?: (
    stats: DatasetFeatureStatistics,
    columns: readonly string[],
    q: number,
  ) => number | undefined;
  /** Measured over the data: distinct keys of the columns, or the greatest string. */
  readonly fromData?: 'distinct' | 'duplicates' | 'max-string';
}

/** The statistics of one feature of a dataset by name (or path steps joined with '.'). */
export function featureStatistics(stats: DatasetFeatureStatistics, name: string): FeatureNameStatistics | undefined {
  return stats.features?.find((f) => statisticsFeatureName(f) === name);
}

function common(f: FeatureNameStatistics | undefined) {
  return (
    f?.numStats?.commonStats ?? f?.stringStats?.commonStats ?? f?.bytesStats?.commonStats ?? f?.structStats?.commonStats
  );
}

function numeric<K extends 'mean' | 'stdDev' | 'min' | 'max' | 'median'>(key: K) {
  return (stats: DatasetFeatureStatistics, [column]: readonly string[]) =>
    featureStatistics(stats, column!)?.numStats?.[key] ?? (featureStatistics(stats, column!)?.numStats ? 0 : undefined);
}

/** The q-quantile read off TFDV's equal-count QUANTILES histogram (linear within a bucket). */
export function quantileFromHistogram(histogram: Histogram | undefined, q: number): number | undefined {
  const buckets = histogram?.buckets ?? [];
  const total = buckets.reduce((s, b) => s + (b.sampleCount ?? 0), 0);
  if (buckets.length === 0 || total === 0) return undefined;
  const target = q * total;
  let seen = 0;
  for (const b of buckets) {
    const count = b.sampleCount ?? 0;
    if (seen + count >= target && count > 0) {
      const low = b.lowValue ?? 0;
      const high = b.highValue ?? low;
      return low + ((target - seen) / count) * (high - low);
    }
    seen += count;
  }
  return buckets[buckets.length - 1]!.highValue ?? 0;
}

/** Seconds since the epoch of a timestamp value: numbers are epoch seconds, strings ISO 8601 (UTC unless zoned). */
export function epochSeconds(value: number | string): number | undefined {
  if (typeof value === 'number') return value;
  const text = /^\d{4}-\d\d-\d\d[ T]\d\d:\d\d(:\d\d(\.\d+)?)?$/.test(value) ? `${value.replace(' ', 'T')}Z` : value;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms / 1000;
}

export const METRICS: ReadonlyMap<string, Metric> = new Map<string, Metric>([
  [
    'row_count',
    { columns: 'none', describe: 'row_count: rows in the data', fromStatistics: (s) => Number(s.numExamples ?? 0) },
  ],
  [
    'missing_count',
    {
      columns: 'one',
      describe: 'missing_count(col): rows without a value',
      fromStatistics: (s, [c]) => {
        const f = featureStatistics(s, c!);
        return Number(f ? (common(f)?.numMissing ?? 0) : (s.numExamples ?? 0));
      },
    },
  ],
  [
    'missing_fraction',
    {
      columns: 'one',
      describe: 'missing_fraction(col): missing_count / row_count',
      fromStatistics: (s, [c]) => {
        const rows = Number(s.numExamples ?? 0);
        if (rows === 0) return undefined;
        const f = featureStatistics(s, c!);
        return f ? Number(common(f)?.numMissing ?? 0) / rows : 1;
      },
    },
  ],
  ['mean', { columns: 'one', describe: 'mean(col)', fromStatistics: numeric('mean') }],
  ['std_dev', { columns: 'one', describe: 'std_dev(col)', fromStatistics: numeric('stdDev') }],
  ['min', { columns: 'one', describe: 'min(col)', fromStatistics: numeric('min') }],
  ['max', { columns: 'one', describe: 'max(col)', fromStatistics: numeric('max') }],
  [
    'median',
    { columns: 'one', describe: 'median(col) (from the quantiles sketch)', fromStatistics: numeric('median') },
  ],
  [
    'quantile',
    {
      columns: 'one',
      number: true,
      describe: "quantile(col, q), 0 <= q <= 1 (from the statistics' quantiles histogram)",
      fromStatistics: (s, [c], q) =>
        quantileFromHistogram(
          featureStatistics(s, c!)?.numStats?.histograms?.find((h) => h.type === 'QUANTILES'),
          q,
        ),
    },
  ],
  [
    'distinct_count',
    {
      columns: 'many',
      describe: 'distinct_count(col, …): distinct non-missing values (or tuples)',
      fromData: 'distinct',
    },
  ],
  [
    'duplicate_count',
    {
      columns: 'many',
      describe: 'duplicate_count(col, …): rows whose value (or tuple) an earlier row has',
      fromData: 'duplicates',
    },
  ],
  [
    'freshness',
    {
      columns: 'one',
      describe: 'freshness(col): seconds from the newest timestamp to now (numbers: epoch seconds; strings: ISO 8601)',
      fromData: 'max-string',
    },
  ],
]);
