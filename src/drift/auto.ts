/**
 * The automatic choice of drift method, Evidently's rule by feature type, reference sample size
 * and number of distinct values:
 *
 * | feature | n ≤ 1000 | n > 1000 |
 * |---|---|---|
 * | numeric, ≤ 5 distinct values | chi2 (ztest with 2 values) | hellinger |
 * | numeric, > 5 distinct values | ks | wasserstein |
 * | categorical | chi2 (ztest with 2 values) | hellinger |
 *
 * Above 1000 values it picks distances, which measure how large a shift is, never p-values,
 * which at large n flag any shift however trivial (docs/drift.md).
 */
import type { DriftMethod } from './drift-result.js';
import type { FeaturePair } from './feature-pair.js';
import { zTestInapplicable } from './methods/z-test.js';

/** Reference sample sizes above this get a distance rather than a test. */
export const AUTO_SAMPLE_SIZE_LIMIT = 1000;

/** Numeric features with at most this many distinct values are compared as categories. */
export const AUTO_LOW_CARDINALITY = 5;

/** The distance `auto` uses for categorical features above the sample-size limit. */
const AUTO_CATEGORICAL_DISTANCE: DriftMethod = 'hellinger';

/** The chosen method and a sentence saying why. */
export interface AutoChoice {
  readonly method: DriftMethod;
  readonly reason: string;
}

/**
 * Distinct values of the pair: the union of listed values (plus one when a side has unlisted
 * values) for categorical features; for numeric features the distinct quantile boundaries of the
 * two sides, a lower bound that equals the number of distinct values when there are few.
 */
function distinctValues(pair: FeaturePair): number {
  if (pair.kind === 'categorical') {
    const used = pair.bins.labels.filter((_, i) => pair.bins.reference[i]! + pair.bins.current[i]! > 0).length;
    return Math.max(used, pair.reference.unique ?? 0, pair.current.unique ?? 0);
  }
  return new Set([...pair.reference.edges, ...pair.current.edges]).size;
}

/** Chooses the method for one feature pair. */
export function chooseMethod(pair: FeaturePair): AutoChoice {
  const n = pair.bins.referenceTotal;
  const u = distinctValues(pair);
  const size = `n=${round(n)} reference values`;
  const asCategories = pair.kind === 'categorical' || u <= AUTO_LOW_CARDINALITY;
  const what = pair.kind === 'categorical' ? 'categorical' : `numeric with ${u} distinct values`;
  if (asCategories) {
    if (n > AUTO_SAMPLE_SIZE_LIMIT) {
      return { method: AUTO_CATEGORICAL_DISTANCE, reason: `${what}, ${size} > ${AUTO_SAMPLE_SIZE_LIMIT}` };
    }
    if (u <= 2 && !zTestInapplicable(pair.bins)) {
      return { method: 'ztest', reason: `${what} (two values), ${size} ≤ ${AUTO_SAMPLE_SIZE_LIMIT}` };
    }
    return { method: 'chi2', reason: `${what}, ${size} ≤ ${AUTO_SAMPLE_SIZE_LIMIT}` };
  }
  if (n > AUTO_SAMPLE_SIZE_LIMIT) {
    return { method: 'wasserstein', reason: `${what}, ${size} > ${AUTO_SAMPLE_SIZE_LIMIT}` };
  }
  return { method: 'ks', reason: `${what}, ${size} ≤ ${AUTO_SAMPLE_SIZE_LIMIT}` };
}

function round(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(1);
}
