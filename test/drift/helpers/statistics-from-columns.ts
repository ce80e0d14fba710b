/**
 * Builds TFDV-shaped statistics by hand from real columns, so the drift tests run on real data
 * without the statistics generator. The histograms are exact: QUANTILES boundaries are data
 * quantiles, a value repeated at a boundary is its own point bucket [v, v], and STANDARD buckets
 * hold exact counts. Every knot of the resulting CDF is therefore the data's exact CDF value,
 * which is what the documented error bounds assume.
 */
import { readFileSync } from 'node:fs';
import type {
  DatasetFeatureStatisticsList,
  FeatureNameStatistics,
  Histogram,
  HistogramBucket,
} from '../../../src/tfmd/types.js';

/** Columns of a small CSV without quoting (our fixtures), empty fields as undefined. */
export function readColumns(path: string): Record<string, (string | undefined)[]> {
  const [header, ...lines] = readFileSync(path, 'utf8').trimEnd().split('\n');
  const names = header!.split(',');
  const columns: Record<string, (string | undefined)[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (const line of lines) {
    const cells = line.split(',');
    names.forEach((n, i) => {
      columns[n]!.push(cells[i] === '' ? undefined : cells[i]);
    });
  }
  return columns;
}

/** Parses a string column as numbers (undefined stays missing). */
export function numbers(column: readonly (string | undefined)[]): (number | undefined)[] {
  return column.map((v) => (v === undefined ? undefined : Number(v)));
}

/** Exact QUANTILES histogram with `buckets` buckets, point masses at boundaries kept as [v, v] buckets. */
export function quantilesHistogram(sorted: readonly number[], buckets: number): Histogram {
  const n = sorted.length;
  const boundaries = [
    ...new Set(Array.from({ length: buckets + 1 }, (_, r) => sorted[Math.min(n - 1, Math.floor((r * n) / buckets))]!)),
  ];
  boundaries[0] = sorted[0]!;
  const countBelow = (x: number) => lowerBound(sorted, x); // #{v < x}
  const countAtOrBelow = (x: number) => lowerBound(sorted, x, true); // #{v <= x}
  const out: HistogramBucket[] = [];
  for (let i = 0; i < boundaries.length; i++) {
    const q = boundaries[i]!;
    const at = countAtOrBelow(q) - countBelow(q);
    if (at > 0) out.push({ lowValue: q, highValue: q, sampleCount: at });
    const next = boundaries[i + 1];
    if (next !== undefined) {
      const inside = countBelow(next) - countAtOrBelow(q);
      out.push({ lowValue: q, highValue: next, sampleCount: inside });
    }
  }
  return { type: 'QUANTILES', buckets: out };
}

/** Exact equal-width STANDARD histogram: buckets (lo, hi], the first also holding the minimum. */
export function standardHistogram(sorted: readonly number[], buckets: number): Histogram {
  const min = sorted[0]!;
  const max = sorted[sorted.length - 1]!;
  if (min === max) return { buckets: [{ lowValue: min, highValue: max, sampleCount: sorted.length }] };
  const width = (max - min) / buckets;
  const out: HistogramBucket[] = [];
  let previous = 0;
  for (let i = 0; i < buckets; i++) {
    const hi = i === buckets - 1 ? max : min + (i + 1) * width;
    const upTo = lowerBound(sorted, hi, true);
    out.push({ lowValue: min + i * width, highValue: hi, sampleCount: upTo - previous });
    previous = upTo;
  }
  return { buckets: out };
}

function lowerBound(sorted: readonly number[], x: number, inclusive = false): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < x || (inclusive && sorted[mid] === x)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** A numeric feature's statistics from its values. */
export function numericFeature(
  name: string,
  values: readonly (number | undefined)[],
  options: { quantileBuckets?: number; standardBuckets?: number } = {},
): FeatureNameStatistics {
  const present = values.filter((v): v is number => v !== undefined && !Number.isNaN(v));
  const sorted = [...present].sort((a, b) => a - b);
  const n = sorted.length;
  const mean = sorted.reduce((s, v) => s + v, 0) / n;
  const variance = sorted.reduce((s, v) => s + (v - mean) ** 2, 0) / n;
  return {
    name,
    type: sorted.every(Number.isInteger) ? 'INT' : 'FLOAT',
    numStats: {
      commonStats: {
        numNonMissing: n,
        numMissing: values.length - n,
        minNumValues: 1,
        maxNumValues: 1,
        avgNumValues: 1,
        totNumValues: n,
      },
      mean,
      stdDev: Math.sqrt(variance),
      min: sorted[0]!,
      max: sorted[n - 1]!,
      histograms: [
        standardHistogram(sorted, options.standardBuckets ?? 10),
        quantilesHistogram(sorted, options.quantileBuckets ?? 10),
      ],
    },
  };
}

/** A categorical feature's statistics: rank histogram of the `rankBuckets` most frequent values. */
export function categoricalFeature(
  name: string,
  values: readonly (string | undefined)[],
  options: { rankBuckets?: number } = {},
): FeatureNameStatistics {
  const counts = new Map<string, number>();
  let n = 0;
  for (const v of values) {
    if (v === undefined) continue;
    n++;
    counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  // TFDV's order: count descending, ties to the larger value.
  const ranked = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? 1 : -1));
  const listed = ranked.slice(0, options.rankBuckets ?? 1000);
  return {
    name,
    type: 'STRING',
    stringStats: {
      commonStats: { numNonMissing: n, numMissing: values.length - n, totNumValues: n },
      unique: counts.size,
      topValues: listed.slice(0, 20).map(([value, frequency]) => ({ value, frequency })),
      rankHistogram: {
        buckets: listed.map(([label, sampleCount], i) => ({ lowRank: i, highRank: i, label, sampleCount })),
      },
    },
  };
}

/** A one-dataset statistics list. */
export function statisticsList(numExamples: number, features: FeatureNameStatistics[]): DatasetFeatureStatisticsList {
  return { datasets: [{ name: 'All Examples', numExamples, features }] };
}
