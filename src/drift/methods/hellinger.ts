/**
 * Hellinger distance H = √(½ Σ (√rᵢ − √cᵢ)²) = √(1 − Σ √(rᵢcᵢ)) over aligned bins, in [0, 1].
 * Needs no smoothing: an empty bin contributes its other side's share.
 */
import type { FeatureNameStatistics } from '../../tfmd/types.js';
import { type AlignedBins, toShares } from '../distributions.js';
import { type DriftResult, isDrifted, topContributions } from '../drift-result.js';
import { requireFeaturePair } from '../feature-pair.js';

/** 0.1, as Evidently (whylogs reads 0.15–0.4 as "possible drift"). */
export const HELLINGER_DEFAULT_THRESHOLD = 0.1;

/** Hellinger distance over aligned bins. */
export function hellingerOfBins(bins: AlignedBins, threshold = HELLINGER_DEFAULT_THRESHOLD): DriftResult {
  const r = toShares(bins.reference);
  const c = toShares(bins.current);
  const terms = r.map((ri, i) => (Math.sqrt(ri) - Math.sqrt(c[i]!)) ** 2 / 2);
  const squared = terms.reduce((sum, t) => sum + t, 0);
  const value = Math.sqrt(Math.min(1, squared));
  return {
    method: 'hellinger',
    kind: 'distance',
    value,
    threshold,
    drifted: isDrifted('distance', value, threshold),
    contributions: topContributions(
      bins.labels.map((bin, i) => ({
        bin,
        reference: r[i]!,
        current: c[i]!,
        weight: squared > 0 ? terms[i]! / squared : 0,
      })),
    ),
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
