import type { FeatureNameStatistics } from '../tfmd/types.js';
import { type MetricReadOptions, stringCounts, total, unionKeys } from './_string-counts.js';
import { type DistanceResult, maxAbsDifference } from './l-infinity.js';

/**
 * Normalized absolute difference, TFDV's `normalized_abs_difference` comparator: the largest
 * absolute difference of per-value counts divided by the two sides' combined total, so unlike
 * {@link lInfinity} it also reacts to a change in volume. Both empty gives 0.
 * @example normalizedAbsoluteDifference(a, b) // { value: 0.68, worst: 'world' }
 */
export function normalizedAbsoluteDifference(
  treatment: FeatureNameStatistics,
  control: FeatureNameStatistics,
  options: MetricReadOptions = {},
): DistanceResult {
  const a = stringCounts(treatment, options);
  const b = stringCounts(control, options);
  const sum = total(a) + total(b) || 1;
  return maxAbsDifference(unionKeys(a, b), (k) => ((a.get(k) ?? 0) - (b.get(k) ?? 0)) / sum);
}
