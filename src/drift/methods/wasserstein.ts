/**
 * Normalized Wasserstein-1 distance: W₁ = ∫ |F_ref(x) − F_cur(x)| dx over the finite range,
 * divided by max(σ_ref, 0.001) (Evidently's `wasserstein`; σ the reference's population standard
 * deviation), so 0.1 reads "a tenth of a reference standard deviation". The integral is exact for
 * the piecewise-linear CDFs of `numericCdf`; its distance from the W₁ of the underlying values is
 * at most `details.errorBound`. ±inf values are left out (their distance is infinite).
 */
import type { FeatureNameStatistics } from '../../tfmd/types.js';
import { alignNumeric, cdfAt, cdfBefore, type NumericCdf, toShares } from '../distributions.js';
import { type DriftResult, isDrifted, topContributions } from '../drift-result.js';
import { requireNumericPair } from '../feature-pair.js';

/** 0.1 reference standard deviations, as Evidently. */
export const WASSERSTEIN_DEFAULT_THRESHOLD = 0.1;

/** The smallest standard deviation used for normalising (Evidently's floor). */
export const MIN_NORMALIZING_STD = 0.001;

/** ∫ |g| over [0, dx] for g linear from g0 to g1. */
function absLinearIntegral(g0: number, g1: number, dx: number): number {
  if (g0 * g1 >= 0) return ((Math.abs(g0) + Math.abs(g1)) / 2) * dx;
  return ((g0 * g0 + g1 * g1) / (2 * (Math.abs(g0) + Math.abs(g1)))) * dx;
}

/** Mean and population standard deviation of a piecewise-uniform CDF (when the statistics lack std_dev). */
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

/** W₁ between two CDFs, with the part of it falling in each of the given `(lo, hi]` intervals. */
export function wassersteinDistance(
  reference: NumericCdf,
  current: NumericCdf,
  intervals: readonly (readonly [number, number])[] = [],
): { distance: number; perInterval: number[] } {
  const xs = [...new Set([...reference.xs, ...current.xs])].sort((a, b) => a - b);
  const perInterval = intervals.map(() => 0);
  let distance = 0;
  let k = 0;
  for (let i = 0; i + 1 < xs.length; i++) {
    const x0 = xs[i]!;
    const x1 = xs[i + 1]!;
    const g0 = cdfAt(reference, x0) - cdfAt(current, x0);
    const g1 = cdfBefore(reference, x1) - cdfBefore(current, x1);
    const part = absLinearIntegral(g0, g1, x1 - x0);
    distance += part;
    // Knot intervals never straddle a bin edge: the edges are knots of the reference.
    const mid = (x0 + x1) / 2;
    while (k < intervals.length && intervals[k]![1] < mid) k++;
    if (k < intervals.length) perInterval[k]! += part;
  }
  return { distance, perInterval };
}

/** Normalized W₁ of two numeric CDFs. */
export function wassersteinOfCdfs(
  reference: NumericCdf,
  current: NumericCdf,
  threshold = WASSERSTEIN_DEFAULT_THRESHOLD,
): DriftResult {
  const bins = alignNumeric(reference, current);
  const intervals = bins.intervals ?? [];
  const { distance, perInterval } = wassersteinDistance(reference, current, intervals);
  const std = reference.stdDev ?? cdfStdDev(reference);
  const norm = Math.max(std, MIN_NORMALIZING_STD);
  const value = distance / norm;
  const r = toShares(bins.reference);
  const c = toShares(bins.current);
  return {
    method: 'wasserstein',
    kind: 'distance',
    value,
    threshold,
    drifted: isDrifted('distance', value, threshold),
    contributions: topContributions(
      bins.labels.map((bin, i) => ({
        bin,
        reference: r[i]!,
        current: c[i]!,
        weight: distance > 0 ? perInterval[i]! / distance : 0,
      })),
    ),
    details: {
      distance,
      referenceStdDev: std,
      errorBound: (reference.areaError + current.areaError) / norm,
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
