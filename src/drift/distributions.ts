/**
 * Turns a feature's statistics into the distributions the drift methods compare: per-value counts
 * for categorical features (rank histogram / top values) and a piecewise-linear CDF for numeric
 * features (QUANTILES and STANDARD histograms). Everything comes from statistics, never rows, so
 * the methods work on merged partial statistics of any size.
 */
import type { FeatureNameStatistics, Histogram } from '../tfmd/types.js';
import { statisticsFeatureName } from '../tfmd/vocabulary.js';

/** How a feature is compared: by value counts, by its numeric distribution, or not at all. */
export type FeatureKind = 'numeric' | 'categorical' | 'unsupported';

/** The label of the bin holding the values a truncated rank histogram does not list. */
export const OTHER_VALUES = '<other values>';

/** The feature's name: `name`, or its path steps joined with dots. */
export const featureName: (feature: FeatureNameStatistics) => string = statisticsFeatureName;

/**
 * Categorical when the statistics carry string statistics (strings, and INT/FLOAT features TFDV
 * treats as categorical), numeric when they carry numeric statistics, otherwise unsupported
 * (bytes, structs).
 */
export function featureKind(feature: FeatureNameStatistics): FeatureKind {
  if (feature.stringStats) return 'categorical';
  if (feature.numStats) return 'numeric';
  return 'unsupported';
}

/** Value counts of a categorical feature. */
export interface CategoricalCounts {
  /** Count per listed value (occurrences, as TFDV counts them). */
  readonly counts: ReadonlyMap<string, number>;
  /** Values the statistics count (`tot_num_values`) but do not list (a truncated rank histogram). */
  readonly other: number;
  /** All values: listed plus other. */
  readonly total: number;
  /** Distinct values (`unique`), when the statistics record it. */
  readonly unique: number | undefined;
}

/**
 * Reads value counts from the rank histogram (what TFDV's validation reads), or from the top
 * values when they list more. Values beyond the listed ones are kept as one `other` count, so
 * shares are of all values, not of the listed ones only.
 */
export function categoricalCounts(feature: FeatureNameStatistics): CategoricalCounts | undefined {
  const stats = feature.stringStats;
  if (!stats) return undefined;
  const fromRank = new Map<string, number>();
  for (const bucket of stats.rankHistogram?.buckets ?? []) {
    const label = bucket.label ?? '';
    fromRank.set(label, (fromRank.get(label) ?? 0) + (bucket.sampleCount ?? 0));
  }
  const fromTop = new Map<string, number>();
  for (const entry of stats.topValues ?? []) {
    const label = entry.value ?? '';
    fromTop.set(label, (fromTop.get(label) ?? 0) + (entry.frequency ?? 0));
  }
  const sum = (m: Map<string, number>) => [...m.values()].reduce((s, v) => s + v, 0);
  const counts = sum(fromTop) > sum(fromRank) ? fromTop : fromRank;
  const listed = sum(counts);
  const other = Math.max(0, Number(stats.commonStats?.totNumValues ?? 0) - listed);
  return {
    counts,
    other,
    total: listed + other,
    unique: stats.unique === undefined ? undefined : Number(stats.unique),
  };
}

/**
 * A numeric feature's CDF, F(x) = P(X ≤ x) over its non-NaN values, known at knots and linear in
 * between (uniform density inside each histogram bucket). Repeated knots at one x form a jump (a
 * point mass). ±inf values are masses below the first and above the last knot.
 */
export interface NumericCdf {
  /** Knot positions, non-decreasing, all finite. */
  readonly xs: readonly number[];
  /** F at each knot, non-decreasing, from the −inf share to 1 − the +inf share. */
  readonly fs: readonly number[];
  /** Non-NaN values described. */
  readonly count: number;
  readonly nan: number;
  /** Shares of −inf and +inf values. */
  readonly negInf: number;
  readonly posInf: number;
  /** Bound on sup |F̃ − F| from interpolating: the largest share between two distinct knots. */
  readonly supError: number;
  /** Bound on ∫ |F̃ − F| dx: Σ (knot gap × share between the knots). */
  readonly areaError: number;
  /** Bin edges for binned methods: the QUANTILES histogram boundaries (else STANDARD), distinct. */
  readonly edges: readonly number[];
  /** Population standard deviation from the statistics, when present. */
  readonly stdDev: number | undefined;
}

