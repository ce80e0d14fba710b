/**
 * Kullback-Leibler divergence of the reference from the current distribution:
 * KL(r‖c) = Σ rᵢ·ln(rᵢ/cᵢ), natural log, empty bins smoothed as for PSI (Evidently's `kl_div`).
 * Not symmetric: it weighs the bins by where the reference has mass.
 */
import type { FeatureNameStatistics } from '../../tfmd/types.js';
import { type AlignedBins, toShares } from '../distributions.js';
import { type DriftResult, isDrifted, topContributions } from '../drift-result.js';
import { requireFeaturePair } from '../feature-pair.js';
import { smoothShares } from '../smoothing.js';

/** 0.1, as Evidently. */
export const KL_DEFAULT_THRESHOLD = 0.1;

/** KL(reference‖current) over aligned bins. */
export function klOfBins(bins: AlignedBins, threshold = KL_DEFAULT_THRESHOLD): DriftResult {
  const r = toShares(bins.reference);
  const c = toShares(bins.current);
  const s = smoothShares(r, c);
  const terms = s.reference.map((ri, i) => ri * Math.log(ri / s.current[i]!));
  // Smoothing leaves the shares slightly off 1, which can push a near-zero sum below 0.
  const value = Math.max(
    0,
    terms.reduce((sum, t) => sum + t, 0),
  );
  return {
    method: 'kl',
    kind: 'distance',
    value,
    threshold,
    drifted: isDrifted('distance', value, threshold),
    contributions: topContributions(
      bins.labels.map((bin, i) => ({
        bin,
        reference: r[i]!,
        current: c[i]!,
        weight: value > 0 ? terms[i]! / value : 0,
      })),
    ),
    details: {
      bins: bins.labels.length,
      epsilon: s.epsilon,
      logBase: 'e',
      referenceCount: bins.referenceTotal,
      currentCount: bins.currentTotal,
    },
  };
}

/** KL(reference‖current) of one feature. */
export function kl(
  reference: FeatureNameStatistics,
  current: FeatureNameStatistics,
  options: { threshold?: number } = {},
): DriftResult {
  return klOfBins(requireFeaturePair(reference, current).bins, options.threshold);
}
