import type { FeatureStatsView } from '../../schema/index.js';
import { initValueCount } from '../../schema/index.js';
import type { Feature } from '../../tfmd/types.js';
import type { Finding } from '../finding.js';
import { messages } from '../messages.js';

/**
 * Compares `value_count` / `value_counts` with the observed values per example at each nest
 * level. Fix: widen the bounds to what was observed (a minimum of 0 clears it), or re-infer the
 * value counts when the nest level differs.
 */
export function checkValueCounts(view: FeatureStatsView, feature: Feature): Finding[] {
  const levels = view.minMaxNumValues();
  const out: Finding[] = [];
  if (feature.valueCount) {
    const vc = feature.valueCount;
    if (levels.length > 1) {
      delete feature.valueCount;
      initValueCount(view, feature);
      return [messages.valueCountOnNested()];
    }
    const [min, max] = levels[0] as [number, number];
    if (vc.min !== undefined && min < vc.min) {
      out.push(messages.lowNumberValues(vc.min, min));
      if (min === 0) delete vc.min;
      else vc.min = min;
    }
    if (vc.max !== undefined && max > vc.max) {
      out.push(messages.highNumberValues(vc.max, max));
      vc.max = max;
    }
    return out;
  }
  if (feature.valueCounts) {
    const list = feature.valueCounts.valueCount ?? [];
    if (list.length !== levels.length) {
      delete feature.valueCounts;
      initValueCount(view, feature);
      return [messages.valueCountsLevelMismatch(list.length, levels.length)];
    }
    list.forEach((vc, i) => {
      const [min, max] = levels[i] as [number, number];
      if (vc.min !== undefined && min < vc.min) {
        out.push(messages.lowNumberValues(vc.min, min, i));
        if (min === 0) delete vc.min;
        else vc.min = min;
      }
      if (vc.max !== undefined && max > vc.max) {
        out.push(messages.highNumberValues(vc.max, max, i));
        vc.max = max;
      }
    });
  }
  return out;
}