interface Knots {
  xs: number[];
  fs: number[];
  total: number;
  negInf: number;
  posInf: number;
  nan: number;
  boundaries: number[];
}

function histogramKnots(histogram: Histogram): Knots | undefined {
  const buckets = (histogram.buckets ?? [])
    .map((b) => ({ lo: b.lowValue ?? 0, hi: b.highValue ?? 0, c: b.sampleCount ?? 0 }))
    .filter((b) => !Number.isNaN(b.lo) && !Number.isNaN(b.hi))
    .sort((a, b) => a.lo - b.lo || a.hi - b.hi);
  let negInf = 0;
  let posInf = 0;
  const finite: { lo: number; hi: number; c: number }[] = [];
  for (const b of buckets) {
    if (b.hi === Number.NEGATIVE_INFINITY) negInf += b.c;
    else if (b.lo === Number.POSITIVE_INFINITY) posInf += b.c;
    else if (b.lo === Number.NEGATIVE_INFINITY && b.hi === Number.POSITIVE_INFINITY) continue;
    // A bucket with one infinite bound cannot spread its mass uniformly: it sits at the finite bound.
    else if (b.lo === Number.NEGATIVE_INFINITY) finite.push({ lo: b.hi, hi: b.hi, c: b.c });
    else if (b.hi === Number.POSITIVE_INFINITY) finite.push({ lo: b.lo, hi: b.lo, c: b.c });
    else finite.push(b);
  }
  const total = negInf + posInf + finite.reduce((s, b) => s + b.c, 0);
  if (!(total > 0)) return undefined;
  const xs: number[] = [];
  const fs: number[] = [];
  let cum = negInf;
  for (const b of finite) {
    xs.push(b.lo);
    fs.push(cum / total);
    cum += b.c;
    xs.push(b.hi);
    fs.push(cum / total);
  }
  const boundaries = finite.flatMap((b) => [b.lo, b.hi]);
  return {
    xs,
    fs,
    total,
    negInf: negInf / total,
    posInf: posInf / total,
    nan: Number(histogram.numNan ?? 0),
    boundaries,
  };
}

function distinctSorted(values: readonly number[]): number[] {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.filter((v, i) => i === 0 || v !== sorted[i - 1]);
}

/**
 * Builds the CDF from the QUANTILES and STANDARD histograms together: the union of their knots
 * (each normalised by its own total) gives about twice the resolution of either. Small
 * disagreements between the two (both are sketch outputs) are removed by keeping F non-decreasing.
 */
export function numericCdf(feature: FeatureNameStatistics): NumericCdf | undefined {
  const histograms = feature.numStats?.histograms ?? [];
  const quantiles = histograms.find((h) => h.type === 'QUANTILES');
  const standard = histograms.find((h) => (h.type ?? 'STANDARD') === 'STANDARD');
  const parts = [quantiles, standard].flatMap((h) => {
    const k = h ? histogramKnots(h) : undefined;
    return k ? [k] : [];
  });
  const primary = parts[0];
  if (!primary) return undefined;
  const points = parts.flatMap((k) => k.xs.map((x, i) => ({ x, f: k.fs[i]! }))).sort((a, b) => a.x - b.x || a.f - b.f);
  const xs: number[] = [];
  const fs: number[] = [];
  let running = primary.negInf;
  for (const p of points) {
    running = Math.max(running, p.f);
    xs.push(p.x);
    fs.push(Math.min(running, 1 - primary.posInf));
  }
  let supError = 0;
  let areaError = 0;
  for (let i = 0; i + 1 < xs.length; i++) {
    const dx = xs[i + 1]! - xs[i]!;
    if (dx <= 0) continue;
    const df = fs[i + 1]! - fs[i]!;
    supError = Math.max(supError, df);
    areaError += dx * df;
  }
  return {
    xs,
    fs,
    count: primary.total,
    nan: primary.nan,
    negInf: primary.negInf,
    posInf: primary.posInf,
    supError,
    areaError,
    edges: distinctSorted(primary.boundaries),
    stdDev: feature.numStats?.stdDev,
  };
}

