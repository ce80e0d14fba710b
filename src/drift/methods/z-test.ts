/**
 * Two-proportion z-test for a feature with two values: z = (p₁ − p₂)/√(p̂(1 − p̂)(1/n₁ + 1/n₂)) with
 * p̂ the pooled share of the first value; two-sided p-value. (z² equals the 2 × 2 chi-squared
 * statistic, so both tests agree.)
 */
import { UsageError } from '../../_util/errors.js';
import type { FeatureNameStatistics } from '../../tfmd/types.js';
import { type AlignedBins, featureName } from '../distributions.js';
import { type DriftResult, isDrifted } from '../drift-result.js';
import { requireFeaturePair } from '../feature-pair.js';
import { normalTwoSidedPValue } from '../p-values.js';

/** Significance level 0.05: drift when p < 0.05. */
export const ZTEST_DEFAULT_THRESHOLD = 0.05;

/** Why the z-test does not apply to these bins, or undefined when it does. */
export function zTestInapplicable(bins: AlignedBins): string | undefined {
  const used = bins.labels.filter((_, i) => bins.reference[i]! + bins.current[i]! > 0).length;
  return used > 2 ? `the z-test compares two values; this feature has ${used} (use chi2)` : undefined;
}

/** The z-test over two aligned bins; `value` is the p-value. */
export function zTestOfBins(bins: AlignedBins, threshold = ZTEST_DEFAULT_THRESHOLD): DriftResult {
  const used = bins.labels.map((_, i) => i).filter((i) => bins.reference[i]! + bins.current[i]! > 0);
  const n1 = bins.reference.reduce((s, v) => s + v, 0);
  const n2 = bins.current.reduce((s, v) => s + v, 0);
  const first = used[0] ?? 0;
  const p1 = n1 > 0 ? bins.reference[first]! / n1 : 0;
  const p2 = n2 > 0 ? bins.current[first]! / n2 : 0;
  const pooled = n1 + n2 > 0 ? (bins.reference[first]! + bins.current[first]!) / (n1 + n2) : 0;
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  // One value on both sides (pooled share 0 or 1): identical proportions, nothing to test.
  const z = se > 0 ? (p1 - p2) / se : 0;
  const value = normalTwoSidedPValue(z);
  const contributions = used.map((i) => {
    const r = n1 > 0 ? bins.reference[i]! / n1 : 0;
    const c = n2 > 0 ? bins.current[i]! / n2 : 0;
    return { bin: bins.labels[i]!, reference: r, current: c, weight: Math.abs(r - c) };
  });
  return {
    method: 'ztest',
    kind: 'p_value',
    value,
    threshold,
    drifted: isDrifted('p_value', value, threshold),
    contributions: contributions.filter((c) => c.weight > 0),
    details: { statistic: z, referenceProportion: p1, currentProportion: p2, referenceCount: n1, currentCount: n2 },
  };
}

/** The z-test of one two-valued feature. */
export function zTest(
  reference: FeatureNameStatistics,
  current: FeatureNameStatistics,
  options: { threshold?: number } = {},
): DriftResult {
  const { bins } = requireFeaturePair(reference, current);
  const why = zTestInapplicable(bins);
  if (why) throw new UsageError(`feature '${featureName(reference)}': ${why}`);
  return zTestOfBins(bins, options.threshold);
}
