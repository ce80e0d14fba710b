/**
 * Population Stability Index: PSI = Σ (rᵢ − cᵢ)·ln(rᵢ/cᵢ) over aligned bins, natural log, empty bins
 * smoothed as in `smoothing.ts`. Symmetric in the two sides (up to the binning, which follows the
 * reference's quantiles for numeric features).
 */
import type { FeatureNameStatistics } from '../../tfmd/types.js';
import type { AlignedBins } from '../distributions.js';
import type { DriftResult } from '../drift-result.js';
import { requireFeaturePair } from '../feature-pair.js';
import { logRatioOfBins } from './_log-ratio.js';

/** 0.1: the usual "moderate shift" line (Evidently's default). */
export const PSI_DEFAULT_THRESHOLD = 0.1;

/** PSI over aligned bins. */
export function psiOfBins(bins: AlignedBins, threshold = PSI_DEFAULT_THRESHOLD): DriftResult {
  return logRatioOfBins('psi', bins, threshold, (r, c) => (r - c) * Math.log(r / c));
}

/** PSI of one feature between reference and current statistics. */
export function psi(
  reference: FeatureNameStatistics,
  current: FeatureNameStatistics,
  options: { threshold?: number } = {},
): DriftResult {
  return psiOfBins(requireFeaturePair(reference, current).bins, options.threshold);
}
