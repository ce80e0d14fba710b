/**
 * Hellinger distance H = √(½ Σ (√rᵢ − √cᵢ)²) = √(1 − Σ √(rᵢcᵢ)) over aligned bins, in [0, 1].
 * Needs no smoothing: an empty bin contributes its other side's share.
 */
import type { FeatureNameStatistics } from '../../tfmd/types.js';
import { type AlignedBins, binShares } from '../distributions.js';
import { type DriftResult, isDrifted, sumContributions } from '../drift-result.js';
import { requireFeaturePair } from '../feature-pair.js';

/** 0.1, as Evidently (whylogs reads 0.15–0.4 as "possible drift"). */
export const HELLINGER_DEFAULT_THRESHOLD = 0.1;

/** Hellinger distance over aligned bins. */
export function hellingerOfBins(bins: AlignedBins, threshold = HELLINGER_DEFAULT_THRESHOLD): DriftResult {
  const shares = binShares(bins);
  const terms = shares.reference.map((ri, i) => (Math.sqrt(ri) - Math.sqrt(shares.current[i]!)) ** 2 / 2);
  const squared = terms.reduce((sum, t) => sum + t, 0);
  const value = Math.sqrt(Math.min(1, squared));
  return {
    method: 'hellinger',
    kind: 'distance',
    value,
    threshold,
    drifted: isDrifted('distance', value, threshold),
    contributions: sumContributions(bins.labels, shares, terms, squared),
    details: { bins: bins.labels.length, referenceCount: bins.referenceTotal, currentCount: bins.currentTotal },
  };
}

/** Hellinger distance of one feature. */
export function hellinger(
  reference: FeatureNameStatistics,
  current: FeatureNameStatistics,
  options: { threshold?: number } = {},
): DriftResult {
  return hellingerOfBins(requireFeaturePair(reference, current).bins, options.threshold);
}
