/**
 * Pearson's chi-squared test of homogeneity on the 2 × k table (reference, current) × bins:
 * expected count = row total × column total / grand total, df = k − 1 over the bins with any
 * values. Unlike Evidently's goodness-of-fit form (current against reference shares rescaled) it
 * is symmetric and stays finite when the current side has a value the reference never had.
 */
import type { FeatureNameStatistics } from '../../tfmd/types.js';
import { type AlignedBins, binShares } from '../distributions.js';
import { type DriftResult, isDrifted, sumContributions } from '../drift-result.js';
import { requireFeaturePair } from '../feature-pair.js';
import { chiSquaredSurvival } from '../p-values.js';

/** Significance level 0.05: drift when p < 0.05. */
export const CHI2_DEFAULT_THRESHOLD = 0.05;

/** The statistic, degrees of freedom and per-bin terms of the homogeneity test. */
function chiSquaredStatistic(bins: AlignedBins): { statistic: number; df: number; terms: number[] } {
  const na = bins.reference.reduce((s, v) => s + v, 0);
  const nb = bins.current.reduce((s, v) => s + v, 0);
  const n = na + nb;
  let statistic = 0;
  let columns = 0;
  const terms = bins.reference.map((a, i) => {
    const b = bins.current[i]!;
    const column = a + b;
    if (!(column > 0) || !(na > 0) || !(nb > 0)) return 0;
    columns++;
    const ea = (column * na) / n;
    const eb = (column * nb) / n;
    const term = (a - ea) ** 2 / ea + (b - eb) ** 2 / eb;
    statistic += term;
    return term;
  });
  return { statistic, df: Math.max(0, columns - 1), terms };
}

/** The chi-squared test over aligned bins; `value` is the p-value. */
export function chiSquaredOfBins(bins: AlignedBins, threshold = CHI2_DEFAULT_THRESHOLD): DriftResult {
  const { statistic, df, terms } = chiSquaredStatistic(bins);
  const value = chiSquaredSurvival(statistic, df);
  return {
    method: 'chi2',
    kind: 'p_value',
    value,
    threshold,
    drifted: isDrifted('p_value', value, threshold),
    contributions: sumContributions(bins.labels, binShares(bins), terms, statistic),
    details: { statistic, df, referenceCount: bins.referenceTotal, currentCount: bins.currentTotal },
  };
}

/** The chi-squared test of one feature. */
export function chiSquared(
  reference: FeatureNameStatistics,
  current: FeatureNameStatistics,
  options: { threshold?: number } = {},
): DriftResult {
  return chiSquaredOfBins(requireFeaturePair(reference, current).bins, options.threshold);
}
