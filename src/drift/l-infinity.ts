import type { FeatureNameStatistics } from '../tfmd/types.js';
import { type MetricReadOptions, stringCounts, total, unionKeys } from './_string-counts.js';

/** A distance between two distributions and the value that differed most. */
export interface DistanceResult {
  /** The distance, in [0, 1]. */
  readonly value: number;
  /** The value (label) with the largest difference; the last such in byte order, '' if none. */
  readonly worst: string;
}

/**
 * Largest absolute entry of a difference vector, with its key; ties go to the later key
 * (TFDV compares with `>=` while walking keys in order).
 */
export function maxAbsDifference(keys: readonly string[], diff: (key: string) => number): DistanceResult {
  let worst = '';
  let value = 0;
  for (const key of keys) {
    const d = Math.abs(diff(key));
    if (d >= value) {
      value = d;
      worst = key;
    }
  }
  return { value, worst };
}

/**
 * L-infinity distance between the categorical distributions of two features, TFDV's
 * `infinity_norm` comparator: each side's rank histogram normalised by its own total (a zero
 * total is left as is), then the largest absolute difference over the union of values.
 * Numeric features without string statistics give 0. O(k log k) for k distinct values.
 * @example lInfinity(current, previous) // { value: 0.25, worst: 'b' }
 */
export function lInfinity(
  treatment: FeatureNameStatistics,
  control: FeatureNameStatistics,
  options: MetricReadOptions = {},
): DistanceResult {
  const a = stringCounts(treatment, options);
  const b = stringCounts(control, options);
  const ta = total(a) || 1;
  const tb = total(b) || 1;
  return maxAbsDifference(unionKeys(a, b), (k) => (a.get(k) ?? 0) / ta - (b.get(k) ?? 0) / tb);
}
