import type { FeatureStatsView } from '../../schema/index.js';
import { int64Product } from '../../tfmd/int64.js';
import type { Feature } from '../../tfmd/types.js';
import type { Finding } from '../finding.js';
import { messages } from '../messages.js';

/**
 * A fixed `shape` needs the feature present everywhere (at every nest level) with the same
 * number of values, matching the product of the dims. Fix: drop the shape.
 */
export function checkShape(view: FeatureStatsView, feature: Feature): Finding[] {
  if (!feature.shape) return [];
  const expected = int64Product((feature.shape.dim ?? []).map((dim) => dim.size ?? 0));
  let actual = 1;
  for (const [min, max] of view.minMaxNumValues()) {
    if (min === max && min !== 0) actual *= min;
    else {
      actual = -1;
      break;
    }
  }
  const hasMissing = view.numMissingNested().some((m) => m !== 0);
  if (actual <= 0 || hasMissing) {
    delete feature.shape;
    return [messages.shapeVariable()];
  }
  if (actual !== expected) {
    delete feature.shape;
    return [messages.shapeIncompatible(actual, expected)];
  }
  return [];
}
