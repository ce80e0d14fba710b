import type { FeatureStatsView } from '../../schema/index.js';
import type { Feature } from '../../tfmd/types.js';
import type { Finding } from '../finding.js';
import { messages } from '../messages.js';

/**
 * Number of distinct values against `unique_constraints` (TFDV's UpdateUniqueConstraints).
 * TFDV compares with an unset bound as 0, so `{ min: 1 }` alone also fires HIGH_UNIQUE whenever
 * there is a value; mirrored on purpose. Features without string statistics cannot be checked:
 * NO_UNIQUE, and the constraint is removed.
 */
export function checkUniqueConstraints(view: FeatureStatsView, feature: Feature): Finding[] {
  const unique = view.numUnique();
  feature.uniqueConstraints ??= {};
  const c = feature.uniqueConstraints;
  if (unique === undefined) {
    delete feature.uniqueConstraints;
    return [messages.noUnique()];
  }
  const out: Finding[] = [];
  if (unique < (c.min ?? 0)) {
    out.push(messages.lowUnique(c.min ?? 0, unique));
    c.min = unique;
  }
  if (unique > (c.max ?? 0)) {
    out.push(messages.highUnique(c.max ?? 0, unique));
    c.max = unique;
  }
  return out;
}
