/**
 * Normalized Wasserstein-1 distance: W₁ = ∫ |F_ref(x) − F_cur(x)| dx, divided by
 * max(σ_ref, 0.001) (Evidently's `wasserstein`; σ the reference's population standard deviation),
 * so 0.1 reads "a tenth of a reference standard deviation". From statistics W₁ is known to lie in
 * an interval (the CDFs are exact at histogram knots, bounded in between); the verdict uses the
 * lower end, the distance the histograms prove, so the long last bucket of a skewed feature cannot
 * raise a false alarm. The interpolated estimate and the upper end are in `details`. ±inf values
 * are left out (their distance is infinite).
 */
import type { FeatureNameStatistics } from '../../tfmd/types.js';
import { alignNumeric, binShares, cdfGaps, type NumericCdf } from '../distributions.js';
import { type DriftResult, isDrifted, sumContributions } from '../drift-result.js';
import { requireNumericPair } from '../feature-pair.js';

/** 0.1 reference standard deviations, as Evidently. */
export const WASSERSTEIN_DEFAULT_THRESHOLD = 0.1;

/** The smallest standard deviation used for normalising (Evidently's floor). */
const MIN_NORMALIZING_STD = 0.001;

/** ∫ |g| over [0, dx] for g linear from g0 to g1. */
function absLinearIntegral(g0: number, g1: number, dx: number): number {
  if (g0 * g1 >= 0) return ((Math.abs(g0) + Math.abs(g1)) / 2) * dx;
  return ((g0 * g0 + g1 * g1) / (2 * (Math.abs(g0) + Math.abs(g1)))) * dx;
}

/** Population standard deviation of a piecewise-uniform CDF (when the statistics lack std_dev). */
function cdfStdDev(cdf: NumericCdf): number {
  let mass = 0;
  let m1 = 0;
  let m2 = 0;
  for (let i = 0; i + 1 < cdf.xs.length; i++) {
    const p = cdf.fs[i + 1]! - cdf.fs[i]!;
    if (p <= 0) continue;
    const a = cdf.xs[i]!;
    const b = cdf.xs[i + 1]!;
    mass += p;
    m1 += (p * (a + b)) / 2;
    m2 += (p * (a * a + a * b + b * b)) / 3;
  }
  if (!(mass > 0)) return 0;
  const mean = m1 / mass;
  return Math.sqrt(Math.max(0, m2 / mass - mean * mean));
}

/** W₁ bounds and estimate, with the proven part falling in each of the given `(lo, hi]` intervals. */
function wassersteinDistance(
  reference: NumericCdf,
  current: NumericCdf,
  intervals: readonly (readonly [number, number])[] = [],
): { low: number; estimate: number; high: number; perInterval: number[] } {
  const perInterval = intervals.map(() => 0);
  let low = 0;
  let estimate = 0;
  let high = 0;
  let k = 0;
  const gaps = cdfGaps(reference, current);
  for (let j = 0; j < gaps.length; j++) {
    const g = gaps[j]!;
    if (g.to === undefined) continue;
    // gaps[j − 1] is the right limit at g.x, gaps[j + 1] the left limit at g.to.
    const width = g.to - g.x;
    const start = gaps[j - 1]!;
    const end = gaps[j + 1]!;
    estimate += absLinearIntegral(start.reference - start.current, end.reference - end.current, width);
    high += g.high * width;
    const proven = g.low * width;
    low += proven;
    while (k < intervals.length && intervals[k]![1] <= g.x) k++;
    if (k < intervals.length) perInterval[k]! += proven;
  }
  return { low, estimate, high, perInterval };
}

/** Normalized W₁ of two numeric CDFs. */
export function wassersteinOfCdfs(
  reference: NumericCdf,
  current: NumericCdf,
  threshold = WASSERSTEIN_DEFAULT_THRESHOLD,
): DriftResult {
  const bins = alignNumeric(reference, current);
  const intervals = bins.intervals ?? [];
  const { low, estimate, high, perInterval } = wassersteinDistance(reference, current, intervals);
  const std = reference.stdDev ?? cdfStdDev(reference);
  const norm = Math.max(std, MIN_NORMALIZING_STD);
  const value = low / norm;
  return {
    method: 'wasserstein',
    kind: 'distance',
    value,
    threshold,
    drifted: isDrifted('distance', value, threshold),
    contributions: sumContributions(bins.labels, binShares(bins), perInterval, low),
    details: {
      distance: low,
      referenceStdDev: std,
      estimate: estimate / norm,
      upperBound: high / norm,
      infiniteValuesIgnored: reference.negInf + reference.posInf + current.negInf + current.posInf > 0,
      referenceCount: reference.count,
      currentCount: current.count,
    },
  };
}

/** Normalized W₁ of one numeric feature. */
export function wasserstein(
  reference: FeatureNameStatistics,
  current: FeatureNameStatistics,
  options: { threshold?: number } = {},
): DriftResult {
  const pair = requireNumericPair(reference, current, 'wasserstein');
  return wassersteinOfCdfs(pair.reference, pair.current, options.threshold);
}