/** Index of the last knot with xs[i] ≤ x, or −1. */
function lastAtOrBelow(xs: readonly number[], x: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (xs[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/** F(x) = P(X ≤ x), right-continuous: a point mass at x is included. */
export function cdfAt(cdf: NumericCdf, x: number): number {
  const { xs, fs } = cdf;
  if (x === Number.POSITIVE_INFINITY) return 1;
  if (x === Number.NEGATIVE_INFINITY) return cdf.negInf;
  const i = lastAtOrBelow(xs, x);
  if (i < 0) return fs[0] ?? 0;
  if (i === xs.length - 1 || xs[i] === x) return fs[i]!;
  const x0 = xs[i]!;
  const x1 = xs[i + 1]!;
  return fs[i]! + ((fs[i + 1]! - fs[i]!) * (x - x0)) / (x1 - x0);
}

/** F(x−) = P(X < x): the left limit, without a point mass at x. */
export function cdfBefore(cdf: NumericCdf, x: number): number {
  const { xs, fs } = cdf;
  const i = lastAtOrBelow(xs, x);
  if (i < 0) return fs[0] ?? 0;
  if (xs[i] !== x) return cdfAt(cdf, x);
  let first = i;
  while (first > 0 && xs[first - 1] === x) first--;
  return fs[first]!;
}

/**
 * How far apart two CDFs are at every x, whatever the spread of values inside the buckets:
 * evaluated at each knot of either side (right and left limits) and once inside each gap between
 * consecutive knots, where both brackets are constant. `low` is the gap the statistics prove
 * (0 when the brackets overlap), `high` the largest gap they allow, `estimate` the gap between the
 * linearly interpolated CDFs; all signed as reference − current when `low` > 0.
 */
export interface CdfGap {
  /** The point, and whether the left limit F(x−) was compared. */
  readonly x: number;
  readonly left: boolean;
  /** For a gap between knots: its end; the gap is the open interval (x, to), where both brackets are constant. */
  readonly to?: number;
  readonly low: number;
  readonly high: number;
  readonly estimate: number;
  readonly reference: number;
  readonly current: number;
}

/** The CDF gaps of two numeric distributions at every point where they can change (see `CdfGap`). */
export function cdfGaps(reference: NumericCdf, current: NumericCdf): CdfGap[] {
  const u = [...new Set([...reference.xs, ...current.xs])].sort((a, b) => a - b);
  const gaps: CdfGap[] = [];
  // Inside a gap (`to` set) the brackets are constant: evaluate at its midpoint, report its start.
  const at = (start: number, left: boolean, to?: number) => {
    const x = to === undefined ? start : (start + to) / 2;
    const [la, ua] = cdfBracket(reference, x, left);
    const [lb, ub] = cdfBracket(current, x, left);
    const fa = left ? cdfBefore(reference, x) : cdfAt(reference, x);
    const fb = left ? cdfBefore(current, x) : cdfAt(current, x);
    gaps.push({
      x: start,
      left,
      ...(to === undefined ? {} : { to }),
      low: Math.max(0, la - ub, lb - ua),
      high: Math.max(ua - lb, ub - la),
      estimate: Math.abs(fa - fb),
      reference: fa,
      current: fb,
    });
  };
  for (let j = 0; j < u.length; j++) {
    at(u[j]!, true);
    at(u[j]!, false);
    if (j + 1 < u.length) at(u[j]!, false, u[j + 1]!);
  }
  return gaps;
}

/** Two distributions over the same bins, as counts (shares times sample size). */
export interface AlignedBins {
  readonly labels: readonly string[];
  readonly reference: readonly number[];
  readonly current: readonly number[];
  readonly referenceTotal: number;
  readonly currentTotal: number;
  /** For numeric bins: each bin's `(lo, hi]` bounds, parallel to `labels`. */
  readonly intervals?: readonly (readonly [number, number])[];
}

/** Bins of categorical counts: the union of values, most frequent in the reference first. */
export function alignCategorical(reference: CategoricalCounts, current: CategoricalCounts): AlignedBins {
  const labels = [...new Set([...reference.counts.keys(), ...current.counts.keys()])].sort(
    (a, b) =>
      (reference.counts.get(b) ?? 0) - (reference.counts.get(a) ?? 0) ||
      (current.counts.get(b) ?? 0) - (current.counts.get(a) ?? 0) ||
      (a < b ? -1 : a > b ? 1 : 0),
  );
  const ref = labels.map((l) => reference.counts.get(l) ?? 0);
  const cur = labels.map((l) => current.counts.get(l) ?? 0);
  if (reference.other > 0 || current.other > 0) {
    labels.push(OTHER_VALUES);
    ref.push(reference.other);
    cur.push(current.other);
  }
  return { labels, reference: ref, current: cur, referenceTotal: reference.total, currentTotal: current.total };
}

/** A short, stable rendering of a bin edge. */
export function formatEdge(x: number): string {
  if (x === Number.POSITIVE_INFINITY) return '+inf';
  if (x === Number.NEGATIVE_INFINITY) return '-inf';
  return String(Number(x.toPrecision(6)));
}

/**
 * Bins numeric distributions on the reference's quantile boundaries — about ten bins of equal
 * reference mass with TFDV's defaults, the usual PSI binning — plus an open bin below and above
 * so current values outside the reference range are counted. Bins are `(lo, hi]`; bins empty on
 * both sides are dropped.
 */
export function alignNumeric(reference: NumericCdf, current: NumericCdf, edges = reference.edges): AlignedBins {
  const bounds = [Number.NEGATIVE_INFINITY, ...edges, Number.POSITIVE_INFINITY];
  const labels: string[] = [];
  const ref: number[] = [];
  const cur: number[] = [];
  const intervals: [number, number][] = [];
  const at = (cdf: NumericCdf, x: number) => (x === Number.NEGATIVE_INFINITY ? 0 : cdfAt(cdf, x));
  for (let i = 0; i + 1 < bounds.length; i++) {
    const lo = bounds[i]!;
    const hi = bounds[i + 1]!;
    const r = Math.max(0, at(reference, hi) - at(reference, lo)) * reference.count;
    const c = Math.max(0, at(current, hi) - at(current, lo)) * current.count;
    if (r <= 1e-12 * reference.count && c <= 1e-12 * current.count) continue;
    labels.push(`(${formatEdge(lo)}, ${formatEdge(hi)}${hi === Number.POSITIVE_INFINITY ? ')' : ']'}`);
    ref.push(r);
    cur.push(c);
    intervals.push([lo, hi]);
  }
  return {
    labels,
    reference: ref,
    current: cur,
    referenceTotal: reference.count,
    currentTotal: current.count,
    intervals,
  };
}

/** Shares of a count vector (all zeros stay zeros). */
function toShares(counts: readonly number[]): number[] {
  const total = counts.reduce((s, v) => s + v, 0);
  return counts.map((v) => (total > 0 ? v / total : 0));
}

/** Both sides of aligned bins as shares. */
export function binShares(bins: AlignedBins): { reference: number[]; current: number[] } {
  return { reference: toShares(bins.reference), current: toShares(bins.current) };
}

/**
 * Bounds on F(x) (or on F(x−) with `left`) that hold whatever the spread of values inside the
 * buckets. A knot (v, f) only says F(v−) ≤ f ≤ F(v) — a quantile boundary's rank — which covers
 * both exact histograms and TFDV's sketch output, where tied quantile buckets share their count
 * equally and so do not give F(v) itself. With lo(v), hi(v) the smallest and largest f at v:
 * F(v) ∈ [hi(v), lo(next)], F(v−) ∈ [hi(previous), lo(v)], and between knots u < x < w,
 * F(x) ∈ [hi(u), lo(w)].
 */
function cdfBracket(cdf: NumericCdf, x: number, left = false): readonly [number, number] {
  const { xs, fs } = cdf;
  const n = xs.length;
  const last = n - 1;
  if (n === 0) return [cdf.negInf, cdf.negInf];
  const i = lastAtOrBelow(xs, x); // last knot ≤ x
  // Knots are sorted by (x, f), so at one position the first has lo(v) and the last hi(v).
  const hiAt = (k: number) => fs[k]!; // k = last index of its position
  const loAfter = (k: number) => (k + 1 < n ? fs[k + 1]! : fs[last]!); // lo of the next position
  if (i < 0) return [cdf.negInf, fs[0]!];
  if (xs[i] === x) {
    if (!left) return [hiAt(i), i === last ? fs[last]! : loAfter(i)];
    let first = i;
    while (first > 0 && xs[first - 1] === x) first--;
    return [first > 0 ? hiAt(first - 1) : cdf.negInf, fs[first]!];
  }
  if (i === last) return [fs[last]!, fs[last]!];
  return [hiAt(i), loAfter(i)];
}
