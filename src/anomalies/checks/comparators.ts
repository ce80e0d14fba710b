import { jensenShannon, lInfinity, normalizedAbsoluteDifference } from '../../drift/index.js';
import type { FeatureStatsView } from '../../schema/index.js';
import type { DriftSkewMeasurement, FeatureComparator } from '../../tfmd/types.js';
import type { Finding } from '../finding.js';
import { type ComparatorContext, messages } from '../messages.js';

/** Skew compares training with serving data; drift compares the current span with the previous one. */
export type ComparatorKind = 'skew' | 'drift';

/** Findings and the raw measurements (reported as drift_skew_info whether or not they fire). */
export interface ComparatorResult {
  readonly findings: Finding[];
  readonly measurements: DriftSkewMeasurement[];
}

const contexts: Record<ComparatorKind, ComparatorContext> = {
  skew: { treatment: 'training', control: 'serving' },
  drift: { treatment: 'current', control: 'previous' },
};

/**
 * Evaluates one comparator of a feature (TFDV's UpdateFeatureComparatorDirect): L-infinity, then
 * normalized absolute difference, then Jensen-Shannon divergence, each only when its threshold is
 * set. A value above the threshold is an anomaly and the fix raises the threshold to it. When the
 * control dataset lacks the feature: COMPARATOR_CONTROL_DATA_MISSING and the L-infinity and JSD
 * thresholds are cleared (TFDV leaves the NAD threshold, a quirk mirrored here). Without a control
 * dataset nothing is measured.
 */
export function checkComparator(
  view: FeatureStatsView,
  kind: ComparatorKind,
  comparator: FeatureComparator,
): ComparatorResult {
  const findings: Finding[] = [];
  const measurements: DriftSkewMeasurement[] = [];
  const linf = comparator.infinityNorm?.threshold;
  const nad = comparator.normalizedAbsDifference?.threshold;
  const jsd = comparator.jensenShannonDivergence?.threshold;
  if (linf === undefined && jsd === undefined && nad === undefined) return { findings, measurements };
  const ctx = contexts[kind];
  const control = kind === 'skew' ? view.serving() : view.previousSpan();
  const hasControlDataset =
    kind === 'skew' ? view.dataset.serving !== undefined : view.dataset.previousSpan !== undefined;
  if (!control) {
    if (!hasControlDataset) return { findings, measurements };
    if (comparator.infinityNorm) delete comparator.infinityNorm.threshold;
    if (comparator.jensenShannonDivergence) delete comparator.jensenShannonDivergence.threshold;
    return { findings: [messages.controlDataMissing(ctx)], measurements };
  }
  const options = { byWeight: view.dataset.byWeight };
  if (linf !== undefined) {
    const { value, worst } = lInfinity(view.data, control.data, options);
    measurements.push({ type: 'L_INFTY', value, threshold: linf });
    if (value > linf) {
      comparator.infinityNorm = { ...comparator.infinityNorm, threshold: value };
      findings.push(messages.lInfinityHigh(ctx, value, linf, worst));
    }
  }
  if (nad !== undefined) {
    const { value, worst } = normalizedAbsoluteDifference(view.data, control.data, options);
    measurements.push({ type: 'NORMALIZED_ABSOLUTE_DIFFERENCE', value, threshold: nad });
    if (value > nad) {
      comparator.normalizedAbsDifference = { ...comparator.normalizedAbsDifference, threshold: value };
      findings.push(messages.normalizedAbsDifferenceHigh(ctx, value, nad, worst));
    }
  }
  if (jsd !== undefined) {
    const source = comparator.jensenShannonDivergence?.source?.type;
    const result = jensenShannon(view.data, control.data, { ...options, ...(source ? { source } : {}) });
    // Without comparable histograms TFDV only logs a warning: no measurement, no anomaly.
    if ('value' in result) {
      measurements.push({ type: 'JENSEN_SHANNON_DIVERGENCE', value: result.value, threshold: jsd });
      if (result.value > jsd) {
        comparator.jensenShannonDivergence = { ...comparator.jensenShannonDivergence, threshold: result.value };
        findings.push(messages.jensenShannonHigh(ctx, result.value, jsd));
      }
    }
  }
  return { findings, measurements };
}
