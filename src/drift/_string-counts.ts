import { compareBytes } from '../_util/compare-bytes.js';
import type { FeatureNameStatistics, Histogram } from '../tfmd/types.js';

/** How a comparator reads one side's statistics. */
export interface MetricReadOptions {
  /** Read weighted rank histograms and histograms (TFDV's weighted mode). */
  readonly byWeight?: boolean;
}

/**
 * Rank-histogram label -> count, in byte order of labels; a repeated label keeps its first count.
 * Features without string statistics give an empty map (so numeric features compare as equal
 * under L-infinity, TFDV issue #147).
 */
export function stringCounts(stats: FeatureNameStatistics, options: MetricReadOptions = {}): Map<string, number> {
  const s = stats.stringStats;
  const hist = options.byWeight ? s?.weightedStringStats?.rankHistogram : s?.rankHistogram;
  const out = new Map<string, number>();
  for (const b of hist?.buckets ?? []) {
    const label = b.label ?? '';
    if (!out.has(label)) out.set(label, b.sampleCount ?? 0);
  }
  return new Map([...out].sort((x, y) => compareBytes(x[0], y[0])));
}

/** The sorted union of two maps' keys. */
export function unionKeys(a: Map<string, number>, b: Map<string, number>): string[] {
  return [...new Set([...a.keys(), ...b.keys()])].sort(compareBytes);
}

/** Sum of the map's values. */
export function total(map: Map<string, number>): number {
  let t = 0;
  for (const v of map.values()) t += v;
  return t;
}

/** The numeric histogram of a given type (STANDARD when the type field is unset). */
export function numericHistogram(
  stats: FeatureNameStatistics,
  type: 'STANDARD' | 'QUANTILES',
  options: MetricReadOptions = {},
): Histogram | undefined {
  const n = stats.numStats;
  if (!n) return undefined;
  const histograms = (options.byWeight ? n.weightedNumericStats?.histograms : n.histograms) ?? [];
  return histograms.find((h) => (h.type ?? 'STANDARD') === type);
}
