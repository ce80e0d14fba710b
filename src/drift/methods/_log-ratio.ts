/**
 * The part PSI and KL share: shares of the aligned bins, empty bins smoothed (`smoothing.ts`), a
 * per-bin log-ratio term summed, and the same details, so both stay comparable term by term.
 */
import { type AlignedBins, binShares } from '../distributions.js';
import { type DriftResult, isDrifted, sumContributions } from '../drift-result.js';
import { smoothShares } from '../smoothing.js';

/**
 * Sums `term(rᵢ, cᵢ)` over the smoothed shares. The sum is clamped at 0: smoothing leaves the
 * shares slightly off 1, which can push a near-zero KL below 0 (PSI's terms are never negative).
 */
export function logRatioOfBins(
  method: 'psi' | 'kl',
  bins: AlignedBins,
  threshold: number,
  term: (reference: number, current: number) => number,
): DriftResult {
  const shares = binShares(bins);
  const s = smoothShares(shares.reference, shares.current);
  const terms = s.reference.map((ri, i) => term(ri, s.current[i]!));
  const value = Math.max(
    0,
    terms.reduce((sum, t) => sum + t, 0),
  );
  return {
    method,
    kind: 'distance',
    value,
    threshold,
    drifted: isDrifted('distance', value, threshold),
    contributions: sumContributions(bins.labels, shares, terms, value),
    details: {
      bins: bins.labels.length,
      epsilon: s.epsilon,
      logBase: 'e',
      referenceCount: bins.referenceTotal,
      currentCount: bins.currentTotal,
    },
  };
}
