import type { FeatureStatsView } from '../../schema/index.js';
import type { Finding } from '../finding.js';
import { messages } from '../messages.js';

/**
 * Checks the custom statistics TFDV computes for a weighted feature: examples missing the value
 * or the weight feature, and length differences between them (one finding for both directions).
 * The caller deprecates the weighted feature when anything is found.
 */
export function checkWeightedFeature(view: FeatureStatsView): Finding[] {
  const out: Finding[] = [];
  let minDiff = 0;
  let maxDiff = 0;
  for (const stat of view.customStats()) {
    const name = stat.name ?? '';
    const num = stat.num ?? 0;
    if (num === 0) continue;
    if (name === 'missing_value') out.push(messages.weightedMissingValue(num));
    else if (name === 'missing_weight') out.push(messages.weightedMissingWeight(num));
    else if (name === 'min_weight_length_diff') minDiff = Math.trunc(num);
    else if (name === 'max_weight_length_diff') maxDiff = Math.trunc(num);
  }
  if (minDiff !== 0 || maxDiff !== 0) out.push(messages.weightedLengthMismatch(minDiff, maxDiff));
  return out;
}
