import type { FeatureNameStatistics, Histogram, HistogramSelectionType } from '../tfmd/types.js';
import { type MetricReadOptions, numericHistogram, stringCounts, unionKeys } from './_string-counts.js';

/** Why a Jensen-Shannon divergence cannot be computed (TFDV's InvalidArgument cases). */
export interface JensenShannonError {
  readonly error: string;
}

/** Options of {@link jensenShannon}. */
export interface JensenShannonOptions extends MetricReadOptions {
  /** Which numeric histogram to compare: DEFAULT and STANDARD mean STANDARD. */
  readonly source?: HistogramSelectionType;
}

/**
 * Approximate Jensen-Shannon divergence (log base 2, so in [0, 1]) between two features, TFDV's
 * `jensen_shannon_divergence` comparator. Categorical when both sides have rank histograms
 * (over the union of values); otherwise numeric over the selected histograms, aligned TFDV's way:
 * finite buckets are re-bucketed onto the union of both sides' boundaries assuming uniform
 * density, point buckets (low == high) become one bucket per value, mass in buckets with an
 * infinite bound and NaN counts are appended so that they never match the other side.
 * Returns an error value (never throws) when a side has no usable histogram or no mass.
 * O(b log b) for b buckets.
 * @example jensenShannon(current, previous) // { value: 0.6556 } or { error: '...' }
 */
export function jensenShannon(
  treatment: FeatureNameStatistics,
  control: FeatureNameStatistics,
  options: JensenShannonOptions = {},
): { value: number } | JensenShannonError {
  const a = stringCounts(treatment, options);
  const b = stringCounts(control, options);
  if (a.size > 0 && b.size > 0) {
    const keys = unionKeys(a, b);
    return divergence(
      keys.map((k) => a.get(k) ?? 0),
      keys.map((k) => b.get(k) ?? 0),
    );
  }
  const type = options.source === 'QUANTILES' ? 'QUANTILES' : 'STANDARD';
  const h1 = numericHistogram(treatment, type, options);
  const h2 = numericHistogram(control, type, options);
  if (!h1 || !h2) {
    return { error: `Both input statistics must have a ${type} histogram or a rank histogram.` };
  }
  const [p, q] = alignHistograms(h1, h2);
  return divergence(p, q);
}

interface SplitHistogram {
  /** Finite buckets with low < high. */
  readonly intervals: { low: number; high: number; count: number }[];
  /** Mass of buckets with low == high, per value. */
  readonly points: Map<number, number>;
  /** Mass of buckets with an infinite bound. */
  readonly infinite: number;
}

function split(h: Histogram): SplitHistogram {
  const intervals: SplitHistogram['intervals'] = [];
  const points = new Map<number, number>();
  let infinite = 0;
  for (const bucket of h.buckets ?? []) {
    const low = bucket.lowValue ?? 0;
    const high = bucket.highValue ?? 0;
    const count = bucket.sampleCount ?? 0;
    if (!Number.isFinite(low) || !Number.isFinite(high)) infinite += count;
    else if (low === high) points.set(low, (points.get(low) ?? 0) + count);
    else intervals.push({ low, high, count });
  }
  return { intervals, points, infinite };
}

/** Mass of `intervals` inside [lo, hi], assuming uniform density inside each interval. */
function massBetween(intervals: SplitHistogram['intervals'], lo: number, hi: number): number {
  let mass = 0;
  for (const b of intervals) {
    const overlap = Math.min(hi, b.high) - Math.max(lo, b.low);
    if (overlap > 0) mass += (b.count * overlap) / (b.high - b.low);
  }
  return mass;
}

/** Aligns two histograms into parallel mass vectors (see {@link jensenShannon}). */
export function alignHistograms(h1: Histogram, h2: Histogram): [number[], number[]] {
  const s1 = split(h1);
  const s2 = split(h2);
  const bounds = [...new Set([...s1.intervals, ...s2.intervals].flatMap((b) => [b.low, b.high]))].sort((x, y) => x - y);
  const p: number[] = [];
  const q: number[] = [];
  for (let i = 0; i + 1 < bounds.length; i++) {
    const lo = bounds[i] as number;
    const hi = bounds[i + 1] as number;
    p.push(massBetween(s1.intervals, lo, hi));
    q.push(massBetween(s2.intervals, lo, hi));
  }
  const pointValues = [...new Set([...s1.points.keys(), ...s2.points.keys()])].sort((x, y) => x - y);
  for (const v of pointValues) {
    p.push(s1.points.get(v) ?? 0);
    q.push(s2.points.get(v) ?? 0);
  }
  // Infinite and NaN mass never matches the other side: each gets its own bucket.
  p.push(s1.infinite, 0);
  q.push(0, s2.infinite);
  const nan1 = Number(h1.numNan ?? 0);
  const nan2 = Number(h2.numNan ?? 0);
  if (nan1 > 0 || nan2 > 0) {
    p.push(0, nan1);
    q.push(nan2, 0);
  }
  return [p, q];
}

function divergence(p: number[], q: number[]): { value: number } | JensenShannonError {
  const tp = p.reduce((s, x) => s + x, 0);
  const tq = q.reduce((s, x) => s + x, 0);
  if (!(tp > 0) || !(tq > 0)) return { error: 'Unable to normalize an empty histogram' };
  let kl1 = 0;
  let kl2 = 0;
  for (let i = 0; i < p.length; i++) {
    const pi = (p[i] as number) / tp;
    const qi = (q[i] as number) / tq;
    const m = (pi + qi) / 2;
    if (pi > 0 && m > 0) kl1 += pi * Math.log2(pi / m);
    if (qi > 0 && m > 0) kl2 += qi * Math.log2(qi / m);
  }
  return { value: Math.min(1, Math.max(0, (kl1 + kl2) / 2)) };
}
