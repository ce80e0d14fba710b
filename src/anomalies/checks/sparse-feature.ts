import type { FeatureStatsView } from '../../schema/index.js';
import type { Finding } from '../finding.js';
import { messages } from '../messages.js';

/**
 * Checks the custom statistics TFDV computes for a sparse feature: examples missing the value
 * feature, missing index features, and length differences between value and index features.
 * The caller deprecates the sparse feature when anything is found.
 */
export function checkSparseFeature(view: FeatureStatsView): Finding[] {
  const out: Finding[] = [];
  for (const stat of view.customStats()) {
    const name = stat.name ?? '';
    if (name === 'missing_value' && (stat.num ?? 0) !== 0) {
      out.push(messages.sparseMissingValue(stat.num ?? 0));
    } else if (name === 'missing_index') {
      for (const b of stat.rankHistogram?.buckets ?? []) {
        const freq = Math.trunc(b.sampleCount ?? 0);
        if (freq !== 0) out.push(messages.sparseMissingIndex(freq, b.label ?? ''));
      }
    } else if (name === 'max_length_diff' || name === 'min_length_diff') {
      for (const b of stat.rankHistogram?.buckets ?? []) {
        if ((b.sampleCount ?? 0) !== 0)
          out.push(messages.sparseLengthMismatch(b.label ?? '', name, Math.trunc(b.sampleCount ?? 0)));
      }
    }
  }
  return out;
}
