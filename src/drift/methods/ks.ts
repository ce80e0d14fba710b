/**
 * Two-sample Kolmogorov-Smirnov test from statistics: D = sup |F_ref(x) − F_cur(x)| over the
 * piecewise-linear CDFs of `numericCdf` (exact at the histogram knots, linear in between), with
 * the asymptotic Kolmogorov p-value. The approximated D is within `details.errorBound` (the two
 * CDFs' interpolation bounds added) of the D of the underlying values, plus the sketch's rank error.
 */
import type { FeatureNameStatistics } from '../../tfmd/types.js';
import { cdfAt, cdfBefore, formatEdge, type NumericCdf } from '../distributions.js';
import { type DriftContribution, type DriftResult, isDrifted, topContributions } from '../drift-result.js';
import { requireNumericPair } from '../feature-pair.js';
import { kolmogorovSmirnovPValue } from '../p-values.js';

/** Significance level 0.05: drift when p < 0.05. */
export const KS_DEFAULT_THRESHOLD = 0.05;

/** The KS statistic and the points where the CDFs differ most. */
export function ksStatistic(reference: NumericCdf, current: NumericCdf): { d: number; points: DriftContribution[] } {
  const xs = [...new Set([...reference.xs, ...current.xs])].sort((a, b) => a - b);
  const best = new Map<number, DriftContribution>();
  let d = 0;
  const consider = (x: number, bin: string, fr: number, fc: number) => {
    const diff = Math.abs(fr - fc);
    d = Math.max(d, diff);
    const previous = best.get(x);
    if (!previous || diff > previous.weight) best.set(x, { bin, reference: fr, current: fc, weight: diff });
  };
  for (const x of xs) {
    consider(x, `x < ${formatEdge(x)}`, cdfBefore(reference, x), cdfBefore(current, x));
    consider(x, `x ≤ ${formatEdge(x)}`, cdfAt(reference, x), cdfAt(current, x));
  }
  return { d, points: [...best.values()] };
}

/** The KS test of two numeric CDFs; `value` is the p-value. */
export function ksOfCdfs(reference: NumericCdf, current: NumericCdf, threshold = KS_DEFAULT_THRESHOLD): DriftResult {
  const { d, points } = ksStatistic(reference, current);
  const value = kolmogorovSmirnovPValue(d, reference.count, current.count);
  return {
    method: 'ks',
    kind: 'p_value',
    value,
    threshold,
    drifted: isDrifted('p_value', value, threshold),
    contributions: topContributions(points),
    details: {
      statistic: d,
      errorBound: reference.supError + current.supError,
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
