/**
 * Population Stability Index: PSI = Σ (rᵢ − cᵢ)·ln(rᵢ/cᵢ) over aligned bins, natural log, empty bins
 * smoothed as in `smoothing.ts`. Symmetric in the two sides (up to the binning, which follows the
 * reference's quantiles for numeric features).
 */
import type { FeatureNameStatistics } from '../../tfmd/types.js';
import type { AlignedBins } from '../distributions.js';
import { toShares } from '../distributions.js';
import { type DriftResult, isDrifted, topContributions } from '../drift-result.js';
import { requireFeaturePair } from '../feature-pair.js';
import { smoothShares } from '../smoothing.js';

/** 0.1: the usual "moderate shift" line (Evidently's default). */
export const PSI_DEFAULT_THRESHOLD = 0.1;

/** PSI over aligned bins. */
export function psiOfBins(bins: AlignedBins, threshold = PSI_DEFAULT_THRESHOLD): DriftResult {
  const r = toShares(bins.reference);
  const c = toShares(bins.current);
  const s = smoothShares(r, c);
  const terms = s.reference.map((ri, i) => (ri - s.current[i]!) * Math.log(ri / s.current[i]!));
  const value = terms.reduce((sum, t) => sum + t, 0);
  return {
    method: 'psi',
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

/** PSI of one feature between reference and current statistics. */
export function psi(
  reference: FeatureNameStatistics,
  current: FeatureNameStatistics,
  options: { threshold?: number } = {},
): DriftResult {
  return psiOfBins(requireFeaturePair(reference, current).bins, options.threshold);
}
