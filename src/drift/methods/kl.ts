/**
 * Kullback-Leibler divergence of the reference from the current distribution:
 * KL(r‖c) = Σ rᵢ·ln(rᵢ/cᵢ), natural log, empty bins smoothed as for PSI (Evidently's `kl_div`).
 * Not symmetric: it weighs the bins by where the reference has mass.
 */
import type { FeatureNameStatistics } from '../../tfmd/types.js';
import type { AlignedBins } from '../distributions.js';
import type { DriftResult } from '../drift-result.js';
import { requireFeaturePair } from '../feature-pair.js';
import { logRatioOfBins } from './_log-ratio.js';

/** 0.1, as Evidently. */
export const KL_DEFAULT_THRESHOLD = 0.1;

/** KL(reference‖current) over aligned bins. */
export function klOfBins(bins: AlignedBins, threshold = KL_DEFAULT_THRESHOLD): DriftResult {
  return logRatioOfBins('kl', bins, threshold, (r, c) => r * Math.log(r / c));
}

/** KL(reference‖current) of one feature. */
export function kl(
  reference: FeatureNameStatistics,
  current: FeatureNameStatistics,
  options: { threshold?: number } = {},
): DriftResult {
  return klOfBins(requireFeaturePair(reference, current).bins, options.threshold);
}
