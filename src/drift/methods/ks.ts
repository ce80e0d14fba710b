/**
 * Two-sample Kolmogorov-Smirnov test from statistics. The statistics give each CDF exactly at the
 * histogram knots and only bounds in between, so D = sup |F_ref − F_cur| is known to lie in an
 * interval. The verdict uses its lower end — the gap the histograms prove — so approximation never
 * raises a false alarm (the p-value is an upper bound of the raw-data p-value); the interpolated
 * estimate and the upper end are in `details`.
 */
import type { FeatureNameStatistics } from '../../tfmd/types.js';
import { type CdfGap, cdfGaps, formatEdge, type NumericCdf } from '../distributions.js';
import { type DriftContribution, type DriftResult, isDrifted, topContributions } from '../drift-result.js';
import { requireNumericPair } from '../feature-pair.js';
import { kolmogorovSmirnovPValue } from '../p-values.js';

/** Significance level 0.05: drift when p < 0.05. */
export const KS_DEFAULT_THRESHOLD = 0.05;

/** Bounds and estimate of the KS statistic, with the points of largest proven gap. */
function ksStatistic(
  reference: NumericCdf,
  current: NumericCdf,
): { low: number; estimate: number; high: number; points: DriftContribution[] } {
  const gaps = cdfGaps(reference, current);
  let low = 0;
  let estimate = 0;
  let high = 0;
  for (const g of gaps) {
    low = Math.max(low, g.low);
    estimate = Math.max(estimate, g.estimate);
    high = Math.max(high, g.high);
  }
  const label = (g: CdfGap) =>
    g.to !== undefined ? `${formatEdge(g.x)} < x < ${formatEdge(g.to)}` : `x ${g.left ? '<' : '≤'} ${formatEdge(g.x)}`;
  // Neighbouring points often prove the same gap: list each gap size once, at its first point.
  const seen = new Set<number>();
  const points = gaps
    .filter((g) => {
      const key = Math.round(g.low * 1e12);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .map((g) => ({ bin: label(g), reference: g.reference, current: g.current, weight: g.low }));
  return { low, estimate, high, points };
}

/** The KS test of two numeric CDFs; `value` is the p-value of the proven statistic. */
export function ksOfCdfs(reference: NumericCdf, current: NumericCdf, threshold = KS_DEFAULT_THRESHOLD): DriftResult {
  const { low, estimate, high, points } = ksStatistic(reference, current);
  const value = kolmogorovSmirnovPValue(low, reference.count, current.count);
  return {
    method: 'ks',
    kind: 'p_value',
    value,
    threshold,
    drifted: isDrifted('p_value', value, threshold),
    contributions: topContributions(points),
    details: {
      statistic: low,
      statisticEstimate: estimate,
      statisticUpperBound: high,
      pValueAtUpperBound: kolmogorovSmirnovPValue(high, reference.count, current.count),
      referenceCount: reference.count,
      currentCount: current.count,
    },
  };
}

/** The KS test of one numeric feature. */
export function ks(
  reference: FeatureNameStatistics,
  current: FeatureNameStatistics,
  options: { threshold?: number } = {},
): DriftResult {
  const pair = requireNumericPair(reference, current, 'ks');
  return ksOfCdfs(pair.reference, pair.current, options.threshold);
}
