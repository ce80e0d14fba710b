/**
 * The two sides of one feature, read from statistics and put on common bins, or the reason they
 * cannot be compared. Every method starts from here.
 */
import { UsageError } from '../_util/errors.js';
import type { FeatureNameStatistics } from '../tfmd/types.js';
import {
  type AlignedBins,
  alignCategorical,
  alignNumeric,
  type CategoricalCounts,
  categoricalCounts,
  featureKind,
  featureName,
  type NumericCdf,
  numericCdf,
} from './distributions.js';

/** A comparable pair of categorical features. */
export interface CategoricalPair {
  readonly kind: 'categorical';
  readonly reference: CategoricalCounts;
  readonly current: CategoricalCounts;
  readonly bins: AlignedBins;
}

/** A comparable pair of numeric features. */
export interface NumericPair {
  readonly kind: 'numeric';
  readonly reference: NumericCdf;
  readonly current: NumericCdf;
  readonly bins: AlignedBins;
}

export type FeaturePair = CategoricalPair | NumericPair;

/** Reads both sides; returns why not when they cannot be compared (as a value, not an error). */
export function prepareFeaturePair(
  reference: FeatureNameStatistics,
  current: FeatureNameStatistics,
): FeaturePair | { readonly skip: string } {
  const kindA = featureKind(reference);
  const kindB = featureKind(current);
  if (kindA !== kindB) return { skip: `compared as ${kindA} in the reference but ${kindB} in the current statistics` };
  if (kindA === 'categorical') {
    const a = categoricalCounts(reference);
    const b = categoricalCounts(current);
    if (!a || a.total <= 0) return { skip: 'no value counts in the reference statistics' };
    if (!b || b.total <= 0) return { skip: 'no value counts in the current statistics' };
    return { kind: 'categorical', reference: a, current: b, bins: alignCategorical(a, b) };
  }
  if (kindA === 'numeric') {
    const a = numericCdf(reference);
    const b = numericCdf(current);
    if (!a) return { skip: 'no histogram with values in the reference statistics' };
    if (!b) return { skip: 'no histogram with values in the current statistics' };
    return { kind: 'numeric', reference: a, current: b, bins: alignNumeric(a, b) };
  }
  return { skip: `${(reference.type ?? 'unknown').toLowerCase()} features carry no distribution to compare` };
}

/** Like `prepareFeaturePair`, for callers of one method on one feature: unusable input is a usage error. */
export function requireFeaturePair(reference: FeatureNameStatistics, current: FeatureNameStatistics): FeaturePair {
  const pair = prepareFeaturePair(reference, current);
  if ('skip' in pair) {
    throw new UsageError(`cannot compare feature '${featureName(reference)}': ${pair.skip}`);
  }
  return pair;
}

/** Like `requireFeaturePair`, for the methods that need a numeric (ordered) feature. */
export function requireNumericPair(
  reference: FeatureNameStatistics,
  current: FeatureNameStatistics,
  method: string,
): NumericPair {
  const pair = requireFeaturePair(reference, current);
  if (pair.kind !== 'numeric') {
    throw new UsageError(`${method} needs a numeric feature; '${featureName(reference)}' is categorical`, {
      hint: 'use psi, hellinger, chi2 or kl for categorical features',
    });
  }
  return pair;
}
